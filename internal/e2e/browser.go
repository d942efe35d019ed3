package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BrowserTimeout bounds one page visit, from navigation to the result.
const BrowserTimeout = 30 * time.Second

// Browser is a headless Chromium driven over the DevTools protocol.
type Browser struct {
	ctx    context.Context
	output *lockedBuffer
}

// StartBrowser launches chromium (the binary's path) headless with a fresh
// profile and stops it when the test ends. The browser trusts no test CA:
// it accepts exactly the certificates whose public keys hash to one of
// spkiHashes (base64 SHA-256, testenv.Leaf.SPKIHash), which is narrower
// than --ignore-certificate-errors and lets a test show that any other
// certificate is still refused.
func StartBrowser(t testing.TB, chromium string, spkiHashes ...string) *Browser {
	t.Helper()
	profile, err := os.MkdirTemp("", "wssgen-e2e-chromium-")
	if err != nil {
		t.Fatalf("browser profile: %v", err)
	}
	out := &lockedBuffer{}
	// On a machine without outside network, Chromium's background
	// services (updates, sync, field trials, QUIC probing) each try to
	// reach the internet at start; these switches keep it quiet. Running
	// as root requires --no-sandbox.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("ignore-certificate-errors-spki-list", strings.Join(spkiHashes, ",")),
		chromedp.CombinedOutput(out),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		// Chromium's helpers may still write to the profile for a moment
		// after the browser exits.
		for i := 0; i < 50; i++ {
			if err := os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Errorf("remove browser profile %s: still busy", profile)
	})
	// Do with no actions starts the browser and its first tab. chromedp
	// ties the browser's life to the context of this first call, so it
	// cannot carry a deadline; the wait is bounded here instead, and a
	// browser that does not come up is killed with its allocator.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start %s: %v\n%s", chromium, err, out.String())
		}
	case <-time.After(BrowserTimeout):
		cancelAlloc()
		t.Fatalf("start %s: no DevTools connection after %v\n%s", chromium, BrowserTimeout, out.String())
	}
	return &Browser{ctx: ctx, output: out}
}

// Output returns what the browser printed so far, without the D-Bus
// complaints every start produces on a machine without a session bus.
func (b *Browser) Output() string {
	var keep []string
	for _, l := range strings.Split(b.output.String(), "\n") {
		if !strings.Contains(l, ":ERROR:dbus/") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// WSSResult is what the seed FAQ's JavaScript observed in the page.
type WSSResult struct {
	// Reply is the first message the server sent, as onmessage saw it.
	Reply *string `json:"reply"`
	// Events are the seed's alert() texts in order (alert blocks a
	// headless page, so the page records them instead).
	Events []string `json:"events"`
	// Error is set when onerror fired.
	Error bool `json:"error"`
	// CloseCode is the code onclose reported (1006 for a failed
	// handshake), or 0 while open.
	CloseCode int `json:"closeCode"`
}

// seedPage is the seed FAQ's test, as a page: open the socket, send "tom"
// on open, record what comes back. alert is replaced by a recorder, and
// onerror/onclose are added so a failure ends the wait at once.
var seedPage = template.Must(template.New("seed").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>wss test</title></head>
<body>
<script>
window.wssgen = {reply: null, events: [], error: false, closeCode: 0};
function alert(msg) { window.wssgen.events.push(String(msg)); }

ws = new WebSocket({{.}});

ws.onopen = function() {
    alert("Conexión exitosa");
    ws.send('tom');
    alert("Enviando una cadena al servidor: tom");
};
ws.onmessage = function(e) {
    alert("Mensaje recibido del servidor: " + e.data);
    if (window.wssgen.reply === null) { window.wssgen.reply = e.data; }
};
ws.onerror = function() { window.wssgen.error = true; };
ws.onclose = function(e) { window.wssgen.closeCode = e.code; };
</script>
</body></html>
`))

// SeedPage returns the seed FAQ's test page for the socket at wssURL.
func SeedPage(wssURL string) (string, error) {
	var b strings.Builder
	if err := seedPage.Execute(&b, wssURL); err != nil {
		return "", err
	}
	return b.String(), nil
}

// OpenWSS serves SeedPage(wssURL) from a loopback HTTP server, opens it in
// a new tab and waits (at most BrowserTimeout) until the page has a reply
// or the socket closed. A plain http:// page may open a wss:// socket, so
// the page needs no certificate of its own.
func (b *Browser) OpenWSS(t testing.TB, wssURL string) (WSSResult, error) {
	t.Helper()
	var res WSSResult
	page, err := SeedPage(wssURL)
	if err != nil {
		return res, err
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	l, err := net.Listen("tcp", HostPort(0))
	if err != nil {
		return res, err
	}
	srv.Listener = l
	srv.Start()
	defer srv.Close()

	ctx, cancel := context.WithTimeout(b.ctx, BrowserTimeout)
	defer cancel()
	tab, closeTab := chromedp.NewContext(ctx)
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/")); err != nil {
		return res, fmt.Errorf("open test page: %w", err)
	}
	if err := chromedp.Do(tab, chromedp.Poll[chromedp.Void](
		`window.wssgen && (window.wssgen.reply !== null || window.wssgen.closeCode !== 0)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(BrowserTimeout))); err != nil {
		state, _ := chromedp.Run(tab, chromedp.Evaluate[string](`JSON.stringify(window.wssgen)`))
		return res, fmt.Errorf("wait for the page's socket: %w (page state %s)", err, state)
	}
	state, err := chromedp.Run(tab, chromedp.Evaluate[string](`JSON.stringify(window.wssgen)`))
	if err != nil {
		return res, fmt.Errorf("read page state: %w", err)
	}
	if err := json.Unmarshal([]byte(state), &res); err != nil {
		return res, fmt.Errorf("page state %q: %w", state, err)
	}
	return res, nil
}
