package lint

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/wssgen/wssgen/internal/nginxconf"
)

// writeBigTree writes an nginx configuration of files×perFile servers:
// nginx.conf includes sites/*.conf. Every tenth server enables TLSv1 and
// every seventh WebSocket location lacks proxy_read_timeout, so the
// expected findings are known. It returns the main file and the total
// size in bytes.
func writeBigTree(tb testing.TB, dir string, files, perFile int) (string, int64) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "sites"), 0o755); err != nil {
		tb.Fatal(err)
	}
	var total int64
	write := func(name string, fill func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fill(w)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		fi, _ := f.Stat()
		total += fi.Size()
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	write("nginx.conf", func(w *bufio.Writer) {
		fmt.Fprint(w, `events {}
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    include sites/*.conf;
}
`)
	})
	n := 0
	for i := 0; i < files; i++ {
		write(fmt.Sprintf("sites/%04d.conf", i), func(w *bufio.Writer) {
			for j := 0; j < perFile; j++ {
				protocols := "TLSv1.2 TLSv1.3"
				if n%10 == 0 {
					protocols = "TLSv1 TLSv1.2 TLSv1.3"
				}
				timeout := "        proxy_read_timeout 3600s;\n"
				if n%7 == 0 {
					timeout = ""
				}
				fmt.Fprintf(w, `# site %d
server {
    listen 443 ssl;
    listen [::]:443 ssl;
    server_name site%d.example.com;
    ssl_certificate     /etc/ssl/site%d/fullchain.pem;
    ssl_certificate_key /etc/ssl/site%d/privkey.pem;
    ssl_protocols %s;
    add_header Strict-Transport-Security "max-age=63072000" always;
    location /ws {
        proxy_pass http://127.0.0.1:%d;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
%s    }
}
`, n, n, n, n, protocols, 10000+n%50000, timeout)
				n++
			}
		})
	}
	return filepath.Join(dir, "nginx.conf"), total
}

// TestBigTree lints 5,000 servers in 100 included files and checks the
// count, the order and the place of the findings, and what the parsed
// configuration and the report keep in memory.
func TestBigTree(t *testing.T) {
	const files, perFile = 100, 50
	main, size := writeBigTree(t, t.TempDir(), files, perFile)

	var m0, m1, m2 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	cfg, err := nginxconf.ParseFile(main, nginxconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	rep := RunNginx(cfg, Options{})
	runtime.ReadMemStats(&m2)
	parsed := int64(m1.HeapAlloc) - int64(m0.HeapAlloc)
	parsing := int64(m1.TotalAlloc) - int64(m0.TotalAlloc)
	linting := int64(m2.TotalAlloc) - int64(m1.TotalAlloc)
	t.Logf("%d bytes of configuration; parsing allocates %d bytes (%.1fx) and the tree holds %d (%.1fx); linting allocates %d bytes (%.1fx)",
		size, parsing, float64(parsing)/float64(size), parsed, float64(parsed)/float64(size), linting, float64(linting)/float64(size))
	// wssgen lint pauses the collector while it parses and lints, so
	// everything allocated counts towards its peak memory, which is to
	// stay under ten times the input: the parse's share is 8x (the text,
	// directives, arguments and lists), the rules' (the index of
	// directives and scopes and the findings) 1.5x, and the process
	// itself takes the rest.
	if parsing > 8*size {
		t.Errorf("parsing allocated %d bytes, more than 8 times the %d-byte input", parsing, size)
	}
	if 2*linting > 3*size {
		t.Errorf("linting allocated %d bytes, more than 1.5 times the %d-byte input", linting, size)
	}

	if got := len(cfg.Files); got != files+1 {
		t.Fatalf("parsed %d files, want %d", got, files+1)
	}
	servers := files * perFile
	wantTLS1 := (servers + 9) / 10
	wantTimeout := (servers + 6) / 7
	var tls1, timeout int
	for _, f := range rep.Findings {
		switch f.Rule.ID {
		case "NGX003":
			tls1++
		case "NGX015":
			timeout++
		default:
			t.Fatalf("unexpected finding %s: %s %s", f.Range, f.Rule.ID, f.Message)
		}
	}
	if tls1 != wantTLS1 || timeout != wantTimeout {
		t.Errorf("got %d NGX003 and %d NGX015 findings, want %d and %d", tls1, timeout, wantTLS1, wantTimeout)
	}
	// Server 0 has both problems; its ssl_protocols (line 8) comes first,
	// then its location (line 10).
	first := rep.Findings[0]
	if filepath.Base(first.Range.File.String()) != "0000.conf" || first.Range.Start.Line != 8 || first.Rule.ID != "NGX003" {
		t.Errorf("first finding is %s %s, want 0000.conf:8 NGX003", first.Range, first.Rule.ID)
	}
	if second := rep.Findings[1]; second.Range.Start.Line != 10 || second.Rule.ID != "NGX015" {
		t.Errorf("second finding is %s %s, want 0000.conf:10 NGX015", second.Range, second.Rule.ID)
	}
	for i := 1; i < len(rep.Findings); i++ {
		a, b := rep.Findings[i-1].Range, rep.Findings[i].Range
		if c := a.File.Compare(b.File); c > 0 || c == 0 && a.Start.Line > b.Start.Line {
			t.Fatalf("findings out of order: %s before %s", a, b)
		}
	}
	runtime.KeepAlive(cfg)
}

func benchTree(b *testing.B) (string, int64) {
	return writeBigTree(b, b.TempDir(), 100, 50)
}

// BenchmarkParse measures the nginx parser alone on the 5,000-server tree.
func BenchmarkParse(b *testing.B) {
	main, size := benchTree(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if _, err := nginxconf.ParseFile(main, nginxconf.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLint measures the rules alone on an already parsed tree.
func BenchmarkLint(b *testing.B) {
	main, size := benchTree(b)
	cfg, err := nginxconf.ParseFile(main, nginxconf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		RunNginx(cfg, Options{})
	}
}

// BenchmarkParseAndLint is what `wssgen lint` does per tree.
func BenchmarkParseAndLint(b *testing.B) {
	main, size := benchTree(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		cfg, err := nginxconf.ParseFile(main, nginxconf.Options{})
		if err != nil {
			b.Fatal(err)
		}
		RunNginx(cfg, Options{})
	}
}

// BenchmarkLintPaths is the whole of `wssgen lint DIR/nginx.conf` short of
// printing: reading, detecting, parsing and linting with the collector
// paused per file, as the command does.
func BenchmarkLintPaths(b *testing.B) {
	main, size := benchTree(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if _, errs := LintPaths([]string{main}, LoadOptions{PauseGC: true}, Options{}); errs != nil {
			b.Fatal(errs)
		}
	}
}
