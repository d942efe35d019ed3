package spec

import (
	"io"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics prints diags the way HCL does, with file:line:col, the
// offending source line and a caret under the value. src is the spec's
// text (nil when it could not be read); colour only when the caller knows
// the stream is a terminal.
func WriteDiagnostics(w io.Writer, filename string, src []byte, diags hcl.Diagnostics, color bool) error {
	files := map[string]*hcl.File{}
	if src != nil {
		files[filename] = &hcl.File{Bytes: src}
	}
	return hcl.NewDiagnosticTextWriter(w, files, 100, color).WriteDiagnostics(diags)
}
