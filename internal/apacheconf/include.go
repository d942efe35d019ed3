package apacheconf

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// include resolves an Include or IncludeOptional argument the way httpd
// does: relative to the server root; a directory means every file in it and
// its subdirectories, in sorted order; a wildcard (in any path component)
// means the sorted matches, where '*' and '?' do not match a leading dot.
// Include fails on a missing file or a wildcard without matches;
// IncludeOptional ignores both. The result is non-nil even when nothing was
// included, so Expand drops the directive.
func (p *parser) include(fp *fileParser, arg Arg, optional bool) ([]*File, error) {
	path := arg.Value
	if path == "" {
		return nil, fp.errorf(arg.Range, "empty include path")
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.serverRoot, path)
	}
	files := []*File{}
	if !hasMeta(path) {
		err := p.includePath(fp, arg, path, optional, 0, &files)
		return files, err
	}
	matches, err := p.glob(path)
	if err != nil {
		return nil, fp.errorf(arg.Range, "bad wildcard %s: %v", path, err)
	}
	matches = dropHidden(path, matches)
	if len(matches) == 0 {
		if optional {
			return files, nil
		}
		return nil, fp.errorf(arg.Range, "no files match the wildcard %s (IncludeOptional allows none)", path)
	}
	sortPaths(matches)
	for _, m := range matches {
		if err := p.includePath(fp, arg, m, false, 0, &files); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// includePath reads one file, or every file under a directory, appending
// what it parsed to files. dirDepth counts the directories descended so
// far: a directory that links back to itself must still end.
func (p *parser) includePath(fp *fileParser, arg Arg, path string, optional bool, dirDepth int, files *[]*File) error {
	clean := filepath.Clean(path)
	for i, r := range p.reading {
		if r == clean {
			chain := append(append([]string(nil), p.reading[i:]...), clean)
			return fp.errorf(arg.Range, "include cycle: %s", strings.Join(chain, " -> "))
		}
	}
	if len(p.reading) >= maxIncludeDepth {
		return fp.errorf(arg.Range, "includes nested more than %d deep (is there a cycle?)", maxIncludeDepth)
	}
	src, err := p.read(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if optional {
				return nil
			}
			return fp.errorf(arg.Range, "included file %s does not exist", path)
		}
		entries, isDir := p.dirEntries(path, err)
		if !isDir {
			return fp.errorf(arg.Range, "cannot read included file %s: %v", path, err)
		}
		if dirDepth >= maxIncludeDepth {
			return fp.errorf(arg.Range, "directory %s is nested more than %d deep (is there a cycle?)", path, maxIncludeDepth)
		}
		for _, e := range entries {
			if err := p.includePath(fp, arg, e, false, dirDepth+1, files); err != nil {
				return err
			}
		}
		return nil
	}
	f, err := p.parseFile(path, src)
	if err != nil {
		return err
	}
	*files = append(*files, f)
	return nil
}

// dirEntries lists a directory that ReadFile refused to read. Unlike a
// wildcard, a directory include takes hidden files too, as httpd does.
// Options only offers ReadFile and Glob, so a directory is recognised by
// EISDIR or, failing that (other systems, custom readers), by having
// entries.
func (p *parser) dirEntries(path string, readErr error) ([]string, bool) {
	entries, err := p.glob(filepath.Join(escapeMeta(path), "*"))
	if err != nil {
		return nil, false
	}
	if len(entries) == 0 && !errors.Is(readErr, syscall.EISDIR) {
		return nil, false
	}
	sortPaths(entries)
	return entries, true
}

// hasMeta reports whether path contains a wildcard character that
// filepath.Match interprets.
func hasMeta(path string) bool {
	return strings.ContainsAny(path, "*?[")
}

// escapeMeta quotes wildcard characters so a literal directory name can be
// globbed.
func escapeMeta(path string) string {
	if !hasMeta(path) {
		return path
	}
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if c := path[i]; c == '*' || c == '?' || c == '[' {
			b.WriteByte('[')
			b.WriteByte(c)
			b.WriteByte(']')
			continue
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// dropHidden removes matches where a wildcard component matched a name
// starting with '.': httpd matches with FNM_PERIOD, filepath.Glob does not.
func dropHidden(pattern string, matches []string) []string {
	pc := strings.Split(filepath.ToSlash(pattern), "/")
	out := matches[:0]
	for _, m := range matches {
		mc := strings.Split(filepath.ToSlash(m), "/")
		keep := true
		if len(mc) == len(pc) {
			for i := range pc {
				if hasMeta(pc[i]) && !strings.HasPrefix(pc[i], ".") && strings.HasPrefix(mc[i], ".") {
					keep = false
					break
				}
			}
		}
		if keep {
			out = append(out, m)
		}
	}
	return out
}

// sortPaths orders paths component by component, as httpd sorts each
// directory it reads ("a/z" before "a-b/c", unlike a plain string sort).
func sortPaths(paths []string) {
	sort.Slice(paths, func(i, j int) bool {
		a, b := paths[i], paths[j]
		for k := 0; k < len(a) && k < len(b); k++ {
			x, y := a[k], b[k]
			if x == y {
				continue
			}
			if x == filepath.Separator {
				return true
			}
			if y == filepath.Separator {
				return false
			}
			return x < y
		}
		return len(a) < len(b)
	})
}
