package e2e

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Idle-timeout bounds. The proxy should close a socket silent for the
// configured 2 s; the window allows for timer granularity and a loaded CI
// machine without accepting a close that has nothing to do with the
// setting (too early) or a socket that stays open (too late).
const (
	idleSetting   = "2s"
	idleCloseMin  = 1500 * time.Millisecond
	idleCloseMax  = 4500 * time.Millisecond
	idleWaitLimit = 8 * time.Second
	// defaultSilence is how long a socket with the default idle_timeout
	// (1h) must stay silent and still work afterwards.
	defaultSilence = 5 * time.Second
)

// openQuiet dials the site and makes one exchange, so the proxy has a
// tunnel up, then leaves the socket silent.
func openQuiet(t *testing.T, f *fixture) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := DialWSS(ctx, f.srv.URL("wss", "/wss"), f.cert.ClientConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	if got, err := Exchange(ctx, c, "tom"); err != nil || got != "tom" {
		t.Fatalf("echo: got %q, %v", got, err)
	}
	return c
}

// expectClosedAfterIdle asserts that the proxy closes a silent socket
// within the idle window.
func expectClosedAfterIdle(t *testing.T, f *fixture) {
	t.Helper()
	c := openQuiet(t, f)
	lasted, closed, err := WaitClosed(c, idleWaitLimit)
	if err != nil {
		t.Fatal(err)
	}
	if !closed {
		t.Fatalf("idle_timeout = %q: the silent socket was still open after %v", idleSetting, lasted)
	}
	if lasted < idleCloseMin || lasted > idleCloseMax {
		t.Fatalf("idle_timeout = %q: the proxy closed the silent socket after %v, want %v–%v", idleSetting, lasted, idleCloseMin, idleCloseMax)
	}
	t.Logf("idle_timeout = %q: closed after %v of silence", idleSetting, lasted.Round(time.Millisecond))
}

// TestIdleTimeout checks that a quiet WebSocket lives as long as the spec's
// idle_timeout says: closed by the proxy after about 2 s with "2s", still
// usable after 5 s of silence with the default.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	for _, tg := range targets {
		t.Run(tg.name+"/default", func(t *testing.T) {
			t.Parallel()
			f := startSite(t, tg, siteOptions{noHTTP: true})
			c := openQuiet(t, f)
			time.Sleep(defaultSilence)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if got, err := Exchange(ctx, c, "still there?"); err != nil || got != "still there?" {
				t.Fatalf("after %v of silence with the default idle_timeout: got %q, %v", defaultSilence, got, err)
			}
		})
	}

	t.Run("nginx/"+idleSetting, func(t *testing.T) {
		t.Parallel()
		expectClosedAfterIdle(t, startSite(t, targets[0], siteOptions{idleTimeout: idleSetting, noHTTP: true}))
	})

	// httpd tunnels an upgraded connection with an idle timeout that is
	// the larger of the backend's (ProxyPass timeout=) and the client
	// connection's (the core Timeout of the virtual host; 60 s unless set,
	// 300 s in Debian's apache2.conf): see the tunnel set-up in
	// mod_proxy_http.c (httpd 2.4.47 and later). The render therefore
	// lowers the VirtualHost's Timeout for short idle timeouts.
	t.Run("apache/"+idleSetting, func(t *testing.T) {
		t.Parallel()
		f := startSite(t, targets[1], siteOptions{idleTimeout: idleSetting, noHTTP: true})
		if !bytes.Contains(f.srv.Site, []byte("\n    Timeout 2\n")) {
			t.Fatalf("the rendered site does not lower the VirtualHost Timeout:\n%s", f.srv.Site)
		}
		expectClosedAfterIdle(t, f)
	})
}
