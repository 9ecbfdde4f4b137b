package input

import (
	"fmt"
	"strconv"
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
	Table, Row  int    // a Word document's table and row (1-based), with Col its cell in the row
	Place       string // where in a published report it stands: 第3页（x 120, y 340）, 表格2第5行第3格
}

// String renders the location for messages.
func (l Location) String() string {
	switch {
	case l.Place != "":
		return l.File + " " + l.Place
	case l.Cell != "":
		return l.File + "!" + l.Sheet + "!" + l.Cell
	case l.Sheet != "":
		return l.File + "!" + l.Sheet
	case l.Table > 0 && l.Row > 0 && l.Col > 0:
		return fmt.Sprintf("%s 第%d个表格第%d行第%d格", l.File, l.Table, l.Row, l.Col)
	case l.Table > 0:
		return fmt.Sprintf("%s 第%d个表格", l.File, l.Table)
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
func (l Location) Known() bool {
	return l.Line > 0 || l.Cell != "" || l.Sheet != "" || l.Para > 0 || l.Table > 0 || l.Place != ""
}

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

// Less orders locations as a reader goes through one file: by line, by sheet in the report's
// order and cell (row, then column), or by paragraph; those without a place last.
func Less(a, b Location) bool {
	if a.Known() != b.Known() {
		return a.Known()
	}
	switch {
	case a.Line != b.Line:
		return a.Line < b.Line
	case a.Sheet != b.Sheet:
		return sheetOrder(a.Sheet) < sheetOrder(b.Sheet)
	case a.Cell != b.Cell:
		return cellOrder(a.Cell) < cellOrder(b.Cell)
	case a.Para != b.Para:
		return a.Para < b.Para
	case a.Table != b.Table:
		return a.Table < b.Table
	case a.Row != b.Row:
		return a.Row < b.Row
	}
	return a.Col < b.Col
}

// sheetOrder puts a workbook's sheets in the order of the report.
func sheetOrder(s string) int {
	for i, name := range []string{"基本信息", "正文", "表二", "表三", "表四"} {
		if s == name {
			return i
		}
	}
	return 5
}

// cellOrder orders cell names by row, then column: D9 before C10.
func cellOrder(c string) int {
	i := strings.IndexFunc(c, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return 0
	}
	row, _ := strconv.Atoi(c[i:])
	col := 0
	for _, r := range c[:i] {
		col = col*26 + int(r-'A'+1)
	}
	return row<<16 | col
}
