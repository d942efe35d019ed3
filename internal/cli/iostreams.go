package cli

import (
	"io"
	"os"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// IOStreams are the streams a command reads and writes. Commands never touch
// os.Stdout directly, so tests can run them without a process.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // results
	ErrOut io.Writer // diagnostics and progress
	// ColorOut and ColorErr say whether ANSI colour may be written to Out
	// and ErrOut: only on a terminal and never with NO_COLOR set.
	ColorOut bool
	ColorErr bool
	// StderrTTY is true when ErrOut is a terminal (progress lines).
	StderrTTY bool
}

// SystemStreams returns the process's streams with colour decided the way
// fatih/color does (NO_COLOR, TERM=dumb, not a terminal: no colour).
func SystemStreams() *IOStreams {
	noColor := color.NoColor // honours NO_COLOR and TERM=dumb and stdout TTY-ness
	errTTY := isTerminal(os.Stderr)
	_, noColorEnv := os.LookupEnv("NO_COLOR")
	return &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		ColorOut:  !noColor,
		ColorErr:  errTTY && !noColorEnv && os.Getenv("TERM") != "dumb",
		StderrTTY: errTTY,
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
