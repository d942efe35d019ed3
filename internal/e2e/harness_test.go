package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/spec"
)

// TestSiteHCL checks that the spec the harness writes means what the
// tests assume: loopback address, the chosen ports, profile, webroot and
// idle timeout reach the validated spec and the rendered files.
func TestSiteHCL(t *testing.T) {
	t.Parallel()
	site := Site{
		Ports:       Ports{HTTPS: 18443, HTTP: 18080},
		Certificate: "/tmp/e2e/server.pem",
		Key:         "/tmp/e2e/server.key",
		Profile:     "modern",
		Webroot:     "/tmp/e2e/acme",
		Backend:     "127.0.0.1:18282",
		IdleTimeout: "2s",
	}
	s, diags := spec.Parse("wssgen.hcl", []byte(site.HCL()))
	if diags.HasErrors() {
		t.Fatalf("%s\n%s", diags, site.HCL())
	}
	got := s.Sites[0]
	if got.Domain != "localhost" || got.Listen != (spec.Listen{HTTPS: 18443, HTTP: 18080, Address: "127.0.0.1"}) {
		t.Errorf("site %q listens on %+v", got.Domain, got.Listen)
	}
	if got.TLS.Profile.Name != "modern" || got.TLS.ACME.Webroot != "/tmp/e2e/acme" {
		t.Errorf("profile %q, webroot %q", got.TLS.Profile.Name, got.TLS.ACME.Webroot)
	}
	if len(got.Routes) != 1 || got.Routes[0].Path != "/wss" || got.Routes[0].IdleTimeout != 2*time.Second {
		t.Errorf("routes %+v", got.Routes)
	}
	for target, want := range map[string]string{"nginx": "listen 127.0.0.1:18443 ssl;", "apache": "<VirtualHost 127.0.0.1:18443>"} {
		out, err := Render(site.HCL(), target)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("%s render lacks %q:\n%s", target, want, out)
		}
	}

	// No plain-http port: the spec's 0 means none.
	site.Ports.HTTP = 0
	out, err := Render(site.HCL(), "nginx")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "acme-challenge") {
		t.Errorf("site without http port still serves ACME challenges:\n%s", out)
	}
}

// TestOpenSSLReason checks the summary of s_client failures, with output
// as OpenSSL 3.0 prints it.
func TestOpenSSLReason(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ out, want string }{
		{"80CB34EE757F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1602:SSL alert number 70\n",
			"server alert 70: protocol version"},
		{"806BF45F517F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1602:SSL alert number 40\n",
			"server alert 40: handshake failure"},
		{"808BA3B34D7F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()\n808BA3B34D7F0000:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:\nconnect:errno=111\n",
			"system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()"},
		{"something else\n", "something else"},
	} {
		if got := opensslReason(tc.out); got != tc.want {
			t.Errorf("opensslReason(%q) = %q, want %q", tc.out, got, tc.want)
		}
	}
}
