package lint

import "strings"

// NginxProxyPassURI flags proxy_pass URIs that rewrite the request path in
// a way the author rarely means.
var NginxProxyPassURI = &Rule{
	ID:       "NGX017",
	Name:     "proxy-pass-uri-rewrite",
	Severity: Warning,
	Short:    "proxy_pass with a URI part that rewrites the path unexpectedly",
	Target:   Nginx,
	Check:    checkNginxProxyPassURI,
}

func checkNginxProxyPassURI(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			pp := l.Last("proxy_pass")
			if pp == nil || len(pp.Args) == 0 {
				continue
			}
			u := pp.Args[0].Value
			_, uri, ok := splitProxyURL(u)
			if !ok || strings.Contains(u, "$") {
				// Without a URI part, or with variables, nginx passes the
				// request URI unchanged.
				continue
			}
			if !l.IsPrefix() {
				what := "a regular expression"
				if l.Modifier == "@" {
					what = "a named location"
				} else if l.Modifier == "=" {
					continue // an exact match is replaced whole, as intended
				}
				p.Report(pp.Args[0].Range, Error, `proxy_pass %s has a URI part inside %s: nginx refuses to start ("proxy_pass" cannot have URI part); drop the path from the URL or rewrite it with rewrite … break`, u, what)
				continue
			}
			locSlash, uriSlash := strings.HasSuffix(l.Path, "/"), strings.HasSuffix(uri, "/")
			if locSlash == uriSlash {
				continue
			}
			example := l.Path + "/socket"
			if locSlash {
				example = l.Path + "socket"
			}
			got := uri + strings.TrimPrefix(example, l.Path)
			p.Report(pp.Args[0].Range, Warning, "proxy_pass %s replaces the matched prefix %s with %s: a request for %s reaches the backend as %s; end both the location and the proxy_pass URI with a slash, or neither", u, l.Path, uri, example, got)
		}
	}
}
