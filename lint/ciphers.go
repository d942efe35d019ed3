package lint

import (
	"fmt"
	"strings"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/source"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

type cipherKey struct {
	spec string
	opts tlsprofile.Options
}

// cipherVerdict is what a cipher string enables, sorted into what lint
// reports.
type cipherVerdict struct {
	err   error
	total int
	// broken suites can be decrypted or forged by an attacker (RC4,
	// EXPORT, NULL, anonymous): error.
	broken    []string
	brokenWhy []string
	// weak suites are deprecated or marginal (LOW, DES, 3DES, MD5): warning.
	weak    []string
	weakWhy []string
	// outside are the remaining suites the Mozilla intermediate profile
	// does not list: info.
	outside []string
}

// ciphers evaluates an OpenSSL cipher string for the pass's OpenSSL
// version, once per run for each distinct string.
func (p *Pass) ciphers(spec string) *cipherVerdict {
	opts := tlsprofile.Options{}
	// Without a known version, judge the string against every suite
	// OpenSSL ever had: a copied config often runs on an old build.
	opts.OpenSSL3Only = compat.OpenSSLNoLegacySuites.Enabled(p.Versions.OpenSSL)
	key := cipherKey{spec, opts}
	if cv, ok := p.run.ciphers[key]; ok {
		return cv
	}
	cv := evalCiphers(spec, opts)
	p.run.ciphers[key] = cv
	return cv
}

func evalCiphers(spec string, opts tlsprofile.Options) *cipherVerdict {
	cv := &cipherVerdict{}
	res, err := tlsprofile.Evaluate(spec, opts)
	if err != nil {
		cv.err = err
		return cv
	}
	inter := tlsprofile.Intermediate()
	cv.total = len(res.Ciphers)
	for _, c := range res.Ciphers {
		if why := brokenBecause(c); why != nil {
			cv.broken = append(cv.broken, c.Name)
			cv.brokenWhy = addUnique(cv.brokenWhy, why...)
		} else if why := weakBecause(c); why != nil {
			cv.weak = append(cv.weak, c.Name)
			cv.weakWhy = addUnique(cv.weakWhy, why...)
		} else if !inter.Allows(c) {
			cv.outside = append(cv.outside, c.Name)
		}
	}
	return cv
}

// brokenBecause names what makes a suite decryptable or forgeable: RC4,
// export-grade keys, no encryption, no server authentication.
func brokenBecause(c *tlsprofile.Cipher) []string {
	var why []string
	if strings.HasPrefix(c.Enc, "RC4") {
		why = append(why, "RC4")
	}
	if c.Class == "EXPORT" {
		why = append(why, "EXPORT")
	}
	if c.Class == "NONE" || strings.HasPrefix(c.Enc, "None") {
		why = append(why, "NULL-encryption")
	}
	if strings.HasPrefix(c.Au, "None") {
		why = append(why, "anonymous")
	}
	return why
}

// weakBecause names what makes a suite too weak: 56-bit keys (LOW, DES),
// 64-bit blocks (3DES, Sweet32) or MD5.
func weakBecause(c *tlsprofile.Cipher) []string {
	var why []string
	if c.Class == "LOW" {
		why = append(why, "LOW")
	}
	if strings.HasPrefix(c.Enc, "DES(") {
		why = append(why, "DES")
	}
	if strings.HasPrefix(c.Enc, "3DES") {
		why = append(why, "3DES")
	}
	if c.Mac == "MD5" {
		why = append(why, "MD5")
	}
	return why
}

func addUnique(dst []string, ss ...string) []string {
next:
	for _, s := range ss {
		for _, d := range dst {
			if d == s {
				continue next
			}
		}
		dst = append(dst, s)
	}
	return dst
}

// examples names up to three suites and the total: "RC4-SHA, EXP-RC4-MD5
// and 12 more".
func examples(names []string) string {
	if len(names) <= 3 {
		return joinAnd(names)
	}
	return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
}

// reportCipherWeakness reports the broken and weak suites of a cipher
// list at rng; directive names the directive in the message.
func reportCipherWeakness(p *Pass, cv *cipherVerdict, directive string, rng source.Range) {
	if len(cv.broken) > 0 {
		p.Report(rng, Error, "%s enables %s suites (%s): an attacker on the path can decrypt or forge these connections; replace the list with the Mozilla intermediate suites %s", directive, joinAnd(cv.brokenWhy), examples(cv.broken), tlsprofile.Intermediate().CipherString())
	}
	if len(cv.weak) > 0 {
		p.Report(rng, Warning, "%s enables %s suites (%s): short keys, 64-bit blocks (Sweet32) or MD5 are too weak today; replace the list with the Mozilla intermediate suites %s", directive, joinAnd(cv.weakWhy), examples(cv.weak), tlsprofile.Intermediate().CipherString())
	}
}

// reportCipherOutside reports the suites that are not weak but are not in
// the Mozilla intermediate profile either.
func reportCipherOutside(p *Pass, cv *cipherVerdict, directive string, rng source.Range) {
	if len(cv.outside) > 0 {
		p.Report(rng, Info, "%s enables %d suite%s outside the Mozilla intermediate profile (%s): every TLS 1.2 client supports the profile's ECDHE suites with authenticated encryption, so these only add weaker choices; use %s", directive, len(cv.outside), plural(len(cv.outside)), examples(cv.outside), tlsprofile.Intermediate().CipherString())
	}
}
