package certs

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"
)

// SelfSigned issues certificates signed by their own key, for development
// machines where no CA can reach the site. Browsers do not trust them
// unless told to; wssgen replaces one with a CA-issued certificate the
// first time it runs with ACME.
type SelfSigned struct {
	// Validity is how long certificates last; zero means 90 days, the
	// same rhythm as Let's Encrypt so renewal settings behave alike.
	Validity time.Duration
	// Now is the current time; nil means time.Now.
	Now func() time.Time
}

// Issue creates a self-signed certificate for req.Names.
func (s *SelfSigned) Issue(_ context.Context, req Request) (*Bundle, error) {
	key, err := generateKey(req.KeyType)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	validity := s.Validity
	if validity == 0 {
		validity = 90 * 24 * time.Hour
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: req.Names[0], Organization: []string{"wssgen self-signed"}},
		DNSNames:     req.Names,
		// A little slack for clocks that are behind.
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(validity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	if len(req.Names[0]) > 64 {
		tmpl.Subject.CommonName = ""
	}
	if _, isRSA := key.(*rsa.PrivateKey); isRSA {
		// TLS 1.2 clients that pick RSA key exchange need it.
		tmpl.KeyUsage |= x509.KeyUsageKeyEncipherment
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create self-signed certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Bundle{Chain: []*x509.Certificate{cert}, Key: key}, nil
}
