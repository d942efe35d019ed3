package lint

import (
	"fmt"
	"regexp"
	"strings"
)

// all is every rule wssgen knows, nginx first, in ID order. Rules are
// listed by hand, not registered from init functions, so this list is the
// one place to read what lint checks.
var all = []*Rule{
	NginxSSLOn,
	NginxCertWithoutSSLListen,
	NginxLegacyProtocols,
	NginxDefaultProtocols,
	NginxWeakCiphers,
	NginxCiphersOutsideProfile,
	NginxPreferServerCiphers,
	NginxMLKEMCurve,
	NginxStaplingWithoutResolver,
	NginxMissingHSTS,
	NginxProxyHTTPVersion,
	NginxUpgradeHeadersMissing,
	NginxUpgradeHeadersDropped,
	NginxConnectionHardcoded,
	NginxReadTimeout,
	NginxLocationTrailingSlash,
	NginxProxyPassURI,
	NginxClientIP,

	ApacheLegacyProtocols,
	ApacheWeakCiphers,
	ApacheCiphersOutsideProfile,
	ApacheChainFile,
	ApacheProxyEngineWithoutTLS,
	ApacheWstunnelURL,
	ApacheWebSocketTimeout,
	ApacheProxyPassSlash,
	ApacheHonorCipherOrder,
}

// registryErr is the result of validating the list at start-up.
var registryErr = validate(all)

// All returns every rule in ID order. It panics if the registry is
// malformed (a duplicate ID, a missing doc page): that is a bug the
// registry test catches before release.
func All() []*Rule {
	if registryErr != nil {
		panic(registryErr)
	}
	return all
}

// Lookup finds a rule by ID or name, case-insensitively.
func Lookup(idOrName string) (*Rule, bool) {
	for _, r := range all {
		if strings.EqualFold(r.ID, idOrName) || strings.EqualFold(r.Name, idOrName) {
			return r, true
		}
	}
	return nil, false
}

var (
	idRe   = regexp.MustCompile(`^(NGX|APA)[0-9]{3}$`)
	nameRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// validate checks that every rule is complete and that IDs and names are
// unique. Names may repeat across targets (NGX003 and APA001 are both
// legacy-protocols); a name then selects both.
func validate(rules []*Rule) error {
	ids := map[string]bool{}
	names := map[string]Target{}
	for _, r := range rules {
		switch {
		case !idRe.MatchString(r.ID):
			return fmt.Errorf("lint rule %q: ID must be NGX or APA and three digits", r.ID)
		case ids[r.ID]:
			return fmt.Errorf("lint rule %s: duplicate ID", r.ID)
		case !nameRe.MatchString(r.Name):
			return fmt.Errorf("lint rule %s: name %q is not kebab-case", r.ID, r.Name)
		case names[r.Name] == r.Target:
			return fmt.Errorf("lint rule %s: duplicate name %q for %s", r.ID, r.Name, r.Target)
		case r.Target == Nginx && !strings.HasPrefix(r.ID, "NGX"), r.Target == Apache && !strings.HasPrefix(r.ID, "APA"):
			return fmt.Errorf("lint rule %s: ID prefix does not match target %s", r.ID, r.Target)
		case r.Target != Nginx && r.Target != Apache:
			return fmt.Errorf("lint rule %s: unknown target %q", r.ID, r.Target)
		case r.Severity < Info || r.Severity > Error:
			return fmt.Errorf("lint rule %s: no severity", r.ID)
		case r.Short == "" || strings.HasSuffix(r.Short, "."):
			return fmt.Errorf("lint rule %s: short description must be set and not end with a period", r.ID)
		case r.Check == nil:
			return fmt.Errorf("lint rule %s: no Check function", r.ID)
		}
		if _, err := Doc(r.ID); err != nil {
			return fmt.Errorf("lint rule %s: %w", r.ID, err)
		}
		ids[r.ID] = true
		names[r.Name] = r.Target
	}
	return nil
}
