package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/compat"
)

// targetRe reads the versions wssgen render records in its header:
// "# Target: nginx 1.22.1, OpenSSL 3.0.0".
var targetRe = regexp.MustCompile(`(?m)^# Target: (nginx|apache) ([0-9][0-9.]*)?(?:, OpenSSL ([0-9][0-9.]*))?`)

// documentedInfo lists the info findings a rendered file may carry: the
// spec asked for what the rule advises against, and the spec setting that
// did is the documentation.
var documentedInfo = []struct {
	rule    string
	specSet *regexp.Regexp
}{
	{"NGX010", regexp.MustCompile(`(?m)^\s*hsts\s*=\s*false`)},
	{"NGX018", regexp.MustCompile(`(?m)^\s*forward_client_ip\s*=\s*false`)},
}

// TestRenderedConfigsLintClean lints every configuration of the golden
// cases (what wssgen render writes) with --fail-on info: only findings the
// case's spec explicitly asked for are allowed.
func TestRenderedConfigsLintClean(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "golden", "cases", "*", "*.conf"))
	if len(files) == 0 {
		t.Skip("no golden cases rendered yet")
	}
	for _, path := range files {
		t.Run(filepath.Join(filepath.Base(filepath.Dir(path)), filepath.Base(path)), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := targetRe.FindSubmatch(src)
			if m == nil {
				t.Fatalf("%s has no '# Target:' header", path)
			}
			lo := LoadOptions{Type: Nginx}
			var vs Versions
			ver := func(b []byte) compat.Version {
				if len(b) == 0 {
					return compat.Version{}
				}
				return compat.MustParse(string(b))
			}
			if string(m[1]) == "apache" {
				lo.Type = Apache
				vs.Apache = ver(m[2])
			} else {
				vs.Nginx = ver(m[2])
			}
			vs.OpenSSL = ver(m[3])
			rep, err := LintSource(path, src, lo, Options{Versions: vs})
			if err != nil {
				t.Fatal(err)
			}
			spec, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "wssgen.hcl"))
			for _, f := range rep.Findings {
				if f.Severity == Info && allowedInfo(f.Rule.ID, spec) {
					continue
				}
				t.Errorf("%s: %s %s: %s", f.Range, f.Severity, f.Rule.ID, f.Message)
			}
		})
	}
}

func allowedInfo(id string, spec []byte) bool {
	for _, d := range documentedInfo {
		if d.rule == id && d.specSet.Match(spec) {
			return true
		}
	}
	return false
}

// TestSuppression checks "# wssgen-ignore" comments and --disable.
func TestSuppression(t *testing.T) {
	ngx := `server {
    listen 443 ssl; # wssgen-ignore: NGX010 HSTS is set by the CDN
    ssl_protocols TLSv1 TLSv1.2; # wssgen-ignore: legacy-protocols
    # wssgen-ignore: NGX007, NGX099
    ssl_prefer_server_ciphers on;
    ssl_stapling on;
    # wssgen-ignore: NGX005
    ssl_ciphers HIGH:!aNULL:!MD5;
}
`
	rep, err := LintSource("ignore.conf", []byte(ngx), LoadOptions{Type: Nginx}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := ruleLines(rep)
	// NGX010 is reported on the server line (1), which the comment on line
	// 2 does not cover; NGX006 is not the rule line 7 ignores.
	want := "NGX010:1 NGX009:6 NGX006:8"
	if got != want {
		t.Errorf("nginx findings = %q, want %q", got, want)
	}

	rep, err = LintSource("ignore.conf", []byte(ngx), LoadOptions{Type: Nginx}, Options{Disable: []string{"ngx010", "stapling-without-resolver"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ruleLines(rep), "NGX006:8"; got != want {
		t.Errorf("with --disable: findings = %q, want %q", got, want)
	}

	apa := `# wssgen-ignore: APA009
# another comment between
SSLHonorCipherOrder on
SSLHonorCipherOrder on # wssgen-ignore: APA009
`
	rep, err = LintSource("ignore.conf", []byte(apa), LoadOptions{Type: Apache}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Apache has no trailing comments: line 4's "#…" is an argument and
	// suppresses nothing.
	if got, want := ruleLines(rep), "APA009:4"; got != want {
		t.Errorf("apache findings = %q, want %q", got, want)
	}
}

func ruleLines(rep *Report) string {
	var parts []string
	for _, f := range rep.Findings {
		parts = append(parts, f.Rule.ID+":"+strconv.Itoa(int(f.Range.Start.Line)))
	}
	return strings.Join(parts, " ")
}

func TestParseIgnore(t *testing.T) {
	for in, want := range map[string]string{
		" wssgen-ignore: NGX001":                "NGX001",
		"wssgen-ignore: NGX001,NGX002 because":  "NGX001 NGX002",
		"wssgen-ignore: ngx001 , ssl-on reason": "NGX001 SSL-ON",
		"wssgen-ignore:":                        "",
		" not an ignore: wssgen-ignore: NGX001": "",
	} {
		if got := strings.Join(parseIgnore(in), " "); got != want {
			t.Errorf("parseIgnore(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLintPathsOnce checks that a file reached through an include is not
// linted again as a fragment when it is named too.
func TestLintPathsOnce(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	main := write("nginx.conf", "http {\n    ssl_protocols TLSv1.2 TLSv1.3;\n    include conf.d/*.conf;\n}\n")
	site := write("conf.d/site.conf", "server {\n    listen 443 ssl;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n}\n")
	rep, errs := LintPaths([]string{main, site}, LoadOptions{}, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// Alone, site.conf would lack the http block's ssl_protocols (NGX004).
	if len(rep.Findings) != 0 || len(rep.Files) != 2 {
		t.Errorf("files %v, findings %v", rep.Files, rep.Findings)
	}
	rep, errs = LintPaths([]string{site}, LoadOptions{}, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := ruleLines(rep); got != "NGX004:1" {
		t.Errorf("site.conf alone: %q, want NGX004:1", got)
	}
}

// TestPauseGCRestores checks that PauseGC leaves the collector as it
// found it, also when the file does not parse.
func TestPauseGCRestores(t *testing.T) {
	before := debug.SetGCPercent(77)
	defer debug.SetGCPercent(before)
	for _, src := range []string{"server { listen 443 ssl; }\n", "server {\n"} {
		LintSource("x.conf", []byte(src), LoadOptions{Type: Nginx, PauseGC: true}, Options{})
		if got := debug.SetGCPercent(77); got != 77 {
			t.Errorf("after linting %q GC percent is %d, want 77", src, got)
		}
	}
}
