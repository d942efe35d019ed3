package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// ProbeTimeout bounds one handshake attempt.
const ProbeTimeout = 10 * time.Second

// Probe is one kind of ClientHello: which protocol versions and cipher
// suites a client offers. The same offer is expressed for Go's crypto/tls
// and for `openssl s_client`, two independent TLS stacks, so a verdict
// never rests on one client's quirks.
type Probe struct {
	Name string
	// MinVersion and MaxVersion bound the versions Go offers.
	MinVersion, MaxVersion uint16
	// CipherSuites are the TLS 1.0–1.2 suites Go offers; nil offers Go's
	// defaults.
	CipherSuites []uint16
	// OpenSSLArgs select the same offer on the s_client command line.
	// "@SECLEVEL=0" lifts the client's own security level: OpenSSL 3
	// refuses to offer TLS 1.0/1.1 or SHA-1 suites above level 0, and the
	// probe must test the server's policy, not the client's.
	OpenSSLArgs []string
}

// legacySuites are CBC suites that TLS 1.0 and 1.1 can negotiate, with and
// without forward secrecy, so that a server allowing the old protocol at
// all finds something to accept.
var legacySuites = []uint16{
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
	tls.TLS_RSA_WITH_AES_128_CBC_SHA,
	tls.TLS_RSA_WITH_AES_256_CBC_SHA,
}

// The probes of the Mozilla profiles' boundaries.
var (
	ProbeTLS10 = Probe{Name: "TLS 1.0", MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10,
		CipherSuites: legacySuites, OpenSSLArgs: []string{"-tls1", "-cipher", "ALL:@SECLEVEL=0"}}
	ProbeTLS11 = Probe{Name: "TLS 1.1", MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11,
		CipherSuites: legacySuites, OpenSSLArgs: []string{"-tls1_1", "-cipher", "ALL:@SECLEVEL=0"}}
	// ProbeTLS12StaticRSA offers only static-RSA key exchange with CBC:
	// no forward secrecy, and outside both Mozilla profiles.
	ProbeTLS12StaticRSA = Probe{Name: "TLS 1.2 static-RSA CBC", MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_256_CBC_SHA},
		OpenSSLArgs:  []string{"-tls1_2", "-cipher", "AES128-SHA:AES256-SHA:@SECLEVEL=0"}}
	// ProbeTLS12 offers TLS 1.2 with the clients' default (ECDHE, AEAD)
	// suites: the intermediate profile accepts it, the modern one not.
	ProbeTLS12 = Probe{Name: "TLS 1.2 ECDHE", MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12,
		OpenSSLArgs: []string{"-tls1_2"}}
	ProbeTLS13 = Probe{Name: "TLS 1.3", MinVersion: tls.VersionTLS13, MaxVersion: tls.VersionTLS13,
		OpenSSLArgs: []string{"-tls1_3"}}
)

// Expect is a probe with the verdict a profile requires.
type Expect struct {
	Probe  Probe
	Accept bool
}

// Expectations returns what Mozilla's profile ("intermediate" or
// "modern") requires of a server: TLS 1.2 with ECDHE and TLS 1.3 for
// intermediate, TLS 1.3 alone for modern, and never TLS 1.0/1.1 or static
// RSA. The accepting probes are positive controls: a server that refused
// everything would otherwise pass.
func Expectations(profile string) []Expect {
	modern := profile == "modern"
	return []Expect{
		{ProbeTLS10, false},
		{ProbeTLS11, false},
		{ProbeTLS12StaticRSA, false},
		{ProbeTLS12, !modern},
		{ProbeTLS13, true},
	}
}

// Outcome is what one handshake attempt gave.
type Outcome struct {
	Client   string // "go" or "openssl"
	Probe    string
	Accepted bool
	// Version and Cipher name what was negotiated when Accepted.
	Version, Cipher string
	// Detail says why the handshake failed (the alert or error), or is
	// empty.
	Detail string
}

// String describes the outcome in one line.
func (o Outcome) String() string {
	if o.Accepted {
		return fmt.Sprintf("%s %s: accepted (%s, %s)", o.Client, o.Probe, o.Version, o.Cipher)
	}
	return fmt.Sprintf("%s %s: refused (%s)", o.Client, o.Probe, o.Detail)
}

// RunGo attempts the probe's handshake with crypto/tls against addr
// (host:port on loopback). base supplies the roots and server name; the
// certificate is verified, so an accepted handshake is a real one.
func (p Probe) RunGo(ctx context.Context, addr string, base *tls.Config) Outcome {
	cfg := base.Clone()
	cfg.MinVersion, cfg.MaxVersion = p.MinVersion, p.MaxVersion
	cfg.CipherSuites = p.CipherSuites
	out := Outcome{Client: "go", Probe: p.Name}
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	d := tls.Dialer{Config: cfg}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		out.Detail = err.Error()
		var nerr net.Error
		if errors.As(err, &nerr) && nerr.Timeout() {
			out.Detail = "timeout: " + err.Error()
		}
		return out
	}
	defer c.Close()
	st := c.(*tls.Conn).ConnectionState()
	out.Accepted = true
	out.Version = tls.VersionName(st.Version)
	out.Cipher = tls.CipherSuiteName(st.CipherSuite)
	return out
}

var (
	sslProtocol = regexp.MustCompile(`(?m)^Protocol version: (\S+)`)
	sslCipher   = regexp.MustCompile(`(?m)^Ciphersuite: (\S+)`)
)

// RunOpenSSL attempts the probe's handshake with `openssl s_client`
// (openssl is the binary's path) against addr, trusting caFile, with SNI
// serverName. It returns an error only when s_client could not be run.
func (p Probe) RunOpenSSL(ctx context.Context, openssl, addr, serverName, caFile string) (Outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	args := append([]string{"s_client", "-connect", addr, "-servername", serverName,
		"-CAfile", caFile, "-verify_return_error", "-brief"}, p.OpenSSLArgs...)
	cmd := exec.CommandContext(ctx, openssl, args...)
	// EOF on stdin makes s_client close the connection right after the
	// handshake and exit.
	cmd.Stdin = strings.NewReader("")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	out := Outcome{Client: "openssl", Probe: p.Name}
	text := buf.String()
	if ctx.Err() != nil {
		out.Detail = "timeout: " + strings.TrimSpace(text)
		return out, nil
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return out, fmt.Errorf("run openssl s_client: %w", err)
	}
	proto, cipher := sslProtocol.FindStringSubmatch(text), sslCipher.FindStringSubmatch(text)
	if err == nil && strings.Contains(text, "CONNECTION ESTABLISHED") && proto != nil && cipher != nil {
		out.Accepted = true
		out.Version, out.Cipher = proto[1], cipher[1]
		return out, nil
	}
	out.Detail = opensslReason(text)
	return out, nil
}

var (
	sslAlert    = regexp.MustCompile(`alert ([a-z ]+):.*SSL alert number (\d+)`)
	sslErrorPfx = regexp.MustCompile(`^[0-9A-F]+:error:[0-9A-F]+:`)
)

// opensslReason picks the informative part out of s_client's failure
// output: the alert the server sent, else the first library error, else
// everything.
func opensslReason(text string) string {
	if m := sslAlert.FindStringSubmatch(text); m != nil {
		return fmt.Sprintf("server alert %s: %s", m[2], m[1])
	}
	for _, l := range strings.Split(text, "\n") {
		if sslErrorPfx.MatchString(l) {
			return sslErrorPfx.ReplaceAllString(strings.TrimSpace(l), "")
		}
	}
	return strings.TrimSpace(text)
}

// Violation is a probe whose verdict differs from the profile's.
type Violation struct {
	Expect
	Got Outcome
}

func (v Violation) String() string {
	want := "refuse"
	if v.Accept {
		want = "accept"
	}
	return fmt.Sprintf("should %s %s, got %s", want, v.Probe.Name, v.Got)
}

// Posture is the result of running a set of expectations with both
// clients.
type Posture struct {
	Outcomes   []Outcome
	Violations []Violation
}

// Report lists every outcome, one per line, for logs.
func (p Posture) Report() string {
	var b strings.Builder
	for _, o := range p.Outcomes {
		b.WriteString(o.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// CheckPosture runs every expectation with Go's client and, when openssl
// is not empty, with `openssl s_client`, and collects where the server
// disagrees with the profile.
func CheckPosture(ctx context.Context, addr string, base *tls.Config, openssl, caFile string, exp []Expect) (Posture, error) {
	var p Posture
	for _, e := range exp {
		results := []Outcome{e.Probe.RunGo(ctx, addr, base)}
		if openssl != "" {
			o, err := e.Probe.RunOpenSSL(ctx, openssl, addr, base.ServerName, caFile)
			if err != nil {
				return p, err
			}
			results = append(results, o)
		}
		for _, o := range results {
			p.Outcomes = append(p.Outcomes, o)
			if o.Accepted != e.Accept {
				p.Violations = append(p.Violations, Violation{Expect: e, Got: o})
			}
		}
	}
	return p, nil
}
