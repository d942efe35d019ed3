package lint

import (
	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/source"
)

// ApacheLegacyProtocols evaluates SSLProtocol the way mod_ssl does and
// flags SSLv2, SSLv3, TLSv1 and TLSv1.1.
var ApacheLegacyProtocols = &Rule{
	ID:       "APA001",
	Name:     "legacy-protocols",
	Severity: Error,
	Short:    "SSLProtocol enables SSLv2, SSLv3, TLSv1 or TLSv1.1 (including \"all -SSLv2 -SSLv3\")",
	Target:   Apache,
	Check:    checkApacheLegacyProtocols,
}

// Protocol bits of SSLProtocol.
const (
	protoSSLv3 = 1 << iota
	protoTLSv1
	protoTLSv11
	protoTLSv12
	protoTLSv13
)

func checkApacheLegacyProtocols(p *Pass) {
	for _, ad := range p.Apache.Directives("SSLProtocol") {
		checkSSLProtocol(p, ad.D)
	}
}

func checkSSLProtocol(p *Pass, d *apacheconf.Directive) {
	// "all" includes SSLv3 only where OpenSSL was built with it, which
	// OpenSSL stopped doing by default in 1.1.0.
	all := protoTLSv1 | protoTLSv11 | protoTLSv12 | protoTLSv13
	if !compat.OpenSSLNoSSLv3.Enabled(p.Versions.OpenSSL) {
		all |= protoSSLv3
	}
	var set int
	var at [5]*source.Range // where each bit was last turned on
	for i := range d.Args {
		a := &d.Args[i]
		w := a.Value
		action := byte(0)
		if w != "" && (w[0] == '+' || w[0] == '-') {
			action, w = w[0], w[1:]
		}
		var bits int
		var buf [16]byte
		switch string(appendLower(buf[:0], w)) {
		case "sslv2":
			if action != '-' {
				p.Report(a.Range, Error, "SSLProtocol %s: httpd 2.4 no longer supports SSLv2 and refuses to start (\"SSLv2 is no longer supported\"), and SSLv2 is broken anyway (DROWN); remove it and use SSLProtocol -all +TLSv1.2 +TLSv1.3", a.Value)
			}
			continue
		case "sslv3":
			bits = protoSSLv3
		case "tlsv1":
			bits = protoTLSv1
		case "tlsv1.1":
			bits = protoTLSv11
		case "tlsv1.2":
			bits = protoTLSv12
		case "tlsv1.3":
			bits = protoTLSv13
		case "all":
			bits = all
		default:
			continue // httpd reports unknown names itself
		}
		switch action {
		case '-':
			set &^= bits
		case '+':
			set |= bits
		default:
			set = bits
		}
		if action != '-' {
			for b := 0; b < 5; b++ {
				if bits&(1<<b) != 0 {
					at[b] = &a.Range
				}
			}
		}
	}
	if set&protoSSLv3 != 0 {
		p.Report(*at[0], Error, "SSLProtocol leaves SSLv3 enabled: SSLv3 is broken (POODLE) and lets an attacker downgrade and decrypt connections; use SSLProtocol -all +TLSv1.2 +TLSv1.3")
	}
	var old []string
	var first *source.Range
	if set&protoTLSv1 != 0 {
		old, first = append(old, "TLSv1"), at[1]
	}
	if set&protoTLSv11 != 0 {
		old = append(old, "TLSv1.1")
		if first == nil {
			first = at[2]
		}
	}
	if old != nil {
		p.Report(*first, Warning, "SSLProtocol leaves %s enabled: deprecated by RFC 8996 and refused by current browsers, they only widen the attack surface (\"all\" means every protocol the OpenSSL build has); use SSLProtocol -all +TLSv1.2 +TLSv1.3", joinAnd(old))
	}
}
