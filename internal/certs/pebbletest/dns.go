package pebbletest

import (
	"net"
	"strconv"
	"testing"

	"github.com/miekg/dns"
)

// StartDNS runs a DNS server on 127.0.0.1 that answers every A query with
// 127.0.0.1 and every other query with an empty answer, over both UDP and
// TCP (Pebble's validation authority asks over TCP, older releases over
// UDP). It returns the server's host:port and stops with the test.
//
// The empty AAAA answer matters: the validation authority tries IPv6
// addresses first, and the challenge servers under test listen on IPv4.
func StartDNS(t testing.TB) string {
	t.Helper()
	handler := dns.HandlerFunc(answerLoopback)
	// UDP and TCP must share a port number; a port free for UDP can be
	// taken for TCP, so try a few.
	for attempt := 0; attempt < 20; attempt++ {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("dns: %v", err)
		}
		addr := pc.LocalAddr().String()
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			pc.Close()
			continue
		}
		udp := &dns.Server{PacketConn: pc, Handler: handler}
		tcp := &dns.Server{Listener: ln, Handler: handler}
		started := make(chan struct{}, 2)
		udp.NotifyStartedFunc = func() { started <- struct{}{} }
		tcp.NotifyStartedFunc = func() { started <- struct{}{} }
		go func() { _ = udp.ActivateAndServe() }()
		go func() { _ = tcp.ActivateAndServe() }()
		<-started
		<-started
		t.Cleanup(func() {
			_ = udp.Shutdown()
			_ = tcp.Shutdown()
		})
		return addr
	}
	t.Fatal("dns: no port free for both UDP and TCP on 127.0.0.1")
	return ""
}

func answerLoopback(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	for _, q := range req.Question {
		if q.Qtype != dns.TypeA {
			continue
		}
		m.Answer = append(m.Answer, &dns.A{
			Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 0},
			A:   net.IPv4(127, 0, 0, 1),
		})
	}
	_ = w.WriteMsg(m)
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
// Another process may take it before the caller binds it; tests accept
// that small race rather than hard-coding ports on a shared machine.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	n, _ := strconv.Atoi(p)
	return n
}
