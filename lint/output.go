package lint

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/wssgen/wssgen/internal/term"
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
	paint := term.NewPalette(useColor).Color
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

// WriteJSON prints {"findings":[…],"summary":{…}}, indented by two
// spaces, with the fields in this order:
//
//	{"rule", "severity", "file", "line", "column", "end_line", "end_column", "message", "doc"}
//	{"files", "findings", "errors", "warnings", "infos"}
//
// The output is what encoding/json's Encoder with SetIndent("", "  ")
// writes for these fields (a test holds it to that), streamed finding by
// finding: a report of thousands of findings is neither reflected on nor
// held in memory whole.
func WriteJSON(w io.Writer, rep *Report) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	b := make([]byte, 0, 1024)
	b = append(b, "{\n  \"findings\": ["...)
	for i, f := range rep.Findings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n      \"rule\": "...)
		b = appendJSONString(b, f.Rule.ID)
		b = append(b, ",\n      \"severity\": "...)
		b = appendJSONString(b, f.Severity.String())
		b = append(b, ",\n      \"file\": "...)
		b = appendJSONString(b, f.Range.File.String())
		b = append(b, ",\n      \"line\": "...)
		b = strconv.AppendInt(b, int64(f.Range.Start.Line), 10)
		b = append(b, ",\n      \"column\": "...)
		b = strconv.AppendInt(b, int64(f.Range.Start.Column), 10)
		b = append(b, ",\n      \"end_line\": "...)
		b = strconv.AppendInt(b, int64(f.Range.End.Line), 10)
		b = append(b, ",\n      \"end_column\": "...)
		b = strconv.AppendInt(b, int64(f.Range.End.Column), 10)
		b = append(b, ",\n      \"message\": "...)
		b = appendJSONString(b, f.Message)
		b = append(b, ",\n      \"doc\": "...)
		b = appendJSONString(b, f.Rule.DocURL())
		b = append(b, "\n    }"...)
		bw.Write(b)
		b = b[:0]
	}
	if len(rep.Findings) > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "],\n  \"summary\": {\n    \"files\": "...)
	b = strconv.AppendInt(b, int64(len(rep.Files)), 10)
	for _, c := range []struct {
		key string
		n   int
	}{{"findings", len(rep.Findings)}, {"errors", rep.Count(Error)}, {"warnings", rep.Count(Warning)}, {"infos", rep.Count(Info)}} {
		b = append(b, ",\n    \""...)
		b = append(b, c.key...)
		b = append(b, "\": "...)
		b = strconv.AppendInt(b, int64(c.n), 10)
	}
	b = append(b, "\n  }\n}\n"...)
	bw.Write(b)
	return bw.Flush()
}

// jsonPlain marks the ASCII bytes a JSON string holds as they are. Like
// encoding/json, wssgen escapes <, > and & too, so output pasted into
// HTML cannot close a script element.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: control characters as \b, \f, \n, \r, \t or \u00XX, HTML
// characters as \u00XX, U+2028 and U+2029 (which end a line in
// JavaScript) as \u2028 and \u2029, and invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
