package cli

import (
	"os"

	"github.com/hashicorp/hcl/v2"

	"github.com/wssgen/wssgen/internal/spec"
)

// loadSpec reads the spec at path and prints its diagnostics (warnings
// too) to ErrOut. It returns nil when the spec has errors.
func loadSpec(streams *IOStreams, path string) *spec.Spec {
	s, src, diags := spec.LoadFile(path)
	if len(diags) > 0 {
		_ = spec.WriteDiagnostics(streams.ErrOut, path, src, diags, streams.ColorErr)
	}
	if diags.HasErrors() {
		return nil
	}
	return s
}

// writeDiag prints one diagnostic about the spec at path, with its source
// line when the file can be read.
func writeDiag(streams *IOStreams, path string, d *hcl.Diagnostic) {
	src, _ := os.ReadFile(path)
	_ = spec.WriteDiagnostics(streams.ErrOut, path, src, hcl.Diagnostics{d}, streams.ColorErr)
}
