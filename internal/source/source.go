// Package source describes places in text files: the positions that parse
// errors, lint findings and check results point at.
package source

import "fmt"

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
	File  string
	Start Pos
	End   Pos
}

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
		Range:   Range{File: file, Start: p, End: p},
		Message: fmt.Sprintf("file of %d bytes is too large: at most %d bytes can be parsed", n, MaxOffset-1),
	}
}
