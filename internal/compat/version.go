// Package compat knows which directives each nginx, Apache and OpenSSL
// version accepts. Every version-dependent choice in wssgen (render and lint
// alike) is a Gate in gates.go, so a release that changes behaviour is one
// table row, not a hunt through templates and rules.
package compat

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a dotted release number such as 1.25.1 or 3.0. Missing
// components count as zero, so 3.0 equals 3.0.0.
type Version struct {
	Major, Minor, Patch int
}

// ParseVersion reads "1", "1.25" or "1.25.1". Suffixes that distributions
// append ("1.22.1-9+deb12u2", "3.0.11a") are ignored after the numbers.
func ParseVersion(s string) (Version, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "v")
	if s == "" {
		return Version{}, fmt.Errorf("empty version")
	}
	var parts [3]int
	n := 0
	for n < 3 {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return Version{}, fmt.Errorf("version %q: expected a number like 1.25.1", orig)
		}
		v, err := strconv.Atoi(s[:i])
		if err != nil || v > 1_000_000 {
			return Version{}, fmt.Errorf("version %q: component out of range", orig)
		}
		parts[n] = v
		n++
		s = s[i:]
		if s == "" || s[0] != '.' {
			break
		}
		s = s[1:]
		if s == "" {
			return Version{}, fmt.Errorf("version %q: trailing dot", orig)
		}
	}
	if s != "" && (s[0] == '.' || (s[0] >= '0' && s[0] <= '9')) {
		return Version{}, fmt.Errorf("version %q: too many components", orig)
	}
	return Version{parts[0], parts[1], parts[2]}, nil
}

// MustParse is ParseVersion for literals in tables; it panics on bad input.
func MustParse(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// Compare returns -1, 0 or +1.
func (v Version) Compare(w Version) int {
	for _, d := range [3]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
	}
	return 0
}

// AtLeast reports whether v >= w.
func (v Version) AtLeast(w Version) bool { return v.Compare(w) >= 0 }

// IsZero reports whether v is the unset version.
func (v Version) IsZero() bool { return v == Version{} }

func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}
