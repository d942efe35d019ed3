// Package check is the pre-deploy gate behind `wssgen check`: one run that
// says whether a spec, the configs rendered from it, the files actually
// deployed, and the certificates are safe to ship. Each step reports named
// results (pass, warn, fail) with a position where one applies, so a
// pipeline gets one exit code and a review UI can annotate the right line.
package check

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"

	"github.com/wssgen/wssgen/internal/certcheck"
	"github.com/wssgen/wssgen/internal/render"
	"github.com/wssgen/wssgen/internal/servercheck"
	"github.com/wssgen/wssgen/internal/source"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/lint"
)

// Status is a result's outcome.
type Status int

// Outcomes, in increasing order of trouble.
const (
	Pass Status = iota
	Skip        // not applicable here (no server binary, nothing deployed)
	Warn
	Fail
)

func (s Status) String() string {
	return [...]string{"pass", "skip", "warn", "fail"}[s]
}

// Pos is where a result points: a file and, when known, a line and column.
type Pos struct {
	File         string
	Line, Column int
}

// Result is one named check.
type Result struct {
	// ID names the check, e.g. "drift" or "cert-names"; stable for SARIF.
	ID      string
	Status  Status
	Site    string // empty for file-wide checks
	Target  string // "nginx" or "apache" where it matters
	Pos     Pos
	Message string
	// Detail is longer output: a unified diff, a server's error text.
	Detail string
	// Summarizes is true when the result sums up lint findings that are
	// reported one by one in Report.Lint (annotations use those).
	Summarizes bool
}

// Deployed is a file on disk that should equal what the spec renders.
type Deployed struct {
	Target string
	Path   string
}

// ServerTest says whether configs are loaded by the real server binary.
type ServerTest string

// Server test modes.
const (
	ServerTestAuto ServerTest = "auto" // when the binary is installed
	ServerTestOff  ServerTest = "off"
	ServerTestOn   ServerTest = "on" // a missing binary fails the check
)

// Options are the inputs of a run.
type Options struct {
	SpecFile    string
	Sites       []string
	Deployed    []Deployed
	MinValidity time.Duration
	CAFiles     []string
	// Certs says whether certificates are checked: "on" (default) fails
	// on missing files, "auto" skips sites whose files are absent (a CI
	// runner without production keys), "off" skips the checks.
	Certs      string
	ServerTest ServerTest
	// LintFailOn is the run's threshold; info findings are reported only
	// when it is info.
	LintFailOn lint.Severity
	// Version is the wssgen version written into rendered headers; it
	// must match what produced the deployed files.
	Version string
	Now     time.Time
}

// Report is the outcome of a run.
type Report struct {
	Results []Result
	// Lint holds the lint findings behind the "lint" results, for formats
	// that list findings one by one (SARIF, GitHub).
	Lint *lint.Report
}

// ErrCannotRun wraps problems that stop the gate before any check, such as
// an unreadable spec: the pipeline must not read them as "config is bad".
var ErrCannotRun = errors.New("cannot run the checks")

// Run performs every check.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.ServerTest == "" {
		o.ServerTest = ServerTestAuto
	}
	r := &runner{o: o, rep: &Report{Lint: &lint.Report{}}}
	if err := r.run(ctx); err != nil {
		return nil, err
	}
	return r.rep, nil
}

type runner struct {
	o   Options
	rep *Report
	s   *spec.Spec
	// rendered holds each target's output.
	rendered map[string][]byte
}

func (r *runner) add(res Result) { r.rep.Results = append(r.rep.Results, res) }

func (r *runner) run(ctx context.Context) error {
	src, err := os.ReadFile(r.o.SpecFile)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	for _, d := range r.o.Deployed {
		if !slices.Contains(render.Targets, d.Target) {
			return fmt.Errorf("%w: --deployed %s=%s: unknown target %q; valid targets are %s", ErrCannotRun, d.Target, d.Path, d.Target, strings.Join(render.Targets, ", "))
		}
	}
	if !r.checkSpec(src) {
		return nil
	}
	if len(r.o.Sites) > 0 {
		for _, n := range r.o.Sites {
			if r.s.Site(n) == nil {
				return fmt.Errorf("%w: no site named %q in %s", ErrCannotRun, n, r.o.SpecFile)
			}
		}
	}
	r.checkRender()
	r.checkDrift()
	r.checkLint()
	r.checkCerts()
	r.checkServers(ctx)
	return nil
}

// checkSpec: the spec parses and validates. Every diagnostic is a result
// at its position.
func (r *runner) checkSpec(src []byte) bool {
	s, diags := spec.Parse(r.o.SpecFile, src)
	for _, d := range diags {
		st := Warn
		if d.Severity == hcl.DiagError {
			st = Fail
		}
		res := Result{ID: "spec", Status: st, Pos: Pos{File: r.o.SpecFile}, Message: d.Summary}
		if d.Detail != "" {
			res.Message += ": " + d.Detail
		}
		if d.Subject != nil {
			res.Pos = Pos{File: d.Subject.Filename, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column}
		}
		r.add(res)
	}
	if diags.HasErrors() {
		return false
	}
	r.s = s
	r.add(Result{ID: "spec", Status: Pass, Pos: Pos{File: r.o.SpecFile}, Message: fmt.Sprintf("valid: %d site(s)", len(s.Sites))})
	return true
}

// targets are those the spec names, plus any that a deployed file is
// for; with neither, every target wssgen renders.
func (r *runner) targets() []string {
	want := map[string]bool{}
	for name := range r.s.Targets {
		want[name] = true
	}
	for _, d := range r.o.Deployed {
		want[d.Target] = true
	}
	if len(want) == 0 {
		return render.Targets
	}
	var out []string
	for _, t := range render.Targets {
		if want[t] {
			out = append(out, t)
		}
	}
	return out
}

func (r *runner) renderOpts() render.Options {
	return render.Options{Version: r.o.Version, Sites: r.o.Sites}
}

// targetPos points at the spec's target block, or the file.
func (r *runner) targetPos(name string) Pos {
	t := r.s.Target(name)
	if t.DefRange.Filename == "" {
		return Pos{File: r.o.SpecFile}
	}
	return Pos{File: t.DefRange.Filename, Line: t.DefRange.Start.Line, Column: t.DefRange.Start.Column}
}

// checkRender: every target renders, and twice gives the same bytes.
func (r *runner) checkRender() {
	r.rendered = map[string][]byte{}
	for _, t := range r.targets() {
		first, err := render.Render(r.s, t, r.renderOpts())
		if err != nil {
			r.add(Result{ID: "render", Status: Fail, Target: t, Pos: r.targetPos(t), Message: err.Error()})
			continue
		}
		second, err := render.Render(r.s, t, r.renderOpts())
		if err != nil || !bytes.Equal(first, second) {
			r.add(Result{ID: "render", Status: Fail, Target: t, Pos: r.targetPos(t), Message: "two renders of the same spec differ; the output is not deterministic"})
			continue
		}
		r.rendered[t] = first
		r.add(Result{ID: "render", Status: Pass, Target: t, Pos: r.targetPos(t), Message: fmt.Sprintf("renders (%d bytes), deterministic", len(first))})
	}
}

// checkDrift: each deployed file equals the current render, the moment
// to see what a deploy would change.
func (r *runner) checkDrift() {
	for _, d := range r.o.Deployed {
		want, ok := r.rendered[d.Target]
		if !ok {
			continue // render failure already reported
		}
		got, err := os.ReadFile(d.Path)
		if err != nil {
			r.add(Result{ID: "drift", Status: Fail, Target: d.Target, Pos: Pos{File: d.Path}, Message: fmt.Sprintf("cannot read the deployed file: %v", err)})
			continue
		}
		if bytes.Equal(got, want) {
			r.add(Result{ID: "drift", Status: Pass, Target: d.Target, Pos: Pos{File: d.Path}, Message: "matches the spec"})
			continue
		}
		line := firstDiffLine(got, want)
		msg := "differs from what the spec renders; run `wssgen render " + d.Target + " -o " + d.Path + "` or fix the spec"
		if !bytes.HasPrefix(got, []byte(render.HeaderPrefix)) {
			msg = "was not generated by wssgen (no wssgen header) and differs from what the spec renders"
		}
		r.add(Result{
			ID: "drift", Status: Fail, Target: d.Target, Pos: Pos{File: d.Path, Line: line, Column: 1},
			Message: msg,
			Detail:  udiff.Unified(d.Path+" (deployed)", d.Path+" (rendered from "+r.o.SpecFile+")", string(got), string(want)),
		})
	}
}

func firstDiffLine(a, b []byte) int {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	n := len(al)
	if len(bl) < n {
		n = len(bl)
	}
	return n + 1
}

func (r *runner) lintVersions() lint.Versions {
	n, a := r.s.Target("nginx"), r.s.Target("apache")
	ossl := n.OpenSSL
	if ossl.IsZero() {
		ossl = a.OpenSSL
	}
	return lint.Versions{Nginx: n.Version, Apache: a.Version, OpenSSL: ossl}
}

// checkLint runs the linter over the rendered configs and the deployed
// files. Findings below the threshold are not failures.
func (r *runner) checkLint() {
	opts := lint.Options{Versions: r.lintVersions()}
	lintOne := func(label, target string, rep *lint.Report, err error, pos Pos) {
		if err != nil {
			r.add(Result{ID: "lint", Status: Fail, Target: target, Pos: pos, Message: fmt.Sprintf("%s could not be linted: %v", label, err)})
			return
		}
		// Errors fail; warnings warn (they fail the run with --fail-on
		// warning); info findings count only with --fail-on info.
		var over []lint.Finding
		st := Pass
		for _, f := range rep.Findings {
			fst := Warn
			switch {
			case f.Severity == lint.Error:
				fst = Fail
			case f.Severity == lint.Info && r.o.LintFailOn > lint.Info:
				continue
			}
			over = append(over, f)
			if fst > st {
				st = fst
			}
		}
		r.rep.Lint.Findings = append(r.rep.Lint.Findings, over...)
		if len(over) == 0 {
			r.add(Result{ID: "lint", Status: Pass, Target: target, Pos: pos, Message: fmt.Sprintf("%s lints clean", label)})
			return
		}
		ids := map[string]bool{}
		for _, f := range over {
			ids[f.Rule.ID] = true
		}
		var list []string
		for id := range ids {
			list = append(list, id)
		}
		sort.Strings(list)
		r.add(Result{ID: "lint", Status: st, Target: target, Pos: pos, Summarizes: true,
			Message: fmt.Sprintf("%s has %d finding(s): %s", label, len(over), strings.Join(list, ", "))})
	}
	for _, t := range r.targets() {
		out, ok := r.rendered[t]
		if !ok {
			continue
		}
		name := "rendered " + t + " config"
		rep, err := lint.LintSource("("+name+")", out, lint.LoadOptions{Type: lint.Target(t)}, opts)
		if err == nil {
			// The rendered text is not a file in the repository: point
			// findings at the spec's target block, where a change would go.
			pos := r.targetPos(t)
			for i, f := range rep.Findings {
				rep.Findings[i].Message = fmt.Sprintf("%s (%s, line %d)", f.Message, name, f.Range.Start.Line)
				rep.Findings[i].Range = source.Range{File: source.NewFileName(pos.File),
					Start: source.Pos{Line: int32(max(pos.Line, 1)), Column: int32(max(pos.Column, 1))},
					End:   source.Pos{Line: int32(max(pos.Line, 1)), Column: int32(max(pos.Column, 1))}}
			}
		}
		lintOne("the "+name, t, rep, err, r.targetPos(t))
	}
	for _, d := range r.o.Deployed {
		if _, err := os.Stat(d.Path); err != nil {
			continue // reported by drift
		}
		rep, errs := lint.LintPaths([]string{d.Path}, lint.LoadOptions{Type: lint.Target(d.Target)}, opts)
		var err error
		if len(errs) > 0 {
			err = errs[0]
		}
		lintOne(d.Path, d.Target, rep, err, Pos{File: d.Path})
	}
	sort.SliceStable(r.rep.Lint.Findings, func(i, j int) bool {
		a, b := r.rep.Lint.Findings[i].Range, r.rep.Lint.Findings[j].Range
		if a.File.String() != b.File.String() {
			return a.File.String() < b.File.String()
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
}

// checkCerts runs the certificate checks for every selected site. They
// point at the site's tls block, the line a reviewer would change.
func (r *runner) checkCerts() {
	if r.o.Certs == "off" {
		return
	}
	pool, err := certcheck.LoadPool(r.o.CAFiles...)
	if err != nil {
		r.add(Result{ID: "cert-chain", Status: Fail, Pos: Pos{File: r.o.SpecFile}, Message: err.Error()})
		return
	}
	for _, site := range r.selectedSites() {
		pos := Pos{File: site.TLS.DefRange.Filename, Line: site.TLS.DefRange.Start.Line, Column: site.TLS.DefRange.Start.Column}
		if pos.File == "" {
			pos = Pos{File: r.o.SpecFile}
		}
		if r.o.Certs == "auto" && !exists(site.TLS.Certificate) && !exists(site.TLS.Key) {
			r.add(Result{ID: "cert-parse", Status: Skip, Site: site.Name, Pos: pos,
				Message: fmt.Sprintf("%s and %s are not on this machine; certificates not checked (--certs auto)", site.TLS.Certificate, site.TLS.Key)})
			continue
		}
		for _, cr := range certcheck.Check(site, certcheck.Options{MinValidity: r.o.MinValidity, Roots: pool, Now: r.o.Now}) {
			st := Pass
			switch cr.Status {
			case certcheck.Warn:
				st = Warn
			case certcheck.Fail:
				st = Fail
			}
			r.add(Result{ID: cr.Check, Status: st, Site: site.Name, Pos: pos, Message: cr.File + ": " + cr.Message})
		}
	}
}

func (r *runner) selectedSites() []*spec.Site {
	if len(r.o.Sites) == 0 {
		return r.s.Sites
	}
	var out []*spec.Site
	for _, n := range r.o.Sites {
		out = append(out, r.s.Site(n))
	}
	return out
}

// checkServers loads the rendered and the deployed configs into the real
// server binaries. Certificate paths are swapped for a throwaway pair, so
// the check judges the config, not whether this machine holds the keys.
func (r *runner) checkServers(ctx context.Context) {
	if r.o.ServerTest == ServerTestOff {
		return
	}
	dir, err := os.MkdirTemp("", "wssgen-check-")
	if err != nil {
		r.add(Result{ID: "server-test", Status: Fail, Message: err.Error()})
		return
	}
	defer os.RemoveAll(dir)
	certFile, keyFile, err := servercheck.ThrowawayPair(dir)
	if err != nil {
		r.add(Result{ID: "server-test", Status: Fail, Message: err.Error()})
		return
	}
	var certs, keys []string
	for _, s := range r.s.Sites {
		certs, keys = append(certs, s.TLS.Certificate), append(keys, s.TLS.Key)
	}
	type job struct {
		target, label string
		conf          []byte
		pos           Pos
	}
	var jobs []job
	for _, t := range r.targets() {
		if out, ok := r.rendered[t]; ok {
			jobs = append(jobs, job{t, "the rendered " + t + " config", out, r.targetPos(t)})
		}
	}
	for _, d := range r.o.Deployed {
		if b, err := os.ReadFile(d.Path); err == nil {
			jobs = append(jobs, job{d.Target, d.Path, b, Pos{File: d.Path}})
		}
	}
	for _, j := range jobs {
		var bin string
		var ferr error
		if j.target == "nginx" {
			bin, ferr = servercheck.FindNginx()
		} else {
			bin, ferr = servercheck.FindApache()
		}
		if ferr != nil {
			st := Skip
			if r.o.ServerTest == ServerTestOn {
				st = Fail
			}
			r.add(Result{ID: "server-test", Status: st, Target: j.target, Pos: j.pos, Message: fmt.Sprintf("%s not checked: %v", j.label, ferr)})
			continue
		}
		conf := servercheck.ReplacePaths(j.conf, certs, keys, certFile, keyFile)
		var res *servercheck.Result
		if j.target == "nginx" {
			res, err = servercheck.Nginx(ctx, bin, conf, false)
		} else {
			res, err = servercheck.Apache(ctx, bin, conf)
		}
		switch {
		case err != nil:
			r.add(Result{ID: "server-test", Status: Fail, Target: j.target, Pos: j.pos, Message: fmt.Sprintf("%s: %v", j.label, err)})
		case !res.OK:
			r.add(Result{ID: "server-test", Status: Fail, Target: j.target, Pos: j.pos,
				Message: fmt.Sprintf("%s -t rejects %s", filepath.Base(res.Program), j.label), Detail: strings.TrimSpace(res.Output)})
		case len(res.Warnings) > 0:
			r.add(Result{ID: "server-test", Status: Warn, Target: j.target, Pos: j.pos,
				Message: fmt.Sprintf("%s -t accepts %s with warnings", filepath.Base(res.Program), j.label), Detail: strings.Join(res.Warnings, "\n")})
		default:
			r.add(Result{ID: "server-test", Status: Pass, Target: j.target, Pos: j.pos, Message: fmt.Sprintf("%s -t accepts %s", filepath.Base(res.Program), j.label)})
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
