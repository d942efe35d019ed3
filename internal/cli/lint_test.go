package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lintStreams returns streams writing to buffers.
func lintStreams(color bool, in string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IOStreams{In: strings.NewReader(in), Out: &out, ErrOut: &errOut, ColorOut: color}, &out, &errOut
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		t.Fatalf("error without exit code: %v", err)
	}
	return ee.code
}

func TestNewCmdLintFlags(t *testing.T) {
	streams, _, _ := lintStreams(false, "")
	var got *LintOptions
	cmd := NewCmdLint(streams, func(o *LintOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--type", "apache", "--format", "sarif", "--fail-on", "error",
		"--nginx-version", "1.24.0", "--apache-version", "2.4.57", "--openssl-version", "3.0.13",
		"--include-root", "/etc/apache2", "--disable", "APA009,APA003", "--disable", "NGX010",
		"a.conf", "-"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := LintOptions{IO: streams, Paths: []string{"a.conf", "-"}, Type: "apache", Format: "sarif", FailOn: "error",
		NginxVersion: "1.24.0", ApacheVersion: "2.4.57", OpenSSLVersion: "3.0.13", IncludeRoot: "/etc/apache2",
		Disable: []string{"APA009", "APA003", "NGX010"}}
	if got == nil || strings.Join(got.Paths, " ") != strings.Join(want.Paths, " ") || got.Type != want.Type ||
		got.Format != want.Format || got.FailOn != want.FailOn || got.NginxVersion != want.NginxVersion ||
		got.ApacheVersion != want.ApacheVersion || got.OpenSSLVersion != want.OpenSSLVersion ||
		got.IncludeRoot != want.IncludeRoot || strings.Join(got.Disable, ",") != strings.Join(want.Disable, ",") {
		t.Errorf("options = %+v\nwant %+v", got, want)
	}

	// Defaults.
	got = nil
	cmd = NewCmdLint(streams, func(o *LintOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"x.conf"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Type != "auto" || got.Format != "text" || got.FailOn != "warning" || got.IncludeRoot != "" {
		t.Errorf("defaults = %+v", got)
	}
}

const tls11 = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.1 TLSv1.2;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n}\n"

// TestLintColour checks that text is coloured only when the streams allow
// it and machine formats never are.
func TestLintColour(t *testing.T) {
	for _, tc := range []struct {
		format string
		color  bool
		want   bool
	}{
		{"text", true, true},
		{"text", false, false},
		{"json", true, false},
		{"sarif", true, false},
		{"github", true, false},
	} {
		streams, out, _ := lintStreams(tc.color, tls11)
		err := runLint(&LintOptions{IO: streams, Paths: []string{"-"}, Type: "nginx", Format: tc.format, FailOn: "warning"})
		if code := exitCode(t, err); code != ExitFindings {
			t.Fatalf("%s: exit %d, want %d", tc.format, code, ExitFindings)
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tc.want {
			t.Errorf("format %s with colour allowed=%v: escape codes present=%v\n%s", tc.format, tc.color, got, out)
		}
		if tc.format == "json" || tc.format == "sarif" {
			var v map[string]any
			if err := json.Unmarshal(out.Bytes(), &v); err != nil {
				t.Errorf("%s output is not JSON: %v", tc.format, err)
			}
		}
	}
}

// TestLintErrorsAndFindings checks that a file that cannot be linted wins
// over findings in another (exit 2), and that the findings still print.
func TestLintErrorsAndFindings(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "tls11.conf")
	bad := filepath.Join(dir, "broken.conf")
	if err := os.WriteFile(good, []byte(tls11), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("server {\n    listen 443 ssl;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	streams, out, errOut := lintStreams(false, "")
	err := runLint(&LintOptions{IO: streams, Paths: []string{bad, good}, Type: "auto", Format: "json", FailOn: "warning"})
	if code := exitCode(t, err); code != ExitError {
		t.Fatalf("exit %d, want %d", code, ExitError)
	}
	if !strings.Contains(errOut.String(), bad+":3:1: ") {
		t.Errorf("stderr lacks the syntax error position:\n%s", errOut)
	}
	var rep struct {
		Findings []struct{ Rule, File string }
		Summary  struct{ Files, Findings int }
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Files != 1 || len(rep.Findings) != 1 || rep.Findings[0].Rule != "NGX003" || rep.Findings[0].File != good {
		t.Errorf("report = %+v", rep)
	}
}

func TestLintVersionsChangeSeverity(t *testing.T) {
	const src = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n    ssl_ecdh_curve X25519MLKEM768:X25519;\n}\n"
	for _, tc := range []struct {
		openssl string
		want    string
		code    int
	}{
		{"", "warning NGX008", ExitFindings},
		{"3.0.13", "error NGX008", ExitFindings},
		{"3.5.1", "no findings", ExitOK},
	} {
		streams, out, _ := lintStreams(false, src)
		err := runLint(&LintOptions{IO: streams, Paths: []string{"-"}, Type: "nginx", Format: "text", FailOn: "warning", OpenSSLVersion: tc.openssl})
		if code := exitCode(t, err); code != tc.code {
			t.Errorf("openssl %q: exit %d, want %d", tc.openssl, code, tc.code)
		}
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("openssl %q: output lacks %q:\n%s", tc.openssl, tc.want, out)
		}
	}
}
