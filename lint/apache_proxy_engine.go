package lint

import "strings"

// ApacheProxyEngineWithoutTLS advises removing SSLProxyEngine when no
// backend is reached over TLS.
var ApacheProxyEngineWithoutTLS = &Rule{
	ID:       "APA005",
	Name:     "proxy-engine-without-tls-backend",
	Severity: Info,
	Short:    "SSLProxyEngine on although no backend is reached over TLS",
	Target:   Apache,
	Check:    checkApacheProxyEngineWithoutTLS,
}

func checkApacheProxyEngineWithoutTLS(p *Pass) {
	for _, ad := range p.Apache.Directives("SSLProxyEngine") {
		if !apacheOn(ad.D) {
			continue
		}
		var urls []string
		ad.Scope.Walk(func(s *ApacheScope) {
			urls = append(urls, backendURLs(s)...)
		})
		tls := false
		for _, u := range urls {
			switch urlScheme(u) {
			case "https", "wss", "h2":
				tls = true
			}
		}
		if tls {
			continue
		}
		what := "no backend URL uses https:// or wss://"
		if len(urls) > 0 {
			what = "every backend is plain (" + urls[0] + ")"
		}
		p.Report(ad.D.Range, Info, "SSLProxyEngine on, but %s: the directive only enables TLS from httpd to backends, so here it does nothing and suggests an encrypted backend hop that does not exist; remove it, or use https:// or wss:// if the backend speaks TLS", what)
	}
}

// backendURLs returns the proxy targets configured directly in s.
func backendURLs(s *ApacheScope) []string {
	var urls []string
	for _, d := range s.Body {
		switch {
		case d.Section:
			if strings.EqualFold(d.Name, "Proxy") && len(d.Args) > 0 && strings.Contains(d.Args[0].Value, "://") {
				urls = append(urls, d.Args[0].Value)
			}
		case d.Is("ProxyPass"), d.Is("ProxyPassMatch"):
			if r, ok := proxyRoute(ApacheDirective{D: d, Scope: s}); ok {
				urls = append(urls, r.URL)
			}
		case d.Is("BalancerMember"):
			if len(d.Args) > 0 {
				urls = append(urls, d.Args[0].Value)
			}
		case d.Is("RewriteRule"):
			if u, ok := rewriteProxyTarget(d.ArgValues()); ok {
				urls = append(urls, u)
			}
		}
	}
	return urls
}

// rewriteProxyTarget returns the target of a RewriteRule with the P flag.
func rewriteProxyTarget(args []string) (string, bool) {
	if len(args) < 3 || !strings.Contains(args[1], "://") {
		return "", false
	}
	flags := strings.Trim(args[2], "[]")
	for _, f := range strings.Split(flags, ",") {
		if strings.EqualFold(strings.TrimSpace(f), "P") || strings.EqualFold(strings.TrimSpace(f), "proxy") {
			return args[1], true
		}
	}
	return "", false
}
