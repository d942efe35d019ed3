package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/spf13/cobra"
	"github.com/zclconf/go-cty/cty"

	"github.com/wssgen/wssgen/internal/atomicfile"
	"github.com/wssgen/wssgen/internal/spec"
	"github.com/wssgen/wssgen/internal/tlsprofile"
)

// InitOptions are the inputs of `wssgen init`.
type InitOptions struct {
	IO          *IOStreams
	Name        string
	Domain      string
	Aliases     []string
	Backend     string
	Path        string
	Certificate string
	Key         string
	Profile     string
	Output      string
	Force       bool
}

// NewCmdInit builds `wssgen init`.
func NewCmdInit(streams *IOStreams, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "init --domain NAME --backend HOST:PORT",
		Short: "Write a starter spec file",
		Long: `Write a spec for one site that proxies wss://DOMAIN/PATH to a WebSocket
backend. Every value is checked before anything is written; an existing file
is only replaced with --force.`,
		Example: `  wssgen init --domain chat.example.com --backend 127.0.0.1:8282 -o wssgen.hcl`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runInit(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Domain, "domain", "", "public DNS `NAME` clients connect to (required)")
	f.StringVar(&opts.Backend, "backend", "", "WebSocket backend: HOST:PORT or ws[s]://HOST:PORT[/PATH] (required)")
	f.StringArrayVar(&opts.Aliases, "alias", nil, "extra server `NAME` (repeatable)")
	f.StringVar(&opts.Name, "name", "", "site name (default: the domain's first label)")
	f.StringVar(&opts.Path, "path", "/wss", "public `PATH` of the WebSocket endpoint")
	f.StringVar(&opts.Certificate, "cert", "", "certificate chain `FILE` (default /etc/ssl/DOMAIN/fullchain.pem)")
	f.StringVar(&opts.Key, "key", "", "private key `FILE` (default /etc/ssl/DOMAIN/privkey.pem)")
	f.StringVar(&opts.Profile, "profile", spec.DefaultProfile, "Mozilla TLS profile: "+strings.Join(tlsprofile.Names(), " or "))
	f.StringVarP(&opts.Output, "output", "o", spec.DefaultFilename, "write the spec to `FILE` (- for standard output)")
	f.BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	_ = cmd.MarkFlagRequired("domain")
	_ = cmd.MarkFlagRequired("backend")
	return cmd
}

func runInit(opts *InitOptions) error {
	var problems []string
	bad := func(flag string, err error) { problems = append(problems, fmt.Sprintf("--%s %v", flag, err)) }
	domain, err := spec.DNSName(opts.Domain)
	if err != nil {
		bad("domain", err)
	}
	for _, a := range opts.Aliases {
		if _, err := spec.DNSName(a); err != nil {
			bad("alias", err)
		}
	}
	if _, err := spec.ParseBackend(opts.Backend); err != nil {
		bad("backend", err)
	}
	name := opts.Name
	if name == "" && domain != "" {
		name = strings.SplitN(domain, ".", 2)[0]
	}
	if opts.Certificate == "" {
		opts.Certificate = "/etc/ssl/" + domain + "/fullchain.pem"
	}
	if opts.Key == "" {
		opts.Key = "/etc/ssl/" + domain + "/privkey.pem"
	}
	if _, err := tlsprofile.Lookup(opts.Profile); err != nil {
		bad("profile", err)
	}
	if len(problems) > 0 {
		return withCode(ExitError, errors.New(strings.Join(problems, "\n       ")))
	}

	src := initSpec(opts, name, domain)
	// The written spec must load: this catches anything the flag checks
	// above let through (site name, path, certificate paths).
	if _, diags := spec.Parse(opts.Output, src); diags.HasErrors() {
		for _, d := range diags.Errs() {
			problems = append(problems, d.Error())
		}
		return withCode(ExitError, fmt.Errorf("the flags do not make a valid spec:\n  %s", strings.Join(problems, "\n  ")))
	}
	if opts.Output == "-" {
		_, err := opts.IO.Out.Write(src)
		return err
	}
	if _, err := os.Stat(opts.Output); err == nil && !opts.Force {
		return withCode(ExitError, fmt.Errorf("%s already exists; pass --force to replace it", opts.Output))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return withCode(ExitError, err)
	}
	if err := atomicfile.Write(opts.Output, src, 0o644); err != nil {
		return withCode(ExitError, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s; next: wssgen validate -f %s && wssgen render nginx -f %s\n", opts.Output, opts.Output, opts.Output)
	return nil
}

// initSpec writes the spec with hclwrite, which quotes and escapes every
// value correctly.
func initSpec(opts *InitOptions, name, domain string) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	site := body.AppendNewBlock("site", []string{name}).Body()
	site.SetAttributeValue("domain", cty.StringVal(domain))
	if len(opts.Aliases) > 0 {
		vals := make([]cty.Value, len(opts.Aliases))
		for i, a := range opts.Aliases {
			vals[i] = cty.StringVal(a)
		}
		site.SetAttributeValue("aliases", cty.ListVal(vals))
	}
	site.AppendNewline()
	tls := site.AppendNewBlock("tls", nil).Body()
	tls.SetAttributeValue("certificate", cty.StringVal(opts.Certificate))
	tls.SetAttributeValue("key", cty.StringVal(opts.Key))
	if opts.Profile != spec.DefaultProfile {
		tls.SetAttributeValue("profile", cty.StringVal(opts.Profile))
	}
	site.AppendNewline()
	route := site.AppendNewBlock("route", []string{opts.Path}).Body()
	route.SetAttributeValue("backend", cty.StringVal(opts.Backend))
	route.SetAttributeValue("idle_timeout", cty.StringVal("1h"))
	header := "# wssgen spec written by `wssgen init`. Reference: the Spec section of the wssgen README.\n" +
		"# Add target \"nginx\" { version = \"1.22.1\" } (or \"apache\") so output uses what your release supports.\n"
	return append([]byte(header), hclwrite.Format(f.Bytes())...)
}
