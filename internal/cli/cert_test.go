package cli

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/certs"
	"github.com/wssgen/wssgen/internal/certs/pebbletest"
	"github.com/wssgen/wssgen/internal/e2e"
	"github.com/wssgen/wssgen/internal/testenv"
)

// certSpec writes a spec with the given sites (name → names) whose
// certificates go under dir/ssl/NAME/, with acme block body acme.
func certSpec(t *testing.T, dir, acmeBlock string, sites ...[]string) string {
	t.Helper()
	var b strings.Builder
	for _, names := range sites {
		name := strings.SplitN(names[0], ".", 2)[0]
		fmt.Fprintf(&b, "site %q {\n  domain = %q\n", name, names[0])
		if len(names) > 1 {
			fmt.Fprintf(&b, "  aliases = [%s]\n", quoteJoin(names[1:]))
		}
		fmt.Fprintf(&b, "  tls {\n    certificate = %q\n    key = %q\n", filepath.Join(dir, "ssl", name, "fullchain.pem"), filepath.Join(dir, "ssl", name, "privkey.pem"))
		if acmeBlock != "" {
			fmt.Fprintf(&b, "    acme {\n%s\n    }\n", acmeBlock)
		}
		b.WriteString("  }\n  route \"/wss\" { backend = \"127.0.0.1:8282\" }\n}\n")
	}
	path := filepath.Join(dir, "wssgen.hcl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func quoteJoin(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// runCertCmd runs wssgen in-process and returns exit code, stdout, stderr.
func runCertCmd(t *testing.T, tty bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(&IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, StderrTTY: tty}, args)
	return code, out.String(), errOut.String()
}

var resultLine = regexp.MustCompile(`^site=(\S+) action=(issued|renewed|unchanged) not_after=(\S+) names=(\S+)$`)

// results parses the per-site lines of stdout: site → action.
func results(t *testing.T, stdout string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if l == "" {
			continue
		}
		sm := resultLine.FindStringSubmatch(l)
		if sm == nil {
			t.Fatalf("stdout line %q is not a result line", l)
		}
		if _, err := time.Parse(time.RFC3339, sm[3]); err != nil {
			t.Errorf("not_after in %q: %v", l, err)
		}
		m[sm[1]] = sm[2]
	}
	return m
}

// verifyPair checks an installed certificate against Pebble's roots for
// every name, and the key's mode and match.
func verifyPair(t *testing.T, p *pebbletest.Server, dir, site string, names ...string) *x509.Certificate {
	t.Helper()
	certFile, keyFile := filepath.Join(dir, "ssl", site, "fullchain.pem"), filepath.Join(dir, "ssl", site, "privkey.pem")
	cur := certs.Inspect(certFile, keyFile)
	if cur.Err != nil {
		t.Fatalf("site %s: %v", site, cur.Err)
	}
	inter := x509.NewCertPool()
	for _, c := range cur.Chain[1:] {
		inter.AddCert(c)
	}
	for _, n := range names {
		if _, err := cur.Leaf.Verify(x509.VerifyOptions{DNSName: n, Roots: p.Roots(), Intermediates: inter}); err != nil {
			t.Errorf("site %s: chain does not verify for %s: %v", site, n, err)
		}
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("site %s: key mode %v %v, want 0600", site, fi.Mode().Perm(), err)
	}
	return cur.Leaf
}

func serveDir(t *testing.T, port int, dir string) {
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// TestCertBinary runs the wssgen program (the test binary under the name
// wssgen that testscript puts on PATH) as a separate process against
// Pebble: obtain, skip while fresh, force, and the deploy hook.
func TestCertBinary(t *testing.T) {
	bin, err := exec.LookPath("wssgen")
	if err != nil {
		t.Fatalf("wssgen is not on PATH: %v", err)
	}
	p := pebbletest.Start(t, pebbletest.Options{})
	dir := t.TempDir()
	specFile := certSpec(t, dir, `      email = "ops@example.com"`,
		[]string{"chat.example.com", "www.chat.example.com"}, []string{"api.example.org"})
	hookLog := filepath.Join(dir, "hook.log")
	run := func(extra ...string) (int, string, string) {
		t.Helper()
		args := append([]string{"cert", "-f", specFile,
			"--directory", p.DirectoryURL, "--ca-bundle", p.CABundle, "--state-dir", filepath.Join(dir, "state"),
			"--standalone", "--http-port", fmt.Sprint(p.HTTPPort),
			"--deploy-hook", `echo "reload $WSSGEN_SITES" >> ` + hookLog}, extra...)
		cmd := exec.Command(bin, args...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errOut.String()
	}
	hookRuns := func() []string {
		data, _ := os.ReadFile(hookLog)
		return strings.Fields(strings.ReplaceAll(string(data), "reload", "|"))
	}

	code, stdout, stderr := run()
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, stderr)
	}
	if got := results(t, stdout); got["chat"] != "issued" || got["api"] != "issued" {
		t.Errorf("first run results %v, want both issued", got)
	}
	// Not a terminal: no progress, only the one-time account notice.
	if n := strings.Count(stderr, "\n"); n != 1 || !strings.Contains(stderr, "registered ACME account") || !strings.Contains(stderr, "terms of service") {
		t.Errorf("stderr of a non-terminal run:\n%s\nwant only the account notice", stderr)
	}
	first := verifyPair(t, p, dir, "chat", "chat.example.com", "www.chat.example.com")
	verifyPair(t, p, dir, "api", "api.example.org")
	if got := hookRuns(); len(got) != 3 || got[1] != "chat" || got[2] != "api" {
		t.Errorf("hook log %q, want one run for chat and api", got)
	}

	code, stdout, stderr = run()
	if code != 0 || stderr != "" {
		t.Fatalf("second run: exit %d, stderr %q", code, stderr)
	}
	if got := results(t, stdout); got["chat"] != "unchanged" || got["api"] != "unchanged" {
		t.Errorf("second run results %v, want both unchanged", got)
	}
	if got := hookRuns(); len(got) != 3 {
		t.Errorf("the deploy hook ran although nothing changed: %q", got)
	}

	code, stdout, _ = run("--force", "--site", "chat")
	if code != 0 {
		t.Fatalf("forced run: exit %d", code)
	}
	if got := results(t, stdout); len(got) != 1 || got["chat"] != "renewed" {
		t.Errorf("forced run results %v, want chat renewed only", got)
	}
	if again := verifyPair(t, p, dir, "chat", "chat.example.com", "www.chat.example.com"); again.Equal(first) {
		t.Error("--force kept the old certificate")
	}
	if got := hookRuns(); len(got) != 5 || got[4] != "chat" {
		t.Errorf("hook log %q, want a second run for chat", got)
	}
}

// TestCertProgressOnTerminal: a terminal sees each step; results stay on stdout.
func TestCertProgressOnTerminal(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	dir := t.TempDir()
	webroot := filepath.Join(dir, "acme")
	serveDir(t, p.HTTPPort, webroot)
	specFile := certSpec(t, dir, fmt.Sprintf("      webroot = %q\n      key_type = \"ecdsa-p384\"", webroot), []string{"tty.example.com"})
	code, stdout, stderr := runCertCmd(t, true, "cert", "-f", specFile, "--directory", p.DirectoryURL, "--ca-bundle", p.CABundle, "--state-dir", filepath.Join(dir, "state"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, step := range []string{
		"tty: registering an account with " + p.DirectoryURL,
		"tty: ordering a certificate for tty.example.com",
		"tty: authorizing tty.example.com with http-01 via webroot " + webroot,
		"tty: validating tty.example.com",
		"tty: finalizing the order",
		"tty: issued: there is no certificate at",
	} {
		if !strings.Contains(stderr, step) {
			t.Errorf("stderr lacks %q:\n%s", step, stderr)
		}
	}
	if got := results(t, stdout); got["tty"] != "issued" {
		t.Errorf("results %v", got)
	}
	leaf := verifyPair(t, p, dir, "tty", "tty.example.com")
	if k, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || k.Curve != elliptic.P384() {
		t.Errorf("key %T, want the spec's key_type ecdsa-p384", leaf.PublicKey)
	}

	// Fresh: one line says so and why, and the CA is not asked.
	code, stdout, stderr = runCertCmd(t, true, "cert", "-f", specFile, "--directory", p.DirectoryURL, "--ca-bundle", p.CABundle, "--state-dir", filepath.Join(dir, "state"), "--deploy-hook", "false")
	if code != 0 || results(t, stdout)["tty"] != "unchanged" {
		t.Fatalf("second run: exit %d, %s", code, stdout)
	}
	if !strings.Contains(stderr, "tty: unchanged: the current certificate is valid until") || strings.Contains(stderr, "ordering") {
		t.Errorf("stderr of a fresh run:\n%s", stderr)
	}
	if !strings.Contains(stderr, "deploy hook not run: no certificate changed") {
		t.Errorf("stderr does not say the hook was skipped:\n%s", stderr)
	}
}

func TestCertTLSALPN(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	dir := t.TempDir()
	specFile := certSpec(t, dir, `      challenge = "tls-alpn"`, []string{"alpn.example.com", "www.alpn.example.com"})
	code, stdout, stderr := runCertCmd(t, false, "cert", "-f", specFile, "--directory", p.DirectoryURL, "--ca-bundle", p.CABundle,
		"--state-dir", filepath.Join(dir, "state"), "--tls-port", fmt.Sprint(p.TLSPort), "--key-type", "rsa2048")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if results(t, stdout)["alpn"] != "issued" {
		t.Errorf("stdout %q", stdout)
	}
	if leaf := verifyPair(t, p, dir, "alpn", "alpn.example.com", "www.alpn.example.com"); leaf.PublicKeyAlgorithm != x509.RSA {
		t.Errorf("key algorithm %v, want RSA from --key-type", leaf.PublicKeyAlgorithm)
	}
}

func TestCertEAB(t *testing.T) {
	hmac := base64.RawURLEncoding.EncodeToString([]byte("binding key of thirty-two bytes!"))
	p := pebbletest.Start(t, pebbletest.Options{EABKeys: map[string]string{"kid-7": hmac}})
	dir := t.TempDir()
	specFile := certSpec(t, dir, `      challenge = "standalone"`, []string{"eab.example.com"})
	args := []string{"cert", "-f", specFile, "--directory", p.DirectoryURL, "--ca-bundle", p.CABundle,
		"--state-dir", filepath.Join(dir, "state"), "--http-port", fmt.Sprint(p.HTTPPort)}

	code, stdout, stderr := runCertCmd(t, false, args...)
	if code != ExitError || stdout != "" {
		t.Fatalf("without EAB: exit %d, stdout %q", code, stdout)
	}
	// The diagnostic points at the site's acme block.
	if !regexp.MustCompile(`wssgen.hcl:6:5: error: The CA requires External Account Binding \(site "eab"\)`).MatchString(stderr) ||
		!strings.Contains(stderr, "Pass --eab-kid") || !strings.Contains(stderr, "--eab-hmac") {
		t.Errorf("stderr:\n%s", stderr)
	}

	code, stdout, stderr = runCertCmd(t, false, append(args, "--eab-kid", "kid-7", "--eab-hmac", hmac)...)
	if code != 0 || results(t, stdout)["eab"] != "issued" {
		t.Fatalf("with EAB: exit %d\n%s", code, stderr)
	}
	verifyPair(t, p, dir, "eab", "eab.example.com")
}

func TestCertValidationFailure(t *testing.T) {
	p := pebbletest.Start(t, pebbletest.Options{})
	dir := t.TempDir()
	// Nothing serves the webroot on the port the CA connects to.
	specFile := certSpec(t, dir, "", []string{"down.example.com"}, []string{"up.example.com"})
	code, stdout, stderr := runCertCmd(t, false, "cert", "-f", specFile, "--directory", p.DirectoryURL, "--ca-bundle", p.CABundle,
		"--state-dir", filepath.Join(dir, "state"), "--webroot", filepath.Join(dir, "acme"), "--site", "down",
		"--deploy-hook", "touch "+filepath.Join(dir, "hook-ran"))
	if code != ExitError || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 2 and no result", code, stdout)
	}
	for _, want := range []string{
		`wssgen.hcl:1:1: error: Validation failed for down.example.com (site "down")`,
		`   1 | site "down" {`,
		"The CA tried http-01 and reported:",
		"connection refused",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "hook-ran")); err == nil {
		t.Error("the deploy hook ran although no certificate changed")
	}
}

// TestCertNginxWebroot is the deployment the README describes: nginx runs
// the rendered configuration (bootstrapped with a self-signed certificate),
// serves the webroot on its plain-http port, wssgen cert --webroot obtains
// a certificate through it from Pebble, the deploy hook reloads nginx, and
// nginx then serves wss:// with the issued certificate.
func TestCertNginxWebroot(t *testing.T) {
	nginx := testenv.LookPath(t, "nginx", "nginx")
	dir := e2e.WorkDir(t)
	backend := e2e.StartBackend(t, e2e.BackendOptions{})
	const domain = "wss.example.com"
	site := e2e.Site{
		Domain:      domain,
		Ports:       e2e.Ports{HTTPS: 443, HTTP: 80}, // until nginx has picked its ports
		Certificate: filepath.Join(dir, "ssl", "fullchain.pem"),
		Key:         filepath.Join(dir, "ssl", "privkey.pem"),
		Webroot:     filepath.Join(dir, "acme"),
		Backend:     backend.Addr,
	}
	specFile := filepath.Join(dir, "wssgen.hcl")
	writeSpec := func() {
		if err := os.WriteFile(specFile, []byte(site.HCL()), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// nginx will not start without a certificate: bootstrap with a
	// self-signed one, as a first deployment does.
	writeSpec()
	if code, stdout, stderr := runCertCmd(t, false, "cert", "-f", specFile, "--self-signed"); code != 0 || results(t, stdout)["e2e"] != "issued" {
		t.Fatalf("self-signed bootstrap: exit %d\n%s%s", code, stdout, stderr)
	}
	srv := e2e.StartNginx(t, e2e.Config{Binary: nginx, Dir: dir, HTTP: true, Site: e2e.SiteFile(site, "nginx")})
	site.Ports = srv.Ports
	writeSpec()

	p := pebbletest.Start(t, pebbletest.Options{HTTPPort: srv.Ports.HTTP})
	reload := "kill -HUP $(cat " + filepath.Join(srv.Dir, "nginx.pid") + ")"
	code, stdout, stderr := runCertCmd(t, false, "cert", "-f", specFile, "--webroot", site.Webroot,
		"--directory", p.DirectoryURL, "--ca-bundle", p.CABundle, "--state-dir", filepath.Join(dir, "state"),
		"--deploy-hook", reload)
	if code != 0 {
		t.Fatalf("wssgen cert --webroot: exit %d\n%s", code, stderr)
	}
	if got := results(t, stdout); got["e2e"] != "renewed" {
		t.Errorf("results %v, want the self-signed certificate replaced", got)
	}
	// The CA's requests for the token went through nginx and were answered.
	if log := readFile(filepath.Join(srv.Dir, "access.log")); !regexp.MustCompile(`"GET /\.well-known/acme-challenge/[A-Za-z0-9_-]+ HTTP/1\.1" 200 `).MatchString(log) {
		t.Errorf("nginx did not serve the challenge; access log:\n%s", log)
	}

	// The reload is asynchronous: wait until nginx presents a certificate
	// that chains to Pebble's root.
	cfg := &tls.Config{RootCAs: p.Roots(), ServerName: domain}
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := tls.Dial("tcp", srv.HTTPSAddr(), cfg)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx still does not serve the issued certificate after the deploy hook: %v\n%s", err, srv.Logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	conn, err := e2e.DialWSS(ctx, fmt.Sprintf("wss://%s:%d/wss", domain, srv.Ports.HTTPS), cfg, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, srv.Logs())
	}
	defer conn.CloseNow()
	if got, err := e2e.Exchange(ctx, conn, "hello over the issued certificate"); err != nil || got != "hello over the issued certificate" {
		t.Fatalf("echo = %q, %v", got, err)
	}
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}
