package lint

import "github.com/wssgen/wssgen/internal/compat"

// NginxSSLOn flags the "ssl" directive, deprecated in nginx 1.15.0 and
// removed in 1.25.1 in favour of "listen … ssl".
var NginxSSLOn = &Rule{
	ID:       "NGX001",
	Name:     "ssl-on",
	Severity: Error,
	Short:    "the ssl directive is deprecated since nginx 1.15.0 and removed in 1.25.1",
	Target:   Nginx,
	Check:    checkNginxSSLOn,
}

func checkNginxSSLOn(p *Pass) {
	v := p.Versions.Nginx
	for _, nd := range p.Nginx.Directives("ssl") {
		d := nd.D
		// An unknown version is judged as a current release: the one a
		// copied config meets on a fresh install.
		switch {
		case v.IsZero():
			p.Report(d.Range, Error, `"ssl %s" was removed in nginx 1.25.1 (deprecated since 1.15.0): current nginx refuses to start with it; delete it and add ssl to the listen directive (listen 443 ssl)`, argOr(d.ArgValues(), "on"))
		case compat.NginxSSLOnRemoved.Enabled(v):
			p.Report(d.Range, Error, `"ssl %s" was removed in nginx 1.25.1: nginx %s refuses to start with it; delete it and add ssl to the listen directive (listen 443 ssl)`, argOr(d.ArgValues(), "on"), v)
		default:
			p.Report(d.Range, Warning, `"ssl %s" is deprecated since nginx 1.15.0 and removed in 1.25.1: the configuration breaks on upgrade; delete it and add ssl to the listen directive (listen 443 ssl)`, argOr(d.ArgValues(), "on"))
		}
	}
}

func argOr(vs []string, def string) string {
	if len(vs) == 0 {
		return def
	}
	return vs[0]
}
