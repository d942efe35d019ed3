package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wssgen/wssgen/internal/testenv"
)

// TestMain lets testscript run the wssgen command in-process: scripts call
// `exec wssgen ...` and get the real binary's behaviour and exit codes.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wssgen": func() { os.Exit(Main()) },
	})
}

// TestScripts runs testdata/script/*.txtar: end-to-end CLI behaviour.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			// Each script gets its own test CA (root in $WORK/root.pem)
			// and an intermediate that gencert issues from.
			root, err := testenv.GenerateCA()
			if err != nil {
				return err
			}
			inter, err := root.NewIntermediate(time.Time{})
			if err != nil {
				return err
			}
			env.Values["ca"] = inter
			return os.WriteFile(filepath.Join(env.WorkDir, "root.pem"), root.CertPEM, 0o644)
		},
		// [ci] is true under CI=true, so scripts can skip a step that needs
		// a server only outside CI: `[!exec:nginx] [!ci] skip`.
		Condition: func(cond string) (bool, error) {
			if cond == "ci" {
				return testenv.InCI(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
			"gencert":  cmdGenCert,
		},
	})
}

// cmdExitCode is `exitcode N prog args...`: run prog like exec and require
// exit status N, since wssgen's statuses (0, 1, 2) carry meaning.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdGenCert is `gencert [-days N] [-expired] [-nochain] NAME DNSNAME...`:
// issue a certificate from the script's test CA into $WORK/NAME.pem (leaf,
// then the intermediate unless -nochain) and $WORK/NAME.key (mode 0600).
func cmdGenCert(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("gencert", flag.ContinueOnError)
	days := fs.Int("days", 90, "validity from now")
	expired := fs.Bool("expired", false, "expired an hour ago")
	nochain := fs.Bool("nochain", false, "leave the intermediate out")
	if neg || fs.Parse(args) != nil || fs.NArg() < 2 {
		ts.Fatalf("usage: gencert [-days N] [-expired] [-nochain] NAME DNSNAME...")
	}
	ca := ts.Value("ca").(*testenv.CA)
	o := testenv.LeafOptions{DNSNames: fs.Args()[1:], NotAfter: time.Now().Add(time.Duration(*days) * 24 * time.Hour)}
	if *expired {
		o.NotBefore, o.NotAfter = time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour)
	}
	leaf, err := ca.IssueLeaf(o)
	ts.Check(err)
	if *nochain {
		pem := string(leaf.CertPEM)
		end := "-----END CERTIFICATE-----\n"
		leaf.CertPEM = []byte(pem[:strings.Index(pem, end)+len(end)])
	}
	ts.Check(leaf.Write(ts.Getenv("WORK"), fs.Arg(0)))
}
