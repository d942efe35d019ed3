package testenv

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// CA is a throw-away certificate authority for tests.
type CA struct {
	Cert    *x509.Certificate
	Key     crypto.Signer
	CertPEM []byte
}

// NewCA creates a CA valid for a day.
func NewCA(t testing.TB) *CA {
	t.Helper()
	ca, err := GenerateCA()
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// GenerateCA is NewCA for callers without a testing.TB (testscript commands).
func GenerateCA() (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: "wssgen test CA"},
		NotBefore:             time.Now().Add(-7 * 24 * time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	return &CA{Cert: cert, Key: key, CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// LeafOptions shape a test server certificate.
type LeafOptions struct {
	DNSNames  []string
	IPs       []net.IP
	NotBefore time.Time // default: an hour ago
	NotAfter  time.Time // default: in 90 days
	// OCSPServer puts an OCSP responder URL into the certificate, so
	// servers configured for stapling do not warn.
	OCSPServer string
	// Key is the leaf key; nil generates an ECDSA P-256 key.
	Key crypto.Signer
}

// Leaf is an issued certificate with its key, PEM encoded.
type Leaf struct {
	Cert     *x509.Certificate
	Key      crypto.Signer
	CertPEM  []byte // leaf followed by the CA, as servers want it
	KeyPEM   []byte
	CertFile string // set by WriteFiles
	KeyFile  string
}

// Issue signs a leaf certificate.
func (ca *CA) Issue(t testing.TB, o LeafOptions) *Leaf {
	t.Helper()
	l, err := ca.IssueLeaf(o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// IssueLeaf is Issue for callers without a testing.TB.
func (ca *CA) IssueLeaf(o LeafOptions) (*Leaf, error) {
	key := o.Key
	if key == nil {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		key = k
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = time.Now().Add(90 * 24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		Subject:      pkix.Name{CommonName: first(o.DNSNames)},
		DNSNames:     o.DNSNames,
		IPAddresses:  o.IPs,
		NotBefore:    o.NotBefore,
		NotAfter:     o.NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if o.OCSPServer != "" {
		tmpl.OCSPServer = []string{o.OCSPServer}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	chain := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), ca.CertPEM...)
	return &Leaf{
		Cert:    cert,
		Key:     key,
		CertPEM: chain,
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
	}, nil
}

// WriteFiles writes the chain to dir/name.pem and the key (mode 0600) to
// dir/name.key, recording the paths in the Leaf.
func (l *Leaf) WriteFiles(t testing.TB, dir, name string) *Leaf {
	t.Helper()
	if err := l.Write(dir, name); err != nil {
		t.Fatal(err)
	}
	return l
}

// Write is WriteFiles for callers without a testing.TB.
func (l *Leaf) Write(dir, name string) error {
	l.CertFile = filepath.Join(dir, name+".pem")
	l.KeyFile = filepath.Join(dir, name+".key")
	if err := os.WriteFile(l.CertFile, l.CertPEM, 0o644); err != nil {
		return err
	}
	return os.WriteFile(l.KeyFile, l.KeyPEM, 0o600)
}

// SPKIHash is the base64 SHA-256 of the leaf's public key, the form
// Chromium's --ignore-certificate-errors-spki-list takes.
func (l *Leaf) SPKIHash() string {
	sum := sha256.Sum256(l.Cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func serial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// Intermediate creates a CA signed by ca. Certificates it issues carry only
// the intermediate in their chain, so tests can drop or reorder it. A zero
// notAfter means a day from now.
func (ca *CA) Intermediate(t testing.TB, notAfter time.Time) *CA {
	t.Helper()
	ic, err := ca.NewIntermediate(notAfter)
	if err != nil {
		t.Fatal(err)
	}
	return ic
}

// NewIntermediate is Intermediate for callers without a testing.TB.
func (ca *CA) NewIntermediate(notAfter time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	if notAfter.IsZero() {
		notAfter = time.Now().Add(24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: "wssgen test intermediate"},
		NotBefore:             time.Now().Add(-7 * 24 * time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	return &CA{Cert: cert, Key: key, CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}
