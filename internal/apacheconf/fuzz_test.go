package apacheconf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
)

// FuzzParse checks that no input panics the parser and that every position
// it reports lies inside the input and agrees with itself: offset, line and
// column name the same byte, starts do not pass ends, and children lie
// inside their parents. The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	confs, _ := filepath.Glob("testdata/*.conf")
	for _, c := range confs {
		if b, err := os.ReadFile(c); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := Parse("fuzz.conf", src, Options{NoIncludes: true})
		checkResult(t, src, cfg, err)

		// Includes served from memory: the main file may include itself
		// (a cycle), anything else reads a small fixed file.
		const other = "Other x\n<If y>\n</If>\n"
		opts := Options{
			ServerRoot: "/srv",
			ReadFile: func(p string) ([]byte, error) {
				if p == "/srv/fuzz.conf" {
					return src, nil
				}
				return []byte(other), nil
			},
			Glob: func(p string) ([]string, error) {
				if _, err := filepath.Match(p, ""); err != nil {
					return nil, err
				}
				return []string{filepath.Join(filepath.Dir(p), "g.conf")}, nil
			},
		}
		cfg, err = Parse("/srv/fuzz.conf", src, opts)
		checkResult(t, src, cfg, err)
	})
}

func checkResult(t *testing.T, src []byte, cfg *Config, err error) {
	if err != nil {
		var se *source.Error
		if !errors.As(err, &se) {
			t.Fatalf("error %v is %T, not *source.Error", err, err)
		}
		if filepath.Base(se.Range.File.String()) == "fuzz.conf" {
			checkRange(t, src, se.Range, "error")
		}
		return
	}
	if cfg == nil || len(cfg.Files) == 0 || cfg.Main() == nil {
		t.Fatal("no error and no config")
	}
	f := cfg.Main()
	for _, c := range f.Comments {
		checkRange(t, src, c.Range, "comment")
	}
	checkDirectives(t, src, f.Directives, nil)
}

func checkDirectives(t *testing.T, src []byte, ds []*Directive, parent *Directive) {
	prevEnd := int32(-1)
	for _, d := range ds {
		checkRange(t, src, d.Range, "directive "+d.Name)
		checkRange(t, src, d.NameRange, "name of "+d.Name)
		if d.Name == "" {
			t.Errorf("directive at %v has an empty name", d.Range)
		}
		if !inside(d.NameRange, d.Range) {
			t.Errorf("%s: name range %v-%v outside %v-%v", d.Name, d.NameRange.Start, d.NameRange.End, d.Range.Start, d.Range.End)
		}
		if parent != nil && !inside(d.Range, parent.Range) {
			t.Errorf("%s inside <%s> reaches outside it", d.Name, parent.Name)
		}
		if d.Range.Start.Offset < prevEnd {
			t.Errorf("%s starts at %d, before the previous directive ends (%d)", d.Name, d.Range.Start.Offset, prevEnd)
		}
		prevEnd = d.Range.End.Offset
		argEnd := d.NameRange.End.Offset
		for _, a := range d.Args {
			checkRange(t, src, a.Range, "argument of "+d.Name)
			if !inside(a.Range, d.Range) || a.Range.Start.Offset < argEnd {
				t.Errorf("%s: argument %q at %d-%d out of order or outside the directive", d.Name, a.Raw, a.Range.Start.Offset, a.Range.End.Offset)
			}
			argEnd = a.Range.End.Offset
		}
		if !d.Section && len(d.Children) > 0 {
			t.Errorf("%s is not a section but has children", d.Name)
		}
		checkDirectives(t, src, d.Children, d)
	}
}

func inside(in, out source.Range) bool {
	return out.Start.Offset <= in.Start.Offset && in.End.Offset <= out.End.Offset
}

// checkRange verifies r against src: offsets in bounds and ordered, and
// line and column computed from the offset equal the ones reported.
func checkRange(t *testing.T, src []byte, r source.Range, what string) {
	t.Helper()
	for _, p := range []source.Pos{r.Start, r.End} {
		off := int(p.Offset)
		if off < 0 || off > len(src) {
			t.Fatalf("%s: offset %d outside the input (%d bytes)", what, p.Offset, len(src))
		}
		line := 1 + bytes.Count(src[:off], []byte{'\n'})
		col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
		if int(p.Line) != line || int(p.Column) != col {
			t.Fatalf("%s: offset %d is %d:%d, reported as %d:%d", what, p.Offset, line, col, p.Line, p.Column)
		}
	}
	if r.Start.Offset > r.End.Offset {
		t.Fatalf("%s: start %d after end %d", what, r.Start.Offset, r.End.Offset)
	}
}
