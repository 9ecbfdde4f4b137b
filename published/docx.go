package published

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"nianbao/internal/zipcheck"
)

// ErrNotDOCX: the zip holds no word/document.xml.
var ErrNotDOCX = errors.New("not a Word document (.docx)")

// readDOCX reads a .docx's body as a flow: paragraphs (their style and alignment) and tables
// (cells with gridSpan and vMerge). wordtext reads narratives and refuses tables; a published
// report needs both, so this small reader keeps to what the import needs.
func readDOCX(data []byte) ([]gpara, error) {
	zr, err := zipcheck.Open(data)
	if err != nil {
		return nil, err
	}
	var num *numbering
	for _, f := range zr.File {
		if f.Name == "word/numbering.xml" {
			if rc, err := f.Open(); err == nil {
				num = readNumbering(io.LimitReader(rc, zipcheck.MaxUnzipped))
				rc.Close()
			}
		}
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return docxBody(io.LimitReader(rc, zipcheck.MaxUnzipped), num)
	}
	return nil, ErrNotDOCX
}

func docxBody(r io.Reader, num *numbering) ([]gpara, error) {
	dec := xml.NewDecoder(r)
	var out []gpara
	// the state of the paragraph, and of the tables being read (a stack: tables nest)
	type tbl struct {
		rows   [][]gcell
		merges [][]int // per row, per cell: the vMerge state (0 none, 1 restart, 2 continue)
	}
	var tables []*tbl
	var text strings.Builder
	var style, jc string
	var numID string
	ilvl := -1
	var cellText strings.Builder
	var span, merge int
	inCell := 0
	pn := 0
	for {
		t, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, fmt.Errorf("word/document.xml: %w", err)
		}
		switch v := t.(type) {
		case xml.StartElement:
			switch v.Name.Local {
			case "p":
				text.Reset()
				style, jc = "", ""
				numID, ilvl = "", -1
			case "numId":
				numID = attrOf(v, "val")
			case "ilvl":
				ilvl, _ = strconv.Atoi(attrOf(v, "val"))
			case "pStyle":
				style = attrOf(v, "val")
			case "jc":
				jc = attrOf(v, "val")
			case "tab":
				if text.Len() > 0 {
					text.WriteString(" ")
				}
			case "br":
				text.WriteString("\n")
			case "t":
				var s string
				if err := dec.DecodeElement(&s, &v); err == nil {
					text.WriteString(s)
				}
			case "tbl":
				if len(tables) > 16 {
					return out, zipcheck.ErrTooLarge
				}
				tables = append(tables, &tbl{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].rows = append(tables[n-1].rows, nil)
					tables[n-1].merges = append(tables[n-1].merges, nil)
				}
			case "tc":
				if len(tables) == 1 {
					cellText.Reset()
					span, merge = 1, 0
					inCell++
				}
			case "gridSpan":
				if len(tables) == 1 {
					fmt.Sscan(attrOf(v, "val"), &span)
				}
			case "vMerge":
				if len(tables) == 1 {
					merge = 2
					if attrOf(v, "val") == "restart" {
						merge = 1
					}
				}
			}
		case xml.EndElement:
			switch v.Name.Local {
			case "p":
				pn++
				s := text.String()
				if numID != "" {
					// Word's automatic number, shown before the text (not typed in it)
					s = num.marker(numID, max(ilvl, 0)) + s
				}
				if len(tables) > 0 {
					if cellText.Len() > 0 && s != "" {
						cellText.WriteString("\n")
					}
					cellText.WriteString(s)
					continue
				}
				lines := strings.Split(s, "\n")
				if style == "Title" {
					lines = []string{strings.Join(lines, "")} // a title broken by hand is one title
				}
				for _, line := range lines {
					out = append(out, gpara{text: line, title: style == "Title", right: jc == "right" || jc == "end",
						where: fmt.Sprintf("第%d段", pn)})
				}
			case "tc":
				if n := len(tables); n == 1 {
					tb := tables[0]
					if k := len(tb.rows); k > 0 {
						tb.rows[k-1] = append(tb.rows[k-1], gcell{text: cellText.String(), span: span, rowspan: 1})
						tb.merges[k-1] = append(tb.merges[k-1], merge)
					}
					inCell--
				}
			case "tbl":
				n := len(tables)
				if n == 0 {
					continue
				}
				tb := tables[n-1]
				tables = tables[:n-1]
				if n > 1 {
					continue // a nested table's text went into its cell
				}
				out = append(out, gpara{rows: resolveMerges(tb.rows, tb.merges), where: fmt.Sprintf("第%d段后的表格", pn)})
			}
		}
	}
	return out, nil
}

// resolveMerges turns vertical merges into rowspans: a continuing cell is dropped and the cell
// it continues (same grid column above) spans one more row.
func resolveMerges(rows [][]gcell, merges [][]int) [][]gcell {
	type pos struct{ r, i int }
	owner := map[int]pos{} // grid column → the restarting cell
	out := make([][]gcell, len(rows))
	for r, row := range rows {
		c := 0
		for i, cell := range row {
			m := 0
			if i < len(merges[r]) {
				m = merges[r][i]
			}
			switch m {
			case 2:
				if p, ok := owner[c]; ok {
					rows[p.r][p.i].rowspan++
					rows[r][i].span = -1 // dropped
				}
			case 1:
				owner[c] = pos{r, i}
			default:
				delete(owner, c)
			}
			c += max(cell.span, 1)
		}
	}
	for r, row := range rows {
		for _, cell := range row {
			if cell.span >= 0 {
				out[r] = append(out[r], cell)
			}
		}
	}
	return out
}

func attrOf(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// ReadDOCX reads a published report's Word file (.docx).
func ReadDOCX(data []byte) (*Result, error) {
	ps, err := readDOCX(data)
	if err != nil && len(ps) == 0 {
		return nil, err
	}
	return fromFlow(ps), nil
}

func fromFlow(ps []gpara) *Result {
	res := &Result{}
	build(flowBlocks(ps), res)
	finish(res)
	return res
}
