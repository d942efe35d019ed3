// Package cli implements the wssgen commands. Each command is built by a
// NewCmdX function that fills an options struct from flags and hands it to a
// run function writing to injected IOStreams, so tests can drive commands
// without a process.
package cli

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0
	ExitFindings = 1 // the command ran and found problems (lint findings, failed checks)
	ExitError    = 2 // the command could not do its job (bad flags, bad input, I/O)
)

// exitError carries the exit code an error should produce. Errors whose
// diagnostics were already printed are silent.
type exitError struct {
	code   int
	err    error
	silent bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode returns err carrying an exit code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// silentExit is an exit code without a message: the command has already
// told the user what went wrong.
func silentExit(code int) error {
	return &exitError{code: code, err: fmt.Errorf("exit %d", code), silent: true}
}

// Version is the wssgen version, from the module build info unless set at
// link time (-ldflags "-X github.com/wssgen/wssgen/internal/cli.Version=v1.2.3").
var Version = ""

// version returns Version or the module version the binary was built as.
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// Main runs wssgen with the process's arguments and returns the exit code.
func Main() int {
	return Run(SystemStreams(), nil)
}

// Run executes the command line args (nil means os.Args[1:]) against streams.
func Run(streams *IOStreams, args []string) int {
	root := NewCmdRoot(streams)
	if args != nil {
		root.SetArgs(args)
	}
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if !ee.silent {
			fmt.Fprintf(streams.ErrOut, "Error: %s\n", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors: unknown command, bad flags.
	fmt.Fprintf(streams.ErrOut, "Error: %s\n", err)
	return ExitError
}

// NewCmdRoot builds the wssgen command tree.
func NewCmdRoot(streams *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "wssgen",
		Short: "Hardened wss:// reverse-proxy configs for nginx and Apache",
		Long: `wssgen turns a small HCL spec (domain, certificate, path, backend) into
hardened nginx and Apache configurations that terminate TLS for a WebSocket
backend, lints existing configurations, and checks deployments in CI.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return withCode(ExitError, fmt.Errorf("%w\nRun '%s --help' for usage", err, c.CommandPath()))
	})
	root.CompletionOptions.HiddenDefaultCmd = false

	root.AddCommand(
		NewCmdInit(streams, nil),
		NewCmdValidate(streams, nil),
		NewCmdRender(streams, nil),
		NewCmdLint(streams, nil),
		NewCmdCert(streams, nil),
		NewCmdCheck(streams, nil),
		NewCmdDocs(streams),
	)
	return root
}
