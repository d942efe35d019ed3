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
