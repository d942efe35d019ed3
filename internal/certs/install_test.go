package certs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func selfSignedBundle(t *testing.T, names ...string) *Bundle {
	t.Helper()
	b, err := (&SelfSigned{}).Issue(context.Background(), Request{Names: names})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pairOnDisk returns the serial of the installed certificate after
// checking that the key belongs to it.
func pairOnDisk(t *testing.T, certFile, keyFile string) string {
	t.Helper()
	cur := Inspect(certFile, keyFile)
	if cur.Err != nil {
		t.Fatalf("the pair on disk is broken: %v", cur.Err)
	}
	return cur.Leaf.SerialNumber.String()
}

func noSideFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestInstallNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "etc", "ssl", "chat")
	certFile, keyFile := filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	b := selfSignedBundle(t, "chat.example.com")
	if err := Install(b, certFile, keyFile); err != nil {
		t.Fatal(err)
	}
	if got := pairOnDisk(t, certFile, keyFile); got != b.Leaf().SerialNumber.String() {
		t.Errorf("installed serial %s, want %s", got, b.Leaf().SerialNumber)
	}
	for file, want := range map[string]os.FileMode{certFile: 0o644, keyFile: 0o600} {
		fi, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", filepath.Base(file), fi.Mode().Perm(), want)
		}
	}
	noSideFiles(t, dir)
}

func TestInstallReplacesAndKeepsCertMode(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := Install(selfSignedBundle(t, "a.example.com"), certFile, keyFile); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(certFile, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(keyFile, 0o644); err != nil { // too open: wssgen tightens it
		t.Fatal(err)
	}
	b := selfSignedBundle(t, "a.example.com")
	if err := Install(b, certFile, keyFile); err != nil {
		t.Fatal(err)
	}
	if got := pairOnDisk(t, certFile, keyFile); got != b.Leaf().SerialNumber.String() {
		t.Errorf("installed serial %s, want the new %s", got, b.Leaf().SerialNumber)
	}
	if fi, _ := os.Stat(certFile); fi.Mode().Perm() != 0o640 {
		t.Errorf("certificate mode %v, want the previous 0640 kept", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(keyFile); fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v, want 0600", fi.Mode().Perm())
	}
	noSideFiles(t, dir)
}

// TestInstallFailureKeepsOldPair makes each step of Install fail in turn
// and checks that the previous certificate and key are still in place,
// still belong together, and no staged copy is left.
func TestInstallFailureKeepsOldPair(t *testing.T) {
	injected := errors.New("injected failure")
	cases := []struct {
		name string
		ops  func(certFile, keyFile string) fileOps
	}{
		{"staging the key", func(_, keyFile string) fileOps {
			return fileOps{
				write: func(p string, d []byte, m os.FileMode) error {
					if p == sidePath(keyFile, "new") {
						return injected
					}
					return osOps.write(p, d, m)
				},
				rename: os.Rename,
			}
		}},
		{"staging the certificate", func(certFile, _ string) fileOps {
			return fileOps{
				write: func(p string, d []byte, m os.FileMode) error {
					if p == sidePath(certFile, "new") {
						return injected
					}
					return osOps.write(p, d, m)
				},
				rename: os.Rename,
			}
		}},
		{"renaming the key", func(_, keyFile string) fileOps {
			return fileOps{write: osOps.write, rename: func(o, n string) error {
				if n == keyFile {
					return injected
				}
				return os.Rename(o, n)
			}}
		}},
		// The key is already replaced when the certificate rename fails:
		// the previous key must be put back.
		{"renaming the certificate after the key", func(certFile, _ string) fileOps {
			return fileOps{write: osOps.write, rename: func(o, n string) error {
				if n == certFile {
					return injected
				}
				return os.Rename(o, n)
			}}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			certFile, keyFile := filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
			old := selfSignedBundle(t, "chat.example.com")
			if err := Install(old, certFile, keyFile); err != nil {
				t.Fatal(err)
			}
			oldKey, _ := os.ReadFile(keyFile)

			err := install(tc.ops(certFile, keyFile), selfSignedBundle(t, "chat.example.com"), certFile, keyFile)
			if !errors.Is(err, injected) {
				t.Fatalf("err = %v, want the injected failure", err)
			}
			if got := pairOnDisk(t, certFile, keyFile); got != old.Leaf().SerialNumber.String() {
				t.Errorf("certificate on disk has serial %s, want the previous %s", got, old.Leaf().SerialNumber)
			}
			if key, _ := os.ReadFile(keyFile); string(key) != string(oldKey) {
				t.Error("the key on disk is not the previous key")
			}
			if fi, _ := os.Stat(keyFile); fi.Mode().Perm() != 0o600 {
				t.Errorf("key mode %v after rollback, want 0600", fi.Mode().Perm())
			}
			noSideFiles(t, dir)
		})
	}
}

// TestInstallFailureWithoutOldPair: with nothing installed before, a
// failed certificate rename must not leave a lone new key behind.
func TestInstallFailureWithoutOldPair(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	injected := errors.New("injected failure")
	ops := fileOps{write: osOps.write, rename: func(o, n string) error {
		if n == certFile {
			return injected
		}
		return os.Rename(o, n)
	}}
	if err := install(ops, selfSignedBundle(t, "x.example.com"), certFile, keyFile); !errors.Is(err, injected) {
		t.Fatalf("err = %v, want the injected failure", err)
	}
	for _, f := range []string{certFile, keyFile} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists after a failed first install", filepath.Base(f))
		}
	}
	noSideFiles(t, dir)
}
