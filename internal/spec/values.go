package spec

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// noSpecial rejects characters that could end or open a directive in an
// nginx or Apache config, or smuggle in a variable: the core of injection
// protection for every value that reaches a rendered file.
func noSpecial(s string) error {
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r':
			return fmt.Errorf("%q contains a line break (at byte %d)", s, i)
		case r < 0x20 || r == 0x7f:
			return fmt.Errorf("%q contains the control character %U", s, r)
		case r == ' ' || r == '\t' || r == '\u00a0':
			return fmt.Errorf("%q contains whitespace", s)
		case strings.ContainsRune(";{}\"'`$#\\<>", r):
			return fmt.Errorf("%q contains %q, which could inject configuration", s, string(r))
		}
	}
	return nil
}

// idnaProfile converts Unicode names to A-labels the way browsers look them
// up, and refuses anything that is not a valid host name.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.StrictDomainName(true),
	idna.BidiRule(),
	idna.ValidateLabels(true),
	idna.VerifyDNSLength(true),
)

// DNSName checks a server name and returns its ASCII form (IDNA A-labels,
// lower case, no trailing dot). IP addresses and wildcards are refused:
// browsers need a DNS name to match a certificate, and ACME HTTP-01 cannot
// issue wildcards.
func DNSName(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("is empty; give a DNS name such as \"chat.example.com\"")
	}
	if err := noSpecial(s); err != nil {
		return "", err
	}
	if _, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return "", fmt.Errorf("%q is an IP address; certificates that browsers and WeChat trust are issued for DNS names, so use a domain that resolves to it", s)
	}
	if strings.Contains(s, "*") {
		return "", fmt.Errorf("%q is a wildcard; list each name instead (HTTP-01 and TLS-ALPN-01 validation cannot issue wildcard certificates)", s)
	}
	if strings.ContainsAny(s, "/:@?") {
		return "", fmt.Errorf("%q is not a bare host name; leave out scheme, port and path", s)
	}
	ascii, err := idnaProfile.ToASCII(strings.TrimSuffix(s, "."))
	if err != nil {
		return "", fmt.Errorf("%q is not a valid DNS name: %v", s, err)
	}
	ascii = strings.ToLower(ascii)
	if err := checkLDH(ascii); err != nil {
		return "", fmt.Errorf("%q is not a valid DNS name: %v", s, err)
	}
	return ascii, nil
}

// checkLDH verifies the letters-digits-hyphen rule on every label, after
// IDNA, as a second line of defence for what reaches server_name.
func checkLDH(name string) error {
	if len(name) > 253 {
		return fmt.Errorf("longer than 253 characters")
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" {
			return fmt.Errorf("empty label")
		}
		if len(label) > 63 {
			return fmt.Errorf("label %q is longer than 63 characters", label)
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("label %q starts or ends with '-'", label)
		}
		for i := 0; i < len(label); i++ {
			b := label[i]
			if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-') {
				return fmt.Errorf("label %q contains %q", label, b)
			}
		}
	}
	return nil
}

// checkAbsPath accepts absolute file paths that can be written into a
// config without quoting.
func checkAbsPath(p string) error {
	if p == "" {
		return fmt.Errorf("is empty; give an absolute path such as \"/etc/ssl/chat/fullchain.pem\"")
	}
	if err := noSpecial(p); err != nil {
		return err
	}
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%q is relative; use an absolute path (servers resolve relative paths against their own prefix, not this spec)", p)
	}
	return nil
}

// pathByteOK lists the URL path bytes allowed in routes: RFC 3986 unreserved
// characters, '/', '%' escapes and a few sub-delimiters that are inert in
// both nginx and Apache configs.
func pathByteOK(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
		strings.IndexByte("-._~/%:@+,=!", b) >= 0
}

// checkURLPath validates a route or backend path.
func checkURLPath(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%q must start with '/'", p)
	}
	for i := 0; i < len(p); i++ {
		b := p[i]
		if !pathByteOK(b) {
			if b == ' ' || b == '\t' || b == '\n' || b == '\r' {
				return fmt.Errorf("%q contains whitespace; percent-encode it (%%20)", p)
			}
			if b == '?' || b == '#' {
				return fmt.Errorf("%q contains %q; a path cannot carry a query or fragment", p, string(b))
			}
			return fmt.Errorf("%q contains %q; allowed are letters, digits and -._~/%%:@+,=!", p, string(b))
		}
		if b == '%' && (i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2])) {
			return fmt.Errorf("%q has a '%%' that does not start an escape like %%20", p)
		}
	}
	if strings.Contains(p, "//") {
		return fmt.Errorf("%q contains '//'", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return fmt.Errorf("%q contains a %q segment", p, seg)
		}
	}
	return nil
}

func isHex(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F'
}

func checkRoutePath(p string) error { return checkURLPath(p) }

// MountPath is the path a route is mounted at: the label without a
// trailing slash ("/" stays "/"). "/ws" and "/ws/" mount the same path, and
// both cover /ws itself and everything below it, so clients never meet a
// redirect for a missing slash.
func MountPath(p string) string {
	if len(p) > 1 {
		return strings.TrimRight(p, "/")
	}
	return p
}

// ParseBackend reads "host:port", "ws://host:port[/path]" or
// "wss://host:port[/path]".
func ParseBackend(s string) (Backend, error) {
	var b Backend
	if err := noSpecial(s); err != nil {
		return b, err
	}
	rest := s
	switch {
	case strings.HasPrefix(s, "ws://"):
		rest = s[len("ws://"):]
	case strings.HasPrefix(s, "wss://"):
		b.TLS = true
		rest = s[len("wss://"):]
	case strings.Contains(s, "://"):
		return b, fmt.Errorf("%q: use host:port, ws://host:port[/path] or wss://host:port[/path]", s)
	}
	hostport := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		hostport, b.Path = rest[:i], rest[i:]
		if err := checkURLPath(b.Path); err != nil {
			return b, fmt.Errorf("path %v", err)
		}
		if b.Path == "/" {
			b.Path = ""
		}
	}
	host, portStr, ok := cutPort(hostport)
	if !ok {
		return b, fmt.Errorf("%q has no port; write it as host:port, e.g. \"127.0.0.1:8282\"", s)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return b, fmt.Errorf("%q: port %q must be a number between 1 and 65535", s, portStr)
	}
	b.Port = port
	if strings.HasPrefix(host, "[") {
		a, err := netip.ParseAddr(strings.Trim(host, "[]"))
		if err != nil || !a.Is6() || a.Zone() != "" {
			return b, fmt.Errorf("%q: %s is not an IPv6 address", s, host)
		}
		b.Host = a.String()
		return b, nil
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Is6() {
			return b, fmt.Errorf("%q: put IPv6 addresses in brackets, e.g. [::1]:8282", s)
		}
		b.Host = a.String()
		return b, nil
	}
	name, err := backendHost(host)
	if err != nil {
		return b, fmt.Errorf("%q: %v", s, err)
	}
	b.Host = name
	return b, nil
}

// backendHost accepts DNS names, including single labels like "localhost"
// or a container name, which DNSName also allows.
func backendHost(h string) (string, error) {
	if h == "" {
		return "", fmt.Errorf("host is empty")
	}
	ascii, err := idnaProfile.ToASCII(h)
	if err != nil {
		return "", fmt.Errorf("host %q is not a valid DNS name or IP address", h)
	}
	ascii = strings.ToLower(ascii)
	if err := checkLDH(ascii); err != nil {
		return "", fmt.Errorf("host %q is not a valid DNS name or IP address: %v", h, err)
	}
	return ascii, nil
}

func cutPort(hp string) (host, port string, ok bool) {
	i := strings.LastIndexByte(hp, ':')
	if i < 0 || i == len(hp)-1 {
		return hp, "", false
	}
	if strings.HasPrefix(hp, "[") && !strings.HasSuffix(hp[:i], "]") {
		return hp, "", false
	}
	return hp[:i], hp[i+1:], true
}
