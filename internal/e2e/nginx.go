package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Config says which server binary runs which site.
type Config struct {
	// Binary is the server program, usually from testenv.LookPath.
	Binary string
	// Dir is the test's WorkDir; the server gets a subdirectory.
	Dir string
	// HTTP gives the site a plain-http port besides HTTPS.
	HTTP bool
	// Site returns the site file for the ports the runner picked: a
	// rendered file (SiteFile) or any hand-written one.
	Site func(Ports) ([]byte, error)
}

// StartNginx runs nginx in the foreground with the site file (a conf.d
// snippet, as `wssgen render nginx` writes) included in a minimal
// nginx.conf whose every path is under a temporary prefix, and stops it
// when the test ends.
func StartNginx(t testing.TB, c Config) *Server {
	t.Helper()
	l := launcher{name: "nginx", binary: c.Binary, prepare: prepareNginx}
	return start(t, l, c.Dir, c.HTTP, c.Site)
}

// NginxMain is the nginx.conf that wraps a conf.d site file. The master
// stays in the foreground as the test's child (daemon off); the error log
// is at "info" because that is where nginx reports failed TLS handshakes.
// Run as root, the single worker drops to nginx's compiled-in user
// (nobody), which is why WorkDir is world-searchable.
func NginxMain(dir, site string) string {
	p := func(name string) string { return filepath.Join(dir, name) }
	return fmt.Sprintf(`# nginx.conf for an end-to-end test: every runtime path is under the prefix.
daemon off;
master_process on;
worker_processes 1;
pid %s;
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
`, p("nginx.pid"), p("error.log"), p("access.log"), p("client_body"), p("proxy"), p("fastcgi"), p("uwsgi"), p("scgi"), site)
}

func prepareNginx(dir string, site []byte) (prepared, error) {
	sitePath := filepath.Join(dir, "site.conf")
	if err := os.WriteFile(sitePath, site, 0o644); err != nil {
		return prepared{}, err
	}
	main := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(main, []byte(NginxMain(dir, sitePath)), 0o644); err != nil {
		return prepared{}, err
	}
	errLog := filepath.Join(dir, "error.log")
	// -e: the log nginx writes before it has read error_log, instead of
	// the compiled-in system path.
	return prepared{args: []string{"-p", dir + "/", "-c", main, "-e", errLog}, main: main, errorLog: errLog}, nil
}
