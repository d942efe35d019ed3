package e2e

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/servercheck"
)

// StartApache runs httpd in the foreground with the site file (a
// sites-available file, as `wssgen render apache` writes) included in a
// minimal httpd.conf under a temporary ServerRoot, loading only the
// modules the file's a2enmod header names plus what any running server
// needs, and stops it when the test ends.
func StartApache(t testing.TB, c Config) *Server {
	t.Helper()
	modDir, err := servercheck.ModuleDir()
	if err != nil {
		t.Fatalf("apache modules: %v", err)
	}
	runAs, err := apacheRunAs()
	if err != nil {
		t.Fatalf("apache user: %v", err)
	}
	l := launcher{name: "apache2", binary: c.Binary, prepare: func(dir string, site []byte) (prepared, error) {
		return prepareApache(dir, modDir, runAs, site)
	}}
	return start(t, l, c.Dir, c.HTTP, c.Site)
}

// apacheRunAs returns the User/Group lines for a server started as root.
// httpd switches its children to User when started as root and refuses
// "User root" outright (Debian does not build it with BIG_SECURITY_HOLE);
// without a User it falls back to uid -1 and logs an alert. Debian's own
// www-data is used when it exists. A non-root httpd keeps its uid and
// ignores both lines, so none are written.
func apacheRunAs() (string, error) {
	if os.Geteuid() != 0 {
		return "", nil
	}
	for _, cand := range [][2]string{{"www-data", "www-data"}, {"nobody", "nogroup"}, {"nobody", "nobody"}} {
		if _, err := user.Lookup(cand[0]); err != nil {
			continue
		}
		if _, err := user.LookupGroup(cand[1]); err != nil {
			continue
		}
		return fmt.Sprintf("User %s\nGroup %s\n", cand[0], cand[1]), nil
	}
	return "", fmt.Errorf("no unprivileged user (www-data or nobody) for httpd's children")
}

func prepareApache(dir, modDir, runAs string, site []byte) (prepared, error) {
	sitePath := filepath.Join(dir, "site.conf")
	if err := os.WriteFile(sitePath, site, 0o644); err != nil {
		return prepared{}, err
	}
	// socache_shmcb backs the TLS session cache, as in a stock install's
	// ssl.conf, so resumption behaves as deployed.
	modules := append(servercheck.ApacheModules(site), "socache_shmcb")
	extra := fmt.Sprintf(`%s# One child process is plenty for a test.
StartServers 1
# mod_ssl reports refused handshakes at info.
LogLevel info
SSLSessionCache "shmcb:%s(512000)"
`, runAs, filepath.Join(dir, "ssl_scache"))
	main := filepath.Join(dir, "httpd.conf")
	conf := servercheck.ApacheWrapper(dir, modDir, sitePath, modules, extra)
	if err := os.WriteFile(main, []byte(conf), 0o644); err != nil {
		return prepared{}, err
	}
	// -DFOREGROUND keeps the parent attached as the test's child, with
	// its children in its process group.
	return prepared{args: []string{"-DFOREGROUND", "-d", dir, "-f", main}, main: main, errorLog: filepath.Join(dir, "error.log")}, nil
}
