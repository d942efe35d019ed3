package nginxconf

import (
	"fmt"
	"strings"

	"github.com/wssgen/wssgen/internal/source"
)

// Options controls how Parse and ParseFile find included files.
type Options struct {
	// IncludeRoot is the directory relative include paths resolve against;
	// empty means the directory of the main file (nginx itself uses its
	// prefix/conf dir).
	IncludeRoot string
	// NoIncludes disables following includes (include directives stay
	// unresolved).
	NoIncludes bool
	// ReadFile and Glob default to os.ReadFile and filepath.Glob
	// (overridable for tests).
	ReadFile func(string) ([]byte, error)
	Glob     func(string) ([]string, error)
}

// ParseFile reads and parses path, following include directives. A file
// holding the output of "nginx -T" is split into the files it dumps; see
// Parse.
func ParseFile(path string, opts Options) (*Config, error) {
	var src string
	if opts.ReadFile != nil {
		b, err := opts.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read nginx config: %w", err)
		}
		src = string(b)
	} else {
		var err error
		if src, err = source.ReadFile(path, nil); err != nil {
			return nil, fmt.Errorf("read nginx config: %w", err)
		}
	}
	return ParseString(path, src, opts)
}

// Parse parses src as if it were the file named name (for stdin and tests).
//
// When src is the output of "nginx -T" (optionally preceded by the
// "nginx: ..." lines nginx prints on stderr), it is split at the
// "# configuration file PATH:" markers; every dumped file is parsed under
// its own path with its own line numbers, the first one is the main file,
// and include directives resolve against the dumped files instead of the
// disk. Dumped files no include reaches are appended to Config.Files.
//
// Syntax errors and include failures are returned as *source.Error.
func Parse(name string, src []byte, opts Options) (*Config, error) {
	// One copy of the text: every file of a dump and every argument value
	// is a substring of it.
	return ParseString(name, string(src), opts)
}

// ParseString is Parse for text held in a string, which the parsed
// configuration then shares instead of copying.
func ParseString(name, src string, opts Options) (*Config, error) {
	sections, isDump, err := splitDump(name, src)
	if err != nil {
		return nil, err
	}
	if !isDump {
		l := newLoader(opts, name)
		if _, err := l.load(name, src); err != nil {
			return nil, err
		}
		return l.cfg, nil
	}
	return parseDump(sections, opts)
}

// confBuffer is nginx's NGX_CONF_BUFFER: nginx reads configuration
// through a buffer this size and refuses any token or comment that does
// not fit in it. word, quoted and comment check the exact conditions,
// which testdata and the tests against nginx pin down.
const confBuffer = 4096

// eof is the terminator readDirective reports at the end of the input.
const eof = 0

// parser turns one file into directives. It follows the state machine
// of ngx_conf_read_token in nginx's src/core/ngx_conf_file.c, so that
// what nginx accepts and rejects, and how it splits and unescapes
// arguments, match.
type parser struct {
	path source.FileName
	src  string // argument values are substrings of it
	off  int

	line      int // 1-based line of off
	lineStart int // offset of the first byte of line

	file *File
	ld   *loader
	a    *arena // the loader's, shared by the files of one parse

	// The directive being read: its first token, and how many tokens
	// it has. The other tokens go straight into the arena's argument
	// slab, so they are written once.
	name Arg
	ntok int
}

func newParser(path string, src string, f *File, ld *loader) *parser {
	return &parser{path: source.NewFileName(path), src: src, line: 1, file: f, ld: ld, a: &ld.arena}
}

// arena holds the memory a parse carves its syntax tree from. Every
// directive, argument and child list would otherwise be an allocation
// of its own, and on a configuration of many megabytes the tree is most
// of what wssgen lint spends time and memory on. The slabs are shared by
// all files of a parse so that only the last one of each kind has an
// unused tail.
type arena struct {
	dirs []Directive  // unused part of the directive slab
	ptrs []*Directive // unused part of the slab child lists come from
	// The sizes of the last slabs made, which the next ones double.
	dirSlab, ptrSlab int

	// args is the argument slab: the directive being read has its
	// arguments in args[argStart:argUsed], everything before is taken.
	args              []Arg
	argStart, argUsed int

	// kids stacks the children of every block still open, in every file
	// being read (an include is parsed while its file's blocks are open),
	// and comments the comments of the files being read. A block or file
	// gets an exact copy of its part when it ends.
	kids     []*Directive
	comments []Comment
}

// Slab sizes grow from the first to the last value, so a small file
// stays small and a large tree makes few allocations.
const (
	minSlab = 16
	maxSlab = 1024
)

func nextSlab(prev int) int { return min(max(2*prev, minSlab), maxSlab) }

// directive returns a zeroed directive from the slab.
func (a *arena) directive() *Directive {
	if len(a.dirs) == 0 {
		a.dirSlab = nextSlab(a.dirSlab)
		a.dirs = make([]Directive, a.dirSlab)
	}
	d := &a.dirs[0]
	a.dirs = a.dirs[1:]
	return d
}

// list returns a copy of ds carved from the pointer slab. The capacity is
// the length, so an append by a caller cannot overwrite a neighbour.
func (a *arena) list(ds []*Directive) []*Directive {
	n := len(ds)
	if n > len(a.ptrs) {
		if n > maxSlab/4 {
			out := make([]*Directive, n)
			copy(out, ds)
			return out
		}
		a.ptrSlab = nextSlab(a.ptrSlab)
		a.ptrs = make([]*Directive, max(a.ptrSlab, n))
	}
	out := a.ptrs[:n:n]
	a.ptrs = a.ptrs[n:]
	copy(out, ds)
	return out
}

func (p *parser) pos(off int) source.Pos {
	return source.Pos{Line: int32(p.line), Column: int32(off - p.lineStart + 1), Offset: int32(off)}
}

func (p *parser) rng(start, end source.Pos) source.Range {
	return source.Range{File: p.path, Start: start, End: end}
}

// errAt reports a problem that starts at start and runs to the current
// scanning position (off, which must not be before start).
func (p *parser) errAt(start source.Pos, off int, format string, args ...any) error {
	return &source.Error{Range: p.rng(start, p.pos(off)), Message: fmt.Sprintf(format, args...)}
}

// errByte reports an unexpected byte at off, on the current line.
func (p *parser) errByte(off int, format string, args ...any) error {
	return p.errAt(p.pos(off), off+1, format, args...)
}

// quoteByte formats c for a message: `"}"`, `"\x00"`.
func quoteByte(c byte) string { return fmt.Sprintf("%q", string([]byte{c})) }

// wordPlain marks the bytes a bare word simply continues with; word
// looks closer only at the others.
var wordPlain = func() (t [256]bool) {
	for i := range t {
		t[i] = true
	}
	for _, c := range []byte(" \t\r\n;{\\$") {
		t[c] = false
	}
	return t
}()

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// frame is a block being read: its directive and where its children
// start on the arena's kids stack.
type frame struct {
	d    *Directive
	base int
}

// parse reads the whole file into p.file.Directives. A syntax error ends
// the whole parse, so the arena's stacks are not unwound then.
func (p *parser) parse() error {
	a := p.a
	commentBase := len(a.comments)
	stack := []frame{{base: len(a.kids)}}
	for {
		term, at, err := p.readDirective()
		if err != nil {
			return err
		}
		switch term {
		case eof:
			if len(stack) > 1 {
				return p.errAt(p.pos(at), at, `unexpected end of file, expecting "}"`)
			}
			if base := stack[0].base; len(a.kids) > base {
				p.file.Directives = a.list(a.kids[base:])
				a.kids = a.kids[:base]
			}
			if len(a.comments) > commentBase {
				p.file.Comments = make([]Comment, len(a.comments)-commentBase)
				copy(p.file.Comments, a.comments[commentBase:])
				a.comments = a.comments[:commentBase]
			}
			return nil
		case '}':
			if len(stack) == 1 {
				return p.errByte(at, `unexpected "}"`)
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			d := top.d
			if len(a.kids) > top.base {
				d.Block = a.list(a.kids[top.base:])
				a.kids = a.kids[:top.base]
			} else {
				d.Block = []*Directive{}
			}
			d.Range.End = p.pos(at + 1)
			a.kids = append(a.kids, d)
		case ';':
			d := p.newDirective(at + 1)
			a.kids = append(a.kids, d)
			if d.Name == "include" && !p.ld.opts.NoIncludes {
				if err := p.ld.include(d); err != nil {
					return err
				}
			}
		case '{':
			d := p.newDirective(at + 1)
			if strings.HasSuffix(d.Name, "_by_lua_block") {
				if err := p.luaBlock(d); err != nil {
					return err
				}
				a.kids = append(a.kids, d)
				continue
			}
			stack = append(stack, frame{d: d, base: len(a.kids)})
		}
	}
}

// newDirective turns the tokens read into a directive whose terminator
// ends just before end (the current position).
func (p *parser) newDirective(end int) *Directive {
	a := p.a
	d := a.directive()

	d.Name = p.name.Value
	d.NameRange = p.name.Range
	d.Range = p.rng(p.name.Range.Start, p.pos(end))
	if p.ntok > 1 {
		// The three-index slice keeps an append by a caller from
		// overwriting the next directive's arguments.
		d.Args = a.args[a.argStart:a.argUsed:a.argUsed]
		a.argStart = a.argUsed
	}
	return d
}

// readDirective reads the tokens of one directive (see pushArg) and
// returns what ended it: ';' or '{' (after at least one token), '}'
// (after none) or eof; at is the offset of that byte.
func (p *parser) readDirective() (term byte, at int, err error) {
	p.ntok = 0
	p.a.argUsed = p.a.argStart
	src := p.src
	n := len(src)
	for {
		i := p.off
		for i < n {
			c := src[i]
			if c == '\n' {
				p.line++
				p.lineStart = i + 1
			} else if c != ' ' && c != '\t' && c != '\r' {
				break
			}
			i++
		}
		p.off = i
		if i >= n {
			if p.ntok > 0 {
				return 0, i, p.errAt(p.pos(i), i, `unexpected end of file, expecting ";" or "}"`)
			}
			return eof, i, nil
		}
		switch c := src[i]; c {
		case ';', '{':
			if p.ntok == 0 {
				return 0, i, p.errByte(i, "unexpected %s, expecting a directive name", quoteByte(c))
			}
			p.off = i + 1
			return c, i, nil
		case '}':
			if p.ntok > 0 {
				return 0, i, p.errByte(i, `unexpected "}", expecting ";" or "{"`)
			}
			p.off = i + 1
			return '}', i, nil
		case '#':
			if err := p.comment(); err != nil {
				return 0, i, err
			}
		case '"', '\'':
			if err := p.quoted(c); err != nil {
				return 0, i, err
			}
		default:
			if err := p.word(); err != nil {
				return 0, i, err
			}
		}
	}
}

// comment records the '#' comment at p.off, which runs to the end of the
// line.
func (p *parser) comment() error {
	start := p.off
	end := len(p.src)
	if j := strings.IndexByte(p.src[start:], '\n'); j >= 0 {
		end = start + j
	}
	// nginx keeps reading a comment in its token buffer, so a comment of
	// a full buffer fails like an over-long token unless the file ends
	// within that buffer.
	if end-start >= confBuffer && len(p.src) > start+confBuffer {
		return p.errAt(p.pos(start), start+1, "too long comment: nginx rejects comments of %d bytes or more", confBuffer)
	}
	textEnd := end
	if textEnd > start+1 && p.src[textEnd-1] == '\r' {
		textEnd--
	}
	p.a.comments = append(p.a.comments, Comment{
		Text:  p.src[start+1 : textEnd],
		Range: p.rng(p.pos(start), p.pos(textEnd)),
	})
	p.off = end
	return nil
}

// word reads a bare token at p.off and leaves p.off at the byte that ended
// it (space, ';' or '{').
func (p *parser) word() error {
	src := p.src
	n := len(src)
	start := p.off
	startPos := p.pos(start)
	escaped := false
	i := start
scan:
	for {
		for i < n && wordPlain[src[i]] {
			i++
		}
		if i >= n {
			break
		}
		switch src[i] {
		case '\\':
			// A backslash makes nginx skip the next byte, whatever it is.
			escaped = true
			if i+1 < n && src[i+1] == '\n' {
				p.line++
				p.lineStart = i + 2
			}
			i += 2
		case '$':
			// "${name}": the braces belong to the variable, not to a
			// block.
			i++
			for i < n && src[i] == '{' {
				i++
			}
		default: // a space, ';' or '{'
			break scan
		}
	}
	if i >= n {
		// The token ran into the end of the file: nginx reports the
		// missing terminator there.
		p.off = n
		return p.errAt(p.pos(n), n, `unexpected end of file, expecting ";" or "}"`)
	}
	// nginx must hold a token plus the byte after it in its buffer when
	// that byte is a space; a ';' or '{' ends the read before the buffer
	// is refilled.
	if l := i - start; l >= confBuffer || (l == confBuffer-1 && isSpace(src[i])) {
		return p.tooLong(startPos, start, i)
	}
	p.off = i
	p.pushArg(start, i, i, 0, startPos, escaped)
	return nil
}

// quoted reads a token in quote q at p.off and checks the byte after the
// closing quote, which nginx requires to be a space, ';', '{' or ')'.
func (p *parser) quoted(q byte) error {
	src := p.src
	n := len(src)
	start := p.off
	startPos := p.pos(start)
	escaped := false
	i := start + 1
	for {
		if i >= n {
			p.off = n
			return p.errAt(startPos, n, "unterminated quoted string")
		}
		c := src[i]
		if c == q {
			break
		}
		switch c {
		case '\n':
			p.line++
			p.lineStart = i + 1
		case '\\':
			escaped = true
			if i+1 < n && src[i+1] == '\n' {
				p.line++
				p.lineStart = i + 2
			}
			i += 2
			continue
		}
		i++
	}
	// i is the closing quote. nginx's buffer holds the text from after
	// the opening quote up to the byte following the closing quote, and
	// one more byte when that is a space.
	next := i + 1
	if l := i - start - 1; l >= confBuffer-1 || (l == confBuffer-2 && next < n && isSpace(src[next])) {
		return p.tooLong(startPos, start, next)
	}
	p.pushArg(start+1, i, next, q, startPos, escaped)
	p.off = next
	if next < n {
		switch c := src[next]; c {
		case ' ', '\t', '\r', '\n', ';', '{', ')':
		default:
			return p.errByte(next, "unexpected %s after the closing quote, expecting a space, \";\" or \"{\"", quoteByte(c))
		}
	}
	return nil
}

func (p *parser) tooLong(startPos source.Pos, start, end int) error {
	prefix := p.src[start:min(end, start+10)]
	hint := ""
	if q := p.src[start]; (q == '"' || q == '\'') && strings.IndexByte(p.src[start:end], '\n') >= 0 {
		// A forgotten closing quote makes a string run on to the next
		// quote, usually lines later.
		hint = " (is a closing quote missing?)"
	}
	return p.errAt(startPos, end, "too long parameter %q...: nginx rejects parameters of about %d bytes or more%s", prefix, confBuffer, hint)
}

// pushArg adds the token whose value is src[vstart:vend] and whose
// text ends at end.
func (p *parser) pushArg(vstart, vend, end int, quote byte, startPos source.Pos, escaped bool) {
	v := p.src[vstart:vend]
	if escaped {
		v = unescape(v)
	}
	// The token is written where it belongs, the name aside and the
	// others in the slab, rather than built and copied there.
	var a *Arg
	p.ntok++
	if p.ntok == 1 {
		a = &p.name
	} else {
		ar := p.a
		if ar.argUsed == len(ar.args) {
			// Move the directive's arguments so far to a fresh slab,
			// which keeps them contiguous.
			n := ar.argUsed - ar.argStart
			slab := make([]Arg, max(nextSlab(len(ar.args)), 2*n))
			copy(slab, ar.args[ar.argStart:ar.argUsed])
			ar.args, ar.argStart, ar.argUsed = slab, 0, n
		}
		a = &ar.args[ar.argUsed]
		ar.argUsed++
	}
	a.Value, a.Quote = v, quote
	a.Range = source.Range{File: p.path, Start: startPos, End: p.pos(end)}
}

// unescape resolves backslash escapes as nginx does: \" \' and \\ stand
// for the character, \t \r \n for tab, CR and LF; any other backslash is
// kept, so regular expressions like "\d" reach the regex engine intact.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '"', '\'', '\\':
				i++
				c = s[i]
			case 't':
				i++
				c = '\t'
			case 'r':
				i++
				c = '\r'
			case 'n':
				i++
				c = '\n'
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// luaBlock reads the body of a *_by_lua_block directive, which is Lua
// code rather than directives, up to the '}' that balances the opening
// brace. Like the lua-nginx-module's own lexer it skips braces inside Lua
// strings, long strings ([[...]], [==[...]==]) and comments.
func (p *parser) luaBlock(d *Directive) error {
	src := p.src
	n := len(src)
	bodyStart := p.off
	depth := 1
	i := p.off
	for i < n {
		switch c := src[i]; c {
		case '\n':
			p.line++
			p.lineStart = i + 1
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				d.Raw = true
				d.RawBody = p.src[bodyStart:i]
				d.Range.End = p.pos(i + 1)
				p.off = i + 1
				return nil
			}
		case '-':
			if i+1 < n && src[i+1] == '-' {
				i += 2
				if level, ok := longBracket(src, i); ok {
					i = p.skipLongBracket(i, level)
				} else if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
					i += j
				} else {
					i = n
				}
				continue
			}
		case '[':
			if level, ok := longBracket(src, i); ok {
				i = p.skipLongBracket(i, level)
				continue
			}
		case '"', '\'':
			i = p.skipLuaString(i, c)
			continue
		}
		i++
	}
	p.off = n
	return p.errAt(p.pos(n), n, `unexpected end of file in Lua block of %q, expecting "}"`, d.Name)
}

// longBracket reports whether a Lua long bracket "[", "="*level, "["
// opens at src[i].
func longBracket(src string, i int) (level int, ok bool) {
	if i >= len(src) || src[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j < len(src) && src[j] == '[' {
		return j - i - 1, true
	}
	return 0, false
}

// skipLongBracket returns the offset after the long bracket of the given
// level opened at i, or len(src) if it is never closed.
func (p *parser) skipLongBracket(i, level int) int {
	src := p.src
	n := len(src)
	i += level + 2
	for i < n {
		switch src[i] {
		case '\n':
			p.line++
			p.lineStart = i + 1
		case ']':
			j := i + 1
			for j < n && src[j] == '=' {
				j++
			}
			if j < n && src[j] == ']' && j-i-1 == level {
				return j + 1
			}
		}
		i++
	}
	return n
}

// skipLuaString returns the offset after the Lua string in quote q opened
// at i. An unescaped newline ends it too: Lua reports such a string as
// unfinished, and stopping there keeps one stray quote from swallowing
// the rest of the file.
func (p *parser) skipLuaString(i int, q byte) int {
	src := p.src
	n := len(src)
	for i++; i < n; i++ {
		switch src[i] {
		case q:
			return i + 1
		case '\n':
			return i
		case '\\':
			if i+1 < n && src[i+1] == '\n' {
				p.line++
				p.lineStart = i + 2
			}
			i++
		}
	}
	return n
}
