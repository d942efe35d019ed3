package spec

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// evalContext is what spec expressions may call. The set is small on
// purpose: enough to share a spec between machines (env) and build strings,
// nothing that reads files or the network.
func evalContext() *hcl.EvalContext {
	return &hcl.EvalContext{Functions: Functions()}
}

// Functions returns the functions available in spec expressions, by name.
// They are documented in the README's spec reference.
func Functions() map[string]function.Function {
	return map[string]function.Function{
		"env":    envFunc,
		"format": stdlib.FormatFunc,
		"join":   stdlib.JoinFunc,
		"lower":  stdlib.LowerFunc,
		"upper":  stdlib.UpperFunc,
		"concat": stdlib.ConcatFunc,
	}
}

// envFunc is env(NAME) or env(NAME, DEFAULT). Without a default an unset
// variable is an error rather than an empty string, so a missing CERT_DIR
// cannot silently turn "/fullchain.pem" into a valid-looking path.
var envFunc = function.New(&function.Spec{
	Description: "Returns the value of an environment variable, or the default when it is unset.",
	Params:      []function.Parameter{{Name: "name", Type: cty.String}},
	VarParam:    &function.Parameter{Name: "default", Type: cty.String},
	Type:        function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if len(args) > 2 {
			return cty.NilVal, fmt.Errorf("env takes a name and at most one default")
		}
		name := args[0].AsString()
		if v, ok := os.LookupEnv(name); ok {
			return cty.StringVal(v), nil
		}
		if len(args) == 2 {
			return args[1], nil
		}
		return cty.NilVal, fmt.Errorf("environment variable %s is not set; set it or give a default: env(%q, \"...\")", name, name)
	},
})
