package spec

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/hashicorp/hcl/v2"

	"github.com/wssgen/wssgen/internal/term"
)

// WriteDiagnostics prints diags compiler-style: a first line with
// file:line:col that editors can jump to, the offending source line with a
// caret under the value, then the detail. src is the spec's text (nil when
// it could not be read); colour is for terminals only.
func WriteDiagnostics(w io.Writer, filename string, src []byte, diags hcl.Diagnostics, useColor bool) error {
	bw := bufio.NewWriter(w)
	var lines []string
	if src != nil {
		lines = strings.Split(string(src), "\n")
	}
	pal := term.NewPalette(useColor)
	errC, warnC, dimC := pal.Color(color.FgRed, color.Bold), pal.Color(color.FgYellow, color.Bold), pal.Color(color.Faint)
	for _, d := range diags {
		sev := errC.Sprint("error")
		if d.Severity == hcl.DiagWarning {
			sev = warnC.Sprint("warning")
		}
		if d.Subject != nil {
			file := d.Subject.Filename
			if file == "" {
				file = filename
			}
			fmt.Fprintf(bw, "%s:%d:%d: %s: %s\n", file, d.Subject.Start.Line, d.Subject.Start.Column, sev, d.Summary)
			writeSnippet(bw, lines, d.Subject, dimC)
		} else {
			fmt.Fprintf(bw, "%s: %s: %s\n", filename, sev, d.Summary)
		}
		if d.Detail != "" {
			for _, l := range strings.Split(d.Detail, "\n") {
				fmt.Fprintf(bw, "  %s\n", l)
			}
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// writeSnippet prints the subject's first line and underlines the part of
// it the range covers.
func writeSnippet(w io.Writer, lines []string, r *hcl.Range, dim *color.Color) {
	n := r.Start.Line
	if n < 1 || n > len(lines) {
		return
	}
	text := strings.TrimRight(lines[n-1], "\r")
	// Columns are counted in characters; expand tabs so the caret lines up.
	startCol := r.Start.Column
	endCol := r.End.Column
	if r.End.Line != r.Start.Line {
		endCol = utf8.RuneCountInString(text) + 1
	}
	if endCol <= startCol {
		endCol = startCol + 1
	}
	var shown, pad strings.Builder
	col := 1
	for _, ch := range text {
		width := 1
		if ch == '\t' {
			width = 4
			shown.WriteString("    ")
		} else {
			shown.WriteRune(ch)
		}
		if col < startCol {
			pad.WriteString(strings.Repeat(" ", width))
		}
		col++
	}
	gutter := fmt.Sprintf("%4d | ", n)
	fmt.Fprintf(w, "%s%s\n", dim.Sprint(gutter), shown.String())
	fmt.Fprintf(w, "%s%s%s\n", dim.Sprint(strings.Repeat(" ", len(gutter)-2)+"| "), pad.String(), strings.Repeat("^", endCol-startCol))
}
