// Package templates holds the text/template sources wssgen renders server
// configurations from, one per target. They are embedded so the binary is
// self-contained; internal/render supplies the data.
package templates

import "embed"

// FS contains every *.tmpl file in this directory.
//
//go:embed *.tmpl
var FS embed.FS
