package e2e

import (
	"fmt"
	"strings"

	"github.com/wssgen/wssgen/internal/render"
	"github.com/wssgen/wssgen/internal/spec"
)

// Site is one wssgen site on loopback, described in the spec's own terms.
// Zero fields take the spec's defaults, except Domain ("localhost"), Route
// ("/wss") and the listen address, which is always 127.0.0.1.
type Site struct {
	Domain      string
	Ports       Ports
	Certificate string
	Key         string
	// Profile is "intermediate", "modern" or "" for the spec's default.
	Profile string
	// Webroot is the ACME webroot served on the plain-http port.
	Webroot string
	Route   string
	// Backend is the route's backend in spec syntax (host:port, ws://…).
	Backend string
	// IdleTimeout is the route's idle_timeout ("2s"); "" for the default.
	IdleTimeout string
}

// HCL returns the spec file for the site. HCL allows one attribute per
// line, so every block is written out in full.
func (s Site) HCL() string {
	domain := s.Domain
	if domain == "" {
		domain = "localhost"
	}
	route := s.Route
	if route == "" {
		route = "/wss"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "site \"e2e\" {\n  domain = %q\n\n  listen {\n    https   = %d\n    http    = %d\n    address = %q\n  }\n\n",
		domain, s.Ports.HTTPS, s.Ports.HTTP, Loopback)
	fmt.Fprintf(&b, "  tls {\n    certificate = %q\n    key         = %q\n", s.Certificate, s.Key)
	if s.Profile != "" {
		fmt.Fprintf(&b, "    profile     = %q\n", s.Profile)
	}
	if s.Webroot != "" {
		fmt.Fprintf(&b, "\n    acme {\n      webroot = %q\n    }\n", s.Webroot)
	}
	b.WriteString("  }\n\n")
	fmt.Fprintf(&b, "  route %q {\n    backend = %q\n", route, s.Backend)
	if s.IdleTimeout != "" {
		fmt.Fprintf(&b, "    idle_timeout = %q\n", s.IdleTimeout)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// Render loads src as a spec and renders it for target ("nginx" or
// "apache") through the same functions `wssgen render` uses, so the test
// runs exactly what a user would deploy.
func Render(src, target string) ([]byte, error) {
	s, diags := spec.Parse("wssgen.hcl", []byte(src))
	if diags.HasErrors() {
		return nil, fmt.Errorf("spec does not load: %w\n%s", diags, src)
	}
	out, err := render.Render(s, target, render.Options{})
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", target, err)
	}
	return out, nil
}

// SiteFile returns a function that renders site for target on the ports a
// server runner picks, for StartNginx and StartApache.
func SiteFile(site Site, target string) func(Ports) ([]byte, error) {
	return func(p Ports) ([]byte, error) {
		site.Ports = p
		return Render(site.HCL(), target)
	}
}
