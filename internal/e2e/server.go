package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Timeouts for server processes. Even a loaded CI machine under the race
// detector starts either server in well under a second; the margins are
// generous so that a slow run fails with a clear message, not a flake.
//
// StopTimeout is short on purpose: httpd stopping while a WebSocket tunnel
// is open (or while it is still noticing that the client went away) waits
// for that worker and escalates only after several seconds; a test needs
// no more from a polite stop than its logs flushed, and Stop kills what is
// left.
const (
	StartTimeout = 15 * time.Second
	StopTimeout  = 2 * time.Second
	// startAttempts bounds retries when a freshly picked port was taken by
	// someone else between FreePort and the server's bind.
	startAttempts = 3
)

// Server is a real nginx or Apache process serving a site on loopback.
type Server struct {
	// Name is the program's short name, "nginx" or "apache2".
	Name string
	// Ports the site listens on.
	Ports Ports
	// Dir holds the server's configuration, logs and runtime files.
	Dir string
	// Site is the site file the server loaded.
	Site []byte
	// Main is the path of the server's main configuration file.
	Main string

	errorLog string
	cmd      *exec.Cmd
	output   *lockedBuffer
	exited   chan struct{}
	waitErr  error
	stopOnce sync.Once
	stopTook time.Duration
	killed   bool
}

// HTTPSAddr is 127.0.0.1:HTTPS.
func (s *Server) HTTPSAddr() string { return HostPort(s.Ports.HTTPS) }

// HTTPAddr is 127.0.0.1:HTTP.
func (s *Server) HTTPAddr() string { return HostPort(s.Ports.HTTP) }

// URL returns scheme://localhost:PORT+path, the name the certificate is
// for, with the HTTPS port for https and wss and the HTTP port otherwise.
func (s *Server) URL(scheme, path string) string {
	port := s.Ports.HTTP
	if scheme == "https" || scheme == "wss" {
		port = s.Ports.HTTPS
	}
	return scheme + "://" + net.JoinHostPort("localhost", strconv.Itoa(port)) + path
}

// Logs returns the server's error log and whatever the process printed,
// for failure messages.
func (s *Server) Logs() string {
	var b strings.Builder
	log, err := os.ReadFile(s.errorLog)
	if err != nil {
		fmt.Fprintf(&b, "(no error log: %v)\n", err)
	}
	fmt.Fprintf(&b, "--- %s error log %s\n%s", s.Name, s.errorLog, log)
	if out := s.output.String(); out != "" {
		fmt.Fprintf(&b, "--- %s stdout/stderr\n%s", s.Name, out)
	}
	return b.String()
}

// ErrorLog returns the server's error log as it is now.
func (s *Server) ErrorLog() string {
	log, _ := os.ReadFile(s.errorLog)
	return string(log)
}

// Stop ends the server and every process it forked. The master gets
// SIGTERM, on which nginx and httpd both close their connections and stop
// their workers; whatever is left of the process group after StopTimeout
// (an httpd child still inside a WebSocket tunnel, say) gets SIGKILL. Stop
// is registered with t.Cleanup by the Start functions and safe to call
// more than once; it reports how long the polite stop took and whether
// the kill was needed.
func (s *Server) Stop() (time.Duration, bool) {
	s.stopOnce.Do(func() {
		start := time.Now()
		_ = terminate(s.cmd.Process)
		select {
		case <-s.exited:
		case <-time.After(StopTimeout):
			s.killed = true
		}
		// Also reaps workers that outlived a master which died on its
		// own; they are in the same group.
		killGroup(s.cmd.Process)
		<-s.exited
		s.stopTook = time.Since(start)
	})
	return s.stopTook, s.killed
}

// launcher knows how to configure and run one kind of server.
type launcher struct {
	name   string
	binary string
	// prepare writes the configuration into dir around site.
	prepare func(dir string, site []byte) (prepared, error)
}

// prepared is a server configuration on disk, ready to run.
type prepared struct {
	args     []string // command line
	main     string   // main configuration file
	errorLog string
}

// start runs the server in the foreground as a child in its own process
// group, waits until every port accepts connections and registers the
// shutdown. A bind failure (the port was taken after FreePort released it)
// is retried with new ports; any other failure fails the test with the
// server's log.
func start(t testing.TB, l launcher, root string, withHTTP bool, site func(Ports) ([]byte, error)) *Server {
	t.Helper()
	var lastLogs string
	for attempt := 1; attempt <= startAttempts; attempt++ {
		ports := freePorts(t, withHTTP)
		conf, err := site(ports)
		if err != nil {
			t.Fatalf("%s site: %v", l.name, err)
		}
		dir := filepath.Join(root, fmt.Sprintf("%s-%d", l.name, attempt))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// MkdirAll honours the umask; workers that dropped privileges
		// must still traverse the directory.
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		pr, err := l.prepare(dir, conf)
		if err != nil {
			t.Fatalf("%s config: %v", l.name, err)
		}
		s := &Server{Name: l.name, Ports: ports, Dir: dir, Site: conf, Main: pr.main, errorLog: pr.errorLog,
			output: &lockedBuffer{}, exited: make(chan struct{})}
		s.cmd = exec.Command(l.binary, pr.args...)
		s.cmd.Dir = dir
		s.cmd.Stdout = s.output
		s.cmd.Stderr = s.output
		detach(s.cmd)
		if err := s.cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", l.binary, err)
		}
		go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
		t.Cleanup(func() {
			if took, killed := s.Stop(); killed {
				t.Logf("%s did not stop within %v of SIGTERM and was killed after %v", s.Name, StopTimeout, took)
			}
			if t.Failed() {
				t.Logf("%s site file:\n%s\n%s", s.Name, s.Site, s.Logs())
			}
		})
		err = s.waitReady()
		lastLogs = s.Logs()
		if err == nil && !bindFailure(lastLogs) {
			return s
		}
		if err == nil {
			// Something else answered on the port while the server
			// was still retrying its bind.
			err = errors.New("bind failed")
		} else {
			select {
			case <-s.exited:
				err = fmt.Errorf("%w (%v)", err, s.waitErr)
			default:
			}
		}
		s.Stop()
		if !bindFailure(lastLogs) {
			t.Fatalf("%s did not start: %v\n%s\n--- site file\n%s", l.name, err, lastLogs, conf)
		}
		t.Logf("%s: port taken between FreePort and bind, retrying (attempt %d)", l.name, attempt)
	}
	t.Fatalf("%s did not start after %d attempts:\n%s", l.name, startAttempts, lastLogs)
	return nil
}

func bindFailure(logs string) bool {
	return strings.Contains(logs, "Address already in use")
}

// waitReady polls every port until it accepts a TCP connection, the
// process exits, or StartTimeout passes. Apache's parent binds before it
// forks the children that answer, but a connection accepted early just
// waits in the backlog, so an open port is ready enough for both servers.
func (s *Server) waitReady() error {
	if err := WaitPorts(s.Ports.List(), s.exited, StartTimeout); err != nil {
		return fmt.Errorf("%s: %w", s.Name, err)
	}
	return nil
}

// WaitPorts polls each loopback port until it accepts a TCP connection.
// It gives up when exited is closed (the process that should listen has
// died; nil means never) or after timeout.
func WaitPorts(ports []int, exited <-chan struct{}, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, p := range ports {
		for {
			select {
			case <-exited:
				return errors.New("process exited before listening")
			default:
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			c, err := (&net.Dialer{}).DialContext(ctx, "tcp", HostPort(p))
			cancel()
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("port %d not accepting connections after %v: %w", p, timeout, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}

// lockedBuffer collects a process's output; the process writes from its
// own goroutine while tests read.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
