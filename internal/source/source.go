// Package source describes places in text files: the positions that parse
// errors, lint findings and check results point at. It also reads such
// files the way the parsers want them, as one string.
package source

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unique"
)

// Pos is a point in a file. Line and Column are 1-based; Column counts bytes.
//
// The fields are 32-bit because a parsed configuration holds several
// positions per argument: halving them shrinks a syntax tree by a third.
// Parsers refuse files of MaxOffset bytes or more (CheckSize), so the
// values fit: a line or column number is at most one more than the size.
type Pos struct {
	Line   int32
	Column int32
	Offset int32 // byte offset from the start of the file
}

// MaxOffset is the largest value a Pos field holds.
const MaxOffset = 1<<31 - 1

// Range is a span in one file, End exclusive.
type Range struct {
	File  FileName
	Start Pos
	End   Pos
}

// FileName names the file a Range lies in. It is a handle to an interned
// string, half the size of a string: a parsed configuration holds a range
// per directive, name and argument, so the names are a good share of it.
// FileNames are equal exactly when their names are; they format (%s, %q,
// %v) and marshal as the name.
type FileName struct {
	h unique.Handle[string]
}

// NewFileName returns the FileName of name. Parsers make one per file and
// reuse it.
func NewFileName(name string) FileName {
	if name == "" {
		return FileName{}
	}
	return FileName{unique.Make(name)}
}

// String returns the name.
func (f FileName) String() string {
	if f == (FileName{}) {
		return ""
	}
	return f.h.Value()
}

// Compare orders FileNames by name, as strings.Compare does.
func (f FileName) Compare(g FileName) int {
	if f == g {
		return 0
	}
	return strings.Compare(f.String(), g.String())
}

// MarshalText returns the name, so a FileName encodes as a string.
func (f FileName) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// String formats the start as file:line:col, the form editors jump to.
func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// Error is a problem at a place in a file, such as a syntax error.
type Error struct {
	Range   Range
	Message string
}

func (e *Error) Error() string { return e.Range.String() + ": " + e.Message }

// CheckSize returns an *Error when a file of n bytes is too large for its
// positions to fit in a Pos, and nil otherwise. Parsers call it before
// reading a file.
func CheckSize(file string, n int) error {
	if n < MaxOffset {
		return nil
	}
	p := Pos{Line: 1, Column: 1}
	return &Error{
		Range:   Range{File: NewFileName(file), Start: p, End: p},
		Message: fmt.Sprintf("file of %d bytes is too large: at most %d bytes can be parsed", n, MaxOffset-1),
	}
}

// ReadFile reads the file at path into a string, refusing files too large
// for their positions (CheckSize). It takes one allocation the size of
// the file, where os.ReadFile and a conversion take two: a parsed
// configuration keeps its text alive, since names and arguments are
// substrings of it, so on a large tree every copy counts. *scratch is the
// copying buffer, made on first use and kept for the next call; scratch
// may be nil. Errors are those of os.ReadFile.
func ReadFile(path string, scratch *[]byte) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if err := CheckSize(path, int(min(fi.Size(), MaxOffset))); err != nil {
			return "", err
		}
		b.Grow(int(fi.Size()))
	}
	if scratch == nil {
		scratch = new([]byte)
	}
	if *scratch == nil {
		*scratch = make([]byte, 32<<10)
	}
	buf := *scratch
	for {
		n, err := f.Read(buf)
		b.Write(buf[:n])
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
	}
}
