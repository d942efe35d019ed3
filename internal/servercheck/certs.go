package servercheck

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// ThrowawayPair writes a self-signed certificate and key into dir. A
// syntax check loads the certificate files a config names, but it is not
// the place to judge them (certcheck is), and a CI runner rarely holds the
// production keys: configs are checked with this pair put in their place.
func ThrowawayPair(dir string) (certFile, keyFile string, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", fmt.Errorf("throwaway key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "wssgen syntax check"},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		// An OCSP URL keeps nginx from warning when the config staples.
		OCSPServer:  []string{"http://127.0.0.1:9/ocsp"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return "", "", fmt.Errorf("throwaway certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", "", fmt.Errorf("throwaway key: %w", err)
	}
	certFile, keyFile = filepath.Join(dir, "throwaway.pem"), filepath.Join(dir, "throwaway.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

// ReplacePaths swaps every listed certificate and key path in conf for the
// throwaway pair. Paths are replaced as whole words only, so /a/cert.pem
// does not touch /a/cert.pem.bak.
func ReplacePaths(conf []byte, certPaths, keyPaths []string, certFile, keyFile string) []byte {
	out := conf
	for _, p := range certPaths {
		out = replaceWord(out, p, certFile)
	}
	for _, p := range keyPaths {
		out = replaceWord(out, p, keyFile)
	}
	return out
}

func replaceWord(s []byte, old, new string) []byte {
	if old == "" {
		return s
	}
	var b bytes.Buffer
	o := []byte(old)
	for {
		i := bytes.Index(s, o)
		if i < 0 {
			b.Write(s)
			return b.Bytes()
		}
		end := i + len(o)
		if end == len(s) || isPathEnd(s[end]) {
			b.Write(s[:i])
			b.WriteString(new)
		} else {
			b.Write(s[:end])
		}
		s = s[end:]
	}
}

func isPathEnd(c byte) bool {
	return c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\''
}
