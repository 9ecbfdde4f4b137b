package input

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Location is where something is in a file, as the person who wrote the file finds it: a line of
// a text file (a.toml:41), a cell of a workbook (文件.xlsx!表三!F9) or a paragraph of a Word
// document (正文.docx 第8段“本年度，我镇……”). Fields that do not apply are zero.
type Location struct {
	File        string // as named on the command line
	Line, Col   int    // a text file's line and column, 1-based
	Sheet, Cell string // a workbook's sheet and cell (表三, F9)
	Para        int    // a Word document's paragraph, counting the paragraphs Word shows (empty ones too), 1-based
	Quote       string // the start of that paragraph, so it can be found with Ctrl+F
}

// String renders the location for messages.
func (l Location) String() string {
	switch {
	case l.Cell != "":
		return l.File + "!" + l.Sheet + "!" + l.Cell
	case l.Sheet != "":
		return l.File + "!" + l.Sheet
	case l.Para > 0 && l.Quote != "":
		return fmt.Sprintf("%s 第%d段“%s”", l.File, l.Para, l.Quote)
	case l.Para > 0:
		return fmt.Sprintf("%s 第%d段", l.File, l.Para)
	case l.Line > 0 && l.Col > 0:
		return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Col)
	case l.Line > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// Known reports whether the location says more than the file.
func (l Location) Known() bool { return l.Line > 0 || l.Cell != "" || l.Sheet != "" || l.Para > 0 }

// QuoteOf is the start of a paragraph as a location quotes it: at most n characters, with "…"
// when cut.
func QuoteOf(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
