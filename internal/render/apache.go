package render

import (
	"fmt"
	"strings"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

type apacheFile struct {
	Header       string
	Modules      string
	Listens      []string
	OCSPStapling bool
	Sites        []*apacheSite
}

type apacheSite struct {
	Name, PublicHost, Domain, Aliases string
	VHostHTTPS, VHostHTTP             string
	Certificate, Key                  string
	GuidelinesVersion, Profile        string
	Protocols, Ciphers, Curves        string
	SessionTickets                    bool
	OCSPStapling                      bool
	HSTS                              bool
	HSTSMaxAge                        int
	BackendTLS                        bool
	ProxyAddHeadersOff                bool
	Routes                            []*apacheRoute
	Timeout                           int // vhost Timeout, 0 to leave the server's
	HTTPPort                          int
	Webroot, RedirectBase             string
}

type apacheRoute struct {
	Path, Backend, Mount, ProxyURL string
	Upgrade, ForwardClientIP       bool
	Timeout                        int
}

// apacheDefaultTimeout is the largest Timeout distributions ship (Debian's
// apache2.conf sets 300; httpd's own default is 60).
const apacheDefaultTimeout = 300

// Ports Debian's ports.conf (and most distributions' httpd.conf) already
// listen on; a second Listen for them would stop httpd from starting.
var standardPorts = map[int]bool{80: true, 443: true}

func apacheData(s *spec.Spec, sites []*spec.Site, t *spec.Target, opts Options) (*apacheFile, error) {
	f := &apacheFile{Header: header(s, t, opts)}
	modules := map[string]bool{"ssl": true, "proxy": true, "proxy_http": true, "headers": true}
	listens := map[string]bool{}
	for _, site := range sites {
		as, err := apacheSiteData(site, t)
		if err != nil {
			return nil, err
		}
		f.Sites = append(f.Sites, as)
		if site.TLS.OCSPStapling {
			f.OCSPStapling = true
			modules["socache_shmcb"] = true
		}
		if site.Listen.HTTP != 0 {
			modules["alias"] = true
		}
		for _, r := range as.Routes {
			if !r.Upgrade {
				modules["proxy_wstunnel"] = true
			}
		}
		for _, p := range []int{site.Listen.HTTPS, site.Listen.HTTP} {
			if p != 0 && !standardPorts[p] {
				listens[apacheAddr(site.Listen, p, false)] = true
			}
		}
	}
	f.Modules = strings.Join(sortedKeys(modules), " ")
	f.Listens = sortedKeys(listens)
	return f, nil
}

// apacheAddr is an address for Listen or <VirtualHost>: "*" stands for
// every address in VirtualHost, and Listen takes a bare port.
func apacheAddr(l spec.Listen, port int, vhost bool) string {
	switch {
	case l.Address == "" && vhost:
		return fmt.Sprintf("*:%d", port)
	case l.Address == "":
		return fmt.Sprintf("%d", port)
	case l.IsIPv6():
		return fmt.Sprintf("[%s]:%d", l.Address, port)
	default:
		return fmt.Sprintf("%s:%d", l.Address, port)
	}
}

func apacheSiteData(site *spec.Site, t *spec.Target) (*apacheSite, error) {
	prof := site.TLS.Profile
	as := &apacheSite{
		Name:              site.Name,
		PublicHost:        publicHost(site),
		Domain:            site.Domain,
		Aliases:           strings.Join(site.Aliases, " "),
		VHostHTTPS:        apacheAddr(site.Listen, site.Listen.HTTPS, true),
		Certificate:       site.TLS.Certificate,
		Key:               site.TLS.Key,
		GuidelinesVersion: tlsprofile.GuidelinesVersion,
		Profile:           prof.Name,
		Protocols:         "-all +" + strings.Join(prof.Protocols, " +"),
		Ciphers:           prof.CipherString(),
		Curves:            curves(site, t),
		SessionTickets:    compat.ApacheSessionTickets.Enabled(t.Version),
		OCSPStapling:      site.TLS.OCSPStapling,
		HSTS:              site.TLS.HSTS,
		HSTSMaxAge:        prof.HSTSMaxAge,
		HTTPPort:          site.Listen.HTTP,
		Webroot:           site.TLS.ACME.Webroot,
	}
	if site.Listen.HTTP != 0 {
		as.VHostHTTP = apacheAddr(site.Listen, site.Listen.HTTP, true)
		as.RedirectBase = "https://" + publicHost(site)
	}
	upgrade := compat.ApacheUpgradeWebsocket.Enabled(t.Version)
	forwardsAny := false
	for _, r := range site.Routes {
		ar := apacheRouteData(r, upgrade)
		// The tunnel's idle limit is max(Timeout, timeout=), so a route
		// shorter than the largest common server default (Debian's 300 s)
		// needs the VirtualHost's Timeout lowered to it.
		if ar.Timeout < apacheDefaultTimeout && (as.Timeout == 0 || ar.Timeout < as.Timeout) {
			as.Timeout = ar.Timeout
		}
		as.Routes = append(as.Routes, ar)
		as.BackendTLS = as.BackendTLS || r.Backend.TLS
		forwardsAny = forwardsAny || r.ForwardClientIP
	}
	// mod_proxy adds X-Forwarded-For by itself (ProxyAddHeaders, 2.4.10+,
	// older than any release wssgen renders for).
	as.ProxyAddHeadersOff = !forwardsAny
	return as, nil
}

// apacheRouteData maps a route to ProxyPass. From 2.4.47 mod_proxy_http
// tunnels the upgrade itself (upgrade=websocket on an http:// URL); before
// that mod_proxy_wstunnel needs a ws:// URL. Without a backend path the
// public path is passed through unchanged.
func apacheRouteData(r *spec.Route, upgrade bool) *apacheRoute {
	mount := spec.MountPath(r.Path)
	var scheme string
	switch {
	case upgrade && r.Backend.TLS:
		scheme = "https"
	case upgrade:
		scheme = "http"
	case r.Backend.TLS:
		scheme = "wss"
	default:
		scheme = "ws"
	}
	path := upstreamPath(mount, r.Backend.Path)
	if path == "" {
		path = mount
	}
	return &apacheRoute{
		Path:            r.Path,
		Backend:         backendLabel(r.Backend),
		Mount:           mount,
		ProxyURL:        scheme + "://" + r.Backend.HostPort() + path,
		Upgrade:         upgrade,
		ForwardClientIP: r.ForwardClientIP,
		Timeout:         int(r.IdleTimeout.Seconds()),
	}
}
