package lint

import "strings"

// ApacheProxyPassSlash flags ProxyPass and ProxyPassReverse lines whose
// path and URL disagree about a trailing slash.
var ApacheProxyPassSlash = &Rule{
	ID:       "APA008",
	Name:     "proxypass-trailing-slash",
	Severity: Warning,
	Short:    "ProxyPass or ProxyPassReverse path and URL disagree about the trailing slash",
	Target:   Apache,
	Check:    checkApacheProxyPassSlash,
}

func checkApacheProxyPassSlash(p *Pass) {
	for _, name := range []string{"ProxyPass", "ProxyPassReverse"} {
		for _, ad := range p.Apache.Directives(name) {
			r, ok := proxyRoute(ad)
			if !ok || r.Path == "" {
				continue
			}
			up := urlPath(r.URL)
			// A URL without a path takes the remainder as it is.
			if up == "" || r.Path == "/" || strings.HasSuffix(r.Path, "/") == strings.HasSuffix(up, "/") {
				continue
			}
			rng := ad.D.Range
			if r.PathArg != nil {
				rng = r.PathArg.Range
			}
			example := r.Path + "/socket"
			if strings.HasSuffix(r.Path, "/") {
				example = r.Path + "socket"
			}
			got := up + strings.TrimPrefix(example, r.Path)
			if name == "ProxyPass" {
				p.Report(rng, Warning, "%s %s %s: one side ends with a slash and the other does not, so %s reaches the backend as %s; end both with a slash, or neither", ad.D.Name, r.Path, r.URL, example, got)
			} else {
				p.Report(rng, Warning, "%s %s %s: one side ends with a slash and the other does not, so redirects from the backend are rewritten to wrong paths; end both with a slash, or neither", ad.D.Name, r.Path, r.URL)
			}
		}
	}
}
