package nginxconf

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
)

// FuzzParse feeds arbitrary text to the parser, with an in-memory tree
// so include resolution (globs, cycles through the main file) is
// exercised too. Seeds live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte("include inc.conf; include *.conf; include main.conf;"))
	f.Add([]byte(dumpText))
	const inc = "server { listen 80; location /ws { proxy_pass http://127.0.0.1:8282; } }\n"
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string][]byte{"/f/main.conf": data, "/f/inc.conf": []byte(inc)}
		opts := Options{
			ReadFile: func(p string) ([]byte, error) {
				if b, ok := files[p]; ok {
					return b, nil
				}
				return nil, fs.ErrNotExist
			},
			Glob: func(pattern string) ([]string, error) {
				var m []string
				for p := range files {
					ok, err := filepath.Match(pattern, p)
					if err != nil {
						return nil, err
					}
					if ok {
						m = append(m, p)
					}
				}
				return m, nil
			},
		}
		cfg, err := Parse("/f/main.conf", data, opts)
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *source.Error: %v", err, err)
			}
			r := se.Range
			limit := int32(max(len(data), len(inc)))
			if r.File.String() == "" || r.Start.Line < 1 || r.Start.Column < 1 || r.Start.Offset < 0 ||
				r.Start.Offset > r.End.Offset || r.End.Offset > limit {
				t.Fatalf("error position %+v out of bounds: %v", r, err)
			}
			return
		}
		if len(cfg.Files) == 0 {
			t.Fatal("no files")
		}
		for _, file := range cfg.Files {
			if file.Path != "/f/inc.conf" && len(file.Src) > len(data) {
				t.Fatalf("%s holds %d bytes, more than the input's %d", file.Path, len(file.Src), len(data))
			}
			if err := checkRanges(file); err != nil {
				t.Fatal(err)
			}
		}
		// Expanding follows the include graph, which the cycle guard keeps
		// acyclic.
		Expand(cfg.Main().Directives)
	})
}
