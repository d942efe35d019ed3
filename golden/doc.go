// Package golden holds wssgen's reviewed render outputs: each directory
// under cases/ has a spec (wssgen.hcl) and the nginx and Apache files
// rendered from it. `go test ./golden -update` rewrites the outputs after a
// deliberate change; review the diff before committing it.
package golden
