package lint

import (
	"fmt"
	"slices"
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
	err error
	// broken suites can be decrypted, forged or impersonated by an
	// attacker on the path (tlsprofile.SeverityBroken: NULL, anonymous,
	// EXPORT, LOW, DES, RC4, RC2, MD5): error.
	broken    []string
	brokenWhy []string
	// weak suites have 64-bit blocks (3DES, IDEA): warning.
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
	for _, c := range res.Ciphers {
		var broken, weak []string
		for _, w := range c.Weaknesses() {
			switch {
			case w.Severity() == tlsprofile.SeverityBroken:
				broken = append(broken, string(w))
			case w == tlsprofile.Weak3DES, w == tlsprofile.WeakIDEA:
				// 64-bit blocks: Sweet32 needs hundreds of gigabytes on
				// one connection, so fragile rather than broken.
				weak = append(weak, string(w))
			}
		}
		switch {
		case broken != nil:
			cv.broken = append(cv.broken, c.Name)
			cv.brokenWhy = addUnique(cv.brokenWhy, broken...)
		case weak != nil:
			cv.weak = append(cv.weak, c.Name)
			cv.weakWhy = addUnique(cv.weakWhy, weak...)
		case !inter.Allows(c):
			cv.outside = append(cv.outside, c.Name)
		}
	}
	// Name the weaknesses in the vocabulary's order, not the order the
	// suites happened to come in, so messages read the same every time.
	order := map[string]int{}
	for i, w := range tlsprofile.KnownWeaknesses() {
		order[string(w)] = i
	}
	byVocabulary := func(a, b string) int { return order[a] - order[b] }
	slices.SortFunc(cv.brokenWhy, byVocabulary)
	slices.SortFunc(cv.weakWhy, byVocabulary)
	return cv
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
		p.Report(rng, Warning, "%s enables %s suites (%s): their 64-bit blocks let an attacker recover cookies from long connections (Sweet32); replace the list with the Mozilla intermediate suites %s", directive, joinAnd(cv.weakWhy), examples(cv.weak), tlsprofile.Intermediate().CipherString())
	}
}

// reportCipherOutside reports the suites that are not weak but are not in
// the Mozilla intermediate profile either.
func reportCipherOutside(p *Pass, cv *cipherVerdict, directive string, rng source.Range) {
	if len(cv.outside) > 0 {
		p.Report(rng, Info, "%s enables %d suite%s outside the Mozilla intermediate profile (%s): every TLS 1.2 client supports the profile's ECDHE suites with authenticated encryption, so these only add weaker choices; use %s", directive, len(cv.outside), plural(len(cv.outside)), examples(cv.outside), tlsprofile.Intermediate().CipherString())
	}
}
