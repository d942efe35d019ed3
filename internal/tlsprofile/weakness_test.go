package tlsprofile

import (
	"slices"
	"testing"
)

func TestWeaknesses(t *testing.T) {
	for name, want := range map[string][]Weakness{
		"ECDHE-ECDSA-AES128-GCM-SHA256": nil,
		"ECDHE-RSA-CHACHA20-POLY1305":   nil,
		"ECDHE-RSA-AES128-SHA":          {WeakCBCSHA1},
		"ECDHE-RSA-AES128-SHA256":       {WeakCBC},
		"AES128-GCM-SHA256":             {WeakStaticRSA},
		"AES128-SHA":                    {WeakStaticRSA, WeakCBCSHA1},
		"DES-CBC3-SHA":                  {Weak3DES, WeakStaticRSA, WeakCBCSHA1},
		"RC4-MD5":                       {WeakRC4, WeakMD5, WeakStaticRSA},
		"EXP-RC4-MD5":                   {WeakExport, WeakRC4, WeakMD5, WeakStaticRSA},
		"EXP-DES-CBC-SHA":               {WeakExport, WeakDES, WeakStaticRSA, WeakCBCSHA1},
		"EXP-RC2-CBC-MD5":               {WeakExport, WeakRC2, WeakMD5, WeakStaticRSA},
		"DES-CBC-SHA":                   {WeakLow, WeakDES, WeakStaticRSA, WeakCBCSHA1},
		"NULL-SHA256":                   {WeakNULL, WeakStaticRSA},
		"AECDH-NULL-SHA":                {WeakNULL, WeakAnonymous},
		"ADH-AES128-GCM-SHA256":         {WeakAnonymous},
		"PSK-AES128-GCM-SHA256":         {WeakPSK},
		"DHE-PSK-CHACHA20-POLY1305":     {WeakPSK},
		"RSA-PSK-AES128-GCM-SHA256":     {WeakStaticRSA},
		"SRP-DSS-AES-128-CBC-SHA":       {WeakCBCSHA1, WeakSRP, WeakDSS},
		"IDEA-CBC-SHA":                  {WeakIDEA, WeakStaticRSA, WeakCBCSHA1},
		"DHE-DSS-AES256-GCM-SHA384":     {WeakDSS},
		"SEED-SHA":                      {WeakStaticRSA, WeakCBCSHA1},
	} {
		c, ok := CipherByName(name)
		if !ok {
			t.Fatalf("%s not in the table", name)
		}
		if got := c.Weaknesses(); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
		broken := false
		for _, w := range want {
			broken = broken || w.Severity() == SeverityBroken
		}
		if c.Broken() != broken {
			t.Errorf("%s: Broken() = %v, want %v", name, c.Broken(), broken)
		}
	}
}

func TestWeaknessVocabulary(t *testing.T) {
	broken := []Weakness{WeakNULL, WeakAnonymous, WeakExport, WeakLow, WeakDES, WeakRC4, WeakRC2, WeakMD5}
	seen := map[Weakness]bool{}
	for _, w := range KnownWeaknesses() {
		if seen[w] {
			t.Errorf("%s listed twice", w)
		}
		seen[w] = true
		want := SeverityLegacy
		if slices.Contains(broken, w) {
			want = SeverityBroken
		}
		if w.Severity() != want {
			t.Errorf("%s: severity %s, want %s", w, w.Severity(), want)
		}
		if w.Explain() == "" {
			t.Errorf("%s has no explanation", w)
		}
	}
	if len(seen) != 16 {
		t.Errorf("%d weaknesses, want 16", len(seen))
	}
	if Weakness("nonsense").Severity() != 0 || Weakness("nonsense").Explain() != "" {
		t.Error("a value outside the vocabulary has a severity or explanation")
	}
	if SeverityBroken.String() != "broken" || SeverityLegacy.String() != "legacy" || Severity(0).String() != "unknown" {
		t.Error("Severity.String")
	}
	// Every suite a default OpenSSL 3 build refuses at level 1 has a
	// broken weakness, so a clean lint never hides one.
	for _, c := range AllCiphers() {
		if !SecLevelAllows(1, c) && !c.Broken() {
			t.Errorf("%s is refused at security level 1 but not Broken (%v)", c.Name, c.Weaknesses())
		}
	}
}
