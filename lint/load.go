package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/nginxconf"
	"github.com/wssgen/wssgen/internal/source"
)

// LoadOptions say how configuration files are found and parsed.
type LoadOptions struct {
	// Type is Nginx, Apache or "" to detect it per file (DetectType).
	Type Target
	// IncludeRoot is the directory relative include paths resolve
	// against. Empty means the directory of the file, or the directory
	// argument for files found by walking one.
	IncludeRoot string
	// PauseGC stops the garbage collector while each main file is parsed
	// and linted. Nearly everything allocated then is the
	// syntax tree, live until the file is done, so collecting meanwhile
	// only marks it again and again; pausing costs a few percent of peak
	// memory and saves about a third of the CPU time. The setting is
	// process-wide: commands set it, libraries sharing a process should
	// not.
	PauseGC bool
}

// LintSource parses src as the file name and lints it. Includes are read
// from disk relative to lo.IncludeRoot (or name's directory). Parse errors
// are returned as they come from the parser (*source.Error with a
// position).
func LintSource(name string, src []byte, lo LoadOptions, opts Options) (*Report, error) {
	return LintString(name, string(src), lo, opts)
}

// LintString is LintSource for text held in a string: the parsed
// configuration shares it rather than holding a copy.
func LintString(name, src string, lo LoadOptions, opts Options) (*Report, error) {
	if lo.PauseGC {
		if len(src) >= largeInput {
			// What src was read through (the chunks of standard input,
			// say) is garbage now: collect it once, so the syntax tree
			// reuses that memory rather than adding to it.
			runtime.GC()
		}
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	t := lo.Type
	if t == "" {
		var err error
		if t, err = detectType(name, src); err != nil {
			return nil, err
		}
	}
	switch t {
	case Nginx:
		cfg, err := nginxconf.ParseString(name, src, nginxconf.Options{IncludeRoot: lo.IncludeRoot})
		if err != nil {
			return nil, err
		}
		return RunNginx(cfg, opts), nil
	case Apache:
		cfg, err := apacheconf.ParseString(name, src, apacheconf.Options{ServerRoot: lo.IncludeRoot})
		if err != nil {
			return nil, err
		}
		return RunApache(cfg, opts), nil
	}
	return nil, fmt.Errorf("unknown config type %q", t)
}

// largeInput is the size from which LintString collects garbage before it
// pauses the collector: below it, what a collection could free matters
// less than its cost for a directory of many small files.
const largeInput = 1 << 20

// mainFiles are the entry points of a server's configuration directory;
// they are linted first so the files they include are linted in context
// rather than as fragments.
var mainFiles = map[string]bool{"nginx.conf": true, "apache2.conf": true, "httpd.conf": true}

// LintPaths lints files and directories. A directory is walked for
// *.conf files and for every file in a sites-enabled directory; hidden
// entries and editor or package backups are skipped. Main files
// (nginx.conf, apache2.conf, httpd.conf) go first, and a file already read
// through another file's include (given earlier or found in a directory)
// is not linted again on its own, where its context would be missing.
//
// Files that cannot be read or parsed are reported in errs and skipped;
// the report holds the findings of the rest.
func LintPaths(paths []string, lo LoadOptions, opts Options) (rep *Report, errs []error) {
	rep = &Report{}
	seen := map[string]bool{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, readError(p, err))
			continue
		}
		if !fi.IsDir() {
			if seen[absPath(p)] {
				continue // already linted through another file's include
			}
			r, err := lintFile(p, lo, opts, seen)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rep.Merge(r)
			continue
		}
		files, err := walkConfigDir(p)
		if err != nil {
			errs = append(errs, err)
		}
		dlo := lo
		if dlo.IncludeRoot == "" {
			dlo.IncludeRoot = p
		}
		for _, f := range files {
			if seen[absPath(f)] {
				continue
			}
			r, err := lintFile(f, dlo, opts, seen)
			if err != nil {
				var amb *AmbiguousTypeError
				if errors.As(err, &amb) && isEmptyish(f) {
					continue // an empty or comment-only file has nothing to lint
				}
				errs = append(errs, err)
				continue
			}
			rep.Merge(r)
		}
	}
	return rep, errs
}

func lintFile(path string, lo LoadOptions, opts Options, seen map[string]bool) (*Report, error) {
	src, err := source.ReadFile(path, nil)
	if err != nil {
		return nil, readError(path, err)
	}
	r, err := LintString(path, src, lo, opts)
	if err != nil {
		return nil, err
	}
	for _, f := range r.Files {
		seen[absPath(f)] = true
	}
	return r, nil
}

// readError words a failure to open or read path without repeating the
// system call's name.
func readError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot read %s: %w", path, pe.Err)
	}
	return fmt.Errorf("cannot read %s: %w", path, err)
}

// absPath names a file the same way however it was reached: Debian's
// sites-enabled and mods-enabled hold symbolic links to *-available.
func absPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// isEmptyish reports whether a file holds nothing but blanks and comments.
func isEmptyish(path string) bool {
	src, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(src), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return true
}

// walkConfigDir lists the configuration files below dir: main files
// first (shallowest first), then the others in path order.
func walkConfigDir(dir string) ([]string, error) {
	var mains, others []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if path != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// sites-enabled holds links to sites-available.
			if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if isBackup(name) {
			return nil
		}
		switch {
		case mainFiles[name]:
			mains = append(mains, path)
		case strings.HasSuffix(name, ".conf"), filepath.Base(filepath.Dir(path)) == "sites-enabled":
			others = append(others, path)
		}
		return nil
	})
	sort.SliceStable(mains, func(i, j int) bool {
		return strings.Count(mains[i], string(filepath.Separator)) < strings.Count(mains[j], string(filepath.Separator))
	})
	sort.Strings(others)
	return append(mains, others...), err
}

// isBackup reports names editors and package managers leave behind.
func isBackup(name string) bool {
	for _, suf := range []string{"~", ".bak", ".orig", ".old", ".swp", ".dpkg-dist", ".dpkg-old", ".dpkg-new", ".rpmnew", ".rpmsave"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}
