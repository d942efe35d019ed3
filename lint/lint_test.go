package lint

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/nginxconf"
	"github.com/wssgen/wssgen/internal/source"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Fixtures live in testdata/<ID>/*.conf. Expectations are comments:
//
//	# want "regexp" ["regexp" …]
//
// Each regexp must match "severity: message" of one finding of the rule
// under test. In nginx files the comment applies to its own line (write
// it after the directive); Apache only has whole-line comments, so there a
// want comment applies to the next line that is not a comment. Findings
// without a matching want, and wants without a finding, fail the test.
//
// A comment "# wssgen-test: nginx=1.24.0 apache=2.4.57 openssl=3.0.2"
// sets the versions the fixture is linted for. Files in subdirectories
// are not fixtures themselves; fixtures include them.

type want struct {
	re      *regexp.Regexp
	file    string
	line    int32
	matched bool
}

type comment struct {
	text string
	rng  source.Range
}

func TestRules(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*.conf"))
			if len(files) == 0 {
				t.Fatalf("no fixtures in testdata/%s", r.ID)
			}
			for _, f := range files {
				t.Run(filepath.Base(f), func(t *testing.T) { runFixture(t, r, f) })
			}
		})
	}
}

// runFixture lints path with rule r alone and checks the findings
// against the fixture's want comments.
func runFixture(t *testing.T, r *Rule, path string) {
	t.Helper()
	var rep *Report
	var comments []comment
	var wantsNextLine bool
	var commentLines map[string]map[int32]bool
	collect := func(file string, text string, rng source.Range) {
		comments = append(comments, comment{text, rng})
		if commentLines[file] == nil {
			commentLines[file] = map[int32]bool{}
		}
		commentLines[file][rng.Start.Line] = true
	}
	commentLines = map[string]map[int32]bool{}
	var versions Versions
	switch r.Target {
	case Nginx:
		cfg, err := nginxconf.ParseFile(path, nginxconf.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range cfg.Files {
			for _, c := range f.Comments {
				collect(f.Path, c.Text, c.Range)
			}
		}
		versions = fixtureVersions(t, comments)
		rep = RunNginx(cfg, Options{Rules: []*Rule{r}, Versions: versions})
	case Apache:
		cfg, err := apacheconf.ParseFile(path, apacheconf.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range cfg.Files {
			for _, c := range f.Comments {
				collect(f.Path, c.Text, c.Range)
			}
		}
		versions = fixtureVersions(t, comments)
		rep = RunApache(cfg, Options{Rules: []*Rule{r}, Versions: versions})
		wantsNextLine = true
	}

	var wants []*want
	for _, c := range comments {
		res, ok := parseWant(t, c)
		if !ok {
			continue
		}
		line := c.rng.Start.Line
		if wantsNextLine {
			line++
			for commentLines[c.rng.File.String()][line] {
				line++
			}
		}
		for _, re := range res {
			wants = append(wants, &want{re: re, file: c.rng.File.String(), line: line})
		}
	}

	for _, f := range rep.Findings {
		if f.Rule != r {
			t.Errorf("%s: finding of rule %s while running %s", f.Range, f.Rule.ID, r.ID)
			continue
		}
		text := f.Severity.String() + ": " + f.Message
		found := false
		for _, w := range wants {
			if !w.matched && w.file == f.Range.File.String() && w.line == f.Range.Start.Line && w.re.MatchString(text) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s: unexpected finding: %s", f.Range, text)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d: no finding matched %q", w.file, w.line, w.re)
		}
	}
}

var wantRe = regexp.MustCompile(`^\s*want\s+(.*)$`)

// parseWant reads the regexps of a "want" comment.
func parseWant(t *testing.T, c comment) ([]*regexp.Regexp, bool) {
	m := wantRe.FindStringSubmatch(c.text)
	if m == nil {
		return nil, false
	}
	rest := strings.TrimSpace(m[1])
	var res []*regexp.Regexp
	for rest != "" {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			t.Fatalf("%s: bad want comment %q: %v", c.rng, c.text, err)
		}
		s, _ := strconv.Unquote(q)
		re, err := regexp.Compile(s)
		if err != nil {
			t.Fatalf("%s: bad regexp in want comment: %v", c.rng, err)
		}
		res = append(res, re)
		rest = strings.TrimSpace(rest[len(q):])
	}
	if len(res) == 0 {
		t.Fatalf("%s: want comment without a regexp", c.rng)
	}
	return res, true
}

var versionsRe = regexp.MustCompile(`^\s*wssgen-test:(.*)$`)

func fixtureVersions(t *testing.T, cs []comment) Versions {
	var v Versions
	for _, c := range cs {
		m := versionsRe.FindStringSubmatch(c.text)
		if m == nil {
			continue
		}
		for _, kv := range strings.Fields(m[1]) {
			k, val, _ := strings.Cut(kv, "=")
			ver, err := compat.ParseVersion(val)
			if err != nil {
				t.Fatalf("%s: %v", c.rng, err)
			}
			switch k {
			case "nginx":
				v.Nginx = ver
			case "apache":
				v.Apache = ver
			case "openssl":
				v.OpenSSL = ver
			default:
				t.Fatalf("%s: unknown product %q", c.rng, k)
			}
		}
	}
	return v
}

// TestRegistry checks what every rule needs: a unique, well-formed ID,
// a kebab-case name, a doc page with the sections users rely on, and
// fixtures that expect at least one finding.
func TestRegistry(t *testing.T) {
	if err := validate(all); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range All() {
		if ids[r.ID] {
			t.Errorf("duplicate ID %s", r.ID)
		}
		ids[r.ID] = true
		doc, err := Doc(r.ID)
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		if first := strings.SplitN(doc, "\n", 2)[0]; first != "# "+r.ID+" "+r.Name {
			t.Errorf("%s: doc page starts with %q, want %q", r.ID, first, "# "+r.ID+" "+r.Name)
		}
		for _, sec := range []string{"## What", "## Why", "## Fix", "## Example"} {
			if !strings.Contains(doc, "\n"+sec+"\n") {
				t.Errorf("%s: doc page lacks a %q section", r.ID, sec)
			}
		}
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*.conf"))
		wants := 0
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			wants += strings.Count(string(b), "# want ")
		}
		if wants == 0 {
			t.Errorf("%s: fixtures in testdata/%s expect no finding", r.ID, r.ID)
		}
	}
	// Every doc page belongs to a rule.
	entries, err := docsFS.ReadDir("docs")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if id := strings.TrimSuffix(e.Name(), ".md"); !ids[id] {
			t.Errorf("docs/%s belongs to no rule", e.Name())
		}
	}
}

func TestValidateRejects(t *testing.T) {
	ok := *NginxSSLOn
	cases := map[string]func(r *Rule){
		"bad ID":         func(r *Rule) { r.ID = "NGX1" },
		"wrong prefix":   func(r *Rule) { r.ID = "APA901" },
		"bad name":       func(r *Rule) { r.Name = "Ssl_On" },
		"no severity":    func(r *Rule) { r.Severity = 0 },
		"short period":   func(r *Rule) { r.Short = "ends." },
		"no check":       func(r *Rule) { r.Check = nil },
		"no doc page":    func(r *Rule) { r.ID = "NGX999" },
		"unknown target": func(r *Rule) { r.Target = "iis" },
	}
	for name, mutate := range cases {
		r := ok
		mutate(&r)
		if err := validate([]*Rule{&r}); err == nil {
			t.Errorf("%s: validate accepted %+v", name, r)
		}
	}
	dup := ok
	if err := validate([]*Rule{&ok, &dup}); err == nil {
		t.Error("validate accepted a duplicate ID")
	}
}

func ExampleLookup() {
	r, _ := Lookup("ssl-on")
	fmt.Println(r.ID, r.Severity, r.DocURL())
	// Output: NGX001 error https://github.com/wssgen/wssgen/blob/main/lint/docs/NGX001.md
}

func TestRunInput(t *testing.T) {
	cfg, err := nginxconf.Parse("x.conf", []byte("ssl_prefer_server_ciphers on;\n"), nginxconf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(Input{Nginx: cfg}, Options{})
	if err != nil || len(rep.Findings) != 1 || rep.Findings[0].Rule != NginxPreferServerCiphers {
		t.Errorf("Run = %+v, %v", rep, err)
	}
	if _, err := Run(Input{}, Options{}); err == nil {
		t.Error("Run accepted an empty input")
	}
}
