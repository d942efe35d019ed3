package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wssgen/wssgen/internal/check"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/lint"
)

// CheckOptions are the inputs of `wssgen check`.
type CheckOptions struct {
	IO         *IOStreams
	SpecFile   string
	Sites      []string
	Deployed   []string // TARGET=PATH
	MinDays    int
	CAFiles    []string
	Certs      string
	ServerTest string
	Format     string
	FailOn     string
	Now        time.Time // tests
}

// NewCmdCheck builds `wssgen check`.
func NewCmdCheck(streams *IOStreams, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Pre-deploy gate: spec, render, drift, lint, certificates, server syntax",
		Long: `Check in one run that a deployment is safe:

  spec         the spec parses and validates
  render       every target renders, the same bytes twice
  drift        each --deployed file equals what the spec renders (a diff when not)
  lint         the rendered and deployed configs lint clean at --fail-on
  cert-*       per site: files parse, key matches, names covered, more than
               --min-days left, chain complete and in order, key fits the
               profile, key not readable by others, OCSP only with a responder
  server-test  nginx -t / apache2 -t accept the rendered and deployed configs
               (certificate paths swapped for a throwaway pair)

Exit status: 0 every check passed (warnings too, unless --fail-on warning),
1 a check failed, 2 the checks could not run (bad flags, unreadable spec).`,
		Example: `  wssgen check --deployed nginx=/etc/nginx/conf.d/chat.conf
  wssgen check --format sarif > wssgen.sarif
  wssgen check --format github --min-days 21`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runCheck(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.SpecFile, "file", "f", spec.DefaultFilename, "spec `FILE` to read")
	f.StringArrayVar(&opts.Sites, "site", nil, "check only the site `NAME` (repeatable)")
	f.StringArrayVar(&opts.Deployed, "deployed", nil, "`TARGET=PATH` of a deployed file that must match the render (repeatable)")
	f.IntVar(&opts.MinDays, "min-days", 21, "certificates must stay valid at least this many `DAYS`")
	f.StringArrayVar(&opts.CAFiles, "ca-file", nil, "also trust the CA certificates in `FILE` when verifying chains")
	f.StringVar(&opts.Certs, "certs", "on", "check certificates: on, auto (only where the files exist, e.g. in CI), off")
	f.StringVar(&opts.ServerTest, "server-test", "auto", "run nginx -t / apache2 -t: auto (when installed), on, off")
	f.StringVar(&opts.Format, "format", "text", "output format: text, json, sarif, github")
	f.StringVar(&opts.FailOn, "fail-on", "error", "lowest severity that fails the run: error, warning, info")
	return cmd
}

func runCheck(ctx context.Context, opts *CheckOptions) error {
	format, err := lint.ParseFormat(opts.Format)
	if err != nil {
		return withCode(ExitError, err)
	}
	failOn, err := lint.ParseSeverity(opts.FailOn)
	if err != nil {
		return withCode(ExitError, err)
	}
	mode := check.ServerTest(opts.ServerTest)
	if mode != check.ServerTestAuto && mode != check.ServerTestOn && mode != check.ServerTestOff {
		return withCode(ExitError, fmt.Errorf("--server-test %q: use auto, on or off", opts.ServerTest))
	}
	if opts.Certs != "on" && opts.Certs != "auto" && opts.Certs != "off" {
		return withCode(ExitError, fmt.Errorf("--certs %q: use on, auto or off", opts.Certs))
	}
	if opts.MinDays < 0 {
		return withCode(ExitError, fmt.Errorf("--min-days must not be negative"))
	}
	var deployed []check.Deployed
	for _, d := range opts.Deployed {
		target, path, ok := strings.Cut(d, "=")
		if !ok || target == "" || path == "" {
			return withCode(ExitError, fmt.Errorf("--deployed %q: write it as TARGET=PATH, e.g. nginx=/etc/nginx/conf.d/chat.conf", d))
		}
		deployed = append(deployed, check.Deployed{Target: target, Path: path})
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	rep, err := check.Run(ctx, check.Options{
		SpecFile:    opts.SpecFile,
		Sites:       opts.Sites,
		Deployed:    deployed,
		MinValidity: time.Duration(opts.MinDays) * 24 * time.Hour,
		CAFiles:     opts.CAFiles,
		Certs:       opts.Certs,
		ServerTest:  mode,
		LintFailOn:  failOn,
		Version:     version(),
		Now:         opts.Now,
	})
	if err != nil {
		// Only ErrCannotRun comes back here: failed checks are results.
		return withCode(ExitError, err)
	}
	switch format {
	case lint.FormatText:
		err = check.WriteText(opts.IO.Out, rep, opts.IO.ColorOut)
	case lint.FormatJSON:
		err = check.WriteJSON(opts.IO.Out, rep)
	default:
		lr, rules := rep.AsLintReport()
		err = lint.Write(opts.IO.Out, format, lr, lint.WriteOptions{ToolVersion: version(), Rules: append(rules, lint.All()...)})
	}
	if err != nil {
		return withCode(ExitError, err)
	}
	if rep.Failed(failOn) {
		return silentExit(ExitFindings)
	}
	return nil
}
