package e2e

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestGoClient is the FAQ's scenario with a Go client: wss://localhost/wss
// through the rendered config reaches the backend, the echo comes back,
// and the backend sees the original path, X-Forwarded-Proto: https and the
// client's address.
func TestGoClient(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			f := startSite(t, tg, siteOptions{})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			// The route covers its path and everything below it, and
			// the path and query reach the backend unchanged.
			for _, path := range []string{"/wss", "/wss/room1?user=tom"} {
				c, err := DialWSS(ctx, f.srv.URL("wss", path), f.cert.ClientConfig())
				if err != nil {
					t.Fatal(err)
				}
				if got, err := Exchange(ctx, c, "tom"); err != nil || got != "tom" {
					t.Fatalf("%s: echo of %q: got %q, %v", path, "tom", got, err)
				}
				rep, err := Exchange(ctx, c, HeadersQuery)
				if err != nil {
					t.Fatal(err)
				}
				c.CloseNow()
				hs, err := ParseHandshake([]byte(rep))
				if err != nil {
					t.Fatalf("%s: %v in %q", path, err, rep)
				}
				if hs.RequestURI != path {
					t.Errorf("backend saw request URI %q, want %q", hs.RequestURI, path)
				}
				if hs.ForwardedProto != "https" {
					t.Errorf("%s: backend saw X-Forwarded-Proto %q, want https", path, hs.ForwardedProto)
				}
				if hs.RealIP != Loopback {
					t.Errorf("%s: backend saw X-Real-IP %q, want the client's %s", path, hs.RealIP, Loopback)
				}
				if hs.ForwardedFor != Loopback {
					t.Errorf("%s: backend saw X-Forwarded-For %q, want the client's %s", path, hs.ForwardedFor, Loopback)
				}
				// Virtual hosting on the backend needs the public name.
				if h := strings.Split(hs.Host, ":")[0]; h != "localhost" {
					t.Errorf("%s: backend saw Host %q, want localhost", path, hs.Host)
				}
				t.Logf("%s: backend saw %+v", path, hs)
			}
			if n := len(f.backend.Handshakes()); n != 2 {
				t.Errorf("backend saw %d handshakes, want 2", n)
			}
		})
	}
}
