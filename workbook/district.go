package workbook

import (
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"

	"nianbao/check"
	"nianbao/model"
)

// District sheets.
const (
	DistrictSheet = "汇总"
	UnitsSheet    = "缺报与名单外"
)

// tableRules are the checks a district sheet counts per unit: those of the tables, which a
// sidecar holds as well as a data file (the narrative's rules need the text).
var tableRules = []string{"R0", "R1", "R2", "R3", "R4", "R5", "R9"}

// WriteDistrict writes a district's sheet (nianbao sum --xlsx): one row per unit with every cell
// of the three tables in the official column order under two header rows (the row's label, the
// column's), the unit's errors and warnings of the table checks, a total row of formulas, and a
// sheet listing the units that did not report and those not on the list.
func WriteDistrict(w io.Writer, units []*model.Report, total *model.Report, missing, extra []string) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sh := DistrictSheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
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
	completed := make([]*model.Report, len(units))
	for i, r := range units {
		completed[i] = model.Completed(r) // each unit's left-out totals, computed, as it prints them
	}
	units = completed
	fixed := []string{"单位", "文件", "错误", "警告"}
	for i, h := range fixed {
		set(1, i+1, h, st.label)
		set(2, i+1, "", st.label)
		merge(1, i+1, 2, i+1)
	}
	col := len(fixed) + 1
	format := total.Format
	for ti, def := range format.Tables {
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
	f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 2, TopLeftCell: "C3", ActivePane: "bottomRight"})
	// the units that did not report, and those not on the list
	if _, err := f.NewSheet(UnitsSheet); err != nil {
		return err
	}
	f.SetCellValue(UnitsSheet, "A1", "缺报的单位")
	f.SetCellValue(UnitsSheet, "B1", "不在名单中的单位")
	for i, u := range missing {
		f.SetCellValue(UnitsSheet, fmt.Sprintf("A%d", i+2), u)
	}
	for i, u := range extra {
		f.SetCellValue(UnitsSheet, fmt.Sprintf("B%d", i+2), u)
	}
	f.SetColWidth(UnitsSheet, "A", "B", 24)
	stamp := fmt.Sprintf("%04d-01-01T00:00:00Z", total.Year+1)
	if total.Date.Y != 0 {
		stamp = fmt.Sprintf("%04d-%02d-%02dT00:00:00Z", total.Date.Y, total.Date.M, total.Date.D)
	}
	f.SetDocProps(&excelize.DocProperties{Title: "汇总", Creator: "nianbao", Created: stamp, Modified: stamp, Language: "zh-CN"})
	_, err = f.WriteTo(w)
	return err
}
