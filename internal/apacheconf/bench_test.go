package apacheconf

import (
	"bytes"
	"os"
	"testing"
)

// benchConfig is a large configuration made of many copies of a realistic
// wss virtual host: comments, sections, quotes, continuations and ${VAR}.
func benchConfig(b *testing.B) []byte {
	b.Helper()
	vhost, err := os.ReadFile("testdata/wss-vhost.conf")
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Repeat(vhost, (1<<20)/len(vhost)+1)
}

func BenchmarkParse(b *testing.B) {
	src := benchConfig(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.conf", src, Options{NoIncludes: true}); err != nil {
			b.Fatal(err)
		}
	}
}
