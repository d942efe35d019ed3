package e2e

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/testenv"
)

// TestPosture checks the TLS a running server accepts against the Mozilla
// profile it was rendered with, with Go's client and with openssl
// s_client: no TLS 1.0/1.1, no static-RSA CBC suite, TLS 1.2 only for
// intermediate, TLS 1.3 always.
func TestPosture(t *testing.T) {
	t.Parallel()
	openssl := testenv.LookPath(t, "openssl", "openssl")
	for _, tg := range targets {
		for _, profile := range []string{"intermediate", "modern"} {
			t.Run(tg.name+"/"+profile, func(t *testing.T) {
				t.Parallel()
				f := startSite(t, tg, siteOptions{profile: profile, noHTTP: true})
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				p, err := CheckPosture(ctx, f.srv.HTTPSAddr(), f.cert.ClientConfig(), openssl, f.cert.CAFile, Expectations(profile))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s, %s profile:\n%s", tg.name, profile, p.Report())
				for _, v := range p.Violations {
					t.Errorf("%s", v)
				}
			})
		}
	}
}

// TestProbesCanAccept is the probes' own positive control: openssl
// s_server with every protocol and suite enabled (security level 0) must
// be reached by every probe from both clients. Without it, a probe that
// could never succeed (a client that no longer offers TLS 1.0, say) would
// make every refusal above meaningless.
func TestProbesCanAccept(t *testing.T) {
	t.Parallel()
	openssl := testenv.LookPath(t, "openssl", "openssl")
	dir := WorkDir(t)
	cert := NewCert(t, dir)
	port := startSServer(t, openssl, cert)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var all []Expect
	for _, e := range Expectations("intermediate") {
		all = append(all, Expect{Probe: e.Probe, Accept: true})
	}
	p, err := CheckPosture(ctx, HostPort(port), cert.ClientConfig(), openssl, cert.CAFile, all)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("openssl s_server at security level 0:\n%s", p.Report())
	for _, v := range p.Violations {
		t.Errorf("%s", v)
	}
}

// startSServer runs `openssl s_server` on a free loopback port, accepting
// TLS 1.0 to 1.3 and every suite, and returns the port.
func startSServer(t *testing.T, openssl string, cert *Cert) int {
	t.Helper()
	for attempt := 1; attempt <= 3; attempt++ {
		port := FreePort(t)
		out := &lockedBuffer{}
		cmd := exec.Command(openssl, "s_server", "-accept", HostPort(port),
			"-cert", cert.Leaf.CertFile, "-key", cert.Leaf.KeyFile,
			"-cipher", "ALL:@SECLEVEL=0", "-www", "-quiet")
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			<-exited
		})
		err := WaitPorts([]int{port}, exited, StartTimeout)
		if err == nil {
			return port
		}
		if !strings.Contains(out.String(), "in use") {
			t.Fatalf("s_server: %v\n%s", err, out.String())
		}
	}
	t.Fatal("s_server: every port it tried was taken")
	return 0
}
