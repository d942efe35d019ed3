package certs

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
)

// validationRecord is where the CA connected to validate a challenge
// (RFC 8555 §8.3 and Let's Encrypt's validationRecord): the URL, and the
// address it used, which shows when an AAAA record sent it elsewhere.
type validationRecord struct {
	URL         string `json:"url"`
	Hostname    string `json:"hostname"`
	Port        string `json:"port"`
	AddressUsed string `json:"addressUsed"`
}

// validationRecords keeps the validation records of authorizations as
// the CA reports them. golang.org/x/crypto/acme does not expose them, so
// they are read from the authorization responses on their way to it.
type validationRecords struct {
	mu    sync.Mutex
	byURL map[string][]byte // authorization URL → last response body
}

// maxAuthzBody bounds what is kept of one authorization response.
const maxAuthzBody = 1 << 20

func (v *validationRecords) keep(url string, body []byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.byURL == nil {
		v.byURL = map[string][]byte{}
	}
	v.byURL[url] = body
}

// get returns the records of the challenge of type typ in the
// authorization at url, if the CA sent any.
func (v *validationRecords) get(url, typ string) []validationRecord {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	body := v.byURL[url]
	v.mu.Unlock()
	var authz struct {
		Challenges []struct {
			Type             string             `json:"type"`
			ValidationRecord []validationRecord `json:"validationRecord"`
		} `json:"challenges"`
	}
	if json.Unmarshal(body, &authz) != nil {
		return nil
	}
	for _, c := range authz.Challenges {
		if c.Type == typ {
			return c.ValidationRecord
		}
	}
	return nil
}

// recordingTransport copies authorization responses into records.
type recordingTransport struct {
	base    http.RoundTripper
	records *validationRecords
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(req)
	if err != nil || res.Body == nil || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		return res, err
	}
	orig := res.Body
	body, err := io.ReadAll(io.LimitReader(orig, maxAuthzBody+1))
	if err != nil {
		orig.Close()
		return nil, err
	}
	if len(body) > maxAuthzBody {
		// Too big to be an authorization: pass it on whole, unrecorded.
		res.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), orig), orig}
		return res, nil
	}
	orig.Close()
	res.Body = io.NopCloser(bytes.NewReader(body))
	if bytes.Contains(body, []byte(`"challenges"`)) {
		t.records.keep(req.URL.String(), body)
	}
	return res, nil
}

// recordingClient is a.HTTPClient with authorization responses recorded.
func (a *ACME) recordingClient() *http.Client {
	a.records = &validationRecords{}
	c := http.DefaultClient
	if a.HTTPClient != nil {
		c = a.HTTPClient
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	copied := *c
	copied.Transport = &recordingTransport{base: base, records: a.records}
	return &copied
}
