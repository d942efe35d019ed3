package certs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/acme"
)

const dirURL = "https://acme.example.net/directory"

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestExplain(t *testing.T) {
	rateLimited := func(retryAfter string) error {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return &acme.Error{StatusCode: 429, ProblemType: "urn:ietf:params:acme:error:rateLimited",
			Detail: "too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s", Header: h}
	}
	cases := []struct {
		name    string
		err     error
		summary string
		detail  []string
	}{
		{"rate limit with Retry-After", rateLimited("3600"), "Rate limited by the CA",
			[]string{"too many certificates (5) already issued", "Try again after 2026-03-01T13:00:00Z (in 1h0m0s).", "--staging"}},
		{"rate limit with a date", rateLimited("Tue, 03 Mar 2026 12:00:00 GMT"), "Rate limited by the CA",
			[]string{"Try again after 2026-03-03T12:00:00Z (in 2 days)."}},
		{"rate limit without Retry-After", rateLimited(""), "Rate limited by the CA",
			[]string{"https://letsencrypt.org/docs/rate-limits/"}},
		{"terms of service changed", &acme.Error{StatusCode: 403, ProblemType: "urn:ietf:params:acme:error:userActionRequired",
			Detail: "Terms of service have changed", Instance: "https://ca.example/agree"}, "The CA requires action on your account",
			[]string{"Terms of service have changed", "Visit https://ca.example/agree", "agree to updated terms of service"}},
		{"EAB required", &acme.Error{StatusCode: 403, ProblemType: "urn:ietf:params:acme:error:externalAccountRequired", Detail: "EAB required"},
			"The CA requires External Account Binding", []string{"--eab-kid and --eab-hmac"}},
		{"rejected identifier", &acme.Error{StatusCode: 400, ProblemType: "urn:ietf:params:acme:error:rejectedIdentifier",
			Detail: "Cannot issue for \"chat.test\": Domain name does not end with a valid public suffix (TLD)"},
			"The CA will not issue for these names", []string{"chat.test", "--self-signed"}},
		{"CAA", &acme.Error{StatusCode: 403, ProblemType: "urn:ietf:params:acme:error:caa", Detail: "CAA record for example.com prevents issuance"},
			"CAA records forbid this CA", []string{"prevents issuance", "letsencrypt.org"}},
		{"subproblems", &acme.Error{StatusCode: 400, ProblemType: "urn:ietf:params:acme:error:malformed", Detail: "Some identifiers were rejected",
			Subproblems: []acme.Subproblem{{Type: "urn:ietf:params:acme:error:malformed", Detail: "Invalid underscore in DNS name", Identifier: &acme.AuthzID{Type: "dns", Value: "a_b.example.com"}}}},
			"The CA refused the request", []string{"refused the order: Some identifiers were rejected; a_b.example.com: Invalid underscore in DNS name"}},
		{"order invalid", &acme.OrderError{OrderURL: "https://ca/order/1", Status: "invalid", Problem: &acme.Error{Detail: "Error finalizing order"}},
			"The certificate order failed", []string{`https://ca/order/1 ended with status "invalid": Error finalizing order`}},
		{"timeout", fmt.Errorf("wait: %w", context.DeadlineExceeded), "Timed out", []string{dirURL, "did not finish the order in time"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := explain(tc.err, dirURL, "the order", fixedNow)
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("explain returned %T %v, want a *Problem", err, err)
			}
			if p.Summary != tc.summary {
				t.Errorf("summary = %q, want %q", p.Summary, tc.summary)
			}
			for _, want := range tc.detail {
				if !strings.Contains(p.Detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, p.Detail)
				}
			}
			if !errors.Is(err, tc.err) {
				t.Error("the Problem does not wrap the original error")
			}
		})
	}
}

func TestExplainPassesOtherErrors(t *testing.T) {
	base := errors.New("something odd")
	err := explain(base, dirURL, "the order", fixedNow)
	var p *Problem
	if errors.As(err, &p) || !errors.Is(err, base) || err.Error() != "the order: something odd" {
		t.Errorf("explain(plain error) = %v, want it wrapped with the step", err)
	}
	prob := &Problem{Summary: "x", Detail: "y"}
	if got := explain(prob, dirURL, "z", fixedNow); got != prob {
		t.Errorf("explain changed a Problem: %v", got)
	}
}

func TestValidationProblemShowsWhereTheCAConnected(t *testing.T) {
	chal := &acme.Challenge{Type: "http-01", Token: "tok3n"}
	authzErr := &acme.AuthorizationError{Identifier: "chat.example.com", Errors: []error{&acme.Error{
		ProblemType: "urn:ietf:params:acme:error:connection",
		Detail:      "2001:db8::1: Fetching http://chat.example.com/.well-known/acme-challenge/tok3n: Timeout during connect (likely firewall problem)",
	}}}
	// The authorization as Let's Encrypt's Boulder reports it.
	body := []byte(`{"identifier":{"type":"dns","value":"chat.example.com"},"status":"invalid",
	  "challenges":[{"type":"http-01","status":"invalid","token":"tok3n",
	    "validationRecord":[{"url":"http://chat.example.com/.well-known/acme-challenge/tok3n","hostname":"chat.example.com","port":"80",
	      "addressesResolved":["192.0.2.10","2001:db8::1"],"addressUsed":"2001:db8::1"}]}]}`)
	recs := &validationRecords{}
	recs.keep("https://ca/authz/1", body)

	w := &Webroot{Dir: "/var/www/wssgen-acme"}
	err := validationProblem(authzErr, "chat.example.com", chal, w, recs.get("https://ca/authz/1", "http-01"))
	var p *Problem
	if !errors.As(err, &p) {
		t.Fatalf("%T %v, want a Problem", err, err)
	}
	for _, want := range []string{
		"The CA tried http-01 and reported: 2001:db8::1: Fetching",
		"It fetched http://chat.example.com/.well-known/acme-challenge/tok3n at 2001:db8::1.",
		"an AAAA record for chat.example.com that does not reach this server",
		"/var/www/wssgen-acme/.well-known/acme-challenge",
	} {
		if !strings.Contains(p.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, p.Detail)
		}
	}

	// Without records the message names where the protocol says the CA connects.
	err = validationProblem(authzErr, "chat.example.com", chal, w, recs.get("https://ca/authz/other", "http-01"))
	if !errors.As(err, &p) || !strings.Contains(p.Detail, "It connects to http://chat.example.com/.well-known/acme-challenge/tok3n on port 80.") {
		t.Errorf("without records: %v", err)
	}
}

func TestRecordingTransportPassesBodiesThrough(t *testing.T) {
	small := `{"status":"invalid","challenges":[{"type":"http-01","validationRecord":[{"url":"http://a.example/x","addressUsed":"192.0.2.1"}]}]}`
	large := `{"challenges":[],"pad":"` + strings.Repeat("x", maxAuthzBody) + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/large" {
			io.WriteString(w, large)
			return
		}
		io.WriteString(w, small)
	}))
	defer srv.Close()
	a := &ACME{}
	c := a.recordingClient()
	for path, want := range map[string]string{"/authz/1": small, "/large": large} {
		res, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || string(got) != want {
			t.Errorf("%s: body of %d bytes, want %d unchanged (%v)", path, len(got), len(want), err)
		}
	}
	recs := a.records.get(srv.URL+"/authz/1", "http-01")
	if len(recs) != 1 || recs[0].URL != "http://a.example/x" || recs[0].AddressUsed != "192.0.2.1" {
		t.Errorf("records = %+v", recs)
	}
	if a.records.get(srv.URL+"/large", "http-01") != nil {
		t.Error("an oversized response was recorded")
	}
}
