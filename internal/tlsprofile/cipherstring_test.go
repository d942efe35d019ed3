package tlsprofile

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// legacy is the lint default: every suite any OpenSSL build offered, no
// security level.
var legacy = Options{}

func mustEvaluate(t *testing.T, s string, opts Options) *Result {
	t.Helper()
	res, err := Evaluate(s, opts)
	if err != nil {
		t.Fatalf("Evaluate(%q): %v", s, err)
	}
	return res
}

func names(cs []*Cipher) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

func nameSet(cs []*Cipher) map[string]bool {
	m := make(map[string]bool, len(cs))
	for _, c := range cs {
		m[c.Name] = true
	}
	return m
}

func TestPlusMediumOnlyReorders(t *testing.T) {
	all := mustEvaluate(t, "ALL", legacy).Ciphers
	moved := mustEvaluate(t, "ALL:+MEDIUM", legacy).Ciphers
	if len(moved) != len(all) {
		t.Fatalf("ALL:+MEDIUM has %d suites, ALL has %d: +MEDIUM must add or remove nothing", len(moved), len(all))
	}
	// The MEDIUM suites (RC4, 3DES, IDEA, SEED here) end the list, in the
	// order ALL had them; everything else keeps its order before them.
	var medium, rest []string
	for _, c := range all {
		if c.Class == "MEDIUM" {
			medium = append(medium, c.Name)
		} else {
			rest = append(rest, c.Name)
		}
	}
	if len(medium) == 0 {
		t.Fatal("the legacy universe has no MEDIUM suites")
	}
	if want := append(rest, medium...); !slices.Equal(names(moved), want) {
		t.Errorf("ALL:+MEDIUM =\n%v\nwant\n%v", names(moved), want)
	}

	// Applied to a list without MEDIUM suites it changes nothing at all.
	high := mustEvaluate(t, "HIGH", legacy).Ciphers
	if got := mustEvaluate(t, "HIGH:+MEDIUM", legacy).Ciphers; !slices.Equal(names(got), names(high)) {
		t.Errorf("HIGH:+MEDIUM differs from HIGH")
	}
	// And alone it selects nothing, which OpenSSL refuses.
	if _, err := Evaluate("+MEDIUM", legacy); !errors.Is(err, ErrNoCipherMatch) {
		t.Errorf("+MEDIUM: err = %v, want ErrNoCipherMatch", err)
	}
}

func TestBangADHKeepsAnonymousECDH(t *testing.T) {
	got := nameSet(mustEvaluate(t, "ALL:!ADH", legacy).Ciphers)
	for _, name := range []string{"AECDH-AES128-SHA", "AECDH-AES256-SHA", "AECDH-RC4-SHA", "AECDH-DES-CBC3-SHA"} {
		if !got[name] {
			t.Errorf("ALL:!ADH lacks %s: ADH is anonymous DH only, ECDH stays", name)
		}
	}
	for _, name := range []string{"ADH-AES128-SHA", "ADH-AES256-GCM-SHA384", "ADH-RC4-MD5", "EXP-ADH-RC4-MD5"} {
		if got[name] {
			t.Errorf("ALL:!ADH still has %s", name)
		}
	}
	// !aNULL is what removes both.
	for _, c := range mustEvaluate(t, "ALL:!aNULL", legacy).Ciphers {
		if c.Au == "None" {
			t.Errorf("ALL:!aNULL still has anonymous %s", c.Name)
		}
	}
}

func TestHighAloneAdmitsStaticRSAAndPSK(t *testing.T) {
	got := nameSet(mustEvaluate(t, "HIGH", legacy).Ciphers)
	for _, name := range []string{
		"AES128-GCM-SHA256", "AES256-SHA", // static RSA key transport
		"PSK-AES128-GCM-SHA256", "RSA-PSK-AES256-CBC-SHA", // PSK
		"SRP-AES-128-CBC-SHA",   // SRP
		"ADH-AES128-GCM-SHA256", // anonymous: HIGH says nothing about authentication
	} {
		if !got[name] {
			t.Errorf("HIGH lacks %s", name)
		}
	}
	// HIGH is about key length only; 3DES left it in OpenSSL 1.1.0.
	for _, name := range []string{"DES-CBC3-SHA", "RC4-SHA", "NULL-SHA"} {
		if got[name] {
			t.Errorf("HIGH has %s", name)
		}
	}
}

// The nginx string from an old FAQ seed: it only reorders and removes
// anonymous DH, so everything ALL had stays reachable.
func TestFAQNginxStringReachesBrokenSuites(t *testing.T) {
	const s = "ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP"
	res := mustEvaluate(t, s, legacy)
	got := nameSet(res.Ciphers)
	for _, name := range []string{"RC4-SHA", "RC4-MD5", "EXP-RC4-MD5", "EXP-DES-CBC-SHA", "DES-CBC-SHA", "AECDH-AES256-SHA", "AECDH-RC4-SHA"} {
		if !got[name] {
			t.Errorf("%s lacks %s", s, name)
		}
	}
	for _, name := range []string{"ADH-AES256-SHA", "EXP-ADH-DES-CBC-SHA", "NULL-SHA"} {
		if got[name] {
			t.Errorf("%s has %s", s, name)
		}
	}
	// +HIGH:+MEDIUM:+LOW:+EXP leave the classes in that order.
	rank := map[string]int{"HIGH": 0, "MEDIUM": 1, "LOW": 2, "EXPORT": 3}
	for i := 1; i < len(res.Ciphers); i++ {
		if a, b := res.Ciphers[i-1], res.Ciphers[i]; rank[a.Class] > rank[b.Class] {
			t.Errorf("%s (%s) before %s (%s)", a.Name, a.Class, b.Name, b.Class)
		}
	}
	// SSLv2 names no TLS suite; OpenSSL skips it silently.
	wantUnknown := []Word{{"SSLv2", strings.Index(s, "SSLv2")}}
	if !slices.Equal(res.Unknown, wantUnknown) {
		t.Errorf("Unknown = %v, want %v", res.Unknown, wantUnknown)
	}

	// On OpenSSL 3 the broken ciphers are gone, but anonymous ECDH is
	// still reachable unless the security level removes it.
	res3 := mustEvaluate(t, s, Options{OpenSSL3Only: true})
	got3 := nameSet(res3.Ciphers)
	if !got3["AECDH-AES256-SHA"] || got3["RC4-SHA"] {
		t.Errorf("OpenSSL 3: AECDH-AES256-SHA %v, RC4-SHA %v; want true, false", got3["AECDH-AES256-SHA"], got3["RC4-SHA"])
	}
	var unknown []string
	for _, w := range res3.Unknown {
		unknown = append(unknown, w.Text)
	}
	if want := []string{"EXPORT56", "RC4", "SSLv2", "EXP"}; !slices.Equal(unknown, want) {
		t.Errorf("OpenSSL 3 unknown words = %v, want %v", unknown, want)
	}
	res3l2 := mustEvaluate(t, s, Options{OpenSSL3Only: true, SecurityLevel: 2})
	if nameSet(res3l2.Ciphers)["AECDH-AES256-SHA"] || !nameSet(res3l2.Configured)["AECDH-AES256-SHA"] {
		t.Error("at security level 2 AECDH-AES256-SHA must be configured but not negotiable")
	}
}

// The Apache string from the same seed removes RC4, MD5, anonymous, NULL,
// DH and export suites, and still leaves much outside the Mozilla profile.
func TestFAQApacheStringLeavesLegacySuites(t *testing.T) {
	const s = "HIGH:!RC4:!MD5:!aNULL:!eNULL:!NULL:!DH:!EDH:!EXP:+MEDIUM"
	res := mustEvaluate(t, s, legacy)
	got := nameSet(res.Ciphers)
	for _, name := range []string{
		"AES128-SHA", "AES256-GCM-SHA384", // static RSA
		"ECDHE-RSA-AES128-SHA",                            // CBC-SHA1
		"PSK-AES128-CBC-SHA", "DHE-PSK-AES128-GCM-SHA256", // !DH means kDHE only, not DHE-PSK
		"SRP-DSS-AES-256-CBC-SHA", "CAMELLIA256-SHA",
		"ECDHE-RSA-AES128-GCM-SHA256",
	} {
		if !got[name] {
			t.Errorf("%s lacks %s", s, name)
		}
	}
	for _, c := range res.Ciphers {
		if c.Kx == "DH" {
			t.Errorf("%s has DHE suite %s after !DH", s, c.Name)
		}
		if c.Broken() {
			t.Errorf("%s has broken suite %s (%v)", s, c.Name, c.Weaknesses())
		}
	}
	var found []Weakness
	for _, c := range res.Ciphers {
		for _, w := range c.Weaknesses() {
			if !slices.Contains(found, w) {
				found = append(found, w)
			}
		}
	}
	for _, w := range []Weakness{WeakStaticRSA, WeakCBCSHA1, WeakCBC, WeakPSK, WeakSRP, WeakDSS} {
		if !slices.Contains(found, w) {
			t.Errorf("%s: no suite with weakness %s; found %v", s, w, found)
		}
	}
}

// TestLegacyDefaultOrder checks the preference order of the RC4 family,
// worked out by hand from ssl_create_cipher_list: ID descending to start,
// ECDHE first, then MD5, anonymous, static RSA and plain PSK moved back,
// then by strength, then (EC)DHE suites bumped to the front.
func TestLegacyDefaultOrder(t *testing.T) {
	want := []string{
		"ECDHE-ECDSA-RC4-SHA", "ECDHE-RSA-RC4-SHA", "AECDH-RC4-SHA", "ADH-RC4-MD5", "EXP-ADH-RC4-MD5",
		"ECDHE-PSK-RC4-SHA", "RSA-PSK-RC4-SHA", "DHE-PSK-RC4-SHA", "RC4-SHA", "RC4-MD5", "PSK-RC4-SHA",
		"EXP-RC4-MD5",
	}
	if got := names(mustEvaluate(t, "RC4", legacy).Ciphers); !slices.Equal(got, want) {
		t.Errorf("RC4 =\n%v\nwant\n%v", got, want)
	}
}

func TestOperators(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// Plain names keep the order written.
		{"AES256-SHA:AES128-SHA", []string{"AES256-SHA", "AES128-SHA"}},
		// Adding a listed suite again does not move it.
		{"AES256-SHA:AES128-SHA:AES256-SHA", []string{"AES256-SHA", "AES128-SHA"}},
		// "-" removes, and a later add appends at the end.
		{"AES256-SHA:AES128-SHA:-AES256-SHA:AES256-SHA", []string{"AES128-SHA", "AES256-SHA"}},
		// "!" removes for good.
		{"AES256-SHA:AES128-SHA:!AES256-SHA:AES256-SHA", []string{"AES128-SHA"}},
		// "+" moves to the end, without adding.
		{"AES256-SHA:AES128-SHA:CAMELLIA128-SHA:+AES256-SHA:+RC4-SHA", []string{"AES128-SHA", "CAMELLIA128-SHA", "AES256-SHA"}},
		// @STRENGTH sorts by bits, keeping the order within a strength.
		{"AES128-SHA:AES256-SHA:CAMELLIA128-SHA:DES-CBC3-SHA:@STRENGTH", []string{"AES256-SHA", "AES128-SHA", "CAMELLIA128-SHA", "DES-CBC3-SHA"}},
		// Separators: ':', ',', ';' and ' ' all work, and runs of them too.
		{"AES256-SHA, AES128-SHA;;CAMELLIA128-SHA", []string{"AES256-SHA", "AES128-SHA", "CAMELLIA128-SHA"}},
		// An operator ends the previous name, even without a separator.
		{"AES256-SHA:AES128-SHA!AES256-SHA", []string{"AES128-SHA"}},
		// '+' between words intersects.
		{"ECDHE+ECDSA+AESGCM", []string{"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"}},
		{"kRSA+RC4", []string{"RC4-SHA", "RC4-MD5", "EXP-RC4-MD5"}},
		// An unknown word skips its whole element, operator and all.
		{"AES256-SHA:FOO!AES256-SHA:AES128-SHA", []string{"AES256-SHA", "AES128-SHA"}},
		// Names are case-sensitive and must match whole.
		{"AES256-SHA:aes128-sha:AES256-SH", []string{"AES256-SHA"}},
	}
	for _, tt := range tests {
		got := mustEvaluate(t, tt.in, legacy).Ciphers
		if !slices.Equal(names(got), tt.want) {
			t.Errorf("%q = %v, want %v", tt.in, names(got), tt.want)
		}
	}
}

func TestDefaultPrefix(t *testing.T) {
	def := names(mustEvaluate(t, "DEFAULT", legacy).Ciphers)
	if want := names(mustEvaluate(t, "ALL:!COMPLEMENTOFDEFAULT:!eNULL", legacy).Ciphers); !slices.Equal(def, want) {
		t.Errorf("DEFAULT differs from ALL:!COMPLEMENTOFDEFAULT:!eNULL")
	}
	for _, c := range mustEvaluate(t, "DEFAULT", legacy).Ciphers {
		if w := c.Weaknesses(); slices.Contains(w, WeakRC4) || slices.Contains(w, Weak3DES) || slices.Contains(w, WeakAnonymous) {
			t.Errorf("DEFAULT has %s (%v)", c.Name, w)
		}
	}
	// DEFAULT counts only as the very first word; later it is unknown.
	res := mustEvaluate(t, "AES128-SHA:DEFAULT", legacy)
	if got := names(res.Ciphers); !slices.Equal(got, []string{"AES128-SHA"}) {
		t.Errorf("AES128-SHA:DEFAULT = %v", got)
	}
	if want := []Word{{"DEFAULT", 11}}; !slices.Equal(res.Unknown, want) {
		t.Errorf("Unknown = %v, want %v", res.Unknown, want)
	}
	// As a prefix it needs no separator: DEFAULTX is DEFAULT then X, and
	// offsets still point into the input.
	res = mustEvaluate(t, "DEFAULTX", legacy)
	if !slices.Equal(names(res.Ciphers), def) || !slices.Equal(res.Unknown, []Word{{"X", 7}}) {
		t.Errorf("DEFAULTX = %d suites, unknown %v", len(res.Ciphers), res.Unknown)
	}
}

func TestSuiteB(t *testing.T) {
	for in, want := range map[string][]string{
		"SUITEB128":      {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"},
		"SUITEB128ONLY":  {"ECDHE-ECDSA-AES128-GCM-SHA256"},
		"SUITEB128C2":    {"ECDHE-ECDSA-AES256-GCM-SHA384"},
		"SUITEB192":      {"ECDHE-ECDSA-AES256-GCM-SHA384"},
		"SUITEB128:RC4":  {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"}, // the rest is replaced
		"HIGH:SUITEB128": nil,
	} {
		res, err := Evaluate(in, legacy)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if want == nil {
			if len(res.Unknown) != 1 || res.Unknown[0].Text != "SUITEB128" {
				t.Errorf("%s: Unknown = %v, want SUITEB128 (Suite B only counts at the start)", in, res.Unknown)
			}
			continue
		}
		if got := names(res.Ciphers); !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", in, got, want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	for in, offset := range map[string]int{
		"HIGH:(x)":          5,
		"HIGH(":             4,
		"HIGH:!":            6,
		"HIGH:+":            6,
		"HIGH:ALL+":         9,
		"HIGH++MEDIUM":      5,
		"@":                 1,
		"HIGH:@FOO":         6,
		"HIGH:@STRENGTHX":   6,
		"HIGH:@SECLEVEL=6":  6,
		"HIGH:@SECLEVEL=22": 6,
		"HIGH\tMEDIUM":      4,
		"HIGH:é":            5,
		"DEFAULT:!":         9,
		"DEFAULT@NOPE":      8,
	} {
		_, err := Evaluate(in, legacy)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: err = %v, want a *SyntaxError", in, err)
			continue
		}
		if se.Offset != offset {
			t.Errorf("%q: offset %d (%s), want %d", in, se.Offset, se.Msg, offset)
		}
	}
}

func TestNoCipherMatch(t *testing.T) {
	for _, in := range []string{"", " ", ":::", "FOO", "!ALL", "HIGH:-ALL", "HIGH+MEDIUM", "HIGH+FIPS", "TLSv1+SSLv3", "PROFILE=SYSTEM", "\x00HIGH"} {
		if _, err := Evaluate(in, legacy); !errors.Is(err, ErrNoCipherMatch) {
			t.Errorf("%q: err = %v, want ErrNoCipherMatch", in, err)
		}
	}
	// A string the security level empties is valid: OpenSSL accepts it
	// and the handshake fails later.
	res, err := Evaluate("aNULL", Options{SecurityLevel: 1})
	if err != nil || len(res.Ciphers) != 0 || len(res.Configured) == 0 {
		t.Errorf("aNULL at level 1: err %v, %d effective, %d configured; want nil, 0, >0", err, len(res.Ciphers), len(res.Configured))
	}
}

func TestSecLevel(t *testing.T) {
	tests := []struct {
		name   string
		levels string // one flag per level 0..5: allowed or not
	}{
		{"NULL-SHA", "y....."},                  // no encryption: 0 bits
		{"EXP-RC4-MD5", "y....."},               // 40 bits
		{"DES-CBC-SHA", "y....."},               // 56 bits
		{"ADH-AES256-GCM-SHA384", "y....."},     // anonymous
		{"RC4-MD5", "y....."},                   // MD5 MAC
		{"RC4-SHA", "yy...."},                   // RC4 refused from level 2
		{"DES-CBC3-SHA", "yyy..."},              // 112 bits, no forward secrecy
		{"AES128-SHA", "yyy..."},                // static RSA stops at 3
		{"RSA-PSK-AES256-GCM-SHA384", "yyy..."}, // so does RSA-PSK
		{"DHE-PSK-AES128-GCM-SHA256", "yyyy.."}, // ephemeral: 128 bits up to 3
		{"ECDHE-RSA-AES128-SHA", "yyyy.."},      // 128 bits
		{"ECDHE-RSA-AES256-SHA", "yyyy.."},      // SHA-1 refused at 4 (192 > 160)
		{"ECDHE-RSA-AES256-SHA384", "yyyyyy"},   // 256 bits
		{"ECDHE-ECDSA-CHACHA20-POLY1305", "yyyyyy"},
	}
	for _, tt := range tests {
		c, ok := CipherByName(tt.name)
		if !ok {
			t.Fatalf("%s not in the table", tt.name)
		}
		for n := 0; n <= 5; n++ {
			if got, want := SecLevelAllows(n, c), tt.levels[n] == 'y'; got != want {
				t.Errorf("SecLevelAllows(%d, %s) = %v, want %v", n, tt.name, got, want)
			}
		}
	}

	// @SECLEVEL overrides the option, the last one wins, and out-of-range
	// options are clamped.
	res := mustEvaluate(t, "ALL:@SECLEVEL=3:@SECLEVEL=1", Options{SecurityLevel: 5})
	if res.SecLevel != 1 {
		t.Errorf("SecLevel = %d, want 1", res.SecLevel)
	}
	if res := mustEvaluate(t, "ALL", Options{SecurityLevel: 9}); res.SecLevel != 5 {
		t.Errorf("SecurityLevel 9: SecLevel = %d, want 5", res.SecLevel)
	}
	if res := mustEvaluate(t, "ALL", Options{SecurityLevel: -1}); res.SecLevel != 0 || len(res.Ciphers) != len(res.Configured) {
		t.Errorf("SecurityLevel -1: SecLevel = %d, filtered %d of %d", res.SecLevel, len(res.Configured)-len(res.Ciphers), len(res.Configured))
	}
}

func TestUniverse(t *testing.T) {
	res := mustEvaluate(t, "ALL:COMPLEMENTOFALL", Options{OpenSSL3Only: true})
	for _, c := range res.Ciphers {
		if !c.OpenSSL3 {
			t.Errorf("OpenSSL3Only admits %s", c.Name)
		}
	}
	if n := len(res.Ciphers); n != 155 {
		t.Errorf("OpenSSL 3 offers %d TLS 1.2 suites, want 155", n)
	}
	if n := len(mustEvaluate(t, "ALL:COMPLEMENTOFALL", legacy).Ciphers); n != len(AllCiphers()) {
		t.Errorf("legacy ALL:COMPLEMENTOFALL has %d suites, the table %d", n, len(AllCiphers()))
	}
	// Legacy names are unknown words on OpenSSL 3.
	res = mustEvaluate(t, "RC4-SHA:AES128-SHA:DES", Options{OpenSSL3Only: true})
	if want := []Word{{"RC4-SHA", 0}, {"DES", 19}}; !slices.Equal(res.Unknown, want) {
		t.Errorf("Unknown = %v, want %v", res.Unknown, want)
	}
}

// TestUniverseProjection: every rule treats each suite on its own and
// moves suites stably, so dropping the legacy suites from a legacy result
// must give exactly the OpenSSL 3 result.
func TestUniverseProjection(t *testing.T) {
	for _, s := range []string{
		"ALL", "DEFAULT", "HIGH:!aNULL:!MD5", "ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP",
		"RC4:AES:-SHA1:+kRSA:3DES:@STRENGTH", "ECDHE+AESGCM:DHE+AESGCM:ALL:+CBC:+SHA1",
	} {
		checkProjection(t, s)
	}
}

func checkProjection(t *testing.T, s string) {
	t.Helper()
	l, errL := Evaluate(s, legacy)
	o, errO := Evaluate(s, Options{OpenSSL3Only: true})
	if errL != nil || errO != nil {
		return
	}
	// A word only the legacy universe knows (RC4, EXP …) changes how the
	// rest of its element is read: OpenSSL applies "RC4!MD5" when it knows
	// RC4 but skips the whole element when it does not (checked with
	// `openssl ciphers`), so the universes may differ by more than the
	// legacy suites.
	for _, w := range o.Unknown {
		if lw, err := Evaluate(w.Text, legacy); err == nil && len(lw.Unknown) == 0 {
			return // w is a legacy-only word
		}
	}
	var proj []string
	for _, c := range l.Configured {
		if c.OpenSSL3 {
			proj = append(proj, c.Name)
		}
	}
	if !slices.Equal(proj, names(o.Configured)) {
		t.Errorf("%q: legacy result without legacy suites\n%v\n!= OpenSSL 3 result\n%v", s, proj, names(o.Configured))
	}
}

func TestTableInvariants(t *testing.T) {
	seenName := map[string]bool{}
	for i, c := range AllCiphers() {
		if i > 0 && AllCiphers()[i-1].ID >= c.ID {
			t.Errorf("table not in ID order at %s", c.Name)
		}
		for _, n := range []string{c.Name, c.IANA} {
			if seenName[n] {
				t.Errorf("duplicate name %s", n)
			}
			seenName[n] = true
		}
		if !strings.HasPrefix(c.IANA, "TLS_") {
			t.Errorf("%s: IANA name %q", c.Name, c.IANA)
		}
		for _, f := range []string{c.Kx, c.Au, c.Enc, c.Mac, c.Protocol, c.Class} {
			if f == "unknown" || f == "" {
				t.Errorf("%s: field %q", c.Name, f)
			}
		}
		if c.Bits > c.AlgBits {
			t.Errorf("%s: %d strength bits > %d key bits", c.Name, c.Bits, c.AlgBits)
		}
		if byName, _ := CipherByName(c.IANA); byName != c {
			t.Errorf("CipherByName(%s) does not find %s", c.IANA, c.Name)
		}
		if byID, _ := CipherByID(c.ID); byID != c {
			t.Errorf("CipherByID(0x%04X) does not find %s", c.ID, c.Name)
		}
		if _, isAlias := aliases[c.Name]; isAlias {
			t.Errorf("%s is both a suite and an alias", c.Name)
		}
	}
	for _, name := range Intermediate().Ciphers {
		if c, ok := CipherByName(name); !ok || !c.OpenSSL3 {
			t.Errorf("the intermediate profile's %s is not an OpenSSL 3 suite in the table", name)
		}
	}
}

func TestProfileAllows(t *testing.T) {
	inter, modern := Intermediate(), Modern()
	for _, name := range []string{"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305"} {
		c, _ := CipherByName(name)
		if !inter.Allows(c) {
			t.Errorf("intermediate does not allow %s", name)
		}
		if modern.Allows(c) {
			t.Errorf("modern (TLS 1.3 only) allows %s", name)
		}
	}
	for _, name := range []string{"ECDHE-RSA-AES128-SHA", "DHE-RSA-AES128-GCM-SHA256", "AES128-GCM-SHA256"} {
		c, _ := CipherByName(name)
		if inter.Allows(c) {
			t.Errorf("intermediate allows %s", name)
		}
	}
	// The profile's own string yields exactly its suites, in its order.
	got := mustEvaluate(t, inter.CipherString(), Options{OpenSSL3Only: true, SecurityLevel: 2})
	if !slices.Equal(names(got.Ciphers), inter.Ciphers) {
		t.Errorf("intermediate string = %v, want %v", names(got.Ciphers), inter.Ciphers)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"nginx-default", "HIGH:!aNULL:!MD5"},
		{"faq-nginx", "ALL:!ADH:!EXPORT56:RC4+RSA:+HIGH:+MEDIUM:+LOW:+SSLv2:+EXP"},
		{"mozilla-intermediate", Intermediate().CipherString()},
		{"default-seclevel2", "DEFAULT:@SECLEVEL=2"},
	} {
		s := bc.s
		for _, opts := range []Options{legacy, {OpenSSL3Only: true, SecurityLevel: 2}} {
			name := "legacy/"
			if opts.OpenSSL3Only {
				name = "openssl3/"
			}
			b.Run(name+bc.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Evaluate(s, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestBangAfterAliasDependsOnKnownAlias pins what `openssl ciphers` does
// with "X+Y!Z": when Y is known the "!Z" applies, when it is not the whole
// element is skipped. RC4 is known only in the legacy universe.
func TestBangAfterAliasDependsOnKnownAlias(t *testing.T) {
	has := func(opts Options, name string) bool {
		res, err := Evaluate("SSLv3 SSLv3+RC4!MD5", opts)
		if err != nil {
			t.Fatal(err)
		}
		return nameSet(res.Configured)[name]
	}
	if has(Options{}, "NULL-MD5") {
		t.Error("legacy universe: RC4 is known, so !MD5 applies and NULL-MD5 must be gone")
	}
	if !has(Options{OpenSSL3Only: true}, "NULL-MD5") {
		t.Error("OpenSSL 3 universe: RC4 is unknown, so the element is skipped and NULL-MD5 stays")
	}
}
