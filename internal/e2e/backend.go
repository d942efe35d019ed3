package e2e

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// HeadersQuery is the message that makes the backend answer with the JSON
// form of the Handshake it saw on that connection instead of echoing. A
// test can so read what reached the backend over the same proxied socket.
const HeadersQuery = "__wssgen_headers__"

// Handshake is what the backend saw in one WebSocket opening request after
// the proxy had rewritten it.
type Handshake struct {
	// RequestURI is the path and query as the backend received them.
	RequestURI     string `json:"request_uri"`
	Host           string `json:"host"`
	Origin         string `json:"origin"`
	RealIP         string `json:"x_real_ip"`
	ForwardedFor   string `json:"x_forwarded_for"`
	ForwardedProto string `json:"x_forwarded_proto"`
	// RemoteAddr is the proxy's side of the backend connection.
	RemoteAddr string `json:"remote_addr"`
	// Refused is why the backend refused the handshake, or empty.
	Refused string `json:"refused,omitempty"`
}

// BackendOptions vary the echo server.
type BackendOptions struct {
	// TLS, when set, makes the backend a wss:// server (for routes where
	// the proxy speaks TLS to the backend, or for a server a client must
	// refuse to trust).
	TLS *tls.Config
	// SameOrigin refuses a handshake whose Origin names another host:port
	// than its Host header, which is what WebSocket libraries do by
	// default (coder/websocket and gorilla/websocket both do). Without it
	// any loopback origin is accepted, like Workerman does.
	SameOrigin bool
}

// Backend is a WebSocket echo server on loopback standing in for a
// Workerman process: it answers every text or binary message with the same
// message, like the seed FAQ's test expects, and HeadersQuery with the
// Handshake. It neither pings nor times out, so an idle socket is closed
// only by the proxy in front of it.
type Backend struct {
	// Addr is the listener's host:port.
	Addr string
	// Port is Addr's port.
	Port int

	opts   BackendOptions
	mu     sync.Mutex
	seen   []Handshake
	errors []string
}

// StartBackend starts the echo server and stops it when the test ends.
func StartBackend(t testing.TB, o BackendOptions) *Backend {
	t.Helper()
	b := &Backend{opts: o}
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.serve(ctx, w, r)
	}))
	// httptest listens on 127.0.0.1:0 already; say so explicitly, since the
	// harness must never listen beyond loopback.
	l, err := net.Listen("tcp", HostPort(0))
	if err != nil {
		cancel()
		t.Fatalf("backend listen: %v", err)
	}
	srv.Listener = l
	// The server's own error log (failed TLS handshakes, for one) is kept
	// for the test to inspect instead of going to stderr.
	srv.Config.ErrorLog = log.New(logWriter{b}, "", 0)
	if o.TLS != nil {
		srv.TLS = o.TLS
		srv.StartTLS()
	} else {
		srv.Start()
	}
	// Cancelling first ends hijacked WebSocket handlers, which Close does
	// not wait for.
	t.Cleanup(func() { cancel(); srv.Close() })
	b.Addr = l.Addr().String()
	b.Port = l.Addr().(*net.TCPAddr).Port
	return b
}

// Handshakes returns every opening request seen so far.
func (b *Backend) Handshakes() []Handshake {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Handshake(nil), b.seen...)
}

// WaitHandshakes waits until the backend has answered at least n opening
// requests (accepted or refused) and returns them. A client may see the
// backend's answer a moment before the backend has recorded it.
func (b *Backend) WaitHandshakes(ctx context.Context, n int) ([]Handshake, error) {
	for {
		if hs := b.Handshakes(); len(hs) >= n {
			return hs, nil
		}
		select {
		case <-ctx.Done():
			return b.Handshakes(), fmt.Errorf("backend saw %d handshakes, want %d: %w", len(b.Handshakes()), n, ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Errors returns what the backend's HTTP server logged, such as TLS
// handshakes a client aborted.
func (b *Backend) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

type logWriter struct{ b *Backend }

func (w logWriter) Write(p []byte) (int, error) {
	w.b.mu.Lock()
	defer w.b.mu.Unlock()
	w.b.errors = append(w.b.errors, strings.TrimSpace(string(p)))
	return len(p), nil
}

func (b *Backend) serve(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	hs := Handshake{
		RequestURI:     r.RequestURI,
		Host:           r.Host,
		Origin:         r.Header.Get("Origin"),
		RealIP:         r.Header.Get("X-Real-IP"),
		ForwardedFor:   r.Header.Get("X-Forwarded-For"),
		ForwardedProto: r.Header.Get("X-Forwarded-Proto"),
		RemoteAddr:     r.RemoteAddr,
	}
	opts := &websocket.AcceptOptions{}
	if !b.opts.SameOrigin {
		// The browser test's page comes from another loopback port.
		opts.OriginPatterns = []string{"127.0.0.1:*", "localhost:*", "[::1]:*"}
	}
	c, err := websocket.Accept(w, r, opts)
	if err != nil {
		hs.Refused = err.Error()
	}
	b.mu.Lock()
	b.seen = append(b.seen, hs)
	b.mu.Unlock()
	if err != nil {
		return
	}
	defer c.CloseNow()
	report, _ := json.Marshal(hs)
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		if typ == websocket.MessageText && string(msg) == HeadersQuery {
			msg = report
		}
		if err := c.Write(ctx, typ, msg); err != nil {
			return
		}
	}
}

// ParseHandshake decodes the backend's answer to HeadersQuery.
func ParseHandshake(msg []byte) (Handshake, error) {
	var hs Handshake
	if err := json.Unmarshal(msg, &hs); err != nil {
		return hs, err
	}
	if hs.RequestURI == "" {
		return hs, errors.New("backend report has no request URI")
	}
	return hs, nil
}
