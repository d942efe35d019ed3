package certs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/testenv"
)

func TestDue(t *testing.T) {
	ca := testenv.NewCA(t)
	now := time.Now()
	names := []string{"chat.example.com", "www.chat.example.com"}
	dir := t.TempDir()
	write := func(name string, o testenv.LeafOptions) (string, string) {
		l := ca.Issue(t, o).WriteFiles(t, dir, name)
		return l.CertFile, l.KeyFile
	}
	freshCert, freshKey := write("fresh", testenv.LeafOptions{DNSNames: names, NotAfter: now.Add(60 * 24 * time.Hour)})
	soonCert, soonKey := write("soon", testenv.LeafOptions{DNSNames: names, NotAfter: now.Add(10 * 24 * time.Hour)})
	pastCert, pastKey := write("past", testenv.LeafOptions{DNSNames: names, NotBefore: now.Add(-100 * 24 * time.Hour), NotAfter: now.Add(-24 * time.Hour)})
	narrowCert, narrowKey := write("narrow", testenv.LeafOptions{DNSNames: names[:1], NotAfter: now.Add(60 * 24 * time.Hour)})
	_, otherKey := write("other", testenv.LeafOptions{DNSNames: names})
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not a certificate\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name          string
		cert, key     string
		due           bool
		reason        string
		exists, valid bool
	}{
		{"fresh", freshCert, freshKey, false, "valid until", true, true},
		{"within the window", soonCert, soonKey, true, "renewal is due within 30 days", true, true},
		{"expired", pastCert, pastKey, true, "expired", true, true},
		{"missing alias", narrowCert, narrowKey, true, "does not cover www.chat.example.com", true, true},
		{"missing file", filepath.Join(dir, "none.pem"), freshKey, true, "there is no certificate at", false, false},
		{"key of another certificate", freshCert, otherKey, true, "does not belong to the certificate", true, false},
		{"unparsable certificate", garbage, freshKey, true, "no PEM certificate found", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cur := Inspect(tc.cert, tc.key)
			if cur.Exists != tc.exists || (cur.Err == nil) != tc.valid {
				t.Errorf("Exists=%v Err=%v, want Exists=%v usable=%v", cur.Exists, cur.Err, tc.exists, tc.valid)
			}
			due, reason := cur.due(names, now, 30*24*time.Hour)
			if due != tc.due || !strings.Contains(reason, tc.reason) {
				t.Errorf("due=%v %q, want due=%v with %q", due, reason, tc.due, tc.reason)
			}
		})
	}
}

func TestSelfSignedEnsure(t *testing.T) {
	dir := t.TempDir()
	req := Request{Names: []string{"dev.example.com", "localhost.example.com"}, CertFile: filepath.Join(dir, "c.pem"), KeyFile: filepath.Join(dir, "k.pem"), KeyType: ECDSAP384}
	res, err := Ensure(context.Background(), &SelfSigned{}, req, Policy{RenewWithin: 30 * 24 * time.Hour})
	if err != nil || res.Action != Issued {
		t.Fatalf("%v %v, want issued", res, err)
	}
	cur := Inspect(req.CertFile, req.KeyFile)
	if cur.Err != nil || !cur.SelfSigned() {
		t.Fatalf("installed pair: %v, self-signed %v", cur.Err, cur.SelfSigned())
	}
	for _, n := range req.Names {
		if err := cur.Leaf.VerifyHostname(n); err != nil {
			t.Error(err)
		}
	}
	if d := time.Until(cur.Leaf.NotAfter); d < 89*24*time.Hour || d > 91*24*time.Hour {
		t.Errorf("valid for %v, want 90 days", d)
	}
	if res, err := Ensure(context.Background(), &SelfSigned{}, req, Policy{RenewWithin: 30 * 24 * time.Hour}); err != nil || res.Action != Unchanged {
		t.Errorf("second run: %v %v, want unchanged", res, err)
	}
	// A CA-issued certificate is never mistaken for a self-signed one.
	leaf := testenv.NewCA(t).Issue(t, testenv.LeafOptions{DNSNames: req.Names}).WriteFiles(t, dir, "issued")
	if Inspect(leaf.CertFile, leaf.KeyFile).SelfSigned() {
		t.Error("a CA-issued certificate reported as self-signed")
	}
}

func TestDays(t *testing.T) {
	for d, want := range map[time.Duration]string{
		90 * time.Minute:     "1 hour",
		5 * time.Hour:        "5 hours",
		36 * time.Hour:       "1 day",
		30 * 24 * time.Hour:  "30 days",
		-30 * 24 * time.Hour: "0 hours",
	} {
		if got := Days(d); got != want {
			t.Errorf("Days(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestParseKeyType(t *testing.T) {
	if k, err := ParseKeyType(""); err != nil || k != ECDSAP256 {
		t.Errorf(`ParseKeyType("") = %v, %v`, k, err)
	}
	for _, k := range KeyTypes {
		if got, err := ParseKeyType(string(k)); err != nil || got != k {
			t.Errorf("ParseKeyType(%q) = %v, %v", k, got, err)
		}
	}
	if _, err := ParseKeyType("ed25519"); err == nil || !strings.Contains(err.Error(), "ecdsa-p256, ecdsa-p384, rsa2048, rsa4096") {
		t.Errorf("ParseKeyType(ed25519) = %v, want the valid types listed", err)
	}
}

// FuzzParse feeds arbitrary file contents to the certificate and key
// readers, which see whatever sits at the spec's paths.
func FuzzParse(f *testing.F) {
	ca := testenv.NewCA(f)
	leaf := ca.Issue(f, testenv.LeafOptions{DNSNames: []string{"a.example.com"}})
	f.Add(leaf.CertPEM)
	f.Add(leaf.KeyPEM)
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
	f.Add([]byte("-----BEGIN EC PRIVATE KEY-----\n\n-----END EC PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if chain, err := parseChain(data); err == nil && len(chain) == 0 {
			t.Error("parseChain returned no certificates and no error")
		}
		if k, err := parseKey(data); err == nil && k == nil {
			t.Error("parseKey returned no key and no error")
		}
	})
}
