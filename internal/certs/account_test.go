package certs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		euid int
		env  map[string]string
		want string
	}{
		{0, map[string]string{"XDG_STATE_HOME": "/home/x/.state", "HOME": "/root"}, "/var/lib/wssgen"},
		{1000, map[string]string{"XDG_STATE_HOME": "/home/x/.state", "HOME": "/home/x"}, "/home/x/.state/wssgen"},
		{1000, map[string]string{"HOME": "/home/x"}, "/home/x/.local/state/wssgen"},
		// A relative XDG_STATE_HOME is invalid by the XDG spec and ignored.
		{1000, map[string]string{"XDG_STATE_HOME": "state", "HOME": "/home/x"}, "/home/x/.local/state/wssgen"},
	}
	for _, tc := range cases {
		got, err := stateDir(tc.euid, env(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("stateDir(%d, %v) = %q, %v; want %q", tc.euid, tc.env, got, err, tc.want)
		}
	}
	if _, err := stateDir(1000, env(nil)); err == nil || !strings.Contains(err.Error(), "--state-dir") {
		t.Errorf("no HOME: err = %v, want advice to pass --state-dir", err)
	}
}

func TestAccountDir(t *testing.T) {
	a := accountDir("/s", LetsEncrypt)
	b := accountDir("/s", LetsEncryptStaging)
	if a == b {
		t.Fatal("production and staging share an account directory")
	}
	if !strings.HasPrefix(a, "/s/accounts/acme-v02.api.letsencrypt.org_directory-") {
		t.Errorf("account directory %q does not name the CA", a)
	}
	if accountDir("/s", LetsEncrypt) != a {
		t.Error("account directory is not stable")
	}
	// Port and path matter; nothing escapes the accounts directory.
	c := accountDir("/s", "https://127.0.0.1:14000/dir")
	d := accountDir("/s", "https://127.0.0.1:14001/dir")
	if c == d || filepath.Dir(c) != "/s/accounts" || filepath.Dir(accountDir("/s", "https://x/../../etc")) != "/s/accounts" {
		t.Errorf("account directories %q %q", c, d)
	}
}

func TestAccountKeyCreatedOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "accounts", "ca")
	k1, created, err := loadOrCreateAccountKey(dir)
	if err != nil || !created {
		t.Fatalf("first: created=%v err=%v", created, err)
	}
	k2, created, err := loadOrCreateAccountKey(dir)
	if err != nil || created {
		t.Fatalf("second: created=%v err=%v", created, err)
	}
	if !publicKeysEqual(k1.Public(), k2.Public()) {
		t.Error("the second call returned a different key")
	}
	fi, err := os.Stat(filepath.Join(dir, "account.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("account.key: %v %v, want mode 0600", fi.Mode(), err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("account directory mode %v, want no access for others", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in the account directory: %v, want only account.key", entries)
	}
}
