package certs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/acme"
)

// Problem is a failure the user can act on, in the Summary/Detail shape
// of wssgen's other diagnostics: Summary is short and has no period,
// Detail says in full sentences what happened and what to do.
type Problem struct {
	Summary string
	Detail  string
	Err     error
}

func (p *Problem) Error() string { return p.Summary + ": " + p.Detail }

func (p *Problem) Unwrap() error { return p.Err }

// ACME problem types (RFC 8555 §6.7) that call for specific advice.
const (
	problemPrefix           = "urn:ietf:params:acme:error:"
	probExternalAccountReq  = problemPrefix + "externalAccountRequired"
	probUserActionRequired  = problemPrefix + "userActionRequired"
	probRejectedIdentifier  = problemPrefix + "rejectedIdentifier"
	probCAA                 = problemPrefix + "caa"
	probDNS                 = problemPrefix + "dns"
	probConnection          = problemPrefix + "connection"
	probUnauthorized        = problemPrefix + "unauthorized"
	probIncorrectResponse   = problemPrefix + "incorrectResponse"
	probTLS                 = problemPrefix + "tls"
	probAccountDoesNotExist = problemPrefix + "accountDoesNotExist"
)

// explain turns an error from talking to the CA into a Problem. what is
// the step that failed, e.g. "placing the order".
func explain(err error, directory, what string, now time.Time) error {
	var p *Problem
	if errors.As(err, &p) {
		return err
	}
	if _, ok := acme.RateLimit(err); ok {
		detail := fmt.Sprintf("The CA refused %s because a rate limit was reached: %s. ", what, acmeDetail(err))
		if at, ok := retryAt(err, now); ok {
			detail += fmt.Sprintf("Try again after %s (in %s).", at.UTC().Format(time.RFC3339), roundDuration(at.Sub(now)))
		} else {
			detail += "Try again later; Let's Encrypt documents its limits at https://letsencrypt.org/docs/rate-limits/."
		}
		detail += " Test with --staging meanwhile: its limits are far higher."
		return &Problem{Summary: "Rate limited by the CA", Detail: detail, Err: err}
	}
	var ae *acme.Error
	if errors.As(err, &ae) {
		switch ae.ProblemType {
		case probExternalAccountReq:
			return &Problem{Summary: "The CA requires External Account Binding", Err: err,
				Detail: fmt.Sprintf("%s: %s. Pass --eab-kid and --eab-hmac with the key ID and HMAC key from your account with the CA.", directory, acmeDetail(err))}
		case probUserActionRequired:
			detail := fmt.Sprintf("The CA refused %s: %s.", what, acmeDetail(err))
			if ae.Instance != "" {
				detail += fmt.Sprintf(" Visit %s (usually to agree to updated terms of service), then run wssgen cert again.", ae.Instance)
			}
			return &Problem{Summary: "The CA requires action on your account", Detail: detail, Err: err}
		case probRejectedIdentifier:
			return &Problem{Summary: "The CA will not issue for these names", Err: err,
				Detail: fmt.Sprintf("%s. Public CAs issue only for registered public DNS names; remove the name from the site's domain or aliases, or use --self-signed for a development name.", acmeDetail(err))}
		case probCAA:
			return &Problem{Summary: "CAA records forbid this CA", Err: err,
				Detail: fmt.Sprintf("%s. Add a CAA record allowing the CA (for Let's Encrypt: 0 issue \"letsencrypt.org\") or remove the restrictive one.", acmeDetail(err))}
		case probAccountDoesNotExist:
			return &Problem{Summary: "The ACME account is gone", Err: err,
				Detail: fmt.Sprintf("%s. The CA no longer knows this account key; move the state directory's account for %s aside and run wssgen cert again to register a new one.", acmeDetail(err), directory)}
		}
		if ae.StatusCode == 404 || (ae.ProblemType == "" && what == "reading the ACME directory") {
			return &Problem{Summary: "Not an ACME directory", Err: err,
				Detail: fmt.Sprintf("%s answered %d while %s. Check --directory (or the spec's acme { directory }); Let's Encrypt's is https://acme-v02.api.letsencrypt.org/directory.", directory, ae.StatusCode, what)}
		}
		return &Problem{Summary: "The CA refused the request", Err: err,
			Detail: fmt.Sprintf("The CA at %s refused %s: %s.", directory, what, acmeDetail(err))}
	}
	var oe *acme.OrderError
	if errors.As(err, &oe) {
		detail := fmt.Sprintf("The order %s ended with status %q", oe.OrderURL, oe.Status)
		if oe.Problem != nil {
			detail += ": " + acmeDetail(oe.Problem)
		}
		return &Problem{Summary: "The certificate order failed", Detail: detail + ". Run wssgen cert again to start a new order.", Err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Problem{Summary: "Timed out", Err: err,
			Detail: fmt.Sprintf("The CA at %s did not finish %s in time. Check the network, then run wssgen cert again.", directory, what)}
	}
	if p := networkProblem(err, directory); p != nil {
		return p
	}
	return fmt.Errorf("%s: %w", what, err)
}

// networkProblem explains why the CA could not be reached, or returns nil.
func networkProblem(err error, directory string) *Problem {
	var (
		unknownCA  x509.UnknownAuthorityError
		verifyErr  *tls.CertificateVerificationError
		hostErr    x509.HostnameError
		dnsErr     *net.DNSError
		opErr      *net.OpError
		urlErr     *url.Error
		summary    string
		detailTail string
	)
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &verifyErr), errors.As(err, &hostErr):
		summary = "Cannot verify the ACME server's certificate"
		detailTail = "For a private CA or a test server, pass the certificate of the CA that signed its HTTPS certificate with --ca-bundle FILE."
	case errors.As(err, &dnsErr):
		summary = "Cannot resolve the ACME server"
		detailTail = "Check the host name in --directory (or the spec's acme { directory }) and this machine's DNS settings."
	case errors.As(err, &opErr):
		summary = "Cannot connect to the ACME server"
		detailTail = "Check --directory, the network, and any firewall or HTTPS proxy (HTTPS_PROXY) between this machine and the CA."
	case errors.As(err, &urlErr):
		summary = "Cannot reach the ACME server"
		detailTail = "Check --directory and the network."
	default:
		return nil
	}
	return &Problem{Summary: summary, Detail: fmt.Sprintf("%s: %s. %s", directory, rootCause(err), detailTail), Err: err}
}

// rootCause drops the layers of "Get URL:" that net/http adds.
func rootCause(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// acmeDetail is the CA's own words for a problem, with subproblems.
func acmeDetail(err error) string {
	var ae *acme.Error
	if !errors.As(err, &ae) {
		return strings.TrimSuffix(err.Error(), ".")
	}
	s := strings.TrimSuffix(strings.TrimSpace(ae.Detail), ".")
	if s == "" {
		s = ae.ProblemType
	}
	for _, sp := range ae.Subproblems {
		id := ""
		if sp.Identifier != nil {
			id = sp.Identifier.Value + ": "
		}
		s += "; " + id + strings.TrimSuffix(sp.Detail, ".")
	}
	return s
}

// validationProblem explains a failed authorization for name, with where
// the CA connected when it reported that (records), or else where it
// connects by the protocol.
func validationProblem(err error, name string, chal *acme.Challenge, s Solver, records []validationRecord) error {
	var ae *acme.AuthorizationError
	if !errors.As(err, &ae) {
		return err
	}
	var details []string
	hint := s.Hint(name)
	for _, e := range ae.Errors {
		details = append(details, acmeDetail(e))
		var pe *acme.Error
		if errors.As(e, &pe) {
			switch pe.ProblemType {
			case probDNS:
				hint = fmt.Sprintf("The CA could not look up %s: check its A/AAAA records (they must point at this server) and that its DNS servers answer. ", name) + hint
			case probConnection:
				hint = fmt.Sprintf("The CA could not connect: a firewall, a missing port forward or an AAAA record for %s that does not reach this server are the usual causes. ", name) + hint
			case probUnauthorized, probIncorrectResponse, probTLS:
				hint = "The CA reached a server but did not get the expected answer. " + hint
			}
		}
	}
	if len(details) == 0 {
		details = []string{"the authorization became invalid without a reason"}
	}
	var where []string
	for _, r := range records {
		w := r.URL
		if w == "" {
			w = r.Hostname + ":" + r.Port
		}
		if r.AddressUsed != "" {
			w += " at " + r.AddressUsed
		}
		where = append(where, w)
	}
	fetched := "It connects to " + s.Where(name, chal.Token) + "."
	if len(where) > 0 {
		fetched = "It fetched " + strings.Join(where, ", then ") + "."
	}
	return &Problem{
		Summary: "Validation failed for " + name,
		Detail:  fmt.Sprintf("The CA tried %s and reported: %s. %s %s", chal.Type, strings.Join(details, "; "), fetched, hint),
		Err:     err,
	}
}

// retryAt reads the Retry-After header of a CA error: seconds from now or
// an HTTP date (RFC 9110 §10.2.3).
func retryAt(err error, now time.Time) (time.Time, bool) {
	var ae *acme.Error
	if !errors.As(err, &ae) || ae.Header == nil {
		return time.Time{}, false
	}
	v := strings.TrimSpace(ae.Header.Get("Retry-After"))
	if v == "" {
		return time.Time{}, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return now.Add(time.Duration(secs) * time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t, true
	}
	return time.Time{}, false
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return Days(d)
	case d >= time.Hour:
		return d.Round(time.Minute).String()
	default:
		return d.Round(time.Second).String()
	}
}
