package e2e

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
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
				c, err := DialWSS(ctx, f.srv.URL("wss", path), f.cert.ClientConfig(), nil)
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

// TestSameOriginPage opens the socket the way a page served by the site
// itself would, with Origin https://localhost:PORT, against a backend that
// checks the origin as WebSocket libraries do by default: the Origin's
// host:port must equal the Host header the proxy forwards. On port 443
// the two agree whatever the proxy does; the tests run on other ports,
// which is where they can differ.
func TestSameOriginPage(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			f := startSite(t, tg, siteOptions{sameOrigin: true, noHTTP: true})
			origin := f.srv.URL("https", "")
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, err := DialWSS(ctx, f.srv.URL("wss", "/wss"), f.cert.ClientConfig(), http.Header{"Origin": {origin}})
			hs, werr := f.backend.WaitHandshakes(ctx, 1)
			if werr != nil || len(hs) != 1 {
				t.Fatalf("%v, saw %+v (dial error: %v)", werr, hs, err)
			}
			if want := fmt.Sprintf("localhost:%d", f.srv.Ports.HTTPS); hs[0].Host != want {
				t.Errorf("backend saw Host %q, want %q (the port must survive the proxy)", hs[0].Host, want)
			}
			if err != nil {
				t.Fatalf("same-origin socket refused: %v; backend saw %+v", err, hs[0])
			}
			defer c.CloseNow()
			if got, err := Exchange(ctx, c, "tom"); err != nil || got != "tom" {
				t.Fatalf("echo: got %q, %v", got, err)
			}
		})
	}
}

// TestTLSBackendWithPath covers the other backend form: wss://host:port/path.
// The proxy speaks TLS to the backend, and the route's path is replaced by
// the backend's (/wss/x reaches the backend as /socket/x).
func TestTLSBackendWithPath(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			dir := WorkDir(t)
			cert := NewCert(t, dir)
			kp, err := tls.X509KeyPair(cert.Leaf.CertPEM, cert.Leaf.KeyPEM)
			if err != nil {
				t.Fatal(err)
			}
			backend := StartBackend(t, BackendOptions{TLS: &tls.Config{Certificates: []tls.Certificate{kp}}})
			site := Site{Certificate: cert.Leaf.CertFile, Key: cert.Leaf.KeyFile, Backend: "wss://" + backend.Addr + "/socket"}
			srv := tg.start(t, Config{Binary: tg.binary(t), Dir: dir, Site: SiteFile(site, tg.name)})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			for path, want := range map[string]string{"/wss": "/socket", "/wss/room1?user=tom": "/socket/room1?user=tom"} {
				c, err := DialWSS(ctx, srv.URL("wss", path), cert.ClientConfig(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := Exchange(ctx, c, "tom"); err != nil || got != "tom" {
					t.Fatalf("%s: echo: got %q, %v", path, got, err)
				}
				rep, err := Exchange(ctx, c, HeadersQuery)
				c.CloseNow()
				if err != nil {
					t.Fatal(err)
				}
				hs, err := ParseHandshake([]byte(rep))
				if err != nil {
					t.Fatal(err)
				}
				if hs.RequestURI != want || hs.ForwardedProto != "https" {
					t.Errorf("%s reached the backend as %q with X-Forwarded-Proto %q, want %q and https", path, hs.RequestURI, hs.ForwardedProto, want)
				}
			}
		})
	}
}
