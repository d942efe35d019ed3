package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wssgen/wssgen/internal/spec"
)

// manySites builds a spec with n sites of two routes each.
func manySites(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `site "s%d" {
  domain  = "s%d.example.com"
  aliases = ["ws%d.example.com"]
  tls {
    certificate = "/etc/ssl/s%d/fullchain.pem"
    key         = "/etc/ssl/s%d/privkey.pem"
  }
  route "/wss" { backend = "127.0.0.1:%d" }
  route "/chat/" { backend = "ws://127.0.0.1:%d/socket" }
}
`, i, i, i, i, i, 10000+i, 20000+i)
	}
	return []byte(b.String())
}

func BenchmarkParseSpec(b *testing.B) {
	src := manySites(100)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, diags := spec.Parse("wssgen.hcl", src); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	s, diags := spec.Parse("wssgen.hcl", manySites(100))
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	for _, target := range Targets {
		b.Run(target, func(b *testing.B) {
			out, err := Render(s, target, Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
			for b.Loop() {
				if _, err := Render(s, target, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
