package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckSize(t *testing.T) {
	if err := CheckSize("a.conf", MaxOffset-1); err != nil {
		t.Errorf("CheckSize(MaxOffset-1) = %v, want nil", err)
	}
	err := CheckSize("a.conf", MaxOffset)
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("CheckSize(MaxOffset) = %v, want a *Error", err)
	}
	if want := "a.conf:1:1: file of 2147483647 bytes is too large: at most 2147483646 bytes can be parsed"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestFileName(t *testing.T) {
	a, b := NewFileName("/etc/nginx/a.conf"), NewFileName("/etc/nginx/"+"a.conf")
	if a != b {
		t.Error("two FileNames of one name differ")
	}
	if c := NewFileName("/etc/nginx/b.conf"); a == c || a.Compare(c) >= 0 || c.Compare(a) <= 0 || a.Compare(b) != 0 {
		t.Errorf("a.conf and b.conf compare wrong: %d %d %d", a.Compare(c), c.Compare(a), a.Compare(b))
	}
	if NewFileName("") != (FileName{}) || (FileName{}).String() != "" {
		t.Error("the empty name is not the zero FileName")
	}
	r := Range{File: a, Start: Pos{Line: 3, Column: 7, Offset: 40}}
	for _, c := range []struct{ got, want string }{
		{r.String(), "/etc/nginx/a.conf:3:7"},
		{fmt.Sprintf("%s %q %v", a, a, a), `/etc/nginx/a.conf "/etc/nginx/a.conf" /etc/nginx/a.conf`},
		{fmt.Sprintf("%+v", struct{ F FileName }{a}), "{F:/etc/nginx/a.conf}"},
	} {
		if c.got != c.want {
			t.Errorf("formatted %q, want %q", c.got, c.want)
		}
	}
	j, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"File":"/etc/nginx/a.conf","Start":{"Line":3,"Column":7,"Offset":40},"End":{"Line":0,"Column":0,"Offset":0}}`; string(j) != want {
		t.Errorf("JSON %s, want %s", j, want)
	}
}

// TestReadFile reads files larger than the copying buffer, reusing it,
// and reports what os.ReadFile reports for what is not a file.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	var scratch []byte
	for _, size := range []int{0, 1, 32 << 10, 100<<10 + 7} {
		want := strings.Repeat("listen 443 ssl;\n", size/16+1)[:size]
		path := filepath.Join(dir, fmt.Sprintf("%d.conf", size))
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(path, &scratch)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%d bytes: read %d bytes that differ from the file", size, len(got))
		}
	}
	for _, path := range []string{dir, filepath.Join(dir, "missing.conf")} {
		_, err := ReadFile(path, nil)
		_, wantErr := os.ReadFile(path)
		if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
			t.Errorf("ReadFile(%s) error %v, want %v", path, err, wantErr)
		}
	}
}
