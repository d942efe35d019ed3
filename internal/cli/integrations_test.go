package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/wssgen/wssgen/internal/check"
)

// repoFile reads a file from the repository root.
func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkCommandLine fails t unless args is a wssgen command line whose
// subcommand and flags exist.
func checkCommandLine(t *testing.T, where string, args []string) {
	t.Helper()
	root := NewCmdRoot(&IOStreams{})
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		t.Errorf("%s: %q is not a wssgen command: %v", where, strings.Join(args, " "), err)
		return
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("%s: %q: %v", where, strings.Join(args, " "), err)
	}
}

func TestPreCommitHooks(t *testing.T) {
	var hooks []struct {
		ID    string   `yaml:"id"`
		Entry string   `yaml:"entry"`
		Args  []string `yaml:"args"`
		Lang  string   `yaml:"language"`
	}
	if err := yaml.Unmarshal(repoFile(t, ".pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range hooks {
		ids[h.ID] = true
		fields := strings.Fields(h.Entry)
		if len(fields) < 2 || fields[0] != "wssgen" || h.Lang != "golang" {
			t.Errorf("hook %s: entry %q must run wssgen, installed with language golang", h.ID, h.Entry)
			continue
		}
		checkCommandLine(t, "hook "+h.ID, append(fields[1:], h.Args...))
	}
	if !ids["wssgen-lint"] || !ids["wssgen-check"] {
		t.Errorf("want hooks wssgen-lint and wssgen-check, have %v", ids)
	}
}

var (
	flagRE  = regexp.MustCompile(`(?:^|\s)(--[a-z][a-z-]*)`)
	inputRE = regexp.MustCompile(`inputs\.([a-z][a-z-]*)`)
)

func TestGitHubAction(t *testing.T) {
	var action struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	src := repoFile(t, "action.yml")
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", action.Runs.Using)
	}
	for _, m := range inputRE.FindAllStringSubmatch(string(src), -1) {
		if _, ok := action.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses inputs.%s, which it does not declare", m[1])
		}
	}
	checkCmd := NewCmdCheck(&IOStreams{}, nil)
	formats := map[string]bool{}
	installs := false
	for _, st := range action.Runs.Steps {
		if strings.Contains(st.Run, "go install ") && strings.Contains(st.Run, "/cmd/wssgen@") {
			installs = true
		}
		if !strings.Contains(st.Run, " check ") {
			continue
		}
		for _, m := range flagRE.FindAllStringSubmatch(st.Run, -1) {
			if checkCmd.Flags().Lookup(strings.TrimPrefix(m[1], "--")) == nil {
				t.Errorf("action.yml passes %s, which wssgen check does not have", m[1])
			}
		}
		for _, f := range []string{"sarif", "github"} {
			if strings.Contains(st.Run, "--format "+f) {
				formats[f] = true
			}
		}
	}
	if !installs || !formats["sarif"] || !formats["github"] {
		t.Errorf("the action must go install wssgen and run check with --format sarif and github (install %v, formats %v)", installs, formats)
	}

	var wf map[string]any
	example := repoFile(t, "docs/github-workflow.yml")
	if err := yaml.Unmarshal(example, &wf); err != nil {
		t.Fatalf("docs/github-workflow.yml: %v", err)
	}
	if !strings.Contains(string(example), "upload-sarif") || !strings.Contains(string(example), "uses: wssgen/wssgen@") {
		t.Error("the example workflow must use the action and upload SARIF")
	}
}

// TestCheckDocs: every check ID has a section in docs/check.md, the page
// SARIF help links point at.
func TestCheckDocs(t *testing.T) {
	doc := string(repoFile(t, "docs/check.md"))
	for id := range check.Descriptions {
		if !regexp.MustCompile(`(?m)^## .*\b` + regexp.QuoteMeta(id) + `\b`).MatchString(doc) {
			t.Errorf("docs/check.md has no section for %q", id)
		}
	}
}
