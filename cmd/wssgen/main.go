// Command wssgen renders, lints and checks nginx and Apache configurations
// that terminate TLS for WebSocket (wss://) backends.
package main

import (
	"os"

	"github.com/wssgen/wssgen/internal/cli"
)

func main() { os.Exit(cli.Main()) }
