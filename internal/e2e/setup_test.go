package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/testenv"
)

// target is one server wssgen renders for, with how to find and start it.
type target struct {
	name     string // render target
	debPkg   string // Debian package with the binary
	binaries []string
	start    func(testing.TB, Config) *Server
}

var targets = []target{
	{name: "nginx", debPkg: "nginx", binaries: []string{"nginx"}, start: StartNginx},
	{name: "apache", debPkg: "apache2", binaries: []string{"apache2", "httpd"}, start: StartApache},
}

func (tg target) binary(t testing.TB) string {
	t.Helper()
	return testenv.LookPath(t, tg.debPkg, tg.binaries...)
}

// fixture is a running server for a rendered site with everything a test
// needs to talk to it.
type fixture struct {
	srv     *Server
	backend *Backend
	cert    *Cert
	webroot string
}

// siteOptions adjust the rendered site from the defaults: intermediate
// profile, default idle timeout, a plain-http port with an ACME webroot.
type siteOptions struct {
	profile     string
	idleTimeout string
	noHTTP      bool
	// sameOrigin makes the backend check Origin against Host.
	sameOrigin bool
	// edit, when set, changes the rendered file before the server loads
	// it; only for experiments that show what a render change would do.
	edit func([]byte) []byte
}

// startSite renders a site for tg backed by a fresh echo backend and
// certificate, and starts the real server with it.
func startSite(t *testing.T, tg target, o siteOptions) *fixture {
	t.Helper()
	bin := tg.binary(t)
	dir := WorkDir(t)
	f := &fixture{backend: StartBackend(t, BackendOptions{SameOrigin: o.sameOrigin}), cert: NewCert(t, dir), webroot: filepath.Join(dir, "acme")}
	if err := os.MkdirAll(filepath.Join(f.webroot, ".well-known", "acme-challenge"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := Site{
		Certificate: f.cert.Leaf.CertFile,
		Key:         f.cert.Leaf.KeyFile,
		Profile:     o.profile,
		Webroot:     f.webroot,
		Backend:     f.backend.Addr,
		IdleTimeout: o.idleTimeout,
	}
	render := SiteFile(site, tg.name)
	if o.edit != nil {
		render = func(p Ports) ([]byte, error) {
			conf, err := SiteFile(site, tg.name)(p)
			if err != nil {
				return nil, err
			}
			return o.edit(conf), nil
		}
	}
	f.srv = tg.start(t, Config{Binary: bin, Dir: dir, HTTP: !o.noHTTP, Site: render})
	return f
}
