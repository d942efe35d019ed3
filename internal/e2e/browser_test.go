package e2e

import (
	"crypto/tls"
	"strconv"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/testenv"
)

// TestBrowser runs the seed FAQ's JavaScript in headless Chromium against
// both servers: new WebSocket("wss://localhost:PORT/wss"), send 'tom' on
// open, and the page receives the echo. The browser trusts the test
// certificate by its public key only; a WebSocket server with any other
// key must still be refused, which shows the trust is not blanket.
func TestBrowser(t *testing.T) {
	t.Parallel()
	chromium := testenv.LookPath(t, "chromium", "chromium", "chromium-browser")
	var sites []*fixture
	for _, tg := range targets {
		sites = append(sites, startSite(t, tg, siteOptions{}))
	}
	// Every test certificate carries the same RSA key (see NewCert), so
	// one hash covers both servers.
	hash := sites[0].cert.Leaf.SPKIHash()
	for _, f := range sites[1:] {
		if f.cert.Leaf.SPKIHash() != hash {
			t.Fatal("test certificates have different keys; list every hash")
		}
	}
	b := StartBrowser(t, chromium, hash)
	for i, tg := range targets {
		f := sites[i]
		t.Run(tg.name, func(t *testing.T) {
			res, err := b.OpenWSS(t, f.srv.URL("wss", "/wss"))
			if err != nil {
				t.Fatalf("%v\n%s", err, b.Output())
			}
			if res.Reply == nil || *res.Reply != "tom" {
				t.Fatalf("page received %v, want the echo \"tom\"; page state %+v\n%s", res.Reply, res, b.Output())
			}
			want := []string{"Conexión exitosa", "Enviando una cadena al servidor: tom", "Mensaje recibido del servidor: tom"}
			if strings.Join(res.Events, "\n") != strings.Join(want, "\n") {
				t.Errorf("page events %q, want %q", res.Events, want)
			}
			hs := f.backend.Handshakes()
			if len(hs) != 1 || hs[0].ForwardedProto != "https" || hs[0].RealIP != Loopback || hs[0].Origin == "" {
				t.Errorf("backend saw %+v, want one browser handshake with an Origin, X-Forwarded-Proto https and X-Real-IP %s", hs, Loopback)
			}
		})
	}
	t.Run("other-key-refused", func(t *testing.T) {
		decoy := startDecoy(t)
		res, err := b.OpenWSS(t, "wss://localhost:"+strconv.Itoa(decoy.Port)+"/wss")
		if err != nil {
			t.Fatalf("%v\n%s", err, b.Output())
		}
		if res.Reply != nil || !res.Error || res.CloseCode != 1006 {
			t.Fatalf("browser talked to a server whose key is not in the SPKI list: %+v", res)
		}
		// The refusal must be the certificate check, not a failure to
		// connect: the server saw the browser abort the handshake.
		if errs := strings.Join(decoy.Errors(), "\n"); !strings.Contains(errs, "certificate") {
			t.Errorf("decoy server did not see a certificate refusal; it logged %q", errs)
		}
		if n := len(decoy.Handshakes()); n != 0 {
			t.Errorf("decoy backend saw %d WebSocket handshakes, want none", n)
		}
	})
}

// startDecoy serves the echo backend itself over TLS with a certificate
// from another CA and another key.
func startDecoy(t *testing.T) *Backend {
	t.Helper()
	leaf := testenv.NewCA(t).Issue(t, testenv.LeafOptions{DNSNames: []string{"localhost"}})
	cert, err := tls.X509KeyPair(leaf.CertPEM, leaf.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return StartBackend(t, BackendOptions{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}})
}
