// Package spec reads the wssgen HCL spec: which sites terminate TLS for which
// WebSocket backends, and which server versions the output must run on.
//
// Loading happens in two steps. The HCL is decoded into raw structs that
// keep every attribute as an expression (so errors can point at the exact
// value), then each value is evaluated and checked into the typed Spec.
// Every value that later reaches a server config passes a check here that
// rules out config injection (';', '{', quotes, whitespace, '$' …).
package spec

import (
	"strconv"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

// DefaultFilename is the spec file commands read when -f is not given.
const DefaultFilename = "wssgen.hcl"

// Defaults for optional settings.
const (
	DefaultHTTPSPort   = 443
	DefaultHTTPPort    = 80
	DefaultIdleTimeout = time.Hour
	DefaultProfile     = "intermediate"
	// DefaultWebroot is where ACME HTTP-01 tokens are served from on port 80
	// (as <webroot>/.well-known/acme-challenge/TOKEN, the certbot layout).
	DefaultWebroot = "/var/www/wssgen-acme"
)

// Spec is a validated spec file.
type Spec struct {
	Filename string
	// Hash is the hex SHA-256 of the file's bytes; rendered headers carry
	// it so check can tell which spec produced a deployed file.
	Hash    string
	Sites   []*Site
	Targets map[string]*Target // by target name: "nginx", "apache"
}

// Site is one public name (plus aliases) served over TLS.
type Site struct {
	Name     string
	Domain   string   // ASCII (IDNA A-label) form
	Aliases  []string // ASCII form
	Listen   Listen
	TLS      TLS
	Routes   []*Route
	DefRange hcl.Range
}

// Names returns the domain followed by the aliases.
func (s *Site) Names() []string { return append([]string{s.Domain}, s.Aliases...) }

// Listen says where the site accepts connections.
type Listen struct {
	HTTPS int
	HTTP  int // 0: no plain-http server
	// Address is an IP literal to bind to, "" for all addresses. IPv6
	// addresses are stored without brackets.
	Address string
}

// IsIPv6 reports whether Address is an IPv6 literal.
func (l Listen) IsIPv6() bool {
	for i := 0; i < len(l.Address); i++ {
		if l.Address[i] == ':' {
			return true
		}
	}
	return false
}

// TLS is the certificate and policy for a site.
type TLS struct {
	Certificate  string
	Key          string
	Profile      *tlsprofile.Profile
	HSTS         bool
	OCSPStapling bool
	// Resolvers are DNS servers nginx uses to reach the OCSP responder.
	Resolvers []string
	ACME      ACME
	// DefRange is the tls block's header, where certificate findings point.
	DefRange hcl.Range
}

// ACME configures how `wssgen cert` obtains the certificate.
type ACME struct {
	Email     string
	Directory string
	Webroot   string // always set; DefaultWebroot when the spec is silent
	Challenge string // "", "webroot", "standalone" or "tls-alpn"
	KeyType   string // "", "ecdsa-p256", "ecdsa-p384", "rsa2048" or "rsa4096"
	DefRange  hcl.Range
}

// Route proxies one public path to a WebSocket backend.
type Route struct {
	// Path is the public path as written, e.g. "/wss".
	Path            string
	Backend         Backend
	IdleTimeout     time.Duration
	ForwardClientIP bool
	DefRange        hcl.Range
}

// Backend is where a route's connections go.
type Backend struct {
	TLS  bool   // wss:// backend: the proxy speaks TLS to it
	Host string // IP literal (IPv6 without brackets) or DNS name
	Port int
	Path string // "" unless the backend URL names a path
}

// HostPort returns host:port with IPv6 hosts bracketed.
func (b Backend) HostPort() string {
	h := b.Host
	for i := 0; i < len(h); i++ {
		if h[i] == ':' {
			h = "[" + h + "]"
			break
		}
	}
	return h + ":" + strconv.Itoa(b.Port)
}

// Target is a server the output must run on.
type Target struct {
	Name     string // "nginx" or "apache"
	Version  compat.Version
	OpenSSL  compat.Version
	DefRange hcl.Range
}

// TargetNames are the valid target block labels.
var TargetNames = []string{"nginx", "apache"}

// Target returns the named target, or an empty one (all versions unknown).
func (s *Spec) Target(name string) *Target {
	if t, ok := s.Targets[name]; ok {
		return t
	}
	return &Target{Name: name}
}

// Site returns the site with the given name or nil.
func (s *Spec) Site(name string) *Site {
	for _, site := range s.Sites {
		if site.Name == name {
			return site
		}
	}
	return nil
}
