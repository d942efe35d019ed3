package tlsprofile

// Weakness names one reason a cipher suite is unsafe. The values form a
// fixed vocabulary (the constants below) so lint findings and reports can
// group and count them.
type Weakness string

// The vocabulary, broken ones first. A suite may have several.
const (
	// WeakNULL: no encryption at all.
	WeakNULL Weakness = "NULL"
	// WeakAnonymous: no server authentication, so anyone on the path can
	// impersonate the server.
	WeakAnonymous Weakness = "anonymous"
	// WeakExport: export-grade 40-bit keys and 512-bit key exchange
	// (FREAK, Logjam).
	WeakExport Weakness = "EXPORT"
	// WeakLow: OpenSSL's LOW class, 56-bit keys.
	WeakLow Weakness = "LOW"
	// WeakDES: single DES, brute-forced in hours.
	WeakDES Weakness = "DES"
	// WeakRC4: RC4's keystream biases let attackers recover plaintext
	// (RFC 7465 prohibits it).
	WeakRC4 Weakness = "RC4"
	// WeakRC2: RC2, only ever used with export keys.
	WeakRC2 Weakness = "RC2"
	// WeakMD5: HMAC-MD5 record MACs.
	WeakMD5 Weakness = "MD5"

	// Weak3DES: 64-bit blocks (Sweet32) and 112-bit strength.
	Weak3DES Weakness = "3DES"
	// WeakIDEA: 64-bit blocks (Sweet32); dropped from TLS 1.2.
	WeakIDEA Weakness = "IDEA"
	// WeakStaticRSA: RSA key transport, no forward secrecy, and the
	// source of Bleichenbacher-style oracles (ROBOT).
	WeakStaticRSA Weakness = "static-RSA"
	// WeakCBCSHA1: CBC with HMAC-SHA1 in MAC-then-encrypt order, the
	// construction behind Lucky13 and POODLE-style padding oracles.
	WeakCBCSHA1 Weakness = "CBC-SHA1"
	// WeakCBC: CBC with HMAC-SHA256/384, still MAC-then-encrypt.
	WeakCBC Weakness = "CBC"
	// WeakPSK: authenticated only by a pre-shared key, not a certificate;
	// browsers never offer these.
	WeakPSK Weakness = "PSK"
	// WeakSRP: password-based SRP key exchange, deprecated in OpenSSL 3.
	WeakSRP Weakness = "SRP"
	// WeakDSS: DSA server certificates, which no current CA issues and
	// browsers no longer accept.
	WeakDSS Weakness = "DSS"
)

// Severity says how urgently a weakness should be fixed.
type Severity int

// Severities, from least to most urgent.
const (
	// SeverityLegacy: obsolete and outside current recommendations, but
	// no practical attack breaks a connection that uses it.
	SeverityLegacy Severity = iota + 1
	// SeverityBroken: an attacker on the path can decrypt, forge or
	// impersonate.
	SeverityBroken
)

func (s Severity) String() string {
	switch s {
	case SeverityLegacy:
		return "legacy"
	case SeverityBroken:
		return "broken"
	}
	return "unknown"
}

type weaknessInfo struct {
	w        Weakness
	severity Severity
	explain  string
	has      func(c *Cipher) bool
}

// weaknesses is the vocabulary in the order Weaknesses reports it.
var weaknesses = []weaknessInfo{
	{WeakNULL, SeverityBroken, "the suite does not encrypt at all",
		func(c *Cipher) bool { return c.enc&encNULL != 0 }},
	{WeakAnonymous, SeverityBroken, "the server is not authenticated, so anyone on the path can impersonate it",
		func(c *Cipher) bool { return c.au&aNULL != 0 }},
	{WeakExport, SeverityBroken, "export-grade 40-bit keys and 512-bit key exchange are broken (FREAK, Logjam)",
		func(c *Cipher) bool { return c.strength&exportMask != 0 }},
	{WeakLow, SeverityBroken, "OpenSSL's LOW class uses 56-bit keys, which can be brute-forced",
		func(c *Cipher) bool { return c.strength&clsLow != 0 }},
	{WeakDES, SeverityBroken, "single DES keys can be brute-forced in hours",
		func(c *Cipher) bool { return c.enc&encDES != 0 }},
	{WeakRC4, SeverityBroken, "RC4 keystream biases reveal plaintext; RFC 7465 prohibits RC4 in TLS",
		func(c *Cipher) bool { return c.enc&encRC4 != 0 }},
	{WeakRC2, SeverityBroken, "RC2 was only used with 40-bit export keys",
		func(c *Cipher) bool { return c.enc&encRC2 != 0 }},
	{WeakMD5, SeverityBroken, "HMAC-MD5 record protection is below every OpenSSL security level",
		func(c *Cipher) bool { return c.mac&macMD5 != 0 }},
	{Weak3DES, SeverityLegacy, "3DES has 64-bit blocks (Sweet32) and only 112-bit strength",
		func(c *Cipher) bool { return c.enc&enc3DES != 0 }},
	{WeakIDEA, SeverityLegacy, "IDEA has 64-bit blocks (Sweet32) and was removed from TLS 1.2",
		func(c *Cipher) bool { return c.enc&encIDEA != 0 }},
	{WeakStaticRSA, SeverityLegacy, "RSA key transport has no forward secrecy and invites padding-oracle attacks (ROBOT)",
		func(c *Cipher) bool { return c.kx&(kRSA|kRSAPSK) != 0 }},
	{WeakCBCSHA1, SeverityLegacy, "CBC with HMAC-SHA1 is MAC-then-encrypt, open to padding oracles such as Lucky13",
		func(c *Cipher) bool { return c.enc&encCBC != 0 && c.mac&macSHA1 != 0 }},
	{WeakCBC, SeverityLegacy, "CBC is MAC-then-encrypt even with SHA-2, unlike the AEAD suites",
		func(c *Cipher) bool { return c.enc&encCBC != 0 && c.mac&(macSHA256|macSHA384) != 0 }},
	{WeakPSK, SeverityLegacy, "the suite authenticates with a pre-shared key instead of a certificate; browsers never offer it",
		func(c *Cipher) bool { return c.au&aPSK != 0 }},
	{WeakSRP, SeverityLegacy, "SRP password key exchange is deprecated in OpenSSL 3 and unsupported by browsers",
		func(c *Cipher) bool { return c.kx&kSRP != 0 }},
	{WeakDSS, SeverityLegacy, "DSA server certificates are no longer issued or accepted by browsers",
		func(c *Cipher) bool { return c.au&aDSS != 0 }},
}

func (w Weakness) info() *weaknessInfo {
	for i := range weaknesses {
		if weaknesses[i].w == w {
			return &weaknesses[i]
		}
	}
	return nil
}

// Severity is the weakness's severity hint, or 0 for a value outside the
// vocabulary.
func (w Weakness) Severity() Severity {
	if i := w.info(); i != nil {
		return i.severity
	}
	return 0
}

// Explain says in one sentence fragment why the weakness matters, for a
// finding's detail text.
func (w Weakness) Explain() string {
	if i := w.info(); i != nil {
		return i.explain
	}
	return ""
}

// KnownWeaknesses lists the vocabulary, broken ones first.
func KnownWeaknesses() []Weakness {
	out := make([]Weakness, len(weaknesses))
	for i, info := range weaknesses {
		out[i] = info.w
	}
	return out
}

// Weaknesses classifies why c is unsafe, in vocabulary order; nil means
// no known weakness (an ECDHE or DHE suite with AEAD encryption).
func (c *Cipher) Weaknesses() []Weakness {
	var out []Weakness
	for _, info := range weaknesses {
		if info.has(c) {
			out = append(out, info.w)
		}
	}
	return out
}

// Broken reports whether any of c's weaknesses is SeverityBroken.
func (c *Cipher) Broken() bool {
	for _, w := range c.Weaknesses() {
		if w.Severity() == SeverityBroken {
			return true
		}
	}
	return false
}
