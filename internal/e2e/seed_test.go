package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/testenv"
)

// seedFile returns a configuration example from the seed FAQ
// (testdata/seed-faq-*.conf, copied verbatim) with the replacements that
// make it run here: loopback port, test certificate, test backend. Every
// replaced text must occur exactly as often as expected, so the copy
// cannot drift silently.
func seedFile(t *testing.T, name string, repl [][2]string, counts ...int) string {
	t.Helper()
	src, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for i, r := range repl {
		want := 1
		if i < len(counts) {
			want = counts[i]
		}
		if n := strings.Count(text, r[0]); n != want {
			t.Fatalf("%s: %q occurs %d times, want %d", name, r[0], n, want)
		}
		text = strings.ReplaceAll(text, r[0], r[1])
	}
	return text
}

// TestSeedNegativeControl starts the seed FAQ's own examples and runs the
// same posture checks as TestPosture with the intermediate profile's
// expectations. They must report what the seed gets wrong; otherwise the
// checks could not tell a hardened config from the one users copy. The
// examples still proxy WebSockets, so the failures are about TLS, not a
// server that refuses everything.
func TestSeedNegativeControl(t *testing.T) {
	t.Parallel()
	openssl := testenv.LookPath(t, "openssl", "openssl")
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			bin := tg.binary(t)
			dir := WorkDir(t)
			cert := NewCert(t, dir)
			backend := StartBackend(t, BackendOptions{})
			var srv *Server
			switch tg.name {
			case "nginx":
				srv = StartNginx(t, Config{Binary: bin, Dir: dir, Site: func(p Ports) ([]byte, error) {
					return []byte(seedFile(t, "seed-faq-nginx.conf", [][2]string{
						{"listen 443;", fmt.Sprintf("listen %s;", HostPort(p.HTTPS))},
						{"/etc/ssl/server.pem", cert.Leaf.CertFile},
						{"/etc/ssl/server.key", cert.Leaf.KeyFile},
						{"127.0.0.1:8282", backend.Addr},
					})), nil
				}})
				// nginx 1.22 still takes "ssl on" (1.25.1 removed it)
				// but says it is deprecated.
				if log := srv.ErrorLog(); !strings.Contains(log, `the "ssl" directive is deprecated`) {
					t.Errorf("nginx did not warn about \"ssl on\"; error log:\n%s", log)
				}
			case "apache":
				srv = StartApache(t, Config{Binary: bin, Dir: dir, Site: func(p Ports) ([]byte, error) {
					seed := seedFile(t, "seed-faq-apache.conf", [][2]string{
						{"/server/httpd/cert/your.pem", cert.Leaf.CertFile},
						{"/server/httpd/cert/your.key", cert.Leaf.KeyFile},
						{"/server/httpd/cert/chain.pem", cert.CAFile},
						{"ws://127.0.0.1:8282/wss", "ws://" + backend.Addr + "/wss"},
					}, 1, 1, 1, 2)
					// The FAQ's snippet is the inside of the stock
					// extra/httpd-ssl.conf virtual host; this is the
					// frame that file gives it, and the modules the FAQ
					// says to load.
					return []byte(fmt.Sprintf("# Modules this file needs: a2enmod ssl proxy proxy_wstunnel\nListen %s\n<VirtualHost %s>\nSSLEngine on\n%s</VirtualHost>\n",
						HostPort(p.HTTPS), HostPort(p.HTTPS), seed)), nil
				}})
			}

			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, err := DialWSS(ctx, srv.URL("wss", "/wss"), cert.ClientConfig(), nil)
			if err != nil {
				t.Fatalf("the seed's config does not proxy WebSockets here: %v", err)
			}
			if got, err := Exchange(ctx, c, "tom"); err != nil || got != "tom" {
				t.Fatalf("echo through the seed's config: got %q, %v", got, err)
			}
			c.CloseNow()

			p, err := CheckPosture(ctx, srv.HTTPSAddr(), cert.ClientConfig(), openssl, cert.CAFile, Expectations("intermediate"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("seed FAQ %s example:\n%s", tg.name, p.Report())
			for _, v := range p.Violations {
				t.Logf("reported: %s", v)
			}
			// What the seed gets wrong whatever the OpenSSL build: its
			// cipher list lets static RSA through. Both clients must
			// see it.
			for _, client := range []string{"go", "openssl"} {
				if !violated(p, ProbeTLS12StaticRSA.Name, client) {
					t.Errorf("the %s client did not report the seed's static-RSA CBC suite", client)
				}
			}
			// Whether TLS 1.0/1.1 get through the seed's ssl_protocols
			// depends on the OpenSSL build's default security level
			// (Debian's OpenSSL 3 refuses them below level 0), so the
			// verdict is logged; the two independent clients must agree
			// on it.
			for _, probe := range []string{ProbeTLS10.Name, ProbeTLS11.Name} {
				g, o := outcome(p, probe, "go"), outcome(p, probe, "openssl")
				if g.Accepted != o.Accepted {
					t.Errorf("%s: the clients disagree: %s / %s", probe, g, o)
				}
				t.Logf("observed on this machine: %s / %s", g, o)
			}
		})
	}
}

func outcome(p Posture, probe, client string) Outcome {
	for _, o := range p.Outcomes {
		if o.Probe == probe && o.Client == client {
			return o
		}
	}
	return Outcome{}
}

func violated(p Posture, probe, client string) bool {
	for _, v := range p.Violations {
		if v.Probe.Name == probe && v.Got.Client == client {
			return true
		}
	}
	return false
}
