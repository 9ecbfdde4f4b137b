package published

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// ReadTXT reads a report saved as plain text (copied from a web page or a PDF): a line starting
// with a tab is a table cell, a blank line ends a table row, a line without a tab inside a row
// continues the cell before it; other lines are paragraphs. GB 18030 text is accepted.
func ReadTXT(data []byte) (*Result, error) {
	if !utf8.Valid(data) {
		if u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			data = u
		}
	}
	s := strings.TrimPrefix(string(data), "\uFEFF")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var ps []gpara
	var rows [][]gcell
	var row []gcell
	endRow := func() {
		if len(row) > 0 {
			rows = append(rows, row)
		}
		row = nil
	}
	endTable := func(n int) {
		endRow()
		if len(rows) > 0 {
			ps = append(ps, gpara{rows: rows, where: fmt.Sprintf("第%d行前的表格", n)})
		}
		rows = nil
	}
	for i, l := range strings.Split(s, "\n") {
		switch {
		case strings.HasPrefix(l, "\t"):
			row = append(row, gcell{text: strings.TrimSpace(l), span: 1, rowspan: 1})
		case strings.TrimSpace(l) == "":
			endRow()
		case len(row) > 0 || len(rows) > 0 && looksLikeCell(l):
			if len(row) > 0 {
				row[len(row)-1].text += strings.TrimSpace(l)
			} else {
				row = append(row, gcell{text: strings.TrimSpace(l), span: 1, rowspan: 1})
			}
		default:
			endTable(i + 1)
			ps = append(ps, gpara{text: strings.TrimSpace(l), where: fmt.Sprintf("第%d行", i+1)})
		}
	}
	endTable(0)
	if len(ps) > 0 && ps[0].rows == nil {
		ps[0].title = true
	}
	return fromFlow(ps), nil
}

// looksLikeCell: a short line between table rows that is a cell's text, not a paragraph.
func looksLikeCell(l string) bool {
	t := strings.TrimSpace(l)
	return utf8.RuneCountInString(t) <= 12 && headingOf(t) < 0
}
