package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/zipcheck"
	"nianbao/model"
)

// Source is a workbook read as a data file's values: by dotted key, as a TOML file's would
// decode, with the cell each came from (a table row's cells also as key#column), and what reading
// noticed. datafile decodes it like a TOML file's values.
type Source struct {
	Name  string
	Raw   map[string]any
	Locs  map[string]input.Location
	Notes []model.Note // totals whose saved value disagrees with the data, and the like
}

// IsWorkbook reports whether a file name is a workbook's.
func IsWorkbook(path string) bool { return strings.EqualFold(ext(path), ".xlsx") }

func ext(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i:]
	}
	return ""
}

func bad(name string, zh, en string, a ...any) error {
	return &input.Error{Location: input.Location{File: name}, Msg: i18n.F(zh, en, a...)}
}

// checkZip refuses what is not a workbook or would unzip to too much.
func checkZip(name string, data []byte) error {
	if err := scanWorkbook(name, data); err != nil { // limits.go: every part, before excelize reads it
		return err
	}
	_, err := zipcheck.Open(data)
	switch {
	case errors.Is(err, zipcheck.ErrNotZip):
		return bad(name, "不是 Excel/WPS 工作簿（.xlsx），或文件已损坏", "not an Excel/WPS workbook (.xlsx), or damaged")
	case err != nil:
		return bad(name, "工作簿解压后过大（可能是“压缩炸弹”），不会读取", "the workbook unzips to too much (a zip bomb?): not read")
	}
	return nil
}

// Read reads a workbook's bytes as a data file's values.
func Read(name string, data []byte) (*Source, error) {
	if err := checkZip(name, data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: zipcheck.MaxUnzipped, UnzipXMLSizeLimit: zipcheck.MaxUnzipped})
	if err != nil {
		return nil, bad(name, "无法读取工作簿：%v", "cannot read the workbook: %v", err)
	}
	defer f.Close()
	src := &Source{Name: name, Raw: map[string]any{}, Locs: map[string]input.Location{}}
	at := func(sheet, cell string) input.Location { return input.Location{File: name, Sheet: sheet, Cell: cell} }
	// 基本信息: a row a key; a workbook made before a row was added (正文文件) lacks it
	for i, kv := range infoKeys {
		row := i + 2
		k, _ := f.GetCellValue(InfoSheet, fmt.Sprintf("A%d", row))
		if k == "" && i >= baseInfoRows {
			break
		}
		if k != kv[0] {
			return nil, bad(name, "工作表“%s”的第 %d 行应是“%s”（工作簿的结构不能改动；可用 nianbao init --xlsx 重新生成）",
				"sheet %s row %d should be %q (the workbook's layout must not change; nianbao init --xlsx makes a new one)", InfoSheet, row, kv[0])
		}
		cell := fmt.Sprintf("C%d", row)
		key := kv[0]
		if key == "text_file" {
			key = "text.file"
		}
		src.Locs[key] = at(InfoSheet, cell)
		v, err := infoValue(f, cell, key)
		if err != nil {
			return nil, err
		}
		if v != nil {
			setKey(src.Raw, key, v)
		}
	}
	if _, ok := src.Raw["format"]; !ok {
		src.Raw["format"] = "" // reported by decoding, at its cell
	}
	// 正文
	for i, tk := range model.TextKeys() {
		row := i + 2
		cell := fmt.Sprintf("C%d", row)
		if k, _ := f.GetCellValue(TextSheet, fmt.Sprintf("A%d", row)); k != tk.Key {
			return nil, bad(name, "工作表“%s”的第 %d 行应是“%s”（工作簿的结构不能改动）", "sheet %s row %d should be %q (the layout must not change)", TextSheet, row, tk.Key)
		}
		src.Locs["text."+tk.Key] = at(TextSheet, cell)
		text, _ := f.GetCellValue(TextSheet, cell)
		if strings.TrimSpace(text) != "" {
			setKey(src.Raw, "text."+tk.Key, text)
		}
	}
	if _, ok := src.Raw["text"]; !ok {
		src.Raw["text"] = map[string]any{}
	}
	// the tables, of the format the workbook names (decoding reports a wrong one)
	format := model.FormatByID(fmt.Sprint(src.Raw["format"]))
	if format == nil {
		format = model.FormatByID("2021")
	}
	for _, def := range format.Tables {
		if err := src.table(f, def); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// baseInfoRows is how many rows 基本信息 had before 正文文件 was added: older workbooks end there.
const baseInfoRows = 9

// infoValue reads a 基本信息 cell as TOML would give it: the year as a number, the date as a
// date when the cell holds one (Excel keeps dates as serial numbers: 2027-01-20 is 46407), text
// otherwise; nil for an empty optional cell.
func infoValue(f *excelize.File, cell, key string) (any, error) {
	raw, err := f.GetCellValue(InfoSheet, cell)
	if err != nil {
		return nil, err
	}
	v := strings.TrimSpace(raw)
	switch key {
	case "year":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n, nil
		}
	case "date":
		if typ, _ := f.GetCellType(InfoSheet, cell); v != "" && (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset || typ == excelize.CellTypeDate) {
			if x, err := strconv.ParseFloat(v, 64); err == nil && x > 0 && x < 2958466 {
				if t, err := excelize.ExcelDateToTime(x, false); err == nil {
					return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, localDate), nil
				}
			}
		}
	}
	if v == "" {
		switch key {
		case "organ", "kind", "year", "date", "format":
			return "", nil // reported as empty by decoding, at its cell
		}
		return nil, nil
	}
	return v, nil
}

// localDate is the location TOML gives a local date (2024-01-22): the decoder accepts only that.
var localDate = time.FixedZone("date-local", 0)

// setKey sets a dotted key in nested maps, as TOML decodes "text.file".
func setKey(m map[string]any, key string, v any) {
	head, rest, dotted := strings.Cut(key, ".")
	if !dotted {
		m[key] = v
		return
	}
	sub, ok := m[head].(map[string]any)
	if !ok {
		sub = map[string]any{}
		m[head] = sub
	}
	sub[rest] = v
}

// table reads one table sheet: every value cell with its location; a cell still holding its
// formula (总计, （七）总计) is left out, as a data file leaves the total to be computed.
func (src *Source) table(f *excelize.File, def *model.TableDef) error {
	sh := tableSheet(def)
	cells := valueCells(def)
	formulas := tableFormulas(def, cells)
	vals := make([][]any, len(def.Data))
	computed := make([][]bool, len(def.Data))
	cached := map[[2]int]string{} // the value a formula cell was saved with
	tm := map[string]any{}
	src.Raw[def.Key] = tm
	src.Locs[def.Key] = input.Location{File: src.Name, Sheet: sh}
	for i, rd := range def.Data {
		vals[i] = make([]any, len(rd.Kinds))
		computed[i] = make([]bool, len(rd.Kinds))
		key := def.Key + "." + rd.Key
		for c, kind := range rd.Kinds {
			name := cellName(cells[i][c][0], cells[i][c][1])
			loc := input.Location{File: src.Name, Sheet: sh, Cell: name}
			src.Locs[model.CellKey(key, c)] = loc
			if c == 0 {
				src.Locs[key] = loc
			}
			if formulas[name] != "" {
				if fm, _ := f.GetCellFormula(sh, name); fm != "" {
					computed[i][c] = true
					cached[[2]int{i, c}], _ = f.GetCellValue(sh, name)
					continue
				}
			}
			v, err := cellValue(f, sh, name, kind)
			if err != nil {
				return err
			}
			if s, isText := v.(string); isText && numberAsText(s) && textCell(f, sh, name) {
				// Excel's and WPS's SUM skip a number stored as text: the sheet's 总计 and ✓/✗ leave it
				// out while the report counts it
				src.Notes = append(src.Notes, model.Note{Rule: "R12", At: loc, Where: model.TableLabel(def, &def.Data[i], c),
					Msg: i18n.F("“%s”是以文字形式存的数字（格子左上角有绿色小三角）：Excel/WPS 的合计不算它，报告算它。请选中格子，点提示图标“转换为数字”",
						"%q is a number stored as text (a green triangle in the cell's corner): Excel's and WPS's totals skip it, the report counts it; select the cell and choose Convert to Number", s)})
			}
			vals[i][c] = v
		}
	}
	src.staleTotals(def, sh, cells, vals, computed, cached)
	for i, rd := range def.Data {
		var out []any
		given := 0
		for c := range rd.Kinds {
			if !computed[i][c] {
				given++
			}
		}
		if given == 0 {
			continue // 总计 rows left to their formulas: computed again
		}
		for c := range rd.Kinds {
			switch {
			case !computed[i][c]:
				out = append(out, vals[i][c])
			case c == rd.Total:
				// left out: the row's 总计 is computed
			default:
				// a formula cell in a row given in part (a sum row with one total typed over):
				// the sum of what the rows above hold
				var sum int64
				for k, o := range def.Data {
					if strings.HasPrefix(o.Key, rd.SumOf) && o.SumOf == "" {
						sum += intOf(vals[k][c])
					}
				}
				out = append(out, sum)
			}
		}
		if len(out) == 1 && len(rd.Kinds) == 1 {
			tm[rd.Key] = out[0]
		} else {
			tm[rd.Key] = out
		}
	}
	return nil
}

// intOf is a cell value as a whole number, 0 if it is none.
func intOf(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case string:
		n, _ := strconv.ParseInt(strings.TrimSpace(model.ASCIIDigits(x)), 10, 64)
		return n
	}
	return 0
}

// staleTotals notes formula cells saved with a value their own data does not give — a workbook
// written by a program that does not recalculate, or edited by hand: the report prints the sum
// of the data, not what the sheet showed.
func (src *Source) staleTotals(def *model.TableDef, sh string, cells [][][2]int, vals [][]any, computed [][]bool, cached map[[2]int]string) {
	for i, rd := range def.Data {
		for c := range rd.Kinds {
			got, ok := cached[[2]int{i, c}]
			if !ok || got == "" {
				continue
			}
			var want int64
			switch {
			case c == rd.Total:
				for k := range rd.Kinds {
					if k != c {
						want += intOf(vals[i][k])
					}
				}
			case rd.SumOf != "":
				for k, o := range def.Data {
					if strings.HasPrefix(o.Key, rd.SumOf) && o.SumOf == "" {
						want += intOf(vals[k][c])
					}
				}
			}
			if rd.SumOf != "" && c == rd.Total || intOf(got) == want {
				continue
			}
			name := cellName(cells[i][c][0], cells[i][c][1])
			src.Notes = append(src.Notes, model.Note{Rule: "R12", At: input.Location{File: src.Name, Sheet: sh, Cell: name},
				Where: model.TableLabel(def, &def.Data[i], c), Msg: i18n.F("单元格中显示的是 %s，按表中数字相加是 %d；报告印 %d。请在 Excel/WPS 中按 F9 重新计算（或检查是否有数字存成了文字）后保存",
					"the cell shows %s, the numbers of the table add up to %d; the report prints %d. Recalculate in Excel/WPS (F9), or look for a number stored as text, and save", got, want, want),
				Expected: strconv.FormatInt(want, 10), Actual: got})
		}
	}
}

// cellValue is a cell's value as TOML would give it: a whole number as int64, an amount as a
// string with the decimals its cell shows, "/" and text as strings (a number typed as text too:
// decoding reads it, and a note says so if a formula then showed another total), an empty cell
// as "".
func cellValue(f *excelize.File, sh, cell string, k model.Kind) (any, error) {
	raw, err := f.GetCellValue(sh, cell)
	if err != nil {
		return nil, err
	}
	raw = strings.TrimSpace(raw)
	typ, _ := f.GetCellType(sh, cell)
	if raw == "" || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		return raw, nil
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw, nil
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if k != model.Money {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		return x, nil // a fraction: decoding says a count must be whole
	}
	// the decimals the cell's number format shows: 0.00 → two
	places := 0
	if id, err := f.GetCellStyle(sh, cell); err == nil {
		if st, err := f.GetStyle(id); err == nil && st.CustomNumFmt != nil {
			if _, frac, ok := strings.Cut(*st.CustomNumFmt, "."); ok {
				places = strings.Count(frac, "0")
			}
		}
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) < places {
		frac += strings.Repeat("0", places-len(frac))
	}
	if frac != "" {
		s = whole + "." + frac
	}
	return s, nil
}

// numberAsText: a cell's text that is a number ("5", "１２", " 3 "), not "/" or "无".
func numberAsText(s string) bool {
	s = strings.TrimSpace(model.ASCIIDigits(s))
	if s == "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// textCell: the cell holds text (a string, shared or inline), not a number.
func textCell(f *excelize.File, sh, cell string) bool {
	typ, _ := f.GetCellType(sh, cell)
	return typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString
}
