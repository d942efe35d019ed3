// Package source describes places in text files: the positions that parse
// errors, lint findings and check results point at.
package source

import "fmt"

// Pos is a point in a file. Line and Column are 1-based; Column counts bytes.
type Pos struct {
	Line   int
	Column int
	Offset int // byte offset from the start of the file
}

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
