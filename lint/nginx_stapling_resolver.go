package lint

import "strings"

// NginxStaplingWithoutResolver flags OCSP stapling that cannot work
// because nginx has no resolver for the responder's host name.
var NginxStaplingWithoutResolver = &Rule{
	ID:       "NGX009",
	Name:     "stapling-without-resolver",
	Severity: Warning,
	Short:    "ssl_stapling on without a resolver",
	Target:   Nginx,
	Check:    checkNginxStaplingWithoutResolver,
}

func checkNginxStaplingWithoutResolver(p *Pass) {
	for _, s := range p.Nginx.Servers {
		if !s.TLS {
			continue
		}
		st := s.Inherited("ssl_stapling")
		if st == nil || !argFold(st, 0, "on") {
			continue
		}
		// A stapling file or a responder given by address needs no DNS.
		if s.Inherited("ssl_stapling_file") != nil || s.Inherited("resolver") != nil {
			continue
		}
		if r := s.Inherited("ssl_stapling_responder"); r != nil && len(r.Args) > 0 && hostIsAddress(r.Args[0].Value) {
			continue
		}
		p.Report(st.Range, Warning, "ssl_stapling on without a resolver: nginx cannot look up the OCSP responder's host name, so it never staples and only logs a warning; add a resolver (for example resolver 127.0.0.53;) or remove ssl_stapling")
	}
}

// hostIsAddress reports whether the host of an http:// URL is an IP
// address.
func hostIsAddress(u string) bool {
	h := u
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/"); i >= 0 {
		h = h[:i]
	}
	if strings.HasPrefix(h, "[") {
		return true
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	if h == "" {
		return false
	}
	for _, c := range h {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}
