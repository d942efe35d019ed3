package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
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

// referenceJSON is WriteJSON's output as encoding/json writes it.
func referenceJSON(tb testing.TB, rep *Report) []byte {
	type jsonFinding struct {
		Rule      string `json:"rule"`
		Severity  string `json:"severity"`
		File      string `json:"file"`
		Line      int32  `json:"line"`
		Column    int32  `json:"column"`
		EndLine   int32  `json:"end_line"`
		EndColumn int32  `json:"end_column"`
		Message   string `json:"message"`
		Doc       string `json:"doc"`
	}
	type jsonSummary struct {
		Files    int `json:"files"`
		Findings int `json:"findings"`
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
		Infos    int `json:"infos"`
	}
	out := struct {
		Findings []jsonFinding `json:"findings"`
		Summary  jsonSummary   `json:"summary"`
	}{Findings: []jsonFinding{}}
	for _, f := range rep.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule.ID, Severity: f.Severity.String(), File: f.Range.File.String(),
			Line: f.Range.Start.Line, Column: f.Range.Start.Column,
			EndLine: f.Range.End.Line, EndColumn: f.Range.End.Column,
			Message: f.Message, Doc: f.Rule.DocURL(),
		})
	}
	out.Summary = jsonSummary{
		Files: len(rep.Files), Findings: len(rep.Findings),
		Errors: rep.Count(Error), Warnings: rep.Count(Warning), Infos: rep.Count(Info),
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteJSONMatchesEncodingJSON holds WriteJSON to what encoding/json
// writes for the same fields, on reports with no findings and with
// messages and file names full of characters JSON must escape.
func TestWriteJSONMatchesEncodingJSON(t *testing.T) {
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	tricky := []string{
		string(all),
		"<script>&amp;</script> \"quoted\" back\\slash",
		"line\u2028para\u2029 café ✓ 𝄞 \xe2\x82 \xff\xfe",
		"",
	}
	reports := []*Report{{}, {Files: []string{"a.conf"}}}
	for i, s := range tricky {
		rule := All()[i%len(All())]
		reports = append(reports, &Report{
			Files: []string{s, "b.conf"},
			Findings: []Finding{
				{Rule: rule, Severity: Severity(i%3 + 1), Message: s, Range: source.Range{
					File:  source.NewFileName(s),
					Start: source.Pos{Line: int32(i + 1), Column: 2, Offset: 7},
					End:   source.Pos{Line: 1 << 30, Column: 1<<31 - 1},
				}},
				{Rule: rule, Severity: Warning, Message: "plain", Range: source.Range{File: source.NewFileName("b.conf")}},
			},
		})
	}
	reports = append(reports, lintSeed(t, "seed-nginx.conf"), lintSeed(t, "seed-apache.conf"))
	for i, rep := range reports {
		var got bytes.Buffer
		if err := WriteJSON(&got, rep); err != nil {
			t.Fatal(err)
		}
		if want := referenceJSON(t, rep); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("report %d:\n got %q\nwant %q", i, got.Bytes(), want)
		}
	}
}

// FuzzWriteJSON compares WriteJSON with encoding/json on arbitrary
// messages and file names.
func FuzzWriteJSON(f *testing.F) {
	f.Add("listen 443 has no ssl parameter", "/etc/nginx/nginx.conf")
	f.Add("<\u2028\xff\"\\\x00", "a\tb")
	f.Fuzz(func(t *testing.T, msg, file string) {
		rep := &Report{Files: []string{file}, Findings: []Finding{{
			Rule: NginxSSLOn, Severity: Error, Message: msg,
			Range: source.Range{File: source.NewFileName(file), Start: source.Pos{Line: 1, Column: 1}},
		}}}
		var got bytes.Buffer
		if err := WriteJSON(&got, rep); err != nil {
			t.Fatal(err)
		}
		if want := referenceJSON(t, rep); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("got %q\nwant %q", got.Bytes(), want)
		}
	})
}
