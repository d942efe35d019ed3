package apacheconf

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the parser's output")

// span formats a range as L:C-L:C.
func span(r source.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}

// dump renders directives one per line with every position, so a test
// can state the whole expected tree. An argument prints as raw text, then
// "=value" when substitution changed it, then the quote when quoted.
func dump(ds []*Directive) string {
	var b strings.Builder
	var walk func(ds []*Directive, depth int)
	walk = func(ds []*Directive, depth int) {
		for _, d := range ds {
			b.WriteString(strings.Repeat("  ", depth))
			if d.Section {
				b.WriteByte('<')
			}
			fmt.Fprintf(&b, "%s %s name=%s", d.Name, span(d.Range), span(d.NameRange))
			for _, a := range d.Args {
				b.WriteString(" [")
				b.WriteString(a.Raw)
				if a.Value != a.Raw {
					b.WriteString("=" + a.Value)
				}
				if a.Quote != 0 {
					b.WriteString(" " + string(a.Quote))
				}
				b.WriteString(" " + span(a.Range) + "]")
			}
			b.WriteByte('\n')
			walk(d.Children, depth+1)
			for _, f := range d.Included {
				fmt.Fprintf(&b, "%s+ %s\n", strings.Repeat("  ", depth+1), filepath.Base(f.Path))
				walk(f.Directives, depth+2)
			}
		}
	}
	walk(ds, 0)
	return b.String()
}

func dumpComments(cs []Comment) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%q %s\n", c.Text, span(c.Range))
	}
	return b.String()
}

func mustParse(t *testing.T, src string, opts Options) *Config {
	t.Helper()
	opts.NoIncludes = true // these tests are about syntax, not files
	cfg, err := Parse("t.conf", []byte(src), opts)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return cfg
}

func TestParseConstructs(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "directive with bare arguments",
			src:  "Listen 443 https\n",
			want: "Listen 1:1-1:17 name=1:1-1:7 [443 1:8-1:11] [https 1:12-1:17]\n",
		},
		{
			name: "indentation, tabs and trailing blanks are not part of the range",
			src:  "\t  SSLEngine   on  \t\r\n",
			want: "SSLEngine 1:4-1:18 name=1:4-1:13 [on 1:16-1:18]\n",
		},
		{
			name: "directive without arguments and no final newline",
			src:  "ProxyRequests",
			want: "ProxyRequests 1:1-1:14 name=1:1-1:14\n",
		},
		{
			name: "double and single quotes, range includes the quotes",
			src:  `Header set X "a b" 'c d'` + "\n",
			want: `Header 1:1-1:25 name=1:1-1:7 [set 1:8-1:11] [X 1:12-1:13] [a b " 1:14-1:19] [c d ' 1:20-1:25]` + "\n",
		},
		{
			name: "escaped quote and backslash inside quotes",
			src:  `Header set X "say \"hi\" \\ \n"` + "\n",
			want: `Header 1:1-1:32 name=1:1-1:7 [set 1:8-1:11] [X 1:12-1:13] [say "hi" \ \n " 1:14-1:32]` + "\n",
		},
		{
			name: "the other quote is an ordinary character",
			src:  `ErrorDocument 403 "can't"` + "\n",
			want: `ErrorDocument 1:1-1:26 name=1:1-1:14 [403 1:15-1:18] [can't " 1:19-1:26]` + "\n",
		},
		{
			name: "double backslash in a bare word is one backslash",
			src:  `DocumentRoot C:\\www\n` + "\n",
			want: `DocumentRoot 1:1-1:23 name=1:1-1:13 [C:\www\n 1:14-1:23]` + "\n",
		},
		{
			name: "a word right after a closing quote is a new argument",
			src:  `ServerAdmin "a"b` + "\n",
			want: `ServerAdmin 1:1-1:17 name=1:1-1:12 [a " 1:13-1:16] [b 1:16-1:17]` + "\n",
		},
		{
			name: "quotes inside a bare word are kept",
			src:  `ServerAdmin a"b c"` + "\n",
			want: `ServerAdmin 1:1-1:19 name=1:1-1:12 [a"b 1:13-1:16] [c" 1:17-1:19]` + "\n",
		},
		{
			name: "hash after a directive is an argument",
			src:  "Require ip 10.0.0.0/8 # office\n",
			want: "Require 1:1-1:31 name=1:1-1:8 [ip 1:9-1:11] [10.0.0.0/8 1:12-1:22] [# 1:23-1:24] [office 1:25-1:31]\n",
		},
		{
			name: "continuation: later arguments keep their own lines",
			src:  "ProxyPass /wss \\\n    ws://127.0.0.1:8282/wss \\\n    retry=0\n",
			want: "ProxyPass 1:1-3:12 name=1:1-1:10 [/wss 1:11-1:15] [ws://127.0.0.1:8282/wss 2:5-2:28] [retry=0 3:5-3:12]\n",
		},
		{
			name: "continuation joins without a space, an argument can span lines",
			src:  "SSLCipherSuite ECDHE:\\\nAES\n",
			want: "SSLCipherSuite 1:1-2:4 name=1:1-1:15 [ECDHE:AES 1:16-2:4]\n",
		},
		{
			name: "continuation with CRLF line ends",
			src:  "Listen \\\r\n443\r\n",
			want: "Listen 1:1-2:4 name=1:1-1:7 [443 2:1-2:4]\n",
		},
		{
			name: "continuation inside a quoted argument",
			src:  "Header set X \"a\\\nb\"\n",
			want: "Header 1:1-2:3 name=1:1-1:7 [set 1:8-1:11] [X 1:12-1:13] [ab \" 1:14-2:3]\n",
		},
		{
			name: "a backslash after a backslash still continues, as in httpd 2.4",
			src:  "A b\\\\\nC\n",
			want: "A 1:1-2:2 name=1:1-1:2 [b\\C 1:3-2:2]\n",
		},
		{
			name: "the joined text is unescaped after joining",
			src:  "A \"b\\\\\\\n\\\"c\"\n",
			want: "A 1:1-2:5 name=1:1-1:2 [b\\\"c \" 1:3-2:5]\n",
		},
		{
			name: "backslash then a blank does not continue",
			src:  "A b\\ \nC\n",
			want: "A 1:1-1:5 name=1:1-1:2 [b\\ 1:3-1:5]\nC 2:1-2:2 name=2:1-2:2\n",
		},
		{
			name: "a lone backslash line continues too",
			src:  "\\\nA b\n",
			want: "A 2:1-2:4 name=2:1-2:2 [b 2:3-2:4]\n",
		},
		{
			name: "section with arguments and children",
			src:  "<VirtualHost *:443>\n  ServerName a\n</VirtualHost>\n",
			want: "<VirtualHost 1:1-3:15 name=1:2-1:13 [*:443 1:14-1:19]\n" +
				"  ServerName 2:3-2:15 name=2:3-2:13 [a 2:14-2:15]\n",
		},
		{
			name: "closing tag matches case-insensitively, nesting",
			src:  "<IfModule !mod_ssl.c>\n<ifmodule mod_proxy.c>\n</IFMODULE>\n</IfModule>\n",
			want: "<IfModule 1:1-4:12 name=1:2-1:10 [!mod_ssl.c 1:11-1:21]\n" +
				"  <ifmodule 2:1-3:12 name=2:2-2:10 [mod_proxy.c 2:11-2:22]\n",
		},
		{
			name: "If expression with quotes and '>' inside, Else without arguments",
			src:  "<If \"%{REQUEST_URI} > '/a'\">\n</If>\n<Else>\n</Else>\n",
			want: "<If 1:1-2:6 name=1:2-1:4 [%{REQUEST_URI} > '/a' \" 1:5-1:28]\n" +
				"<Else 3:1-4:8 name=3:2-3:6\n",
		},
		{
			name: "section arguments end at the last '>', the rest is ignored",
			src:  "<VirtualHost *:80> trailing words\n</VirtualHost> more\n",
			want: "<VirtualHost 1:1-2:15 name=1:2-1:13 [*:80 1:14-1:18]\n",
		},
		{
			name: "opening tag without arguments may omit '>'",
			src:  "<Else\n</Else>\n",
			want: "<Else 1:1-2:8 name=1:2-1:6\n",
		},
		{
			name: "quoted section argument",
			src:  "<Directory \"/var/www/my site\">\nRequire all granted\n</Directory>\n",
			want: "<Directory 1:1-3:13 name=1:2-1:11 [/var/www/my site \" 1:12-1:30]\n" +
				"  Require 2:1-2:20 name=2:1-2:8 [all 2:9-2:12] [granted 2:13-2:20]\n",
		},
		{
			name: "section opening continued over two lines",
			src:  "<LocationMatch \\\n\"^/(a|b)\">\n</LocationMatch>\n",
			want: "<LocationMatch 1:1-3:17 name=1:2-1:15 [^/(a|b) \" 2:1-2:10]\n",
		},
		{
			name: "empty section",
			src:  "<Proxy *>\n</Proxy>",
			want: "<Proxy 1:1-2:9 name=1:2-1:7 [* 1:8-1:9]\n",
		},
		{
			name: "a quoted empty first word makes httpd skip the line",
			src:  "\"\" ignored\nA\n",
			want: "A 2:1-2:2 name=2:1-2:2\n",
		},
		{
			name: "a '>' ending a directive name is dropped, as httpd does",
			src:  "ServerName> x\n>\n",
			want: "ServerName 1:1-1:14 name=1:1-1:11 [x 1:13-1:14]\n> 2:1-2:2 name=2:1-2:2\n",
		},
		{
			name: "a quoted directive name",
			src:  "\"ServerName\" x\n",
			want: "ServerName 1:1-1:15 name=1:1-1:13 [x 1:14-1:15]\n",
		},
		{
			name: "blank lines and comments produce no directives",
			src:  "\n   \n# c\n\t#d\n",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustParse(t, tt.src, Options{})
			if got := dump(cfg.Main().Directives); got != tt.want {
				t.Errorf("source:\n%s\ngot:\n%s\nwant:\n%s", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseComments(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "comment lines, indented ones too",
			src:  "# one\n  #two  \nA # not a comment\n",
			want: "\" one\" 1:1-1:6\n\"two\" 2:3-2:7\n",
		},
		{
			name: "a comment ending in a backslash swallows the next line, as in httpd",
			src:  "# note \\\nServerName x\nA\n",
			want: "\" note ServerName x\" 1:1-2:13\n",
		},
		{
			name: "comment inside a section",
			src:  "<If true>\n # inside\n</If>\n",
			want: "\" inside\" 2:2-2:10\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustParse(t, tt.src, Options{})
			if got := dumpComments(cfg.Main().Comments); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	cfg := mustParse(t, "# note \\\nServerName x\nA\n", Options{})
	if ds := cfg.Main().Directives; len(ds) != 1 || ds[0].Name != "A" {
		t.Errorf("continued comment: directives = %q, want only A (ServerName belongs to the comment)", dump(ds))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // file:line:col: message, then the range end
	}{
		{
			name: "closing tag without opening",
			src:  "ServerName a\n</VirtualHost>\n",
			want: "t.conf:2:1: </VirtualHost> without matching <VirtualHost> (to 2:15)",
		},
		{
			name: "section not closed at end of file",
			src:  "A\n\n<Location /x>\n  Require all denied\n",
			want: "t.conf:4:21: <Location> section not closed (opened at line 3) (to 4:21)",
		},
		{
			name: "innermost unclosed section is named",
			src:  "<VirtualHost *:443>\n<Directory /x>\n",
			want: "t.conf:2:15: <Directory> section not closed (opened at line 2) (to 2:15)",
		},
		{
			name: "section not closed, no final newline",
			src:  "<If true>",
			want: "t.conf:1:10: <If> section not closed (opened at line 1) (to 1:10)",
		},
		{
			name: "mismatched closing tag",
			src:  "<IfModule ssl_module>\n  <VirtualHost *:443>\n  </IfModule>\n</VirtualHost>\n",
			want: "t.conf:3:3: section name mismatch: expected </VirtualHost>, found </IfModule> (to 3:14)",
		},
		{
			name: "closing tag without '>'",
			src:  "<VirtualHost *:80>\n</VirtualHost\n",
			want: "t.conf:2:1: closing tag </VirtualHost is missing its '>' (to 2:14)",
		},
		{
			name: "closing tag with a blank before '>'",
			src:  "<VirtualHost *:80>\n</VirtualHost >\n",
			want: "t.conf:2:1: closing tag </VirtualHost is missing its '>' (to 2:14)",
		},
		{
			name: "opening tag with arguments but without '>'",
			src:  "A\n  <VirtualHost *:80\n</VirtualHost>\n",
			want: "t.conf:2:3: <VirtualHost> directive missing closing '>' (to 2:20)",
		},
		{
			name: "opening tag with '>' only on the name",
			src:  "<Else> junk\n</Else>\n",
			want: "t.conf:1:1: <Else> directive missing closing '>' (to 1:12)",
		},
		{
			name: "unterminated double quote",
			src:  "ServerName a\nHeader set X \"abc\n",
			want: "t.conf:2:14: unterminated quoted string (to 2:18)",
		},
		{
			name: "unterminated single quote after an escaped one",
			src:  "A 'it\\'s\n",
			want: "t.conf:1:3: unterminated quoted string (to 1:9)",
		},
		{
			name: "unterminated quote in section arguments",
			src:  "<If \"a > b>\n</If>\n",
			want: "t.conf:1:5: unterminated quoted string (to 1:11)",
		},
		{
			name: "missing section name",
			src:  "<>\n",
			want: "t.conf:1:1: missing section name after '<' (to 1:3)",
		},
		{
			name: "lone '<'",
			src:  "< VirtualHost *:80>\n",
			want: "t.conf:1:1: missing section name after '<' (to 1:2)",
		},
		{
			name: "closing tag with empty name",
			src:  "</>\n",
			want: "t.conf:1:1: </> without matching <> (to 1:4)",
		},
		{
			name: "error position after a continuation",
			src:  "A \\\n  \"x\n",
			want: "t.conf:2:3: unterminated quoted string (to 2:5)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.conf", []byte(tt.src), Options{NoIncludes: true})
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want a *source.Error", err, err)
			}
			got := fmt.Sprintf("%v (to %d:%d)", se, se.Range.End.Line, se.Range.End.Column)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// writeFiles creates files under dir; keys are slash-separated paths.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIncludes(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  string // dump of the main file, or "error: ..." with the message
	}{
		{
			name: "wildcard matches are read in sorted order, hidden files skipped",
			files: map[string]string{
				"httpd.conf":           "Include sites/*.conf\nZ\n",
				"sites/b.conf":         "B\n",
				"sites/a.conf":         "A\n",
				"sites/.hidden.conf":   "Hidden\n",
				"sites/c.conf.disable": "Disabled\n",
			},
			want: "Include 1:1-1:21 name=1:1-1:8 [sites/*.conf 1:9-1:21]\n" +
				"  + a.conf\n    A 1:1-1:2 name=1:1-1:2\n" +
				"  + b.conf\n    B 1:1-1:2 name=1:1-1:2\n" +
				"Z 2:1-2:2 name=2:1-2:2\n",
		},
		{
			name: "wildcard in a directory component",
			files: map[string]string{
				"httpd.conf":       "Include */site.conf\n",
				"b/site.conf":      "B\n",
				"a/site.conf":      "A\n",
				"a-z/site.conf":    "AZ\n",
				".git/site.conf":   "Git\n",
				"a/other/site.txt": "X\n",
			},
			want: "Include 1:1-1:20 name=1:1-1:8 [*/site.conf 1:9-1:20]\n" +
				"  + site.conf\n    A 1:1-1:2 name=1:1-1:2\n" +
				"  + site.conf\n    AZ 1:1-1:3 name=1:1-1:3\n" +
				"  + site.conf\n    B 1:1-1:2 name=1:1-1:2\n",
		},
		{
			name: "a directory includes all files below it, hidden ones too, sorted",
			files: map[string]string{
				"httpd.conf":     "Include conf.d\n",
				"conf.d/b.conf":  "B\n",
				"conf.d/.a":      "DotA\n",
				"conf.d/sub/c":   "C\n",
				"conf.d/a.conf":  "A\n",
				"conf.d/sub2/d":  "D\n",
				"conf.d/zz.conf": "ZZ\n",
			},
			want: "Include 1:1-1:15 name=1:1-1:8 [conf.d 1:9-1:15]\n" +
				"  + .a\n    DotA 1:1-1:5 name=1:1-1:5\n" +
				"  + a.conf\n    A 1:1-1:2 name=1:1-1:2\n" +
				"  + b.conf\n    B 1:1-1:2 name=1:1-1:2\n" +
				"  + c\n    C 1:1-1:2 name=1:1-1:2\n" +
				"  + d\n    D 1:1-1:2 name=1:1-1:2\n" +
				"  + zz.conf\n    ZZ 1:1-1:3 name=1:1-1:3\n",
		},
		{
			name: "include inside a section, nested includes",
			files: map[string]string{
				"httpd.conf":  "<VirtualHost *:443>\n  Include ssl.conf\n</VirtualHost>\n",
				"ssl.conf":    "SSLEngine on\nIncludeOptional extra.conf\n",
				"extra.conf":  "<If true>\n</If>\n",
				"unused.conf": "U\n",
			},
			want: "<VirtualHost 1:1-3:15 name=1:2-1:13 [*:443 1:14-1:19]\n" +
				"  Include 2:3-2:19 name=2:3-2:10 [ssl.conf 2:11-2:19]\n" +
				"    + ssl.conf\n" +
				"      SSLEngine 1:1-1:13 name=1:1-1:10 [on 1:11-1:13]\n" +
				"      IncludeOptional 2:1-2:27 name=2:1-2:16 [extra.conf 2:17-2:27]\n" +
				"        + extra.conf\n" +
				"          <If 1:1-2:6 name=1:2-1:4 [true 1:5-1:9]\n",
		},
		{
			name: "IncludeOptional ignores a missing file and a wildcard without matches",
			files: map[string]string{
				"httpd.conf": "IncludeOptional missing.conf\nIncludeOptional none/*.conf\nA\n",
			},
			want: "IncludeOptional 1:1-1:29 name=1:1-1:16 [missing.conf 1:17-1:29]\n" +
				"IncludeOptional 2:1-2:28 name=2:1-2:16 [none/*.conf 2:17-2:28]\n" +
				"A 3:1-3:2 name=3:1-3:2\n",
		},
		{
			name:  "Include of a missing file is an error at its argument",
			files: map[string]string{"httpd.conf": "A\n  Include missing.conf\n"},
			want:  "error: httpd.conf:2:11: included file {dir}/missing.conf does not exist (to 2:23)",
		},
		{
			name:  "Include of a wildcard without matches is an error",
			files: map[string]string{"httpd.conf": "Include \"sites/*.conf\"\n", "sites/x.txt": ""},
			want:  "error: httpd.conf:1:9: no files match the wildcard {dir}/sites/*.conf (IncludeOptional allows none) (to 1:23)",
		},
		{
			name: "include cycle is reported at the include that closes it",
			files: map[string]string{
				"httpd.conf": "Include a.conf\n",
				"a.conf":     "A\nInclude b.conf\n",
				"b.conf":     "\n\nInclude a.conf\n",
			},
			want: "error: b.conf:3:9: include cycle: {dir}/a.conf -> {dir}/b.conf -> {dir}/a.conf (to 3:15)",
		},
		{
			name:  "a file including itself",
			files: map[string]string{"httpd.conf": "Include httpd.conf\n"},
			want:  "error: httpd.conf:1:9: include cycle: {dir}/httpd.conf -> {dir}/httpd.conf (to 1:19)",
		},
		{
			name: "the same file twice is not a cycle",
			files: map[string]string{
				"httpd.conf": "Include x.conf\nInclude x.conf\n",
				"x.conf":     "X\n",
			},
			want: "Include 1:1-1:15 name=1:1-1:8 [x.conf 1:9-1:15]\n  + x.conf\n    X 1:1-1:2 name=1:1-1:2\n" +
				"Include 2:1-2:15 name=2:1-2:8 [x.conf 2:9-2:15]\n  + x.conf\n    X 1:1-1:2 name=1:1-1:2\n",
		},
		{
			name: "syntax errors in included files point into them",
			files: map[string]string{
				"httpd.conf": "Include bad.conf\n",
				"bad.conf":   "<Location />\n",
			},
			want: "error: bad.conf:1:13: <Location> section not closed (opened at line 1) (to 1:13)",
		},
		{
			name: "sections must close in the file that opened them",
			files: map[string]string{
				"httpd.conf": "Include open.conf\n</VirtualHost>\n",
				"open.conf":  "<VirtualHost *:80>\n",
			},
			want: "error: open.conf:1:19: <VirtualHost> section not closed (opened at line 1) (to 1:19)",
		},
		{
			name:  "Include takes exactly one argument",
			files: map[string]string{"httpd.conf": "Include a.conf b.conf\n"},
			want:  "error: httpd.conf:1:1: Include takes one argument, the file, directory or wildcard to include (to 1:22)",
		},
		{
			name: "a ServerRoot directive moves later relative includes",
			files: map[string]string{
				"httpd.conf":        "Include x.conf\nServerRoot {dir}/root\nInclude x.conf\n",
				"x.conf":            "Top\n",
				"root/x.conf":       "Root\n",
				"root/unused/x.txt": "",
			},
			want: "Include 1:1-1:15 name=1:1-1:8 [x.conf 1:9-1:15]\n  + x.conf\n    Top 1:1-1:4 name=1:1-1:4\n" +
				"ServerRoot 2:1-2:{rootEnd} name=2:1-2:11 [{dir}/root 2:12-2:{rootEnd}]\n" +
				"Include 3:1-3:15 name=3:1-3:8 [x.conf 3:9-3:15]\n  + x.conf\n    Root 1:1-1:5 name=1:1-1:5\n",
		},
		{
			name: "Options.ServerRoot wins over the directive",
			files: map[string]string{
				"httpd.conf":  "ServerRoot /nonexistent\nInclude x.conf\n",
				"root/x.conf": "Root\n",
			},
			opts: Options{ServerRoot: "{dir}/root"},
			want: "ServerRoot 1:1-1:24 name=1:1-1:11 [/nonexistent 1:12-1:24]\n" +
				"Include 2:1-2:15 name=2:1-2:8 [x.conf 2:9-2:15]\n  + x.conf\n    Root 1:1-1:5 name=1:1-1:5\n",
		},
		{
			name:  "NoIncludes leaves includes unresolved",
			files: map[string]string{"httpd.conf": "Include missing.conf\n"},
			opts:  Options{NoIncludes: true},
			want:  "Include 1:1-1:21 name=1:1-1:8 [missing.conf 1:9-1:21]\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{}
			for k, v := range tt.files {
				files[k] = strings.ReplaceAll(v, "{dir}", dir)
			}
			writeFiles(t, dir, files)
			opts := tt.opts
			opts.ServerRoot = strings.ReplaceAll(opts.ServerRoot, "{dir}", dir)
			want := strings.ReplaceAll(tt.want, "{dir}", dir)
			want = strings.ReplaceAll(want, "{rootEnd}", fmt.Sprint(12+len(dir+"/root")))
			cfg, err := ParseFile(filepath.Join(dir, "httpd.conf"), opts)
			if strings.HasPrefix(want, "error: ") {
				var se *source.Error
				if !errors.As(err, &se) {
					t.Fatalf("err = %v, want a *source.Error", err)
				}
				rel, _ := filepath.Rel(dir, se.Range.File.String())
				got := fmt.Sprintf("error: %s:%d:%d: %s (to %d:%d)", rel, se.Range.Start.Line, se.Range.Start.Column,
					se.Message, se.Range.End.Line, se.Range.End.Column)
				if got != want {
					t.Errorf("got  %s\nwant %s", got, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(cfg.Main().Directives); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestIncludeFilesAndExpand(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"httpd.conf":   "A\n<VirtualHost *:443>\nInclude vh/*.conf\nIncludeOptional none.conf\n</VirtualHost>\nInclude vh/1.conf\n",
		"vh/1.conf":    "One\nInclude vh/2.conf\n",
		"vh/2.conf":    "Two\n",
		"vh/notes.txt": "",
	})
	cfg, err := ParseFile(filepath.Join(dir, "httpd.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range cfg.Files {
		rel, _ := filepath.Rel(dir, f.Path)
		paths = append(paths, filepath.ToSlash(rel))
	}
	// Read order: 1.conf pulls in 2.conf before the wildcard reaches it.
	want := "httpd.conf vh/1.conf vh/2.conf vh/2.conf vh/1.conf vh/2.conf"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("Files = %s\nwant    %s", got, want)
	}
	top := Expand(cfg.Main().Directives)
	var names []string
	for _, d := range top {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, " "); got != "A VirtualHost One Two" {
		t.Errorf("Expand(top) = %s, want A VirtualHost One Two", got)
	}
	names = names[:0]
	for _, d := range top[1].Body() {
		names = append(names, d.Name)
	}
	// IncludeOptional matched nothing: resolved, so it disappears.
	if got := strings.Join(names, " "); got != "One Two Two" {
		t.Errorf("VirtualHost body = %s, want One Two Two", got)
	}
}

func TestIncludeCustomFS(t *testing.T) {
	files := map[string]string{
		"/etc/apache2/apache2.conf":          "IncludeOptional sites-enabled/*.conf\nInclude ports.conf\n",
		"/etc/apache2/ports.conf":            "Listen 443\n",
		"/etc/apache2/sites-enabled/b.conf":  "B\n",
		"/etc/apache2/sites-enabled/a.conf":  "A\n",
		"/etc/apache2/sites-enabled/.c.conf": "C\n",
	}
	var globbed []string
	opts := Options{
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[filepath.ToSlash(p)]; ok {
				return []byte(s), nil
			}
			return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
		},
		Glob: func(pattern string) ([]string, error) {
			globbed = append(globbed, filepath.ToSlash(pattern))
			var out []string
			for p := range files {
				if ok, _ := filepath.Match(pattern, p); ok {
					out = append(out, p)
				}
			}
			return out, nil // unsorted on purpose: the parser sorts
		},
	}
	cfg, err := ParseFile("/etc/apache2/apache2.conf", opts)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range Expand(cfg.Main().Directives) {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, " "); got != "A B Listen" {
		t.Errorf("expanded = %s, want A B Listen", got)
	}
	if len(globbed) != 1 || globbed[0] != "/etc/apache2/sites-enabled/*.conf" {
		t.Errorf("Glob calls = %q", globbed)
	}
}

func TestDefines(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		defines map[string]string
		want    string
	}{
		{
			name: "Define then use, Raw keeps the reference",
			src:  "Define SITE example.com\nServerName ${SITE}\n",
			want: "Define 1:1-1:24 name=1:1-1:7 [SITE 1:8-1:12] [example.com 1:13-1:24]\n" +
				"ServerName 2:1-2:19 name=2:1-2:11 [${SITE}=example.com 2:12-2:19]\n",
		},
		{
			name: "use before Define stays as written",
			src:  "ServerName ${SITE}\nDefine SITE x\n",
			want: "ServerName 1:1-1:19 name=1:1-1:11 [${SITE} 1:12-1:19]\n" +
				"Define 2:1-2:14 name=2:1-2:7 [SITE 2:8-2:12] [x 2:13-2:14]\n",
		},
		{
			name:    "Options.Defines, in quotes and mixed with text",
			src:     "SSLCertificateFile \"${LE}/${SITE}/fullchain.pem\"\n",
			defines: map[string]string{"LE": "/etc/letsencrypt/live", "SITE": "a.example"},
			want:    "SSLCertificateFile 1:1-1:49 name=1:1-1:19 [${LE}/${SITE}/fullchain.pem=/etc/letsencrypt/live/a.example/fullchain.pem \" 1:20-1:49]\n",
		},
		{
			name:    "an empty option value defines the name only",
			src:     "A ${FLAG}\n",
			defines: map[string]string{"FLAG": ""},
			want:    "A 1:1-1:10 name=1:1-1:2 [${FLAG} 1:3-1:10]\n",
		},
		{
			name: "UnDefine removes the variable, a redefinition replaces it",
			src:  "Define V 1\nDefine V 2\nA ${V}\nUnDefine V\nB ${V}\n",
			want: "Define 1:1-1:11 name=1:1-1:7 [V 1:8-1:9] [1 1:10-1:11]\n" +
				"Define 2:1-2:11 name=2:1-2:7 [V 2:8-2:9] [2 2:10-2:11]\n" +
				"A 3:1-3:7 name=3:1-3:2 [${V}=2 3:3-3:7]\n" +
				"UnDefine 4:1-4:11 name=4:1-4:9 [V 4:10-4:11]\n" +
				"B 5:1-5:7 name=5:1-5:2 [${V} 5:3-5:7]\n",
		},
		{
			name: "a Define value is substituted when defined, not when used",
			src:  "Define A 1\nDefine B ${A}-x\nDefine A 2\nC ${B}\n",
			want: "Define 1:1-1:11 name=1:1-1:7 [A 1:8-1:9] [1 1:10-1:11]\n" +
				"Define 2:1-2:16 name=2:1-2:7 [B 2:8-2:9] [${A}-x=1-x 2:10-2:16]\n" +
				"Define 3:1-3:11 name=3:1-3:7 [A 3:8-3:9] [2 3:10-3:11]\n" +
				"C 4:1-4:7 name=4:1-4:2 [${B}=1-x 4:3-4:7]\n",
		},
		{
			name: "Define without a value, inside IfDefine (not evaluated), in a section",
			src:  "<IfDefine !X>\nDefine X\nDefine Y y\n</IfDefine>\n<VirtualHost *:80>\nA ${X} ${Y}\n</VirtualHost>\n",
			want: "<IfDefine 1:1-4:12 name=1:2-1:10 [!X 1:11-1:13]\n" +
				"  Define 2:1-2:9 name=2:1-2:7 [X 2:8-2:9]\n" +
				"  Define 3:1-3:11 name=3:1-3:7 [Y 3:8-3:9] [y 3:10-3:11]\n" +
				"<VirtualHost 5:1-7:15 name=5:2-5:13 [*:80 5:14-5:18]\n" +
				"  A 6:1-6:12 name=6:1-6:2 [${X} 6:3-6:7] [${Y}=y 6:8-6:12]\n",
		},
		{
			name:    "malformed references stay as written; rewrite maps are untouched",
			src:     "RewriteRule ^ ${map:%{HTTP_HOST}} $${V}${V ${}\n",
			defines: map[string]string{"V": "v"},
			want:    "RewriteRule 1:1-1:47 name=1:1-1:12 [^ 1:13-1:14] [${map:%{HTTP_HOST}} 1:15-1:34] [$${V}${V=$v${V 1:35-1:43] [${} 1:44-1:47]\n",
		},
		{
			name:    "Defines in a directive that httpd rejects are ignored",
			src:     "Define a:b 1\nDefine C 1 2\nX ${a:b} ${C}\n",
			defines: map[string]string{},
			want: "Define 1:1-1:13 name=1:1-1:7 [a:b 1:8-1:11] [1 1:12-1:13]\n" +
				"Define 2:1-2:13 name=2:1-2:7 [C 2:8-2:9] [1 2:10-2:11] [2 2:12-2:13]\n" +
				"X 3:1-3:14 name=3:1-3:2 [${a:b} 3:3-3:9] [${C} 3:10-3:14]\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustParse(t, tt.src, Options{Defines: tt.defines})
			if got := dump(cfg.Main().Directives); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestDefinesAcrossIncludes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"httpd.conf":       "Define D conf.d\nInclude ${D}/vars.conf\nServerName ${HOST}\n",
		"conf.d/vars":      "",
		"conf.d/vars.conf": "Define HOST wss.example\n",
	})
	cfg, err := ParseFile(filepath.Join(dir, "httpd.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds := cfg.Main().Directives
	if got := ds[1].Args[0].Value; got != "conf.d/vars.conf" {
		t.Errorf("Include path = %q, want conf.d/vars.conf", got)
	}
	if len(ds[1].Included) != 1 {
		t.Fatalf("Include pulled in %d files, want 1", len(ds[1].Included))
	}
	if got := ds[2].ArgValues(); len(got) != 1 || got[0] != "wss.example" {
		t.Errorf("ServerName = %q, want the value defined in the included file", got)
	}
}

func TestOptionsDefinesNotModified(t *testing.T) {
	defs := map[string]string{"A": "1"}
	mustParse(t, "Define B 2\nUnDefine A\n", Options{Defines: defs})
	if len(defs) != 1 || defs["A"] != "1" {
		t.Errorf("Options.Defines changed to %v", defs)
	}
}

func TestParseFileReadError(t *testing.T) {
	_, err := ParseFile(filepath.Join(t.TempDir(), "missing.conf"), Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want one wrapping os.ErrNotExist", err)
	}
}

// TestSeedFAQ parses the Apache part of the wss FAQ that wssgen's lint
// rules were first written against.
func TestSeedFAQ(t *testing.T) {
	cfg, err := ParseFile("testdata/seed-faq.conf", Options{NoIncludes: true})
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Main()
	var got []string
	for _, d := range f.Directives {
		got = append(got, fmt.Sprintf("%d %s %s", d.Range.Start.Line, d.Name, strings.Join(d.ArgValues(), "|")))
	}
	want := []string{
		"1 LoadModule proxy_module|modules/mod_proxy.so",
		"2 LoadModule proxy_wstunnel_module|modules/mod_proxy_wstunnel.so",
		"4 DocumentRoot /ruta/del/sitio",
		"5 ServerName dominio",
		"8 SSLProxyEngine on",
		"10 ProxyRequests Off",
		"11 ProxyPass /wss|ws://127.0.0.1:8282/wss",
		"12 ProxyPassReverse /wss|ws://127.0.0.1:8282/wss",
		"15 SSLProtocol all|-SSLv2|-SSLv3",
		"17 SSLCipherSuite HIGH:!RC4:!MD5:!aNULL:!eNULL:!NULL:!DH:!EDH:!EXP:+MEDIUM",
		"18 SSLHonorCipherOrder on",
		"20 SSLCertificateFile /server/httpd/cert/your.pem",
		"22 SSLCertificateKeyFile /server/httpd/cert/your.key",
		"24 SSLCertificateChainFile /server/httpd/cert/chain.pem",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("directives:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(f.Comments) != 7 || f.Comments[0].Text != "extra/httpd-ssl.conf" || f.Comments[0].Range.Start.Line != 3 {
		t.Errorf("comments = %s", dumpComments(f.Comments))
	}
	if d := f.Directives[2]; d.Args[0].Quote != '"' || span(d.Args[0].Range) != "4:14-4:31" {
		t.Errorf("DocumentRoot arg = %+v", d.Args[0])
	}
}

// TestGolden parses each testdata/*.conf and compares the full dump,
// positions included, with testdata/*.golden (rewritten by -update).
func TestGolden(t *testing.T) {
	confs, err := filepath.Glob("testdata/*.conf")
	if err != nil || len(confs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, conf := range confs {
		t.Run(filepath.Base(conf), func(t *testing.T) {
			cfg, err := ParseFile(conf, Options{NoIncludes: true})
			if err != nil {
				t.Fatal(err)
			}
			got := dump(cfg.Main().Directives) + "-- comments --\n" + dumpComments(cfg.Main().Comments)
			golden := strings.TrimSuffix(conf, ".conf") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the parse; got:\n%s", golden, got)
			}
		})
	}
}

func TestDirectiveIs(t *testing.T) {
	d := &Directive{Name: "IncludeOptional"}
	if !d.Is("includeoptional") || d.Is("Include") {
		t.Error("Is must compare the whole name case-insensitively")
	}
}

func TestIncludeDirectoryLoopEnds(t *testing.T) {
	// A directory that contains itself, as a symbolic link back up would.
	opts := Options{
		ReadFile: func(p string) ([]byte, error) {
			if p == "/etc/httpd.conf" {
				return []byte("Include /d\n"), nil
			}
			return nil, &os.PathError{Op: "read", Path: p, Err: syscall.EISDIR}
		},
		Glob: func(pattern string) ([]string, error) {
			return []string{filepath.Join(filepath.Dir(pattern), "d")}, nil
		},
	}
	_, err := ParseFile("/etc/httpd.conf", opts)
	var se *source.Error
	if !errors.As(err, &se) || !strings.Contains(se.Message, "nested more than 128 deep") || span(se.Range) != "1:9-1:11" {
		t.Fatalf("err = %v, want a depth error at the Include argument", err)
	}
}

// TestSharedBlocks parses an Include inside an open section and sections
// of every size around the carving block sizes: each section and file
// keeps its own directives and comments, and every list carved from the
// shared blocks is capped at its length, so that a caller's append cannot
// overwrite a neighbour.
func TestSharedBlocks(t *testing.T) {
	dir := t.TempDir()
	var big strings.Builder
	for _, n := range []int{600, 513, 512, 200, 129, 128, 127, 16, 1, 0} {
		fmt.Fprintf(&big, "<S%d>\n", n)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&big, "D %d\n", i)
		}
		fmt.Fprintf(&big, "</S%d>\n", n)
	}
	writeFiles(t, dir, map[string]string{
		"httpd.conf": "# top\nA\n<VirtualHost *:443>\nB\nInclude vh.conf\n# after\nC\n</VirtualHost>\nZ\nInclude big.conf\n",
		"vh.conf":    "# one\nX\n<Location />\nY 1 2\n</Location>\n",
		"big.conf":   big.String(),
	})
	cfg, err := ParseFile(filepath.Join(dir, "httpd.conf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	main, vh, bigf := cfg.Files[0], cfg.Files[1], cfg.Files[2]
	names := func(ds []*Directive) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Name)
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct{ what, got, want string }{
		{"main", names(main.Directives), "A VirtualHost Z Include"},
		{"virtual host", names(main.Directives[1].Children), "B Include C"},
		{"vh.conf", names(vh.Directives), "X Location"},
		{"location", names(vh.Directives[1].Children), "Y"},
		{"comments", dumpComments(main.Comments) + dumpComments(vh.Comments), "\" top\" 1:1-1:6\n\" after\" 6:1-6:8\n\" one\" 1:1-1:6\n"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
	for i, s := range bigf.Directives {
		var n int
		fmt.Sscanf(s.Name, "S%d", &n)
		if len(s.Children) != n {
			t.Fatalf("section %d (%s) has %d children", i, s.Name, len(s.Children))
		}
		for j, d := range s.Children {
			if d.Name != "D" || d.Args[0].Value != fmt.Sprint(j) {
				t.Fatalf("%s child %d is %s %v", s.Name, j, d.Name, d.ArgValues())
			}
		}
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
			check(where+" "+d.Name, d.Children)
		}
	}
	for _, f := range cfg.Files {
		check(f.Path, f.Directives)
		if cap(f.Comments) != len(f.Comments) {
			t.Errorf("%s: %d comments with capacity %d", f.Path, len(f.Comments), cap(f.Comments))
		}
	}
}
