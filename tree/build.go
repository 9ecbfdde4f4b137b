package tree

import (
	"fmt"
	"time"

	"nianbao/model"
)

// Build turns a checked report into the document tree: the title, the opening paragraph, the six
// sections in the format's order with their text and tables, and the signature.
func Build(r *model.Report) *Document {
	r = model.Completed(r) // the totals the data file left out are printed, computed
	date := time.Date(r.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if r.Date.Y != 0 {
		date = time.Date(r.Date.Y, time.Month(r.Date.M), r.Date.D, 0, 0, 0, 0, time.UTC)
	}
	d := &Document{
		Meta: Meta{Title: r.Title, Author: r.Organ, Subject: "政府信息公开工作年度报告",
			Keywords: fmt.Sprintf("政府信息公开,年度报告,%d,%s", r.Year, r.Format.Name),
			Lang:     "zh-CN", Date: date,
			Custom: [][2]string{{"年度", fmt.Sprint(r.Year)}, {"机关", r.Organ}, {"格式", r.Format.Name}}},
		Signature: Signature{Name: r.Signature, Date: r.Date.String()},
	}
	addText := func(key, where string) {
		for i, p := range r.Text[key] {
			d.Blocks = append(d.Blocks, para(p, fmt.Sprintf("%s 第%d段", where, i+1)))
		}
	}
	addText(model.TextOpening, "开头")
	for _, tk := range model.TextKeys() {
		if tk.Section < 0 {
			continue
		}
		sec := r.Format.Sections[tk.Section] // every section has exactly one narrative key
		d.Blocks = append(d.Blocks, &Para{Style: H1, Runs: []Run{{sec, H1}}, Where: sec})
		addText(tk.Key, sec)
		if tk.Section >= 1 && tk.Section <= 3 {
			d.Blocks = append(d.Blocks, table(&r.Tables[tk.Section-1]))
		}
	}
	return d
}

var levelStyle = map[int]Style{0: Body, 2: H2, 3: H3, 4: H4}

func para(p model.Para, where string) *Para {
	st := levelStyle[p.Level]
	out := &Para{Style: st, Where: where}
	if p.Lead != "" {
		out.Runs = append(out.Runs, Run{p.Lead, st})
	}
	if p.Text != "" {
		out.Runs = append(out.Runs, Run{p.Text, Body})
	}
	return out
}

func table(t *model.Table) *Table {
	def := t.Def
	out := &Table{ID: def.ID, Rows: def.Rows, Cols: def.Cols, HeaderRows: def.HeaderRows, KeepNext: def.KeepNext}
	for _, c := range def.Cells {
		cell := Cell{R: c.R, C: c.C, RowSpan: c.RowSpan, Span: c.Span, Text: c.Text, Header: c.Header, Group: c.Group, Note: c.Note,
			Where: "表" + def.ID + "「" + c.Text + "」"}
		if c.Row >= 0 {
			rd := &def.Data[c.Row]
			cell.Text = t.Values[c.Row][c.Col].Print(rd.Kinds[c.Col])
			cell.Number = true
			cell.Where = model.TableLabel(def, rd, c.Col)
		}
		out.Cells = append(out.Cells, cell)
	}
	return out
}
