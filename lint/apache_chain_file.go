package lint

import "github.com/wssgen/wssgen/internal/compat"

// ApacheChainFile flags SSLCertificateChainFile on httpd 2.4.8 and later.
var ApacheChainFile = &Rule{
	ID:       "APA004",
	Name:     "certificate-chain-file",
	Severity: Warning,
	Short:    "SSLCertificateChainFile is obsolete since httpd 2.4.8",
	Target:   Apache,
	Check:    checkApacheChainFile,
}

func checkApacheChainFile(p *Pass) {
	if !compat.ApacheChainInCertFile.Enabled(p.Versions.Apache) {
		return
	}
	for _, ad := range p.Apache.Directives("SSLCertificateChainFile") {
		p.Report(ad.D.Range, Warning, "SSLCertificateChainFile is obsolete since httpd 2.4.8: SSLCertificateFile loads the intermediate certificates from the certificate file itself, and the old directive may go in a later release; append the chain to the SSLCertificateFile file and delete this line")
	}
}
