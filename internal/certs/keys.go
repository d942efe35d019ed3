package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"strings"
)

// KeyType is the kind of private key a certificate is issued for.
type KeyType string

// Key types wssgen generates; the names match the spec's key_type values.
const (
	ECDSAP256 KeyType = "ecdsa-p256"
	ECDSAP384 KeyType = "ecdsa-p384"
	RSA2048   KeyType = "rsa2048"
	RSA4096   KeyType = "rsa4096"
)

// DefaultKeyType is what certificates get unless told otherwise: P-256 is
// what every TLS client of the last decade supports, and it is fast.
const DefaultKeyType = ECDSAP256

// KeyTypes lists the valid key types.
var KeyTypes = []KeyType{ECDSAP256, ECDSAP384, RSA2048, RSA4096}

// ParseKeyType checks a key type name; "" means DefaultKeyType.
func ParseKeyType(s string) (KeyType, error) {
	if s == "" {
		return DefaultKeyType, nil
	}
	for _, k := range KeyTypes {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(KeyTypes))
	for i, k := range KeyTypes {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown key type %q; valid types are %s", s, strings.Join(names, ", "))
}

// generateKey makes a new private key of type t.
func generateKey(t KeyType) (crypto.Signer, error) {
	switch t {
	case ECDSAP256, "":
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case ECDSAP384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case RSA2048:
		return rsa.GenerateKey(rand.Reader, 2048)
	case RSA4096:
		return rsa.GenerateKey(rand.Reader, 4096)
	}
	return nil, fmt.Errorf("unknown key type %q", t)
}

// encodeKey is the key as PKCS #8 PEM, which nginx, Apache and OpenSSL
// read for both RSA and ECDSA keys.
func encodeKey(k crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// encodeChain is the chain as PEM, leaf first.
func encodeChain(chain []*x509.Certificate) []byte {
	var out []byte
	for _, c := range chain {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// csr is a certificate signing request for names. The subject common name
// is the first name when it fits the 64-character limit of RFC 5280;
// CAs take the names from the SAN extension either way.
func csr(names []string, key crypto.Signer) ([]byte, error) {
	tmpl := &x509.CertificateRequest{DNSNames: names}
	if len(names[0]) <= 64 {
		tmpl.Subject = pkix.Name{CommonName: names[0]}
	}
	return x509.CreateCertificateRequest(rand.Reader, tmpl, key)
}
