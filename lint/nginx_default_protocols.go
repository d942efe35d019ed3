package lint

import "github.com/wssgen/wssgen/internal/compat"

// NginxDefaultProtocols flags TLS servers that rely on the ssl_protocols
// default of an nginx release that still enables TLSv1 and TLSv1.1.
var NginxDefaultProtocols = &Rule{
	ID:       "NGX004",
	Name:     "default-protocols",
	Severity: Warning,
	Short:    "no ssl_protocols where the nginx default still enables TLSv1 and TLSv1.1 (before 1.27.3)",
	Target:   Nginx,
	Check:    checkNginxDefaultProtocols,
}

func checkNginxDefaultProtocols(p *Pass) {
	v := p.Versions.Nginx
	if compat.NginxModernDefaultProtocols.Enabled(v) {
		return
	}
	which := "before nginx 1.27.3 the default"
	if !v.IsZero() {
		which = "the nginx " + v.String() + " default"
	}
	for _, s := range p.Nginx.Servers {
		if !s.TLS || s.Inherited("ssl_protocols") != nil {
			continue
		}
		p.Report(s.Block.NameRange, Warning, "TLS server without ssl_protocols: %s enables TLSv1 and TLSv1.1, deprecated by RFC 8996; add ssl_protocols TLSv1.2 TLSv1.3 (here or in the http block)", which)
	}
}
