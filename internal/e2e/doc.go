// Package e2e runs wssgen's rendered configurations in the real servers and
// talks to them the way users' clients do. It is a test harness: every
// helper takes a testing.TB, binds only to loopback, bounds every wait and
// cleans up after itself in t.Cleanup, even when the test fails.
//
// The pieces are independent so that later targets (HAProxy, Caddy) and
// `wssgen probe` can reuse them:
//
//   - StartBackend: a WebSocket echo server standing in for Workerman, which
//     reports the path and forwarding headers it received (plain ws:// or
//     wss://, with or without a same-origin check);
//   - NewCert: a test CA and a certificate for localhost;
//   - Site and Render: a spec for one site on loopback ports, rendered by
//     the same code as `wssgen render`;
//   - StartNginx and StartApache: the real server in the foreground under a
//     temporary prefix on free loopback ports, with its error log attached
//     to failures (WaitPorts serves any other program that listens);
//   - DialWSS, Browser: a Go client and headless Chromium speaking wss://;
//   - Probe, Expectations and CheckPosture: TLS handshakes with chosen
//     versions and suites, from Go's crypto/tls and from `openssl s_client`,
//     judged against a Mozilla profile.
package e2e
