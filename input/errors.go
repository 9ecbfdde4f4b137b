package input

import (
	"strings"

	"nianbao/i18n"
)

// Error is a problem with a file itself (a data file, a theme): syntax, an unknown or missing key,
// a wrong type — or, with IO, that it could not be read at all.
type Error struct {
	Location
	Msg i18n.Text
	IO  bool // the file could not be read at all (missing, a pipe, too large …), as opposed to bad content
}

// In renders the error as FILE:LINE:COL: message.
func (e *Error) In(l i18n.Lang) string { return e.Location.String() + ": " + e.Msg.In(l) }
func (e *Error) Error() string         { return e.In(i18n.Zh) }

// Errors is every problem found in one file, in file order.
type Errors []*Error

func (es Errors) In(l i18n.Lang) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.In(l)
	}
	return strings.Join(s, "\n")
}
func (es Errors) Error() string { return es.In(i18n.Zh) }
