package lint

import (
	"strings"

	"github.com/wssgen/wssgen/internal/apacheconf"
)

// ApacheWeakCiphers flags SSLCipherSuite lists that enable broken or weak
// suites.
var ApacheWeakCiphers = &Rule{
	ID:       "APA002",
	Name:     "weak-ciphers",
	Severity: Error,
	Short:    "SSLCipherSuite enables RC4, EXPORT, LOW, DES/3DES, NULL, anonymous or MD5 suites",
	Target:   Apache,
	Check:    checkApacheWeakCiphers,
}

// ApacheCiphersOutsideProfile notes suites outside the Mozilla
// intermediate profile.
var ApacheCiphersOutsideProfile = &Rule{
	ID:       "APA003",
	Name:     "ciphers-outside-profile",
	Severity: Info,
	Short:    "SSLCipherSuite enables suites outside the Mozilla intermediate profile",
	Target:   Apache,
	Check:    checkApacheCiphersOutsideProfile,
}

// cipherSuiteArg returns the TLS 1.2-and-below cipher list of an
// SSLCipherSuite directive: "SSLCipherSuite spec" or "SSLCipherSuite SSL
// spec"; nil for the TLSv1.3 form, which only names strong suites.
func cipherSuiteArg(d *apacheconf.Directive) *apacheconf.Arg {
	switch len(d.Args) {
	case 1:
		return &d.Args[0]
	case 2:
		if strings.EqualFold(d.Args[0].Value, "SSL") {
			return &d.Args[1]
		}
	}
	return nil
}

func checkApacheWeakCiphers(p *Pass) {
	for _, ad := range p.Apache.Directives("SSLCipherSuite") {
		a := cipherSuiteArg(ad.D)
		if a == nil {
			continue
		}
		cv := p.ciphers(a.Value)
		if cv.err != nil {
			p.Report(a.Range, Error, "SSLCipherSuite cannot be evaluated (%v): httpd may refuse to start; use the Mozilla intermediate suites", cv.err)
			continue
		}
		reportCipherWeakness(p, cv, "SSLCipherSuite", a.Range)
	}
}

func checkApacheCiphersOutsideProfile(p *Pass) {
	for _, ad := range p.Apache.Directives("SSLCipherSuite") {
		if a := cipherSuiteArg(ad.D); a != nil {
			if cv := p.ciphers(a.Value); cv.err == nil {
				reportCipherOutside(p, cv, "SSLCipherSuite", a.Range)
			}
		}
	}
}
