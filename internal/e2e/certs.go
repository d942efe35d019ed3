package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/testenv"
)

// Cert is a test CA with a server certificate for localhost and 127.0.0.1,
// written to disk for a server to load.
type Cert struct {
	CA   *testenv.CA
	Leaf *testenv.Leaf
	// Pool trusts only the test CA.
	Pool *x509.CertPool
	// CAFile is the CA certificate in PEM, for clients like s_client.
	CAFile string
}

// The leaf key is RSA on purpose: a static-RSA cipher suite can only be
// negotiated with an RSA certificate, so with an ECDSA key every server
// would refuse it whatever its cipher list says, and the posture probe for
// it would prove nothing. Generating RSA keys is slow under the race
// detector; one key serves all tests (each still gets its own CA and
// certificate).
var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
	rsaErr  error
)

func sharedRSAKey() (*rsa.PrivateKey, error) {
	rsaOnce.Do(func() { rsaKey, rsaErr = rsa.GenerateKey(rand.Reader, 2048) })
	return rsaKey, rsaErr
}

// NewCert creates a CA and a certificate for DNS:localhost and
// IP:127.0.0.1, and writes the chain to dir/server.pem, the key, mode 0600,
// to dir/server.key and the CA to dir/ca.pem.
func NewCert(t testing.TB, dir string) *Cert {
	t.Helper()
	key, err := sharedRSAKey()
	if err != nil {
		t.Fatalf("generate RSA key: %v", err)
	}
	ca := testenv.NewCA(t)
	leaf := ca.Issue(t, testenv.LeafOptions{
		DNSNames: []string{"localhost"},
		IPs:      []net.IP{net.IPv4(127, 0, 0, 1)},
		NotAfter: time.Now().Add(24 * time.Hour),
		Key:      key,
	}).WriteFiles(t, dir, "server")
	fi, err := os.Stat(leaf.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file %s has mode %v, want 0600", leaf.KeyFile, fi.Mode().Perm())
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	return &Cert{CA: ca, Leaf: leaf, Pool: pool, CAFile: caFile}
}

// ClientConfig is a TLS client configuration that trusts only the test CA
// and expects the name localhost.
func (c *Cert) ClientConfig() *tls.Config {
	return &tls.Config{RootCAs: c.Pool, ServerName: "localhost"}
}

// WorkDir makes a directory for one test's server files and removes it
// when the test ends. Run as root, nginx workers drop to nobody and Apache
// children to www-data; they must still read the ACME webroot, so the
// directory is world-searchable (0755) where t.TempDir's parent is not.
// The private key inside keeps mode 0600: both servers read it before they
// drop privileges.
func WorkDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "wssgen-e2e-")
	if err != nil {
		t.Fatalf("work dir: %v", err)
	}
	t.Cleanup(func() {
		// A server that was just killed may still be writing its logs.
		for i := 0; i < 20; i++ {
			if err := os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Errorf("remove %s: directory still busy", dir)
	})
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("work dir: %v", err)
	}
	return dir
}
