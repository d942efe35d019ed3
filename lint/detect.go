package lint

import (
	"fmt"
	"path/filepath"
	"strings"
)

// ParseTarget reads "nginx" or "apache" ("httpd" and "apache2" are
// accepted too); "auto" and "" return "".
func ParseTarget(s string) (Target, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return "", nil
	case "nginx":
		return Nginx, nil
	case "apache", "apache2", "httpd":
		return Apache, nil
	}
	return "", fmt.Errorf("unknown config type %q: valid types are auto, nginx and apache", s)
}

// AmbiguousTypeError is returned by DetectType when neither the content nor
// the name tells nginx from Apache.
type AmbiguousTypeError struct{ Name string }

func (e *AmbiguousTypeError) Error() string {
	return fmt.Sprintf("cannot tell whether %s is an nginx or an Apache configuration; pass --type nginx or --type apache", e.Name)
}

// DetectType decides whether src (read from name) is an nginx or an
// Apache configuration. Content decides first: nginx statements end with
// ';', '{' or '}', Apache lines are "Directive args" or <Section> tags.
// When the content is mixed or empty, the path decides: a path through
// apache2/, httpd/ or a file called httpd.conf is Apache, one through
// nginx/ is nginx.
func DetectType(name string, src []byte) (Target, error) {
	return detectType(name, string(src))
}

func detectType(name, src string) (Target, error) {
	ngx, apa := contentScores(src)
	switch {
	case ngx > 0 && apa == 0, ngx >= 3*apa && ngx > 0:
		return Nginx, nil
	case apa > 0 && ngx == 0, apa >= 3*ngx && apa > 0:
		return Apache, nil
	}
	if t := nameTarget(name); t != "" {
		return t, nil
	}
	return "", &AmbiguousTypeError{Name: name}
}

// contentScores counts lines that only make sense in one syntax.
func contentScores(src string) (ngx, apa int) {
	for len(src) > 0 {
		var line string
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, ""
		}
		line = strings.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		last := line[len(line)-1]
		switch {
		case line[0] == '<' && len(line) > 1 && (line[1] == '/' || isLetter(line[1])) && last == '>':
			apa++
		case last == ';' || last == '{' || last == '}':
			ngx++
		case isUpper(line[0]) && isCamelWord(line):
			apa++
		}
	}
	return ngx, apa
}

// isCamelWord reports whether the first word of line looks like an Apache
// directive (letters only, starting upper case, no underscore).
func isCamelWord(line string) bool {
	for _, c := range []byte(line) {
		if c == ' ' || c == '\t' {
			return true
		}
		if !isLetter(c) && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }

func nameTarget(name string) Target {
	p := strings.ToLower(filepath.ToSlash(name))
	for _, part := range strings.Split(p, "/") {
		switch {
		case strings.HasPrefix(part, "apache"), strings.HasPrefix(part, "httpd"), part == ".htaccess":
			return Apache
		case strings.HasPrefix(part, "nginx"):
			return Nginx
		}
	}
	return ""
}
