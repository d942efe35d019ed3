package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/fatih/color"
)

// Format is an output format of Write.
type Format string

// Formats.
const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatSARIF  Format = "sarif"
	FormatGitHub Format = "github"
)

// ParseFormat reads text, json, sarif or github.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatText, FormatJSON, FormatSARIF, FormatGitHub:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: valid formats are text, json, sarif and github", s)
}

// WriteOptions tune Write.
type WriteOptions struct {
	// Color enables ANSI colour in the text format; the other formats
	// are never coloured.
	Color bool
	// ToolVersion is the wssgen version recorded in SARIF; empty leaves
	// it out (goldens).
	ToolVersion string
	// Rules are the rules that ran, listed in SARIF's rules array; nil
	// means every rule.
	Rules []*Rule
}

// Write prints rep in format f.
func Write(w io.Writer, f Format, rep *Report, o WriteOptions) error {
	switch f {
	case FormatText:
		return WriteText(w, rep, o.Color)
	case FormatJSON:
		return WriteJSON(w, rep)
	case FormatSARIF:
		return WriteSARIF(w, rep, o)
	case FormatGitHub:
		return WriteGitHub(w, rep)
	}
	return fmt.Errorf("unknown format %q", f)
}

// WriteText prints one finding per line, "file:line:col: severity ID:
// message", and a summary line. Colour is used only when color is true.
func WriteText(w io.Writer, rep *Report, useColor bool) error {
	paint := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if useColor {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	sevColor := map[Severity]*color.Color{
		Error:   paint(color.FgRed, color.Bold),
		Warning: paint(color.FgYellow, color.Bold),
		Info:    paint(color.FgCyan),
	}
	pos, id := paint(color.Bold), paint(color.Faint)
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString(pos.Sprint(f.Range.String()))
		b.WriteString(": ")
		b.WriteString(sevColor[f.Severity].Sprint(f.Severity.String()))
		b.WriteString(" ")
		b.WriteString(id.Sprint(f.Rule.ID))
		b.WriteString(": ")
		b.WriteString(f.Message)
		b.WriteString("\n")
	}
	b.WriteString(summaryLine(rep))
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func summaryLine(rep *Report) string {
	n := len(rep.Findings)
	files := len(rep.Files)
	if n == 0 {
		return fmt.Sprintf("no findings in %d file%s", files, plural(files))
	}
	return fmt.Sprintf("%d finding%s (%d error%s, %d warning%s, %d info) in %d file%s",
		n, plural(n), rep.Count(Error), plural(rep.Count(Error)), rep.Count(Warning), plural(rep.Count(Warning)),
		rep.Count(Info), files, plural(files))
}

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

// WriteJSON prints {"findings":[…],"summary":{…}}.
func WriteJSON(w io.Writer, rep *Report) error {
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteGitHub prints GitHub Actions workflow commands, one per finding,
// so findings appear as annotations on the pull request.
func WriteGitHub(w io.Writer, rep *Report) error {
	var b strings.Builder
	for _, f := range rep.Findings {
		level := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[f.Severity]
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n",
			level, ghProperty(filepath.ToSlash(f.Range.File.String())), f.Range.Start.Line, f.Range.Start.Column,
			ghProperty(f.Rule.ID), ghData(f.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
