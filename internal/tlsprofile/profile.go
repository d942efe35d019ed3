// Package tlsprofile holds the Mozilla Server Side TLS recommendations that
// wssgen renders and lints against, and an evaluator for OpenSSL cipher
// strings so lint can judge what a cipher list really enables.
package tlsprofile

import (
	"fmt"
	"sort"
	"strings"
)

// GuidelinesVersion is the Mozilla Server Side TLS release the data below
// follows (ssl-config.mozilla.org/guidelines/6.0.json).
const GuidelinesVersion = "6.0"

// Profile is one Mozilla configuration.
type Profile struct {
	Name string
	// Protocols in OpenSSL/nginx spelling, lowest first.
	Protocols []string
	// Ciphers are the TLS 1.2 suites in OpenSSL names, in recommended order.
	// Empty for modern, which is TLS 1.3 only.
	Ciphers []string
	// Ciphersuites are the TLS 1.3 suites (OpenSSL's defaults already).
	Ciphersuites []string
	// Curves in preference order. PostQuantumCurves are prepended when the
	// OpenSSL build supports them (3.5+).
	Curves            []string
	PostQuantumCurves []string
	// HSTSMaxAge in seconds.
	HSTSMaxAge int
	// CertificateTypes the profile accepts ("ecdsa", "rsa").
	CertificateTypes []string
	// MinRSABits is the smallest acceptable RSA key, 0 when RSA is not allowed.
	MinRSABits int
	// ServerPreferredOrder is false in both 6.0 profiles: clients pick, since
	// every offered suite is strong.
	ServerPreferredOrder bool
}

// CipherString joins Ciphers with ':' as nginx and Apache expect.
func (p *Profile) CipherString() string { return strings.Join(p.Ciphers, ":") }

// CurveList returns the curves for an OpenSSL build, with the post-quantum
// hybrid group first when pq is true.
func (p *Profile) CurveList(pq bool) []string {
	if !pq {
		return append([]string(nil), p.Curves...)
	}
	return append(append([]string(nil), p.PostQuantumCurves...), p.Curves...)
}

var profiles = map[string]*Profile{
	"intermediate": {
		Name:      "intermediate",
		Protocols: []string{"TLSv1.2", "TLSv1.3"},
		Ciphers: []string{
			"ECDHE-ECDSA-AES128-GCM-SHA256",
			"ECDHE-RSA-AES128-GCM-SHA256",
			"ECDHE-ECDSA-AES256-GCM-SHA384",
			"ECDHE-RSA-AES256-GCM-SHA384",
			"ECDHE-ECDSA-CHACHA20-POLY1305",
			"ECDHE-RSA-CHACHA20-POLY1305",
		},
		Ciphersuites:      []string{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"},
		Curves:            []string{"X25519", "prime256v1", "secp384r1"},
		PostQuantumCurves: []string{"X25519MLKEM768"},
		HSTSMaxAge:        63072000,
		CertificateTypes:  []string{"ecdsa", "rsa"},
		MinRSABits:        2048,
	},
	"modern": {
		Name:              "modern",
		Protocols:         []string{"TLSv1.3"},
		Ciphersuites:      []string{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"},
		Curves:            []string{"X25519", "prime256v1", "secp384r1"},
		PostQuantumCurves: []string{"X25519MLKEM768"},
		HSTSMaxAge:        63072000,
		CertificateTypes:  []string{"ecdsa"},
	},
}

// Names lists the profile names, sorted.
func Names() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the named profile. The error for "old" says why it is gone.
func Lookup(name string) (*Profile, error) {
	if p, ok := profiles[name]; ok {
		return p, nil
	}
	if name == "old" {
		return nil, fmt.Errorf(`profile "old" was removed from the Mozilla Server Side TLS guidelines in version 6.0; use "intermediate" or "modern"`)
	}
	return nil, fmt.Errorf("unknown TLS profile %q; valid profiles are %s", name, quoteJoin(Names()))
}

// Intermediate returns the intermediate profile, the default.
func Intermediate() *Profile { return profiles["intermediate"] }

// Modern returns the modern profile.
func Modern() *Profile { return profiles["modern"] }

func quoteJoin(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
