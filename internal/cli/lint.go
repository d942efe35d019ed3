package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/source"
	"github.com/wssgen/wssgen/lint"
)

// LintOptions are the inputs of `wssgen lint`.
type LintOptions struct {
	IO    *IOStreams
	Paths []string

	Type           string
	Format         string
	FailOn         string
	NginxVersion   string
	ApacheVersion  string
	OpenSSLVersion string
	IncludeRoot    string
	Disable        []string

	Explain   string
	ListRules bool
}

// stdinName is how findings and errors name standard input.
const stdinName = "<stdin>"

// NewCmdLint builds `wssgen lint`.
func NewCmdLint(streams *IOStreams, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "lint [flags] PATH...",
		Short: "Check nginx and Apache configurations for insecure or broken wss settings",
		Long: `Lint existing nginx or Apache httpd configurations for settings that break
WebSocket proxying or weaken TLS: legacy protocols, weak ciphers, "ssl on",
missing Upgrade headers, idle timeouts of a minute, path mismatches and more.
Every finding names a rule (NGX… for nginx, APA… for Apache); --explain ID
prints the rule's documentation.

PATH is a file, a directory or "-" for standard input (which needs --type).
Includes are followed; relative include paths resolve against --include-root,
by default the file's directory. A directory is walked for *.conf files and
every file under sites-enabled/; hidden files and backups (~, .bak, .orig,
.dpkg-*) are skipped. Main files (nginx.conf, apache2.conf, httpd.conf) are
linted first, with the directory as include root, and files they include are
not linted again on their own.

--type auto decides per file from its content (nginx statements end in ';',
'{' or '}'; Apache has "Directive args" lines and <Section> tags) and then
from its path (apache2/, httpd/, nginx/); when neither tells, wssgen stops
and asks for --type.

Severities depend on the versions the configuration runs on: pass
--nginx-version, --apache-version and --openssl-version (as printed by
nginx -v, apache2 -v and openssl version). Without them each rule assumes
what its doc page says.

Suppress a finding with a comment on the line before it (nginx also
accepts it at the end of the same line):
    # wssgen-ignore: NGX014,NGX018 reason
or for the whole run with --disable ID.

Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 could
not lint (bad flags, unreadable file, syntax error).`,
		Example: `  wssgen lint /etc/nginx
  wssgen lint --nginx-version 1.24.0 --openssl-version 3.0.13 /etc/nginx/nginx.conf
  nginx -T | wssgen lint --type nginx -
  wssgen lint --format sarif /etc/apache2 > wssgen.sarif
  wssgen lint --explain NGX013`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(args) == 0 && opts.Explain == "" && !opts.ListRules {
				return withCode(ExitError, fmt.Errorf("no PATH given\nRun '%s --help' for usage", cmd.CommandPath()))
			}
			if runF != nil {
				return runF(opts)
			}
			return runLint(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Type, "type", "auto", "configuration `TYPE`: auto, nginx or apache")
	f.StringVar(&opts.Format, "format", "text", "output `FORMAT`: text, json, sarif or github")
	f.StringVar(&opts.FailOn, "fail-on", "warning", "exit 1 on findings of `SEVERITY` or worse: error, warning or info")
	f.StringVar(&opts.NginxVersion, "nginx-version", "", "nginx `VERSION` the configuration runs on")
	f.StringVar(&opts.ApacheVersion, "apache-version", "", "Apache httpd `VERSION` the configuration runs on")
	f.StringVar(&opts.OpenSSLVersion, "openssl-version", "", "OpenSSL `VERSION` the server is built with")
	f.StringVar(&opts.IncludeRoot, "include-root", "", "`DIR` relative include paths resolve against (default: the file's directory)")
	f.StringSliceVar(&opts.Disable, "disable", nil, "do not run rule `ID` (repeatable, comma-separated; names work too)")
	f.StringVar(&opts.Explain, "explain", "", "print the documentation of rule `ID` and exit")
	f.BoolVar(&opts.ListRules, "list-rules", false, "list every rule and exit")
	return cmd
}

func runLint(opts *LintOptions) error {
	st := opts.IO
	if opts.Explain != "" {
		r, ok := lint.Lookup(opts.Explain)
		if !ok {
			return withCode(ExitError, fmt.Errorf("unknown rule %q; --list-rules lists them", opts.Explain))
		}
		doc, err := lint.Doc(r.ID)
		if err != nil {
			return withCode(ExitError, err)
		}
		_, err = fmt.Fprint(st.Out, doc)
		return err
	}
	if opts.ListRules {
		return listRules(st.Out)
	}

	format, err := lint.ParseFormat(opts.Format)
	if err != nil {
		return withCode(ExitError, err)
	}
	failOn, err := lint.ParseSeverity(opts.FailOn)
	if err != nil {
		return withCode(ExitError, fmt.Errorf("--fail-on: %w", err))
	}
	typ, err := lint.ParseTarget(opts.Type)
	if err != nil {
		return withCode(ExitError, fmt.Errorf("--type: %w", err))
	}
	var vs lint.Versions
	for _, v := range []struct {
		flag string
		in   string
		out  *compat.Version
	}{
		{"--nginx-version", opts.NginxVersion, &vs.Nginx},
		{"--apache-version", opts.ApacheVersion, &vs.Apache},
		{"--openssl-version", opts.OpenSSLVersion, &vs.OpenSSL},
	} {
		if v.in == "" {
			continue
		}
		if *v.out, err = compat.ParseVersion(v.in); err != nil {
			return withCode(ExitError, fmt.Errorf("%s: %w", v.flag, err))
		}
	}
	var disable []string
	for _, d := range opts.Disable {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		if _, ok := lint.Lookup(d); !ok {
			return withCode(ExitError, fmt.Errorf("--disable: unknown rule %q; --list-rules lists them", d))
		}
		disable = append(disable, d)
	}

	lo := lint.LoadOptions{Type: typ, IncludeRoot: opts.IncludeRoot, PauseGC: true}
	lopts := lint.Options{Versions: vs, Disable: disable}
	rep := &lint.Report{}
	var errs []error
	var stdinSrc *string // nil until standard input is read
	var files []string
	for _, p := range opts.Paths {
		if p != "-" {
			files = append(files, p)
			continue
		}
		if typ == "" {
			return withCode(ExitError, errors.New(`reading standard input ("-") needs --type nginx or --type apache`))
		}
		if stdinSrc != nil {
			return withCode(ExitError, errors.New(`standard input ("-") can be linted only once`))
		}
		src, err := readAll(st.In)
		if err != nil {
			return withCode(ExitError, fmt.Errorf("read standard input: %w", err))
		}
		stdinSrc = &src
		r, err := lint.LintString(stdinName, src, lo, lopts)
		if err != nil {
			errs = append(errs, err)
		} else {
			rep.Merge(r)
		}
	}
	if len(files) > 0 {
		r, ferrs := lint.LintPaths(files, lo, lopts)
		rep.Merge(r)
		errs = append(errs, ferrs...)
	}

	for _, e := range errs {
		printLintError(st.ErrOut, e, stdinSrc)
	}
	// "no findings in 0 files" after an error would read like a pass;
	// machine formats are always written so consumers get valid output.
	if len(errs) > 0 && len(rep.Files) == 0 && format == lint.FormatText {
		return silentExit(ExitError)
	}
	if err := lint.Write(st.Out, format, rep, lint.WriteOptions{
		Color:       format == lint.FormatText && st.ColorOut,
		ToolVersion: version(),
	}); err != nil {
		return withCode(ExitError, fmt.Errorf("write report: %w", err))
	}
	switch {
	case len(errs) > 0:
		return silentExit(ExitError)
	case rep.AtOrAbove(failOn):
		return silentExit(ExitFindings)
	}
	return nil
}

// readAll reads r into a string. It reads into chunks and copies them
// once into a string of the exact size: a growing buffer would leave
// several times the input behind, and an "nginx -T" dump can be large.
func readAll(r io.Reader) (string, error) {
	if r == nil {
		return "", nil
	}
	var chunks [][]byte
	total := 0
	for {
		chunk := make([]byte, min(max(total, 64<<10), 4<<20))
		n, err := io.ReadFull(r, chunk)
		chunks = append(chunks, chunk[:n])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return "", err
		}
	}
	var b strings.Builder
	b.Grow(total)
	for _, c := range chunks {
		b.Write(c)
	}
	return b.String(), nil
}

// printLintError prints why a file could not be linted. A syntax error
// gets its position first, so editors can jump to it, then the source line
// with a caret under the column.
func printLintError(w io.Writer, err error, stdinSrc *string) {
	var se *source.Error
	if !errors.As(err, &se) {
		fmt.Fprintf(w, "Error: %s\n", err)
		return
	}
	fmt.Fprintf(w, "Error: %s\n", se)
	var src string
	if file := se.Range.File.String(); file == stdinName {
		if stdinSrc == nil {
			return
		}
		src = *stdinSrc
	} else if b, rerr := os.ReadFile(file); rerr == nil {
		src = string(b)
	} else {
		return
	}
	line, ok := sourceLine(src, int(se.Range.Start.Line))
	if !ok {
		return
	}
	col := int(se.Range.Start.Column)
	if col < 1 || col > len(line)+1 {
		return
	}
	// Keep tabs in the caret line so the caret lines up under them.
	pad := []byte(line[:col-1])
	for i, c := range pad {
		if c != '\t' {
			pad[i] = ' '
		}
	}
	prefix := fmt.Sprintf("  %d | ", se.Range.Start.Line)
	fmt.Fprintf(w, "%s%s\n%s%s^\n", prefix, line, strings.Repeat(" ", len(prefix)), pad)
}

// sourceLine returns line n (1-based) of src without its newline.
func sourceLine(src string, n int) (string, bool) {
	if n < 1 {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := strings.IndexByte(src, '\n')
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := strings.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimRight(src, "\r"), true
}

func listRules(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tDESCRIPTION")
	for _, r := range lint.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity, r.Short)
	}
	return tw.Flush()
}
