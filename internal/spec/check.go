package spec

import (
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

// checker evaluates raw blocks into the typed Spec, collecting diagnostics.
type checker struct {
	ctx   *hcl.EvalContext
	diags hcl.Diagnostics
}

func (c *checker) errorf(subject *hcl.Range, summary, detail string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(detail, args...),
		Subject:  subject,
	})
}

// str evaluates an optional string attribute; def is used when absent.
func (c *checker) str(expr hcl.Expression, def string) (string, bool) {
	if isNull(expr) {
		return def, true
	}
	var s string
	if !c.valueOf(expr, cty.String, &s) {
		return "", false
	}
	return s, true
}

// required reports (and returns true) when a required attribute is absent.
// gohcl leaves expression-typed fields null instead of complaining, so
// the check is made here, pointing at the block that lacks the attribute.
func (c *checker) required(expr hcl.Expression, block hcl.Range, name, example string) bool {
	if !isNull(expr) {
		return false
	}
	c.errorf(&block, "Missing required argument",
		"The argument %q is required in this block, e.g. %s = %s.", name, name, example)
	return true
}

func (c *checker) boolean(expr hcl.Expression, def bool) bool {
	if isNull(expr) {
		return def
	}
	var b bool
	if !c.valueOf(expr, cty.Bool, &b) {
		return def
	}
	return b
}

func (c *checker) strings(expr hcl.Expression) []string {
	if isNull(expr) {
		return nil
	}
	var ss []string
	if !c.valueOf(expr, cty.List(cty.String), &ss) {
		return nil
	}
	return ss
}

func (c *checker) spec(filename string, raw *rawFile, body hcl.Body) *Spec {
	s := &Spec{Filename: filename, Targets: map[string]*Target{}}
	if len(raw.Sites) == 0 {
		r := body.MissingItemRange()
		c.errorf(&r, "No site block",
			`A spec needs at least one site block, for example:

site "chat" {
  domain = "chat.example.com"
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }
  route "/wss" { backend = "127.0.0.1:8282" }
}`)
	}
	seenSite := map[string]hcl.Range{}
	seenName := map[string]string{} // server name -> site that has it
	for _, rs := range raw.Sites {
		if prev, dup := seenSite[rs.Name]; dup {
			c.errorf(&rs.DefRange, "Duplicate site name",
				"A site named %q is already defined at %s. Site names must be unique; --site picks sites by name.", rs.Name, pos(prev))
			continue
		}
		seenSite[rs.Name] = rs.DefRange
		site := c.site(rs)
		if site == nil {
			continue
		}
		for _, n := range site.Names() {
			if n == "" {
				continue // already reported as invalid
			}
			if other, dup := seenName[n]; dup {
				c.errorf(&rs.DefRange, "Server name in two sites",
					"%q is already a name of site %q. nginx and Apache would pick one of the two sites for it unpredictably; keep each name in one site.", n, other)
			}
			seenName[n] = site.Name
		}
		s.Sites = append(s.Sites, site)
	}
	for _, rt := range raw.Targets {
		if t := c.target(rt); t != nil {
			if prev, dup := s.Targets[t.Name]; dup {
				c.errorf(&rt.DefRange, "Duplicate target",
					"A target %q is already defined at %s.", t.Name, pos(prev.DefRange))
				continue
			}
			s.Targets[t.Name] = t
		}
	}
	return s
}

func validSiteName(n string) bool {
	if n == "" || len(n) > 64 {
		return false
	}
	for i := 0; i < len(n); i++ {
		b := n[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

func (c *checker) site(rs *rawSite) *Site {
	if !validSiteName(rs.Name) {
		c.errorf(&rs.DefRange, "Invalid site name",
			"Site name %q must be 1 to 64 letters, digits, '-' or '_'; it names the site in --site and in generated comments.", rs.Name)
		return nil
	}
	site := &Site{Name: rs.Name, DefRange: rs.DefRange}

	if c.required(rs.Domain, rs.DefRange, "domain", `"chat.example.com", the DNS name clients connect to`) {
	} else if d, ok := c.str(rs.Domain, ""); ok {
		if ascii, err := DNSName(d); err != nil {
			c.errorf(exprRange(rs.Domain, rs.DefRange), "Invalid domain", "domain %s.", err)
		} else {
			site.Domain = ascii
		}
	}
	for _, a := range c.strings(rs.Aliases) {
		ascii, err := DNSName(a)
		if err != nil {
			c.errorf(exprRange(rs.Aliases, rs.DefRange), "Invalid alias", "alias %s.", err)
			continue
		}
		if ascii == site.Domain || slices.Contains(site.Aliases, ascii) {
			c.errorf(exprRange(rs.Aliases, rs.DefRange), "Duplicate alias",
				"%q is listed twice among domain and aliases.", ascii)
			continue
		}
		site.Aliases = append(site.Aliases, ascii)
	}

	site.Listen = c.listen(rs.Listen)
	if rs.TLS == nil {
		c.errorf(&rs.DefRange, "Missing tls block",
			"Site %q needs a tls block naming the certificate and key files, for example:\n\n  tls {\n    certificate = \"/etc/ssl/chat/fullchain.pem\"\n    key         = \"/etc/ssl/chat/privkey.pem\"\n  }", rs.Name)
	} else {
		site.TLS = c.tls(rs.TLS)
	}

	if len(rs.Routes) == 0 {
		c.errorf(&rs.DefRange, "No route block",
			"Site %q needs at least one route, for example: route \"/wss\" { backend = \"127.0.0.1:8282\" }", rs.Name)
	}
	seen := map[string]hcl.Range{}
	for _, rr := range rs.Routes {
		r := c.route(rr)
		if r == nil {
			continue
		}
		key := MountPath(r.Path)
		if prev, dup := seen[key]; dup {
			c.errorf(&rr.DefRange, "Duplicate route",
				"Route %q covers the same path as the route at %s (a trailing slash does not make a different route).", rr.Path, pos(prev))
			continue
		}
		seen[key] = rr.DefRange
		site.Routes = append(site.Routes, r)
	}
	return site
}

func (c *checker) port(expr hcl.Expression, fallback hcl.Range, name string, def int, allowZero bool) int {
	if isNull(expr) {
		return def
	}
	var p int
	if !c.valueOf(expr, cty.Number, &p) {
		return def
	}
	if p == 0 && allowZero {
		return 0
	}
	if p < 1 || p > 65535 {
		hint := ""
		if allowZero {
			hint = " (0 turns the plain-http server off)"
		}
		c.errorf(exprRange(expr, fallback), "Port out of range",
			"%s = %d: a port must be between 1 and 65535%s.", name, p, hint)
		return def
	}
	return p
}

func (c *checker) listen(rl *rawListen) Listen {
	l := Listen{HTTPS: DefaultHTTPSPort, HTTP: DefaultHTTPPort}
	if rl == nil {
		return l
	}
	l.HTTPS = c.port(rl.HTTPS, rl.DefRange, "https", DefaultHTTPSPort, false)
	l.HTTP = c.port(rl.HTTP, rl.DefRange, "http", DefaultHTTPPort, true)
	if l.HTTP != 0 && l.HTTP == l.HTTPS {
		c.errorf(exprRange(rl.HTTP, rl.DefRange), "Port used twice",
			"http and https are both %d; they need different ports (or http = 0 for no plain-http server).", l.HTTP)
	}
	if a, ok := c.str(rl.Address, ""); ok && a != "" {
		addr, err := ListenAddress(a)
		if err != nil {
			c.errorf(exprRange(rl.Address, rl.DefRange), "Invalid listen address", "address %s.", err)
		} else {
			l.Address = addr
		}
	}
	return l
}

func (c *checker) tls(rt *rawTLS) TLS {
	t := TLS{HSTS: true, DefRange: rt.DefRange}
	if c.required(rt.Certificate, rt.DefRange, "certificate", `"/etc/ssl/chat/fullchain.pem", the certificate followed by its chain`) {
	} else if p, ok := c.str(rt.Certificate, ""); ok {
		if err := checkAbsPath(p); err != nil {
			c.errorf(exprRange(rt.Certificate, rt.DefRange), "Invalid certificate path", "certificate %s.", err)
		}
		t.Certificate = p
	}
	if c.required(rt.Key, rt.DefRange, "key", `"/etc/ssl/chat/privkey.pem"`) {
	} else if p, ok := c.str(rt.Key, ""); ok {
		if err := checkAbsPath(p); err != nil {
			c.errorf(exprRange(rt.Key, rt.DefRange), "Invalid key path", "key %s.", err)
		}
		t.Key = p
	}
	if t.Certificate != "" && t.Certificate == t.Key {
		c.errorf(exprRange(rt.Key, rt.DefRange), "Certificate and key are one file",
			"certificate and key both name %q; wssgen writes and checks them as two files (key mode 0600).", t.Key)
	}
	name, _ := c.str(rt.Profile, DefaultProfile)
	prof, err := tlsprofile.Lookup(name)
	if err != nil {
		c.errorf(exprRange(rt.Profile, rt.DefRange), "Unknown TLS profile", "%s.", capitalize(err.Error()))
		prof = tlsprofile.Intermediate()
	}
	t.Profile = prof
	t.HSTS = c.boolean(rt.HSTS, true)
	t.OCSPStapling = c.boolean(rt.OCSPStapling, false)
	for _, r := range c.strings(rt.Resolvers) {
		res, err := Resolver(r)
		if err != nil {
			c.errorf(exprRange(rt.Resolvers, rt.DefRange), "Invalid resolver", "resolver %s.", err)
			continue
		}
		t.Resolvers = append(t.Resolvers, res)
	}
	if t.OCSPStapling && len(t.Resolvers) == 0 {
		c.errorf(exprRange(rt.OCSPStapling, rt.DefRange), "OCSP stapling needs resolvers",
			`nginx must resolve the OCSP responder's host name to fetch responses; add resolvers = ["127.0.0.53"] (your DNS servers) to the tls block, or set ocsp_stapling = false. Note that Let's Encrypt ended OCSP in 2025.`)
	}
	t.ACME = c.acme(rt.ACME)
	return t
}

// Valid values for the acme block.
var (
	Challenges = []string{"webroot", "standalone", "tls-alpn"}
	KeyTypes   = []string{"ecdsa-p256", "ecdsa-p384", "rsa2048", "rsa4096"}
)

func (c *checker) acme(ra *rawACME) ACME {
	a := ACME{Webroot: DefaultWebroot}
	if ra == nil {
		return a
	}
	a.DefRange = ra.DefRange
	if e, ok := c.str(ra.Email, ""); ok && e != "" {
		if addr, err := mail.ParseAddress(e); err != nil || addr.Address != e {
			c.errorf(exprRange(ra.Email, ra.DefRange), "Invalid email", "email %q is not a plain address like ops@example.com.", e)
		}
		a.Email = e
	}
	if d, ok := c.str(ra.Directory, ""); ok && d != "" {
		u, err := url.Parse(d)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			c.errorf(exprRange(ra.Directory, ra.DefRange), "Invalid ACME directory",
				"directory %q must be the https:// URL of an ACME directory, e.g. https://acme-v02.api.letsencrypt.org/directory.", d)
		}
		a.Directory = d
	}
	if w, ok := c.str(ra.Webroot, DefaultWebroot); ok {
		if err := checkAbsPath(w); err != nil {
			c.errorf(exprRange(ra.Webroot, ra.DefRange), "Invalid webroot", "webroot %s.", err)
		}
		a.Webroot = strings.TrimRight(w, "/")
		if a.Webroot == "" {
			c.errorf(exprRange(ra.Webroot, ra.DefRange), "Invalid webroot", `webroot "/" would serve the whole file system; use a directory such as %q.`, DefaultWebroot)
		}
	}
	if ch, ok := c.str(ra.Challenge, ""); ok && ch != "" {
		if !slices.Contains(Challenges, ch) {
			c.errorf(exprRange(ra.Challenge, ra.DefRange), "Unknown ACME challenge",
				"challenge %q is not one of %s.", ch, quoteList(Challenges))
		}
		a.Challenge = ch
	}
	if kt, ok := c.str(ra.KeyType, ""); ok && kt != "" {
		if !slices.Contains(KeyTypes, kt) {
			c.errorf(exprRange(ra.KeyType, ra.DefRange), "Unknown key type",
				"key_type %q is not one of %s.", kt, quoteList(KeyTypes))
		}
		a.KeyType = kt
	}
	return a
}

func (c *checker) route(rr *rawRoute) *Route {
	r := &Route{Path: rr.Path, DefRange: rr.DefRange, IdleTimeout: DefaultIdleTimeout}
	if err := checkRoutePath(rr.Path); err != nil {
		c.errorf(&rr.DefRange, "Invalid route path", "route path %s.", err)
		return nil
	}
	if c.required(rr.Backend, rr.DefRange, "backend", `"127.0.0.1:8282" or "ws://127.0.0.1:8282/path"`) {
	} else if b, ok := c.str(rr.Backend, ""); ok {
		be, err := ParseBackend(b)
		if err != nil {
			c.errorf(exprRange(rr.Backend, rr.DefRange), "Invalid backend", "backend %s.", err)
		} else {
			r.Backend = be
		}
	}
	if d, ok := c.str(rr.IdleTimeout, ""); ok && d != "" {
		dur, err := ParseIdleTimeout(d)
		if err != nil {
			c.errorf(exprRange(rr.IdleTimeout, rr.DefRange), "Invalid idle_timeout", "idle_timeout %s.", err)
		} else {
			r.IdleTimeout = dur
		}
	}
	r.ForwardClientIP = c.boolean(rr.ForwardClientIP, true)
	return r
}

func (c *checker) target(rt *rawTarget) *Target {
	if !slices.Contains(TargetNames, rt.Name) {
		c.errorf(&rt.DefRange, "Unknown target",
			"target %q is not one wssgen renders; valid targets are %s.", rt.Name, quoteList(TargetNames))
		return nil
	}
	t := &Target{Name: rt.Name, DefRange: rt.DefRange}
	if v, ok := c.str(rt.Version, ""); ok && v != "" {
		ver, err := compat.ParseVersion(v)
		if err != nil {
			c.errorf(exprRange(rt.Version, rt.DefRange), "Invalid version", "%s.", capitalize(err.Error()))
		} else {
			t.Version = ver
		}
	}
	if v, ok := c.str(rt.OpenSSL, ""); ok && v != "" {
		ver, err := compat.ParseVersion(v)
		if err != nil {
			c.errorf(exprRange(rt.OpenSSL, rt.DefRange), "Invalid OpenSSL version", "%s.", capitalize(err.Error()))
		} else {
			t.OpenSSL = ver
		}
	}
	return t
}

// ParseIdleTimeout reads a Go duration ("90s", "1h") of whole seconds, at
// least one second: nginx and Apache take timeouts in seconds.
func ParseIdleTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write it like \"90s\", \"15m\" or \"1h\"", s)
	}
	if d < time.Second {
		return 0, fmt.Errorf("%q is shorter than one second; quiet WebSocket connections would be cut at once", s)
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("%q is not a whole number of seconds, which is what nginx and Apache accept", s)
	}
	return d, nil
}

// pos formats where a range starts as file:line:col.
func pos(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	sort.Strings(q)
	return strings.Join(q, ", ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ListenAddress checks an IP literal to bind to ("127.0.0.1", "::1" or
// "[::1]") and returns it without brackets.
func ListenAddress(s string) (string, error) {
	if err := noSpecial(s); err != nil {
		return "", err
	}
	t := s
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		t = t[1 : len(t)-1]
	}
	a, err := netip.ParseAddr(t)
	if err != nil || a.Zone() != "" {
		return "", fmt.Errorf("%q is not an IP address; use e.g. \"0.0.0.0\", \"127.0.0.1\" or \"[::1]\" (leave it out to listen on all addresses)", s)
	}
	return a.String(), nil
}

// Resolver checks a DNS server address for nginx's resolver directive:
// an IP literal with an optional port ("127.0.0.53", "[::1]:5353").
func Resolver(s string) (string, error) {
	if err := noSpecial(s); err != nil {
		return "", err
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Addr().Zone() == "" {
		return ap.String(), nil
	}
	if a, err := ListenAddress(s); err == nil {
		if strings.Contains(a, ":") {
			return "[" + a + "]", nil
		}
		return a, nil
	}
	return "", fmt.Errorf("%q is not an IP address with an optional port, e.g. \"127.0.0.53\" or \"[::1]:53\"", s)
}
