package apacheconf

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
	"github.com/wssgen/wssgen/internal/testenv"
)

// syntaxCase is one snippet in testdata/httpd. Its first comment lines
// state the expected verdicts:
//
//	# wssgen: ok | error <part of the message>
//	# httpd: ok | error      (only where httpd disagrees with wssgen)
type syntaxCase struct {
	path      string
	wantErr   string // "" means the parse must succeed
	httpdOK   bool
	httpdNote bool // the httpd verdict was stated, not inferred
}

func loadSyntaxCases(t *testing.T) []syntaxCase {
	t.Helper()
	paths, err := filepath.Glob("testdata/httpd/*.conf")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no snippets in testdata/httpd: %v", err)
	}
	var cases []syntaxCase
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		c := syntaxCase{path: p}
		verdict := false
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "# wssgen: ok"):
				verdict = true
			case strings.HasPrefix(line, "# wssgen: error "):
				verdict = true
				c.wantErr = strings.TrimPrefix(line, "# wssgen: error ")
			case strings.HasPrefix(line, "# httpd: "):
				c.httpdNote = true
				c.httpdOK = strings.HasPrefix(line, "# httpd: ok")
			}
		}
		f.Close()
		if !verdict {
			t.Fatalf("%s: no '# wssgen:' verdict line", p)
		}
		if !c.httpdNote {
			c.httpdOK = c.wantErr == ""
		}
		cases = append(cases, c)
	}
	return cases
}

// TestSyntaxSnippets checks the parser's verdict on every snippet.
func TestSyntaxSnippets(t *testing.T) {
	root, err := filepath.Abs("testdata/httpd")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range loadSyntaxCases(t) {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			_, err := ParseFile(c.path, Options{ServerRoot: root})
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("want a *source.Error containing %q, got %v", c.wantErr, err)
			}
			if !strings.Contains(se.Message, c.wantErr) {
				t.Errorf("error %q does not contain %q", se.Message, c.wantErr)
			}
		})
	}
}

// TestSyntaxAgainstHTTPD runs every snippet through "apache2 -t" and
// checks that httpd accepts exactly the snippets wssgen accepts, apart
// from the differences the snippets declare.
func TestSyntaxAgainstHTTPD(t *testing.T) {
	httpd := testenv.LookPath(t, "apache2", "apache2", "httpd")
	mpm := findMPM(t, httpd)
	root, err := filepath.Abs("testdata/httpd")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range loadSyntaxCases(t) {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			tmp := t.TempDir()
			snippet, err := filepath.Abs(c.path)
			if err != nil {
				t.Fatal(err)
			}
			var base strings.Builder
			if mpm != "" {
				base.WriteString("LoadModule mpm_event_module \"" + mpm + "\"\n")
			}
			base.WriteString("ServerName localhost\n")
			base.WriteString("PidFile \"" + filepath.Join(tmp, "httpd.pid") + "\"\n")
			base.WriteString("ErrorLog \"" + filepath.Join(tmp, "error.log") + "\"\n")
			base.WriteString("DefaultRuntimeDir \"" + tmp + "\"\n")
			base.WriteString("Include \"" + snippet + "\"\n")
			conf := filepath.Join(tmp, "httpd.conf")
			if err := os.WriteFile(conf, []byte(base.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			// -d makes the snippet directory the ServerRoot, so relative
			// includes resolve as they do for the parser test above.
			out, err := exec.Command(httpd, "-t", "-d", root, "-f", conf).CombinedOutput()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatalf("running %s: %v", httpd, err)
			}
			t.Logf("%s", bytes.TrimSpace(out))
			if httpdOK := err == nil; httpdOK != c.httpdOK {
				t.Errorf("httpd accepted=%v, want %v (declared: %v); output:\n%s", httpdOK, c.httpdOK, c.httpdNote, out)
			}
		})
	}
}

// findMPM returns the path of an MPM module to load, or "" when httpd has
// one compiled in (apache2 -l lists it).
func findMPM(t *testing.T, httpd string) string {
	t.Helper()
	out, err := exec.Command(httpd, "-l").Output()
	if err != nil {
		t.Fatalf("%s -l: %v", httpd, err)
	}
	for _, m := range []string{"event.c", "worker.c", "prefork.c"} {
		if bytes.Contains(out, []byte(m)) {
			return ""
		}
	}
	for _, dir := range []string{"/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules", "/usr/local/apache2/modules"} {
		p := filepath.Join(dir, "mod_mpm_event.so")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if testenv.InCI() {
		t.Fatalf("%s has no MPM compiled in and mod_mpm_event.so was not found", httpd)
	}
	t.Skipf("%s has no MPM compiled in and mod_mpm_event.so was not found", httpd)
	return ""
}
