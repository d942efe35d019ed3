// Package apacheconf parses Apache httpd configuration files, keeping the
// file, line and column of every directive and section.
package apacheconf

import "github.com/wssgen/wssgen/internal/source"

// Config is a parsed configuration: the main file and everything it
// includes, in the order httpd reads them.
type Config struct {
	Files []*File
}

// Main returns the file parsing started from.
func (c *Config) Main() *File { return c.Files[0] }

// File is one configuration file.
type File struct {
	Path       string
	Directives []*Directive
	Comments   []Comment
}

// Comment is a line whose first non-blank character is '#'; Text excludes it.
type Comment struct {
	Text  string
	Range source.Range
}

// Arg is one directive argument.
type Arg struct {
	// Raw is the argument as written, quotes removed.
	Raw string
	// Value is Raw with ${VAR} replaced by Define'd values.
	Value string
	Quote byte // '"', '\'' or 0
	Range source.Range
}

// Directive is a directive line or a <Section>…</Section>. Names keep the
// case they were written in; Apache itself compares them case-insensitively
// (use Is).
//
// The fields a walk over the tree reads come first, so that they share a
// cache line or two; the ranges, read only to report a finding, come
// last.
type Directive struct {
	Name string
	Args []Arg
	// Section is true for <Name args> … </Name>; Children holds the body.
	Section  bool
	Children []*Directive
	// Included holds the files an Include/IncludeOptional pulled in.
	Included  []*File
	NameRange source.Range
	Range     source.Range
}

// Is compares the directive name case-insensitively, as httpd does.
func (d *Directive) Is(name string) bool { return equalFold(d.Name, name) }

// ArgValues returns the argument values after variable substitution.
func (d *Directive) ArgValues() []string {
	vs := make([]string, len(d.Args))
	for i, a := range d.Args {
		vs[i] = a.Value
	}
	return vs
}

// Body returns d's children with includes expanded, recursively.
func (d *Directive) Body() []*Directive { return Expand(d.Children) }

// Expand returns ds with Include/IncludeOptional directives replaced by the
// directives of the files they included, recursively.
//
// When ds holds no resolved include, ds itself is returned.
func Expand(ds []*Directive) []*Directive {
	n, found := expandedLen(ds)
	if !found {
		return ds
	}
	return appendExpanded(make([]*Directive, 0, n), ds)
}

func isInclude(d *Directive) bool {
	return d.Included != nil && (d.Is("Include") || d.Is("IncludeOptional"))
}

// expandedLen is the length of Expand(ds), so that Expand allocates once
// even for a configuration including thousands of virtual hosts; found
// reports whether ds holds an include to expand.
func expandedLen(ds []*Directive) (n int, found bool) {
	for _, d := range ds {
		if !isInclude(d) {
			n++
			continue
		}
		found = true
		for _, f := range d.Included {
			m, _ := expandedLen(f.Directives)
			n += m
		}
	}
	return n, found
}

func appendExpanded(out, ds []*Directive) []*Directive {
	for _, d := range ds {
		if !isInclude(d) {
			out = append(out, d)
			continue
		}
		for _, f := range d.Included {
			out = appendExpanded(out, f.Directives)
		}
	}
	return out
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
