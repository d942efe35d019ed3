package lint

import "github.com/wssgen/wssgen/internal/compat"

// NginxCertWithoutSSLListen flags servers that configure a certificate but
// listen without TLS.
var NginxCertWithoutSSLListen = &Rule{
	ID:       "NGX002",
	Name:     "certificate-without-ssl-listen",
	Severity: Error,
	Short:    "ssl_certificate in a server whose listen directives lack the ssl parameter",
	Target:   Nginx,
	Check:    checkNginxCertWithoutSSLListen,
}

func checkNginxCertWithoutSSLListen(p *Pass) {
	v := p.Versions.Nginx
	// "ssl on" still turns TLS on before 1.25.1; NGX001 covers it there.
	sslOnWorks := !v.IsZero() && !compat.NginxSSLOnRemoved.Enabled(v)
	for _, s := range p.Nginx.Servers {
		certs := s.Own("ssl_certificate")
		if len(certs) == 0 {
			continue
		}
		sslOn := s.ssl
		if sslOn != nil && argIs(sslOn, 0, "on") && sslOnWorks {
			continue
		}
		listens := s.Listens
		if s.tlsListen {
			continue
		}
		hint := ""
		if sslOn != nil && argIs(sslOn, 0, "on") {
			hint = ` ("ssl on" no longer does this from nginx 1.25.1)`
		}
		if len(listens) == 0 {
			p.Report(certs[0].Range, Error, "server has ssl_certificate but no listen directive, so it serves plain HTTP on port 80%s: wss:// clients fail the TLS handshake; add listen 443 ssl", hint)
			continue
		}
		l := listens[0]
		p.Report(l.Range, Error, "listen %s has no ssl parameter although the server has ssl_certificate%s: nginx speaks plain HTTP on this port and wss:// clients fail the TLS handshake; write listen %s ssl", argOr(l.ArgValues(), ""), hint, argOr(l.ArgValues(), "443"))
	}
}
