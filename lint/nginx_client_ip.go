package lint

// NginxClientIP advises forwarding the client address to the backend.
var NginxClientIP = &Rule{
	ID:       "NGX018",
	Name:     "client-ip-not-forwarded",
	Severity: Info,
	Short:    "WebSocket location does not forward the client address",
	Target:   Nginx,
	Check:    checkNginxClientIP,
}

func checkNginxClientIP(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() {
				continue
			}
			if l.Header("X-Forwarded-For") != nil || l.Header("X-Real-IP") != nil || l.Header("Forwarded") != nil {
				continue
			}
			p.Report(l.Block.NameRange, Info, "WebSocket location does not forward the client address: the backend sees every connection coming from nginx, so its logs and rate limits lose the client; add proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
		}
	}
}
