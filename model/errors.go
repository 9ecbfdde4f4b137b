package model

import (
	"errors"
	"fmt"
	"strings"

	"nianbao/i18n"
)

// InputError is a problem with the data file itself: syntax, an unknown or missing key, a wrong type.
type InputError struct {
	File      string
	Line, Col int // 0 when unknown
	Msg       i18n.Text
	IO        bool // the file could not be read at all (missing, a pipe, too large …), as opposed to bad content
}

func (e *InputError) where() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// In renders the error as FILE:LINE:COL: message.
func (e *InputError) In(l i18n.Lang) string { return e.where() + ": " + e.Msg.In(l) }
func (e *InputError) Error() string         { return e.In(i18n.Zh) }

// InputErrors is every problem found in one data file, in file order.
type InputErrors []*InputError

func (es InputErrors) In(l i18n.Lang) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.In(l)
	}
	return strings.Join(s, "\n")
}
func (es InputErrors) Error() string { return es.In(i18n.Zh) }

// FindingsOf turns what is wrong inside a data file (InputError, InputErrors: syntax, keys,
// types, values) into findings of rule R12, so they are listed with the others. It reports false
// for anything else — a file that could not be read is not a finding.
func FindingsOf(err error) ([]Finding, bool) {
	var ies InputErrors
	var ie *InputError
	switch {
	case errors.As(err, &ies):
	case errors.As(err, &ie) && !ie.IO:
		ies = InputErrors{ie}
	default:
		return nil, false
	}
	var out []Finding
	for _, e := range ies {
		if e.IO {
			return nil, false
		}
		out = append(out, Finding{Rule: "R12", Severity: Error, File: e.File, Line: e.Line, Msg: e.Msg})
	}
	return out, true
}
