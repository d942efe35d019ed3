package lint

import (
	"strings"

	"github.com/wssgen/wssgen/internal/apacheconf"
	"github.com/wssgen/wssgen/internal/nginxconf"
)

// ignoreMarker starts a suppression comment: "# wssgen-ignore: NGX001,NGX010".
const ignoreMarker = "wssgen-ignore:"

// ignoreSet maps file → line → rule IDs or names (upper case) whose
// findings starting on that line are dropped.
type ignoreSet map[string]map[int32][]string

func (s ignoreSet) add(file string, line int32, ids []string) {
	m := s[file]
	if m == nil {
		m = make(map[int32][]string)
		s[file] = m
	}
	m[line] = append(m[line], ids...)
}

func (s ignoreSet) suppresses(f Finding) bool {
	for _, id := range s[f.Range.File.String()][f.Range.Start.Line] {
		if id == f.Rule.ID || id == strings.ToUpper(f.Rule.Name) {
			return true
		}
	}
	return false
}

// parseIgnore returns the IDs of a suppression comment, or nil. Text after
// the list (separated by whitespace) is a free-form reason:
// "# wssgen-ignore: NGX014 the backend needs it".
func parseIgnore(text string) []string {
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(text, ignoreMarker)
	if !ok {
		return nil
	}
	// The list ends at the first blank that does not touch a comma, so
	// "NGX001, NGX010 reason" names two rules.
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil
	}
	list := fields[0]
	for _, f := range fields[1:] {
		if !strings.HasSuffix(list, ",") && !strings.HasPrefix(f, ",") {
			break
		}
		list += f
	}
	var ids []string
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, strings.ToUpper(id))
		}
	}
	return ids
}

// nginxIgnores reads suppression comments. nginx allows a comment after a
// directive, so a comment applies to its own line and to the next one.
func nginxIgnores(cfg *nginxconf.Config) ignoreSet {
	s := ignoreSet{}
	for _, f := range cfg.Files {
		for _, c := range f.Comments {
			if !strings.Contains(c.Text, ignoreMarker) {
				continue
			}
			if ids := parseIgnore(c.Text); ids != nil {
				s.add(f.Path, c.Range.Start.Line, ids)
				s.add(f.Path, c.Range.Start.Line+1, ids)
			}
		}
	}
	return s
}

// apacheIgnores reads suppression comments. Apache comments fill a whole
// line, so one applies to the next line that is not a comment.
func apacheIgnores(cfg *apacheconf.Config) ignoreSet {
	s := ignoreSet{}
	for _, f := range cfg.Files {
		var commentLines map[int32]bool
		for _, c := range f.Comments {
			if !strings.Contains(c.Text, ignoreMarker) {
				continue
			}
			ids := parseIgnore(c.Text)
			if ids == nil {
				continue
			}
			if commentLines == nil {
				commentLines = make(map[int32]bool, len(f.Comments))
				for _, c := range f.Comments {
					commentLines[c.Range.Start.Line] = true
				}
			}
			line := c.Range.Start.Line + 1
			for commentLines[line] {
				line++
			}
			s.add(f.Path, line, ids)
		}
	}
	return s
}
