package lint

import "strings"

// NginxLegacyProtocols flags SSLv2, SSLv3, TLSv1 and TLSv1.1 in
// ssl_protocols.
var NginxLegacyProtocols = &Rule{
	ID:       "NGX003",
	Name:     "legacy-protocols",
	Severity: Error,
	Short:    "ssl_protocols enables SSLv2, SSLv3, TLSv1 or TLSv1.1",
	Target:   Nginx,
	Check:    checkNginxLegacyProtocols,
}

func checkNginxLegacyProtocols(p *Pass) {
	for _, nd := range p.Nginx.Directives("ssl_protocols") {
		var broken, old []string
		brokenAt, oldAt := -1, -1
		for i, a := range nd.D.Args {
			switch a.Value {
			case "SSLv2", "SSLv3":
				broken = append(broken, a.Value)
				if brokenAt < 0 {
					brokenAt = i
				}
			case "TLSv1", "TLSv1.1":
				old = append(old, a.Value)
				if oldAt < 0 {
					oldAt = i
				}
			}
		}
		if broken != nil {
			p.Report(nd.D.Args[brokenAt].Range, Error, "ssl_protocols enables %s: these protocols are broken (POODLE, DROWN) and let an attacker downgrade and decrypt connections; remove them and use ssl_protocols TLSv1.2 TLSv1.3", joinAnd(broken))
		}
		if old != nil {
			p.Report(nd.D.Args[oldAt].Range, Warning, "ssl_protocols enables %s: deprecated by RFC 8996 and refused by current browsers, they only widen the attack surface; use ssl_protocols TLSv1.2 TLSv1.3", joinAnd(old))
		}
	}
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}
