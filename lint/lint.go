// Package lint checks existing nginx and Apache httpd configurations for
// insecure or broken settings of a TLS-terminating WebSocket (wss://)
// proxy.
//
// Each check is a Rule value (see registry.go for the list) with an ID, a
// default severity and a doc page under docs/. Run hands every enabled rule
// a Pass over the parsed configuration; rules call Pass.Report, and Run
// returns the findings sorted by file, line and column, after dropping the
// ones suppressed by a "# wssgen-ignore: ID" comment.
package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/compat"
	"github.com/wssgen/wssgen/internal/nginxconf"
	"github.com/wssgen/wssgen/internal/source"
)

// Severity says how bad a finding is. Higher values are worse, so
// "at or above --fail-on" is a plain comparison.
type Severity int

// Severities, from advice to breakage.
const (
	// Info is advice: the configuration works but could be better.
	Info Severity = iota + 1
	// Warning is deprecated or fragile: it works today but breaks under
	// load, on upgrade or for some clients.
	Warning
	// Error is broken or exploitable.
	Error
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning" or "info" (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q: valid severities are error, warning and info", s)
}

// Target is the server a rule applies to.
type Target string

// Targets.
const (
	Nginx  Target = "nginx"
	Apache Target = "apache"
)

// Rule is one check. Rules are values listed by hand in registry.go.
type Rule struct {
	// ID is NGX or APA followed by three digits; it never changes once
	// released because users put it in ignore comments and CI settings.
	ID string
	// Name is a short kebab-case name, accepted wherever an ID is.
	Name string
	// Severity is the usual severity; a rule may report some findings at
	// another one (ssl on is a warning before nginx 1.25.1, an error after).
	Severity Severity
	// Short is a one-line description without a trailing period.
	Short string
	// Target says which parser's output Check reads.
	Target Target
	// Check inspects the configuration in the pass and reports findings.
	Check func(*Pass)
	// HelpURI overrides DocURL for rules documented elsewhere (the checks
	// of `wssgen check`, which reuse the SARIF and GitHub writers).
	HelpURI string
}

// DocURL is where the rule's documentation page is published.
func (r *Rule) DocURL() string {
	if r.HelpURI != "" {
		return r.HelpURI
	}
	return "https://github.com/wssgen/wssgen/blob/main/lint/docs/" + r.ID + ".md"
}

// Finding is one problem at one place.
type Finding struct {
	Rule     *Rule
	Severity Severity
	Range    source.Range
	// Message says what is wrong, why it matters and how to fix it.
	Message string
}

// Versions are the releases the configuration runs on. A zero version is
// unknown; each rule documents what it assumes then.
type Versions struct {
	Nginx   compat.Version
	Apache  compat.Version
	OpenSSL compat.Version
}

// Options control a run.
type Options struct {
	Versions Versions
	// Disable lists rule IDs or names not to run.
	Disable []string
	// Rules replaces the registry, for tests; nil means All().
	Rules []*Rule
}

// Pass is what a rule sees: the parsed configuration and the versions.
type Pass struct {
	Rule     *Rule
	Versions Versions
	// Nginx is set when linting an nginx configuration.
	Nginx *NginxConfig
	// Apache is set when linting an Apache configuration.
	Apache *ApacheConfig

	run *runState
}

// Report records a finding of the pass's rule at rng. The message follows
// the "what: why; fix" shape.
func (p *Pass) Report(rng source.Range, sev Severity, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	p.run.findings = appendGrow(p.run.findings, Finding{Rule: p.Rule, Severity: sev, Range: rng, Message: msg})
}

// runState is shared by the passes of one run: caches that every rule may
// use, so ten thousand servers repeating one cipher string cost one
// evaluation.
type runState struct {
	findings []Finding
	ciphers  map[cipherKey]*cipherVerdict
}

// appendGrow is append for lists that may reach many thousands of
// elements: findings, or the servers of a large tree. It doubles a full
// slice where append grows a large one by a quarter, which leaves
// behind several times the final size in copies; with the collector
// paused (LoadOptions.PauseGC) those stay until the end of the file.
func appendGrow[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(cap(s), 8))
	}
	return append(s, v)
}

// Report is the outcome of linting one or more configurations.
type Report struct {
	// Files lists every file read, main files and included ones.
	Files    []string
	Findings []Finding
}

// Count returns how many findings have severity s.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// AtOrAbove reports whether any finding has severity s or worse.
func (r *Report) AtOrAbove(s Severity) bool {
	for _, f := range r.Findings {
		if f.Severity >= s {
			return true
		}
	}
	return false
}

// Merge appends o's files and findings to r and re-sorts. A file both
// reports read (an include shared by two main files) is listed once and its
// findings kept once.
func (r *Report) Merge(o *Report) {
	seen := make(map[string]bool, len(r.Files))
	for _, f := range r.Files {
		seen[f] = true
	}
	for _, f := range o.Files {
		if !seen[f] {
			seen[f] = true
			r.Files = append(r.Files, f)
		}
	}
	if len(r.Findings) == 0 && isSortedFindings(o.Findings) {
		// The usual first merge into an empty report: o's findings are
		// already in order, and sorting thousands again costs time. The
		// clip makes a later append copy rather than write into o's.
		r.Findings = slices.Clip(o.Findings)
		return
	}
	r.Findings = append(r.Findings, o.Findings...)
	r.Findings = sortFindings(r.Findings)
}

// Input is a parsed configuration to lint; set exactly one field.
type Input struct {
	Nginx  *nginxconf.Config
	Apache *apacheconf.Config
}

// Run lints a parsed configuration with every enabled rule of its kind and
// returns the findings sorted by file, line and column.
func Run(in Input, opts Options) (*Report, error) {
	switch {
	case in.Nginx != nil && in.Apache == nil && len(in.Nginx.Files) > 0:
		return RunNginx(in.Nginx, opts), nil
	case in.Apache != nil && in.Nginx == nil && len(in.Apache.Files) > 0:
		return RunApache(in.Apache, opts), nil
	}
	return nil, fmt.Errorf("lint input must hold exactly one parsed configuration")
}

// RunNginx lints a parsed nginx configuration.
func RunNginx(cfg *nginxconf.Config, opts Options) *Report {
	nc := newNginxConfig(cfg)
	files := make([]string, 0, len(cfg.Files))
	for _, f := range cfg.Files {
		files = append(files, f.Path)
	}
	return run(Nginx, opts, files, func(p *Pass) { p.Nginx = nc }, nc.ignores())
}

// RunApache lints a parsed Apache configuration.
func RunApache(cfg *apacheconf.Config, opts Options) *Report {
	ac := newApacheConfig(cfg)
	// httpd reads a file included twice twice; it is one file to report.
	files := make([]string, 0, len(cfg.Files))
	seen := make(map[string]bool, len(cfg.Files))
	for _, f := range cfg.Files {
		if !seen[f.Path] {
			seen[f.Path] = true
			files = append(files, f.Path)
		}
	}
	return run(Apache, opts, files, func(p *Pass) { p.Apache = ac }, ac.ignores())
}

func run(target Target, opts Options, files []string, setup func(*Pass), ign ignoreSet) *Report {
	rules := opts.Rules
	if rules == nil {
		rules = All()
	}
	disabled := make(map[string]bool, len(opts.Disable))
	for _, d := range opts.Disable {
		disabled[strings.ToUpper(d)] = true
	}
	st := &runState{ciphers: make(map[cipherKey]*cipherVerdict)}
	for _, r := range rules {
		if r.Target != target || disabled[r.ID] || disabled[strings.ToUpper(r.Name)] {
			continue
		}
		p := &Pass{Rule: r, Versions: opts.Versions, run: st}
		setup(p)
		r.Check(p)
	}
	out := st.findings[:0]
	for _, f := range st.findings {
		if !ign.suppresses(f) {
			out = append(out, f)
		}
	}
	return &Report{Files: files, Findings: sortFindings(out)}
}

// sortFindings orders findings by file, line, column and rule, and drops
// exact duplicates: a file included by several blocks is checked once per
// inclusion but its problems are reported once.
func sortFindings(fs []Finding) []Finding {
	slices.SortStableFunc(fs, compareFindings)
	return slices.CompactFunc(fs, sameFinding)
}

// isSortedFindings reports whether sortFindings would leave fs as it is.
func isSortedFindings(fs []Finding) bool {
	for i := 1; i < len(fs); i++ {
		if compareFindings(fs[i-1], fs[i]) > 0 || sameFinding(fs[i-1], fs[i]) {
			return false
		}
	}
	return true
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		a.Range.File.Compare(b.Range.File),
		cmp.Compare(a.Range.Start.Line, b.Range.Start.Line),
		cmp.Compare(a.Range.Start.Column, b.Range.Start.Column),
		cmp.Compare(a.Rule.ID, b.Rule.ID),
		cmp.Compare(b.Severity, a.Severity),
		cmp.Compare(a.Message, b.Message),
	)
}

func sameFinding(a, b Finding) bool {
	return a.Rule == b.Rule && a.Range == b.Range && a.Message == b.Message && a.Severity == b.Severity
}
