package cli

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"golang.org/x/crypto/acme"

	"github.com/wssgen/wssgen/internal/certs"
	"github.com/wssgen/wssgen/internal/spec"
)

// CertOptions are the inputs of `wssgen cert`.
type CertOptions struct {
	IO       *IOStreams
	SpecFile string
	Sites    []string

	Email      string
	Directory  string
	Staging    bool
	CABundle   string
	StateDir   string
	Webroot    string
	Standalone bool
	HTTPPort   int
	TLSALPN    bool
	TLSPort    int
	KeyType    string
	EABKID     string
	EABHMAC    string
	SelfSigned bool

	RenewWithin string
	Force       bool
	DeployHook  string

	// Timeout bounds the work for one site.
	Timeout time.Duration
}

// defaultRenewWithin matches Let's Encrypt's advice for 90-day
// certificates: renew with a third of the lifetime left.
const defaultRenewWithin = "30d"

// NewCmdCert builds `wssgen cert`.
func NewCmdCert(streams *IOStreams, runF func(*CertOptions) error) *cobra.Command {
	opts := &CertOptions{IO: streams, Timeout: 10 * time.Minute}
	cmd := &cobra.Command{
		Use:   "cert",
		Short: "Obtain or renew the sites' certificates over ACME",
		Long: `Obtain a certificate for every site of the spec (or those named with --site)
from an ACME CA, Let's Encrypt by default, and write it where the site's tls
block says: the certificate followed by its chain to "certificate", the key
(mode 0600) to "key". A site is skipped while its certificate covers the
domain and every alias and has more than --renew-within left, so running
wssgen cert daily from cron or a systemd timer renews on time.

Control of the names is proven with HTTP-01 or TLS-ALPN-01:
  --webroot DIR   write the answer to DIR/.well-known/acme-challenge/, which
                  the web server serves on port 80 (the configurations from
                  wssgen render do, from the spec's acme webroot);
  --standalone    answer with wssgen's own server on --http-port (80), for
                  when no web server holds the port;
  --tls-alpn      answer with wssgen's own TLS server on --tls-port (443).
Without one of these the spec's acme { challenge } decides, webroot if unset.
Flags override the spec's acme { email, directory, webroot, challenge,
key_type } block.

The account key is created once per CA directory and kept in --state-dir
(default /var/lib/wssgen for root, else $XDG_STATE_HOME/wssgen). Registering
an account agrees to the CA's terms of service; wssgen prints their address.

--self-signed contacts no CA: it writes a self-signed certificate for the
spec's names, for development. ACME replaces it on its next run.

--deploy-hook runs through /bin/sh after a certificate changed (never when
all were fresh), typically to reload the server. WSSGEN_SITES holds the
names of the sites whose certificates changed.

Standard output has one line per site, for scripts:
  site=chat action=renewed not_after=2026-09-01T12:00:00Z names=chat.example.com
action is issued, renewed or unchanged. On a terminal, standard error shows
each step as it happens.

Exit status: 0 every certificate is fresh or was obtained, 2 a certificate
could not be obtained or the deploy hook failed.`,
		Example: `  wssgen cert --email ops@example.com
  wssgen cert --staging --webroot /var/www/wssgen-acme
  wssgen cert --site chat --standalone --force
  wssgen cert --deploy-hook "nginx -t && nginx -s reload"
  wssgen cert --self-signed`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runCert(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.SpecFile, "file", "f", spec.DefaultFilename, "spec `FILE` to read")
	f.StringArrayVar(&opts.Sites, "site", nil, "only the site `NAME` (repeatable)")
	f.StringVar(&opts.Email, "email", "", "contact `ADDRESS` for the ACME account (default: the spec's acme email)")
	f.StringVar(&opts.Directory, "directory", "", "ACME directory `URL` (default: the spec's, else Let's Encrypt)")
	f.BoolVar(&opts.Staging, "staging", false, "use Let's Encrypt's staging CA (untrusted certificates, high rate limits)")
	f.StringVar(&opts.CABundle, "ca-bundle", "", "also trust the CA certificates in `FILE` for the ACME server's HTTPS")
	f.StringVar(&opts.StateDir, "state-dir", "", "keep ACME account keys in `DIR` (default /var/lib/wssgen as root, else $XDG_STATE_HOME/wssgen)")
	f.StringVar(&opts.Webroot, "webroot", "", "answer HTTP-01 by writing into `DIR`/.well-known/acme-challenge/")
	f.BoolVar(&opts.Standalone, "standalone", false, "answer HTTP-01 with a built-in server on --http-port")
	f.IntVar(&opts.HTTPPort, "http-port", 80, "`PORT` for --standalone (the CA always connects to port 80)")
	f.BoolVar(&opts.TLSALPN, "tls-alpn", false, "answer TLS-ALPN-01 with a built-in server on --tls-port")
	f.IntVar(&opts.TLSPort, "tls-port", 443, "`PORT` for --tls-alpn (the CA always connects to port 443)")
	f.StringVar(&opts.KeyType, "key-type", "", "certificate key `TYPE`: ecdsa-p256, ecdsa-p384, rsa2048 or rsa4096 (default: the spec's key_type, else ecdsa-p256)")
	f.StringVar(&opts.RenewWithin, "renew-within", defaultRenewWithin, "renew when less than `DURATION` is left (30d, 720h)")
	f.BoolVar(&opts.Force, "force", false, "renew even certificates that are not due")
	f.StringVar(&opts.EABKID, "eab-kid", "", "External Account Binding key `ID` from the CA")
	f.StringVar(&opts.EABHMAC, "eab-hmac", "", "External Account Binding HMAC `KEY` (base64url) from the CA")
	f.StringVar(&opts.DeployHook, "deploy-hook", "", "shell `COMMAND` to run after a certificate changed")
	f.BoolVar(&opts.SelfSigned, "self-signed", false, "write self-signed certificates instead of asking a CA")
	cmd.MarkFlagsMutuallyExclusive("webroot", "standalone", "tls-alpn")
	cmd.MarkFlagsMutuallyExclusive("directory", "staging")
	cmd.MarkFlagsRequiredTogether("eab-kid", "eab-hmac")
	for _, acmeOnly := range []string{"directory", "staging", "email", "ca-bundle", "webroot", "standalone", "tls-alpn", "eab-kid"} {
		cmd.MarkFlagsMutuallyExclusive("self-signed", acmeOnly)
	}
	return cmd
}

// certRun is one invocation's settings after the flags were checked.
type certRun struct {
	opts        *CertOptions
	spec        *spec.Spec
	keyType     certs.KeyType // from --key-type; "" defers to the spec
	renewWithin time.Duration
	eab         *acme.ExternalAccountBinding
	httpClient  *http.Client
	stateDir    string
}

func runCert(opts *CertOptions) error {
	r := &certRun{opts: opts}
	if err := r.checkFlags(); err != nil {
		return withCode(ExitError, err)
	}
	r.spec = loadSpec(opts.IO, opts.SpecFile)
	if r.spec == nil {
		return silentExit(ExitError)
	}
	sites, err := selectSites(r.spec, opts.Sites)
	if err != nil {
		return withCode(ExitError, err)
	}
	if !opts.SelfSigned {
		if err := r.setupACME(); err != nil {
			return withCode(ExitError, err)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failed := false
	var changed []*spec.Site
	for _, site := range sites {
		res, err := r.ensure(ctx, site)
		if err != nil {
			failed = true
			r.report(site, err)
			if ctx.Err() != nil {
				break
			}
			continue
		}
		fmt.Fprintf(opts.IO.Out, "site=%s action=%s not_after=%s names=%s\n",
			site.Name, res.Action, res.NotAfter.UTC().Format(time.RFC3339), strings.Join(res.Names, ","))
		if opts.IO.StderrTTY {
			fmt.Fprintf(opts.IO.ErrOut, "%s: %s: %s\n", site.Name, res.Action, res.Reason)
		}
		if res.Changed() {
			changed = append(changed, site)
		}
	}

	if opts.DeployHook != "" {
		switch {
		case len(changed) > 0:
			if err := r.runHook(ctx, changed); err != nil {
				failed = true
			}
		case opts.IO.StderrTTY:
			fmt.Fprintln(opts.IO.ErrOut, "deploy hook not run: no certificate changed")
		}
	}
	if failed {
		return silentExit(ExitError)
	}
	return nil
}

// checkFlags validates what can be checked before reading the spec.
func (r *certRun) checkFlags() error {
	o := r.opts
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	d, err := parseRenewWithin(o.RenewWithin)
	if err != nil {
		bad("--renew-within %v", err)
	}
	r.renewWithin = d
	if o.KeyType != "" {
		kt, err := certs.ParseKeyType(o.KeyType)
		if err != nil {
			bad("--key-type: %v", err)
		}
		r.keyType = kt
	}
	for name, p := range map[string]int{"--http-port": o.HTTPPort, "--tls-port": o.TLSPort} {
		if p < 1 || p > 65535 {
			bad("%s %d is not a port number (1-65535)", name, p)
		}
	}
	if o.Email != "" {
		if err := checkEmail(o.Email); err != nil {
			bad("--email %v", err)
		}
	}
	if o.Directory != "" && !strings.HasPrefix(o.Directory, "https://") && !strings.HasPrefix(o.Directory, "http://") {
		bad("--directory %q must be the https:// URL of an ACME directory", o.Directory)
	}
	if o.EABKID != "" {
		key, err := decodeHMAC(o.EABHMAC)
		if err != nil {
			bad("--eab-hmac %v", err)
		}
		r.eab = &acme.ExternalAccountBinding{KID: o.EABKID, Key: key}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n       "))
	}
	return nil
}

// setupACME prepares what every ACME site shares: the HTTP client trusting
// --ca-bundle, and the state directory.
func (r *certRun) setupACME() error {
	o := r.opts
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if o.CABundle != "" {
		pem, err := os.ReadFile(o.CABundle)
		if err != nil {
			return fmt.Errorf("--ca-bundle: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("--ca-bundle %s holds no PEM certificate", o.CABundle)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	r.httpClient = &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	r.stateDir = o.StateDir
	if r.stateDir == "" {
		d, err := certs.DefaultStateDir()
		if err != nil {
			return err
		}
		r.stateDir = d
	}
	return nil
}

// ensure brings one site's certificate up to date.
func (r *certRun) ensure(ctx context.Context, site *spec.Site) (certs.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	kt := r.keyType
	if kt == "" {
		var err error
		if kt, err = certs.ParseKeyType(site.TLS.ACME.KeyType); err != nil {
			return certs.Result{}, err
		}
	}
	req := certs.Request{Site: site.Name, Names: site.Names(), CertFile: site.TLS.Certificate, KeyFile: site.TLS.Key, KeyType: kt}
	var iss certs.Issuer
	if r.opts.SelfSigned {
		iss = &certs.SelfSigned{}
	} else {
		iss = r.acmeIssuer(site)
	}
	return certs.Ensure(ctx, iss, req, certs.Policy{RenewWithin: r.renewWithin, Force: r.opts.Force})
}

// acmeIssuer combines the flags with the site's acme block; flags win.
func (r *certRun) acmeIssuer(site *spec.Site) *certs.ACME {
	o, sa := r.opts, site.TLS.ACME
	dir := certs.LetsEncrypt
	switch {
	case o.Directory != "":
		dir = o.Directory
	case o.Staging:
		dir = certs.LetsEncryptStaging
	case sa.Directory != "":
		dir = sa.Directory
	}
	email := o.Email
	if email == "" {
		email = sa.Email
	}
	a := &certs.ACME{
		DirectoryURL: dir,
		Email:        email,
		EAB:          r.eab,
		HTTPClient:   r.httpClient,
		StateDir:     r.stateDir,
		Solver:       r.solver(site),
		UserAgent:    "wssgen/" + version(),
		Notice:       func(msg string) { fmt.Fprintf(o.IO.ErrOut, "%s: %s\n", site.Name, msg) },
	}
	if o.IO.StderrTTY {
		a.Progress = func(step string) { fmt.Fprintf(o.IO.ErrOut, "%s: %s\n", site.Name, step) }
	}
	return a
}

func (r *certRun) solver(site *spec.Site) certs.Solver {
	o := r.opts
	httpAddr, tlsAddr := ":"+strconv.Itoa(o.HTTPPort), ":"+strconv.Itoa(o.TLSPort)
	switch {
	case o.Webroot != "":
		dir, err := filepath.Abs(o.Webroot)
		if err != nil {
			dir = o.Webroot
		}
		return &certs.Webroot{Dir: dir}
	case o.Standalone:
		return &certs.Standalone{Addr: httpAddr}
	case o.TLSALPN:
		return &certs.TLSALPN{Addr: tlsAddr}
	}
	switch site.TLS.ACME.Challenge {
	case "standalone":
		return &certs.Standalone{Addr: httpAddr}
	case "tls-alpn":
		return &certs.TLSALPN{Addr: tlsAddr}
	}
	return &certs.Webroot{Dir: site.TLS.ACME.Webroot}
}

// report prints a site's failure as a diagnostic pointing at the site's
// acme block (or the site) in the spec.
func (r *certRun) report(site *spec.Site, err error) {
	d := &hcl.Diagnostic{Severity: hcl.DiagError}
	var p *certs.Problem
	if errors.As(err, &p) {
		d.Summary = fmt.Sprintf("%s (site %q)", p.Summary, site.Name)
		d.Detail = p.Detail
	} else {
		d.Summary = fmt.Sprintf("Cannot obtain a certificate for site %q", site.Name)
		d.Detail = capitalize(err.Error()) + "."
	}
	subject := site.TLS.ACME.DefRange
	if subject.Filename == "" {
		subject = site.DefRange
	}
	if subject.Filename != "" {
		d.Subject = &subject
	}
	writeDiag(r.opts.IO, r.opts.SpecFile, d)
}

// runHook runs --deploy-hook once for all changed sites. Its output is
// shown on a terminal, and always when it fails.
func (r *certRun) runHook(ctx context.Context, changed []*spec.Site) error {
	o := r.opts
	names := make([]string, len(changed))
	for i, s := range changed {
		names[i] = s.Name
	}
	if o.IO.StderrTTY {
		fmt.Fprintf(o.IO.ErrOut, "running deploy hook: %s\n", o.DeployHook)
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", o.DeployHook)
	cmd.Env = append(os.Environ(), "WSSGEN_SITES="+strings.Join(names, " "))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		if o.IO.StderrTTY {
			o.IO.ErrOut.Write(out.Bytes())
		}
		return nil
	}
	detail := fmt.Sprintf("The certificates of %s changed, but the deploy hook %q failed (%v), so the server may still use the old ones. Fix the command and run it by hand; wssgen cert will not run it again while the certificates are fresh.",
		strings.Join(names, ", "), o.DeployHook, err)
	output := strings.TrimRight(out.String(), "\n")
	if output == "" {
		output = "(no output)"
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Deploy hook failed",
		Detail:   detail + "\nIts output:\n" + indent(output, "  "),
	}
	writeDiag(o.IO, o.SpecFile, d)
	return err
}

// selectSites returns the named sites, or all when names is empty.
func selectSites(s *spec.Spec, names []string) ([]*spec.Site, error) {
	if len(names) == 0 {
		return s.Sites, nil
	}
	var out []*spec.Site
	for _, n := range names {
		site := s.Site(n)
		if site == nil {
			have := make([]string, len(s.Sites))
			for i, x := range s.Sites {
				have[i] = x.Name
			}
			return nil, fmt.Errorf("no site named %q in %s; it has %s", n, s.Filename, strings.Join(have, ", "))
		}
		out = append(out, site)
	}
	return out, nil
}

// parseRenewWithin reads "30d" (days, as renewal windows are usually
// said) or a Go duration such as "720h".
func parseRenewWithin(s string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration: use days like 30d or hours like 720h", s)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a duration: use days like 30d or hours like 720h", s)
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// decodeHMAC reads an EAB HMAC key: base64url as CAs show it, padded or not.
func decodeHMAC(s string) ([]byte, error) {
	key, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(key) == 0 {
		return nil, errors.New("is not a base64url key as the CA shows it")
	}
	return key, nil
}

// checkEmail accepts a plain address, as the spec's acme email does.
func checkEmail(s string) error {
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		return fmt.Errorf("%q is not a plain address like ops@example.com", s)
	}
	return nil
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
