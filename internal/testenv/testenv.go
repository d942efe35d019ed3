// Package testenv helps tests that need real programs (nginx, apache2,
// chromium, pebble, openssl). On a developer machine a missing program
// skips the test with the package to install; in CI (CI=true) it fails,
// so a broken install step can never turn into a silent pass.
package testenv

import (
	"os"
	"testing"

	"github.com/wssgen/wssgen/internal/servercheck"
)

// InCI reports whether the tests run under CI=true.
func InCI() bool {
	v := os.Getenv("CI")
	return v == "true" || v == "1"
}

// LookPath returns the path of the first program in names found on PATH
// (or in the usual sbin directories, which a non-root PATH may lack). When
// none is found it skips t, or fails it under CI, naming debPackage.
func LookPath(t testing.TB, debPackage string, names ...string) string {
	t.Helper()
	if p, err := servercheck.Find(names...); err == nil {
		return p
	}
	if InCI() {
		t.Fatalf("%v not found and CI=true: install the Debian package %q (.ci/run does this)", names, debPackage)
	}
	t.Skipf("%v not found: install the Debian package %q to run this test", names, debPackage)
	return ""
}
