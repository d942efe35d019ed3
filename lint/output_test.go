package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// lintSeed lints one of the FAQ configurations copied into testdata/seeds.
func lintSeed(t *testing.T, name string) *Report {
	t.Helper()
	path := filepath.Join("testdata", "seeds", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := LintSource(path, src, LoadOptions{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// checkGolden compares got with testdata/seeds/<name>, or rewrites the
// file with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "seeds", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update and review the diff):\n--- got\n%s", path, got)
	}
}

func TestSeedGoldens(t *testing.T) {
	for _, seed := range []string{"seed-nginx", "seed-apache"} {
		rep := lintSeed(t, seed+".conf")
		for _, f := range []struct {
			format Format
			ext    string
		}{{FormatText, "txt"}, {FormatJSON, "json"}, {FormatSARIF, "sarif"}, {FormatGitHub, "github"}} {
			t.Run(seed+"."+f.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, f.format, rep, WriteOptions{}); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, seed+"."+f.ext, buf.Bytes())
			})
		}
	}
}
