package workbook

import (
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"nianbao/check"
	"nianbao/model"
)

// District sheets: the one-page overview first, then every cell of every unit, then the units
// that did not report, are not on the list or were left out.
const (
	OverviewSheet = "各单位情况"
	DistrictSheet = "汇总"
	UnitsSheet    = "缺报与名单外"
)

// tableRules are the checks a district sheet counts per unit: those of the tables, which a
// sidecar holds as well as a data file (the narrative's rules need the text).
var tableRules = []string{"R0", "R1", "R2", "R3", "R4", "R5", "R9"}

// State is what became of a unit in a district summary.
type State int

const (
	Summed  State = iota // checked without errors and added up
	Failed               // has errors (or could not be read): not added up
	Missing              // on the list of units, no report
)

// Unit is one row of the district overview.
type Unit struct {
	Name   string        // the unit's short name (or its file's name when it could not be read)
	File   string        // its report, "" when it did not report
	Report *model.Report // nil when it did not report or could not be read
	State  State
	Note   string // the first error of a failed unit; "不在名单中" for a unit not on the list
}

// District is what nianbao sum --xlsx writes.
type District struct {
	Units []Unit        // every unit, in the summary's order: summed, failed and missing
	Total *model.Report // the sum of the summed units
	Extra []string      // summed units not on the list
}

// WriteDistrict writes a district workbook of units that were all summed (see District.Write).
func WriteDistrict(w io.Writer, units []*model.Report, total *model.Report, missing, extra []string) error {
	d := District{Total: total, Extra: extra}
	for _, r := range units {
		d.Units = append(d.Units, Unit{Name: r.Short, File: r.File, Report: r})
	}
	for _, m := range missing {
		d.Units = append(d.Units, Unit{Name: m, State: Missing})
	}
	return d.Write(w)
}

// Write writes the district workbook (nianbao sum --xlsx):
//
//   - 各单位情况, first, to print: one row per unit with its state (通过 / 有错误，未汇总 / 缺报) and
//     its key figures — 收到申请 (表三 一＋二 总计), 办结 (（七）总计), 行政复议 and 行政诉讼 (表四 总计),
//     收费 (表二 行政事业性收费, 2021 format) — and the totals of the summed units; failed and missing
//     units are filled in colour and say so in words. It prints on A4, fitted to the width, its
//     heading row repeated on every page.
//   - 汇总: one row per summed unit with every cell of the three tables in the official column
//     order under two header rows (the row's label, the column's), the unit's errors and warnings
//     of the table checks, and a total row of formulas; A4 landscape, the headings and the unit
//     column repeated on every page.
//   - 缺报与名单外: the units that did not report, those not on the list and those left out.
func (d District) Write(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", OverviewSheet); err != nil {
		return err
	}
	if err := d.overview(f); err != nil {
		return err
	}
	if _, err := f.NewSheet(DistrictSheet); err != nil {
		return err
	}
	if err := d.cells(f); err != nil {
		return err
	}
	if _, err := f.NewSheet(UnitsSheet); err != nil {
		return err
	}
	if err := d.lists(f); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	total := d.Total
	stamp := fmt.Sprintf("%04d-01-01T00:00:00Z", total.Year+1)
	if total.Date.Y != 0 {
		stamp = fmt.Sprintf("%04d-%02d-%02dT00:00:00Z", total.Date.Y, total.Date.M, total.Date.D)
	}
	f.SetDocProps(&excelize.DocProperties{Title: "汇总", Creator: "nianbao", Created: stamp, Modified: stamp, Language: "zh-CN"})
	_, err := f.WriteTo(w)
	return err
}

// summed returns the units that were added up, completed (their left-out totals computed, as
// they print them).
func (d District) summed() []*model.Report {
	var out []*model.Report
	for _, u := range d.Units {
		if u.State == Summed && u.Report != nil {
			out = append(out, model.Completed(u.Report))
		}
	}
	return out
}

// figureHeads are the key figures of a report on the overview, in its column order.
var figureHeads = []string{"收到申请\n一＋二", "办结\n（七）总计", "行政复议", "行政诉讼", "收费\n（万元）"}

// figures returns a report's key figures (figureHeads): counts, and the fees amount (nil in the 2019
// format, which has no amount of fees).
func figures(r *model.Report) []*model.Value {
	r = model.Completed(r)
	get := func(ti int, key string, col int) model.Value { v, _ := r.Get(ti, key, col); return v }
	add := func(a, b model.Value) *model.Value {
		if a.NA && b.NA {
			return &model.Value{NA: true}
		}
		return &model.Value{N: a.N + b.N}
	}
	v := func(x model.Value) *model.Value { return &x }
	out := []*model.Value{
		add(get(1, "new", 6), get(1, "carried_over", 6)),
		v(get(1, "results.total", 6)),
		v(get(2, "review", 4)),
		add(get(2, "litigation_direct", 4), get(2, "litigation_after_review", 4)),
		nil,
	}
	if i, rd := r.Tables[0].Def.Row("fees"); i >= 0 && rd.Kinds[0] == model.Money {
		out[4] = v(get(0, "fees", 0))
	}
	return out
}

// overviewStyles are the cell styles of the overview.
type overviewStyles struct {
	title, note, head, text, num, failed, failedNum, missing, missingNum, total, totalNum int
	money, failedMoney, totalMoney                                                        []int
}

func newOverviewStyles(f *excelize.File) *overviewStyles {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(bold bool, colour string) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: 11, Bold: bold, Color: colour}
	}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	fill := func(c string) excelize.Fill {
		if c == "" {
			return excelize.Fill{}
		}
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
	}
	mk := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			panic(err) // the styles are constants: an error is a programming error
		}
		return id
	}
	// Excel's own "Bad" and "Neutral" cell styles: a failed unit red, a missing one amber; the
	// state column says it in words too, for a black-and-white printer.
	const badFill, badFont, missFill, missFont, totalFill = "FFC7CE", "9C0006", "FFEB9C", "9C5700", "E7E6E6"
	st := &overviewStyles{
		title:      mk(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}),
		note:       mk(&excelize.Style{Font: font(false, ""), Alignment: left}),
		head:       mk(&excelize.Style{Border: border, Font: font(true, ""), Alignment: center, Fill: fill(totalFill)}),
		text:       mk(&excelize.Style{Border: border, Font: font(false, ""), Alignment: left}),
		num:        mk(&excelize.Style{Border: border, Font: font(false, ""), Alignment: right}),
		failed:     mk(&excelize.Style{Border: border, Font: font(true, badFont), Alignment: left, Fill: fill(badFill)}),
		failedNum:  mk(&excelize.Style{Border: border, Font: font(false, badFont), Alignment: right, Fill: fill(badFill)}),
		missing:    mk(&excelize.Style{Border: border, Font: font(true, missFont), Alignment: left, Fill: fill(missFill)}),
		missingNum: mk(&excelize.Style{Border: border, Font: font(false, missFont), Alignment: right, Fill: fill(missFill)}),
		total:      mk(&excelize.Style{Border: border, Font: font(true, ""), Alignment: center, Fill: fill(totalFill)}),
		totalNum:   mk(&excelize.Style{Border: border, Font: font(true, ""), Alignment: right, Fill: fill(totalFill)}),
	}
	for places := 0; places <= model.MaxPlaces; places++ {
		code := "0"
		if places > 0 {
			code = "0." + fmt.Sprintf("%0*d", places, 0)
		}
		st.money = append(st.money, mk(&excelize.Style{Border: border, Font: font(false, ""), Alignment: right, CustomNumFmt: &code}))
		st.failedMoney = append(st.failedMoney, mk(&excelize.Style{Border: border, Font: font(false, badFont), Alignment: right, Fill: fill(badFill), CustomNumFmt: &code}))
		st.totalMoney = append(st.totalMoney, mk(&excelize.Style{Border: border, Font: font(true, ""), Alignment: right, Fill: fill(totalFill), CustomNumFmt: &code}))
	}
	return st
}

// States in words, as the overview prints them.
var stateWords = map[State]string{Summed: "通过", Failed: "有错误，未汇总", Missing: "缺报"}

// overview writes the first sheet.
func (d District) overview(f *excelize.File) error {
	sh := OverviewSheet
	st := newOverviewStyles(f)
	cell := func(r, c int) string { s, _ := excelize.CoordinatesToCellName(c, r); return s }
	set := func(r, c int, v any, style int) {
		f.SetCellValue(sh, cell(r, c), v)
		f.SetCellStyle(sh, cell(r, c), cell(r, c), style)
	}
	heads := append(append([]string{"序号", "单位", "状态"}, figureHeads...), "说明")
	last := len(heads)
	n := map[State]int{}
	for _, u := range d.Units {
		n[u.State]++
	}
	set(1, 1, fmt.Sprintf("%d年度政府信息公开工作年度报告汇总：各单位情况", d.Total.Year), st.title)
	f.MergeCell(sh, cell(1, 1), cell(1, last))
	f.SetRowHeight(sh, 1, 30)
	line := fmt.Sprintf("已汇总 %d 个单位", n[Summed])
	if n[Failed] > 0 {
		line += fmt.Sprintf("；有错误、未汇总 %d 个", n[Failed])
	}
	if n[Missing] > 0 {
		line += fmt.Sprintf("；缺报 %d 个", n[Missing])
	}
	if len(d.Extra) > 0 {
		line += fmt.Sprintf("；不在名单中 %d 个", len(d.Extra))
	}
	set(2, 1, line+"。合计只含已汇总的单位。", st.note)
	f.MergeCell(sh, cell(2, 1), cell(2, last))
	for c, h := range heads {
		set(3, c+1, h, st.head)
	}
	f.SetRowHeight(sh, 3, 32)
	row := 4
	for i, u := range d.Units {
		text, num, money := st.text, st.num, st.money
		switch u.State {
		case Failed:
			text, num, money = st.failed, st.failedNum, st.failedMoney
		case Missing:
			text, num = st.missing, st.missingNum // no report, no figures
		}
		set(row, 1, i+1, num)
		set(row, 2, u.Name, text)
		set(row, 3, stateWords[u.State], text)
		var figs []*model.Value
		if u.Report != nil {
			figs = figures(u.Report)
		}
		for c := range figureHeads {
			switch {
			case c >= len(figs):
				set(row, 4+c, "", num)
			case figs[c] == nil || figs[c].NA:
				set(row, 4+c, "/", num)
			case c == 4:
				set(row, 4+c, float64(figs[c].N)/model.MoneyScale, money[figs[c].Places])
			default:
				set(row, 4+c, figs[c].N, num)
			}
		}
		set(row, last, u.Note, text)
		// a row as high as its note needs: the note column holds about 22 ideographs a line
		lines := (utf8.RuneCountInString(u.Note) + 21) / 22
		f.SetRowHeight(sh, row, 18*float64(max(lines, 1)))
		row++
	}
	set(row, 1, "合计", st.total)
	f.MergeCell(sh, cell(row, 1), cell(row, 3))
	for c, v := range figures(d.Total) {
		switch {
		case v == nil || v.NA:
			set(row, 4+c, "/", st.totalNum)
		case c == 4:
			set(row, 4+c, float64(v.N)/model.MoneyScale, st.totalMoney[v.Places])
		default:
			set(row, 4+c, v.N, st.totalNum)
		}
	}
	set(row, last, fmt.Sprintf("已汇总的 %d 个单位", n[Summed]), st.total)
	f.SetRowHeight(sh, row, 20)
	for _, cw := range []struct {
		col   string
		width float64
	}{{"A", 5}, {"B", 16}, {"C", 14}, {"D", 10}, {"E", 10}, {"F", 9}, {"G", 9}, {"H", 10}, {"I", 36}} {
		f.SetColWidth(sh, cw.col, cw.col, cw.width)
	}
	f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	return page(f, sh, false, true, "$3:$3", "")
}

// cells writes the sheet of every cell of every summed unit.
func (d District) cells(f *excelize.File) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sh := DistrictSheet
	set := func(r, c int, v any, style int) {
		cell, _ := excelize.CoordinatesToCellName(c, r)
		f.SetCellValue(sh, cell, v)
		f.SetCellStyle(sh, cell, cell, style)
	}
	merge := func(r1, c1, r2, c2 int) {
		a, _ := excelize.CoordinatesToCellName(c1, r1)
		b, _ := excelize.CoordinatesToCellName(c2, r2)
		if a != b {
			f.MergeCell(sh, a, b)
		}
	}
	units := d.summed()
	fixed := []string{"单位", "文件", "错误", "警告"}
	for i, h := range fixed {
		set(1, i+1, h, st.label)
		set(2, i+1, "", st.label)
		merge(1, i+1, 2, i+1)
	}
	col := len(fixed) + 1
	for ti, def := range d.Total.Format.Tables {
		for k, rd := range def.Data {
			set(1, col, "表"+def.ID+"·"+rd.FullLabel(), st.label)
			for c, cl := range rd.Cols {
				set(2, col+c, cl, st.label)
			}
			merge(1, col, 1, col+len(rd.Cols)-1)
			for u, r := range units {
				row := u + 3
				for c, kind := range rd.Kinds {
					v := r.Tables[ti].Values[k][c]
					switch {
					case v.NA:
						set(row, col+c, "/", st.input)
					case kind == model.Money:
						set(row, col+c, float64(v.N)/model.MoneyScale, st.money[v.Places])
					default:
						set(row, col+c, v.N, st.input)
					}
				}
			}
			for c := range rd.Kinds {
				row := len(units) + 3
				a, _ := excelize.CoordinatesToCellName(col+c, 3)
				b, _ := excelize.CoordinatesToCellName(col+c, row-1)
				cell, _ := excelize.CoordinatesToCellName(col+c, row)
				f.SetCellFormula(sh, cell, fmt.Sprintf("SUM(%s:%s)", a, b))
				f.SetCellStyle(sh, cell, cell, st.formula)
			}
			col += len(rd.Kinds)
		}
	}
	for u, r := range units {
		row := u + 3
		errs, warns := 0, 0
		for _, fd := range check.Check(r) {
			if !slices.Contains(tableRules, fd.Rule) {
				continue
			}
			if fd.Severity == check.Error {
				errs++
			} else {
				warns++
			}
		}
		set(row, 1, r.Short, st.left)
		set(row, 2, r.File, st.left)
		set(row, 3, errs, st.input)
		set(row, 4, warns, st.input)
	}
	set(len(units)+3, 1, "合计", st.label)
	merge(len(units)+3, 1, len(units)+3, 4)
	f.SetColWidth(sh, "A", "A", 14)
	f.SetColWidth(sh, "B", "B", 24)
	last, _ := excelize.ColumnNumberToName(col - 1)
	f.SetColWidth(sh, "E", last, 10)
	// the row labels are long and merged over a row's columns (7 in 表三): room for four lines,
	// and two for the column labels, so that no heading runs into another
	f.SetRowHeight(sh, 1, 60)
	f.SetRowHeight(sh, 2, 30)
	f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 2, TopLeftCell: "C3", ActivePane: "bottomRight"})
	// 204 columns cannot fit a page: they print across pages, each with the headings and the unit
	return page(f, sh, true, false, "$1:$2", "$A:$A")
}

// lists writes the sheet of units that did not report, are not on the list, or were left out.
func (d District) lists(f *excelize.File) error {
	sh := UnitsSheet
	f.SetCellValue(sh, "A1", "缺报的单位")
	f.SetCellValue(sh, "B1", "不在名单中的单位")
	f.SetCellValue(sh, "C1", "有错误、未汇总的单位")
	var missing, failed []string
	for _, u := range d.Units {
		switch u.State {
		case Missing:
			missing = append(missing, u.Name)
		case Failed:
			failed = append(failed, u.Name)
		}
	}
	for c, list := range [][]string{missing, d.Extra, failed} {
		for i, u := range list {
			cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
			f.SetCellValue(sh, cell, u)
		}
	}
	f.SetColWidth(sh, "A", "C", 24)
	return page(f, sh, false, true, "$1:$1", "")
}

// page sets a sheet up for A4 (paper size 9 of ECMA-376 §18.3.1.63): portrait or landscape,
// fitted to the page width (never to its height: long lists go on to more pages) or at full
// size, with rows (and columns) repeated on every printed page (the _xlnm.Print_Titles name,
// ECMA-376 §18.2.5), and the page number in the footer.
func page(f *excelize.File, sh string, landscape, fit bool, rows, cols string) error {
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	a4, one, any := 9, 1, 0
	opts := &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient}
	if fit {
		opts.FitToWidth, opts.FitToHeight = &one, &any
	}
	if err := f.SetPageLayout(sh, opts); err != nil {
		return err
	}
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin, edge := 0.6, 0.3
	if err := f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin,
		Header: &edge, Footer: &edge, Horizontally: &fit}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	ref := ""
	quoted := "'" + sh + "'!"
	if cols != "" {
		ref = quoted + cols
	}
	if rows != "" {
		if ref != "" {
			ref += ","
		}
		ref += quoted + rows
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: ref, Scope: sh})
}
