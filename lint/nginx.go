package lint

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wssgen/wssgen/internal/nginxconf"
)

// NginxConfig is the view of an nginx configuration that rules share,
// built once per run: every directive by name with the block it sits in,
// and the http servers with their locations.
type NginxConfig struct {
	Config  *nginxconf.Config
	Main    *NginxScope
	Servers []*NginxServer

	byName map[string][]NginxDirective // filled per name on first use
	// tlsAddr holds the TCP addresses some listen marks ssl. nginx
	// applies listen parameters per address, so every server on one of
	// them speaks TLS. QUIC listens on UDP and makes no TCP address TLS.
	tlsAddr map[string]bool

	// Levels, servers and locations come from slabs: a tree of many
	// thousand servers then costs a few allocations, not one per block.
	// The scope slabs, in order, list every level, main first.
	scopes    slab[NginxScope]
	servers   slab[NginxServer]
	locations slab[NginxLocation]
	strs      slab[string]
	// ports interns the "*:PORT" addresses of listens that give a port
	// only, which nearly every server repeats.
	ports map[string]string
}

// slab hands out pointers to elements of a few large arrays instead of
// allocating every value separately.
type slab[T any] struct {
	// arrays are used up to their length; the last one has room left.
	arrays [][]T
}

// next returns a pointer to a new zero T.
func (s *slab[T]) next() *T { return &s.slice(1)[0] }

// slice returns n new zero Ts, capped at n so that an append copies them.
// Arrays double in size from 16 to 1024 values.
func (s *slab[T]) slice(n int) []T {
	k := len(s.arrays)
	if k == 0 || cap(s.arrays[k-1])-len(s.arrays[k-1]) < n {
		size := 16
		if k > 0 {
			size = min(2*cap(s.arrays[k-1]), 1024)
		}
		s.arrays = append(s.arrays, make([]T, 0, max(size, n)))
		k++
	}
	a := s.arrays[k-1]
	s.arrays[k-1] = a[:len(a)+n]
	return a[len(a) : len(a)+n : len(a)+n]
}

// NginxScope is one configuration level: the main context, http, server,
// location and so on. Body has includes expanded.
type NginxScope struct {
	// Block is the block directive that opens the level; nil for main.
	Block   *nginxconf.Directive
	Parent  *NginxScope
	Context string // "main", "http", "server", "location", "if", "stream" …
	Body    []*nginxconf.Directive

	// index maps names to directives for long bodies (an http block with
	// thousands of included servers), so lookups from every server do not
	// rescan it: without it linting is quadratic in the number of servers.
	index map[string][]*nginxconf.Directive
}

// NginxDirective is a directive and the level it appears on.
type NginxDirective struct {
	D     *nginxconf.Directive
	Scope *NginxScope
}

// NginxServer is a server block of the http context (or of a file that
// holds server blocks at its top level, as sites-enabled files do).
type NginxServer struct {
	*NginxScope
	// Locations lists every location in the server, nested ones included,
	// in file order.
	Locations []*NginxLocation
	// TLS is true when the server accepts TLS connections: a listen with
	// ssl or quic, another server's listen that makes the same address
	// TLS, or "ssl on".
	TLS bool
	// Listens are the server's listen directives.
	Listens []*nginxconf.Directive
	// listenAddrs holds listenAddr of each of Listens.
	listenAddrs []string
	// tlsListen is true when a listen has the ssl or quic parameter or
	// shares its address with a listen that has ssl: TLS without "ssl on".
	tlsListen bool
	// ssl is the "ssl" directive in force, looked up once.
	ssl *nginxconf.Directive
}

// NginxLocation is a location block with its match.
type NginxLocation struct {
	*NginxScope
	Server *NginxServer
	// Modifier is "", "=", "~", "~*", "^~" or "@" for named locations.
	Modifier string
	Path     string
	// PathArg is the argument holding the path, for its range; nil when
	// the location has no argument.
	PathArg *nginxconf.Arg

	ws, wsDone bool // WebSocket's answer, computed once

	headers     []*nginxconf.Directive // proxy_set_header in force
	headerLevel *NginxScope
	headersDone bool
	upgrade     *upgradeState
}

// Headers returns the proxy_set_header directives in force in the
// location and the level they come from (see InheritedList).
func (l *NginxLocation) Headers() ([]*nginxconf.Directive, *NginxScope) {
	if !l.headersDone {
		l.headers, l.headerLevel = l.InheritedList("proxy_set_header")
		l.headersDone = true
	}
	return l.headers, l.headerLevel
}

// Header returns the last proxy_set_header in force in the location for
// the header name (case-insensitive), or nil.
func (l *NginxLocation) Header(name string) *nginxconf.Directive {
	hs, _ := l.Headers()
	return findHeader(hs, name)
}

// indexedNames are the directives rules look up with Directives; walk
// collects them in its single pass over the tree. Other names are found
// by a scan on first use.
var indexedNames = map[string]bool{
	"ssl": true, "ssl_protocols": true, "ssl_ciphers": true,
	"ssl_prefer_server_ciphers": true, "ssl_ecdh_curve": true,
}

// Directives returns every directive called name, in file order, with its
// level. Include directives themselves are not listed; the directives of
// the files they include are. The result is shared: do not modify it.
func (c *NginxConfig) Directives(name string) []NginxDirective {
	if ds, ok := c.byName[name]; ok || indexedNames[name] {
		return ds
	}
	var ds []NginxDirective
	for _, arr := range c.scopes.arrays {
		for i := range arr {
			sc := &arr[i]
			for _, d := range sc.Own(name) {
				ds = appendGrow(ds, NginxDirective{D: d, Scope: sc})
			}
		}
	}
	c.byName[name] = ds
	return ds
}

func (c *NginxConfig) ignores() ignoreSet { return nginxIgnores(c.Config) }

func newNginxConfig(cfg *nginxconf.Config) *NginxConfig {
	c := &NginxConfig{
		Config:  cfg,
		byName:  make(map[string][]NginxDirective),
		ports:   make(map[string]string),
		tlsAddr: make(map[string]bool),
	}
	var body []*nginxconf.Directive
	if len(cfg.Files) > 0 {
		body = nginxconf.Expand(cfg.Main().Directives)
	}
	c.Main = c.scopes.next()
	*c.Main = NginxScope{Context: "main", Body: body}
	c.walk(c.Main, nil, nil)

	// nginx applies listen parameters to the address:port socket, so one
	// "listen 443 ssl" makes every server on *:443 a TLS server; walk has
	// seen each server's own listens and collected tlsAddr.
	for _, s := range c.Servers {
		for i := 0; i < len(s.listenAddrs) && !s.tlsListen; i++ {
			s.tlsListen = c.tlsAddr[s.listenAddrs[i]]
		}
		s.TLS = s.tlsListen
		s.ssl = s.Inherited("ssl")
		if s.ssl != nil && argIs(s.ssl, 0, "on") {
			s.TLS = true
		}
	}
	return c
}

func (c *NginxConfig) walk(scope *NginxScope, server *NginxServer, parentLoc *NginxLocation) {
	for _, d := range scope.Body {
		if strings.HasPrefix(d.Name, "ssl") && indexedNames[d.Name] {
			c.byName[d.Name] = appendGrow(c.byName[d.Name], NginxDirective{D: d, Scope: scope})
		}
		if !d.IsBlock() || d.Raw {
			continue
		}
		child := c.scopes.next()
		*child = NginxScope{Block: d, Parent: scope, Context: d.Name, Body: d.Children()}
		switch {
		case d.Name == "server" && (scope.Context == "http" || scope.Context == "main"):
			s := c.servers.next()
			s.NginxScope = child
			s.Listens = s.Own("listen")
			s.listenAddrs = c.strs.slice(len(s.Listens))
			for i, l := range s.Listens {
				addr := c.listenAddr(l)
				s.listenAddrs[i] = addr
				ssl, quic := listenParams(l)
				if ssl {
					c.tlsAddr[addr] = true
				}
				s.tlsListen = s.tlsListen || ssl || quic
			}
			c.Servers = appendGrow(c.Servers, s)
			c.walk(child, s, nil)
		case d.Name == "location" && server != nil && (scope.Context == "server" || scope.Context == "location"):
			l := c.locations.next()
			l.NginxScope, l.Server = child, server
			l.parseMatch()
			server.Locations = append(server.Locations, l)
			c.walk(child, server, l)
		default:
			c.walk(child, server, parentLoc)
		}
	}
}

func (l *NginxLocation) parseMatch() {
	args := l.Block.Args
	switch {
	case len(args) >= 2:
		l.Modifier, l.Path, l.PathArg = args[0].Value, args[1].Value, &args[1]
	case len(args) == 1:
		v := args[0].Value
		l.Path, l.PathArg = v, &args[0]
		switch {
		case strings.HasPrefix(v, "@"):
			l.Modifier = "@"
		case strings.HasPrefix(v, "^~"):
			l.Modifier, l.Path = "^~", v[2:]
		case strings.HasPrefix(v, "~*"):
			l.Modifier, l.Path = "~*", v[2:]
		case strings.HasPrefix(v, "="), strings.HasPrefix(v, "~"):
			l.Modifier, l.Path = v[:1], v[1:]
		}
	}
}

// IsPrefix reports whether the location matches by prefix (no modifier or ^~).
func (l *NginxLocation) IsPrefix() bool { return l.Modifier == "" || l.Modifier == "^~" }

// indexMin is the body length from which a level keeps a name index.
const indexMin = 32

// Own returns the directives called name on this level only. The result
// may be shared: do not modify it.
func (s *NginxScope) Own(name string) []*nginxconf.Directive {
	if len(s.Body) >= indexMin {
		if s.index == nil {
			s.index = make(map[string][]*nginxconf.Directive)
			for _, d := range s.Body {
				s.index[d.Name] = appendGrow(s.index[d.Name], d)
			}
		}
		return s.index[name]
	}
	// Matches next to each other (the usual case: no match, one, or a
	// run such as two listens or the proxy_set_header lines) cost no
	// allocation: a window of Body is returned.
	first, end := -1, -1
	var out []*nginxconf.Directive
	for i, d := range s.Body {
		if d.Name != name {
			continue
		}
		switch {
		case first < 0:
			first, end = i, i+1
		case out == nil && i == end:
			end++
		case out == nil:
			out = append(make([]*nginxconf.Directive, 0, end-first+4), s.Body[first:end]...)
			out = append(out, d)
		default:
			out = append(out, d)
		}
	}
	if out != nil {
		return out
	}
	if first >= 0 {
		return s.Body[first:end:end]
	}
	return nil
}

// Last returns the last directive called name on this level, or nil.
func (s *NginxScope) Last(name string) *nginxconf.Directive {
	if len(s.Body) >= indexMin {
		if ds := s.Own(name); len(ds) > 0 {
			return ds[len(ds)-1]
		}
		return nil
	}
	for i := len(s.Body) - 1; i >= 0; i-- {
		if s.Body[i].Name == name {
			return s.Body[i]
		}
	}
	return nil
}

// Inherited returns the directive called name that applies on this level:
// its own, or the nearest enclosing level's, the way nginx merges
// single-value directives.
func (s *NginxScope) Inherited(name string) *nginxconf.Directive {
	for sc := s; sc != nil; sc = sc.Parent {
		if d := sc.Last(name); d != nil {
			return d
		}
	}
	return nil
}

// InheritedList returns the directives called name that apply on this
// level and the level they come from. Array directives such as
// proxy_set_header and add_header are inherited only when a level has none
// of its own: one proxy_set_header in a location discards all the
// server's.
func (s *NginxScope) InheritedList(name string) ([]*nginxconf.Directive, *NginxScope) {
	for sc := s; sc != nil; sc = sc.Parent {
		if ds := sc.Own(name); len(ds) > 0 {
			return ds, sc
		}
	}
	return nil, nil
}

// ProxyPass returns the location's proxy_pass, also when it sits in an
// "if" block of the location; nil when the location does not proxy.
func (l *NginxLocation) ProxyPass() *nginxconf.Directive {
	if d := l.Last("proxy_pass"); d != nil {
		return d
	}
	for _, d := range l.Body {
		if d.Name == "if" && d.IsBlock() {
			for _, c := range d.Children() {
				if c.Name == "proxy_pass" {
					return c
				}
			}
		}
	}
	return nil
}

// wsPathRe matches paths that name a WebSocket endpoint.
var wsPathRe = regexp.MustCompile(`(?i)(^|[/_.-])(wss?|websockets?|sockets?|socket\.io|sockjs|cable|realtime)([/_.?$-]|$)`)

// WebSocket reports whether the location proxies WebSocket traffic: it
// proxies and either forwards the Upgrade header (set on any enclosing
// level, even if a nearer level drops it) or its path or backend path
// looks like a WebSocket endpoint.
func (l *NginxLocation) WebSocket() bool {
	if !l.wsDone {
		l.ws, l.wsDone = l.webSocket(), true
	}
	return l.ws
}

func (l *NginxLocation) webSocket() bool {
	pp := l.ProxyPass()
	if pp == nil {
		return false
	}
	if l.setsUpgradeAnywhere() || l.Modifier != "@" && wsPathRe.MatchString(l.Path) {
		return true
	}
	if len(pp.Args) > 0 {
		if _, path, ok := splitProxyURL(pp.Args[0].Value); ok && wsPathRe.MatchString(path) {
			return true
		}
	}
	return false
}

func (l *NginxLocation) setsUpgradeAnywhere() bool {
	for sc := l.NginxScope; sc != nil; sc = sc.Parent {
		if findHeader(sc.Own("proxy_set_header"), "Upgrade") != nil {
			return true
		}
	}
	return false
}

// splitProxyURL splits a proxy_pass URL into scheme://host and the URI
// part; ok is false when there is no URI part ("http://backend").
func splitProxyURL(u string) (base, path string, ok bool) {
	i := strings.Index(u, "://")
	if i < 0 {
		return u, "", false
	}
	j := strings.IndexByte(u[i+3:], '/')
	if j < 0 {
		return u, "", false
	}
	return u[:i+3+j], u[i+3+j:], true
}

// listenParams reports whether a listen directive has the ssl and the
// quic parameter.
func listenParams(d *nginxconf.Directive) (ssl, quic bool) {
	for _, a := range d.Args[min(1, len(d.Args)):] {
		switch a.Value {
		case "ssl":
			ssl = true
		case "quic":
			quic = true
		}
	}
	return ssl, quic
}

// listenAddr is the package function with bare ports interned.
func (c *NginxConfig) listenAddr(d *nginxconf.Directive) string {
	if len(d.Args) == 0 || !isDigits(d.Args[0].Value) {
		return listenAddr(d)
	}
	port := d.Args[0].Value
	addr, ok := c.ports[port]
	if !ok {
		addr = "*:" + port
		c.ports[port] = addr
	}
	return addr
}

// listenAddr normalises the address of a listen directive to host:port,
// with "*" for a bare port and port 80 for a bare host.
func listenAddr(d *nginxconf.Directive) string {
	if len(d.Args) == 0 {
		return "*:80"
	}
	a := d.Args[0].Value
	if strings.HasPrefix(a, "unix:") {
		return a
	}
	if isDigits(a) {
		return "*:" + a
	}
	if strings.HasPrefix(a, "[") {
		if i := strings.LastIndex(a, "]:"); i >= 0 {
			return a
		}
		return a + ":80"
	}
	if strings.Contains(a, ":") {
		return a
	}
	return a + ":80"
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// argIs reports whether argument i of d equals v.
func argIs(d *nginxconf.Directive, i int, v string) bool {
	return i < len(d.Args) && d.Args[i].Value == v
}

// argFold reports whether argument i of d equals v case-insensitively.
func argFold(d *nginxconf.Directive, i int, v string) bool {
	// The length test first: most header names differ in length, and
	// EqualFold would compare bytes before finding that out.
	return i < len(d.Args) && len(d.Args[i].Value) == len(v) && strings.EqualFold(d.Args[i].Value, v)
}

// nginxDuration parses an nginx time value such as "60", "90s", "1m30s" or
// "500ms" (nginx.org/en/docs/syntax.html).
func nginxDuration(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 {
			return 0, false
		}
		n, _ := strconv.Atoi(s[:i])
		s = s[i:]
		unit := time.Second
		switch {
		case strings.HasPrefix(s, "ms"):
			unit, s = time.Millisecond, s[2:]
		case s == "":
		default:
			switch s[0] {
			case 's':
				unit = time.Second
			case 'm':
				unit = time.Minute
			case 'h':
				unit = time.Hour
			case 'd':
				unit = 24 * time.Hour
			case 'w':
				unit = 7 * 24 * time.Hour
			case 'M':
				unit = 30 * 24 * time.Hour
			case 'y':
				unit = 365 * 24 * time.Hour
			default:
				return 0, false
			}
			s = s[1:]
		}
		total += time.Duration(n) * unit
	}
	return total, true
}
