package term

import (
	"strings"
	"testing"

	"github.com/fatih/color"
)

func TestPalette(t *testing.T) {
	if got := NewPalette(false).Color(color.FgRed).Sprint("x"); got != "x" {
		t.Errorf("palette off wrote %q, want plain text", got)
	}
	if got := NewPalette(true).Color(color.FgRed).Sprint("x"); !strings.Contains(got, "\x1b[31m") {
		t.Errorf("palette on wrote %q, want an ANSI red sequence", got)
	}
}
