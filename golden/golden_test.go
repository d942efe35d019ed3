package golden

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/render"
	"github.com/wssgen/wssgen/internal/servercheck"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden outputs from the current renderer")

// output is one rendered file per case.
type output struct {
	file       string
	target     string
	standalone bool
	optional   bool // rendered only when the case already has the file
}

var outputs = []output{
	{file: "nginx.conf", target: "nginx"},
	{file: "apache.conf", target: "apache"},
	{file: "nginx-standalone.conf", target: "nginx", standalone: true, optional: true},
}

func caseDirs(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("cases", "*"))
	if err != nil || len(dirs) < 8 {
		t.Fatalf("want at least 8 golden cases, found %d (%v)", len(dirs), err)
	}
	return dirs
}

func load(t *testing.T, dir string) *spec.Spec {
	t.Helper()
	return loadFile(t, filepath.Join(dir, "wssgen.hcl"))
}

func loadFile(t *testing.T, path string) *spec.Spec {
	t.Helper()
	s, src, diags := spec.LoadFile(path)
	if diags.HasErrors() {
		var b bytes.Buffer
		_ = spec.WriteDiagnostics(&b, path, src, diags, false)
		t.Fatalf("golden spec does not load:\n%s", b.String())
	}
	return s
}

func TestGolden(t *testing.T) {
	for _, dir := range caseDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			for _, o := range outputs {
				path := filepath.Join(dir, o.file)
				if o.optional {
					if _, err := os.Stat(path); err != nil {
						continue
					}
				}
				opts := render.Options{Standalone: o.standalone}
				// Two renders from two independent loads must agree byte
				// for byte: output may not depend on map order or time.
				first, err := render.Render(load(t, dir), o.target, opts)
				if err != nil {
					t.Fatalf("%s: %v", o.file, err)
				}
				second, err := render.Render(load(t, dir), o.target, opts)
				if err != nil {
					t.Fatalf("%s (second render): %v", o.file, err)
				}
				if !bytes.Equal(first, second) {
					t.Fatalf("%s: two renders differ; output is not deterministic", o.file)
				}
				if *update {
					if err := os.WriteFile(path, first, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./golden -update to create it)", err)
				}
				if !bytes.Equal(first, want) {
					t.Errorf("%s differs from the golden file (go test ./golden -update rewrites it; review the diff):\n%s",
						path, lineDiff(string(want), string(first)))
				}
			}
		})
	}
}

// lineDiff shows the first lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  golden: %q\n  render: %q\n", i+1, wl, gl)
			if shown++; shown == 5 {
				break
			}
		}
	}
	return b.String()
}

// installed reports the versions of the real servers on this machine, so
// outputs written for newer releases are not fed to an older binary.
type installed struct {
	nginx, nginxOpenSSL, apache compat.Version
}

var versionRE = regexp.MustCompile(`(?:nginx/|Apache/|OpenSSL )(\d+\.\d+(?:\.\d+)?)`)

func versionFrom(t *testing.T, prog string, args []string, marker string) compat.Version {
	t.Helper()
	out, err := exec.Command(prog, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", prog, args, err, out)
	}
	for _, m := range versionRE.FindAllStringSubmatch(string(out), -1) {
		if strings.HasPrefix(m[0], marker) {
			return compat.MustParse(m[1])
		}
	}
	t.Fatalf("no %s version in the output of %s %v:\n%s", marker, prog, args, out)
	return compat.Version{}
}

// withTestCerts points every site at freshly generated certificate files,
// since the servers load them during the check.
func withTestCerts(t *testing.T, s *spec.Spec) {
	t.Helper()
	ca := testenv.NewCA(t)
	dir := t.TempDir()
	for _, site := range s.Sites {
		leaf := ca.Issue(t, testenv.LeafOptions{
			DNSNames:   site.Names(),
			IPs:        []net.IP{net.IPv4(127, 0, 0, 1)},
			OCSPServer: "http://127.0.0.1:9/ocsp",
		}).WriteFiles(t, dir, site.Name)
		site.TLS.Certificate, site.TLS.Key = leaf.CertFile, leaf.KeyFile
	}
}

// TestGoldenServerCheck loads every golden output into the real nginx and
// Apache (nginx -t, apache2 -t) and requires success without warnings.
func TestGoldenServerCheck(t *testing.T) {
	nginx := testenv.LookPath(t, "nginx", "nginx")
	apache := testenv.LookPath(t, "apache2", "apache2", "httpd")
	have := installed{
		nginx:        versionFrom(t, nginx, []string{"-v"}, "nginx/"),
		nginxOpenSSL: versionFrom(t, nginx, []string{"-V"}, "OpenSSL "),
		apache:       versionFrom(t, apache, []string{"-v"}, "Apache/"),
	}
	t.Logf("checking with nginx %s (OpenSSL %s) and Apache %s", have.nginx, have.nginxOpenSSL, have.apache)

	checked := 0
	for _, dir := range caseDirs(t) {
		for _, o := range outputs {
			if o.optional {
				if _, err := os.Stat(filepath.Join(dir, o.file)); err != nil {
					continue
				}
			}
			name := filepath.Base(dir) + "/" + o.file
			s := load(t, dir)
			tg := s.Target(o.target)
			if o.target == "nginx" && tg.Version.Compare(have.nginx) > 0 {
				t.Logf("%s: written for nginx %s, newer than the installed %s; not loaded", name, tg.Version, have.nginx)
				continue
			}
			if o.target == "nginx" && tg.OpenSSL.Compare(have.nginxOpenSSL) > 0 && compat.OpenSSLMLKEM.Enabled(tg.OpenSSL) && !compat.OpenSSLMLKEM.Enabled(have.nginxOpenSSL) {
				t.Logf("%s: written for OpenSSL %s (X25519MLKEM768), but nginx runs with %s; not loaded", name, tg.OpenSSL, have.nginxOpenSSL)
				continue
			}
			withTestCerts(t, s)
			conf, err := render.Render(s, o.target, render.Options{Standalone: o.standalone})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			var res *servercheck.Result
			if o.target == "nginx" {
				res, err = servercheck.Nginx(ctx, nginx, conf, o.standalone)
			} else {
				res, err = servercheck.Apache(ctx, apache, conf)
			}
			cancel()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !res.OK {
				t.Errorf("%s: %s %s failed:\n%s\n--- config ---\n%s", name, res.Program, strings.Join(res.Args, " "), res.Output, conf)
				continue
			}
			if len(res.Warnings) > 0 {
				t.Errorf("%s: %s warned:\n%s", name, res.Program, strings.Join(res.Warnings, "\n"))
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no golden output was loaded into a server")
	}
	t.Logf("%d golden outputs loaded cleanly", checked)
}

// TestExamples keeps the README's example spec working: it must load and
// render for both servers.
func TestExamples(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "examples", "*.hcl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example specs found (%v)", err)
	}
	for _, p := range paths {
		s := loadFile(t, p)
		for _, target := range render.Targets {
			out, err := render.Render(s, target, render.Options{})
			if err != nil {
				t.Errorf("%s: render %s: %v", p, target, err)
				continue
			}
			if !bytes.HasPrefix(out, []byte(render.HeaderPrefix)) {
				t.Errorf("%s: %s output lacks the wssgen header", p, target)
			}
		}
	}
}
