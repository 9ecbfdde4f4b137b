// Package workbook reads and writes the statistics workbook (.xlsx) districts circulate: the
// official tables on sheets laid out as in the report — labels, merged cells, borders — with
// the input cells unlocked and validated, the totals and the 勾稽关系 as live formulas with a
// visible ✓/✗, a 基本信息 sheet and a 正文 sheet (or the name of a Word file beside it), so a
// clerk never needs a TOML file. Reading gives a data file's values by key, each with its cell,
// which datafile decodes like a TOML file's (findings say 文件.xlsx!表三!F9).
//
// It sits at the start of the pipeline, under datafile; sum --xlsx writes the district sheet.
package workbook

import (
	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// Sheet names.
const (
	InfoSheet = "基本信息"
	TextSheet = "正文"
)

// tableSheet is the sheet of table i of a format: 表二, 表三, 表四.
func tableSheet(def *model.TableDef) string { return "表" + def.ID }

// gridTop is the sheet row of a table's first grid row (row 1 holds the table's title).
const gridTop = 2

// cellName is the A1 name of grid position (r, c).
func cellName(r, c int) string {
	n, _ := excelize.CoordinatesToCellName(c+1, r+gridTop)
	return n
}

// infoKeys are the rows of the 基本信息 sheet: key, label.
var infoKeys = [][2]string{
	{"format", "年报格式（2021 或 2019）"}, {"year", "年度"}, {"organ", "机关全称"}, {"short_name", "机关简称"},
	{"kind", "机关类型"}, {"title", "标题（可留空）"}, {"date", "成文日期（如 2024-01-22）"}, {"signature", "署名（可留空）"},
	{"prev", "上年度数据文件（可留空）"}, {"text_file", "正文 Word 文件（可留空：写在工作簿旁边的文件名，如 正文.docx）"},
}

// valueCells maps every value of table def to its grid cell: [data row][column] → (r, c).
func valueCells(def *model.TableDef) [][][2]int {
	out := make([][][2]int, len(def.Data))
	for i := range def.Data {
		out[i] = make([][2]int, len(def.Data[i].Kinds))
	}
	for _, c := range def.Cells {
		if c.Row >= 0 {
			out[c.Row][c.Col] = [2]int{c.R, c.C}
		}
	}
	return out
}
