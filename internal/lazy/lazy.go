// Package lazy defers work a command may never need from package initialisation to first use:
// a regular expression is compiled the first time it is matched, not at every start of the
// program (`nianbao version` compiles none).
package lazy

import (
	"regexp"
	"sync"
)

// Regexp returns a function that compiles expr once, on its first call, and then returns it.
// expr is a constant of the program: an error is a programming error and panics, as
// regexp.MustCompile does.
func Regexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
