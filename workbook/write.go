package workbook

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"nianbao/i18n"
	"nianbao/model"
)

// Write writes a report as a workbook: 基本信息, 正文 and one sheet per table, laid out as in the
// report. Input cells are unlocked and validated; 总计 and （七）总计 are formulas, and a row of
// ✓/✗ shows the 勾稽关系 as the sheet is filled in. The same report gives the same bytes (the
// document's dates are the report's).
func Write(w io.Writer, r *model.Report) error {
	if err := checkCells(r); err != nil { // limits.go: nothing a cell would cut
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", InfoSheet); err != nil {
		return err
	}
	if err := writeInfo(f, st, r); err != nil {
		return err
	}
	if err := writeText(f, st, r); err != nil {
		return err
	}
	for i, def := range r.Format.Tables {
		if err := writeTable(f, st, r, i, def); err != nil {
			return err
		}
	}
	when := time.Date(r.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	if r.Date.Y != 0 {
		when = time.Date(r.Date.Y, time.Month(r.Date.M), r.Date.D, 0, 0, 0, 0, time.UTC)
	}
	stamp := when.Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: r.Title, Creator: r.Organ, LastModifiedBy: "nianbao",
		Created: stamp, Modified: stamp, Language: "zh-CN"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// styles are the cell styles of a workbook; money has one per number of decimals.
type styles struct {
	label, left, title, input, formula, check, text, date int
	money                                                 []int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := &excelize.Font{Family: "宋体", Size: 10.5}
	mk := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			panic(err) // the styles are constants: an error is a programming error
		}
		return id
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	st := &styles{
		label: mk(&excelize.Style{Border: border, Font: font, Alignment: center}),
		left: mk(&excelize.Style{Border: border, Font: font,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}),
		title: mk(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 14}}),
		formula: mk(&excelize.Style{Border: border, Font: font, Alignment: center,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EFEFEF"}}}),
		check: mk(&excelize.Style{Border: border, Font: &excelize.Font{Family: "宋体", Size: 10.5, Bold: true},
			Alignment: center}),
		text: mk(&excelize.Style{Border: border, Font: font, Protection: &excelize.Protection{Locked: false},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
	}
	dateFmt := `yyyy"年"m"月"d"日"`
	st.date = mk(&excelize.Style{Border: border, Font: font, CustomNumFmt: &dateFmt, Protection: &excelize.Protection{Locked: false},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}})
	st.input = mk(&excelize.Style{Border: border, Font: font, Alignment: center, Protection: &excelize.Protection{Locked: false}})
	// amounts keep the decimals they were given with: one style per number of places
	for places := 0; places <= model.MaxPlaces; places++ {
		fmtCode := "0"
		if places > 0 {
			fmtCode += "." + strings.Repeat("0", places)
		}
		st.money = append(st.money, mk(&excelize.Style{Border: border, Font: font, Alignment: center, CustomNumFmt: &fmtCode,
			Protection: &excelize.Protection{Locked: false}}))
	}
	return st, nil
}

func writeInfo(f *excelize.File, st *styles, r *model.Report) error {
	sh := InfoSheet
	vals := map[string]any{"format": r.Format.ID, "year": r.Year, "organ": r.Organ, "short_name": r.Short, "kind": r.Kind,
		"date": "", "prev": r.Prev}
	if r.Title != r.DefaultTitle() {
		vals["title"] = r.Title
	}
	if r.Signature != r.Organ {
		vals["signature"] = r.Signature
	}
	if r.Date.Y != 0 {
		// a date cell, shown as 2024年1月22日: what Excel/WPS make of a date typed into it
		vals["date"] = time.Date(r.Date.Y, time.Month(r.Date.M), r.Date.D, 0, 0, 0, 0, time.UTC)
	}
	set := func(cell string, v any, style int) error {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	for c, h := range []string{"键 / key", "项目", "内容（只改这一列）"} {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := set(cell, h, st.label); err != nil {
			return err
		}
	}
	for i, kv := range infoKeys {
		row := i + 2
		if err := set(fmt.Sprintf("A%d", row), kv[0], st.left); err != nil {
			return err
		}
		if err := set(fmt.Sprintf("B%d", row), kv[1], st.left); err != nil {
			return err
		}
		v := vals[kv[0]]
		if v == nil {
			v = ""
		}
		style := st.text
		if kv[0] == "date" {
			style = st.date
		}
		if err := set(fmt.Sprintf("C%d", row), v, style); err != nil {
			return err
		}
	}
	for _, drop := range []struct {
		key  string
		list []string
	}{{"format", []string{"2021", "2019"}}, {"kind", model.OrganKinds()}} {
		key, list := drop.key, drop.list
		for i, kv := range infoKeys {
			if kv[0] == key {
				dv := excelize.NewDataValidation(true)
				dv.SetSqref(fmt.Sprintf("C%d", i+2))
				if err := dv.SetDropList(list); err != nil {
					return err
				}
				if err := f.AddDataValidation(sh, dv); err != nil {
					return err
				}
			}
		}
	}
	f.SetColWidth(sh, "A", "A", 12)
	f.SetColWidth(sh, "B", "B", 26)
	f.SetColWidth(sh, "C", "C", 60)
	return protect(f, sh)
}

func writeText(f *excelize.File, st *styles, r *model.Report) error {
	sh := TextSheet
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for c, h := range []string{"键 / key", "部分", "正文（段与段之间空一行；以（一）、1.、（1）开头的行是小标题）"} {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		f.SetCellValue(sh, cell, h)
		f.SetCellStyle(sh, cell, cell, st.label)
	}
	for i, tk := range model.TextKeys() {
		row := i + 2
		f.SetCellValue(sh, fmt.Sprintf("A%d", row), tk.Key)
		f.SetCellValue(sh, fmt.Sprintf("B%d", row), model.TextLabel(r.Format, tk.Key, tk.Section))
		f.SetCellValue(sh, fmt.Sprintf("C%d", row), strings.TrimRight(model.TextOf(r.Text[tk.Key]), "\n"))
		f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row), st.left)
		f.SetCellStyle(sh, fmt.Sprintf("C%d", row), fmt.Sprintf("C%d", row), st.text)
		// tall enough for the text at about 60 characters a line (Excel's limit is 409 points)
		text := model.TextOf(r.Text[tk.Key])
		lines := 1 + utf8.RuneCountInString(text)/60 + strings.Count(text, "\n")
		f.SetRowHeight(sh, row, min(409, float64(15*lines)))
	}
	f.SetColWidth(sh, "A", "A", 14)
	f.SetColWidth(sh, "B", "B", 30)
	f.SetColWidth(sh, "C", "C", 100)
	return protect(f, sh)
}

// protect locks a sheet but its input cells, and prints it on A4 one page wide.
func protect(f *excelize.File, sh string) error {
	one, none, fit, a4 := 1, 0, true, 9 // paper size 9 is A4 (ECMA-376 §18.3.1.63)
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &a4, FitToWidth: &one, FitToHeight: &none}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.ProtectSheet(sh, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true})
}

// writeTable draws a table's grid as in the report and fills its values.
func writeTable(f *excelize.File, st *styles, r *model.Report, ti int, def *model.TableDef) error {
	sh := tableSheet(def)
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	f.SetCellValue(sh, "A1", r.Format.Sections[ti+1])
	f.SetCellStyle(sh, "A1", "A1", st.title)
	t := &r.Tables[ti]
	cells := valueCells(def)
	formulas := tableFormulas(def, cells)
	// a total the data file gives wrong stays as given, so the workbook shows the error (✗) and
	// reads back the same; a right or omitted one becomes its formula
	for i, rd := range def.Data {
		for c := range rd.Kinds {
			v := t.Values[i][c]
			if v.Set && (c == rd.Total && v.N != rowSum(t.Values[i], rd.Total) || rd.SumOf != "" && c != rd.Total && v.N != columnSum(t, rd.SumOf, c)) {
				delete(formulas, cellName(cells[i][c][0], cells[i][c][1]))
			}
		}
	}
	for _, c := range def.Cells {
		a, b := cellName(c.R, c.C), cellName(c.R+c.RowSpan-1, c.C+c.Span-1)
		if a != b {
			if err := f.MergeCell(sh, a, b); err != nil {
				return err
			}
		}
		style := st.label
		switch {
		case c.Row < 0:
			if def.ID == "三" && !c.Header && !c.Group && !c.Note {
				style = st.left
			}
			f.SetCellValue(sh, a, c.Text)
		case formulas[a] != "":
			style = st.formula
			if err := f.SetCellFormula(sh, a, formulas[a]); err != nil {
				return err
			}
		default:
			v := t.Values[c.Row][c.Col]
			kind := def.Data[c.Row].Kinds[c.Col]
			style = st.input
			switch {
			case v.NA:
				f.SetCellValue(sh, a, "/")
			case kind == model.Money:
				style = st.money[v.Places]
				f.SetCellValue(sh, a, float64(v.N)/model.MoneyScale)
			default:
				f.SetCellValue(sh, a, v.N)
			}
			if err := validate(f, sh, a, kind); err != nil {
				return err
			}
		}
		f.SetCellStyle(sh, a, b, style)
	}
	if err := checkRow(f, st, sh, def, cells); err != nil {
		return err
	}
	// rows tall enough for two lines of label; one page wide when printed (landscape for 表四)
	for r := 0; r < def.Rows; r++ {
		f.SetRowHeight(sh, r+gridTop, 30)
	}
	orient := "portrait"
	if def.ID == "四" {
		orient = "landscape"
	}
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &orient}); err != nil {
		return err
	}
	widths := map[string][]float64{"二": {24, 14, 14, 14}, "三": {7, 10, 30, 7, 7, 7, 7, 7, 7, 7}}[def.ID]
	for i := 0; i < def.Cols; i++ {
		w := 8.0
		if i < len(widths) {
			w = widths[i]
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sh, col, col, w)
	}
	return protect(f, sh)
}

// tableFormulas are the cells computed from others: each row's 总计 and the （七）总计 row.
func tableFormulas(def *model.TableDef, cells [][][2]int) map[string]string {
	out := map[string]string{}
	for i, rd := range def.Data {
		if rd.Total >= 0 {
			tc := cells[i][rd.Total]
			var parts []string
			for c := range rd.Kinds {
				if c != rd.Total {
					parts = append(parts, cellName(cells[i][c][0], cells[i][c][1]))
				}
			}
			out[cellName(tc[0], tc[1])] = "SUM(" + strings.Join(parts, ",") + ")"
		}
		if rd.SumOf != "" {
			for c := range rd.Kinds {
				if c == rd.Total {
					continue
				}
				var parts []string
				for k, o := range def.Data {
					if strings.HasPrefix(o.Key, rd.SumOf) && o.SumOf == "" {
						parts = append(parts, cellName(cells[k][c][0], cells[k][c][1]))
					}
				}
				out[cellName(cells[i][c][0], cells[i][c][1])] = "SUM(" + strings.Join(parts, ",") + ")"
			}
		}
	}
	return out
}

// validate lets a cell hold what the format allows: a whole number ≥ 0 (or any whole number for
// 本年增/减), an amount ≥ 0 with at most six decimals, or "/".
func validate(f *excelize.File, sh, cell string, k model.Kind) error {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(cell)
	dv.Type = "custom"
	switch k {
	case model.Money:
		dv.Formula1 = fmt.Sprintf(`OR(AND(ISNUMBER(%[1]s),%[1]s>=0,ROUND(%[1]s,6)=%[1]s),%[1]s="/")`, cell)
	case model.Signed:
		dv.Formula1 = fmt.Sprintf(`OR(AND(ISNUMBER(%[1]s),%[1]s=INT(%[1]s)),%[1]s="/")`, cell)
	default:
		dv.Formula1 = fmt.Sprintf(`OR(AND(ISNUMBER(%[1]s),%[1]s>=0,%[1]s=INT(%[1]s)),%[1]s="/")`, cell)
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "数值不对", "请填不小于 0 的整数（金额最多 6 位小数），不适用的格子填 /")
	return f.AddDataValidation(sh, dv)
}

// checkRow makes the sheet check itself as it is filled in, ✓ where a rule holds and ✗ where it
// does not: under table 三 a row for R1 (一＋二＝（七）总计＋四, every column) and a row for R3
// ((七) 总计 is the sum of the results, every column), and beside it a column for R2 (each row's
// 总计); under table 四 a row for R4 (each 总计 is its four outcomes). The totals are formulas, so
// R2–R4 show ✗ only where someone typed over one.
func checkRow(f *excelize.File, st *styles, sh string, def *model.TableDef, cells [][][2]int) error {
	at := func(i, c int) string { return cellName(cells[i][c][0], cells[i][c][1]) }
	check := func(r, c int, cond string) error {
		cell := cellName(r, c)
		if err := f.SetCellFormula(sh, cell, `IF(`+cond+`,"✓","✗")`); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, st.check)
	}
	label := func(r, c1, c2 int, text string) {
		a, b := cellName(r, c1), cellName(r, c2)
		if a != b {
			f.MergeCell(sh, a, b)
		}
		f.SetCellValue(sh, a, text)
		f.SetCellStyle(sh, a, b, st.left)
	}
	sum := func(i, total int) string { // the row's cells but its 总计
		var parts []string
		for c := range def.Data[i].Kinds {
			if c != total {
				parts = append(parts, at(i, c))
			}
		}
		return "SUM(" + strings.Join(parts, ",") + ")"
	}
	row := def.Rows // the grid row after the last
	switch def.ID {
	case "三":
		nw, _ := def.Row("new")
		co, _ := def.Row("carried_over")
		tot, trd := def.Row("results.total")
		fw, _ := def.Row("carried_forward")
		if nw < 0 || co < 0 || tot < 0 || fw < 0 {
			return i18n.Errorf("格式定义的表三缺少勾稽关系需要的行", "table 三 of the format lacks a row the 勾稽关系 needs") // a definition error, not the user's
		}
		label(row, 0, 2, "R1 勾稽关系：一＋二＝（七）总计＋四（✓ 相符，✗ 不符）")
		label(row+1, 0, 2, "R3（七）总计＝（一）至（六）之和")
		for c := range trd.Kinds {
			col := cells[nw][c][1]
			if err := check(row, col, fmt.Sprintf("%s+%s=%s+%s", at(nw, c), at(co, c), at(tot, c), at(fw, c))); err != nil {
				return err
			}
			var leaves []string
			for k, o := range def.Data {
				if strings.HasPrefix(o.Key, trd.SumOf) && o.SumOf == "" {
					leaves = append(leaves, at(k, c))
				}
			}
			if err := check(row+1, col, fmt.Sprintf("%s=SUM(%s)", at(tot, c), strings.Join(leaves, ","))); err != nil {
				return err
			}
		}
		// R2 beside each row
		side := def.Cols
		f.SetCellValue(sh, cellName(0, side), "R2 行总计")
		f.SetCellStyle(sh, cellName(0, side), cellName(0, side), st.label)
		for i, rd := range def.Data {
			if err := check(cells[i][0][0], side, fmt.Sprintf("%s=%s", at(i, rd.Total), sum(i, rd.Total))); err != nil {
				return err
			}
		}
	case "四":
		label(row, 0, 1, "R4 总计")
		for i, rd := range def.Data {
			if err := check(row, cells[i][rd.Total][1], fmt.Sprintf("%s=%s", at(i, rd.Total), sum(i, rd.Total))); err != nil {
				return err
			}
		}
	}
	return nil
}

func rowSum(vs []model.Value, total int) int64 {
	var s int64
	for c, v := range vs {
		if c != total && !v.NA {
			s += v.N
		}
	}
	return s
}

func columnSum(t *model.Table, prefix string, c int) int64 {
	var s int64
	for i, rd := range t.Def.Data {
		if strings.HasPrefix(rd.Key, prefix) && rd.SumOf == "" && !t.Values[i][c].NA {
			s += t.Values[i][c].N
		}
	}
	return s
}
