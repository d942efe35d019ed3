package compat

import "testing"

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
		err  bool
	}{
		{"1.25.1", Version{1, 25, 1}, false},
		{"3.0", Version{3, 0, 0}, false},
		{"2", Version{2, 0, 0}, false},
		{"v1.22.1", Version{1, 22, 1}, false},
		{"1.22.1-9+deb12u2", Version{1, 22, 1}, false},
		{"3.0.11a", Version{3, 0, 11}, false},
		{"", Version{}, true},
		{"1.x", Version{}, true},
		{"1.", Version{}, true},
		{"1.2.3.4", Version{}, true},
		{"abc", Version{}, true},
		{"99999999.1", Version{}, true},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseVersion(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseVersion(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	if !MustParse("1.25.1").AtLeast(MustParse("1.25.1")) || MustParse("1.25.0").AtLeast(MustParse("1.25.1")) {
		t.Fatal("AtLeast is wrong at the boundary")
	}
	if MustParse("1.9").Compare(MustParse("1.10")) != -1 {
		t.Fatal("components must compare numerically, not as strings")
	}
}

// TestGates pins every gate at its boundary: one release before Since is
// off, Since itself is on, and an unknown version gets the safe answer.
func TestGates(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range All {
		if g.Name == "" || g.Doc == "" {
			t.Errorf("gate %+v needs a name and a source", g)
		}
		if seen[g.Name] {
			t.Errorf("duplicate gate name %q", g.Name)
		}
		seen[g.Name] = true
		before := g.Since
		switch {
		case before.Patch > 0:
			before.Patch--
		case before.Minor > 0:
			before.Minor--
			before.Patch = 99
		default:
			before.Major--
		}
		if g.Enabled(before) {
			t.Errorf("%s: enabled at %s, before %s", g.Name, before, g.Since)
		}
		if !g.Enabled(g.Since) {
			t.Errorf("%s: not enabled at %s", g.Name, g.Since)
		}
		if g.Enabled(Version{}) != g.Unknown {
			t.Errorf("%s: unknown version gives %v, want %v", g.Name, g.Enabled(Version{}), g.Unknown)
		}
	}
	// The facts the renderer and linter depend on, stated once more.
	facts := []struct {
		g    *Gate
		v    string
		want bool
	}{
		{NginxHTTP2Directive, "1.25.0", false},
		{NginxHTTP2Directive, "1.25.1", true},
		{NginxSSLOnRemoved, "1.25.1", true},
		{NginxAutoTicketKeys, "1.23.1", false},
		{NginxModernDefaultProtocols, "1.27.3", true},
		{ApacheUpgradeWebsocket, "2.4.46", false},
		{ApacheUpgradeWebsocket, "2.4.47", true},
		{OpenSSLMLKEM, "3.4.1", false},
		{OpenSSLMLKEM, "3.5", true},
	}
	for _, f := range facts {
		if got := f.g.Enabled(MustParse(f.v)); got != f.want {
			t.Errorf("%s at %s = %v, want %v", f.g.Name, f.v, got, f.want)
		}
	}
}

func TestCheckSupported(t *testing.T) {
	if err := CheckSupported(Nginx, MustParse("1.16.1")); err == nil {
		t.Error("nginx 1.16 should be refused")
	}
	if err := CheckSupported(Apache, MustParse("2.4.35")); err == nil {
		t.Error("Apache 2.4.35 should be refused")
	}
	if err := CheckSupported(Nginx, Version{}); err != nil {
		t.Errorf("unknown version refused: %v", err)
	}
}
