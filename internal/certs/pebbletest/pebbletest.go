// Package pebbletest runs Pebble, Let's Encrypt's ACME test CA, for tests:
// in-process from the github.com/letsencrypt/pebble/v2 module (Start), or
// as Debian's pebble program in its own process (StartProgram). Either way
// the CA's validation authority resolves every name to 127.0.0.1 through a
// small DNS server and connects to the HTTP-01 and TLS-ALPN-01 ports the
// test chose, so challenges are answered by the code under test on this
// machine.
package pebbletest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"

	"github.com/wssgen/wssgen/internal/testenv"
)

// Options shape a Pebble instance.
type Options struct {
	// EABKeys, when set, makes External Account Binding mandatory and
	// holds the accepted key IDs and their base64url HMAC keys.
	EABKeys map[string]string
	// Validity of issued certificates; zero is Pebble's default (90 days).
	Validity time.Duration
	// AuthzReuse is the percentage of new orders for which Pebble reuses
	// an authorization the account already holds. Pebble's own default
	// is 50; here it is 0 unless set, so a test knows whether challenges
	// will be asked for.
	AuthzReuse int
	// HTTPPort and TLSPort are where the validation authority connects
	// for HTTP-01 and TLS-ALPN-01, for a test whose web server already
	// listens somewhere; zero picks a free port.
	HTTPPort, TLSPort int
}

// ports returns the challenge ports o asks for, or free ones.
func (o Options) ports(t testing.TB) (httpPort, tlsPort int) {
	httpPort, tlsPort = o.HTTPPort, o.TLSPort
	if httpPort == 0 {
		httpPort = FreePort(t)
	}
	if tlsPort == 0 {
		tlsPort = FreePort(t)
	}
	return httpPort, tlsPort
}

// Server is a running Pebble CA.
type Server struct {
	// DirectoryURL is the ACME directory, https://127.0.0.1:PORT/dir.
	DirectoryURL string
	// CABundle is a PEM file with the CA that signed the HTTPS listener's
	// certificate, the file a client passes as --ca-bundle.
	CABundle string
	// HTTPPort and TLSPort are where the validation authority connects
	// on 127.0.0.1 for HTTP-01 and TLS-ALPN-01.
	HTTPPort int
	TLSPort  int
	// DNS is the host:port of the DNS server the CA resolves names with.
	DNS string

	roots  []*x509.Certificate
	client *http.Client
	log    *syncBuffer
}

// HTTPClient returns a client that trusts the CA's HTTPS listener.
func (s *Server) HTTPClient() *http.Client { return s.client }

// Roots returns a pool with the CA's issuing roots, to verify issued chains.
func (s *Server) Roots() *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range s.roots {
		p.AddCert(c)
	}
	return p
}

// Log returns what Pebble logged so far.
func (s *Server) Log() string { return s.log.String() }

// envMu serialises the environment changes Pebble's constructors read:
// the settings exist only as environment variables, read once.
var envMu sync.Mutex

// Start runs Pebble in the test process until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{DNS: StartDNS(t), log: &syncBuffer{}}
	s.HTTPPort, s.TLSPort = o.ports(t)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pebble log:\n%s", s.log.String())
		}
	})
	logger := log.New(s.log, "pebble ", log.Lmicroseconds)

	store := db.NewMemoryStore()
	profiles := map[string]ca.Profile{"default": {Description: "default", ValidityPeriod: uint64(o.Validity / time.Second)}}
	envMu.Lock()
	restore := setenv(map[string]string{
		"PEBBLE_VA_NOSLEEP":      "1",
		"PEBBLE_WFE_NONCEREJECT": "0",
		"PEBBLE_AUTHZREUSE":      strconv.Itoa(o.AuthzReuse),
	})
	authority := ca.New(logger, store, "", "ecdsa", 0, 1, profiles)
	validator := va.New(logger, s.HTTPPort, s.TLSPort, false, s.DNS, store)
	frontEnd := wfe.New(logger, store, validator, authority, []string{"pebble.letsencrypt.org"}, false, len(o.EABKeys) > 0, 0, 0)
	restore()
	envMu.Unlock()
	for kid, key := range o.EABKeys {
		if err := store.AddExternalAccountKeyByID(kid, key); err != nil {
			t.Fatalf("pebble: %v", err)
		}
	}
	for i := 0; i < authority.GetNumberOfRootCerts(); i++ {
		s.roots = append(s.roots, authority.GetRootCert(i).Cert)
	}

	listenerCA := testenv.NewCA(t)
	leaf := listenerCA.Issue(t, testenv.LeafOptions{DNSNames: []string{"localhost"}, IPs: []net.IP{net.IPv4(127, 0, 0, 1)}})
	pair, err := tls.X509KeyPair(leaf.CertPEM, leaf.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(frontEnd.Handler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	srv.Config.ErrorLog = log.New(s.log, "pebble http ", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	s.DirectoryURL = srv.URL + wfe.DirectoryPath
	s.CABundle = filepath.Join(t.TempDir(), "pebble-listener-ca.pem")
	if err := os.WriteFile(s.CABundle, listenerCA.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	s.client = clientFor(listenerCA.Cert)
	return s
}

// StartProgram runs Debian's pebble program (package "pebble") as a
// separate process with a configuration like the one it ships in
// /usr/share/doc/pebble/examples, on free ports. Without the program the
// test is skipped, or failed under CI.
func StartProgram(t testing.TB, o Options) *Server {
	t.Helper()
	bin := testenv.LookPath(t, "pebble", "pebble")
	dir := t.TempDir()
	s := &Server{DNS: StartDNS(t), log: &syncBuffer{}}
	s.HTTPPort, s.TLSPort = o.ports(t)
	listenPort, mgmtPort := FreePort(t), FreePort(t)

	listenerCA := testenv.NewCA(t)
	leaf := listenerCA.Issue(t, testenv.LeafOptions{DNSNames: []string{"localhost"}, IPs: []net.IP{net.IPv4(127, 0, 0, 1)}})
	leaf.WriteFiles(t, dir, "listener")
	s.CABundle = filepath.Join(dir, "pebble-listener-ca.pem")
	if err := os.WriteFile(s.CABundle, listenerCA.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}

	type config struct {
		ListenAddress                  string            `json:"listenAddress"`
		ManagementListenAddress        string            `json:"managementListenAddress"`
		Certificate                    string            `json:"certificate"`
		PrivateKey                     string            `json:"privateKey"`
		HTTPPort                       int               `json:"httpPort"`
		TLSPort                        int               `json:"tlsPort"`
		OCSPResponderURL               string            `json:"ocspResponderURL"`
		ExternalAccountBindingRequired bool              `json:"externalAccountBindingRequired"`
		ExternalAccountMACKeys         map[string]string `json:"externalAccountMACKeys,omitempty"`
		CertificateValidityPeriod      uint64            `json:"certificateValidityPeriod,omitempty"`
	}
	cfg, err := json.MarshalIndent(map[string]config{"pebble": {
		ListenAddress:                  fmt.Sprintf("127.0.0.1:%d", listenPort),
		ManagementListenAddress:        fmt.Sprintf("127.0.0.1:%d", mgmtPort),
		Certificate:                    leaf.CertFile,
		PrivateKey:                     leaf.KeyFile,
		HTTPPort:                       s.HTTPPort,
		TLSPort:                        s.TLSPort,
		ExternalAccountBindingRequired: len(o.EABKeys) > 0,
		ExternalAccountMACKeys:         o.EABKeys,
		CertificateValidityPeriod:      uint64(o.Validity / time.Second),
	}}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(dir, "pebble-config.json")
	if err := os.WriteFile(cfgFile, cfg, 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "-config", cfgFile, "-dnsserver", s.DNS)
	cmd.Env = append(os.Environ(),
		"PEBBLE_VA_NOSLEEP=1",
		"PEBBLE_WFE_NONCEREJECT=0",
		"PEBBLE_AUTHZREUSE="+strconv.Itoa(o.AuthzReuse),
	)
	cmd.Stdout = s.log
	cmd.Stderr = s.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("pebble log:\n%s", s.log.String())
		}
	})

	s.DirectoryURL = fmt.Sprintf("https://127.0.0.1:%d/dir", listenPort)
	s.client = clientFor(listenerCA.Cert)
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("%s exited at start:\n%s", bin, s.log.String())
		default:
		}
		if res, err := s.client.Get(s.DirectoryURL); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not serve %s within 20s:\n%s", bin, s.DirectoryURL, s.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	// The program keeps its roots to itself but for the management
	// interface, which serves root number N at /roots/N.
	root := fetchPEM(t, s.client, fmt.Sprintf("https://127.0.0.1:%d%s0", mgmtPort, wfe.RootCertPath))
	s.roots = append(s.roots, root)
	return s
}

func fetchPEM(t testing.TB, c *http.Client, url string) *x509.Certificate {
	t.Helper()
	res, err := c.Get(url)
	if err != nil {
		t.Fatalf("fetch pebble root: %v", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("fetch pebble root %s: %s %v", url, res.Status, err)
	}
	block, _ := pem.Decode(body)
	if block == nil {
		t.Fatalf("pebble root %s is not PEM: %q", url, body)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("pebble root: %v", err)
	}
	return cert
}

func clientFor(listenerCA *x509.Certificate) *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(listenerCA)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// setenv sets vars and returns a function restoring the previous values.
func setenv(vars map[string]string) (restore func()) {
	type old struct {
		v  string
		ok bool
	}
	saved := map[string]old{}
	for k, v := range vars {
		prev, ok := os.LookupEnv(k)
		saved[k] = old{prev, ok}
		os.Setenv(k, v)
	}
	return func() {
		for k, o := range saved {
			if o.ok {
				os.Setenv(k, o.v)
			} else {
				os.Unsetenv(k)
			}
		}
	}
}

// syncBuffer collects log output written from Pebble's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
