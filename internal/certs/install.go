package certs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/wssgen/wssgen/internal/atomicfile"
)

// fileOps are the file system steps Install takes. Tests replace them to
// make one step fail and check that the previous pair survives.
type fileOps struct {
	write  func(path string, data []byte, perm os.FileMode) error
	rename func(oldpath, newpath string) error
}

var osOps = fileOps{write: atomicfile.Write, rename: os.Rename}

// Install writes b's chain to certFile and its key to keyFile (mode 0600).
//
// Two files cannot be replaced in one atomic step, so Install narrows the
// gap to two renames: both new files are first written and synced next to
// their targets, and only then is the key renamed into place, then the
// certificate. If the second rename fails the previous key is put back,
// so a failed install leaves the previous certificate and key, which
// belong together, exactly as they were.
func Install(b *Bundle, certFile, keyFile string) error {
	return install(osOps, b, certFile, keyFile)
}

func install(ops fileOps, b *Bundle, certFile, keyFile string) error {
	keyPEM, err := encodeKey(b.Key)
	if err != nil {
		return fmt.Errorf("encode key: %w", err)
	}
	certPEM := encodeChain(b.Chain)
	for _, d := range []string{filepath.Dir(certFile), filepath.Dir(keyFile)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("create certificate directory: %w", err)
		}
	}
	certPerm := os.FileMode(0o644)
	if fi, err := os.Stat(certFile); err == nil {
		certPerm = fi.Mode().Perm()
	}

	certNew, keyNew, keyOld := sidePath(certFile, "new"), sidePath(keyFile, "new"), sidePath(keyFile, "old")
	defer func() {
		// Whatever happened, no staged or saved copy of a key is left behind.
		for _, p := range []string{certNew, keyNew, keyOld} {
			_ = os.Remove(p)
		}
	}()
	if err := ops.write(keyNew, keyPEM, 0o600); err != nil {
		return fmt.Errorf("stage new key: %w", err)
	}
	if err := ops.write(certNew, certPEM, certPerm); err != nil {
		return fmt.Errorf("stage new certificate: %w", err)
	}

	// Keep the previous key reachable under another name, so that putting
	// it back is a rename, which needs no free space.
	hadKey := false
	if _, err := os.Lstat(keyFile); err == nil {
		hadKey = true
		_ = os.Remove(keyOld)
		if err := os.Link(keyFile, keyOld); err != nil {
			old, rerr := os.ReadFile(keyFile)
			if rerr != nil {
				return fmt.Errorf("save previous key: %w", rerr)
			}
			if werr := ops.write(keyOld, old, 0o600); werr != nil {
				return fmt.Errorf("save previous key: %w", werr)
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("install key: %w", err)
	}

	if err := ops.rename(keyNew, keyFile); err != nil {
		return fmt.Errorf("install key %s: %w", keyFile, err)
	}
	if err := ops.rename(certNew, certFile); err != nil {
		var rerr error
		if hadKey {
			rerr = os.Rename(keyOld, keyFile)
		} else {
			rerr = os.Remove(keyFile)
		}
		if rerr != nil {
			return fmt.Errorf("install certificate %s: %w; putting the previous key back also failed (%v), so %s may not match %s", certFile, err, rerr, keyFile, certFile)
		}
		return fmt.Errorf("install certificate %s: %w (the previous certificate and key are unchanged)", certFile, err)
	}
	syncDir(filepath.Dir(keyFile))
	syncDir(filepath.Dir(certFile))
	return nil
}

// sidePath is a hidden file next to path, on the same file system so that
// renaming it over path is atomic.
func sidePath(path, suffix string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".wssgen-"+suffix)
}

// syncDir makes renames in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
