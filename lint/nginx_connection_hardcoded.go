package lint

import "strings"

// NginxConnectionHardcoded advises the $connection_upgrade map over a
// literal Connection "upgrade".
var NginxConnectionHardcoded = &Rule{
	ID:       "NGX014",
	Name:     "connection-upgrade-hardcoded",
	Severity: Info,
	Short:    `hard-coded proxy_set_header Connection "upgrade" instead of the $connection_upgrade map`,
	Target:   Nginx,
	Check:    checkNginxConnectionHardcoded,
}

func checkNginxConnectionHardcoded(p *Pass) {
	for _, s := range p.Nginx.Servers {
		for _, l := range s.Locations {
			if !l.WebSocket() {
				continue
			}
			c := l.Header("Connection")
			if c == nil || len(c.Args) < 2 || !strings.EqualFold(c.Args[1].Value, "upgrade") {
				continue
			}
			p.Report(c.Range, Info, `Connection "%s" is hard-coded: plain HTTP requests to this location also ask the backend to upgrade and lose keep-alive; map $http_upgrade $connection_upgrade { default upgrade; '' close; } in the http block and write proxy_set_header Connection $connection_upgrade;`, c.Args[1].Value)
		}
	}
}
