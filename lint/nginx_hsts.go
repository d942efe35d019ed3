package lint

import (
	"strings"

	"github.com/wssgen/wssgen/internal/nginxconf"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

// NginxMissingHSTS advises a Strict-Transport-Security header on TLS
// servers.
var NginxMissingHSTS = &Rule{
	ID:       "NGX010",
	Name:     "missing-hsts",
	Severity: Info,
	Short:    "TLS server without a Strict-Transport-Security header",
	Target:   Nginx,
	Check:    checkNginxMissingHSTS,
}

func checkNginxMissingHSTS(p *Pass) {
	for _, s := range p.Nginx.Servers {
		if !s.TLS || serverSendsHSTS(s) {
			continue
		}
		p.Report(s.Block.NameRange, Info, `TLS server sends no Strict-Transport-Security header: a browser's first visit can be downgraded to plain HTTP; add add_header Strict-Transport-Security "max-age=%d" always;`, tlsprofile.Intermediate().HSTSMaxAge)
	}
}

func serverSendsHSTS(s *NginxServer) bool {
	hsts := func(sc *NginxScope) bool {
		if hs, _ := sc.InheritedList("add_header"); hasHeader(hs, "Strict-Transport-Security") {
			return true
		}
		// headers-more: more_set_headers "Strict-Transport-Security: …".
		for _, d := range sc.Own("more_set_headers") {
			for _, a := range d.Args {
				if strings.HasPrefix(strings.ToLower(a.Value), "strict-transport-security:") {
					return true
				}
			}
		}
		return false
	}
	if hsts(s.NginxScope) {
		return true
	}
	for _, l := range s.Locations {
		if hsts(l.NginxScope) {
			return true
		}
	}
	return false
}

// hasHeader reports whether one of the add_header or proxy_set_header
// directives ds sets header name.
func hasHeader(ds []*nginxconf.Directive, name string) bool {
	return findHeader(ds, name) != nil
}

// findHeader returns the last directive of ds setting header name.
func findHeader(ds []*nginxconf.Directive, name string) *nginxconf.Directive {
	var found *nginxconf.Directive
	for _, d := range ds {
		if argFold(d, 0, name) {
			found = d
		}
	}
	return found
}
