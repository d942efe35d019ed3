package lint

import "strings"

// NginxLocationTrailingSlash flags a WebSocket location whose prefix ends
// in "/" while nothing serves the path without it.
var NginxLocationTrailingSlash = &Rule{
	ID:       "NGX016",
	Name:     "location-trailing-slash",
	Severity: Warning,
	Short:    "WebSocket location /path/ answers /path with a redirect WebSocket clients do not follow",
	Target:   Nginx,
	Check:    checkNginxLocationTrailingSlash,
}

func checkNginxLocationTrailingSlash(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() || !l.IsPrefix() || len(l.Path) < 2 || !strings.HasSuffix(l.Path, "/") {
				continue
			}
			bare := strings.TrimSuffix(l.Path, "/")
			if serverMatches(s, l, bare) {
				continue
			}
			p.Report(l.PathArg.Range, Warning, "location %s does not match %s: nginx answers a request for %s with a 301 redirect to %s, which WebSocket clients do not follow, so wss://host%s fails; if clients connect to %s, write location %s (or add location = %s)", l.Path, bare, bare, l.Path, bare, bare, bare, bare)
		}
	}
}

// serverMatches reports whether a location of s other than self takes a
// request for path before nginx's redirect does. Only an exact or equal
// prefix location does: the redirect is decided while searching prefix
// locations, before regular expressions are tried, and a shorter prefix
// such as "/" contains the redirecting one.
func serverMatches(s *NginxServer, self *NginxLocation, path string) bool {
	for _, o := range s.Locations {
		if o != self && (o.Modifier == "=" || o.IsPrefix()) && o.Path == path {
			return true
		}
	}
	return false
}
