package check

import (
	"errors"

	"nianbao/input"
)

// FindingsOf turns what is wrong inside a data file (input.Error, input.Errors: syntax, keys,
// types, values) into findings of rule R12, so they are listed with the others. It reports false
// for anything else — a file that could not be read is not a finding.
func FindingsOf(err error) ([]Finding, bool) {
	var ies input.Errors
	var ie *input.Error
	switch {
	case errors.As(err, &ies):
	case errors.As(err, &ie) && !ie.IO:
		ies = input.Errors{ie}
	default:
		return nil, false
	}
	var out []Finding
	for _, e := range ies {
		if e.IO {
			return nil, false
		}
		out = append(out, Finding{Rule: "R12", Severity: Error, Location: e.Location, Msg: e.Msg})
	}
	return out, true
}
