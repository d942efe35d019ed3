package lint

// NginxPreferServerCiphers advises against ssl_prefer_server_ciphers on.
var NginxPreferServerCiphers = &Rule{
	ID:       "NGX007",
	Name:     "prefer-server-ciphers",
	Severity: Info,
	Short:    "ssl_prefer_server_ciphers on, which the Mozilla profiles no longer recommend",
	Target:   Nginx,
	Check:    checkNginxPreferServerCiphers,
}

func checkNginxPreferServerCiphers(p *Pass) {
	for _, nd := range p.Nginx.Directives("ssl_prefer_server_ciphers") {
		if argFold(nd.D, 0, "on") {
			p.Report(nd.D.Range, Info, "ssl_prefer_server_ciphers on: when every enabled suite is strong the client's order is as safe and lets phones without AES hardware choose ChaCha20 (Mozilla intermediate sets it off); remove it or write ssl_prefer_server_ciphers off")
		}
	}
}
