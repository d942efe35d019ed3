package certs

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/acme"

	"github.com/wssgen/wssgen/internal/certs/pebbletest"
)

const month = 30 * 24 * time.Hour

// recorder collects progress lines and notices.
type recorder struct {
	mu      sync.Mutex
	steps   []string
	notices []string
}

func (r *recorder) step(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
}

func (r *recorder) notice(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, s)
}

func (r *recorder) has(prefix string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.ContainsFunc(r.steps, func(s string) bool { return strings.HasPrefix(s, prefix) })
}

func newACME(p *pebbletest.Server, stateDir string, s Solver, rec *recorder) *ACME {
	return &ACME{
		DirectoryURL: p.DirectoryURL,
		HTTPClient:   p.HTTPClient(),
		StateDir:     stateDir,
		Solver:       s,
		UserAgent:    "wssgen-test",
		Progress:     rec.step,
		Notice:       rec.notice,
	}
}

func newRequest(t *testing.T, names ...string) Request {
	dir := t.TempDir()
	return Request{
		Site:     "chat",
		Names:    names,
		CertFile: filepath.Join(dir, "ssl", "fullchain.pem"),
		KeyFile:  filepath.Join(dir, "ssl", "privkey.pem"),
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

// checkInstalled verifies the files a request names: the chain verifies
// against Pebble's root for every name, leaf first, and the key is 0600
// and belongs to the leaf. It returns the leaf.
func checkInstalled(t *testing.T, p *pebbletest.Server, req Request) *x509.Certificate {
	t.Helper()
	cur := Inspect(req.CertFile, req.KeyFile)
	if cur.Err != nil {
		t.Fatalf("installed pair: %v", cur.Err)
	}
	inter := x509.NewCertPool()
	for _, c := range cur.Chain[1:] {
		inter.AddCert(c)
	}
	if len(cur.Chain) < 2 {
		t.Errorf("chain has %d certificate(s), want the leaf and Pebble's intermediate", len(cur.Chain))
	}
	for _, n := range req.Names {
		if _, err := cur.Leaf.Verify(x509.VerifyOptions{DNSName: n, Roots: p.Roots(), Intermediates: inter}); err != nil {
			t.Errorf("chain does not verify for %s against Pebble's root: %v", n, err)
		}
	}
	if cur.Leaf.IsCA {
		t.Error("the first certificate in the file is a CA, want the leaf first")
	}
	fi, err := os.Stat(req.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode = %v, want 0600", fi.Mode().Perm())
	}
	return cur.Leaf
}

// serveWebroot stands in for the site's web server on the port Pebble
// validates HTTP-01 on, serving dir the way the rendered nginx and Apache
// configurations serve the webroot. It returns the paths requested.
func serveWebroot(t *testing.T, port int, dir string) func() []string {
	var mu sync.Mutex
	var paths []string
	files := http.FileServer(http.Dir(dir))
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(paths)
	}
}

func TestHTTP01Webroot(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	webroot := filepath.Join(t.TempDir(), "acme")
	requested := serveWebroot(t, p.HTTPPort, webroot)
	rec := &recorder{}
	state := t.TempDir()
	a := newACME(p, state, &Webroot{Dir: webroot}, rec)
	req := newRequest(t, "chat.example.com", "www.chat.example.com")

	res, err := Ensure(ctx(t), a, req, Policy{RenewWithin: month})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != Issued {
		t.Errorf("action = %s, want issued", res.Action)
	}
	leaf := checkInstalled(t, p, req)
	if !slices.Equal(leaf.DNSNames, req.Names) && !slices.Equal(sorted(leaf.DNSNames), sorted(req.Names)) {
		t.Errorf("certificate names = %v, want %v", leaf.DNSNames, req.Names)
	}
	if !res.NotAfter.Equal(leaf.NotAfter) {
		t.Errorf("result NotAfter %v, certificate %v", res.NotAfter, leaf.NotAfter)
	}

	// The CA fetched one token per name from the webroot, and the token
	// files are gone afterwards.
	var tokens int
	for _, path := range requested() {
		if strings.HasPrefix(path, "/.well-known/acme-challenge/") {
			tokens++
		}
	}
	if tokens < len(req.Names) {
		t.Errorf("the CA fetched %d challenge files, want at least %d: %v", tokens, len(req.Names), requested())
	}
	left, err := os.ReadDir(filepath.Join(webroot, ".well-known", "acme-challenge"))
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("challenge files left in the webroot: %v", left)
	}

	// The account key is private and the registration recorded.
	keys, _ := filepath.Glob(filepath.Join(state, "accounts", "*", "account.key"))
	if len(keys) != 1 {
		t.Fatalf("account keys = %v, want one", keys)
	}
	if fi, _ := os.Stat(keys[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("account key mode = %v, want 0600", fi.Mode().Perm())
	}
	if len(rec.notices) != 1 || !strings.Contains(rec.notices[0], "terms of service") {
		t.Errorf("notices = %q, want one about the new account and its terms", rec.notices)
	}
	for _, step := range []string{"registering an account", "ordering", "authorizing chat.example.com with http-01 via webroot", "validating chat.example.com", "finalizing"} {
		if !rec.has(step) {
			t.Errorf("no progress step %q in %q", step, rec.steps)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestHTTP01Standalone(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	s := &Standalone{Addr: fmt.Sprintf("127.0.0.1:%d", p.HTTPPort)}
	req := newRequest(t, "ws.example.org", "alt.example.org")
	if _, err := Ensure(ctx(t), newACME(p, t.TempDir(), s, &recorder{}), req, Policy{RenewWithin: month}); err != nil {
		t.Fatal(err)
	}
	checkInstalled(t, p, req)
	// The server is gone once the certificate is issued.
	if c, err := net.DialTimeout("tcp", s.Addr, time.Second); err == nil {
		c.Close()
		t.Errorf("standalone server still listens on %s", s.Addr)
	}
}

func TestTLSALPN01(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	rec := &recorder{}
	s := &TLSALPN{Addr: fmt.Sprintf("127.0.0.1:%d", p.TLSPort)}
	req := newRequest(t, "tls.example.net", "www.tls.example.net")
	if _, err := Ensure(ctx(t), newACME(p, t.TempDir(), s, rec), req, Policy{RenewWithin: month}); err != nil {
		t.Fatal(err)
	}
	checkInstalled(t, p, req)
	if !rec.has("authorizing tls.example.net with tls-alpn-01") {
		t.Errorf("steps = %q, want tls-alpn-01 authorizations", rec.steps)
	}
}

func TestKeyTypes(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	state := t.TempDir()
	for _, kt := range KeyTypes {
		t.Run(string(kt), func(t *testing.T) {
			req := newRequest(t, "keys.example.com")
			req.KeyType = kt
			s := &Standalone{Addr: fmt.Sprintf("127.0.0.1:%d", p.HTTPPort)}
			if _, err := Ensure(ctx(t), newACME(p, state, s, &recorder{}), req, Policy{}); err != nil {
				t.Fatal(err)
			}
			leaf := checkInstalled(t, p, req)
			var got KeyType
			switch k := leaf.PublicKey.(type) {
			case *ecdsa.PublicKey:
				got = map[elliptic.Curve]KeyType{elliptic.P256(): ECDSAP256, elliptic.P384(): ECDSAP384}[k.Curve]
			case *rsa.PublicKey:
				got = KeyType(fmt.Sprintf("rsa%d", k.N.BitLen()))
			}
			if got != kt {
				t.Errorf("certificate key is %s, want %s", got, kt)
			}
		})
	}
}

func TestEABRequired(t *testing.T) {
	const kid = "kid-1"
	hmac := base64.RawURLEncoding.EncodeToString([]byte("a 32-byte secret for the binding"))
	p := pebbletest.Start(t, pebbletest.Options{EABKeys: map[string]string{kid: hmac}})
	state := t.TempDir()
	solver := func() Solver { return &Standalone{Addr: fmt.Sprintf("127.0.0.1:%d", p.HTTPPort)} }

	// Without a binding the CA refuses the account, and the user is told
	// which flags to pass.
	_, err := Ensure(ctx(t), newACME(p, state, solver(), &recorder{}), newRequest(t, "eab.example.com"), Policy{})
	var prob *Problem
	if !errors.As(err, &prob) || prob.Summary != "The CA requires External Account Binding" || !strings.Contains(prob.Detail, "--eab-kid") {
		t.Fatalf("err = %v, want the External Account Binding problem", err)
	}

	// A wrong key is refused too.
	a := newACME(p, state, solver(), &recorder{})
	a.EAB = &acme.ExternalAccountBinding{KID: kid, Key: []byte("not the key")}
	if _, err := Ensure(ctx(t), a, newRequest(t, "eab.example.com"), Policy{}); !errors.As(err, &prob) {
		t.Fatalf("wrong HMAC: err = %v, want a Problem", err)
	}

	key, _ := base64.RawURLEncoding.DecodeString(hmac)
	a = newACME(p, state, solver(), &recorder{})
	a.EAB = &acme.ExternalAccountBinding{KID: kid, Key: key}
	req := newRequest(t, "eab.example.com")
	if _, err := Ensure(ctx(t), a, req, Policy{}); err != nil {
		t.Fatal(err)
	}
	checkInstalled(t, p, req)

	// Once bound, the account is found again by its key alone.
	rec := &recorder{}
	req2 := newRequest(t, "eab2.example.com")
	if _, err := Ensure(ctx(t), newACME(p, state, solver(), rec), req2, Policy{}); err != nil {
		t.Fatalf("second run without EAB flags: %v", err)
	}
	if !rec.has("using the account in") || len(rec.notices) != 0 {
		t.Errorf("second run: steps %q notices %q, want the existing account reused", rec.steps, rec.notices)
	}
}

func TestRenewal(t *testing.T) {
	// Pebble issues for 10 days here, so a 30-day renewal window makes
	// every certificate due, and a 5-day one keeps it.
	p := pebbletest.Start(t, pebbletest.Options{Validity: 10 * 24 * time.Hour, AuthzReuse: 100})
	state := t.TempDir()
	solver := &Standalone{Addr: fmt.Sprintf("127.0.0.1:%d", p.HTTPPort)}
	req := newRequest(t, "renew.example.com", "www.renew.example.com")
	ensure := func(pol Policy) (Result, *recorder, *x509.Certificate) {
		t.Helper()
		rec := &recorder{}
		res, err := Ensure(ctx(t), newACME(p, state, solver, rec), req, pol)
		if err != nil {
			t.Fatal(err)
		}
		return res, rec, checkInstalled(t, p, req)
	}

	res, _, first := ensure(Policy{RenewWithin: 5 * 24 * time.Hour})
	if res.Action != Issued {
		t.Fatalf("first run: %s, want issued", res.Action)
	}

	res, rec, same := ensure(Policy{RenewWithin: 5 * 24 * time.Hour})
	if res.Action != Unchanged || !same.Equal(first) {
		t.Errorf("fresh certificate: %s (serial %v → %v), want unchanged", res.Action, first.SerialNumber, same.SerialNumber)
	}
	if !strings.Contains(res.Reason, "left (renewal is due within 5 days)") {
		t.Errorf("reason = %q", res.Reason)
	}
	if len(rec.steps) != 0 {
		t.Errorf("a fresh certificate contacted the CA: %q", rec.steps)
	}

	res, rec, forced := ensure(Policy{RenewWithin: 5 * 24 * time.Hour, Force: true})
	if res.Action != Renewed || forced.Equal(first) || res.Reason != "renewal forced" {
		t.Errorf("forced: %s %q, serial %v → %v; want a new certificate", res.Action, res.Reason, first.SerialNumber, forced.SerialNumber)
	}
	// Pebble reused the valid authorizations from the first order, and
	// wssgen did not ask for challenges again.
	if !rec.has("renew.example.com is already authorized") || rec.has("validating") {
		t.Errorf("forced renewal steps = %q, want the authorizations reused", rec.steps)
	}

	res, _, due := ensure(Policy{RenewWithin: month})
	if res.Action != Renewed || due.Equal(forced) || !strings.Contains(res.Reason, "renewal is due within 30 days") {
		t.Errorf("due: %s %q, want renewed because it expires within 30 days", res.Action, res.Reason)
	}

	// A new alias makes the certificate due whatever its age.
	req.Names = append(req.Names, "api.renew.example.com")
	res, _, wider := ensure(Policy{RenewWithin: 5 * 24 * time.Hour})
	if res.Action != Renewed || wider.VerifyHostname("api.renew.example.com") != nil {
		t.Errorf("new alias: %s %q, want a certificate covering it", res.Action, res.Reason)
	}
}

func TestReplacesSelfSigned(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	req := newRequest(t, "dev.example.com")
	if res, err := Ensure(ctx(t), &SelfSigned{}, req, Policy{RenewWithin: month}); err != nil || res.Action != Issued {
		t.Fatalf("self-signed: %v %v", res, err)
	}
	if !Inspect(req.CertFile, req.KeyFile).SelfSigned() {
		t.Fatal("the self-signed certificate does not look self-signed")
	}
	s := &Standalone{Addr: fmt.Sprintf("127.0.0.1:%d", p.HTTPPort)}
	res, err := Ensure(ctx(t), newACME(p, t.TempDir(), s, &recorder{}), req, Policy{RenewWithin: month})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != Renewed || res.Reason != "the current certificate is self-signed" {
		t.Errorf("%s %q, want the fresh self-signed certificate replaced", res.Action, res.Reason)
	}
	checkInstalled(t, p, req)
}

func TestValidationFailure(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	// The webroot exists but nothing serves it on the port the CA asks.
	webroot := t.TempDir()
	req := newRequest(t, "down.example.com")
	_, err := Ensure(ctx(t), newACME(p, t.TempDir(), &Webroot{Dir: webroot}, &recorder{}), req, Policy{})
	var prob *Problem
	if !errors.As(err, &prob) {
		t.Fatalf("err = %v, want a Problem", err)
	}
	if prob.Summary != "Validation failed for down.example.com" {
		t.Errorf("summary = %q", prob.Summary)
	}
	for _, want := range []string{
		"The CA tried http-01 and reported:",
		"connection refused",                                  // Pebble's problem detail
		"http://down.example.com/.well-known/acme-challenge/", // where the CA connects
		"The CA could not connect",                            // advice for connection problems
		webroot,
	} {
		if !strings.Contains(prob.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, prob.Detail)
		}
	}
	if _, err := os.Stat(req.CertFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed order left a certificate file: %v", err)
	}
	left, _ := os.ReadDir(filepath.Join(webroot, ".well-known", "acme-challenge"))
	if len(left) != 0 {
		t.Errorf("token files left after a failed validation: %v", left)
	}
}

func TestWrongChallengeAnswer(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	// Another server answers on the HTTP-01 port with a page of its own.
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p.HTTPPort))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "welcome to nginx", http.StatusNotFound)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	webroot := t.TempDir()
	_, err = Ensure(ctx(t), newACME(p, t.TempDir(), &Webroot{Dir: webroot}, &recorder{}), newRequest(t, "other.example.com"), Policy{})
	var prob *Problem
	if !errors.As(err, &prob) || !strings.Contains(prob.Detail, "404") || !strings.Contains(prob.Detail, "The CA reached a server but did not get the expected answer") {
		t.Fatalf("err = %v, want a validation problem naming the 404", err)
	}
}

func TestUntrustedACMEServer(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	a := newACME(p, t.TempDir(), &Standalone{Addr: "127.0.0.1:0"}, &recorder{})
	a.HTTPClient = nil // the system roots do not include the test CA
	_, err := Ensure(ctx(t), a, newRequest(t, "x.example.com"), Policy{})
	var prob *Problem
	if !errors.As(err, &prob) || prob.Summary != "Cannot verify the ACME server's certificate" || !strings.Contains(prob.Detail, "--ca-bundle") {
		t.Fatalf("err = %v, want the --ca-bundle advice", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	port := pebbletest.FreePort(t)
	a := &ACME{DirectoryURL: fmt.Sprintf("https://127.0.0.1:%d/dir", port), StateDir: t.TempDir(), Solver: &Standalone{Addr: "127.0.0.1:0"}}
	_, err := Ensure(ctx(t), a, newRequest(t, "x.example.com"), Policy{})
	var prob *Problem
	if !errors.As(err, &prob) || prob.Summary != "Cannot connect to the ACME server" || !strings.Contains(prob.Detail, "connection refused") {
		t.Fatalf("err = %v, want a connection problem", err)
	}
}

func TestNotAnACMEDirectory(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	a := newACME(p, t.TempDir(), &Standalone{Addr: "127.0.0.1:0"}, &recorder{})
	a.DirectoryURL = strings.TrimSuffix(p.DirectoryURL, "/dir") + "/no-such-directory"
	_, err := Ensure(ctx(t), a, newRequest(t, "x.example.com"), Policy{})
	var prob *Problem
	if !errors.As(err, &prob) || prob.Summary != "Not an ACME directory" {
		t.Fatalf("err = %v, want the not-an-ACME-directory problem", err)
	}
}

// TestPebbleProgram runs Debian's pebble as its own process once, so the
// code is shown to work against a CA that does not share our process,
// our Go module versions or our HTTP stack.
func TestPebbleProgram(t *testing.T) {
	p := pebbletest.StartProgram(t, pebbletest.Options{})
	webroot := filepath.Join(t.TempDir(), "acme")
	serveWebroot(t, p.HTTPPort, webroot)
	req := newRequest(t, "debian.example.com", "www.debian.example.com")
	if _, err := Ensure(ctx(t), newACME(p, t.TempDir(), &Webroot{Dir: webroot}, &recorder{}), req, Policy{}); err != nil {
		t.Fatal(err)
	}
	checkInstalled(t, p, req)

	req.KeyType = RSA2048
	alpn := &TLSALPN{Addr: fmt.Sprintf("127.0.0.1:%d", p.TLSPort)}
	if res, err := Ensure(ctx(t), newACME(p, t.TempDir(), alpn, &recorder{}), req, Policy{Force: true}); err != nil || res.Action != Renewed {
		t.Fatalf("tls-alpn-01 against the pebble program: %v %v", res, err)
	}
	checkInstalled(t, p, req)
}
