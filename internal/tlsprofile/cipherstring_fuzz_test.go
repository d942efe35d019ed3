package tlsprofile

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
)

func aliasNames() []string {
	out := make([]string, 0, len(aliases))
	for n := range aliases {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FuzzEvaluate checks what must hold for any input: no panic, results
// drawn from the table without duplicates, the security level only
// removing, offsets pointing into the input, the two universes agreeing,
// and "!X:" at the front keeping every member of X out.
func FuzzEvaluate(f *testing.F) {
	for _, s := range []string{"HIGH:!aNULL:!MD5", "DEFAULT", "ALL:+MEDIUM", "SUITEB128", "@SECLEVEL=3:ALL"} {
		f.Add(s, uint8(0))
	}
	words := aliasNames()
	f.Fuzz(func(t *testing.T, s string, pick uint8) {
		for _, opts := range []Options{{}, {OpenSSL3Only: true}, {SecurityLevel: int(pick % 7)}} {
			res, err := Evaluate(s, opts)
			if err != nil {
				var se *SyntaxError
				if !errors.As(err, &se) && !errors.Is(err, ErrNoCipherMatch) {
					t.Fatalf("%q: unexpected error %v", s, err)
				}
				continue
			}
			checkResult(t, s, opts, res)
		}
		checkProjection(t, s)

		x := words[int(pick)%len(words)]
		members := map[string]bool{}
		if res, err := Evaluate(x, Options{}); err == nil {
			members = nameSet(res.Configured)
		}
		if res, err := Evaluate("!"+x+":"+s, Options{}); err == nil {
			for _, c := range res.Configured {
				if members[c.Name] {
					t.Fatalf("!%s:%s contains %s", x, s, c.Name)
				}
			}
		}
	})
}

func checkResult(t *testing.T, s string, opts Options, res *Result) {
	t.Helper()
	if len(res.Configured) == 0 {
		t.Fatalf("%q: success with nothing configured", s)
	}
	if res.SecLevel < 0 || res.SecLevel > 5 {
		t.Fatalf("%q: SecLevel %d", s, res.SecLevel)
	}
	seen := map[*Cipher]bool{}
	for _, c := range res.Configured {
		if byID, ok := CipherByID(c.ID); !ok || byID != c {
			t.Fatalf("%q: %s is not from the table", s, c.Name)
		}
		if seen[c] {
			t.Fatalf("%q: %s listed twice", s, c.Name)
		}
		seen[c] = true
		if opts.OpenSSL3Only && !c.OpenSSL3 {
			t.Fatalf("%q: OpenSSL3Only admits %s", s, c.Name)
		}
	}
	// Ciphers is Configured filtered by the level, order kept.
	var want []*Cipher
	for _, c := range res.Configured {
		if SecLevelAllows(res.SecLevel, c) {
			want = append(want, c)
		}
	}
	if !slices.Equal(want, res.Ciphers) {
		t.Fatalf("%q: Ciphers is not Configured filtered by level %d", s, res.SecLevel)
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	for _, w := range res.Unknown {
		if w.Offset < 0 || w.Offset+len(w.Text) > len(s) || s[w.Offset:w.Offset+len(w.Text)] != w.Text {
			if !strings.HasPrefix(s, "SUITEB") {
				t.Fatalf("%q: unknown word %q at offset %d is not there", s, w.Text, w.Offset)
			}
		}
	}
}
