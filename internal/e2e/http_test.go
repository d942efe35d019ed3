package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestPlainHTTP checks the port-80 server of the rendered site: every
// request moves to https on the site's port, except ACME HTTP-01
// challenges, which are answered from the webroot.
func TestPlainHTTP(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			f := startSite(t, tg, siteOptions{})
			client := HTTPClient(f.cert.ClientConfig())

			t.Run("redirect", func(t *testing.T) {
				resp := get(t, client, f.srv.URL("http", "/wss/room1?user=tom"))
				want := f.srv.URL("https", "/wss/room1?user=tom")
				if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
					t.Fatalf("got %s Location %q, want 301 to %q", resp.Status, resp.Header.Get("Location"), want)
				}
				// The target is the TLS server of the same site: it
				// answers over TLS with the certificate the client
				// trusts and sends HSTS.
				resp = get(t, client, want)
				if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "max-age=63072000" {
					t.Errorf("https response (%s) has Strict-Transport-Security %q, want max-age=63072000", resp.Status, hsts)
				}
			})

			t.Run("acme-challenge", func(t *testing.T) {
				const token = "Xy-Z_0123456789abcdefghijklmnopqrstuvwxyzABC"
				const keyAuth = token + ".thumbprint-of-the-account-key"
				file := filepath.Join(f.webroot, ".well-known", "acme-challenge", token)
				if err := os.WriteFile(file, []byte(keyAuth), 0o644); err != nil {
					t.Fatal(err)
				}
				resp := get(t, client, f.srv.URL("http", "/.well-known/acme-challenge/"+token))
				body := readBody(t, resp)
				if resp.StatusCode != http.StatusOK || body != keyAuth {
					t.Fatalf("challenge: got %s %q, want 200 %q", resp.Status, body, keyAuth)
				}
				// An unknown token is a plain 404 on port 80, never a
				// redirect to a server the CA cannot validate against.
				resp = get(t, client, f.srv.URL("http", "/.well-known/acme-challenge/no-such-token"))
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("unknown token: got %s, want 404", resp.Status)
				}
			})
		})
	}
}

func get(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
