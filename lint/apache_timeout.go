package lint

import (
	"fmt"
	"strings"
)

// ApacheWebSocketTimeout flags WebSocket routes whose idle timeout is the
// default minute.
var ApacheWebSocketTimeout = &Rule{
	ID:       "APA007",
	Name:     "websocket-timeout",
	Severity: Warning,
	Short:    "WebSocket route without a raised ProxyTimeout or timeout= (idle sockets close after 60s)",
	Target:   Apache,
	Check:    checkApacheWebSocketTimeout,
}

func checkApacheWebSocketTimeout(p *Pass) {
	for _, name := range []string{"ProxyPass", "ProxyPassMatch"} {
		for _, ad := range p.Apache.Directives(name) {
			r, ok := proxyRoute(ad)
			if !ok || !isWebSocketRoute(r) {
				continue
			}
			secs, from := apacheIdleTimeout(r)
			if secs > 60 {
				continue
			}
			p.Report(ad.D.Range, Warning, "WebSocket route %s idles out after %ds (%s): httpd closes the tunnel when neither side sends for that long, so quiet clients are cut off; add timeout=3600 to this %s line or raise ProxyTimeout", r.Path, secs, from, ad.D.Name)
		}
	}
	// RewriteRule … ws://… [P] has no per-route parameters.
	for _, ad := range p.Apache.Directives("RewriteRule") {
		u, ok := rewriteProxyTarget(ad.D.ArgValues())
		if !ok || urlScheme(u) != "ws" && urlScheme(u) != "wss" {
			continue
		}
		secs, from := apacheIdleTimeout(ProxyRoute{D: ad.D, Scope: ad.Scope})
		if secs > 60 {
			continue
		}
		p.Report(ad.D.Range, Warning, "WebSocket rewrite to %s idles out after %ds (%s): httpd closes the tunnel when neither side sends for that long, so quiet clients are cut off; raise ProxyTimeout (for example ProxyTimeout 3600) in this virtual host", u, secs, from)
	}
}

// isWebSocketRoute reports whether a route carries WebSocket: a ws:// or
// wss:// backend, or an upgrade= parameter.
func isWebSocketRoute(r ProxyRoute) bool {
	switch urlScheme(r.URL) {
	case "ws", "wss":
		return true
	}
	u, ok := r.Param("upgrade")
	return ok && !strings.EqualFold(u, "none")
}

// apacheIdleTimeout returns the idle timeout of a route in seconds and
// where it comes from: timeout= on the route, else ProxyTimeout, else
// Timeout (default 60).
func apacheIdleTimeout(r ProxyRoute) (int, string) {
	if v, ok := r.Param("timeout"); ok {
		if n, ok := apacheSeconds(v); ok {
			return n, "timeout=" + v
		}
	}
	for _, name := range []string{"ProxyTimeout", "Timeout"} {
		if d := r.Scope.Inherited(name); d != nil && len(d.Args) > 0 {
			if n, ok := apacheSeconds(d.Args[0].Value); ok {
				return n, fmt.Sprintf("%s %s on line %d", d.Name, d.Args[0].Value, d.Range.Start.Line)
			}
		}
	}
	return 60, "the default Timeout"
}
