package lint

// ApacheHonorCipherOrder advises against SSLHonorCipherOrder on.
var ApacheHonorCipherOrder = &Rule{
	ID:       "APA009",
	Name:     "honor-cipher-order",
	Severity: Info,
	Short:    "SSLHonorCipherOrder on, which the Mozilla profiles no longer recommend",
	Target:   Apache,
	Check:    checkApacheHonorCipherOrder,
}

func checkApacheHonorCipherOrder(p *Pass) {
	for _, ad := range p.Apache.Directives("SSLHonorCipherOrder") {
		if apacheOn(ad.D) {
			p.Report(ad.D.Range, Info, "SSLHonorCipherOrder on: when every enabled suite is strong the client's order is as safe and lets phones without AES hardware choose ChaCha20 (Mozilla intermediate sets it off); remove it or write SSLHonorCipherOrder off")
		}
	}
}
