package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wssgen/wssgen/internal/atomicfile"
)

// DefaultStateDir is where account keys are kept unless --state-dir says
// otherwise: /var/lib/wssgen for root (cron jobs and systemd timers), and
// $XDG_STATE_HOME/wssgen (default ~/.local/state/wssgen) for other users.
func DefaultStateDir() (string, error) {
	return stateDir(os.Geteuid(), os.Getenv)
}

func stateDir(euid int, getenv func(string) string) (string, error) {
	if euid == 0 {
		return "/var/lib/wssgen", nil
	}
	if x := getenv("XDG_STATE_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "wssgen"), nil
	}
	home := getenv("HOME")
	if !filepath.IsAbs(home) {
		return "", errors.New("cannot choose a state directory: neither XDG_STATE_HOME nor HOME is an absolute path; pass --state-dir")
	}
	return filepath.Join(home, ".local", "state", "wssgen"), nil
}

// accountDir is the directory holding the account for one ACME directory
// URL: readable (host and path) and unique (a hash of the whole URL).
func accountDir(stateDir, directory string) string {
	name := directory
	if u, err := url.Parse(directory); err == nil && u.Host != "" {
		name = u.Host + u.Path
	}
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, strings.Trim(name, "/"))
	sum := sha256.Sum256([]byte(directory))
	return filepath.Join(stateDir, "accounts", safe+"-"+hex.EncodeToString(sum[:4]))
}

// accountInfo is what wssgen records about a registration, for people
// reading the state directory; the key alone identifies the account.
type accountInfo struct {
	Directory      string    `json:"directory"`
	URL            string    `json:"url"`
	Contact        []string  `json:"contact,omitempty"`
	TermsOfService string    `json:"terms_of_service,omitempty"`
	Updated        time.Time `json:"updated"`
}

func writeAccountInfo(dir string, info accountInfo) error {
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, "account.json"), append(data, '\n'), 0o600)
}

// loadOrCreateAccountKey returns the account key in dir, creating it on
// first use. Two runs racing to create it end up with the same key: the
// new key is linked into place only if no key is there yet.
func loadOrCreateAccountKey(dir string) (key crypto.Signer, created bool, err error) {
	path := filepath.Join(dir, "account.key")
	if data, err := os.ReadFile(path); err == nil {
		k, err := parseKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("account key %s: %w", path, err)
		}
		return k, false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("read account key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("create state directory: %w", err)
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, false, err
	}
	pemData, err := encodeKey(k)
	if err != nil {
		return nil, false, err
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".account.key.%d", os.Getpid()))
	if err := atomicfile.Write(tmp, pemData, 0o600); err != nil {
		return nil, false, fmt.Errorf("write account key: %w", err)
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return loadOrCreateAccountKey(dir)
		}
		return nil, false, fmt.Errorf("write account key: %w", err)
	}
	syncDir(dir)
	return k, true, nil
}
