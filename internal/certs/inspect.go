package certs

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Current is what a site's certificate and key files hold now.
type Current struct {
	// Exists is true when the certificate file exists, usable or not.
	Exists bool
	Chain  []*x509.Certificate // leaf first; nil when Err is set
	Leaf   *x509.Certificate
	// Err says why the pair cannot be served: a file is missing or does
	// not parse, or the key does not belong to the certificate.
	Err error
}

// Inspect reads a certificate chain and its key.
func Inspect(certFile, keyFile string) Current {
	var c Current
	data, err := os.ReadFile(certFile)
	if errors.Is(err, fs.ErrNotExist) {
		c.Err = fmt.Errorf("there is no certificate at %s", certFile)
		return c
	}
	c.Exists = true
	if err != nil {
		c.Err = err
		return c
	}
	chain, err := parseChain(data)
	if err != nil {
		c.Err = fmt.Errorf("%s: %w", certFile, err)
		return c
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		c.Err = err
		return c
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		c.Err = fmt.Errorf("%s: %w", keyFile, err)
		return c
	}
	if !publicKeysEqual(chain[0].PublicKey, key.Public()) {
		c.Err = fmt.Errorf("the key in %s does not belong to the certificate in %s", keyFile, certFile)
		return c
	}
	c.Chain, c.Leaf = chain, chain[0]
	return c
}

// SelfSigned reports whether the leaf signed itself, as --self-signed
// certificates do.
func (c Current) SelfSigned() bool {
	return c.Leaf != nil && bytes.Equal(c.Leaf.RawIssuer, c.Leaf.RawSubject) &&
		c.Leaf.CheckSignature(c.Leaf.SignatureAlgorithm, c.Leaf.RawTBSCertificate, c.Leaf.Signature) == nil
}

// due reports whether the certificate must be replaced, and why (or why not).
func (c Current) due(names []string, now time.Time, within time.Duration) (bool, string) {
	if c.Err != nil {
		return true, c.Err.Error()
	}
	for _, n := range names {
		if c.Leaf.VerifyHostname(n) != nil {
			return true, fmt.Sprintf("the current certificate does not cover %s", n)
		}
	}
	left := c.Leaf.NotAfter.Sub(now)
	if left <= 0 {
		return true, fmt.Sprintf("the current certificate expired %s", c.Leaf.NotAfter.UTC().Format(time.RFC3339))
	}
	if left <= within {
		return true, fmt.Sprintf("the current certificate expires %s, in %s (renewal is due within %s)",
			c.Leaf.NotAfter.UTC().Format(time.RFC3339), Days(left), Days(within))
	}
	return false, fmt.Sprintf("the current certificate is valid until %s, %s left (renewal is due within %s)",
		c.Leaf.NotAfter.UTC().Format(time.RFC3339), Days(left), Days(within))
}

// Days formats a duration in whole days ("29 days"), or hours below a day.
func Days(d time.Duration) string {
	d = max(d, 0)
	if d < 24*time.Hour {
		h := int(d / time.Hour)
		if h == 1 {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", h)
	}
	n := int(d / (24 * time.Hour))
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func parseChain(data []byte) ([]*x509.Certificate, error) {
	var chain []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		chain = append(chain, c)
	}
	if len(chain) == 0 {
		return nil, errors.New("no PEM certificate found")
	}
	return chain, nil
}

func parseKey(data []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("no PEM private key found")
		}
		var (
			k   any
			err error
		)
		switch block.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("unsupported private key type %T", k)
		}
		return s, nil
	}
}
