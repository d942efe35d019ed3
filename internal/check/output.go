package check

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/fatih/color"

	"github.com/wssgen/wssgen/internal/source"
	"github.com/wssgen/wssgen/internal/term"
	"github.com/wssgen/wssgen/lint"
)

// Failed reports whether the run fails at threshold: failures always do;
// warnings do when the threshold is warning or info.
func (rep *Report) Failed(threshold lint.Severity) bool {
	for _, r := range rep.Results {
		if r.Status == Fail || (r.Status == Warn && threshold <= lint.Warning) {
			return true
		}
	}
	return false
}

// Counts returns how many results have each status.
func (rep *Report) Counts() map[Status]int {
	m := map[Status]int{}
	for _, r := range rep.Results {
		m[r.Status]++
	}
	return m
}

// DocURL is where the checks are documented.
const DocURL = "https://github.com/wssgen/wssgen/blob/main/docs/check.md"

// Descriptions of every check ID, for SARIF's rules array and the docs.
var Descriptions = map[string]string{
	"spec":          "the spec parses and validates",
	"render":        "every target renders, deterministically",
	"drift":         "the deployed file equals what the spec renders",
	"lint":          "rendered and deployed configs lint clean",
	"cert-parse":    "the certificate file holds a parseable chain",
	"key-parse":     "the key file holds a parseable, unencrypted private key",
	"key-perms":     "the private key is not readable by group or others",
	"key-match":     "the private key belongs to the certificate",
	"cert-names":    "the certificate covers the domain and every alias",
	"cert-validity": "the certificate is valid for at least --min-days more",
	"cert-chain":    "the chain is complete, in order, unexpired and trusted",
	"cert-key-type": "the key type and size fit the TLS profile",
	"cert-ocsp":     "OCSP stapling is only asked for with a responder URL",
	"server-test":   "nginx -t / apache2 -t accept the config",
}

// WriteText prints one line per result, with diffs and server output
// indented below, and a summary. Colour only when useColor.
func WriteText(w io.Writer, rep *Report, useColor bool) error {
	paint := term.NewPalette(useColor).Color
	label := map[Status]*color.Color{
		Pass: paint(color.FgGreen), Skip: paint(color.Faint),
		Warn: paint(color.FgYellow, color.Bold), Fail: paint(color.FgRed, color.Bold),
	}
	var b strings.Builder
	for _, r := range rep.Results {
		scope := r.Target
		if r.Site != "" {
			scope = "site " + r.Site
		}
		fmt.Fprintf(&b, "%s %-13s %-12s %s%s\n", label[r.Status].Sprintf("%-4s", strings.ToUpper(r.Status.String())), r.ID, scope, posPrefix(r.Pos), r.Message)
		if r.Detail != "" {
			for _, l := range strings.Split(strings.TrimRight(r.Detail, "\n"), "\n") {
				fmt.Fprintf(&b, "      %s\n", l)
			}
		}
	}
	for _, f := range rep.Lint.Findings {
		fmt.Fprintf(&b, "      %s:%d:%d: %s %s: %s\n", f.Range.File, f.Range.Start.Line, f.Range.Start.Column, f.Severity, f.Rule.ID, f.Message)
	}
	c := rep.Counts()
	fmt.Fprintf(&b, "%d passed, %d failed, %d warnings, %d skipped\n", c[Pass], c[Fail], c[Warn], c[Skip])
	_, err := io.WriteString(w, b.String())
	return err
}

func posPrefix(p Pos) string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File + ": "
	default:
		return fmt.Sprintf("%s:%d:%d: ", p.File, p.Line, p.Column)
	}
}

type jsonResult struct {
	Check   string `json:"check"`
	Status  string `json:"status"`
	Site    string `json:"site,omitempty"`
	Target  string `json:"target,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
	Detail  string `json:"detail,omitempty"`
}

type jsonFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Doc       string `json:"doc"`
}

// WriteJSON prints every result and the lint findings behind them.
func WriteJSON(w io.Writer, rep *Report) error {
	out := struct {
		Checks   []jsonResult   `json:"checks"`
		Findings []jsonFinding  `json:"findings"`
		Summary  map[string]int `json:"summary"`
	}{Checks: []jsonResult{}, Findings: []jsonFinding{}, Summary: map[string]int{}}
	for _, r := range rep.Results {
		out.Checks = append(out.Checks, jsonResult{r.ID, r.Status.String(), r.Site, r.Target, r.Pos.File, r.Pos.Line, r.Pos.Column, r.Message, r.Detail})
	}
	for _, f := range rep.Lint.Findings {
		out.Findings = append(out.Findings, jsonFinding{f.Rule.ID, f.Severity.String(), f.Range.File.String(),
			int(f.Range.Start.Line), int(f.Range.Start.Column), int(f.Range.End.Line), int(f.Range.End.Column), f.Message, f.Rule.DocURL()})
	}
	for s, n := range rep.Counts() {
		out.Summary[s.String()] = n
	}
	for _, s := range []Status{Pass, Skip, Warn, Fail} {
		out.Summary[s.String()] += 0
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// checkRule is a check ID dressed as a lint rule, so the SARIF and GitHub
// writers can report it next to lint findings.
func checkRule(id string) *lint.Rule {
	return &lint.Rule{ID: id, Name: id, Severity: lint.Error, Short: Descriptions[id], HelpURI: DocURL + "#" + id}
}

// AsLintReport turns warnings and failures into findings (passes and skips
// are not problems to annotate) and appends the lint findings.
func (rep *Report) AsLintReport() (*lint.Report, []*lint.Rule) {
	out := &lint.Report{}
	rules := map[string]*lint.Rule{}
	var ruleList []*lint.Rule
	for id := range Descriptions {
		rules[id] = checkRule(id)
	}
	for _, id := range sortedIDs() {
		ruleList = append(ruleList, rules[id])
	}
	for _, r := range rep.Results {
		if (r.Status != Fail && r.Status != Warn) || r.Summarizes {
			continue
		}
		sev := lint.Error
		if r.Status == Warn {
			sev = lint.Warning
		}
		line, col := int32(r.Pos.Line), int32(r.Pos.Column)
		if line == 0 {
			line, col = 1, 1
		}
		rng := source.Range{File: source.NewFileName(r.Pos.File), Start: source.Pos{Line: line, Column: col}, End: source.Pos{Line: line, Column: col}}
		msg := r.Message
		if r.Site != "" {
			msg = "site " + r.Site + ": " + msg
		}
		out.Findings = append(out.Findings, lint.Finding{Rule: rules[r.ID], Severity: sev, Range: rng, Message: msg})
	}
	out.Findings = append(out.Findings, rep.Lint.Findings...)
	return out, ruleList
}

func sortedIDs() []string {
	ids := make([]string, 0, len(Descriptions))
	for id := range Descriptions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
