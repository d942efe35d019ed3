package certcheck

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/internal/testenv"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

type fixture struct {
	root  *testenv.CA
	inter *testenv.CA
	dir   string
}

func newFixture(t *testing.T) *fixture {
	root := testenv.NewCA(t)
	return &fixture{root: root, inter: root.Intermediate(t, time.Time{}), dir: t.TempDir()}
}

func (f *fixture) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(f.root.Cert)
	return p
}

func site(leaf *testenv.Leaf, profile string, names ...string) *spec.Site {
	p, _ := tlsprofile.Lookup(profile)
	s := &spec.Site{Name: "chat", Domain: names[0], Aliases: names[1:]}
	s.TLS = spec.TLS{Certificate: leaf.CertFile, Key: leaf.KeyFile, Profile: p}
	return s
}

// statuses returns check name -> status, failing the test on a check that
// reports twice.
func statuses(t *testing.T, rs []Result) map[string]Status {
	t.Helper()
	m := map[string]Status{}
	for _, r := range rs {
		if _, dup := m[r.Check]; dup {
			t.Fatalf("check %s reported twice: %+v", r.Check, rs)
		}
		m[r.Check] = r.Status
	}
	return m
}

func message(rs []Result, check string) string {
	for _, r := range rs {
		if r.Check == check {
			return r.Message
		}
	}
	return ""
}

func TestGoodPairPasses(t *testing.T) {
	f := newFixture(t)
	leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: []string{"chat.example.com", "ws.example.com"}})
	leaf.WriteFiles(t, f.dir, "good")
	rs := Check(site(leaf, "intermediate", "chat.example.com", "ws.example.com"), Options{MinValidity: 21 * 24 * time.Hour, Roots: f.pool()})
	for _, r := range rs {
		if r.Status != Pass {
			t.Errorf("%s: %s %s", r.Check, r.Status, r.Message)
		}
	}
	if got := statuses(t, rs); len(got) != 8 {
		t.Errorf("ran %d checks, want 8 (ocsp only when asked): %v", len(got), got)
	}
}

func TestFailures(t *testing.T) {
	f := newFixture(t)
	names := []string{"chat.example.com"}
	opts := Options{MinValidity: 21 * 24 * time.Hour, Roots: f.pool()}

	t.Run("expired", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names, NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-time.Hour)})
		leaf.WriteFiles(t, f.dir, "expired")
		rs := Check(site(leaf, "intermediate", names...), opts)
		if statuses(t, rs)["cert-validity"] != Fail || !strings.Contains(message(rs, "cert-validity"), "expired") {
			t.Errorf("expired leaf: %+v", rs)
		}
	})
	t.Run("too short", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names, NotAfter: time.Now().Add(10 * 24 * time.Hour)})
		leaf.WriteFiles(t, f.dir, "short")
		rs := Check(site(leaf, "intermediate", names...), opts)
		if statuses(t, rs)["cert-validity"] != Fail || !strings.Contains(message(rs, "cert-validity"), "less than the required 21 days") {
			t.Errorf("short leaf: %+v", rs)
		}
	})
	t.Run("other name", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: []string{"other.example.com"}})
		leaf.WriteFiles(t, f.dir, "other")
		rs := Check(site(leaf, "intermediate", "chat.example.com", "ws.example.com"), opts)
		if statuses(t, rs)["cert-names"] != Fail || !strings.Contains(message(rs, "cert-names"), "chat.example.com, ws.example.com") {
			t.Errorf("wrong names: %+v", rs)
		}
	})
	t.Run("key mismatch", func(t *testing.T) {
		a := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names}).WriteFiles(t, f.dir, "a")
		b := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names}).WriteFiles(t, f.dir, "b")
		a.KeyFile = b.KeyFile
		rs := Check(site(a, "intermediate", names...), opts)
		if statuses(t, rs)["key-match"] != Fail {
			t.Errorf("mismatched key: %+v", rs)
		}
	})
	t.Run("missing intermediate", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names})
		leaf.CertPEM = leaf.CertPEM[:strings.Index(string(leaf.CertPEM), "-----END CERTIFICATE-----")+len("-----END CERTIFICATE-----\n")]
		leaf.WriteFiles(t, f.dir, "nochain")
		rs := Check(site(leaf, "intermediate", names...), opts)
		if statuses(t, rs)["cert-chain"] != Fail || !strings.Contains(message(rs, "cert-chain"), "intermediate is missing") {
			t.Errorf("missing intermediate: %+v", rs)
		}
	})
	t.Run("wrong order", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names})
		leafOnly := leaf.CertPEM[:strings.Index(string(leaf.CertPEM), "-----END CERTIFICATE-----")+len("-----END CERTIFICATE-----\n")]
		leaf.CertPEM = append(append(append([]byte(nil), leafOnly...), f.root.CertPEM...), f.inter.CertPEM...)
		leaf.WriteFiles(t, f.dir, "order")
		rs := Check(site(leaf, "intermediate", names...), opts)
		if statuses(t, rs)["cert-chain"] != Fail || !strings.Contains(message(rs, "cert-chain"), "out of order") {
			t.Errorf("misordered chain: %+v", rs)
		}
	})
	t.Run("expired intermediate", func(t *testing.T) {
		old := f.root.Intermediate(t, time.Now().Add(-time.Minute))
		leaf := old.Issue(t, testenv.LeafOptions{DNSNames: names, NotBefore: time.Now().Add(-time.Hour)})
		leaf.WriteFiles(t, f.dir, "oldinter")
		rs := Check(site(leaf, "intermediate", names...), opts)
		if statuses(t, rs)["cert-chain"] != Fail || !strings.Contains(message(rs, "cert-chain"), "expired") {
			t.Errorf("expired intermediate: %+v", rs)
		}
	})
	t.Run("key readable by others", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names}).WriteFiles(t, f.dir, "perm")
		if err := os.Chmod(leaf.KeyFile, 0o644); err != nil {
			t.Fatal(err)
		}
		rs := Check(site(leaf, "intermediate", names...), opts)
		if statuses(t, rs)["key-perms"] != Fail || !strings.Contains(message(rs, "key-perms"), "0644") {
			t.Errorf("0644 key: %+v", rs)
		}
	})
	t.Run("rsa under modern", func(t *testing.T) {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names, Key: k}).WriteFiles(t, f.dir, "rsa")
		if st := statuses(t, Check(site(leaf, "intermediate", names...), opts))["cert-key-type"]; st != Pass {
			t.Errorf("RSA 2048 under intermediate = %v", st)
		}
		if st := statuses(t, Check(site(leaf, "modern", names...), opts))["cert-key-type"]; st != Fail {
			t.Errorf("RSA under modern = %v", st)
		}
	})
	t.Run("ocsp asked but absent", func(t *testing.T) {
		leaf := f.inter.Issue(t, testenv.LeafOptions{DNSNames: names}).WriteFiles(t, f.dir, "ocsp")
		s := site(leaf, "intermediate", names...)
		s.TLS.OCSPStapling = true
		if st := statuses(t, Check(s, opts))["cert-ocsp"]; st != Warn {
			t.Errorf("ocsp without responder = %v", st)
		}
	})
	t.Run("missing files", func(t *testing.T) {
		s := &spec.Site{Name: "x", Domain: "chat.example.com"}
		s.TLS = spec.TLS{Certificate: filepath.Join(f.dir, "none.pem"), Key: filepath.Join(f.dir, "none.key"), Profile: tlsprofile.Intermediate()}
		got := statuses(t, Check(s, opts))
		if got["cert-parse"] != Fail || got["key-parse"] != Fail {
			t.Errorf("missing files: %v", got)
		}
	})
}
