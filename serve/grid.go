package serve

import (
	"fmt"
	"html"
	"html/template"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"nianbao/i18n"
	"nianbao/model"
)

// The form's tables are laid out as the official tables (model's grids, as the workbook and the
// printed report draw them): the same labels, the same merged cells (rowspan, colspan), an input
// in each value cell. The computed cells — each row's 总计 and the （七）总计 row — are read-only:
// form.js sums them as one types, and without script the server computes them on save (the data
// file leaves them out, datafile completes them). Under table 三 the 勾稽关系 rows and beside it
// the R2 column show ✓/✗ as the workbook's formulas do (workbook.checkRow); under table 四, R4.

// tableView is one table of the form: its grid rows, then the rows of checks under it.
type tableView struct {
	ID, Key  string // 三, table3
	Caption  string
	HeadRows int // the first HeadRows of Rows are the header (thead)
	Rows     [][]gridCell
	Checks   [][]gridCell
}

// gridCell is one cell of a table's grid: a label, or a value cell with its input, or a ✓/✗.
type gridCell struct {
	Text             string // a label's text
	Head, Note       bool   // a header label (th scope=col), the corner note of table 三
	RowSpan, ColSpan int
	Input            bool
	Name, Label      string // the input's field name and accessible label (model.TableLabel)
	Value            string
	Sum              string // a computed cell: the field names it adds up, space-separated
	Check            bool   // a ✓/✗ cell: ✓ when the sum of L equals the sum of R
	L, R             string // field names, space-separated
	Mark             string // ✓, ✗ or ？ (a term is not a number)
	Remarks          []shownRemark
	Flags            []int // the findings about this cell (their index in the list beside the form)
	FlagError        bool  // one of them is an error
}

// flagCells marks the cells the findings name (a finding's Where is the cell's label, as
// model.TableLabel writes both), so a cell with a problem shows it where it is.
func (v *reportView) flagCells() {
	at := map[string][]int{}
	for i, f := range v.Findings {
		if strings.HasPrefix(f.Where, "表") {
			at[f.Where] = append(at[f.Where], i)
		}
	}
	if len(at) == 0 {
		return
	}
	for i := range v.Tables {
		for _, row := range v.Tables[i].Rows {
			for k := range row {
				if c := &row[k]; c.Input {
					c.Flags = at[c.Label]
					for _, f := range c.Flags {
						c.FlagError = c.FlagError || v.Findings[f].Error
					}
				}
			}
		}
	}
}

// computed tells whether a value cell is computed from others: a row's 总计, or a cell of a
// row summing others (SumOf).
func computed(rd *model.RowDef, c int) bool { return c == rd.Total || rd.SumOf != "" }

// sumOf are the field names a computed cell adds up (as workbook.tableFormulas): a row's 总计
// its other cells; a SumOf row's cell the same column of the rows it sums.
func sumOf(def *model.TableDef, i, c int) []string {
	rd := &def.Data[i]
	var out []string
	if c == rd.Total {
		for k := range rd.Kinds {
			if k != rd.Total {
				out = append(out, cellName(def, rd, k))
			}
		}
		return out
	}
	for k := range def.Data {
		if o := &def.Data[k]; strings.HasPrefix(o.Key, rd.SumOf) && o.SumOf == "" {
			out = append(out, cellName(def, o, c))
		}
	}
	return out
}

// layouts are the tables of each format without values, made once (the form is most of a
// page's time: nbload).
var layouts sync.Map // *model.Format → []tableView

// tableLayout is format f's tables laid out, without values.
func tableLayout(f *model.Format) []tableView {
	if l, ok := layouts.Load(f); ok {
		return l.([]tableView)
	}
	var tvs []tableView
	for ti, def := range f.Tables {
		tv := tableView{ID: def.ID, Key: def.Key, Caption: f.Sections[ti+1], HeadRows: def.HeaderRows}
		extra := 0 // the R2 column beside table 三
		if def.ID == "三" {
			extra = 1
		}
		tv.Rows = make([][]gridCell, def.Rows)
		cells := slices.Clone(def.Cells)
		sort.SliceStable(cells, func(a, b int) bool {
			if cells[a].R != cells[b].R {
				return cells[a].R < cells[b].R
			}
			return cells[a].C < cells[b].C
		})
		valueAt := map[int]int{} // grid row → its data row (the first value cell's)
		for _, c := range cells {
			g := gridCell{RowSpan: c.RowSpan, ColSpan: c.Span}
			if c.Row < 0 {
				g.Text, g.Head, g.Note = c.Text, c.Header, c.Note
			} else {
				rd := &def.Data[c.Row]
				g.Input, g.Name, g.Label = true, cellName(def, rd, c.Col), model.TableLabel(def, rd, c.Col)
				if computed(rd, c.Col) {
					g.Sum = strings.Join(sumOf(def, c.Row, c.Col), " ")
				}
				if _, ok := valueAt[c.R]; !ok {
					valueAt[c.R] = c.Row
				}
			}
			tv.Rows[c.R] = append(tv.Rows[c.R], g)
		}
		if extra > 0 {
			tv.Rows[0] = append(tv.Rows[0], gridCell{Text: "R2 行总计", Head: true, RowSpan: def.HeaderRows, ColSpan: 1})
			for r := def.HeaderRows; r < def.Rows; r++ {
				i, ok := valueAt[r]
				if !ok {
					tv.Rows[r] = append(tv.Rows[r], gridCell{RowSpan: 1, ColSpan: 1})
					continue
				}
				rd := &def.Data[i]
				tv.Rows[r] = append(tv.Rows[r], gridCell{Check: true, RowSpan: 1, ColSpan: 1,
					L: cellName(def, rd, rd.Total), R: strings.Join(sumOf(def, i, rd.Total), " ")})
			}
		}
		tv.Checks = checkRows(def, extra)
		tvs = append(tvs, tv)
	}
	l, _ := layouts.LoadOrStore(f, tvs)
	return l.([]tableView)
}

// checkRows are the rows of ✓/✗ under a table, as workbook.checkRow writes them: under 三, R1
// (一＋二＝（七）总计＋四) and R3 (（七）总计＝（一）至（六）之和) in every column; under 四, R4 (each
// 总计 is its four outcomes).
func checkRows(def *model.TableDef, extra int) [][]gridCell {
	col := map[[2]int]int{} // (data row, value column) → grid column
	for _, c := range def.Cells {
		if c.Row >= 0 {
			col[[2]int{c.Row, c.Col}] = c.C
		}
	}
	// a row: a label over the grid columns before first, then checks where given
	row := func(label string, first int, checks map[int]gridCell) []gridCell {
		out := []gridCell{{Text: label, RowSpan: 1, ColSpan: first}}
		for c := first; c < def.Cols+extra; c++ {
			g, ok := checks[c]
			if !ok {
				g = gridCell{}
			}
			g.RowSpan, g.ColSpan = 1, 1
			out = append(out, g)
		}
		return out
	}
	switch def.ID {
	case "三":
		nw, _ := def.Row("new")
		co, _ := def.Row("carried_over")
		tot, trd := def.Row("results.total")
		fw, _ := def.Row("carried_forward")
		if nw < 0 || co < 0 || tot < 0 || fw < 0 {
			return nil
		}
		r1, r3 := map[int]gridCell{}, map[int]gridCell{}
		first := def.Cols
		for c := range trd.Kinds {
			gc := col[[2]int{nw, c}]
			first = min(first, gc)
			name := func(i int) string { return cellName(def, &def.Data[i], c) }
			r1[gc] = gridCell{Check: true, L: name(nw) + " " + name(co), R: name(tot) + " " + name(fw)}
			r3[gc] = gridCell{Check: true, L: name(tot), R: strings.Join(sumOf(def, tot, c), " ")}
		}
		return [][]gridCell{
			row("R1 勾稽关系：一＋二＝（七）总计＋四（✓ 相符，✗ 不符）", first, r1),
			row("R3（七）总计＝（一）至（六）之和", first, r3),
		}
	case "四":
		r4 := map[int]gridCell{}
		for i := range def.Data {
			rd := &def.Data[i]
			r4[col[[2]int{i, rd.Total}]] = gridCell{Check: true, L: cellName(def, rd, rd.Total), R: strings.Join(sumOf(def, i, rd.Total), " ")}
		}
		return [][]gridCell{row("R4 总计", 2, r4)}
	}
	return nil
}

// tableViews are format f's tables with the values of fs: computed cells and ✓/✗ as form.js
// shows them.
func tableViews(f *model.Format, fs Fields) []tableView {
	fill := func(rows [][]gridCell) [][]gridCell {
		rows = slices.Clone(rows)
		for i := range rows {
			rows[i] = slices.Clone(rows[i])
			for k := range rows[i] {
				g := &rows[i][k]
				switch {
				case g.Sum != "":
					if n, ok := sumFields(fs, f, g.Sum); ok {
						g.Value = strconv.FormatInt(n, 10)
					}
				case g.Input:
					g.Value = fs[g.Name]
				case g.Check:
					g.Mark = mark(fs, f, g.L, g.R)
				}
			}
		}
		return rows
	}
	tvs := slices.Clone(tableLayout(f))
	for i := range tvs {
		tvs[i].Rows, tvs[i].Checks = fill(tvs[i].Rows), fill(tvs[i].Checks)
	}
	return tvs
}

// cellNumber reads a count as datafile does (cellValue): "", 无, 空 and "/" count 0, full-width
// digits are digits; ok is false for anything else.
func cellNumber(s string) (int64, bool) {
	switch s = strings.TrimSpace(s); s {
	case "", "/", "／", "无", "空":
		return 0, true
	}
	n, err := strconv.ParseInt(model.ASCIIDigits(s), 10, 64)
	return n, err == nil
}

// value is what a field counts in a sum: a computed cell's own sum (the form computes it, the
// data file leaves it out), else its number.
func value(fs Fields, f *model.Format, name string, depth int) (int64, bool) {
	if sum, ok := computedSums()[f][name]; ok && depth < 3 {
		return sumFields1(fs, f, sum, depth+1)
	}
	return cellNumber(fs[name])
}

// sumFields adds up the fields named (space-separated) as the form shows them.
func sumFields(fs Fields, f *model.Format, names string) (int64, bool) {
	return sumFields1(fs, f, names, 0)
}

func sumFields1(fs Fields, f *model.Format, names string, depth int) (int64, bool) {
	var t int64
	for _, n := range strings.Fields(names) {
		v, ok := value(fs, f, n, depth)
		if !ok {
			return 0, false
		}
		t += v
	}
	return t, true
}

// computedSums maps every computed cell of each format to what it sums.
var computedSums = sync.OnceValue(func() map[*model.Format]map[string]string {
	all := map[*model.Format]map[string]string{}
	for _, f := range model.Formats() {
		m := map[string]string{}
		all[model.FormatByID(f.ID)] = m
		for _, def := range f.Tables {
			for i := range def.Data {
				for c := range def.Data[i].Kinds {
					if computed(&def.Data[i], c) {
						m[cellName(def, &def.Data[i], c)] = strings.Join(sumOf(def, i, c), " ")
					}
				}
			}
		}
	}
	return all
})

// mark is ✓ when the sums agree, ✗ when not, ？ when a term is not a number.
func mark(fs Fields, f *model.Format, l, r string) string {
	a, ok1 := sumFields(fs, f, l)
	b, ok2 := sumFields(fs, f, r)
	switch {
	case !ok1 || !ok2:
		return "？"
	case a == b:
		return "✓"
	}
	return "✗"
}

// gridHTML writes a table of the form as HTML, in Go rather than by the template: a table is
// some 300 cells, and the template's per-cell calls (by reflection) were a third of the
// server's time under load (nbload). Every value is escaped (html.EscapeString: text and
// quoted attributes).
func gridHTML(tv tableView, edit bool, l i18n.Lang) template.HTML {
	var b strings.Builder
	b.Grow(64 << 10)
	esc := html.EscapeString
	fmt.Fprintf(&b, `<table class="grid t%s" id="table-%s"><caption>%s</caption>`+"\n<thead>", esc(tv.ID), esc(tv.ID), esc(tv.Caption))
	span := func(c *gridCell) {
		if c.RowSpan > 1 {
			fmt.Fprintf(&b, ` rowspan="%d"`, c.RowSpan)
		}
		if c.ColSpan > 1 {
			fmt.Fprintf(&b, ` colspan="%d"`, c.ColSpan)
		}
	}
	computedTitle := i18n.Text{Zh: "自动计算", En: "computed"}.In(l)
	remarkWord := i18n.Text{Zh: "意见", En: "remark "}.In(l)
	row := func(cells []gridCell, class string) {
		b.WriteString("<tr" + class + ">")
		for k := range cells {
			c := &cells[k]
			switch {
			case c.Input:
				b.WriteString("<td")
				span(c)
				if c.Sum != "" || len(c.Remarks) > 0 || len(c.Flags) > 0 {
					b.WriteString(` class="`)
					if c.Sum != "" {
						b.WriteString("sum")
					}
					if len(c.Remarks) > 0 {
						b.WriteString(" remarked")
					}
					switch {
					case c.FlagError:
						b.WriteString(" flag-error")
					case len(c.Flags) > 0:
						b.WriteString(" flag-warning")
					}
					b.WriteString(`"`)
				}
				fmt.Fprintf(&b, `><input name="%s" value="%s" aria-label="%s" size="3"`, esc(c.Name), esc(c.Value), esc(c.Label))
				switch {
				case c.Sum != "":
					fmt.Fprintf(&b, ` readonly data-sum="%s" title="%s"`, esc(c.Sum), esc(computedTitle))
				case !edit:
					b.WriteString(" readonly")
				}
				if len(c.Remarks) > 0 || len(c.Flags) > 0 {
					b.WriteString(` aria-describedby="`)
					sep := ""
					for _, r := range c.Remarks {
						fmt.Fprintf(&b, "%srm-%d", sep, r.ID)
						sep = " "
					}
					for _, f := range c.Flags {
						fmt.Fprintf(&b, "%sf-%d", sep, f)
						sep = " "
					}
					b.WriteString(`"`)
				}
				b.WriteString(">")
				for _, r := range c.Remarks {
					fmt.Fprintf(&b, `<a class="rmk" href="#rm-%d" title="%s">%s%d</a>`, r.ID, esc(r.Text), esc(remarkWord), r.N)
				}
				b.WriteString("</td>")
			case c.Check:
				fmt.Fprintf(&b, `<td class="chk" data-l="%s" data-r="%s">%s</td>`, esc(c.L), esc(c.R), esc(c.Mark))
			case c.Note:
				b.WriteString(`<td class="note"`)
				span(c)
				b.WriteString(">" + esc(c.Text) + "</td>")
			case c.Head:
				b.WriteString(`<th scope="col"`)
				span(c)
				b.WriteString(">" + esc(c.Text) + "</th>")
			case c.Text != "":
				b.WriteString(`<th scope="row"`)
				span(c)
				b.WriteString(">" + esc(c.Text) + "</th>")
			default:
				b.WriteString("<td")
				span(c)
				b.WriteString("></td>")
			}
		}
		b.WriteString("</tr>")
	}
	for _, r := range tv.Rows[:tv.HeadRows] {
		row(r, "")
	}
	b.WriteString("</thead>\n<tbody>")
	for _, r := range tv.Rows[tv.HeadRows:] {
		row(r, "")
	}
	b.WriteString("\n")
	for _, r := range tv.Checks {
		row(r, ` class="checks"`)
	}
	b.WriteString("</tbody></table>")
	return template.HTML(b.String())
}
