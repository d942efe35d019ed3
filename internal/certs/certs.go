// Package certs obtains and renews the TLS certificates a site serves:
// over ACME (RFC 8555) from a CA such as Let's Encrypt, or self-signed for
// development. It decides when a certificate on disk is due, proves control
// of the names with HTTP-01 (webroot or a built-in server) or TLS-ALPN-01,
// and replaces the certificate and key files so that a server reading them
// never finds a certificate next to a key that does not belong to it.
package certs

import (
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// Request is one certificate to obtain or keep: a site's names and the
// files it is served from.
type Request struct {
	Site     string   // the spec's site name, for messages
	Names    []string // DNS names; the first is the subject
	CertFile string   // leaf followed by the chain, PEM
	KeyFile  string   // private key, PEM (PKCS #8), mode 0600
	KeyType  KeyType
}

// Bundle is a freshly issued certificate with its key.
type Bundle struct {
	Chain []*x509.Certificate // leaf first
	Key   crypto.Signer
}

// Leaf returns the end-entity certificate.
func (b *Bundle) Leaf() *x509.Certificate { return b.Chain[0] }

// Issuer produces a certificate for a request.
type Issuer interface {
	Issue(ctx context.Context, req Request) (*Bundle, error)
}

// Policy says when a certificate on disk is kept.
type Policy struct {
	// RenewWithin renews a certificate that expires sooner than this.
	RenewWithin time.Duration
	// Force renews even a fresh certificate.
	Force bool
	// Now is the current time; nil means time.Now (tests set it).
	Now func() time.Time
}

func (p Policy) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Action is what Ensure did.
type Action string

// Actions Ensure reports.
const (
	Issued    Action = "issued"    // there was no usable certificate
	Renewed   Action = "renewed"   // a certificate was replaced
	Unchanged Action = "unchanged" // the certificate is fresh and was kept
)

// Result is the outcome of Ensure for one request.
type Result struct {
	Action   Action
	Names    []string
	NotAfter time.Time
	// Reason says why a certificate was obtained, or kept.
	Reason string
}

// Changed reports whether the files were replaced.
func (r Result) Changed() bool { return r.Action != Unchanged }

// Ensure makes req's files hold a fresh certificate covering its names:
// it keeps the current one when the policy allows, and otherwise obtains
// one from iss and installs it.
func Ensure(ctx context.Context, iss Issuer, req Request, p Policy) (Result, error) {
	if len(req.Names) == 0 {
		return Result{}, errors.New("no names to certify")
	}
	now := p.now()
	cur := Inspect(req.CertFile, req.KeyFile)
	due, reason := cur.due(req.Names, now, p.RenewWithin)
	if _, isACME := iss.(*ACME); isACME && cur.Err == nil && cur.SelfSigned() {
		due, reason = true, "the current certificate is self-signed"
	}
	if !due && !p.Force {
		return Result{Action: Unchanged, Names: req.Names, NotAfter: cur.Leaf.NotAfter, Reason: reason}, nil
	}
	if !due {
		reason = "renewal forced"
	}
	b, err := iss.Issue(ctx, req)
	if err != nil {
		return Result{}, err
	}
	if err := checkBundle(b, req.Names); err != nil {
		return Result{}, fmt.Errorf("the issued certificate is unusable: %w", err)
	}
	if err := Install(b, req.CertFile, req.KeyFile); err != nil {
		return Result{}, err
	}
	action := Renewed
	if !cur.Exists {
		action = Issued
	}
	return Result{Action: action, Names: req.Names, NotAfter: b.Leaf().NotAfter, Reason: reason}, nil
}

// checkBundle refuses a certificate that would break the site: one that
// does not match its key, misses a name, or whose chain is out of order.
func checkBundle(b *Bundle, names []string) error {
	if len(b.Chain) == 0 {
		return errors.New("no certificate")
	}
	leaf := b.Leaf()
	if !publicKeysEqual(leaf.PublicKey, b.Key.Public()) {
		return errors.New("the certificate is for a different key than the one wssgen generated")
	}
	for _, n := range names {
		if err := leaf.VerifyHostname(n); err != nil {
			return fmt.Errorf("the certificate does not cover %s", n)
		}
	}
	for i := 0; i+1 < len(b.Chain); i++ {
		if err := b.Chain[i].CheckSignatureFrom(b.Chain[i+1]); err != nil {
			return fmt.Errorf("chain certificate %d is not signed by certificate %d: %w", i, i+1, err)
		}
	}
	return nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}
