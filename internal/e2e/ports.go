package e2e

import (
	"net"
	"strconv"
	"testing"
)

// Loopback is the only address servers under test bind to.
const Loopback = "127.0.0.1"

// Ports are the loopback ports a server under test listens on. HTTP 0
// means the site has no plain-http server.
type Ports struct {
	HTTPS int
	HTTP  int
}

// List returns the ports in use, HTTPS first.
func (p Ports) List() []int {
	out := []int{p.HTTPS}
	if p.HTTP != 0 {
		out = append(out, p.HTTP)
	}
	return out
}

// HostPort returns 127.0.0.1:port.
func HostPort(port int) string {
	return net.JoinHostPort(Loopback, strconv.Itoa(port))
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1. The port is
// released before FreePort returns, so another process may take it before
// the server binds it; StartNginx and StartApache retry with new ports
// when a bind fails for that reason.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", HostPort(0))
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// freePorts picks distinct free ports: HTTPS always, HTTP when withHTTP.
func freePorts(t testing.TB, withHTTP bool) Ports {
	t.Helper()
	p := Ports{HTTPS: FreePort(t)}
	for withHTTP && (p.HTTP == 0 || p.HTTP == p.HTTPS) {
		p.HTTP = FreePort(t)
	}
	return p
}
