package workbook

import (
	"bytes"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/input"
	"nianbao/internal/safefile"
	"nianbao/internal/zipcheck"
)

// Kind is what a workbook found among a district's files is, told by its sheets.
type Kind int

const (
	ReportBook   Kind = iota // a unit's report (nianbao init --xlsx, export): it has the 基本信息 sheet or a table sheet
	DistrictBook             // a district workbook written by nianbao sum --xlsx
	OtherBook                // any other workbook: a 名单, a spreadsheet of one's own
)

// KindOf tells a unit's report workbook from a district workbook and from any other workbook. A
// file that cannot be opened as a workbook is taken for a report: reading it says what is wrong,
// and a damaged unit workbook is a unit that fails, not a stray file.
func KindOf(path string) Kind {
	// the sheet names alone, from xl/workbook.xml: a district workbook is wider than the limits
	// of a report workbook (limits.go), and need not be read to be told apart
	data, err := safefile.Read(path, safefile.WorkbookLimit)
	if err != nil {
		return ReportBook
	}
	zr, err := zipcheck.Open(data)
	if err != nil {
		return ReportBook
	}
	var sheets []string
	for _, name := range sheetNames(zr) {
		sheets = append(sheets, name)
	}
	if len(sheets) == 0 {
		return ReportBook
	}
	for _, s := range []string{InfoSheet, TextSheet, "表二", "表三", "表四"} {
		if slices.Contains(sheets, s) {
			return ReportBook
		}
	}
	if slices.Contains(sheets, DistrictSheet) || slices.Contains(sheets, OverviewSheet) {
		return DistrictBook
	}
	return OtherBook
}

// open opens a workbook file within the limits of reading one.
func open(path string) (*excelize.File, error) {
	data, err := safefile.Read(path, safefile.WorkbookLimit)
	if se, ok := err.(*safefile.Error); ok {
		return nil, &input.Error{Location: input.Location{File: path}, Msg: se.Reason(), IO: true}
	} else if err != nil {
		return nil, err
	}
	return openData(path, data)
}

// openData opens a workbook's bytes within the same limits; name is for messages.
func openData(name string, data []byte) (*excelize.File, error) {
	if err := checkZip(name, data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: zipcheck.MaxUnzipped, UnzipXMLSizeLimit: zipcheck.MaxUnzipped})
	if err != nil {
		return nil, bad(name, "无法读取工作簿：%v", "cannot read the workbook: %v", err)
	}
	return f, nil
}

// listHeads are the headings a list's column of units may have.
var listHeads = []string{"单位", "单位名称", "机关", "机关名称", "名称", "名单", "应报单位", "单位简称", "简称"}

// ReadList reads a list of units from a workbook (名单.xlsx): the first sheet, one unit a row, in
// the column headed 单位 (or 单位名称, 机关名称 …), else the first column; the heading row, if any,
// is not a unit.
func ReadList(path string) ([]string, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := listRows(path, f)
	if err != nil {
		return nil, err
	}
	col, start := ListColumn(rows)
	var out []string
	for _, row := range rows[start:] {
		if col < len(row) {
			if u := strings.TrimSpace(row[col]); u != "" {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// ListRows reads the rows of a list's first sheet from a workbook's bytes (an upload), within
// the limits of reading any workbook; name is for messages.
func ListRows(name string, data []byte) ([][]string, error) {
	f, err := openData(name, data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return listRows(name, f)
}

func listRows(name string, f *excelize.File) ([][]string, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, bad(name, "无法读取工作簿：%v", "cannot read the workbook: %v", err)
	}
	return rows, nil
}

// ListColumn is the column of a list's rows that names the units, and the first row that is a
// unit: the column headed 单位 (单位名称, 机关名称 …) below its heading, else the first column from
// the first row.
func ListColumn(rows [][]string) (col, start int) {
	if len(rows) > 0 {
		for c, h := range rows[0] {
			if slices.Contains(listHeads, strings.TrimSpace(h)) {
				return c, 1
			}
		}
	}
	return 0, 0
}
