package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/nginxconf"
)

// FuzzLint feeds arbitrary text to both parsers and every rule: whatever
// parses must lint without a panic, and findings must point into the
// input.
func FuzzLint(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.conf"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, typ := range []Target{Nginx, Apache} {
			// Includes would read the disk; the fuzzer only controls src.
			rep, err := lintNoIncludes(typ, src)
			if err != nil {
				continue
			}
			for _, fd := range rep.Findings {
				if fd.Range.Start.Line < 1 || fd.Message == "" || fd.Rule == nil {
					t.Fatalf("bad finding %+v", fd)
				}
			}
		}
	})
}

// lintNoIncludes lints src without following includes (for the fuzzer).
func lintNoIncludes(t Target, src []byte) (*Report, error) {
	opts := Options{Versions: Versions{}}
	switch t {
	case Nginx:
		cfg, err := nginxconf.Parse("fuzz.conf", src, nginxconf.Options{NoIncludes: true})
		if err != nil {
			return nil, err
		}
		return RunNginx(cfg, opts), nil
	default:
		cfg, err := apacheconf.Parse("fuzz.conf", src, apacheconf.Options{NoIncludes: true})
		if err != nil {
			return nil, err
		}
		return RunApache(cfg, opts), nil
	}
}
