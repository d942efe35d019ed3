package cli

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// NewCmdDocs builds `wssgen docs`, which writes reference documentation
// for packagers (man pages) from the command tree itself, so it never
// disagrees with --help.
func NewCmdDocs(streams *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "docs",
		Short: "Generate reference documentation",
		Args:  cobra.NoArgs,
	}
	man := &cobra.Command{
		Use:     "man DIR",
		Short:   "Write man pages (section 1) for every command into DIR",
		Example: "  wssgen docs man ./man && man ./man/wssgen-render.1",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return withCode(ExitError, err)
			}
			root := c.Root()
			root.DisableAutoGenTag = true
			header := &doc.GenManHeader{Title: "WSSGEN", Section: "1", Source: "wssgen " + version(), Manual: "wssgen manual"}
			// Reproducible builds set SOURCE_DATE_EPOCH; honour it so
			// packaged pages do not change with the build day.
			if sde := os.Getenv("SOURCE_DATE_EPOCH"); sde != "" {
				if secs, err := strconv.ParseInt(sde, 10, 64); err == nil {
					t := time.Unix(secs, 0).UTC()
					header.Date = &t
				}
			}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return withCode(ExitError, fmt.Errorf("write man pages: %w", err))
			}
			fmt.Fprintf(streams.ErrOut, "wrote man pages to %s\n", dir)
			return nil
		},
	}
	cmd.AddCommand(man)
	return cmd
}
