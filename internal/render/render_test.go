package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/spec"
)

func load(t *testing.T, src string) *spec.Spec {
	t.Helper()
	s, diags := spec.Parse("wssgen.hcl", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return s
}

const base = `
site "chat" {
  domain = "chat.example.com"
  tls {
    certificate = "/c.pem"
    key         = "/k.pem"
  }
  route "/wss" { backend = "127.0.0.1:8282" }
}
`

func TestUpstreamPath(t *testing.T) {
	tests := []struct{ mount, backend, want string }{
		{"/wss", "", ""},
		{"/wss", "/socket", "/socket"},
		{"/wss", "/socket/", "/socket"},
		{"/", "/app", "/app/"},
		{"/", "", ""},
	}
	for _, tt := range tests {
		if got := upstreamPath(tt.mount, tt.backend); got != tt.want {
			t.Errorf("upstreamPath(%q, %q) = %q, want %q", tt.mount, tt.backend, got, tt.want)
		}
	}
}

// TestNginxVersionGates checks each version-dependent nginx choice against
// the table in internal/compat, one release either side of the boundary.
func TestNginxVersionGates(t *testing.T) {
	tests := []struct {
		version, openssl string
		want, notWant    []string
	}{
		{"", "", []string{"listen 443 ssl;", "ssl_session_tickets off;", "ssl_ecdh_curve X25519:prime256v1:secp384r1;"}, []string{"http2", "MLKEM", "ssl on"}},
		{"1.25.0", "", []string{"listen 443 ssl http2;"}, []string{"http2 on;"}},
		{"1.25.1", "", []string{"listen 443 ssl;", "http2 on;"}, []string{"ssl http2"}},
		{"1.23.1", "", []string{"ssl_session_tickets off;"}, nil},
		{"1.23.2", "", nil, []string{"ssl_session_tickets"}},
		{"1.27.0", "3.4.1", nil, []string{"X25519MLKEM768"}},
		{"1.27.0", "3.5.0", []string{"ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1:secp384r1;"}, nil},
	}
	for _, tt := range tests {
		src := base
		if tt.version != "" {
			src += "target \"nginx\" {\n  version = \"" + tt.version + "\"\n"
			if tt.openssl != "" {
				src += "  openssl = \"" + tt.openssl + "\"\n"
			}
			src += "}\n"
		}
		out, err := Render(load(t, src), "nginx", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !bytes.Contains(out, []byte(w)) {
				t.Errorf("nginx %s/%s: missing %q", tt.version, tt.openssl, w)
			}
		}
		for _, w := range tt.notWant {
			if bytes.Contains(out, []byte(w)) {
				t.Errorf("nginx %s/%s: unexpected %q", tt.version, tt.openssl, w)
			}
		}
	}
}

func TestApacheVersionGates(t *testing.T) {
	out46, err := Render(load(t, base+`target "apache" { version = "2.4.46" }`), "apache", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out46, []byte(`ProxyPass "/wss" "ws://127.0.0.1:8282/wss" timeout=3600`)) || !bytes.Contains(out46, []byte("proxy_wstunnel")) {
		t.Errorf("2.4.46 must use mod_proxy_wstunnel:\n%s", out46)
	}
	out47, err := Render(load(t, base+`target "apache" { version = "2.4.47" }`), "apache", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out47, []byte(`"http://127.0.0.1:8282/wss" upgrade=websocket`)) || bytes.Contains(out47, []byte("proxy_wstunnel")) {
		t.Errorf("2.4.47 must use upgrade=websocket:\n%s", out47)
	}
	if bytes.Contains(out47, []byte("SSLProxyEngine")) {
		t.Error("SSLProxyEngine without a wss:// backend")
	}
	_, err = Render(load(t, base+`target "apache" { version = "2.4.33" }`), "apache", Options{})
	if err == nil || !strings.Contains(err.Error(), "older than 2.4.36") {
		t.Errorf("2.4.33: err = %v", err)
	}
	_, err = Render(load(t, base+`target "nginx" { version = "1.14.2" }`), "nginx", Options{})
	if err == nil || !strings.Contains(err.Error(), "older than 1.18.0") {
		t.Errorf("nginx 1.14: err = %v", err)
	}
}

func TestHeaderAndSites(t *testing.T) {
	s := load(t, base)
	out, err := Render(s, "nginx", Options{Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(string(out), "\n", 2)[0]
	want := HeaderPrefix + "v1.2.3 from wssgen.hcl (spec sha256 " + s.Hash[:16] + ")."
	if first != want {
		t.Errorf("header = %q, want %q", first, want)
	}
	if _, err := Render(s, "nginx", Options{Sites: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), `no site named "nope"`) {
		t.Errorf("unknown site: %v", err)
	}
	if _, err := Render(s, "lighttpd", Options{}); err == nil {
		t.Error("unknown target accepted")
	}
	if _, err := Render(s, "apache", Options{Standalone: true}); err == nil {
		t.Error("--standalone accepted for Apache")
	}
}
