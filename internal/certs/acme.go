package certs

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/acme"
)

// Well-known ACME directories.
const (
	LetsEncrypt        = "https://acme-v02.api.letsencrypt.org/directory"
	LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory"
)

// ACME issues certificates from an ACME CA (RFC 8555) with one account per
// directory URL, kept in StateDir.
type ACME struct {
	DirectoryURL string
	// Email is the account's contact address; optional.
	Email string
	// EAB binds a new account to an account the CA knows from elsewhere
	// (RFC 8555 §7.3.4); some CAs require it.
	EAB *acme.ExternalAccountBinding
	// HTTPClient talks to the CA; nil means http.DefaultClient.
	HTTPClient *http.Client
	StateDir   string
	Solver     Solver
	UserAgent  string
	// Progress, when set, hears each step (registering, authorizing,
	// validating, finalizing) as it starts.
	Progress func(step string)
	// Notice, when set, hears what a user should know even when no
	// progress is shown, such as a new account and the terms it agreed to.
	Notice func(msg string)
	// Now is the current time; nil means time.Now.
	Now func() time.Time

	records *validationRecords
}

func (a *ACME) progress(format string, args ...any) {
	if a.Progress != nil {
		a.Progress(fmt.Sprintf(format, args...))
	}
}

func (a *ACME) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Issue obtains a certificate for req.Names: it registers or finds the
// account, orders, has the solver answer a challenge for every name that
// is not already authorized, and finalizes with a new key of req.KeyType.
func (a *ACME) Issue(ctx context.Context, req Request) (*Bundle, error) {
	if a.Solver == nil {
		return nil, errors.New("no challenge solver")
	}
	if err := a.Solver.Start(); err != nil {
		return nil, err
	}
	defer a.Solver.Stop()

	client, err := a.account(ctx)
	if err != nil {
		return nil, err
	}

	a.progress("ordering a certificate for %s", strings.Join(req.Names, ", "))
	order, err := client.AuthorizeOrder(ctx, acme.DomainIDs(req.Names...))
	if err != nil {
		return nil, explain(err, a.DirectoryURL, "the order", a.now())
	}
	for _, u := range order.AuthzURLs {
		if err := a.authorize(ctx, client, u); err != nil {
			return nil, err
		}
	}

	a.progress("finalizing the order")
	order, err = client.WaitOrder(ctx, order.URI)
	if err != nil {
		return nil, explain(err, a.DirectoryURL, "the order", a.now())
	}
	key, err := generateKey(req.KeyType)
	if err != nil {
		return nil, err
	}
	csrDER, err := csr(req.Names, key)
	if err != nil {
		return nil, fmt.Errorf("create certificate request: %w", err)
	}
	// CreateCertFromOrder polls the order URL itself; CreateOrderCert
	// relied on a Location header that current CAs no longer send on
	// finalize (golang/go#77704).
	ders, _, err := client.CreateCertFromOrder(ctx, order, csrDER, true)
	if err != nil {
		return nil, explain(err, a.DirectoryURL, "finalizing the order", a.now())
	}
	chain := make([]*x509.Certificate, 0, len(ders))
	for _, der := range ders {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("the CA sent an unreadable certificate: %w", err)
		}
		chain = append(chain, c)
	}
	if len(chain) == 0 {
		return nil, errors.New("the CA sent no certificate")
	}
	return &Bundle{Chain: chain, Key: key}, nil
}

// authorize proves control of one authorization's name, unless the CA
// already holds a valid authorization for it from an earlier order.
func (a *ACME) authorize(ctx context.Context, client *acme.Client, authzURL string) error {
	z, err := client.GetAuthorization(ctx, authzURL)
	if err != nil {
		return explain(err, a.DirectoryURL, "reading an authorization", a.now())
	}
	name := z.Identifier.Value
	switch z.Status {
	case acme.StatusValid:
		a.progress("%s is already authorized", name)
		return nil
	case acme.StatusPending:
	default:
		return &Problem{Summary: "Authorization failed for " + name,
			Detail: fmt.Sprintf("The CA's authorization %s for %s is %q; run wssgen cert again to start a new order.", z.URI, name, z.Status)}
	}
	var chal *acme.Challenge
	var offered []string
	for _, c := range z.Challenges {
		offered = append(offered, c.Type)
		if c.Type == a.Solver.ChallengeType() {
			chal = c
		}
	}
	if chal == nil {
		return &Problem{Summary: "The CA does not offer " + a.Solver.ChallengeType() + " for " + name,
			Detail: fmt.Sprintf("The CA offers %s for %s. Choose a method it offers: --webroot or --standalone answer http-01, --tls-alpn answers tls-alpn-01.",
				strings.Join(offered, ", "), name)}
	}
	a.progress("authorizing %s with %s via %s", name, chal.Type, a.Solver)
	if err := a.Solver.Present(client, name, chal); err != nil {
		return err
	}
	defer a.Solver.CleanUp(name, chal)
	a.progress("validating %s", name)
	if _, err := client.Accept(ctx, chal); err != nil {
		return explain(err, a.DirectoryURL, "accepting the challenge for "+name, a.now())
	}
	if _, err := client.WaitAuthorization(ctx, z.URI); err != nil {
		var ae *acme.AuthorizationError
		if errors.As(err, &ae) {
			return validationProblem(err, name, chal, a.Solver, a.records.get(z.URI, chal.Type))
		}
		return explain(err, a.DirectoryURL, "validating "+name, a.now())
	}
	return nil
}

// account returns a client for the account of a.DirectoryURL, creating
// the account key and registering on first use. An account key the CA
// knows already is found again rather than registered twice.
func (a *ACME) account(ctx context.Context) (*acme.Client, error) {
	dir := accountDir(a.StateDir, a.DirectoryURL)
	key, created, err := loadOrCreateAccountKey(dir)
	if err != nil {
		return nil, &Problem{Summary: "Cannot use the state directory", Err: err,
			Detail: fmt.Sprintf("The ACME account key lives under %s: %v. Run as a user that may write there or pass --state-dir.", a.StateDir, err)}
	}
	client := &acme.Client{Key: key, DirectoryURL: a.DirectoryURL, HTTPClient: a.recordingClient(), UserAgent: a.UserAgent}
	d, err := client.Discover(ctx)
	if err != nil {
		return nil, explain(err, a.DirectoryURL, "reading the ACME directory", a.now())
	}
	acct := &acme.Account{ExternalAccountBinding: a.EAB}
	if a.Email != "" {
		acct.Contact = []string{"mailto:" + a.Email}
	}
	if created {
		a.progress("registering an account with %s", a.DirectoryURL)
	} else {
		a.progress("using the account in %s", dir)
	}
	// wssgen is non-interactive (cron, timers): registering means agreeing
	// to the CA's terms, and the Notice below tells the user which.
	reg, err := client.Register(ctx, acct, acme.AcceptTOS)
	isNew := err == nil
	if errors.Is(err, acme.ErrAccountAlreadyExists) {
		reg, err = client.GetReg(ctx, "")
	}
	if err != nil {
		err = explain(err, a.DirectoryURL, "registering the account", a.now())
		var p *Problem
		if a.EAB != nil && errors.As(err, &p) {
			p.Detail += " Check --eab-kid and --eab-hmac: the HMAC key is the base64url text the CA shows with the key ID."
		}
		return nil, err
	}
	if reg.Status != "" && reg.Status != acme.StatusValid {
		return nil, &Problem{Summary: "The ACME account is " + reg.Status,
			Detail: fmt.Sprintf("The CA reports the account %s as %q, so it cannot order certificates. Move %s aside to register a new account.", reg.URI, reg.Status, dir)}
	}
	if isNew || created {
		info := accountInfo{Directory: a.DirectoryURL, URL: reg.URI, Contact: reg.Contact, TermsOfService: d.Terms, Updated: a.now().UTC()}
		if err := writeAccountInfo(dir, info); err != nil {
			return nil, err
		}
	}
	if isNew && a.Notice != nil {
		msg := fmt.Sprintf("registered ACME account %s with %s", reg.URI, a.DirectoryURL)
		if d.Terms != "" {
			msg += fmt.Sprintf(", agreeing to its terms of service at %s", d.Terms)
		}
		a.Notice(msg)
	}
	return client, nil
}
