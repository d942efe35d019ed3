package lint

import (
	"strings"

	"github.com/wssgen/wssgen/internal/compat"
)

// NginxMLKEMCurve flags the X25519MLKEM768 group on OpenSSL builds that do
// not have it.
var NginxMLKEMCurve = &Rule{
	ID:       "NGX008",
	Name:     "mlkem-curve-openssl",
	Severity: Error,
	Short:    "X25519MLKEM768 in ssl_ecdh_curve with OpenSSL older than 3.5",
	Target:   Nginx,
	Check:    checkNginxMLKEMCurve,
}

func checkNginxMLKEMCurve(p *Pass) {
	v := p.Versions.OpenSSL
	if compat.OpenSSLMLKEM.Enabled(v) {
		return
	}
	for _, nd := range p.Nginx.Directives("ssl_ecdh_curve") {
		for _, a := range nd.D.Args {
			for _, g := range strings.Split(a.Value, ":") {
				// "?name" (skip when unknown) is itself unknown syntax to
				// the OpenSSL releases that lack the group.
				if !strings.EqualFold(strings.TrimPrefix(g, "?"), "X25519MLKEM768") {
					continue
				}
				if v.IsZero() {
					p.Report(a.Range, Warning, "ssl_ecdh_curve lists X25519MLKEM768, which needs OpenSSL 3.5 or later: nginx built with an older OpenSSL fails to start (SSL_CTX_set1_curves_list failed); check with openssl version and pass --openssl-version, or remove it")
				} else {
					p.Report(a.Range, Error, "ssl_ecdh_curve lists X25519MLKEM768, which OpenSSL %s does not know: nginx fails to start (SSL_CTX_set1_curves_list failed); remove it or upgrade to OpenSSL 3.5", v)
				}
			}
		}
	}
}
