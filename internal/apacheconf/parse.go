package apacheconf

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/wssgen/wssgen/internal/source"
)

// Options controls how configuration files are read.
type Options struct {
	// ServerRoot is the directory relative Include paths resolve against
	// (httpd uses ServerRoot); empty means the directory of the main file,
	// or the value of a ServerRoot directive once one has been read. A
	// non-empty ServerRoot here wins over the directive, so a configuration
	// checked out of a repository can be linted where it lies.
	ServerRoot string
	// NoIncludes leaves Include and IncludeOptional unresolved: their
	// Directive.Included stays nil.
	NoIncludes bool
	// Defines are variables set as if by -D/Define before parsing. An
	// empty value defines the name only (as -D NAME does), so ${NAME}
	// stays as written.
	Defines map[string]string
	// ReadFile reads a file; nil means os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// Glob expands a wildcard pattern; nil means filepath.Glob.
	Glob func(string) ([]string, error)
}

// maxIncludeDepth mirrors httpd's AP_MAX_INCLUDE_DEPTH: a cycle the path
// check cannot see (through symbolic links, say) still ends.
const maxIncludeDepth = 128

// ParseFile reads and parses the configuration file at path and every file
// it includes.
//
// Syntax errors are *source.Error values carrying the file, line and
// column; the returned Config is then nil. Config.Files lists every file in
// the order it was read, so a file included twice appears twice (each read
// sees the variables defined at that point, as in httpd).
func ParseFile(path string, opts Options) (*Config, error) {
	p := newParser(path, opts)
	src, err := p.read(path)
	if err != nil {
		return nil, fmt.Errorf("read apache config: %w", err)
	}
	return p.parse(path, src)
}

// Parse parses src as the configuration file called name (used in
// positions and as the base for relative includes when opts.ServerRoot is
// empty). Included files are read through opts.ReadFile.
func Parse(name string, src []byte, opts Options) (*Config, error) {
	return newParser(name, opts).parse(name, string(src))
}

// ParseString is Parse for text held in a string, which the parsed
// configuration then shares instead of copying.
func ParseString(name, src string, opts Options) (*Config, error) {
	return newParser(name, opts).parse(name, src)
}

func newParser(name string, opts Options) *parser {
	p := &parser{
		opts: opts,
		glob: opts.Glob,
		cfg:  &Config{},
		vars: make(map[string]string, len(opts.Defines)),
	}
	if read := opts.ReadFile; read != nil {
		p.read = func(path string) (string, error) {
			b, err := read(path)
			return string(b), err
		}
	} else {
		p.read = func(path string) (string, error) { return source.ReadFile(path, &p.buf) }
	}
	if p.glob == nil {
		p.glob = filepath.Glob
	}
	p.serverRoot = opts.ServerRoot
	if p.serverRoot == "" {
		p.serverRoot = filepath.Dir(name)
	}
	for k, v := range opts.Defines {
		if v != "" {
			p.vars[k] = v
		}
	}
	return p
}

func (p *parser) parse(name, src string) (*Config, error) {
	if _, err := p.parseFile(name, src); err != nil {
		return nil, err
	}
	return p.cfg, nil
}

// parser holds what lives across files: variables, the server root and
// the stack of files being read.
type parser struct {
	opts Options
	// read reads a file as one string: arguments are substrings of it.
	read       func(string) (string, error)
	buf        []byte // source.ReadFile's buffer
	glob       func(string) ([]string, error)
	cfg        *Config
	vars       map[string]string
	serverRoot string
	// reading holds the cleaned paths of the files being read, outermost
	// first, to catch include cycles.
	reading []string

	// Directives and arguments are carved out of larger blocks: one
	// allocation per block instead of one per directive keeps the linter
	// fast on big configurations.
	dirBlock []Directive
	// argBlock is filled by append; each directive's arguments are a
	// capacity-capped window of it, so appending to one cannot overwrite
	// a neighbour.
	argBlock []Arg
	// ptrBlock is where lists of directives are carved from.
	ptrBlock []*Directive

	// kids stacks the directives of every section still open and of
	// every file being read (an include is read while its file's
	// sections are open), and comments the comments of the files being
	// read. A section or file gets an exact copy of its part when it
	// ends.
	kids     []*Directive
	comments []Comment
}

// list returns a copy of ds carved from ptrBlock, or nil for none. The
// capacity is the length, so an append by a caller cannot overwrite a
// neighbour.
func (p *parser) list(ds []*Directive) []*Directive {
	n := len(ds)
	if n == 0 {
		return nil
	}
	if n > len(p.ptrBlock) {
		if n > 128 {
			out := make([]*Directive, n)
			copy(out, ds)
			return out
		}
		p.ptrBlock = make([]*Directive, 512)
	}
	out := p.ptrBlock[:n:n]
	p.ptrBlock = p.ptrBlock[n:]
	copy(out, ds)
	return out
}

// newDirective returns a zero Directive from the current block.
func (p *parser) newDirective() *Directive {
	if len(p.dirBlock) == 0 {
		p.dirBlock = make([]Directive, 128)
	}
	d := &p.dirBlock[0]
	p.dirBlock = p.dirBlock[1:]
	return d
}

// parseFile parses one file and, recursively, what it includes.
func (p *parser) parseFile(path string, src string) (*File, error) {
	if err := source.CheckSize(path, len(src)); err != nil {
		return nil, err
	}
	f := &File{Path: path}
	p.cfg.Files = append(p.cfg.Files, f)
	p.reading = append(p.reading, filepath.Clean(path))
	defer func() { p.reading = p.reading[:len(p.reading)-1] }()

	fp := &fileParser{p: p, file: f, name: source.NewFileName(path), src: src, line: 1}
	kidsBase, commentsBase := len(p.kids), len(p.comments)
	if err := fp.run(); err != nil {
		// The whole parse fails, so the stacks need no unwinding.
		return nil, err
	}
	f.Directives = p.list(p.kids[kidsBase:])
	p.kids = p.kids[:kidsBase]
	if n := len(p.comments) - commentsBase; n > 0 {
		f.Comments = make([]Comment, n)
		copy(f.Comments, p.comments[commentsBase:])
		p.comments = p.comments[:commentsBase]
	}
	return f, nil
}

// segment maps part of a logical line back to the file: a logical line is
// several physical lines when they end in a backslash.
type segment struct {
	lo        int // offset in the logical line
	off       int // file offset of that byte
	line      int
	lineStart int // file offset of the physical line's first byte
}

// fileParser reads one file line by line.
type fileParser struct {
	p    *parser
	file *File
	name source.FileName // file.Path, for ranges
	// src is the file's text: arguments are substrings of it, so most
	// of them cost no allocation.
	src string

	off  int // start of the next physical line
	line int // its number

	// The current logical line: its text and where its pieces came from.
	cur  string
	segs []segment
	buf  []byte

	open []sectionFrame // sections not yet closed, outermost first
}

// sectionFrame is a section being read and where its children start on
// the parser's kids stack.
type sectionFrame struct {
	d    *Directive
	base int
}

// nextLine loads the next logical line into cur, joining physical lines
// as httpd 2.4 does: a line continues when a backslash comes right before
// its line break (CR LF allowed), even when that backslash follows another
// one (checked against apache2 -t). That backslash and the line break are
// removed and nothing is put in their place, so "a\<LF>b" reads as "ab" and
// a continued comment swallows the next line.
func (fp *fileParser) nextLine() bool {
	if fp.off >= len(fp.src) {
		return false
	}
	fp.segs = fp.segs[:0]
	fp.buf = fp.buf[:0]
	for {
		start := fp.off
		end, next := len(fp.src), len(fp.src)
		nl := strings.IndexByte(fp.src[start:], '\n')
		if nl >= 0 {
			end, next = start+nl, start+nl+1
		}
		cont := false
		if nl >= 0 {
			e := end
			if e > start && fp.src[e-1] == '\r' {
				e--
			}
			if e > start && fp.src[e-1] == '\\' {
				cont = true
				end = e - 1
			}
		}
		line := fp.line
		fp.line++
		fp.off = next
		if !cont && len(fp.segs) == 0 {
			fp.cur = fp.src[start:end]
			fp.segs = append(fp.segs, segment{0, start, line, start})
			return true
		}
		fp.segs = append(fp.segs, segment{len(fp.buf), start, line, start})
		fp.buf = append(fp.buf, fp.src[start:end]...)
		if !cont || fp.off >= len(fp.src) {
			fp.cur = string(fp.buf)
			return true
		}
	}
}

// pos is the file position of byte lo of the logical line.
func (fp *fileParser) pos(lo int) source.Pos {
	s := fp.segs[0]
	for _, t := range fp.segs[1:] {
		if t.lo > lo {
			break
		}
		s = t
	}
	off := s.off + lo - s.lo
	return source.Pos{Line: int32(s.line), Column: int32(off - s.lineStart + 1), Offset: int32(off)}
}

// endPos is the file position just after byte lo-1 of the logical line. It
// differs from pos at a joint: the end of a piece stays on its own line.
func (fp *fileParser) endPos(lo int) source.Pos {
	s := fp.segs[0]
	for _, t := range fp.segs[1:] {
		if t.lo >= lo {
			break
		}
		s = t
	}
	off := s.off + lo - s.lo
	return source.Pos{Line: int32(s.line), Column: int32(off - s.lineStart + 1), Offset: int32(off)}
}

func (fp *fileParser) rng(lo, hi int) source.Range {
	return source.Range{File: fp.name, Start: fp.pos(lo), End: fp.endPos(hi)}
}

func (fp *fileParser) errorf(r source.Range, format string, args ...any) error {
	return &source.Error{Range: r, Message: fmt.Sprintf(format, args...)}
}

// isSpace matches C's isspace in the "C" locale, which httpd uses to trim
// lines and split words.
func isSpace(c byte) bool { return spaceTable[c] }

var spaceTable = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

func (fp *fileParser) run() error {
	for fp.nextLine() {
		if err := fp.parseLine(); err != nil {
			return err
		}
	}
	if n := len(fp.open); n > 0 {
		// httpd requires every section to close in the file that opened it.
		d := fp.open[n-1].d
		at := fp.eofPos()
		return &source.Error{
			Range:   source.Range{File: fp.name, Start: at, End: at},
			Message: fmt.Sprintf("<%s> section not closed (opened at line %d)", d.Name, d.Range.Start.Line),
		}
	}
	return nil
}

// eofPos is where a missing closing tag was expected: the end of the last
// line rather than the empty line after a final newline.
func (fp *fileParser) eofPos() source.Pos {
	end := len(fp.src)
	if end > 0 && fp.src[end-1] == '\n' {
		end--
		if end > 0 && fp.src[end-1] == '\r' {
			end--
		}
	}
	lineStart := strings.LastIndexByte(fp.src[:end], '\n') + 1
	line := 1 + strings.Count(fp.src[:lineStart], "\n")
	return source.Pos{Line: int32(line), Column: int32(end - lineStart + 1), Offset: int32(end)}
}

// parseLine handles one logical line: blank, comment, directive, section
// opening or closing tag.
func (fp *fileParser) parseLine() error {
	s := fp.cur
	lo, hi := 0, len(s)
	for lo < hi && isSpace(s[lo]) {
		lo++
	}
	for hi > lo && isSpace(s[hi-1]) {
		hi--
	}
	if lo == hi {
		return nil
	}
	if s[lo] == '#' {
		fp.p.comments = append(fp.p.comments, Comment{Text: s[lo+1 : hi], Range: fp.rng(lo, hi)})
		return nil
	}
	if s[lo] == '<' {
		if lo+1 < hi && s[lo+1] == '/' {
			return fp.closeSection(lo, hi)
		}
		return fp.openSection(lo, hi)
	}

	name, _, nameEnd, err := fp.word(lo, hi)
	if err != nil {
		return err
	}
	nameHi := nameEnd
	if len(name) > 1 && name[len(name)-1] == '>' && s[lo] != '"' && s[lo] != '\'' {
		// httpd drops a '>' ending any directive name, not only section
		// names; do the same so the name matches what httpd looks up.
		name = name[:len(name)-1]
		nameHi--
	}
	if name == "" {
		// A quoted empty first word: httpd skips such a line.
		return nil
	}
	args, err := fp.words(fp.skipSpace(nameEnd, hi), hi)
	if err != nil {
		return err
	}
	d := fp.p.newDirective()
	d.Name = name
	d.Args = args
	d.NameRange = fp.rng(lo, nameHi)
	d.Range = fp.rng(lo, hi)
	fp.add(d)
	return fp.p.apply(fp, d)
}

func (fp *fileParser) skipSpace(i, hi int) int {
	for i < hi && isSpace(fp.cur[i]) {
		i++
	}
	return i
}

// add appends d to the innermost open section, or to the file.
func (fp *fileParser) add(d *Directive) { fp.p.kids = append(fp.p.kids, d) }

// openSection parses "<Name args>". As in httpd the section's arguments end
// at the last '>' on the line; anything after it is ignored.
func (fp *fileParser) openSection(lo, hi int) error {
	s := fp.cur
	wordEnd := lo + 1
	for wordEnd < hi && !isSpace(s[wordEnd]) {
		wordEnd++
	}
	nameLo, nameHi := lo+1, wordEnd
	if nameHi > nameLo && s[nameHi-1] == '>' {
		nameHi--
	}
	if nameHi == nameLo {
		return fp.errorf(fp.rng(lo, wordEnd), "missing section name after '<'")
	}
	name := s[nameLo:nameHi]

	var args []Arg
	rest := fp.skipSpace(wordEnd, hi)
	if rest < hi {
		gt := strings.LastIndexByte(s[rest:hi], '>')
		if gt < 0 {
			return fp.errorf(fp.rng(lo, hi), "<%s> directive missing closing '>'", name)
		}
		var err error
		if args, err = fp.words(rest, rest+gt); err != nil {
			return err
		}
	}
	// Without arguments httpd accepts the tag with or without its '>'
	// (it supplies one itself), so "<Else" is a valid opening tag.

	d := fp.p.newDirective()
	d.Name = name
	d.Args = args
	d.NameRange = fp.rng(nameLo, nameHi)
	d.Range = fp.rng(lo, hi) // extended to the closing tag
	d.Section = true
	fp.add(d)
	fp.open = append(fp.open, sectionFrame{d, len(fp.p.kids)})
	return nil
}

// closeSection parses "</Name>"; words after it are ignored, as by httpd.
func (fp *fileParser) closeSection(lo, hi int) error {
	s := fp.cur
	wordEnd := lo + 2
	for wordEnd < hi && !isSpace(s[wordEnd]) {
		wordEnd++
	}
	nameHi := wordEnd
	hasGT := s[nameHi-1] == '>' && nameHi > lo+2
	if hasGT {
		nameHi--
	}
	name := s[lo+2 : nameHi]
	r := fp.rng(lo, wordEnd)
	n := len(fp.open)
	if n == 0 {
		return fp.errorf(r, "</%s> without matching <%s>", name, name)
	}
	if !hasGT {
		return fp.errorf(r, "closing tag </%s is missing its '>'", name)
	}
	d, base := fp.open[n-1].d, fp.open[n-1].base
	if !equalFold(name, d.Name) {
		return fp.errorf(r, "section name mismatch: expected </%s>, found </%s>", d.Name, name)
	}
	d.Range.End = r.End
	d.Children = fp.p.list(fp.p.kids[base:])
	fp.p.kids = fp.p.kids[:base]
	fp.open = fp.open[:n-1]
	return nil
}

// words splits cur[lo:hi] into arguments.
func (fp *fileParser) words(lo, hi int) ([]Arg, error) {
	p := fp.p
	first := len(p.argBlock)
	i := lo
	for i < hi {
		raw, quote, end, err := fp.word(i, hi)
		if err != nil {
			return nil, err
		}
		if len(p.argBlock) == cap(p.argBlock) {
			n := len(p.argBlock) - first
			block := make([]Arg, n, max(512, 2*n))
			copy(block, p.argBlock[first:])
			p.argBlock, first = block, 0
		}
		p.argBlock = append(p.argBlock, Arg{
			Raw:   raw,
			Value: p.resolve(raw),
			Quote: quote,
			Range: fp.rng(i, end),
		})
		i = fp.skipSpace(end, hi)
	}
	if len(p.argBlock) == first {
		return nil, nil
	}
	return p.argBlock[first:len(p.argBlock):len(p.argBlock)], nil
}

// word reads one word at cur[i] (not a space) the way httpd's
// ap_getword_conf does. A word starting with a double or single quote runs
// to the matching quote, and a word that starts right after the closing
// quote is a new word ("a"b is two words); any other word runs to the next
// white space, and quotes inside it are ordinary characters. A backslash
// escapes a following backslash, and inside quotes the quote character.
// end is the offset after the word, closing quote included.
func (fp *fileParser) word(i, hi int) (raw string, quote byte, end int, err error) {
	s := fp.cur
	c := s[i]
	if c != '"' && c != '\'' {
		end = i
		esc := false
		for end < hi && !isSpace(s[end]) {
			if s[end] == '\\' && end+1 < hi && s[end+1] == '\\' {
				esc = true
				end++
			}
			end++
		}
		raw = s[i:end]
		if esc {
			raw = unescape(raw, 0)
		}
		return raw, 0, end, nil
	}
	j := i + 1
	esc := false
	for j < hi && s[j] != c {
		if s[j] == '\\' && j+1 < hi && (s[j+1] == c || s[j+1] == '\\') {
			esc = true
			j++
		}
		j++
	}
	if j >= hi {
		// httpd silently takes the rest of the line; a lost quote is far
		// more often a mistake than intended, so it is an error here.
		return "", 0, 0, fp.errorf(fp.rng(i, hi), "unterminated quoted string")
	}
	raw = s[i+1 : j]
	if esc {
		raw = unescape(raw, c)
	}
	return raw, c, j + 1, nil
}

// unescape resolves "\\" and, when quote is set, "\<quote>".
func unescape(s string, quote byte) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '\\' || (quote != 0 && s[i+1] == quote)) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// resolve replaces ${NAME} by defined variables as httpd's ap_resolve_env
// does: the name runs to the next '}', an undefined one stays as written,
// and replacement text is not scanned again.
func (p *parser) resolve(s string) string {
	i := strings.Index(s, "${")
	if i < 0 {
		return s
	}
	var b strings.Builder
	for {
		j := strings.IndexByte(s[i+2:], '}')
		if j < 0 {
			break
		}
		j += i + 2
		b.WriteString(s[:i])
		if v, ok := p.vars[s[i+2:j]]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : j+1])
		}
		s = s[j+1:]
		if i = strings.Index(s, "${"); i < 0 {
			break
		}
	}
	b.WriteString(s)
	return b.String()
}

// apply carries out the directives httpd executes while reading, in file
// order: Define, UnDefine, ServerRoot and the includes.
func (p *parser) apply(fp *fileParser, d *Directive) error {
	switch {
	case d.Is("Define"):
		if len(d.Args) == 0 || len(d.Args) > 2 || strings.IndexByte(d.Args[0].Value, ':') >= 0 {
			return nil // httpd rejects these; which value wins is moot
		}
		if len(d.Args) == 2 {
			p.vars[d.Args[0].Value] = d.Args[1].Value
		}
	case d.Is("UnDefine"):
		if len(d.Args) == 1 {
			delete(p.vars, d.Args[0].Value)
		}
	case d.Is("ServerRoot"):
		if p.opts.ServerRoot == "" && len(d.Args) == 1 && d.Args[0].Value != "" {
			p.serverRoot = d.Args[0].Value
		}
	case d.Is("Include"), d.Is("IncludeOptional"):
		if p.opts.NoIncludes {
			return nil
		}
		if len(d.Args) != 1 {
			return fp.errorf(d.Range, "%s takes one argument, the file, directory or wildcard to include", d.Name)
		}
		files, err := p.include(fp, d.Args[0], d.Is("IncludeOptional"))
		if err != nil {
			return err
		}
		d.Included = files
	}
	return nil
}
