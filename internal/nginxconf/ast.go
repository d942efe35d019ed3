// Package nginxconf parses nginx configuration files, keeping the file, line
// and column of every directive so lint findings can point at them.
package nginxconf

import "github.com/wssgen/wssgen/internal/source"

// Config is a parsed configuration: the main file and everything it
// includes, in the order nginx reads them.
type Config struct {
	// Files holds every file read, the main file first. A file included
	// several times appears once.
	Files []*File
}

// Main returns the file parsing started from.
func (c *Config) Main() *File { return c.Files[0] }

// File is one configuration file.
type File struct {
	Path       string
	Directives []*Directive
	Comments   []Comment
	// Src is the text the file was parsed from, so diagnostics can quote
	// the offending line even for stdin or a file of an "nginx -T" dump.
	// Positions' Offset fields index into it. Names, argument values
	// without escapes and comments are substrings of it, so keeping it
	// costs no memory of its own.
	Src string
}

// Comment is a '#' comment; Text excludes the '#'.
type Comment struct {
	Text  string
	Range source.Range
}

// Arg is one directive argument.
type Arg struct {
	// Value is the argument with quotes removed and escapes resolved.
	Value string
	// Quote is '"', '\'' or 0 for a bare word.
	Quote byte
	Range source.Range
}

// Directive is a simple directive ("listen 443 ssl;") or a block directive
// ("server { ... }").
//
// The fields a walk over the tree reads (the name, the arguments, the
// block and whether it is one) come first, so that they share a cache
// line or two; the ranges, read only to report a finding, come last.
type Directive struct {
	Name string
	Args []Arg
	// Block is non-nil for block directives (possibly empty).
	Block []*Directive
	// Raw is true for blocks whose body nginx does not parse as directives
	// (*_by_lua_block): Block is then empty and RawBody holds the text.
	Raw bool
	// Included holds the files an include directive pulled in, resolved
	// and parsed; nil for other directives or unresolved includes.
	Included []*File
	RawBody  string
	// NameRange covers the name.
	NameRange source.Range
	// Range covers the name through the closing ';' or '}'.
	Range source.Range
}

// IsBlock reports whether d has a { } body.
func (d *Directive) IsBlock() bool { return d.Block != nil || d.Raw }

// ArgValues returns the argument values.
func (d *Directive) ArgValues() []string {
	vs := make([]string, len(d.Args))
	for i, a := range d.Args {
		vs[i] = a.Value
	}
	return vs
}

// Children returns d's block with every include replaced by the
// directives of the files it included, recursively: the view nginx has.
func (d *Directive) Children() []*Directive { return Expand(d.Block) }

// Expand returns ds with include directives replaced by the directives of
// the files they included, recursively.
func Expand(ds []*Directive) []*Directive {
	hasInclude := false
	for _, d := range ds {
		if d.Name == "include" && d.Included != nil {
			hasInclude = true
			break
		}
	}
	if !hasInclude {
		return ds
	}
	out := make([]*Directive, 0, expandedLen(ds))
	return appendExpanded(out, ds)
}

// expandedLen is the length of Expand(ds), so that Expand allocates once
// even for an http block including thousands of servers.
func expandedLen(ds []*Directive) int {
	n := 0
	for _, d := range ds {
		if d.Name == "include" && d.Included != nil {
			for _, f := range d.Included {
				n += expandedLen(f.Directives)
			}
			continue
		}
		n++
	}
	return n
}

func appendExpanded(out, ds []*Directive) []*Directive {
	for _, d := range ds {
		if d.Name == "include" && d.Included != nil {
			for _, f := range d.Included {
				out = appendExpanded(out, f.Directives)
			}
			continue
		}
		out = append(out, d)
	}
	return out
}
