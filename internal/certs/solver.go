package certs

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/acme"

	"github.com/wssgen/wssgen/internal/atomicfile"
)

// Solver answers the CA's challenges: it proves that whoever asks for a
// certificate controls the names' web server.
type Solver interface {
	// ChallengeType is the ACME challenge solved: "http-01" or "tls-alpn-01".
	ChallengeType() string
	// Start prepares before anything is asked of the CA, so that a port in
	// use or a read-only webroot is reported before an order is placed.
	Start() error
	// Present publishes the response to chal for name.
	Present(c *acme.Client, name string, chal *acme.Challenge) error
	// CleanUp withdraws what Present published.
	CleanUp(name string, chal *acme.Challenge) error
	// Stop releases what Start took.
	Stop() error
	// Where says what the CA connects to for name, for error messages.
	Where(name, token string) string
	// Hint says what to check when validation fails.
	Hint(name string) string
	// String describes the method, e.g. "webroot /var/www/wssgen-acme".
	String() string
}

// challengeDir is where HTTP-01 responses live, relative to a web root.
const challengeDir = ".well-known/acme-challenge"

// validToken reports whether token is safe as a file name. RFC 8555
// tokens are base64url; anything else could walk out of the webroot.
func validToken(token string) bool {
	if token == "" || len(token) > 256 {
		return false
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// http01Where is the URL the CA fetches: always port 80 (RFC 8555 §8.3).
func http01Where(name, token string) string {
	return "http://" + name + "/" + challengeDir + "/" + token + " on port 80"
}

// Webroot answers HTTP-01 by writing the response into a directory that
// the site's web server already serves on port 80, as the configurations
// from `wssgen render` do for /.well-known/acme-challenge/.
type Webroot struct {
	Dir string
}

// ChallengeType implements Solver.
func (w *Webroot) ChallengeType() string { return "http-01" }

func (w *Webroot) String() string { return "webroot " + w.Dir }

func (w *Webroot) challengePath() string {
	return filepath.Join(w.Dir, filepath.FromSlash(challengeDir))
}

// Start creates the challenge directory and checks that a file can be
// written there.
func (w *Webroot) Start() error {
	dir := w.challengePath()
	if err := mkdirReadable(dir); err != nil {
		return w.notWritable(err)
	}
	f, err := os.CreateTemp(dir, ".wssgen-probe-*")
	if err != nil {
		return w.notWritable(err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

func (w *Webroot) notWritable(err error) error {
	return &Problem{
		Summary: "Webroot is not writable",
		Detail: fmt.Sprintf("wssgen answers HTTP-01 challenges by writing files into %s, which the web server serves on port 80, but it cannot: %v. "+
			"Run wssgen as a user that may write there (usually root), create the directory (install -d -m 0755 %s), or name another one with --webroot or the spec's acme { webroot = ... }.",
			w.challengePath(), err, w.challengePath()),
		Err: err,
	}
}

// Present writes the key authorization to <webroot>/.well-known/acme-challenge/TOKEN,
// world-readable because the web server usually runs as another user.
func (w *Webroot) Present(c *acme.Client, name string, chal *acme.Challenge) error {
	if !validToken(chal.Token) {
		return fmt.Errorf("the CA sent an invalid challenge token %q", chal.Token)
	}
	ka, err := c.HTTP01ChallengeResponse(chal.Token)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(w.challengePath(), chal.Token), []byte(ka), 0o644); err != nil {
		return w.notWritable(err)
	}
	return nil
}

// CleanUp removes the token file.
func (w *Webroot) CleanUp(name string, chal *acme.Challenge) error {
	if !validToken(chal.Token) {
		return nil
	}
	err := os.Remove(filepath.Join(w.challengePath(), chal.Token))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Stop implements Solver; the directories stay for the next renewal.
func (w *Webroot) Stop() error { return nil }

// Where implements Solver.
func (w *Webroot) Where(name, token string) string { return http01Where(name, token) }

// Hint implements Solver.
func (w *Webroot) Hint(name string) string {
	return fmt.Sprintf("Check that port 80 of %s reaches the web server that serves %s as /%s/ (the configuration from `wssgen render` does), that the server was reloaded after rendering, and that no other server or proxy answers for %s.",
		name, w.challengePath(), challengeDir, name)
}

// mkdirReadable creates dir and its missing parents with mode 0755 exactly:
// under a strict umask such as 027 the web server's user could otherwise
// not read the token files.
func mkdirReadable(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, d := range missing {
		if err := os.Chmod(d, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// Standalone answers HTTP-01 with its own web server, for machines where
// nothing else listens on port 80 while wssgen runs.
type Standalone struct {
	Addr string // e.g. ":80"

	mu     sync.Mutex
	tokens map[string]string // token → key authorization
	srv    *http.Server
	done   chan struct{}
}

// ChallengeType implements Solver.
func (s *Standalone) ChallengeType() string { return "http-01" }

func (s *Standalone) String() string { return "standalone HTTP server on " + s.Addr }

// Start listens on Addr.
func (s *Standalone) Start() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return listenProblem(s.Addr, "HTTP-01", "--http-port", err)
	}
	s.mu.Lock()
	s.tokens = map[string]string{}
	s.mu.Unlock()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan struct{})
	go func() {
		_ = s.srv.Serve(ln)
		close(s.done)
	}()
	return nil
}

// ServeHTTP answers /.well-known/acme-challenge/TOKEN for presented tokens
// and 404 for everything else.
func (s *Standalone) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.URL.Path, "/"+challengeDir+"/")
	s.mu.Lock()
	ka, found := s.tokens[token]
	s.mu.Unlock()
	if !ok || !found || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(ka))
}

// Present implements Solver.
func (s *Standalone) Present(c *acme.Client, name string, chal *acme.Challenge) error {
	ka, err := c.HTTP01ChallengeResponse(chal.Token)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.tokens[chal.Token] = ka
	s.mu.Unlock()
	return nil
}

// CleanUp implements Solver.
func (s *Standalone) CleanUp(name string, chal *acme.Challenge) error {
	s.mu.Lock()
	delete(s.tokens, chal.Token)
	s.mu.Unlock()
	return nil
}

// Stop shuts the server down.
func (s *Standalone) Stop() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	<-s.done
	s.srv = nil
	return err
}

// Where implements Solver.
func (s *Standalone) Where(name, token string) string { return http01Where(name, token) }

// Hint implements Solver.
func (s *Standalone) Hint(name string) string {
	return fmt.Sprintf("Check that %s resolves to this machine and that port 80 reaches wssgen's server on %s (firewall, NAT port forward, a proxy or CDN in front that answers itself).", name, s.Addr)
}

// TLSALPN answers TLS-ALPN-01 (RFC 8737) with its own TLS server, for
// machines where only port 443 is reachable and free while wssgen runs.
type TLSALPN struct {
	Addr string // e.g. ":443"

	mu    sync.Mutex
	certs map[string]*tls.Certificate // by lower-case name
	ln    net.Listener
	wg    sync.WaitGroup
}

// ChallengeType implements Solver.
func (s *TLSALPN) ChallengeType() string { return "tls-alpn-01" }

func (s *TLSALPN) String() string { return "TLS-ALPN server on " + s.Addr }

// Start listens on Addr and completes TLS handshakes for challenge names.
func (s *TLSALPN) Start() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return listenProblem(s.Addr, "TLS-ALPN-01", "--tls-port", err)
	}
	s.mu.Lock()
	s.certs = map[string]*tls.Certificate{}
	s.mu.Unlock()
	s.ln = ln
	cfg := &tls.Config{
		NextProtos:     []string{acme.ALPNProto},
		GetCertificate: s.getCertificate,
		MinVersion:     tls.VersionTLS12,
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				tc := tls.Server(c, cfg)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				// The CA only needs the handshake: the certificate it sees is the answer.
				_ = tc.HandshakeContext(ctx)
			}()
		}
	}()
	return nil
}

func (s *TLSALPN) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	acmeTLS := false
	for _, p := range hello.SupportedProtos {
		if p == acme.ALPNProto {
			acmeTLS = true
		}
	}
	if !acmeTLS {
		return nil, errors.New("only acme-tls/1 challenge connections are served")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.certs[strings.ToLower(hello.ServerName)]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("no challenge for %q", hello.ServerName)
}

// Present implements Solver.
func (s *TLSALPN) Present(c *acme.Client, name string, chal *acme.Challenge) error {
	cert, err := c.TLSALPN01ChallengeCert(chal.Token, name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.certs[strings.ToLower(name)] = &cert
	s.mu.Unlock()
	return nil
}

// CleanUp implements Solver.
func (s *TLSALPN) CleanUp(name string, chal *acme.Challenge) error {
	s.mu.Lock()
	delete(s.certs, strings.ToLower(name))
	s.mu.Unlock()
	return nil
}

// Stop closes the listener and waits for handshakes in progress.
func (s *TLSALPN) Stop() error {
	if s.ln == nil {
		return nil
	}
	err := s.ln.Close()
	s.wg.Wait()
	s.ln = nil
	return err
}

// Where implements Solver.
func (s *TLSALPN) Where(name, token string) string {
	return name + " on port 443 with TLS and the ALPN protocol acme-tls/1"
}

// Hint implements Solver.
func (s *TLSALPN) Hint(name string) string {
	return fmt.Sprintf("Check that %s resolves to this machine and that port 443 reaches wssgen's server on %s directly: a proxy or load balancer that terminates TLS in front cannot pass TLS-ALPN-01.", name, s.Addr)
}

func listenProblem(addr, challenge, flag string, err error) error {
	detail := fmt.Sprintf("wssgen answers %s challenges with its own server on %s, but cannot listen there: %v. ", challenge, addr, err)
	if errors.Is(err, syscall.EADDRINUSE) {
		detail += "Another server (nginx, Apache?) holds the port: use --webroot with the configuration from `wssgen render`, or stop that server while wssgen runs."
	} else if errors.Is(err, syscall.EACCES) {
		detail += "Ports below 1024 need root or the CAP_NET_BIND_SERVICE capability."
	} else {
		detail += fmt.Sprintf("Pick another address with %s if a port forward leads there.", flag)
	}
	return &Problem{Summary: "Cannot start the " + challenge + " server", Detail: detail, Err: err}
}
