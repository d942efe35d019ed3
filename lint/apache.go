package lint

import (
	"strconv"
	"strings"

	"github.com/wssgen/wssgen/internal/apacheconf"
)

// ApacheConfig is the view of an Apache configuration that rules share,
// built once per run.
type ApacheConfig struct {
	Config *apacheconf.Config
	Main   *ApacheScope
	// Scopes lists every scope, the main server config first.
	Scopes []*ApacheScope

	// byName lists the directives by lower-case name: the names of
	// apacheIndexedNames, filled by walk, and others on first use. The
	// lists are reached through pointers so that adding to one needs no
	// new key string.
	byName map[string]*[]ApacheDirective
	// kinds interns the lower-case section names.
	kinds map[string]string
	// scopes hands out the scopes, in the order Scopes lists them, and
	// kids stacks the children of the scopes being walked.
	scopes slab[ApacheScope]
	kids   []*ApacheScope
}

// ApacheScope is the server config, a <VirtualHost> or a container such as
// <Location>. Body has includes expanded and conditional sections
// (<IfModule>, <IfDefine>, <IfVersion> …) inlined: lint cannot know which
// modules are loaded, so it reads both sides of every condition.
type ApacheScope struct {
	// Section is the section directive opening the scope; nil for the
	// server config.
	Section *apacheconf.Directive
	Parent  *ApacheScope
	// Kind is the lower-case section name ("virtualhost", "location" …),
	// "" for the server config.
	Kind     string
	Body     []*apacheconf.Directive
	Children []*ApacheScope

	// index maps lower-case names to directives for long bodies (the
	// server config of thousands of virtual hosts), so lookups from every
	// host do not rescan it: without it linting is quadratic.
	index map[string][]*apacheconf.Directive
}

// ApacheDirective is a directive and the scope it appears in.
type ApacheDirective struct {
	D     *apacheconf.Directive
	Scope *ApacheScope
}

// apacheIndexedNames are the directives (lower case) rules look up with
// Directives; walk collects them in its single pass over the tree. Other
// names are found by a walk of their own on first use: listing every
// directive by name would cost more memory than the rest of the view.
var apacheIndexedNames = map[string]bool{
	"proxypass": true, "proxypassmatch": true, "proxypassreverse": true, "rewriterule": true,
	"sslprotocol": true, "sslciphersuite": true, "sslhonorcipherorder": true,
	"sslcertificatechainfile": true, "sslproxyengine": true,
}

// Directives returns every directive called name (case-insensitive) in
// file order. The result is shared: do not modify it.
func (c *ApacheConfig) Directives(name string) []ApacheDirective {
	var buf [64]byte
	key := appendLower(buf[:0], name)
	if l := c.byName[string(key)]; l != nil {
		return *l
	}
	if apacheIndexedNames[string(key)] {
		return nil
	}
	var ds []ApacheDirective
	c.Main.collect(name, &ds)
	c.byName[string(key)] = &ds
	return ds
}

// collect appends the directives of s and its nested scopes called name,
// in file order.
func (s *ApacheScope) collect(name string, ds *[]ApacheDirective) {
	k := 0
	for _, d := range s.Body {
		if d.Is(name) {
			*ds = appendGrow(*ds, ApacheDirective{D: d, Scope: s})
		}
		if d.Section {
			s.Children[k].collect(name, ds)
			k++
		}
	}
}

func (c *ApacheConfig) ignores() ignoreSet { return apacheIgnores(c.Config) }

// conditional sections are read as if their condition held.
var conditionalSections = map[string]bool{
	"ifmodule": true, "ifdefine": true, "ifversion": true, "iffile": true,
	"ifdirective": true, "ifsection": true, "if": true, "elseif": true, "else": true,
}

func newApacheConfig(cfg *apacheconf.Config) *ApacheConfig {
	c := &ApacheConfig{Config: cfg, byName: make(map[string]*[]ApacheDirective), kinds: make(map[string]string)}
	var body []*apacheconf.Directive
	if len(cfg.Files) > 0 {
		body = flattenApache(cfg.Main().Directives)
	}
	c.Main = c.scopes.next()
	c.Main.Body = body
	c.walk(c.Main)
	n := 0
	for _, arr := range c.scopes.arrays {
		n += len(arr)
	}
	c.Scopes = make([]*ApacheScope, 0, n)
	for _, arr := range c.scopes.arrays {
		for i := range arr {
			c.Scopes = append(c.Scopes, &arr[i])
		}
	}
	return c
}

// isConditional reports whether d is a conditional section.
func isConditional(d *apacheconf.Directive) bool {
	var buf [64]byte
	return d.Section && conditionalSections[string(appendLower(buf[:0], d.Name))]
}

func flattenApache(ds []*apacheconf.Directive) []*apacheconf.Directive {
	ds = apacheconf.Expand(ds)
	flat := true
	for _, d := range ds {
		if isConditional(d) {
			flat = false
			break
		}
	}
	if flat {
		return ds
	}
	out := make([]*apacheconf.Directive, 0, len(ds))
	for _, d := range ds {
		if isConditional(d) {
			out = append(out, flattenApache(d.Children)...)
			continue
		}
		out = append(out, d)
	}
	return out
}

// walk fills byName and the scopes nested in s, depth first: the order
// of the scope slab is the order of Scopes.
func (c *ApacheConfig) walk(s *ApacheScope) {
	base := len(c.kids)
	var buf [64]byte
	for _, d := range s.Body {
		key := appendLower(buf[:0], d.Name)
		if apacheIndexedNames[string(key)] {
			l := c.byName[string(key)]
			if l == nil {
				l = new([]ApacheDirective)
				c.byName[string(key)] = l
			}
			*l = appendGrow(*l, ApacheDirective{D: d, Scope: s})
		}
		if !d.Section {
			continue
		}
		kind, ok := c.kinds[string(key)]
		if !ok {
			kind = string(key)
			c.kinds[kind] = kind
		}
		child := c.scopes.next()
		*child = ApacheScope{Section: d, Parent: s, Kind: kind, Body: flattenApache(d.Children)}
		c.kids = append(c.kids, child)
		c.walk(child)
	}
	if len(c.kids) > base {
		s.Children = append([]*ApacheScope(nil), c.kids[base:]...)
		c.kids = c.kids[:base]
	}
}

// Own returns the directives called name (case-insensitive) in this
// scope only. The result may be shared: do not modify it.
func (s *ApacheScope) Own(name string) []*apacheconf.Directive {
	if len(s.Body) >= indexMin {
		if s.index == nil {
			s.index = make(map[string][]*apacheconf.Directive)
			var buf [64]byte
			for _, d := range s.Body {
				if !d.Section {
					k := string(appendLower(buf[:0], d.Name))
					s.index[k] = appendGrow(s.index[k], d)
				}
			}
		}
		var buf [64]byte
		return s.index[string(appendLower(buf[:0], name))]
	}
	// As in NginxScope.Own, adjacent matches are returned as a window of
	// Body.
	first, end := -1, -1
	var out []*apacheconf.Directive
	for i, d := range s.Body {
		if d.Section || !d.Is(name) {
			continue
		}
		switch {
		case first < 0:
			first, end = i, i+1
		case out == nil && i == end:
			end++
		case out == nil:
			out = append(make([]*apacheconf.Directive, 0, end-first+4), s.Body[first:end]...)
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

// appendLower appends s in lower case (ASCII, as httpd compares
// directive names).
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// Inherited returns the last directive called name in this scope or the
// nearest enclosing one: a <VirtualHost> inherits the server config.
func (s *ApacheScope) Inherited(name string) *apacheconf.Directive {
	for sc := s; sc != nil; sc = sc.Parent {
		if ds := sc.Own(name); len(ds) > 0 {
			return ds[len(ds)-1]
		}
	}
	return nil
}

// Walk calls fn for s and every scope nested in it.
func (s *ApacheScope) Walk(fn func(*ApacheScope)) {
	fn(s)
	for _, c := range s.Children {
		c.Walk(fn)
	}
}

// apacheOn reports whether a flag directive is "on".
func apacheOn(d *apacheconf.Directive) bool {
	return len(d.Args) > 0 && strings.EqualFold(d.Args[0].Value, "on")
}

// ProxyRoute is a ProxyPass or ProxyPassMatch mapping.
type ProxyRoute struct {
	D *apacheconf.Directive
	// Path is the local path (or regex for ProxyPassMatch); inside a
	// <Location> it is the section's path.
	Path    string
	PathArg *apacheconf.Arg // nil when the path comes from the section
	URL     string
	URLArg  *apacheconf.Arg
	// Params are the arguments after the URL: key=value worker
	// parameters, read with Param.
	Params []apacheconf.Arg
	Scope  *ApacheScope
}

// Param returns the value of worker parameter key (case-insensitive; the
// last one wins, as in httpd). Routes are read by several rules for
// thousands of hosts, so parameters are looked up in place rather than
// collected into a map each time.
func (r ProxyRoute) Param(key string) (string, bool) {
	for i := len(r.Params) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(r.Params[i].Value, "="); ok && strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// proxyRoute reads a ProxyPass, ProxyPassMatch or ProxyPassReverse
// directive; ok is false for "!" exclusions and malformed lines.
func proxyRoute(ad ApacheDirective) (r ProxyRoute, ok bool) {
	d := ad.D
	r = ProxyRoute{D: d, Scope: ad.Scope}
	args := d.Args
	inSection := ad.Scope.Kind == "location" || ad.Scope.Kind == "locationmatch"
	switch {
	case len(args) >= 1 && inSection && !strings.HasPrefix(args[0].Value, "/"):
		// Inside <Location /p> the path is the section's.
		if len(ad.Scope.Section.Args) > 0 {
			r.Path = ad.Scope.Section.Args[0].Value
		}
		r.URL, r.URLArg = args[0].Value, &args[0]
		args = args[1:]
	case len(args) >= 2:
		r.Path, r.PathArg = args[0].Value, &args[0]
		r.URL, r.URLArg = args[1].Value, &args[1]
		args = args[2:]
	default:
		return r, false
	}
	if r.URL == "!" {
		return r, false
	}
	r.Params = args
	return r, true
}

// urlScheme returns the lower-case scheme of a URL, "" when there is none.
func urlScheme(u string) string {
	i := strings.Index(u, "://")
	if i <= 0 {
		return ""
	}
	return strings.ToLower(u[:i])
}

// urlPath returns the path part of scheme://host/path ("" when absent).
func urlPath(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return u
	}
	rest := u[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 {
		return ""
	}
	return rest[j:]
}

// apacheSeconds reads a Timeout/ProxyTimeout value in seconds.
func apacheSeconds(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
