package spec

import (
	"strings"
	"testing"
	"time"
)

func TestDNSName(t *testing.T) {
	ok := map[string]string{
		"chat.example.com":  "chat.example.com",
		"Chat.Example.COM.": "chat.example.com",
		"bücher.example":    "xn--bcher-kva.example",
		"localhost":         "localhost",
		"a-b.example":       "a-b.example",
	}
	for in, want := range ok {
		got, err := DNSName(in)
		if err != nil || got != want {
			t.Errorf("DNSName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                                   "empty",
		"a;b.example":                        `";"`,
		"a{b}.example":                       `"{"`,
		"a b.example":                        "whitespace",
		"a\nb.example":                       "line break",
		"$host":                              `"$"`,
		`a"b.example`:                        `"\""`,
		"a'b.example":                        `"'"`,
		"127.0.0.1":                          "IP address",
		"[::1]":                              "IP address",
		"*.example.com":                      "wildcard",
		"-a.example":                         "valid DNS name",
		"a..example":                         "valid DNS name",
		"https://a.example":                  "bare host name",
		"a.example:443":                      "bare host name",
		strings.Repeat("a", 64) + ".example": "valid DNS name",
	}
	for in, want := range bad {
		_, err := DNSName(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("DNSName(%q) error = %v, want it to mention %s", in, err, want)
		}
	}
}

func TestParseBackend(t *testing.T) {
	tests := []struct {
		in   string
		want Backend
	}{
		{"127.0.0.1:8282", Backend{Host: "127.0.0.1", Port: 8282}},
		{"ws://127.0.0.1:8282", Backend{Host: "127.0.0.1", Port: 8282}},
		{"ws://localhost:9000/socket", Backend{Host: "localhost", Port: 9000, Path: "/socket"}},
		{"wss://backend.internal:8443/", Backend{TLS: true, Host: "backend.internal", Port: 8443}},
		{"[::1]:8282", Backend{Host: "::1", Port: 8282}},
		{"ws://[2001:db8::1]:80/x", Backend{Host: "2001:db8::1", Port: 80, Path: "/x"}},
	}
	for _, tt := range tests {
		got, err := ParseBackend(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseBackend(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	if got := (Backend{Host: "::1", Port: 1}).HostPort(); got != "[::1]:1" {
		t.Errorf("HostPort = %q", got)
	}
	bad := map[string]string{
		"127.0.0.1":               "no port",
		"127.0.0.1:0":             "between 1 and 65535",
		"127.0.0.1:65536":         "between 1 and 65535",
		"127.0.0.1:http":          "between 1 and 65535",
		"http://127.0.0.1:80":     "ws://host:port",
		"::1:8282":                "brackets",
		"ws://a:1/x y":            "whitespace",
		"ws://a:1/x;y":            `";"`,
		"ws://a:1/x?y=1":          "query",
		"ws://a_b:1":              "valid DNS name",
		"ws://127.0.0.1:1/../etc": `".."`,
	}
	for in, want := range bad {
		_, err := ParseBackend(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBackend(%q) error = %v, want it to mention %s", in, err, want)
		}
	}
}

func TestRoutePathAndMount(t *testing.T) {
	for _, p := range []string{"/", "/wss", "/ws/", "/socket.io/", "/a-b_c~d/%20x", "/v1:chat@x"} {
		if err := checkRoutePath(p); err != nil {
			t.Errorf("checkRoutePath(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"wss", "", "/a b", "/a;b", "/a'b", `/a"b`, "/a{b", "/a$b", "/a//b", "/a/../b", "/%zz", "/a#b"} {
		if err := checkRoutePath(p); err == nil {
			t.Errorf("checkRoutePath(%q) accepted", p)
		}
	}
	mounts := map[string]string{"/": "/", "/wss": "/wss", "/wss/": "/wss", "/a/b//": "/a/b"}
	for in, want := range mounts {
		if got := MountPath(in); got != want {
			t.Errorf("MountPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIdleTimeout(t *testing.T) {
	if d, err := ParseIdleTimeout("90s"); err != nil || d != 90*time.Second {
		t.Errorf("90s = %v, %v", d, err)
	}
	for _, s := range []string{"soon", "500ms", "1.5s", "-1h", "0s"} {
		if _, err := ParseIdleTimeout(s); err == nil {
			t.Errorf("ParseIdleTimeout(%q) accepted", s)
		}
	}
}

func TestListenAddressAndResolver(t *testing.T) {
	for in, want := range map[string]string{"127.0.0.1": "127.0.0.1", "[::1]": "::1", "::1": "::1", "0.0.0.0": "0.0.0.0"} {
		if got, err := ListenAddress(in); err != nil || got != want {
			t.Errorf("ListenAddress(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"localhost", "1.2.3.4:80", "fe80::1%eth0", "1.2.3.4;"} {
		if _, err := ListenAddress(in); err == nil {
			t.Errorf("ListenAddress(%q) accepted", in)
		}
	}
	for in, want := range map[string]string{"127.0.0.53": "127.0.0.53", "[::1]:53": "[::1]:53", "::1": "[::1]", "9.9.9.9:5353": "9.9.9.9:5353"} {
		if got, err := Resolver(in); err != nil || got != want {
			t.Errorf("Resolver(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

const minimal = `
site "chat" {
  domain = "chat.example.com"
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }
  route "/wss" { backend = "127.0.0.1:8282" }
}
`

func TestParseDefaults(t *testing.T) {
	s, diags := Parse("wssgen.hcl", []byte(minimal))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	site := s.Sites[0]
	if site.Listen != (Listen{HTTPS: 443, HTTP: 80}) {
		t.Errorf("listen defaults = %+v", site.Listen)
	}
	if !site.TLS.HSTS || site.TLS.OCSPStapling || site.TLS.Profile.Name != "intermediate" {
		t.Errorf("tls defaults = %+v", site.TLS)
	}
	if site.TLS.ACME.Webroot != DefaultWebroot {
		t.Errorf("webroot default = %q", site.TLS.ACME.Webroot)
	}
	r := site.Routes[0]
	if r.IdleTimeout != time.Hour || !r.ForwardClientIP {
		t.Errorf("route defaults = %+v", r)
	}
	if len(s.Hash) != 64 {
		t.Errorf("hash = %q", s.Hash)
	}
	if tg := s.Target("nginx"); !tg.Version.IsZero() {
		t.Errorf("absent target has version %v", tg.Version)
	}
}

func TestEnvFunction(t *testing.T) {
	t.Setenv("WSSGEN_TEST_CERT_DIR", "/srv/certs")
	src := strings.Replace(minimal, `"/etc/ssl/chat/fullchain.pem"`, `format("%s/fullchain.pem", env("WSSGEN_TEST_CERT_DIR"))`, 1)
	src = strings.Replace(src, `"/etc/ssl/chat/privkey.pem"`, `"${env("WSSGEN_TEST_UNSET_VAR", "/etc/ssl")}/privkey.pem"`, 1)
	s, diags := Parse("wssgen.hcl", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := s.Sites[0].TLS.Certificate; got != "/srv/certs/fullchain.pem" {
		t.Errorf("certificate = %q", got)
	}
	if got := s.Sites[0].TLS.Key; got != "/etc/ssl/privkey.pem" {
		t.Errorf("key = %q", got)
	}
	bad := strings.Replace(minimal, `"/etc/ssl/chat/privkey.pem"`, `env("WSSGEN_TEST_UNSET_VAR")`, 1)
	_, diags = Parse("wssgen.hcl", []byte(bad))
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "WSSGEN_TEST_UNSET_VAR is not set") {
		t.Errorf("unset env var: %v", diags)
	}
	// A value from the environment is validated like any other.
	t.Setenv("WSSGEN_TEST_EVIL", "/x;\nssl_verify_client off")
	evil := strings.Replace(minimal, `"/etc/ssl/chat/privkey.pem"`, `env("WSSGEN_TEST_EVIL")`, 1)
	_, diags = Parse("wssgen.hcl", []byte(evil))
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "could inject configuration") {
		t.Errorf("injected env value: %v", diags)
	}
}

func TestSemanticErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no site", `target "nginx" {}`, "No site block"},
		{"no route", strings.Replace(minimal, `route "/wss" { backend = "127.0.0.1:8282" }`, "", 1), "No route block"},
		{"same ports", strings.Replace(minimal, `domain = "chat.example.com"`, `domain = "chat.example.com"
  listen {
    http  = 8443
    https = 8443
  }`, 1), "Port used twice"},
		{"ocsp without resolvers", strings.Replace(minimal, `key         = "/etc/ssl/chat/privkey.pem"`, `key = "/k.pem"
    ocsp_stapling = true`, 1), "OCSP stapling needs resolvers"},
		{"cert equals key", strings.Replace(minimal, `"/etc/ssl/chat/privkey.pem"`, `"/etc/ssl/chat/fullchain.pem"`, 1), "Certificate and key are one file"},
		{"duplicate alias", strings.Replace(minimal, `domain = "chat.example.com"`, `domain = "chat.example.com"
  aliases = ["CHAT.example.com"]`, 1), "Duplicate alias"},
		{"name in two sites", minimal + strings.Replace(minimal, `site "chat"`, `site "other"`, 1), "Server name in two sites"},
		{"bad acme", strings.Replace(minimal, `key         = "/etc/ssl/chat/privkey.pem"`, `key = "/k.pem"
    acme {
      challenge = "dns-01"
      key_type  = "ed25519"
      email     = "not an email"
      webroot   = "/"
    }`, 1), "Unknown ACME challenge"},
		{"bad acme key type", strings.Replace(minimal, `key         = "/etc/ssl/chat/privkey.pem"`, `key = "/k.pem"
    acme { key_type = "ed25519" }`, 1), `key_type "ed25519" is not one of`},
		{"acme webroot root", strings.Replace(minimal, `key         = "/etc/ssl/chat/privkey.pem"`, `key = "/k.pem"
    acme { webroot = "/" }`, 1), "would serve the whole file system"},
		{"bad site name", strings.Replace(minimal, `site "chat"`, `site "chat site"`, 1), "Invalid site name"},
		{"duplicate target", minimal + `target "nginx" {}
target "nginx" {}`, "Duplicate target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("wssgen.hcl", []byte(tt.src))
			var all []string
			for _, d := range diags {
				all = append(all, d.Summary+": "+d.Detail)
			}
			if !diags.HasErrors() || !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Fatalf("diagnostics:\n%s\nwant %q", strings.Join(all, "\n"), tt.want)
			}
			for _, d := range diags {
				if d.Subject == nil {
					t.Errorf("diagnostic %q has no position", d.Summary)
				}
			}
		})
	}
}
