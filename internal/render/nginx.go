package render

import (
	"fmt"
	"strings"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

type nginxFile struct {
	Header     string
	Standalone bool
	Sites      []*nginxSite
}

type nginxSite struct {
	Name, PublicHost, ServerNames string
	ListenHTTPS, ListenHTTP       []string
	HTTP2On                       bool
	Certificate, Key              string
	GuidelinesVersion, Profile    string
	Protocols, Ciphers, Curves    string
	SessionTicketsOff             bool
	OCSPStapling                  bool
	Resolvers                     string
	HSTS                          bool
	HSTSMaxAge                    int
	Routes                        []*nginxRoute
	HTTPPort                      int
	Webroot, RedirectTarget       string
}

type nginxRoute struct {
	Path, Backend, Location, ProxyPass string
	BackendTLS, ForwardClientIP        bool
	HostWithPort                       bool
	Timeout                            int
}

func nginxData(s *spec.Spec, sites []*spec.Site, t *spec.Target, opts Options) (*nginxFile, error) {
	f := &nginxFile{Header: header(s, t, opts), Standalone: opts.Standalone}
	for _, site := range sites {
		f.Sites = append(f.Sites, nginxSiteData(site, t))
	}
	return f, nil
}

// nginxListen builds listen parameters. Without an address nginx needs one
// socket for IPv4 and one for IPv6. Before 1.25.1 HTTP/2 is switched on in
// listen; later releases use "http2 on" and warn about the old form, and
// without a known version neither is written (every release accepts that).
func nginxListen(l spec.Listen, port int, params string) []string {
	if l.Address != "" {
		addr := l.Address
		if l.IsIPv6() {
			addr = "[" + addr + "]"
		}
		return []string{fmt.Sprintf("%s:%d%s", addr, port, params)}
	}
	return []string{fmt.Sprintf("%d%s", port, params), fmt.Sprintf("[::]:%d%s", port, params)}
}

func nginxSiteData(site *spec.Site, t *spec.Target) *nginxSite {
	prof := site.TLS.Profile
	ns := &nginxSite{
		Name:              site.Name,
		PublicHost:        publicHost(site),
		ServerNames:       strings.Join(site.Names(), " "),
		Certificate:       site.TLS.Certificate,
		Key:               site.TLS.Key,
		GuidelinesVersion: tlsprofile.GuidelinesVersion,
		Profile:           prof.Name,
		Protocols:         strings.Join(prof.Protocols, " "),
		Ciphers:           prof.CipherString(),
		Curves:            curves(site, t),
		SessionTicketsOff: !compat.NginxAutoTicketKeys.Enabled(t.Version),
		OCSPStapling:      site.TLS.OCSPStapling,
		Resolvers:         strings.Join(site.TLS.Resolvers, " "),
		HSTS:              site.TLS.HSTS,
		HSTSMaxAge:        prof.HSTSMaxAge,
		HTTPPort:          site.Listen.HTTP,
		Webroot:           site.TLS.ACME.Webroot,
	}
	sslParams := " ssl"
	switch {
	case t.Version.IsZero():
	case compat.NginxHTTP2Directive.Enabled(t.Version):
		ns.HTTP2On = true
	default:
		sslParams = " ssl http2"
	}
	ns.ListenHTTPS = nginxListen(site.Listen, site.Listen.HTTPS, sslParams)
	if site.Listen.HTTP != 0 {
		ns.ListenHTTP = nginxListen(site.Listen, site.Listen.HTTP, "")
		ns.RedirectTarget = "https://$host$request_uri"
		if site.Listen.HTTPS != 443 {
			ns.RedirectTarget = fmt.Sprintf("https://$host:%d$request_uri", site.Listen.HTTPS)
		}
	}
	for _, r := range site.Routes {
		nr := nginxRouteData(r)
		// $host is the name without the port. On 443 that is what clients
		// send; elsewhere the port must reach the backend too.
		nr.HostWithPort = site.Listen.HTTPS != 443
		ns.Routes = append(ns.Routes, nr)
	}
	return ns
}

// nginxRouteData maps a route to a prefix location. Without a path in the
// backend URL, proxy_pass has no URI part and nginx passes the request URI
// through unchanged; with one, nginx replaces the matched prefix by it
// (ngx_http_proxy_module, proxy_pass).
func nginxRouteData(r *spec.Route) *nginxRoute {
	mount := spec.MountPath(r.Path)
	scheme := "http"
	if r.Backend.TLS {
		scheme = "https"
	}
	return &nginxRoute{
		Path:            r.Path,
		Backend:         backendLabel(r.Backend),
		Location:        mount,
		ProxyPass:       scheme + "://" + r.Backend.HostPort() + upstreamPath(mount, r.Backend.Path),
		BackendTLS:      r.Backend.TLS,
		ForwardClientIP: r.ForwardClientIP,
		Timeout:         int(r.IdleTimeout.Seconds()),
	}
}
