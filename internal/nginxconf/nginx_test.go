package nginxconf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/testenv"
)

// wrapHead opens the minimal configuration syntax snippets are placed in.
// Temporary paths and logs point inside the prefix so "nginx -t" needs no
// root and touches nothing outside it.
const wrapHead = `events {}
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
`

// nginxRun runs nginx with flag ("-t" or "-T") on conf under prefix dir
// and returns its combined output.
func nginxRun(t *testing.T, nginx, dir, conf, flag string) ([]byte, error) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", conf, flag, "-g", "pid "+filepath.Join(dir, "nginx.pid")+"; error_log stderr;")
	return cmd.CombinedOutput()
}

// TestNginxSyntaxAgreement checks that the parser accepts exactly the
// snippets that nginx -t accepts. Every snippet can only fail on syntax,
// and a failing one must fail nginx with a syntax message, so the two
// agree for the right reason.
func TestNginxSyntaxAgreement(t *testing.T) {
	nginx := testenv.LookPath(t, "nginx", "nginx")
	cases := longCases()
	files, err := filepath.Glob(filepath.Join("testdata", "syntax", "*.conf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no syntax snippets: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(f)
		cases = append(cases, syntaxCase{base, string(src), strings.HasPrefix(base, "ok-")})
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "nginx.conf")
	for _, c := range cases {
		if err := os.WriteFile(conf, []byte(wrapHead+c.src+"\n}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, perr := ParseFile(conf, Options{})
		out, nerr := nginxRun(t, nginx, dir, conf, "-t")
		if got := perr == nil; got != c.ok {
			t.Errorf("%s: parser accepted = %v, want %v (%v)", c.name, got, c.ok, perr)
		}
		if got := nerr == nil; got != c.ok {
			t.Errorf("%s: nginx -t accepted = %v, want %v:\n%s", c.name, got, c.ok, out)
		}
		if nerr != nil && !bytes.Contains(out, []byte("unexpected")) && !bytes.Contains(out, []byte("too long")) {
			t.Errorf("%s: nginx -t failed for a reason other than syntax:\n%s", c.name, out)
		}
	}
}

// TestNginxDumpMatchesFiles parses real "nginx -T" output and checks it
// yields the same files, texts and directives as parsing from disk.
func TestNginxDumpMatchesFiles(t *testing.T) {
	nginx := testenv.LookPath(t, "nginx", "nginx")
	dir := writeTree(t, map[string]string{
		"nginx.conf": wrapHead + `    include mime.types;
    include conf.d/*.conf;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
}
`,
		"mime.types": "types {\n    text/html html;\n    application/json json;\n}\n",
		"conf.d/a.conf": `server {
    listen 127.0.0.1:8443;
    # the websocket endpoint
    location /ws {
        include snippets/ws.conf;
        proxy_pass http://127.0.0.1:8282;
    }
}
`,
		"snippets/ws.conf": "proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $connection_upgrade;\n",
		// No final newline: the dump must give back the exact text.
		"conf.d/b.conf": "server { listen 127.0.0.1:8080; return 301 https://$host$request_uri; }",
	})
	conf := filepath.Join(dir, "nginx.conf")
	out, err := nginxRun(t, nginx, dir, conf, "-T")
	if err != nil {
		t.Fatalf("nginx -T: %v\n%s", err, out)
	}
	fromDump, err := Parse("nginx-T.txt", out, Options{})
	if err != nil {
		t.Fatalf("parse dump: %v\n%s", err, out)
	}
	fromDisk, err := ParseFile(conf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fromDump.Files) != len(fromDisk.Files) || len(fromDisk.Files) != 5 {
		t.Fatalf("dump has %d files, disk %d, want 5", len(fromDump.Files), len(fromDisk.Files))
	}
	for i, want := range fromDisk.Files {
		got := fromDump.Files[i]
		if got.Path != want.Path {
			t.Errorf("file %d: dump %s, disk %s", i, got.Path, want.Path)
			continue
		}
		if got.Src != want.Src {
			t.Errorf("%s: dump text %q, disk %q", got.Path, got.Src, want.Src)
		}
		if g, w := render(got.Directives), render(want.Directives); g != w {
			t.Errorf("%s: dump parses to\n%s\ndisk to\n%s", got.Path, g, w)
		}
		if len(got.Comments) != len(want.Comments) {
			t.Errorf("%s: %d comments from the dump, %d from disk", got.Path, len(got.Comments), len(want.Comments))
		}
	}
	if g, w := render(Expand(fromDump.Main().Directives)), render(Expand(fromDisk.Main().Directives)); g != w {
		t.Errorf("expanded dump:\n%s\nexpanded disk:\n%s", g, w)
	}
}
