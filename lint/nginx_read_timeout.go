package lint

import "time"

// NginxReadTimeout flags WebSocket locations whose proxy_read_timeout
// closes idle sockets after a minute or less.
var NginxReadTimeout = &Rule{
	ID:       "NGX015",
	Name:     "websocket-read-timeout",
	Severity: Warning,
	Short:    "WebSocket location with proxy_read_timeout absent or at most 60s",
	Target:   Nginx,
	Check:    checkNginxReadTimeout,
}

func checkNginxReadTimeout(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() {
				continue
			}
			d := l.Inherited("proxy_read_timeout")
			if d == nil {
				p.Report(l.Block.NameRange, Warning, "WebSocket location without proxy_read_timeout: nginx closes the socket after 60s (the default) without a frame from the backend, so quiet clients are cut off every minute; add proxy_read_timeout 3600s; or have the backend ping more often")
				continue
			}
			if len(d.Args) == 0 {
				continue
			}
			t, ok := nginxDuration(d.Args[0].Value)
			if ok && t <= time.Minute {
				p.Report(d.Range, Warning, "proxy_read_timeout %s in a WebSocket location: nginx closes the socket after %s without a frame from the backend, so quiet clients are cut off; raise it (for example proxy_read_timeout 3600s;) or have the backend ping more often", d.Args[0].Value, t)
			}
		}
	}
}
