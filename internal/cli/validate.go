package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wssgen/wssgen/internal/spec"
)

// ValidateOptions are the inputs of `wssgen validate`.
type ValidateOptions struct {
	IO       *IOStreams
	SpecFile string
}

// NewCmdValidate builds `wssgen validate`.
func NewCmdValidate(streams *IOStreams, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check a spec file for errors",
		Long: `Parse the spec and check every value: domain names, certificate paths, routes,
backends, timeouts, profiles and target versions. Problems are printed with
file:line:col and the offending source line.

Exit status: 0 valid, 1 invalid, 2 the spec could not be read.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runValidate(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.SpecFile, "file", "f", spec.DefaultFilename, "spec `FILE` to read")
	return cmd
}

func runValidate(opts *ValidateOptions) error {
	s, src, diags := spec.LoadFile(opts.SpecFile)
	if len(diags) > 0 {
		_ = spec.WriteDiagnostics(opts.IO.ErrOut, opts.SpecFile, src, diags, opts.IO.ColorErr)
	}
	if src == nil {
		return silentExit(ExitError)
	}
	if diags.HasErrors() {
		n := len(diags.Errs())
		fmt.Fprintf(opts.IO.ErrOut, "%s: %d error%s\n", opts.SpecFile, n, plural(n))
		return silentExit(ExitFindings)
	}
	var parts []string
	for _, site := range s.Sites {
		var paths []string
		for _, r := range site.Routes {
			paths = append(paths, "wss://"+site.Domain+portSuffix(site.Listen.HTTPS)+r.Path)
		}
		parts = append(parts, fmt.Sprintf("  site %q: %s", site.Name, strings.Join(paths, ", ")))
	}
	fmt.Fprintf(opts.IO.Out, "%s is valid: %d site%s\n%s\n", opts.SpecFile, len(s.Sites), plural(len(s.Sites)), strings.Join(parts, "\n"))
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func portSuffix(p int) string {
	if p == 443 {
		return ""
	}
	return fmt.Sprintf(":%d", p)
}
