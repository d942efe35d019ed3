package certs

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/crypto/acme"
)

func TestValidToken(t *testing.T) {
	for _, tok := range []string{"evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA", "a", "A_b-9"} {
		if !validToken(tok) {
			t.Errorf("validToken(%q) = false", tok)
		}
	}
	for _, tok := range []string{"", "../../etc/passwd", "a/b", "a.b", "tok en", strings.Repeat("a", 257)} {
		if validToken(tok) {
			t.Errorf("validToken(%q) = true", tok)
		}
	}
}

func testClient(t *testing.T) *acme.Client {
	k, _, err := loadOrCreateAccountKey(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &acme.Client{Key: k}
}

func TestWebrootPresentAndCleanUp(t *testing.T) {
	// Under a strict umask the created directories must still be
	// readable by the web server's user.
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	root := filepath.Join(t.TempDir(), "acme")
	w := &Webroot{Dir: root}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{root, filepath.Join(root, ".well-known"), filepath.Join(root, ".well-known", "acme-challenge")} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("%s: mode %v %v, want 0755", d, fi.Mode().Perm(), err)
		}
	}
	c := testClient(t)
	chal := &acme.Challenge{Type: "http-01", Token: "tok3n"}
	if err := w.Present(c, "chat.example.com", chal); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, ".well-known", "acme-challenge", "tok3n")
	got, err := os.ReadFile(file)
	want, _ := c.HTTP01ChallengeResponse("tok3n")
	if err != nil || string(got) != want {
		t.Errorf("token file = %q, %v; want the key authorization %q", got, err, want)
	}
	if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o644 {
		t.Errorf("token file mode %v, want 0644", fi.Mode().Perm())
	}
	if err := w.CleanUp("chat.example.com", chal); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file still there: %v", err)
	}

	// A token that is not base64url is refused before touching the disk.
	bad := &acme.Challenge{Type: "http-01", Token: "../../escape"}
	if err := w.Present(c, "chat.example.com", bad); err == nil {
		t.Error("a path-like token was accepted")
	}
	if _, err := os.Stat(filepath.Join(root, "escape")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a path-like token wrote outside the challenge directory")
	}
}

func TestWebrootNotWritable(t *testing.T) {
	// A file where the webroot should be fails for root too, unlike modes.
	file := filepath.Join(t.TempDir(), "webroot")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := (&Webroot{Dir: file}).Start()
	var p *Problem
	if !errors.As(err, &p) || p.Summary != "Webroot is not writable" || !strings.Contains(p.Detail, "not a directory") || !strings.Contains(p.Detail, "--webroot") {
		t.Fatalf("err = %v, want the webroot problem", err)
	}
}

func TestStandaloneServesOnlyPresentedTokens(t *testing.T) {
	s := &Standalone{Addr: "127.0.0.1:0"}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	c := testClient(t)
	if err := s.Present(c, "a.example.com", &acme.Challenge{Token: "tok3n"}); err != nil {
		t.Fatal(err)
	}
	want, _ := c.HTTP01ChallengeResponse("tok3n")
	for path, status := range map[string]int{
		"/.well-known/acme-challenge/tok3n": 200,
		"/.well-known/acme-challenge/other": 404,
		"/tok3n":                            404,
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != status || (status == 200 && rec.Body.String() != want) {
			t.Errorf("GET %s = %d %q, want %d", path, rec.Code, rec.Body.String(), status)
		}
	}
	s.CleanUp("a.example.com", &acme.Challenge{Token: "tok3n"})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/.well-known/acme-challenge/tok3n", nil))
	if rec.Code != 404 {
		t.Errorf("after CleanUp: %d, want 404", rec.Code)
	}
}

func TestStandalonePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "nginx") }))
	for _, s := range []Solver{&Standalone{Addr: ln.Addr().String()}, &TLSALPN{Addr: ln.Addr().String()}} {
		err := s.Start()
		var p *Problem
		if !errors.As(err, &p) || !strings.Contains(p.Detail, "Another server") || !strings.Contains(p.Detail, "--webroot") {
			t.Errorf("%s: err = %v, want the port-in-use problem", s, err)
		}
	}
}
