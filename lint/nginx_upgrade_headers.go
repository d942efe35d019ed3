package lint

import (
	"fmt"
	"strings"

	"github.com/wssgen/wssgen/internal/nginxconf"
)

// NginxUpgradeHeadersMissing flags WebSocket locations that do not pass
// the hop-by-hop Upgrade and Connection headers to the backend.
var NginxUpgradeHeadersMissing = &Rule{
	ID:       "NGX012",
	Name:     "upgrade-headers-missing",
	Severity: Error,
	Short:    "WebSocket location without proxy_set_header Upgrade and Connection",
	Target:   Nginx,
	Check:    checkNginxUpgradeHeadersMissing,
}

// NginxUpgradeHeadersDropped flags a proxy_set_header on an inner level
// that discards the Upgrade headers an outer level sets.
var NginxUpgradeHeadersDropped = &Rule{
	ID:       "NGX013",
	Name:     "upgrade-headers-dropped",
	Severity: Error,
	Short:    "proxy_set_header in a nested block drops the inherited Upgrade and Connection headers",
	Target:   Nginx,
	Check:    checkNginxUpgradeHeadersDropped,
}

// upgradeState describes the Upgrade/Connection headers of a location.
type upgradeState struct {
	effective []*nginxconf.Directive // proxy_set_header in force
	level     *NginxScope            // level they come from (nil: none set)
	upgrade   *nginxconf.Directive   // Upgrade header in force
	conn      *nginxconf.Directive   // Connection header in force
	// dropped is an Upgrade or Connection header on an outer level that
	// the level in force hides.
	dropped *nginxconf.Directive
}

func locationUpgrade(l *NginxLocation) upgradeState {
	if l.upgrade == nil {
		st := computeUpgrade(l)
		l.upgrade = &st
	}
	return *l.upgrade
}

func computeUpgrade(l *NginxLocation) upgradeState {
	var st upgradeState
	st.effective, st.level = l.Headers()
	st.upgrade = l.Header("Upgrade")
	if c := l.Header("Connection"); c != nil && len(c.Args) > 1 && c.Args[1].Value != "" && !strings.EqualFold(c.Args[1].Value, "close") {
		st.conn = c
	}
	if st.level == nil || st.upgrade != nil && st.conn != nil {
		return st
	}
	for sc := st.level.Parent; sc != nil; sc = sc.Parent {
		outer := sc.Own("proxy_set_header")
		if u := findHeader(outer, "Upgrade"); u != nil && st.upgrade == nil {
			st.dropped = u
			break
		}
		if c := findHeader(outer, "Connection"); c != nil && st.conn == nil && len(c.Args) > 1 && strings.Contains(strings.ToLower(c.Args[1].Value), "upgrade") {
			st.dropped = c
			break
		}
		if len(outer) > 0 {
			break // this level is itself hidden; look no further
		}
	}
	return st
}

func checkNginxUpgradeHeadersMissing(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() {
				continue
			}
			st := locationUpgrade(l)
			if st.dropped != nil || st.upgrade != nil && st.conn != nil {
				continue
			}
			var missing []string
			if st.upgrade == nil {
				missing = append(missing, "Upgrade")
			}
			if st.conn == nil {
				missing = append(missing, "Connection")
			}
			p.Report(l.Block.NameRange, Error, "WebSocket location does not pass the %s header%s: they are hop-by-hop, so nginx drops them and the backend never sees the handshake; add proxy_set_header Upgrade $http_upgrade; and proxy_set_header Connection $connection_upgrade; (with the map from the nginx WebSocket guide)", joinAnd(missing), plural(len(missing)))
		}
	}
}

func checkNginxUpgradeHeadersDropped(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() {
				continue
			}
			st := locationUpgrade(l)
			if st.dropped == nil {
				continue
			}
			at := st.level.Own("proxy_set_header")[0]
			p.Report(at.Range, Error, "proxy_set_header here discards the %s header set at %s: nginx inherits proxy_set_header only into levels that set none of their own, so this WebSocket location never upgrades; repeat proxy_set_header Upgrade $http_upgrade; and proxy_set_header Connection $connection_upgrade; on this level", st.dropped.Args[0].Value, shortPos(st.dropped, at))
		}
	}
}

// shortPos names d's position relative to the file of ref: "line 12" in
// the same file, "file:12" otherwise.
func shortPos(d, ref *nginxconf.Directive) string {
	if d.Range.File == ref.Range.File {
		return fmt.Sprintf("line %d", d.Range.Start.Line)
	}
	return fmt.Sprintf("%s:%d", d.Range.File, d.Range.Start.Line)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
