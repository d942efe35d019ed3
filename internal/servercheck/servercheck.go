// Package servercheck asks the real nginx and Apache binaries whether a
// rendered configuration loads: `nginx -t` and `apache2 -t` run against a
// throw-away server root, so no system file is read or touched beyond the
// server's own modules.
package servercheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Result is what the server said about a configuration.
type Result struct {
	Program string   // the binary that ran
	Args    []string // its arguments
	Output  string   // everything it printed
	OK      bool     // exit status 0
	// Warnings are the lines the server marked as warnings; a clean render
	// has none.
	Warnings []string
}

// ErrNotFound means the server binary is not installed.
var ErrNotFound = errors.New("server binary not found")

// Find returns the first of names on PATH or in the sbin directories, which
// a non-root PATH often lacks.
func Find(names ...string) (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
		for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
			p := filepath.Join(dir, n)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%w: none of %s on PATH", ErrNotFound, strings.Join(names, ", "))
}

// FindNginx locates nginx.
func FindNginx() (string, error) { return Find("nginx") }

// FindApache locates the httpd binary (Debian calls it apache2).
func FindApache() (string, error) { return Find("apache2", "httpd") }

var nginxWarn = regexp.MustCompile(`\[(warn|emerg|alert|crit|error)\]`)

// Nginx checks conf with `nginx -t`. A conf.d snippet (standalone false) is
// included inside a minimal http {} block; a standalone nginx.conf is used
// as the main file. Temporary files live under a fresh directory.
func Nginx(ctx context.Context, nginx string, conf []byte, standalone bool) (*Result, error) {
	dir, err := os.MkdirTemp("", "wssgen-nginx-t-")
	if err != nil {
		return nil, fmt.Errorf("nginx check: %w", err)
	}
	defer os.RemoveAll(dir)
	// nginx opens logs/ under its prefix before reading error_log.
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return nil, fmt.Errorf("nginx check: %w", err)
	}
	main := filepath.Join(dir, "nginx.conf")
	var args []string
	if standalone {
		if err := os.WriteFile(main, conf, 0o644); err != nil {
			return nil, fmt.Errorf("nginx check: %w", err)
		}
		args = []string{"-t", "-q", "-p", dir + "/", "-c", main, "-e", "stderr",
			"-g", fmt.Sprintf("pid %s;", filepath.Join(dir, "nginx.pid"))}
	} else {
		site := filepath.Join(dir, "site.conf")
		if err := os.WriteFile(site, conf, 0o644); err != nil {
			return nil, fmt.Errorf("nginx check: %w", err)
		}
		if err := os.WriteFile(main, []byte(NginxWrapper(dir, site, "", false)), 0o644); err != nil {
			return nil, fmt.Errorf("nginx check: %w", err)
		}
		args = []string{"-t", "-q", "-p", dir + "/", "-c", main, "-e", "stderr"}
	}
	return run(ctx, nginx, args, nginxWarn)
}

// NginxWrapper is a minimal nginx.conf whose http {} includes site, with
// every runtime path inside dir. main is added to the main context (e.g.
// "daemon off;" for a server a test runs); accessLog logs requests to
// dir/access.log instead of nowhere.
func NginxWrapper(dir, site, main string, accessLog bool) string {
	p := func(name string) string { return filepath.Join(dir, name) }
	access := "off"
	if accessLog {
		access = p("access.log")
	}
	return fmt.Sprintf(`%spid %s;
error_log %s info;
events {
    worker_connections 256;
}
http {
    access_log %s;
    client_body_temp_path %s;
    proxy_temp_path %s;
    fastcgi_temp_path %s;
    uwsgi_temp_path %s;
    scgi_temp_path %s;
    include %s;
}
`, main, p("nginx.pid"), p("error.log"), access, p("client_body"), p("proxy"), p("fastcgi"), p("uwsgi"), p("scgi"), site)
}

var apacheWarn = regexp.MustCompile(`(?i)\b(AH\d{5}|warn|\[.*:(warn|error|crit|emerg|alert)\])`)

// ApacheModules reads the module list a rendered Apache file declares in
// its "a2enmod ..." header comment.
func ApacheModules(conf []byte) []string {
	for _, line := range strings.Split(string(conf), "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, "a2enmod "); i >= 0 {
			return strings.Fields(line[i+len("a2enmod "):])
		}
	}
	return nil
}

// ModuleDir is where Debian/Ubuntu and Red Hat keep httpd modules.
func ModuleDir() (string, error) {
	for _, d := range []string{"/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules", "/usr/libexec/apache2"} {
		if _, err := os.Stat(filepath.Join(d, "mod_ssl.so")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w: no httpd module directory with mod_ssl.so", ErrNotFound)
}

// ApacheWrapper is a minimal httpd.conf under dir that loads modules (plus
// the MPM and authz_core that every site needs) and includes site. extra is
// appended before the Include (e.g. Listen lines for a real start).
func ApacheWrapper(dir, modDir, site string, modules []string, extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ServerRoot %q\nDefaultRuntimeDir %q\nPidFile %q\nErrorLog %q\nServerName localhost\nMutex file:%s default\n",
		dir, dir, filepath.Join(dir, "httpd.pid"), filepath.Join(dir, "error.log"), dir)
	load := append([]string{"mpm_event", "authz_core"}, modules...)
	seen := map[string]bool{}
	for _, m := range load {
		if seen[m] {
			continue
		}
		seen[m] = true
		fmt.Fprintf(&b, "LoadModule %s_module %s\n", m, filepath.Join(modDir, "mod_"+m+".so"))
	}
	b.WriteString(extra)
	fmt.Fprintf(&b, "Include %q\n", site)
	return b.String()
}

// Apache checks a sites-available style file with `apache2 -t`, loading
// only the modules the file's header declares.
func Apache(ctx context.Context, apache string, conf []byte) (*Result, error) {
	modDir, err := ModuleDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "wssgen-apache-t-")
	if err != nil {
		return nil, fmt.Errorf("apache check: %w", err)
	}
	defer os.RemoveAll(dir)
	site := filepath.Join(dir, "site.conf")
	if err := os.WriteFile(site, conf, 0o644); err != nil {
		return nil, fmt.Errorf("apache check: %w", err)
	}
	main := filepath.Join(dir, "httpd.conf")
	wrapper := ApacheWrapper(dir, modDir, site, ApacheModules(conf), "")
	if err := os.WriteFile(main, []byte(wrapper), 0o644); err != nil {
		return nil, fmt.Errorf("apache check: %w", err)
	}
	return run(ctx, apache, []string{"-t", "-d", dir, "-f", main}, apacheWarn)
}

func run(ctx context.Context, prog string, args []string, warn *regexp.Regexp) (*Result, error) {
	cmd := exec.CommandContext(ctx, prog, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	res := &Result{Program: prog, Args: args, Output: out.String(), OK: err == nil}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return nil, fmt.Errorf("run %s: %w", prog, err)
	}
	for _, line := range strings.Split(res.Output, "\n") {
		if strings.Contains(line, "Syntax OK") {
			continue
		}
		if warn.MatchString(line) {
			res.Warnings = append(res.Warnings, line)
		}
	}
	return res, nil
}
