package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/nginxconf"
)

// argsOf lists the first argument of each directive.
func argsOf(ds []*nginxconf.Directive) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Args[0].Value)
	}
	return strings.Join(out, " ")
}

// TestNginxScopeOwn looks names up on levels short enough to scan and
// long enough to index, with matches in a run and spread out, and checks
// that appending to a result leaves the level intact.
func TestNginxScopeOwn(t *testing.T) {
	for _, filler := range []int{0, indexMin} {
		var src strings.Builder
		src.WriteString("server {\n a 1; b 1; a 2; a 3; c 1; a 4; d 1; d 2;\n")
		for i := 0; i < filler; i++ {
			fmt.Fprintf(&src, " f %d;\n", i)
		}
		src.WriteString(" e 1; e 2;\n}\n")
		cfg, err := nginxconf.Parse("t.conf", []byte(src.String()), nginxconf.Options{NoIncludes: true})
		if err != nil {
			t.Fatal(err)
		}
		nc := newNginxConfig(cfg)
		sc := nc.Servers[0].NginxScope
		before := argsOf(sc.Body)
		for _, c := range []struct{ name, want string }{
			{"a", "1 2 3 4"},
			{"b", "1"},
			{"d", "1 2"},
			{"e", "1 2"},
			{"x", ""},
		} {
			got := sc.Own(c.name)
			if argsOf(got) != c.want {
				t.Errorf("%d fillers: Own(%q) = %q, want %q", filler, c.name, argsOf(got), c.want)
			}
			_ = append(got, sc.Body[0])
			if after := argsOf(sc.Body); after != before {
				t.Fatalf("%d fillers: appending to Own(%q) changed the level to %q", filler, c.name, after)
			}
			var last string
			if d := sc.Last(c.name); d != nil {
				last = d.Args[0].Value
			}
			if want := c.want[strings.LastIndex(c.want, " ")+1:]; last != want {
				t.Errorf("%d fillers: Last(%q) = %q, want %q", filler, c.name, last, want)
			}
		}
		var ds []string
		for _, nd := range nc.Directives("a") {
			ds = append(ds, nd.D.Args[0].Value+"@"+nd.Scope.Context)
		}
		if got := strings.Join(ds, " "); got != "1@server 2@server 3@server 4@server" {
			t.Errorf("%d fillers: Directives(a) = %s", filler, got)
		}
	}
}

// TestApacheScopeOwn is TestNginxScopeOwn for Apache, where names match
// whatever their case and sections are not directives of the scope.
func TestApacheScopeOwn(t *testing.T) {
	for _, filler := range []int{0, indexMin} {
		var src strings.Builder
		src.WriteString("A 1\nb 1\na 2\nA 3\n<a x>\n</a>\nc 1\na 4\nD 1\nd 2\n")
		for i := 0; i < filler; i++ {
			fmt.Fprintf(&src, "F %d\n", i)
		}
		src.WriteString("<VirtualHost *:443>\nE 1\n</VirtualHost>\n")
		cfg, err := apacheconf.Parse("t.conf", []byte(src.String()), apacheconf.Options{NoIncludes: true})
		if err != nil {
			t.Fatal(err)
		}
		ac := newApacheConfig(cfg)
		sc := ac.Main
		before := apacheArgs(sc.Body)
		for _, c := range []struct{ name, want string }{
			{"a", "1 2 3 4"},
			{"A", "1 2 3 4"},
			{"B", "1"},
			{"d", "1 2"},
			{"e", ""},
			{"x", ""},
		} {
			got := sc.Own(c.name)
			if apacheArgs(got) != c.want {
				t.Errorf("%d fillers: Own(%q) = %q, want %q", filler, c.name, apacheArgs(got), c.want)
			}
			_ = append(got, sc.Body[0])
			if after := apacheArgs(sc.Body); after != before {
				t.Fatalf("%d fillers: appending to Own(%q) changed the scope to %q", filler, c.name, after)
			}
		}
		vhost := ac.Scopes[len(ac.Scopes)-1]
		for _, c := range []struct{ name, want string }{{"e", "1"}, {"c", "1"}, {"a", "4"}, {"x", ""}} {
			var got string
			if d := vhost.Inherited(c.name); d != nil {
				got = d.Args[0].Value
			}
			if got != c.want {
				t.Errorf("%d fillers: Inherited(%q) = %q, want %q", filler, c.name, got, c.want)
			}
		}
	}
}

// apacheArgs lists the first argument of each directive.
func apacheArgs(ds []*apacheconf.Directive) string {
	var out []string
	for _, d := range ds {
		if len(d.Args) > 0 {
			out = append(out, d.Args[0].Value)
		}
	}
	return strings.Join(out, " ")
}

func TestProxyRouteParam(t *testing.T) {
	cfg, err := apacheconf.Parse("t.conf", []byte("ProxyPass /ws ws://b/ws Timeout=5 upgrade=websocket timeout=30 x key=\n"), apacheconf.Options{NoIncludes: true})
	if err != nil {
		t.Fatal(err)
	}
	ac := newApacheConfig(cfg)
	r, ok := proxyRoute(ac.Directives("proxypass")[0])
	if !ok || r.Path != "/ws" || r.URL != "ws://b/ws" {
		t.Fatalf("route %+v, %v", r, ok)
	}
	for _, c := range []struct {
		key, want string
		ok        bool
	}{{"timeout", "30", true}, {"UPGRADE", "websocket", true}, {"key", "", true}, {"x", "", false}, {"none", "", false}} {
		if v, ok := r.Param(c.key); v != c.want || ok != c.ok {
			t.Errorf("Param(%q) = %q, %v; want %q, %v", c.key, v, ok, c.want, c.ok)
		}
	}
}

// TestApacheDirectives lists directives in file order across nested
// scopes, for names walk indexes and for names found on first use.
func TestApacheDirectives(t *testing.T) {
	src := "A 1\n<VirtualHost *:443>\na 2\n<Location />\nA 3\nProxyPass http://b/\n</Location>\na 4\n</VirtualHost>\nA 5\nProxyPass /x http://b/x\n"
	cfg, err := apacheconf.Parse("t.conf", []byte(src), apacheconf.Options{NoIncludes: true})
	if err != nil {
		t.Fatal(err)
	}
	ac := newApacheConfig(cfg)
	list := func(name string) string {
		var out []string
		for _, ad := range ac.Directives(name) {
			s := ad.D.Name + "@" + ad.Scope.Kind
			if len(ad.D.Args) > 0 {
				s = ad.D.Args[0].Value + s
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct{ name, want string }{
		{"a", "1A@ 2a@virtualhost 3A@location 4a@virtualhost 5A@"},
		{"A", "1A@ 2a@virtualhost 3A@location 4a@virtualhost 5A@"},
		{"PROXYPASS", "http://b/ProxyPass@location /xProxyPass@"},
		{"virtualhost", "*:443VirtualHost@"},
		{"nope", ""},
		{"ProxyPassMatch", ""},
	} {
		for range 2 { // the second call reads what the first stored
			if got := list(c.name); got != c.want {
				t.Errorf("Directives(%q) = %q, want %q", c.name, got, c.want)
			}
		}
	}
}
