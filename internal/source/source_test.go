package source

import (
	"errors"
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
