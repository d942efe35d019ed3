// Package term decides how text reaches a terminal. Colour is switched per
// stream by the caller (a TTY and no NO_COLOR), never by global state, so
// machine formats written to a pipe can never pick up escape codes.
package term

import "github.com/fatih/color"

// Palette makes colours that are on or off as a whole.
type Palette struct{ on bool }

// NewPalette returns a palette that colours only when on is true.
func NewPalette(on bool) Palette { return Palette{on: on} }

// Color returns a color with the given attributes, enabled or disabled
// to match the palette.
func (p Palette) Color(attrs ...color.Attribute) *color.Color {
	c := color.New(attrs...)
	if p.on {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c
}
