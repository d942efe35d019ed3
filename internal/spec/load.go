package spec

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The raw structs mirror the HCL schema. Attributes are kept as expressions
// so that each semantic error can point at the value that caused it.
type rawFile struct {
	Sites   []*rawSite   `hcl:"site,block"`
	Targets []*rawTarget `hcl:"target,block"`
}

type rawSite struct {
	Name     string         `hcl:"name,label"`
	Domain   hcl.Expression `hcl:"domain"`
	Aliases  hcl.Expression `hcl:"aliases,optional"`
	Listen   *rawListen     `hcl:"listen,block"`
	TLS      *rawTLS        `hcl:"tls,block"`
	Routes   []*rawRoute    `hcl:"route,block"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type rawListen struct {
	HTTPS    hcl.Expression `hcl:"https,optional"`
	HTTP     hcl.Expression `hcl:"http,optional"`
	Address  hcl.Expression `hcl:"address,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

type rawTLS struct {
	Certificate  hcl.Expression `hcl:"certificate"`
	Key          hcl.Expression `hcl:"key"`
	Profile      hcl.Expression `hcl:"profile,optional"`
	HSTS         hcl.Expression `hcl:"hsts,optional"`
	OCSPStapling hcl.Expression `hcl:"ocsp_stapling,optional"`
	Resolvers    hcl.Expression `hcl:"resolvers,optional"`
	ACME         *rawACME       `hcl:"acme,block"`
	DefRange     hcl.Range      `hcl:",def_range"`
}

type rawACME struct {
	Email     hcl.Expression `hcl:"email,optional"`
	Directory hcl.Expression `hcl:"directory,optional"`
	Webroot   hcl.Expression `hcl:"webroot,optional"`
	Challenge hcl.Expression `hcl:"challenge,optional"`
	KeyType   hcl.Expression `hcl:"key_type,optional"`
	DefRange  hcl.Range      `hcl:",def_range"`
}

type rawRoute struct {
	Path            string         `hcl:"path,label"`
	Backend         hcl.Expression `hcl:"backend"`
	IdleTimeout     hcl.Expression `hcl:"idle_timeout,optional"`
	ForwardClientIP hcl.Expression `hcl:"forward_client_ip,optional"`
	DefRange        hcl.Range      `hcl:",def_range"`
}

type rawTarget struct {
	Name     string         `hcl:"name,label"`
	Version  hcl.Expression `hcl:"version,optional"`
	OpenSSL  hcl.Expression `hcl:"openssl,optional"`
	DefRange hcl.Range      `hcl:",def_range"`
}

// LoadFile reads and validates the spec at path. The returned source bytes
// let callers print diagnostics with source snippets (WriteDiagnostics).
// A nil *Spec comes with at least one error diagnostic.
func LoadFile(path string) (*Spec, []byte, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read spec file",
			Detail:   fmt.Sprintf("%s. Create one with `wssgen init`, or name another file with -f.", err),
		}}
	}
	s, diags := Parse(path, src)
	return s, src, diags
}

// Parse validates src as the spec file named filename. Diagnostics are
// collected rather than stopping at the first: a user fixing a spec sees
// every problem at once. Warnings may accompany a valid spec.
func Parse(filename string, src []byte) (*Spec, hcl.Diagnostics) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	var raw rawFile
	diags = append(diags, gohcl.DecodeBody(file.Body, evalContext(), &raw)...)
	if diags.HasErrors() {
		return nil, diags
	}
	sum := sha256.Sum256(src)
	c := &checker{ctx: evalContext()}
	s := c.spec(filename, &raw, file.Body)
	s.Hash = hex.EncodeToString(sum[:])
	diags = append(diags, c.diags...)
	if diags.HasErrors() {
		return nil, diags
	}
	return s, diags
}

// isNull reports whether an optional attribute was left out. gohcl fills
// absent optional expression fields with a static null.
func isNull(expr hcl.Expression) bool {
	if expr == nil {
		return true
	}
	v, diags := expr.Value(nil)
	return !diags.HasErrors() && v.IsNull()
}

// missingRange is where to point when an optional attribute is absent.
func exprRange(expr hcl.Expression, fallback hcl.Range) *hcl.Range {
	if expr == nil {
		return &fallback
	}
	r := expr.Range()
	if r.Filename == "" {
		return &fallback
	}
	return &r
}

// valueOf evaluates expr into a cty value of the wanted type.
func (c *checker) valueOf(expr hcl.Expression, want cty.Type, dst any) bool {
	diags := gohcl.DecodeExpression(expr, c.ctx, dst)
	c.diags = append(c.diags, diags...)
	return !diags.HasErrors()
}
