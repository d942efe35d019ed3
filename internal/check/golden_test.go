package check

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wssgen/wssgen/internal/render"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/internal/testenv"
	"github.com/wssgen/wssgen/lint"
)

var update = flag.Bool("update", false, "rewrite the golden reports")

// scenario is a deployment to check, built in a temp dir.
type scenario struct {
	name string
	// spec uses env("WSSGEN_CHECK_DIR") for file paths, so the spec text
	// and its hash are the same on every run.
	spec  string
	setup func(t *testing.T, dir string, root *testenv.CA) []Deployed
}

const goldenSpec = `site "chat" {
  domain = "chat.example.com"
  listen {
    address = "127.0.0.1"
  }
  tls {
    certificate   = "${env("WSSGEN_CHECK_DIR")}/chat.pem"
    key           = "${env("WSSGEN_CHECK_DIR")}/chat.key"
    ocsp_stapling = %s
    resolvers     = ["127.0.0.53"]
  }
  route "/wss" { backend = "127.0.0.1:8282" }
}

target "nginx" {
  version = "1.22.1"
  openssl = "3.0"
}
`

var scenarios = []scenario{
	{
		// Everything wrong at once: drifted deployed file with a lint
		// warning, an expired certificate, a world-readable key.
		name: "failing",
		spec: fmt.Sprintf(goldenSpec, "false"),
		setup: func(t *testing.T, dir string, ca *testenv.CA) []Deployed {
			leaf := ca.Issue(t, testenv.LeafOptions{DNSNames: []string{"chat.example.com"},
				NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-time.Hour)})
			leaf.WriteFiles(t, dir, "chat")
			if err := os.Chmod(leaf.KeyFile, 0o644); err != nil {
				t.Fatal(err)
			}
			s, diags := spec.Parse("wssgen.hcl", []byte(fmt.Sprintf(goldenSpec, "false")))
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			out, err := render.Render(s, "nginx", render.Options{Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			out = bytes.Replace(out, []byte("proxy_read_timeout 3600s"), []byte("proxy_read_timeout 60s"), 1)
			p := filepath.Join(dir, "deployed.conf")
			if err := os.WriteFile(p, out, 0o644); err != nil {
				t.Fatal(err)
			}
			return []Deployed{{Target: "nginx", Path: p}}
		},
	},
	{
		// Only a warning: stapling asked for, no responder in the
		// certificate. Passes at --fail-on error, fails at warning.
		name: "warning",
		spec: fmt.Sprintf(goldenSpec, "true"),
		setup: func(t *testing.T, dir string, ca *testenv.CA) []Deployed {
			ca.Issue(t, testenv.LeafOptions{DNSNames: []string{"chat.example.com"}}).WriteFiles(t, dir, "chat")
			return nil
		},
	},
}

// normalize replaces what differs between runs (temp dir, dates, day
// counts) with stable placeholders.
func normalize(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$DIR")
	s = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`).ReplaceAllString(s, "<time>")
	s = regexp.MustCompile(`\d+ days`).ReplaceAllString(s, "<n> days")
	// The render embeds $DIR, whose length varies.
	s = regexp.MustCompile(`\d+ bytes`).ReplaceAllString(s, "<n> bytes")
	return s
}

func runScenario(t *testing.T, sc scenario) (*Report, string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("WSSGEN_CHECK_DIR", dir)
	root := testenv.NewCA(t)
	deployed := sc.setup(t, dir, root.Intermediate(t, time.Time{}))
	rootFile := filepath.Join(dir, "root.pem")
	if err := os.WriteFile(rootFile, root.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	specFile := filepath.Join(dir, "wssgen.hcl")
	if err := os.WriteFile(specFile, []byte(sc.spec), 0o644); err != nil {
		t.Fatal(err)
	}
	// Relative spec path, as in a repository checkout.
	t.Chdir(dir)
	rep, err := Run(context.Background(), Options{
		SpecFile: "wssgen.hcl", Deployed: deployed, MinValidity: 21 * 24 * time.Hour,
		CAFiles: []string{rootFile}, ServerTest: ServerTestOff, LintFailOn: lint.Error, Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return rep, dir
}

func TestGoldenReports(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			rep, dir := runScenario(t, sc)
			outputs := map[string]func(*bytes.Buffer) error{
				"txt":  func(b *bytes.Buffer) error { return WriteText(b, rep, false) },
				"json": func(b *bytes.Buffer) error { return WriteJSON(b, rep) },
				"sarif": func(b *bytes.Buffer) error {
					lr, rules := rep.AsLintReport()
					return lint.WriteSARIF(b, lr, lint.WriteOptions{Rules: rules})
				},
				"github": func(b *bytes.Buffer) error { lr, _ := rep.AsLintReport(); return lint.WriteGitHub(b, lr) },
				"exit": func(b *bytes.Buffer) error {
					for _, th := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
						code := 0
						if rep.Failed(th) {
							code = 1
						}
						fmt.Fprintf(b, "--fail-on %s: exit %d\n", th, code)
					}
					return nil
				},
			}
			for ext, write := range outputs {
				var b bytes.Buffer
				if err := write(&b); err != nil {
					t.Fatal(err)
				}
				got := normalize(b.String(), dir)
				path := filepath.Join(goldenDir(t), sc.name+"."+ext+".golden")
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./internal/check -update creates it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from %s (-update rewrites it; review the diff):\n%s", ext, path, got)
				}
			}
		})
	}
}

var testdataDir string

func goldenDir(t *testing.T) string {
	t.Helper()
	if testdataDir == "" {
		t.Fatal("testdata dir unknown")
	}
	return testdataDir
}

func TestMain(m *testing.M) {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	testdataDir = filepath.Join(wd, "testdata")
	flag.Parse()
	os.Exit(m.Run())
}

// TestSARIFShape checks the SARIF 2.1.0 fields code scanning needs, and
// that every result's rule is in the rules array.
func TestSARIFShape(t *testing.T) {
	rep, _ := runScenario(t, scenarios[0])
	lr, rules := rep.AsLintReport()
	var b bytes.Buffer
	if err := lint.WriteSARIF(&b, lr, lint.WriteOptions{Rules: rules, ToolVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Schema  string `json:"$schema"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "wssgen" {
		t.Fatalf("not a SARIF 2.1.0 log with one wssgen run: %s", b.String())
	}
	run := log.Runs[0]
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || !strings.HasPrefix(r.HelpURI, "https://") {
			t.Errorf("rule %d lacks id, description or help URI: %+v", i, r)
		}
		ids[r.ID] = i
	}
	if len(run.Results) < 4 {
		t.Fatalf("want the failing scenario's results, got %d", len(run.Results))
	}
	for _, res := range run.Results {
		idx, ok := ids[res.RuleID]
		if !ok || idx != res.RuleIndex {
			t.Errorf("result rule %q (index %d) is not rules[%d]", res.RuleID, res.RuleIndex, idx)
		}
		if res.Message.Text == "" || (res.Level != "error" && res.Level != "warning" && res.Level != "note") {
			t.Errorf("result %q: bad message or level %q", res.RuleID, res.Level)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" || res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("result %q: location must name a file and a line >= 1: %+v", res.RuleID, res.Locations)
		}
	}
}
