package lint

import (
	"embed"
	"fmt"
)

// docsFS holds one Markdown page per rule, docs/<ID>.md: what the rule
// finds, why it matters, how to fix it, with an example.
//
//go:embed docs/*.md
var docsFS embed.FS

// Doc returns the documentation page of the rule with the given ID.
func Doc(id string) (string, error) {
	b, err := docsFS.ReadFile("docs/" + id + ".md")
	if err != nil {
		return "", fmt.Errorf("no doc page docs/%s.md", id)
	}
	return string(b), nil
}
