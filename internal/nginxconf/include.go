package nginxconf

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/wssgen/wssgen/internal/source"
)

// loader parses a main file and the files it includes, each file once.
type loader struct {
	opts Options
	root string
	read func(string) (string, error)
	glob func(string) ([]string, error)
	// buf is source.ReadFile's buffer, shared by the files read.
	buf []byte
	arena

	cfg    *Config
	parsed map[string]*File // by cleaned path
	// stack holds the cleaned paths of the files being parsed, outermost
	// first: an include of one of them is a cycle.
	stack []string
}

func newLoader(opts Options, mainPath string) *loader {
	l := &loader{
		opts:   opts,
		root:   opts.IncludeRoot,
		glob:   opts.Glob,
		cfg:    &Config{},
		parsed: make(map[string]*File),
	}
	if l.root == "" {
		// nginx resolves relative includes against its conf prefix, the
		// directory of the file given with -c.
		l.root = filepath.Dir(mainPath)
	}
	if read := opts.ReadFile; read != nil {
		l.read = func(path string) (string, error) {
			b, err := read(path)
			return string(b), err
		}
	} else {
		l.read = func(path string) (string, error) { return source.ReadFile(path, &l.buf) }
	}
	if l.glob == nil {
		l.glob = filepath.Glob
	}
	return l
}

// load parses src as the file at path, resolving its includes on the way
// so Config.Files lists files in the order nginx reads them.
func (l *loader) load(path string, src string) (*File, error) {
	if err := source.CheckSize(path, len(src)); err != nil {
		return nil, err
	}
	f := &File{Path: path, Src: src}
	key := filepath.Clean(path)
	l.parsed[key] = f
	l.cfg.Files = append(l.cfg.Files, f)
	l.stack = append(l.stack, key)
	err := newParser(path, src, f, l).parse()
	l.stack = l.stack[:len(l.stack)-1]
	if err != nil {
		return nil, err
	}
	return f, nil
}

// include resolves the include directive d and parses what it names.
// Errors point at d.
func (l *loader) include(d *Directive) error {
	if len(d.Args) != 1 {
		// nginx rejects this as a wrong argument count; there is nothing
		// sensible to read, so the directive stays unresolved for a lint
		// rule to report.
		return nil
	}
	pattern := d.Args[0].Value
	full := filepath.Clean(pattern)
	if !filepath.IsAbs(full) {
		full = filepath.Join(l.root, full)
	}
	paths := []string{full}
	// Like nginx, only these characters make the path a pattern; a
	// pattern matching nothing is not an error, a missing file is.
	if strings.ContainsAny(full, "*?[") {
		m, err := l.glob(full)
		if err != nil {
			return &source.Error{Range: d.Range, Message: fmt.Sprintf("bad include pattern %q: %v", pattern, err)}
		}
		paths = visibleMatches(full, m)
		// glob(3) sorts its matches (nginx runs in the C locale, so by
		// bytes); a custom Glob need not.
		sort.Strings(paths)
	}
	d.Included = make([]*File, 0, len(paths))
	for _, path := range paths {
		key := filepath.Clean(path)
		if i := slices.Index(l.stack, key); i >= 0 {
			chain := append(slices.Clone(l.stack[i:]), key)
			return &source.Error{Range: d.Range, Message: "include cycle: " + strings.Join(chain, " includes ")}
		}
		if f := l.parsed[key]; f != nil {
			d.Included = append(d.Included, f)
			continue
		}
		src, err := l.read(path)
		if err != nil {
			return &source.Error{Range: d.Range, Message: fmt.Sprintf("cannot read included file: %v", err)}
		}
		f, err := l.load(path, src)
		if err != nil {
			return err
		}
		d.Included = append(d.Included, f)
	}
	return nil
}

// visibleMatches drops the matches glob(3) would not return: a wildcard
// does not match a leading '.', so "conf.d/*" skips editor backups like
// "conf.d/.site.conf.swp" whereas Go's filepath.Glob includes them.
func visibleMatches(pattern string, matches []string) []string {
	pcs := strings.Split(pattern, "/")
	out := make([]string, 0, len(matches))
	for _, m := range matches {
		mcs := strings.Split(m, "/")
		if len(mcs) != len(pcs) {
			// A custom Glob may shape paths differently: judge the last
			// element alone.
			pcs, mcs := pcs[len(pcs)-1:], mcs[len(mcs)-1:]
			if hiddenMatch(pcs, mcs) {
				continue
			}
		} else if hiddenMatch(pcs, mcs) {
			continue
		}
		out = append(out, m)
	}
	return out
}

func hiddenMatch(pattern, match []string) bool {
	for i := range match {
		if strings.HasPrefix(match[i], ".") && !strings.HasPrefix(pattern[i], ".") {
			return true
		}
	}
	return false
}

// dumpMarker starts the line nginx -T prints before each file.
const dumpMarker = "# configuration file "

// section is one file of an nginx -T dump.
type section struct {
	path string
	src  string
}

// splitDump recognises "nginx -T" output and splits it into the files it
// holds. nginx prints each file as the marker line "# configuration file
// PATH:", the file's bytes and one extra newline.
func splitDump(name string, src string) ([]section, bool, error) {
	i := 0
	sawStderr := false
	for strings.HasPrefix(src[i:], "nginx: ") {
		sawStderr = true
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			i = len(src)
			break
		}
		i += j + 1
	}
	path, next, ok := markerAt(src, i)
	if !ok {
		if sawStderr {
			p := source.Pos{Line: 1, Column: 1}
			return nil, false, &source.Error{
				Range:   source.Range{File: source.NewFileName(name), Start: p, End: p},
				Message: `this looks like "nginx -T" output but holds no "# configuration file" sections (did the test fail?)`,
			}
		}
		return nil, false, nil
	}
	var secs []section
	for {
		end, nextPath, nextStart, found := nextMarker(src, next)
		body := src[next:end]
		if !found {
			body = strings.TrimSuffix(body, "\n")
		}
		secs = append(secs, section{path: path, src: body})
		if !found {
			return secs, true, nil
		}
		path, next = nextPath, nextStart
	}
}

// markerAt reports whether a marker line starts at src[i], returning the
// path it names and the offset of the next line.
func markerAt(src string, i int) (path string, next int, ok bool) {
	rest := src[i:]
	if !strings.HasPrefix(rest, dumpMarker) {
		return "", 0, false
	}
	line := rest
	next = len(src)
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		line = rest[:j]
		next = i + j + 1
	}
	line = strings.TrimSuffix(line, "\r")
	if !strings.HasSuffix(line, ":") || len(line) <= len(dumpMarker)+1 {
		return "", 0, false
	}
	return line[len(dumpMarker) : len(line)-1], next, true
}

// nextMarker finds the first marker line at or after from. end is where
// the current file's bytes stop: before the newline nginx added after
// them.
func nextMarker(src string, from int) (end int, path string, next int, found bool) {
	const needle = "\n" + dumpMarker
	for k := from; ; {
		if p, n, ok := markerAt(src, k); ok {
			end = k
			if k > from && src[k-1] == '\n' {
				end = k - 1
			}
			return end, p, n, true
		}
		j := strings.Index(src[k:], needle)
		if j < 0 {
			return len(src), "", 0, false
		}
		k += j + 1
	}
}

// parseDump parses the files of an nginx -T dump, the first as the main
// file, resolving includes among them.
func parseDump(secs []section, opts Options) (*Config, error) {
	byPath := make(map[string]string, len(secs))
	var names []string
	for _, s := range secs {
		key := filepath.Clean(s.path)
		if _, dup := byPath[key]; dup {
			continue
		}
		byPath[key] = s.src
		names = append(names, key)
	}
	l := newLoader(opts, secs[0].path)
	l.read = func(path string) (string, error) {
		if b, ok := byPath[filepath.Clean(path)]; ok {
			return b, nil
		}
		return "", fmt.Errorf("%s is not in the nginx -T output: %w", path, fs.ErrNotExist)
	}
	l.glob = func(pattern string) ([]string, error) {
		if _, err := filepath.Match(pattern, ""); err != nil {
			return nil, err
		}
		var m []string
		for _, n := range names {
			if ok, _ := filepath.Match(pattern, n); ok {
				m = append(m, n)
			}
		}
		return m, nil
	}
	for _, s := range secs {
		if l.parsed[filepath.Clean(s.path)] != nil {
			continue
		}
		if _, err := l.load(s.path, s.src); err != nil {
			return nil, err
		}
	}
	return l.cfg, nil
}
