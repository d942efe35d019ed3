package e2e

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

// loopbackDialer connects every address to 127.0.0.1 on the same port, so
// a client can use the certificate's name (localhost) while never leaving
// the interface the servers bind to, whatever localhost resolves to.
func loopbackDialer(ctx context.Context, network, addr string) (net.Conn, error) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	return d.DialContext(ctx, network, net.JoinHostPort(Loopback, port))
}

// HTTPClient is a client that trusts cfg's roots, dials only loopback and
// does not follow redirects, so a test sees each response as sent.
func HTTPClient(cfg *tls.Config) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext:       loopbackDialer,
			TLSClientConfig:   cfg,
			DisableKeepAlives: true,
			ForceAttemptHTTP2: false,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// DialWSS opens a WebSocket to url (wss://localhost:PORT/path) with a TLS
// configuration trusting the test CA, as a Go client of the service would.
// header adds request headers (an Origin, say); it may be nil.
func DialWSS(ctx context.Context, url string, cfg *tls.Config, header http.Header) (*websocket.Conn, error) {
	c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: HTTPClient(cfg), HTTPHeader: header})
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %w (HTTP %s)", url, err, resp.Status)
		}
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	return c, nil
}

// Exchange sends msg as a text message and returns the next message.
func Exchange(ctx context.Context, c *websocket.Conn, msg string) (string, error) {
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		return "", fmt.Errorf("send %q: %w", msg, err)
	}
	_, got, err := c.Read(ctx)
	if err != nil {
		return "", fmt.Errorf("read reply to %q: %w", msg, err)
	}
	return string(got), nil
}

// WaitClosed reads from a socket that nobody writes to until the peer
// closes it or max passes. It returns how long the socket lasted and
// whether the peer closed it; a socket still open at max is closed by the
// client (the library closes a connection whose read is cancelled), so
// call it last on a connection.
func WaitClosed(c *websocket.Conn, max time.Duration) (time.Duration, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), max)
	defer cancel()
	start := time.Now()
	_, msg, err := c.Read(ctx)
	lasted := time.Since(start)
	switch {
	case err == nil:
		return lasted, false, fmt.Errorf("silent socket received %q", msg)
	case ctx.Err() != nil:
		return lasted, false, nil
	default:
		return lasted, true, nil
	}
}
