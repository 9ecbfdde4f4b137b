package datafile

import (
	"slices"
	"strings"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/model"
	"nianbao/wordtext"
)

// wordTable is a table found in a Word narrative, kept until the data's tables are decoded.
type wordTable struct {
	path string
	n    int // 1-based, in its document
	t    wordtext.Table
}

// wordTables keeps a Word document's tables to compare with the data (compareWordTables).
func (d *decoder) wordTables(path string, ts []wordtext.Table) {
	for i, t := range ts {
		d.word = append(d.word, wordTable{path, i + 1, t})
	}
}

// wordCell is one value cell of a Word table: its text and where it is.
type wordCell struct {
	text     string
	row, col int // 1-based
}

// compareWordTables compares the tables of a clerk's Word draft with the data: a draft usually
// holds tables 二, 三 and 四 as the clerk typed them, and the report prints the data's. Equal is
// fine; each cell that differs is a note (R15) naming the Word cell and the official label, so
// the draft and the data file cannot drift apart unseen. A table whose shape is not one of the
// format's is noted once and not compared.
func (d *decoder) compareWordTables(r *model.Report) {
	if len(d.word) == 0 || r.Format == nil {
		return
	}
	done := model.Completed(r)
	for _, w := range d.word {
		rows := wordValueRows(w.t)
		ti := matchTable(r.Format, rows)
		at := input.Location{File: w.path, Table: w.n}
		if ti < 0 {
			d.notes = append(d.notes, model.Note{Rule: "R15", At: at, Where: "正文文件中的表格",
				Msg: i18n.F("这个表格的行列与表二、表三、表四都对不上，未与数据核对（报告中的表格按数据印出）",
					"this table's rows and columns match none of tables 二, 三, 四: not compared with the data (the report prints the data's tables)")})
			continue
		}
		t := &done.Tables[ti]
		for gi, cells := range valueRows(t.Def) {
			for k, vc := range cells {
				wc := rows[gi][k]
				rd := &t.Def.Data[vc[0]]
				v := t.Values[vc[0]][vc[1]]
				if sameValue(wc.text, v, rd.Kinds[vc[1]]) {
					continue
				}
				data := v.Format(rd.Kinds[vc[1]])
				d.notes = append(d.notes, model.Note{Rule: "R15", At: input.Location{File: w.path, Table: w.n, Row: wc.row, Col: wc.col},
					Where: model.TableLabel(t.Def, rd, vc[1]), Expected: data, Actual: wc.text,
					Msg: i18n.F("Word 文稿中的表格写的是“%s”，数据为 %s；报告按数据印出，请核对哪一个对",
						"the Word draft's table says %q, the data %s; the report prints the data: check which is right", wc.text, data)})
			}
		}
	}
}

// wordValueRows lists, row by row, the cells of a Word table that hold a value: a number, "/"
// or "—". Label cells and the empty cells a merge leaves are skipped; rows without a value too.
func wordValueRows(t wordtext.Table) [][]wordCell {
	var out [][]wordCell
	for ri, row := range t.Rows {
		var cells []wordCell
		for ci, c := range row {
			if valueText(c) {
				cells = append(cells, wordCell{strings.TrimSpace(c), ri + 1, ci + 1})
			}
		}
		if len(cells) > 0 {
			out = append(out, cells)
		}
	}
	return out
}

// valueText: a cell that holds a number (digits, full-width too, a decimal, a sign) or "/", "—", "无".
func valueText(s string) bool {
	s = strings.TrimSpace(model.ASCIIDigits(s))
	switch s {
	case "":
		return false
	case "/", "／", "—", "-", "无":
		return true
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	dot := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return s != "" && s != "."
}

// valueRows lists a table's value cells grid row by grid row, left to right: (data row, column).
func valueRows(def *model.TableDef) [][][2]int {
	byRow := map[int][][3]int{}
	var rows []int
	for _, c := range def.Cells {
		if c.Row < 0 {
			continue
		}
		if _, ok := byRow[c.R]; !ok {
			rows = append(rows, c.R)
		}
		byRow[c.R] = append(byRow[c.R], [3]int{c.C, c.Row, c.Col})
	}
	slices.Sort(rows)
	out := make([][][2]int, 0, len(rows))
	for _, r := range rows {
		cs := byRow[r]
		slices.SortFunc(cs, func(a, b [3]int) int { return a[0] - b[0] })
		row := make([][2]int, len(cs))
		for i, c := range cs {
			row[i] = [2]int{c[1], c[2]}
		}
		out = append(out, row)
	}
	return out
}

// matchTable finds the table of the format whose value cells have the Word table's shape: as
// many rows, each with as many values. -1 if none.
func matchTable(f *model.Format, rows [][]wordCell) int {
	for ti, def := range f.Tables {
		want := valueRows(def)
		if len(want) != len(rows) {
			continue
		}
		ok := true
		for i := range want {
			if len(want[i]) != len(rows[i]) {
				ok = false
				break
			}
		}
		if ok {
			return ti
		}
	}
	return -1
}

// sameValue compares a Word cell's text with a data value: "/" with not applicable, "—" and
// "无" with 0, numbers by value (12.50 万元 equals 12.5).
func sameValue(text string, v model.Value, k model.Kind) bool {
	s := strings.TrimSpace(model.ASCIIDigits(text))
	switch s {
	case "/", "／":
		return v.NA
	case "—", "-", "无":
		return !v.NA && v.N == 0
	}
	if v.NA {
		return false
	}
	neg := strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	var n int64
	var ok bool
	if k == model.Money {
		n, _, ok = model.ParseMoney(s)
	} else {
		n, ok = model.ParseDecimal(s, 0)
	}
	if neg {
		n = -n
	}
	return ok && n == v.N
}
