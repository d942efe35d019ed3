package nginxconf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
)

// span formats a range as "line:col-line:col".
func span(r source.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}

// render writes directives one per line as
//
//	"name"@NAMERANGE [RANGE] ARG... {
//
// where an argument is its Go-quoted value prefixed by d or s when it was
// double- or single-quoted, followed by @RANGE. Blocks end with " {" and
// list their children indented; raw bodies end with raw="...".
func render(ds []*Directive) string {
	var b strings.Builder
	var walk func([]*Directive, string)
	walk = func(ds []*Directive, indent string) {
		for _, d := range ds {
			fmt.Fprintf(&b, "%s%q@%s [%s]", indent, d.Name, span(d.NameRange), span(d.Range))
			for _, a := range d.Args {
				prefix := ""
				switch a.Quote {
				case '"':
					prefix = "d"
				case '\'':
					prefix = "s"
				}
				fmt.Fprintf(&b, " %s%q@%s", prefix, a.Value, span(a.Range))
			}
			switch {
			case d.Raw:
				fmt.Fprintf(&b, " raw=%q", d.RawBody)
			case d.IsBlock():
				b.WriteString(" {")
			}
			b.WriteString("\n")
			walk(d.Block, indent+"  ")
		}
	}
	walk(ds, "")
	return b.String()
}

// checkRanges verifies every range in f against f.Src: offsets inside
// the text, line and column agreeing with the offset, starts before ends,
// arguments inside their directive and children inside their block.
func checkRanges(f *File) error {
	lineStarts := []int{0}
	for i, c := range f.Src {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	checkPos := func(what string, p source.Pos) error {
		off := int(p.Offset)
		if off < 0 || off > len(f.Src) {
			return fmt.Errorf("%s: offset %d outside 0..%d", what, off, len(f.Src))
		}
		line := 0
		for line+1 < len(lineStarts) && lineStarts[line+1] <= off {
			line++
		}
		if int(p.Line) != line+1 || int(p.Column) != off-lineStarts[line]+1 {
			return fmt.Errorf("%s: offset %d is %d:%d, not %d:%d", what, off, line+1, off-lineStarts[line]+1, p.Line, p.Column)
		}
		return nil
	}
	checkRange := func(what string, r source.Range) error {
		if r.File.String() != f.Path {
			return fmt.Errorf("%s: file %q, want %q", what, r.File, f.Path)
		}
		if err := checkPos(what+" start", r.Start); err != nil {
			return err
		}
		if err := checkPos(what+" end", r.End); err != nil {
			return err
		}
		if r.Start.Offset > r.End.Offset {
			return fmt.Errorf("%s: starts at %d after its end %d", what, r.Start.Offset, r.End.Offset)
		}
		return nil
	}
	within := func(what string, inner, outer source.Range) error {
		if inner.Start.Offset < outer.Start.Offset || inner.End.Offset > outer.End.Offset {
			return fmt.Errorf("%s %s lies outside %s", what, span(inner), span(outer))
		}
		return nil
	}
	var walk func([]*Directive, *source.Range) error
	walk = func(ds []*Directive, parent *source.Range) error {
		prevEnd := int32(0)
		for _, d := range ds {
			what := fmt.Sprintf("%s %q at %s", f.Path, d.Name, span(d.Range))
			for _, r := range []source.Range{d.Range, d.NameRange} {
				if err := checkRange(what, r); err != nil {
					return err
				}
			}
			if d.Range.Start.Offset < prevEnd {
				return fmt.Errorf("%s overlaps the directive before it", what)
			}
			prevEnd = d.Range.End.Offset
			if parent != nil {
				if err := within(what, d.Range, *parent); err != nil {
					return err
				}
			}
			if err := within(what+" name", d.NameRange, d.Range); err != nil {
				return err
			}
			argEnd := d.NameRange.End.Offset
			for i, a := range d.Args {
				aw := fmt.Sprintf("%s arg %d", what, i)
				if err := checkRange(aw, a.Range); err != nil {
					return err
				}
				if err := within(aw, a.Range, d.Range); err != nil {
					return err
				}
				if a.Range.Start.Offset < argEnd {
					return fmt.Errorf("%s starts before the previous token ends", aw)
				}
				argEnd = a.Range.End.Offset
			}
			if err := walk(d.Block, &d.Range); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range f.Comments {
		if err := checkRange(f.Path+" comment", c.Range); err != nil {
			return err
		}
	}
	return walk(f.Directives, nil)
}

// mustParse parses src as t.conf without includes and checks its ranges.
func mustParse(t *testing.T, src string) *File {
	t.Helper()
	cfg, err := Parse("t.conf", []byte(src), Options{NoIncludes: true})
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	if err := checkRanges(cfg.Main()); err != nil {
		t.Fatal(err)
	}
	return cfg.Main()
}

func TestParseConstructs(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			name: "simple directive",
			src:  "listen 443 ssl;\n",
			want: `"listen"@1:1-1:7 [1:1-1:16] "443"@1:8-1:11 "ssl"@1:12-1:15` + "\n",
		},
		{
			name: "nested blocks",
			src:  "http {\n  server {\n    listen 80;\n  }\n}\n",
			want: `"http"@1:1-1:5 [1:1-5:2] {
  "server"@2:3-2:9 [2:3-4:4] {
    "listen"@3:5-3:11 [3:5-3:15] "80"@3:12-3:14
`,
		},
		{
			name: "empty block",
			src:  "events {}",
			want: `"events"@1:1-1:7 [1:1-1:10] {` + "\n",
		},
		{
			name: "quoted directive name",
			src:  `"listen" 80;`,
			want: `"listen"@1:1-1:9 [1:1-1:13] "80"@1:10-1:12` + "\n",
		},
		{
			name: "quotes and escapes",
			src:  `a "x\"y" 'p\'q' "t\tb" "n\\d" \d "s\q";`,
			want: `"a"@1:1-1:2 [1:1-1:40] d"x\"y"@1:3-1:9 s"p'q"@1:10-1:16 d"t\tb"@1:17-1:23 d"n\\d"@1:24-1:30 "\\d"@1:31-1:33 d"s\\q"@1:34-1:39` + "\n",
		},
		{
			name: "backslash keeps a space and a semicolon in a bare word",
			src:  `set $x a\ b\;c;`,
			want: `"set"@1:1-1:4 [1:1-1:16] "$x"@1:5-1:7 "a\\ b\\;c"@1:8-1:15` + "\n",
		},
		{
			name: "quoted string across lines",
			src:  "a \"x\ny\" z;",
			want: `"a"@1:1-1:2 [1:1-2:6] d"x\ny"@1:3-2:3 "z"@2:4-2:5` + "\n",
		},
		{
			name: "quotes inside a word are plain characters",
			src:  `x a"b c'd;`,
			want: `"x"@1:1-1:2 [1:1-1:11] "a\"b"@1:3-1:6 "c'd"@1:7-1:10` + "\n",
		},
		{
			name: "closing brace inside a word",
			src:  "return 200 a}b;",
			want: `"return"@1:1-1:7 [1:1-1:16] "200"@1:8-1:11 "a}b"@1:12-1:15` + "\n",
		},
		{
			name: "variables stay literal and ${} is no block",
			src:  "set $a ${b}c;",
			want: `"set"@1:1-1:4 [1:1-1:14] "$a"@1:5-1:7 "${b}c"@1:8-1:13` + "\n",
		},
		{
			name: "if condition keeps its parentheses",
			src:  `if ($http_upgrade = "websocket") { return 403; }`,
			want: `"if"@1:1-1:3 [1:1-1:49] "($http_upgrade"@1:4-1:18 "="@1:19-1:20 d"websocket"@1:21-1:32 ")"@1:32-1:33 {
  "return"@1:36-1:42 [1:36-1:47] "403"@1:43-1:46
`,
		},
		{
			name: "map",
			src: `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
    ~^foo   1;
}
`,
			want: `"map"@1:1-1:4 [1:1-5:2] "$http_upgrade"@1:5-1:18 "$connection_upgrade"@1:19-1:38 {
  "default"@2:5-2:12 [2:5-2:21] "upgrade"@2:13-2:20
  ""@3:5-3:7 [3:5-3:19] "close"@3:13-3:18
  "~^foo"@4:5-4:10 [4:5-4:15] "1"@4:13-4:14
`,
		},
		{
			name: "split_clients",
			src: `split_clients "${remote_addr}AAA" $variant {
    0.5%  .one;
    *     "";
}`,
			want: `"split_clients"@1:1-1:14 [1:1-4:2] d"${remote_addr}AAA"@1:15-1:34 "$variant"@1:35-1:43 {
  "0.5%"@2:5-2:9 [2:5-2:16] ".one"@2:11-2:15
  "*"@3:5-3:6 [3:5-3:14] d""@3:11-3:13
`,
		},
		{
			name: "geo",
			src: `geo $geo {
    default        0;
    127.0.0.1/32   2;
}`,
			want: `"geo"@1:1-1:4 [1:1-4:2] "$geo"@1:5-1:9 {
  "default"@2:5-2:12 [2:5-2:22] "0"@2:20-2:21
  "127.0.0.1/32"@3:5-3:17 [3:5-3:22] "2"@3:20-3:21
`,
		},
		{
			name: "types",
			src: `types {
    text/html  html htm;
    application/javascript js;
}`,
			want: `"types"@1:1-1:6 [1:1-4:2] {
  "text/html"@2:5-2:14 [2:5-2:25] "html"@2:16-2:20 "htm"@2:21-2:24
  "application/javascript"@3:5-3:27 [3:5-3:31] "js"@3:28-3:30
`,
		},
		{
			name: "lua blocks are kept raw",
			src: `content_by_lua_block {
    local s = "}" -- a brace: }
    local t = [[ } ]] --[==[ } ]==]
    if x then ngx.say('{', "\"}") end
    local tbl = { a = { 1 } }
}
set_by_lua_block $res { return 1 }
log_by_lua_block { -- }
}
after;
`,
			want: `"content_by_lua_block"@1:1-1:21 [1:1-6:2] raw="\n    local s = \"}\" -- a brace: }\n    local t = [[ } ]] --[==[ } ]==]\n    if x then ngx.say('{', \"\\\"}\") end\n    local tbl = { a = { 1 } }\n"
"set_by_lua_block"@7:1-7:17 [7:1-7:35] "$res"@7:18-7:22 raw=" return 1 "
"log_by_lua_block"@8:1-8:17 [8:1-9:2] raw=" -- }\n"
"after"@10:1-10:6 [10:1-10:7]
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src)
			if got := render(f.Directives); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestParseComments(t *testing.T) {
	src := "# top\n" +
		"a b; # trailing\n" +
		"c d#e \"f#g\"; #x\n" +
		"#\n" +
		"e # mid\n" +
		"  f;\n"
	f := mustParse(t, src)
	wantDirs := `"a"@2:1-2:2 [2:1-2:5] "b"@2:3-2:4
"c"@3:1-3:2 [3:1-3:13] "d#e"@3:3-3:6 d"f#g"@3:7-3:12
"e"@5:1-5:2 [5:1-6:5] "f"@6:3-6:4
`
	if got := render(f.Directives); got != wantDirs {
		t.Errorf("directives:\n%s\nwant:\n%s", got, wantDirs)
	}
	var got []string
	for _, c := range f.Comments {
		got = append(got, fmt.Sprintf("%q@%s", c.Text, span(c.Range)))
	}
	want := []string{`" top"@1:1-1:6`, `" trailing"@2:6-2:16`, `"x"@3:14-3:16`, `""@4:1-4:2`, `" mid"@5:3-5:8`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("comments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseCRLF(t *testing.T) {
	f := mustParse(t, "a b;\r\n# c\r\nd;\r\n")
	want := `"a"@1:1-1:2 [1:1-1:5] "b"@1:3-1:4
"d"@3:1-3:2 [3:1-3:3]
`
	if got := render(f.Directives); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(f.Comments) != 1 || f.Comments[0].Text != " c" || span(f.Comments[0].Range) != "2:1-2:4" {
		t.Errorf("comments = %+v, want one \" c\" at 2:1-2:4 without the CR", f.Comments)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"a b }", `t.conf:1:5: unexpected "}", expecting ";" or "{"`},
		{"}", `t.conf:1:1: unexpected "}"`},
		{"a {\n b;\n", `t.conf:3:1: unexpected end of file, expecting "}"`},
		{"a b", `t.conf:1:4: unexpected end of file, expecting ";" or "}"`},
		{"a \"b\"", `t.conf:1:6: unexpected end of file, expecting ";" or "}"`},
		{"a b}", `t.conf:1:5: unexpected end of file, expecting ";" or "}"`},
		{"a b\\", `t.conf:1:5: unexpected end of file, expecting ";" or "}"`},
		{"a \"b;\n", `t.conf:1:3: unterminated quoted string`},
		{"a 'b", `t.conf:1:3: unterminated quoted string`},
		{"a \"b\"c;", `t.conf:1:6: unexpected "c" after the closing quote, expecting a space, ";" or "{"`},
		{"a \"b\"#c;", `t.conf:1:6: unexpected "#" after the closing quote, expecting a space, ";" or "{"`},
		{"a 'b'}", `t.conf:1:6: unexpected "}" after the closing quote, expecting a space, ";" or "{"`},
		{`"a""b";`, `t.conf:1:4: unexpected "\"" after the closing quote, expecting a space, ";" or "{"`},
		{";", `t.conf:1:1: unexpected ";", expecting a directive name`},
		{"{}", `t.conf:1:1: unexpected "{", expecting a directive name`},
		{"x;;", `t.conf:1:3: unexpected ";", expecting a directive name`},
		{"server {\n  location / {\n    return 200 ok\n  }\n}\n", `t.conf:4:3: unexpected "}", expecting ";" or "{"`},
		{"a \"x\ny\"z;", `t.conf:2:3: unexpected "z" after the closing quote, expecting a space, ";" or "{"`},
		// Columns count bytes: "ñ" takes two.
		{"# ñ\nserver_name ñ }", `t.conf:2:16: unexpected "}", expecting ";" or "{"`},
		{"content_by_lua_block {\n  x = \"}\"\n", `t.conf:3:1: unexpected end of file in Lua block of "content_by_lua_block", expecting "}"`},
		{"a\n" + strings.Repeat("b", 4096) + ";", `t.conf:2:1: too long parameter "bbbbbbbbbb"...: nginx rejects parameters of about 4096 bytes or more`},
		{"a \"b;\n" + strings.Repeat("c d;\n", 1000) + "e \"f\";", `t.conf:1:3: too long parameter "\"b;\nc d;\nc"...: nginx rejects parameters of about 4096 bytes or more (is a closing quote missing?)`},
		{"#" + strings.Repeat("c", 4095) + "\nx;", `t.conf:1:1: too long comment: nginx rejects comments of 4096 bytes or more`},
	}
	for _, tt := range tests {
		_, err := Parse("t.conf", []byte(tt.src), Options{NoIncludes: true})
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error %s", tt.src, tt.want)
			continue
		}
		var se *source.Error
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error %T is not a *source.Error", tt.src, err)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestLongParameters pins nginx's buffer limit, which depends on what
// follows the token; TestNginxSyntaxAgreement checks the same cases
// against the real nginx.
func TestLongParameters(t *testing.T) {
	for _, c := range longCases() {
		_, err := Parse("t.conf", []byte(c.src), Options{NoIncludes: true})
		if got := err == nil; got != c.ok {
			t.Errorf("%s: accepted = %v, want %v (err %v)", c.name, got, c.ok, err)
		}
	}
}

type syntaxCase struct {
	name string
	src  string
	ok   bool
}

// longCases returns tokens and comments around nginx's 4096-byte buffer,
// behind paddings that shift where its buffer boundaries fall.
func longCases() []syntaxCase {
	var body []syntaxCase
	for _, c := range []struct {
		n    int
		term string
		ok   bool
	}{{4094, " ;", true}, {4095, ";", true}, {4095, " ;", false}, {4095, "\n;", false}, {4096, ";", false}} {
		body = append(body, syntaxCase{fmt.Sprintf("bare %d %q", c.n, c.term), "add_header X-Long " + strings.Repeat("a", c.n) + c.term + "\n", c.ok})
	}
	for _, c := range []struct {
		n    int
		term string
		ok   bool
	}{{4093, " ;", true}, {4094, ";", true}, {4094, " ;", false}, {4095, ";", false}} {
		body = append(body, syntaxCase{fmt.Sprintf("quoted %d %q", c.n, c.term), `add_header X-Long "` + strings.Repeat("a", c.n) + `"` + c.term + "\n", c.ok})
	}
	body = append(body,
		syntaxCase{"comment 4095", "#" + strings.Repeat("c", 4094) + "\nserver_tokens off;\n", true},
		syntaxCase{"comment 4096", "#" + strings.Repeat("c", 4095) + "\nserver_tokens off;\n", false},
	)
	var out []syntaxCase
	for _, pad := range []int{0, 7, 4000, 4097} {
		var p strings.Builder
		for n := pad; n > 0; n -= 64 {
			p.WriteString("#" + strings.Repeat("p", min(n, 64)-1) + "\n")
		}
		for _, c := range body {
			out = append(out, syntaxCase{fmt.Sprintf("%s after %d bytes", c.name, pad), p.String() + c.src, c.ok})
		}
	}
	return out
}

func TestParseSeedFAQ(t *testing.T) {
	cfg, err := ParseFile(filepath.Join("testdata", "seed-faq.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Main()
	if err := checkRanges(f); err != nil {
		t.Fatal(err)
	}
	if len(f.Directives) != 1 || f.Directives[0].Name != "server" {
		t.Fatalf("top level = %s, want one server block", render(f.Directives))
	}
	server := f.Directives[0]
	if got := span(server.Range); got != "1:1-23:2" {
		t.Errorf("server range %s, want 1:1-23:2", got)
	}
	var names []string
	for _, d := range server.Block {
		names = append(names, d.Name)
	}
	wantNames := "listen ssl ssl_certificate ssl_certificate_key ssl_session_timeout ssl_session_cache ssl_protocols ssl_ciphers location"
	if got := strings.Join(names, " "); got != wantNames {
		t.Errorf("server directives:\n %s\nwant\n %s", got, wantNames)
	}
	loc := server.Block[len(server.Block)-1]
	// The brace of "location /wss" sits on the next line.
	want := `"location"@13:3-13:11 [13:3-20:4] "/wss"@13:12-13:16 {
  "proxy_pass"@15:5-15:15 [15:5-15:38] "http://127.0.0.1:8282"@15:16-15:37
  "proxy_http_version"@16:5-16:23 [16:5-16:28] "1.1"@16:24-16:27
  "proxy_set_header"@17:5-17:21 [17:5-17:44] "Upgrade"@17:22-17:29 "$http_upgrade"@17:30-17:43
  "proxy_set_header"@18:5-18:21 [18:5-18:43] "Connection"@18:22-18:32 d"Upgrade"@18:33-18:42
  "proxy_set_header"@19:5-19:21 [19:5-19:45] "X-Real-IP"@19:22-19:31 "$remote_addr"@19:32-19:44
`
	if got := render([]*Directive{loc}); got != want {
		t.Errorf("location:\n%s\nwant:\n%s", got, want)
	}
	if len(f.Comments) != 2 {
		t.Fatalf("comments = %+v, want 2", f.Comments)
	}
	// "configuración" holds a two-byte character, so the end column is
	// one more than the character count.
	c := f.Comments[1]
	if c.Text != " location / {} Resto de la configuración del sitio web..." || span(c.Range) != "22:3-22:62" {
		t.Errorf("second comment %q at %s", c.Text, span(c.Range))
	}
}

func TestParseFileMissing(t *testing.T) {
	_, err := ParseFile(filepath.Join(t.TempDir(), "nope.conf"), Options{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want one wrapping fs.ErrNotExist", err)
	}
}

// writeTree creates files (slash-separated paths) under a new temporary
// directory and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func filePaths(cfg *Config, dir string) []string {
	var out []string
	for _, f := range cfg.Files {
		rel, err := filepath.Rel(dir, f.Path)
		if err != nil {
			rel = f.Path
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

func names(ds []*Directive) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return strings.Join(out, " ")
}

func TestIncludeGlob(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"nginx.conf": `events {}
http {
    include mime.types;
    include conf.d/*.conf;
    include empty.d/*.conf;
}
`,
		"mime.types":            "types { text/html html; }\n",
		"conf.d/b.conf":         "server { listen 8443; }\n",
		"conf.d/a.conf":         "server {\n    listen 443 ssl;\n    include snippets/ws.conf;\n}\n",
		"conf.d/.a.conf.swp":    "not { valid",
		"conf.d/notes.txt":      "not { valid",
		"snippets/ws.conf":      "proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\n",
		"snippets/unused.conf":  "not { valid",
		"conf.d/sub/deep.conf":  "not { valid",
		"conf.d/.hidden/x.conf": "not { valid",
	})
	cfg, err := ParseFile(filepath.Join(dir, "nginx.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Included files are read where the include stands, and relative
	// paths resolve against the main file's directory even from
	// conf.d/a.conf.
	want := "nginx.conf mime.types conf.d/a.conf snippets/ws.conf conf.d/b.conf"
	if got := strings.Join(filePaths(cfg, dir), " "); got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	for _, f := range cfg.Files {
		if err := checkRanges(f); err != nil {
			t.Error(err)
		}
	}
	http := cfg.Main().Directives[1]
	if got := names(http.Children()); got != "types server server" {
		t.Errorf("http children = %s", got)
	}
	inc := http.Block[1]
	if len(inc.Included) != 2 || inc.Included[0] != cfg.Files[2] || inc.Included[1] != cfg.Files[4] {
		t.Errorf("conf.d include resolved to %v", inc.Included)
	}
	if empty := http.Block[2]; empty.Included == nil || len(empty.Included) != 0 {
		t.Errorf("a pattern matching nothing should resolve to an empty, non-nil list, got %#v", empty.Included)
	}
	server := http.Children()[1]
	if got := names(server.Children()); got != "listen proxy_http_version proxy_set_header" {
		t.Errorf("server children = %s", got)
	}
	psh := server.Children()[2]
	if got, want := psh.Range.String(), filepath.Join(dir, "snippets", "ws.conf")+":2:1"; got != want {
		t.Errorf("proxy_set_header at %s, want %s", got, want)
	}
}

func TestIncludeMissingFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"nginx.conf": "http {\n    include missing.conf;\n}\n",
	})
	main := filepath.Join(dir, "nginx.conf")
	_, err := ParseFile(main, Options{})
	var se *source.Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a *source.Error", err)
	}
	if got, want := se.Range.String(), main+":2:5"; got != want {
		t.Errorf("error at %s, want %s", got, want)
	}
	if !strings.Contains(se.Message, "cannot read included file") || !strings.Contains(se.Message, filepath.Join(dir, "missing.conf")) {
		t.Errorf("message %q should say which file could not be read", se.Message)
	}
}

func TestIncludeErrorInIncludedFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"nginx.conf":    "http {\n    include conf.d/*.conf;\n}\n",
		"conf.d/a.conf": "server {\n    listen 80\n}\n",
	})
	_, err := ParseFile(filepath.Join(dir, "nginx.conf"), Options{})
	want := filepath.Join(dir, "conf.d", "a.conf") + `:3:1: unexpected "}", expecting ";" or "{"`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

func TestIncludeCycle(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		at    string // file:line:col of the error, relative to the tree
		chain []string
	}{
		{
			name:  "file includes itself",
			files: map[string]string{"main.conf": "include main.conf;\n"},
			at:    "main.conf:1:1",
			chain: []string{"main.conf", "main.conf"},
		},
		{
			name: "through two files",
			files: map[string]string{
				"main.conf": "http {\n    include b.conf;\n}\n",
				"b.conf":    "include c.conf;\n",
				"c.conf":    "\n\ninclude main.conf;\n",
			},
			at:    "c.conf:3:1",
			chain: []string{"main.conf", "b.conf", "c.conf", "main.conf"},
		},
		{
			name: "through a pattern",
			files: map[string]string{
				"main.conf":     "include conf.d/*.conf;\n",
				"conf.d/a.conf": "server { include conf.d/*.conf; }\n",
			},
			at:    "conf.d/a.conf:1:10",
			chain: []string{"conf.d/a.conf", "conf.d/a.conf"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, tt.files)
			_, err := ParseFile(filepath.Join(dir, "main.conf"), Options{})
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *source.Error", err)
			}
			if got, want := se.Range.String(), filepath.Join(dir, tt.at); got != want {
				t.Errorf("error at %s, want %s", got, want)
			}
			var chain []string
			for _, c := range tt.chain {
				chain = append(chain, filepath.Join(dir, c))
			}
			if want := "include cycle: " + strings.Join(chain, " includes "); se.Message != want {
				t.Errorf("message %q, want %q", se.Message, want)
			}
		})
	}
}

func TestIncludeSameFileTwice(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"nginx.conf": "server { include ws.conf; }\nserver { include ./ws.conf; }\n",
		"ws.conf":    "proxy_http_version 1.1;\n",
	})
	cfg, err := ParseFile(filepath.Join(dir, "nginx.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(filePaths(cfg, dir), " "); got != "nginx.conf ws.conf" {
		t.Errorf("files = %s, want each once", got)
	}
	a := cfg.Main().Directives[0].Block[0].Included
	b := cfg.Main().Directives[1].Block[0].Included
	if len(a) != 1 || len(b) != 1 || a[0] != b[0] {
		t.Errorf("both include sites should resolve to the one parsed file: %v %v", a, b)
	}
	for _, s := range cfg.Main().Directives {
		if got := names(s.Children()); got != "proxy_http_version" {
			t.Errorf("server children = %s", got)
		}
	}
}

func TestIncludeRootOption(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"etc/nginx.conf":    "include snip.conf;\n",
		"prefix/snip.conf":  "worker_processes 2;\n",
		"etc/unrelated.txt": "",
	})
	main := filepath.Join(dir, "etc", "nginx.conf")
	cfg, err := ParseFile(main, Options{IncludeRoot: filepath.Join(dir, "prefix")})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(filePaths(cfg, dir), " "); got != "etc/nginx.conf prefix/snip.conf" {
		t.Errorf("files = %s", got)
	}
	if _, err := ParseFile(main, Options{}); err == nil {
		t.Error("without IncludeRoot the include resolves next to the main file, where snip.conf is missing; want an error")
	}
}

func TestNoIncludes(t *testing.T) {
	src := "http {\n    include missing/*.conf;\n    include missing.conf;\n}\n"
	cfg, err := Parse("t.conf", []byte(src), Options{
		NoIncludes: true,
		ReadFile:   func(string) ([]byte, error) { t.Error("ReadFile called"); return nil, fs.ErrNotExist },
		Glob:       func(string) ([]string, error) { t.Error("Glob called"); return nil, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Files) != 1 {
		t.Errorf("files = %d, want 1", len(cfg.Files))
	}
	for _, d := range cfg.Main().Directives[0].Block {
		if d.Included != nil {
			t.Errorf("%s resolved although NoIncludes is set", span(d.Range))
		}
	}
	if got := names(cfg.Main().Directives[0].Children()); got != "include include" {
		t.Errorf("unresolved includes should stay in Children, got %s", got)
	}
}

func TestIncludeCustomReadFileAndGlob(t *testing.T) {
	files := map[string]string{
		"/virtual/nginx.conf":        "http { include sites/*; include wrong number; }\n",
		"/virtual/sites/b":           "server { listen 2; }\n",
		"/virtual/sites/a":           "server { listen 1; }\n",
		"/virtual/sites/.editor.swp": "not { valid",
	}
	var globbed string
	opts := Options{
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		Glob: func(pattern string) ([]string, error) {
			globbed = pattern
			// Unsorted, with a hidden file: the parser must sort and
			// filter as glob(3) does.
			return []string{"/virtual/sites/b", "/virtual/sites/.editor.swp", "/virtual/sites/a"}, nil
		},
	}
	cfg, err := ParseFile("/virtual/nginx.conf", opts)
	if err != nil {
		t.Fatal(err)
	}
	if globbed != "/virtual/sites/*" {
		t.Errorf("Glob called with %q", globbed)
	}
	if got := strings.Join(filePaths(cfg, "/virtual"), " "); got != "nginx.conf sites/a sites/b" {
		t.Errorf("files = %s", got)
	}
	if wrong := cfg.Main().Directives[0].Block[1]; wrong.Included != nil {
		t.Errorf("an include with two arguments should stay unresolved")
	}
}

const dumpText = `nginx: the configuration file /etc/nginx/nginx.conf syntax is ok
nginx: configuration file /etc/nginx/nginx.conf test is successful
# configuration file /etc/nginx/nginx.conf:
user www-data;
http {
    include mime.types;
    include /etc/nginx/sites-enabled/*;
}

# configuration file /etc/nginx/mime.types:
types {
    text/html html;
}

# configuration file /etc/nginx/sites-enabled/wss:
server {
    listen 443 ssl;
    location /ws { proxy_pass http://127.0.0.1:8282; }
}

`

func TestParseDump(t *testing.T) {
	noDisk := Options{
		ReadFile: func(p string) ([]byte, error) { t.Errorf("read %s from disk", p); return nil, fs.ErrNotExist },
		Glob:     func(p string) ([]string, error) { t.Errorf("globbed %s on disk", p); return nil, nil },
	}
	cfg, err := Parse("nginx-T.txt", []byte(dumpText), noDisk)
	if err != nil {
		t.Fatal(err)
	}
	wantSrc := map[string]string{
		"/etc/nginx/nginx.conf":        "user www-data;\nhttp {\n    include mime.types;\n    include /etc/nginx/sites-enabled/*;\n}\n",
		"/etc/nginx/mime.types":        "types {\n    text/html html;\n}\n",
		"/etc/nginx/sites-enabled/wss": "server {\n    listen 443 ssl;\n    location /ws { proxy_pass http://127.0.0.1:8282; }\n}\n",
	}
	var paths []string
	for _, f := range cfg.Files {
		paths = append(paths, f.Path)
	}
	if got, want := strings.Join(paths, " "), "/etc/nginx/nginx.conf /etc/nginx/mime.types /etc/nginx/sites-enabled/wss"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	for _, f := range cfg.Files {
		if f.Src != wantSrc[f.Path] {
			t.Errorf("%s text = %q, want %q", f.Path, f.Src, wantSrc[f.Path])
		}
		if err := checkRanges(f); err != nil {
			t.Error(err)
		}
	}
	http := cfg.Main().Directives[1]
	server := http.Children()[1]
	listen := server.Block[0]
	if got := listen.Range.String(); got != "/etc/nginx/sites-enabled/wss:2:5" {
		t.Errorf("listen at %s", got)
	}
	if got := http.Range.String(); got != "/etc/nginx/nginx.conf:2:1" {
		t.Errorf("http at %s", got)
	}
}

func TestParseDumpEdges(t *testing.T) {
	// Files without a final newline, a relative include resolved against
	// the main file's directory, an empty file and a file no include
	// reaches; no "nginx:" lines, as with "nginx -T 2>/dev/null".
	src := "# configuration file /srv/ngx/nginx.conf:\n" +
		"http {\n    include mime.types;\n    include empty.conf;\n}\n" +
		"# configuration file /srv/ngx/mime.types:\n" +
		"types {}\n" +
		"# configuration file /srv/ngx/empty.conf:\n" +
		"\n" +
		"# configuration file /srv/ngx/extra.conf:\n" +
		"server {}\n"
	cfg, err := Parse("-", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range cfg.Files {
		got = append(got, fmt.Sprintf("%s=%q", f.Path, f.Src))
	}
	want := []string{
		`/srv/ngx/nginx.conf="http {\n    include mime.types;\n    include empty.conf;\n}"`,
		`/srv/ngx/mime.types="types {}"`,
		`/srv/ngx/empty.conf=""`,
		`/srv/ngx/extra.conf="server {}"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	errs := []struct{ name, src, want string }{
		{
			"failed test",
			"nginx: [emerg] unexpected \"}\" in /etc/nginx/nginx.conf:3\nnginx: configuration file /etc/nginx/nginx.conf test failed\n",
			`dump.txt:1:1: this looks like "nginx -T" output but holds no "# configuration file" sections (did the test fail?)`,
		},
		{
			"include missing from the dump",
			"# configuration file /a/nginx.conf:\nhttp {\n  include other.conf;\n}\n\n",
			"/a/nginx.conf:2:3: cannot read included file: /a/other.conf is not in the nginx -T output: file does not exist",
		},
		{
			"syntax error in a dumped file",
			"# configuration file /a/nginx.conf:\ninclude x.conf;\n\n# configuration file /a/x.conf:\nserver {\n\n",
			`/a/x.conf:2:1: unexpected end of file, expecting "}"`,
		},
	}
	for _, tt := range errs {
		_, err := Parse("dump.txt", []byte(tt.src), Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: err = %v\nwant %s", tt.name, err, tt.want)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, `plain`},
		{`a\"b`, `a"b`},
		{`a\'b`, `a'b`},
		{`a\\b`, `a\b`},
		{`a\tb\rc\nd`, "a\tb\rc\nd"},
		{`\d+\.\w`, `\d+\.\w`},
		{`\\\"`, `\"`},
		{`x\`, `x\`},
	}
	for _, tt := range tests {
		if got := unescape(tt.in); got != tt.want {
			t.Errorf("unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArgsDoNotAlias(t *testing.T) {
	f := mustParse(t, "a 1;\nb 2;\n")
	a := f.Directives[0]
	a.Args = append(a.Args, Arg{Value: "x"})
	if got := f.Directives[1].Args[0].Value; got != "2" {
		t.Errorf("appending to one directive's Args changed the next one's to %q", got)
	}
}

func TestParseFixtures(t *testing.T) {
	t.Run("wss-proxy.conf", func(t *testing.T) {
		// Includes point at /etc/nginx; the fixture is read on its own.
		cfg, err := ParseFile(filepath.Join("testdata", "wss-proxy.conf"), Options{NoIncludes: true})
		if err != nil {
			t.Fatal(err)
		}
		f := cfg.Main()
		if err := checkRanges(f); err != nil {
			t.Fatal(err)
		}
		if got := names(f.Directives); got != "user worker_processes pid include events http" {
			t.Errorf("top level = %s", got)
		}
		http := f.Directives[5]
		if got := names(http.Block); got != "sendfile tcp_nopush types_hash_max_size server_tokens include default_type ssl_protocols ssl_prefer_server_ciphers access_log error_log gzip map upstream server server" {
			t.Errorf("http = %s", got)
		}
		tls := http.Block[len(http.Block)-1]
		var health, ws, static *Directive
		for _, d := range tls.Block {
			if d.Name == "location" {
				switch {
				case health == nil:
					health = d
				case ws == nil:
					ws = d
				default:
					static = d
				}
			}
		}
		if health == nil || ws == nil || static == nil {
			t.Fatalf("want three locations in %s", names(tls.Block))
		}
		if ret := health.Block[1]; ret.Name != "return" || ret.Args[1].Value != "ok\n" || ret.Args[1].Quote != '"' {
			t.Errorf(`"ok\n" should unescape to a newline: %s`, render([]*Directive{ret}))
		}
		want := `"if"@67:4-67:6 [67:4-69:5] "($http_upgrade"@67:7-67:21 "!="@67:22-67:24 d"websocket"@67:25-67:36 ")"@67:36-67:37 {
  "return"@68:5-68:11 [68:5-68:16] "426"@68:12-68:15
`
		if got := render(ws.Block[:1]); got != want {
			t.Errorf("if block:\n%s\nwant:\n%s", got, want)
		}
		if got := static.ArgValues(); len(got) != 2 || got[1] != `\.(?:css|js|png|svg)$` {
			t.Errorf("regex location args = %q: backslashes before other characters must stay", got)
		}
		if len(f.Comments) != 3 {
			t.Errorf("comments = %d, want 3", len(f.Comments))
		}
	})
	t.Run("lua.conf", func(t *testing.T) {
		cfg, err := ParseFile(filepath.Join("testdata", "lua.conf"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		f := cfg.Main()
		if err := checkRanges(f); err != nil {
			t.Fatal(err)
		}
		http := f.Directives[0]
		loc := http.Block[2].Block[1]
		if got := names(loc.Block); got != "access_by_lua_block set_by_lua_block proxy_pass" {
			t.Fatalf("location = %s", got)
		}
		access, set, pass := loc.Block[0], loc.Block[1], loc.Block[2]
		if !access.Raw || access.Block != nil || span(access.Range) != "15:13-25:14" {
			t.Errorf("access_by_lua_block: raw=%v range %s, want raw 15:13-25:14", access.Raw, span(access.Range))
		}
		if !strings.HasPrefix(access.RawBody, "\n                -- reject clients without a token: }\n") ||
			!strings.HasSuffix(access.RawBody, "]==]\n            ") {
			t.Errorf("access_by_lua_block body = %q", access.RawBody)
		}
		if got := render([]*Directive{set, pass}); got != `"set_by_lua_block"@26:13-26:29 [26:13-26:66] "$backend"@26:30-26:38 raw=" return \"127.0.0.1:8282\" "
"proxy_pass"@27:13-27:23 [27:13-27:40] "http://$backend"@27:24-27:39
` {
			t.Errorf("after the Lua block:\n%s", got)
		}
		// Lua comments are not nginx comments.
		if len(f.Comments) != 2 {
			t.Errorf("comments = %+v, want the two '#' lines", f.Comments)
		}
	})
}

// TestSharedSlabs parses files whose include sits inside an open block:
// the included file's directives and comments must not mix with the
// block's, and every slice carved from the shared slabs must be capped at
// its length so that a caller's append cannot overwrite a neighbour.
func TestSharedSlabs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"nginx.conf": "# top\nhttp {\n  a 1;\n  include inc/*.conf; # after\n  b 2 3;\n  server { c; }\n  server { }\n}\nz;\n",
		"inc/1.conf": "# one\nx 1;\nlocation / { y 1 2; }\n",
		"inc/2.conf": "w;\n# two\n",
	})
	cfg, err := ParseFile(filepath.Join(dir, "nginx.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(filePaths(cfg, dir), " "); got != "nginx.conf inc/1.conf inc/2.conf" {
		t.Fatalf("files %s", got)
	}
	main, one, two := cfg.Files[0], cfg.Files[1], cfg.Files[2]
	for _, c := range []struct{ what, got, want string }{
		{"main", names(main.Directives), "http z"},
		{"http", names(main.Directives[0].Block), "a include b server server"},
		{"1.conf", names(one.Directives), "x location"},
		{"location", names(one.Directives[1].Block), "y"},
		{"2.conf", names(two.Directives), "w"},
		{"included", names(Expand(main.Directives[0].Block)), "a x location w b server server"},
	} {
		if c.got != c.want {
			t.Errorf("%s: directives %q, want %q", c.what, c.got, c.want)
		}
	}
	comments := func(f *File) string {
		var out []string
		for _, c := range f.Comments {
			out = append(out, c.Text)
		}
		return strings.Join(out, ",")
	}
	if got := comments(main) + "|" + comments(one) + "|" + comments(two); got != " top, after| one| two" {
		t.Errorf("comments %q", got)
	}
	if b := main.Directives[0].Block[4].Block; b == nil || len(b) != 0 {
		t.Errorf("empty server block %#v, want empty and not nil", b)
	}
	var check func(string, []*Directive)
	check = func(where string, ds []*Directive) {
		if cap(ds) != len(ds) {
			t.Errorf("%s: %d directives with capacity %d", where, len(ds), cap(ds))
		}
		for _, d := range ds {
			if cap(d.Args) != len(d.Args) {
				t.Errorf("%s: %s has %d arguments with capacity %d", where, d.Name, len(d.Args), cap(d.Args))
			}
			check(where+" "+d.Name, d.Block)
		}
	}
	for _, f := range cfg.Files {
		check(f.Path, f.Directives)
		if cap(f.Comments) != len(f.Comments) {
			t.Errorf("%s: %d comments with capacity %d", f.Path, len(f.Comments), cap(f.Comments))
		}
		if err := checkRanges(f); err != nil {
			t.Error(err)
		}
	}
}

// TestBlockSizes parses blocks of every size around the slab sizes,
// largest first so that a child list outgrows a fresh slab, and checks
// each block's children.
func TestBlockSizes(t *testing.T) {
	var src strings.Builder
	var sizes []int
	for n := 2*maxSlab + 3; n >= 0; n -= 1 + n/8 {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		fmt.Fprintf(&src, "b%d {", n)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&src, " d %d;", i)
		}
		src.WriteString(" }\n")
	}
	f := mustParse(t, src.String())
	if len(f.Directives) != len(sizes) {
		t.Fatalf("%d blocks, want %d", len(f.Directives), len(sizes))
	}
	for i, b := range f.Directives {
		n := sizes[i]
		if b.Name != fmt.Sprintf("b%d", n) || len(b.Block) != n || cap(b.Block) != n {
			t.Fatalf("block %d is %s with %d children (capacity %d), want b%d with %d", i, b.Name, len(b.Block), cap(b.Block), n, n)
		}
		for j, d := range b.Block {
			if d.Name != "d" || len(d.Args) != 1 || d.Args[0].Value != fmt.Sprint(j) {
				t.Fatalf("b%d child %d is %s %v", n, j, d.Name, d.ArgValues())
			}
		}
	}
}
