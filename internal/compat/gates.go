package compat

import "fmt"

// Product names a program whose version changes what wssgen may write.
type Product string

// Products with version gates.
const (
	Nginx   Product = "nginx"
	Apache  Product = "apache"
	OpenSSL Product = "openssl"
)

// Gate is a behaviour that starts (or stops) at a version.
type Gate struct {
	Name    string
	Product Product
	Since   Version // the first version with the behaviour
	// Unknown is the answer when the target version is not known. It is
	// chosen so output stays valid on every supported version.
	Unknown bool
	Doc     string // where the fact comes from
}

// Gates. Each row cites where the version comes from.
var (
	// NginxSSLOnDeprecated: "ssl on" was deprecated in 1.15.0 in favour of
	// "listen ... ssl" (nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl).
	NginxSSLOnDeprecated = &Gate{"nginx-ssl-on-deprecated", Nginx, MustParse("1.15.0"), true,
		"ngx_http_ssl_module: the ssl directive was deprecated in 1.15.0"}
	// NginxSSLOnRemoved: the "ssl" directive itself was removed in 1.25.1.
	NginxSSLOnRemoved = &Gate{"nginx-ssl-on-removed", Nginx, MustParse("1.25.1"), false,
		"nginx CHANGES 1.25.1: the ssl directive was removed"}
	// NginxHTTP2Directive: "http2 on" exists from 1.25.1; "listen ... http2"
	// is deprecated there (ngx_http_v2_module.html#http2).
	NginxHTTP2Directive = &Gate{"nginx-http2-directive", Nginx, MustParse("1.25.1"), false,
		"ngx_http_v2_module: the http2 directive appeared in 1.25.1"}
	// NginxAutoTicketKeys: from 1.23.2 nginx rotates TLS session ticket keys
	// itself when a shared session cache is used, so tickets no longer need
	// to be disabled for forward secrecy (CHANGES 1.23.2).
	NginxAutoTicketKeys = &Gate{"nginx-auto-ticket-keys", Nginx, MustParse("1.23.2"), false,
		"nginx CHANGES 1.23.2: session ticket keys are rotated automatically with a shared cache"}
	// NginxModernDefaultProtocols: from 1.27.3 the default ssl_protocols no
	// longer include TLSv1 and TLSv1.1.
	NginxModernDefaultProtocols = &Gate{"nginx-default-protocols-tls12", Nginx, MustParse("1.27.3"), false,
		"ngx_http_ssl_module: ssl_protocols default is TLSv1.2 TLSv1.3 since 1.27.3"}
	// NginxProxyHTTP11Default: from 1.29.7 proxy_http_version defaults to 1.1.
	NginxProxyHTTP11Default = &Gate{"nginx-proxy-http11-default", Nginx, MustParse("1.29.7"), false,
		"ngx_http_proxy_module: proxy_http_version defaults to 1.1 since 1.29.7"}

	// ApacheChainInCertFile: from 2.4.8 SSLCertificateFile may hold the
	// chain and SSLCertificateChainFile is obsolete (mod_ssl docs).
	ApacheChainInCertFile = &Gate{"apache-chain-in-cert-file", Apache, MustParse("2.4.8"), true,
		"mod_ssl: SSLCertificateChainFile became obsolete with 2.4.8"}
	// ApacheProxyAddHeaders: ProxyAddHeaders exists from 2.4.10.
	ApacheProxyAddHeaders = &Gate{"apache-proxy-add-headers", Apache, MustParse("2.4.10"), true,
		"mod_proxy: ProxyAddHeaders is available in 2.4.10 and later"}
	// ApacheSessionTickets: SSLSessionTickets exists from 2.4.11.
	ApacheSessionTickets = &Gate{"apache-session-tickets", Apache, MustParse("2.4.11"), true,
		"mod_ssl: SSLSessionTickets is available in 2.4.11 and later"}
	// ApacheTLS13: TLSv1.3 in SSLProtocol needs 2.4.36 (with OpenSSL 1.1.1).
	ApacheTLS13 = &Gate{"apache-tls13", Apache, MustParse("2.4.36"), true,
		"mod_ssl: TLSv1.3 is available with 2.4.36 and OpenSSL 1.1.1"}
	// ApacheUpgradeWebsocket: mod_proxy_http tunnels WebSocket itself with
	// "upgrade=websocket" from 2.4.47; before that mod_proxy_wstunnel and a
	// ws:// URL are needed (mod_proxy_wstunnel docs).
	ApacheUpgradeWebsocket = &Gate{"apache-upgrade-websocket", Apache, MustParse("2.4.47"), true,
		"mod_proxy: upgrade=websocket is available in 2.4.47 and later"}

	// OpenSSLNoSSLv3: from 1.1.0 OpenSSL is built without SSLv3 unless
	// configured with enable-ssl3 (OpenSSL CHANGES 1.1.0: "SSLv3 is by
	// default disabled at build-time"), so Apache's "SSLProtocol all" no
	// longer includes it.
	OpenSSLNoSSLv3 = &Gate{"openssl-no-sslv3", OpenSSL, MustParse("1.1.0"), true,
		"OpenSSL CHANGES 1.1.0: SSLv3 is by default disabled at build-time"}

	// OpenSSLNoLegacySuites: a default OpenSSL 3.0 build offers no RC4,
	// DES, 3DES or EXPORT TLS suites ("openssl ciphers -v
	// ALL:COMPLEMENTOFALL:@SECLEVEL=0" lists none), so lint judges cipher
	// strings against the 3.0 suite list from there on.
	OpenSSLNoLegacySuites = &Gate{"openssl-no-legacy-suites", OpenSSL, MustParse("3.0.0"), false,
		"OpenSSL 3.0: openssl ciphers ALL:COMPLEMENTOFALL lists no RC4, DES, 3DES or EXPORT suite"}

	// OpenSSLMLKEM: the X25519MLKEM768 hybrid group is built in from 3.5.
	OpenSSLMLKEM = &Gate{"openssl-x25519mlkem768", OpenSSL, MustParse("3.5.0"), false,
		"OpenSSL 3.5.0 added ML-KEM and the X25519MLKEM768 TLS group"}
)

// All lists every gate, for tests and documentation.
var All = []*Gate{
	NginxSSLOnDeprecated, NginxSSLOnRemoved, NginxHTTP2Directive, NginxAutoTicketKeys,
	NginxModernDefaultProtocols, NginxProxyHTTP11Default,
	ApacheChainInCertFile, ApacheProxyAddHeaders, ApacheSessionTickets, ApacheTLS13, ApacheUpgradeWebsocket,
	OpenSSLNoSSLv3, OpenSSLNoLegacySuites, OpenSSLMLKEM,
}

// Enabled reports whether the gate's behaviour applies to version v. A zero
// v means "unknown" and yields the gate's Unknown answer.
func (g *Gate) Enabled(v Version) bool {
	if v.IsZero() {
		return g.Unknown
	}
	return v.AtLeast(g.Since)
}

// Minimum versions wssgen renders for. Older releases lack TLS 1.3 or are
// long out of support; rendering for them would produce files that do not
// meet the profile.
var (
	MinNginx  = MustParse("1.18.0")
	MinApache = MustParse("2.4.36")
)

// CheckSupported returns an error naming the minimum when v is below what
// wssgen can render for. A zero v is always supported.
func CheckSupported(p Product, v Version) error {
	var min Version
	switch p {
	case Nginx:
		min = MinNginx
	case Apache:
		min = MinApache
	default:
		return nil
	}
	if !v.IsZero() && !v.AtLeast(min) {
		return fmt.Errorf("%s %s is older than %s, the oldest release wssgen renders for (TLS 1.3 and the Mozilla profiles need it)", p, v, min)
	}
	return nil
}
