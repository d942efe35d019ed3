package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/servercheck"
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

// NginxMain is the main nginx.conf for a test server: the minimal wrapper
// servercheck uses for nginx -t, run in the foreground with an access log.
func NginxMain(dir, site string) string {
	return servercheck.NginxWrapper(dir, site, "daemon off;\nmaster_process on;\nworker_processes 1;\n", true)
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
