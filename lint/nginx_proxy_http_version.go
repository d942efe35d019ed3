package lint

import "github.com/wssgen/wssgen/internal/compat"

// NginxProxyHTTPVersion flags WebSocket locations that talk HTTP/1.0 to the
// backend, which cannot carry the Upgrade handshake.
var NginxProxyHTTPVersion = &Rule{
	ID:       "NGX011",
	Name:     "proxy-http-version",
	Severity: Error,
	Short:    "WebSocket location without proxy_http_version 1.1 (before nginx 1.29.7)",
	Target:   Nginx,
	Check:    checkNginxProxyHTTPVersion,
}

func checkNginxProxyHTTPVersion(p *Pass) {
	v := p.Versions.Nginx
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() {
				continue
			}
			d := l.Inherited("proxy_http_version")
			switch {
			case d != nil && argIs(d, 0, "1.0"):
				p.Report(d.Range, Error, "proxy_http_version 1.0 in a WebSocket location: HTTP/1.0 has no Upgrade mechanism, so the handshake never reaches the backend; write proxy_http_version 1.1")
			case d == nil && !compat.NginxProxyHTTP11Default.Enabled(v):
				before := "before nginx 1.29.7 the default"
				if !v.IsZero() {
					before = "nginx " + v.String()
				}
				p.Report(l.Block.NameRange, Error, "WebSocket location without proxy_http_version 1.1: %s talks HTTP/1.0 to the backend, which cannot upgrade, so the handshake fails; add proxy_http_version 1.1;", before)
			}
		}
	}
}
