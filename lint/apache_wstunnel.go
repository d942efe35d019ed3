package lint

import "github.com/wssgen/wssgen/internal/compat"

// ApacheWstunnelURL advises mod_proxy_http's upgrade=websocket over
// ws:// URLs served by mod_proxy_wstunnel on httpd 2.4.47 and later.
var ApacheWstunnelURL = &Rule{
	ID:       "APA006",
	Name:     "wstunnel-ws-url",
	Severity: Info,
	Short:    "ws:// backend through mod_proxy_wstunnel where upgrade=websocket is the supported form (httpd 2.4.47+)",
	Target:   Apache,
	Check:    checkApacheWstunnelURL,
}

func checkApacheWstunnelURL(p *Pass) {
	v := p.Versions.Apache
	if !compat.ApacheUpgradeWebsocket.Enabled(v) {
		return
	}
	which := "since httpd 2.4.47"
	if !v.IsZero() {
		which = "in httpd " + v.String()
	}
	for _, name := range []string{"ProxyPass", "ProxyPassMatch"} {
		for _, ad := range p.Apache.Directives(name) {
			r, ok := proxyRoute(ad)
			if !ok {
				continue
			}
			switch urlScheme(r.URL) {
			case "ws", "wss":
				scheme := "http"
				if urlScheme(r.URL) == "wss" {
					scheme = "https"
				}
				p.Report(r.URLArg.Range, Info, "%s %s is the mod_proxy_wstunnel form, deprecated %s: mod_proxy_http tunnels WebSocket itself and its http:// worker also serves requests that do not upgrade; write %s://%s upgrade=websocket and load mod_proxy_http instead of mod_proxy_wstunnel", ad.D.Name, r.URL, which, scheme, r.URL[len(urlScheme(r.URL))+3:])
			}
		}
	}
}
