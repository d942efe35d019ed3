package lint

// NginxWeakCiphers flags ssl_ciphers lists that enable broken or weak
// suites, judged by evaluating the list as OpenSSL does.
var NginxWeakCiphers = &Rule{
	ID:       "NGX005",
	Name:     "weak-ciphers",
	Severity: Error,
	Short:    "ssl_ciphers enables RC4, EXPORT, LOW, DES/3DES, NULL, anonymous or MD5 suites",
	Target:   Nginx,
	Check:    checkNginxWeakCiphers,
}

// NginxCiphersOutsideProfile notes suites outside the Mozilla intermediate
// profile.
var NginxCiphersOutsideProfile = &Rule{
	ID:       "NGX006",
	Name:     "ciphers-outside-profile",
	Severity: Info,
	Short:    "ssl_ciphers enables suites outside the Mozilla intermediate profile",
	Target:   Nginx,
	Check:    checkNginxCiphersOutsideProfile,
}

func checkNginxWeakCiphers(p *Pass) {
	for _, nd := range p.Nginx.Directives("ssl_ciphers") {
		if len(nd.D.Args) == 0 {
			continue
		}
		cv := p.ciphers(nd.D.Args[0].Value)
		if cv.err != nil {
			p.Report(nd.D.Args[0].Range, Error, "ssl_ciphers cannot be evaluated (%v): nginx may refuse to start; use the Mozilla intermediate suites", cv.err)
			continue
		}
		reportCipherWeakness(p, cv, "ssl_ciphers", nd.D.Args[0].Range)
	}
}

func checkNginxCiphersOutsideProfile(p *Pass) {
	for _, nd := range p.Nginx.Directives("ssl_ciphers") {
		if len(nd.D.Args) == 0 {
			continue
		}
		if cv := p.ciphers(nd.D.Args[0].Value); cv.err == nil {
			reportCipherOutside(p, cv, "ssl_ciphers", nd.D.Args[0].Range)
		}
	}
}
