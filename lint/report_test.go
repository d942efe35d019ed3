package lint

import (
	"fmt"
	"testing"

	"github.com/wssgen/wssgen/internal/source"
)

func finding(file string, line int32, rule *Rule) Finding {
	return Finding{
		Rule: rule, Severity: rule.Severity, Message: "m",
		Range: source.Range{File: source.NewFileName(file), Start: source.Pos{Line: line, Column: 1}},
	}
}

func describe(fs []Finding) string {
	s := ""
	for _, f := range fs {
		s += fmt.Sprintf("%s:%d:%s ", f.Range.File, f.Range.Start.Line, f.Rule.ID)
	}
	return s
}

// TestReportMerge merges sorted and unsorted reports into empty and
// non-empty ones: the result is sorted without duplicates, and the
// merged report is left as it was.
func TestReportMerge(t *testing.T) {
	r1, r2 := NginxLegacyProtocols, NginxReadTimeout
	sorted := []Finding{finding("a.conf", 1, r1), finding("a.conf", 5, r2), finding("b.conf", 2, r1)}
	unsorted := []Finding{finding("b.conf", 2, r1), finding("a.conf", 1, r1), finding("a.conf", 1, r1)}
	for _, c := range []struct {
		name       string
		into, from []Finding
		want       string
	}{
		{"sorted into empty", nil, sorted, "a.conf:1:NGX003 a.conf:5:NGX015 b.conf:2:NGX003 "},
		{"unsorted into empty", nil, unsorted, "a.conf:1:NGX003 b.conf:2:NGX003 "},
		{"sorted into non-empty", []Finding{finding("a.conf", 3, r2)}, sorted, "a.conf:1:NGX003 a.conf:3:NGX015 a.conf:5:NGX015 b.conf:2:NGX003 "},
		{"overlapping", sorted[:1:1], sorted, "a.conf:1:NGX003 a.conf:5:NGX015 b.conf:2:NGX003 "},
	} {
		o := &Report{Files: []string{"a.conf", "b.conf", "a.conf"}, Findings: append([]Finding(nil), c.from...)}
		before := describe(o.Findings)
		r := &Report{Files: []string{"b.conf"}, Findings: c.into}
		r.Merge(o)
		if got := describe(r.Findings); got != c.want {
			t.Errorf("%s: findings %s, want %s", c.name, got, c.want)
		}
		if fmt.Sprint(r.Files) != "[b.conf a.conf]" {
			t.Errorf("%s: files %v, want [b.conf a.conf]", c.name, r.Files)
		}
		r.Findings = append(r.Findings, finding("z.conf", 9, r2))
		if after := describe(o.Findings); after != before {
			t.Errorf("%s: merging and appending changed the merged report from %s to %s", c.name, before, after)
		}
	}
}
