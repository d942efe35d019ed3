package tlsprofile

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	for _, name := range []string{"intermediate", "modern"} {
		p, err := Lookup(name)
		if err != nil || p.Name != name {
			t.Fatalf("Lookup(%q) = %v, %v", name, p, err)
		}
	}
	_, err := Lookup("old")
	if err == nil || !strings.Contains(err.Error(), "removed") || !strings.Contains(err.Error(), "6.0") {
		t.Fatalf(`Lookup("old") error = %v, want it to say the profile was removed in 6.0`, err)
	}
	_, err = Lookup("nope")
	if err == nil || !strings.Contains(err.Error(), `"intermediate", "modern"`) {
		t.Fatalf("unknown profile error = %v, want the valid names listed", err)
	}
}

// TestProfilesMatchGuidelines pins the Mozilla 6.0 facts the output relies on.
func TestProfilesMatchGuidelines(t *testing.T) {
	im := Intermediate()
	if got := strings.Join(im.Protocols, " "); got != "TLSv1.2 TLSv1.3" {
		t.Errorf("intermediate protocols = %q", got)
	}
	for _, c := range im.Ciphers {
		if !strings.HasPrefix(c, "ECDHE-") || !(strings.Contains(c, "GCM") || strings.Contains(c, "CHACHA20")) {
			t.Errorf("intermediate cipher %q is not ECDHE with an AEAD", c)
		}
	}
	if len(im.Ciphers) != 6 {
		t.Errorf("intermediate has %d ciphers, 6.0 lists 6 (DHE was dropped)", len(im.Ciphers))
	}
	mo := Modern()
	if got := strings.Join(mo.Protocols, " "); got != "TLSv1.3" || len(mo.Ciphers) != 0 {
		t.Errorf("modern = %q with %d TLS 1.2 ciphers, want TLS 1.3 only", got, len(mo.Ciphers))
	}
	if got := strings.Join(im.CurveList(true), ":"); got != "X25519MLKEM768:X25519:prime256v1:secp384r1" {
		t.Errorf("curves with ML-KEM = %q", got)
	}
	if got := strings.Join(im.CurveList(false), ":"); got != "X25519:prime256v1:secp384r1" {
		t.Errorf("curves without ML-KEM = %q", got)
	}
	if im.HSTSMaxAge != 63072000 || im.ServerPreferredOrder {
		t.Error("HSTS max-age must be two years and server order off")
	}
}
