// Package certcheck inspects a site's certificate and key files the way a
// pre-deploy gate should: do they parse, belong together, name the site,
// last long enough, chain to a trusted root in the right order, fit the
// TLS profile, and is the key private.
package certcheck

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wssgen/wssgen/internal/spec"
)

// Status is the outcome of one check.
type Status int

// Outcomes, in increasing order of trouble.
const (
	Pass Status = iota
	Warn
	Fail
)

func (s Status) String() string {
	return [...]string{"pass", "warn", "fail"}[s]
}

// Result is one named check about one file.
type Result struct {
	Check   string // e.g. "cert-names"
	Status  Status
	File    string
	Message string
}

// Options tune the checks.
type Options struct {
	// MinValidity is how long the leaf must still be valid.
	MinValidity time.Duration
	// Roots verify the chain; nil means the system pool.
	Roots *x509.CertPool
	// Now is the time to check against (tests); zero means time.Now.
	Now time.Time
}

// Check runs every certificate check for site.
func Check(site *spec.Site, opts Options) []Result {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := &checker{site: site, opts: opts, now: now}
	c.run()
	return c.results
}

type checker struct {
	site    *spec.Site
	opts    Options
	now     time.Time
	results []Result
}

func (c *checker) add(check string, st Status, file, format string, args ...any) {
	c.results = append(c.results, Result{Check: check, Status: st, File: file, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) run() {
	certFile, keyFile := c.site.TLS.Certificate, c.site.TLS.Key
	chain, err := readChain(certFile)
	if err != nil {
		c.add("cert-parse", Fail, certFile, "%v", err)
	} else {
		c.add("cert-parse", Pass, certFile, "%d certificate(s), leaf %q", len(chain), chain[0].Subject.CommonName)
	}
	key, keyErr := readKey(keyFile)
	if keyErr != nil {
		c.add("key-parse", Fail, keyFile, "%v", keyErr)
	} else {
		c.add("key-parse", Pass, keyFile, "%s private key", keyDesc(key.Public()))
	}
	c.keyPerms(keyFile)
	if err != nil {
		return
	}
	leaf := chain[0]
	if keyErr == nil {
		c.keyMatch(leaf, key)
	}
	c.names(leaf)
	c.validity(leaf)
	c.chain(chain)
	c.keyFitsProfile(leaf)
	c.ocsp(leaf)
}

func readChain(path string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read certificate: %w", err)
	}
	var chain []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			if strings.Contains(b.Type, "PRIVATE KEY") {
				return nil, fmt.Errorf("the certificate file holds a private key; keep the key in its own file (mode 0600)")
			}
			continue
		}
		cert, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d does not parse: %w", len(chain)+1, err)
		}
		chain = append(chain, cert)
	}
	if len(chain) == 0 {
		return nil, fmt.Errorf("no PEM certificate found; expected the leaf followed by its chain")
	}
	return chain, nil
}

func readKey(path string) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read key: %w", err)
	}
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, fmt.Errorf("no PEM private key found")
		}
		var k any
		switch b.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(b.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("the key is encrypted; nginx and Apache would prompt for a passphrase at start")
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("private key does not parse: %w", err)
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("unsupported private key type %T", k)
		}
		return s, nil
	}
}

func keyDesc(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return fmt.Sprintf("%T", pub)
}

func (c *checker) keyPerms(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		return // reported by key-parse
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		c.add("key-perms", Fail, path, "mode %04o lets other users read the private key; chmod 600 %s", perm, path)
		return
	}
	c.add("key-perms", Pass, path, "mode %04o", fi.Mode().Perm())
}

func (c *checker) keyMatch(leaf *x509.Certificate, key crypto.Signer) {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	if pk, ok := key.Public().(equaler); ok && pk.Equal(leaf.PublicKey) {
		c.add("key-match", Pass, c.site.TLS.Key, "key matches the certificate")
		return
	}
	c.add("key-match", Fail, c.site.TLS.Key, "the private key does not belong to the certificate in %s; the server would refuse to start", c.site.TLS.Certificate)
}

func (c *checker) names(leaf *x509.Certificate) {
	var missing []string
	for _, n := range c.site.Names() {
		if err := leaf.VerifyHostname(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		c.add("cert-names", Fail, c.site.TLS.Certificate, "the certificate does not cover %s (it names %s)", strings.Join(missing, ", "), strings.Join(leaf.DNSNames, ", "))
		return
	}
	c.add("cert-names", Pass, c.site.TLS.Certificate, "covers %s", strings.Join(c.site.Names(), ", "))
}

func (c *checker) validity(leaf *x509.Certificate) {
	switch {
	case c.now.Before(leaf.NotBefore):
		c.add("cert-validity", Fail, c.site.TLS.Certificate, "not valid before %s", leaf.NotBefore.UTC().Format(time.RFC3339))
	case !c.now.Before(leaf.NotAfter):
		c.add("cert-validity", Fail, c.site.TLS.Certificate, "expired on %s", leaf.NotAfter.UTC().Format(time.RFC3339))
	case leaf.NotAfter.Sub(c.now) < c.opts.MinValidity:
		c.add("cert-validity", Fail, c.site.TLS.Certificate, "expires on %s, in %s, less than the required %s; renew it (wssgen cert)",
			leaf.NotAfter.UTC().Format(time.RFC3339), days(leaf.NotAfter.Sub(c.now)), days(c.opts.MinValidity))
	default:
		c.add("cert-validity", Pass, c.site.TLS.Certificate, "valid until %s (%s left)", leaf.NotAfter.UTC().Format(time.RFC3339), days(leaf.NotAfter.Sub(c.now)))
	}
}

func days(d time.Duration) string {
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// chain checks order (each certificate is signed by the next), expiry of
// intermediates, and that the chain reaches a trusted root. A missing
// intermediate shows up as an unknown authority with the file's own
// certificates as the only intermediates.
func (c *checker) chain(chain []*x509.Certificate) {
	file := c.site.TLS.Certificate
	for i := 0; i+1 < len(chain); i++ {
		if err := chain[i].CheckSignatureFrom(chain[i+1]); err != nil {
			c.add("cert-chain", Fail, file, "certificate %d (%q) is not signed by certificate %d (%q): the chain is out of order or has a stranger in it; put the leaf first, then each issuer",
				i+1, chain[i].Subject.CommonName, i+2, chain[i+1].Subject.CommonName)
			return
		}
	}
	for _, ic := range chain[1:] {
		if !c.now.Before(ic.NotAfter) {
			c.add("cert-chain", Fail, file, "intermediate %q expired on %s; fetch the current chain from your CA", ic.Subject.CommonName, ic.NotAfter.UTC().Format(time.RFC3339))
			return
		}
	}
	inter := x509.NewCertPool()
	for _, ic := range chain[1:] {
		inter.AddCert(ic)
	}
	// Judge completeness and trust even for an expired leaf (expiry has
	// its own check): verify at a moment the leaf was valid.
	at := c.now
	if !at.Before(chain[0].NotAfter) || at.Before(chain[0].NotBefore) {
		at = chain[0].NotAfter.Add(-time.Second)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{Roots: c.opts.Roots, Intermediates: inter, CurrentTime: at})
	var ua x509.UnknownAuthorityError
	switch {
	case err == nil:
		c.add("cert-chain", Pass, file, "chains to a trusted root")
	case errors.As(err, &ua):
		c.add("cert-chain", Fail, file, "does not chain to a trusted root (issuer %q): an intermediate is missing from the file, or the root is not trusted (add it with --ca-file)", chain[len(chain)-1].Issuer.CommonName)
	default:
		c.add("cert-chain", Fail, file, "chain does not verify: %v", err)
	}
}

func (c *checker) keyFitsProfile(leaf *x509.Certificate) {
	prof := c.site.TLS.Profile
	file := c.site.TLS.Certificate
	switch k := leaf.PublicKey.(type) {
	case *rsa.PublicKey:
		if !slices.Contains(prof.CertificateTypes, "rsa") {
			c.add("cert-key-type", Fail, file, "RSA key, but the %q profile accepts only %s certificates", prof.Name, strings.Join(prof.CertificateTypes, ", "))
			return
		}
		if k.N.BitLen() < prof.MinRSABits {
			c.add("cert-key-type", Fail, file, "RSA key of %d bits; the %q profile needs at least %d", k.N.BitLen(), prof.Name, prof.MinRSABits)
			return
		}
	case *ecdsa.PublicKey:
		if !slices.Contains(prof.CertificateTypes, "ecdsa") {
			c.add("cert-key-type", Fail, file, "ECDSA key, but the %q profile accepts only %s", prof.Name, strings.Join(prof.CertificateTypes, ", "))
			return
		}
		if name := k.Curve.Params().Name; name != "P-256" && name != "P-384" {
			c.add("cert-key-type", Fail, file, "ECDSA key on %s; the profile lists P-256 and P-384", name)
			return
		}
	default:
		c.add("cert-key-type", Fail, file, "%s keys are not part of the %q profile", keyDesc(leaf.PublicKey), prof.Name)
		return
	}
	c.add("cert-key-type", Pass, file, "%s fits the %q profile", keyDesc(leaf.PublicKey), prof.Name)
}

func (c *checker) ocsp(leaf *x509.Certificate) {
	if !c.site.TLS.OCSPStapling {
		return
	}
	if len(leaf.OCSPServer) == 0 {
		c.add("cert-ocsp", Warn, c.site.TLS.Certificate, "ocsp_stapling is on but the certificate names no OCSP responder (Let's Encrypt ended OCSP in 2025); set ocsp_stapling = false")
		return
	}
	c.add("cert-ocsp", Pass, c.site.TLS.Certificate, "OCSP responder %s", leaf.OCSPServer[0])
}

// LoadPool reads PEM certificates from files into a pool that also holds
// the system roots (when the system pool is available).
func LoadPool(files ...string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read CA file: %w", err)
		}
		if !pool.AppendCertsFromPEM(data) || !bytes.Contains(data, []byte("CERTIFICATE")) {
			return nil, fmt.Errorf("%s holds no PEM certificate", f)
		}
	}
	return pool, nil
}
