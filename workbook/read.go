package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
	"nianbao/internal/zipcheck"
	"nianbao/model"
)

// Source is a workbook read as a data file: its TOML text, and for each line the cell it came
// from ("表三!D12"), so findings can name the cell.
type Source struct {
	Name     string
	TOML     string
	Cells    map[int]string  // line → sheet!cell
	Findings []check.Finding // what reading found: totals whose cached value disagrees with the data
}

// Load reads a workbook file (a regular file of at most safefile.WorkbookLimit bytes), decodes
// it as a data file and checks nothing yet: the report, the source for relocating findings.
func Load(path string) (*model.Report, *Source, error) {
	data, err := safefile.Read(path, safefile.WorkbookLimit)
	if se, ok := err.(*safefile.Error); ok {
		return nil, nil, &input.Error{Location: input.Location{File: path}, Msg: se.Reason(), IO: true}
	} else if err != nil {
		return nil, nil, err
	}
	src, err := Read(path, data)
	if err != nil {
		return nil, nil, err
	}
	r, err := datafile.Decode(path, []byte(src.TOML), nil)
	return r, src, src.RelocateErr(err)
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

// Read turns a workbook's bytes into a data file's text.
func Read(name string, data []byte) (*Source, error) {
	if err := checkZip(name, data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: zipcheck.MaxUnzipped, UnzipXMLSizeLimit: zipcheck.MaxUnzipped})
	if err != nil {
		return nil, bad(name, "无法读取工作簿：%v", "cannot read the workbook: %v", err)
	}
	defer f.Close()
	w := &writer{src: &Source{Name: name, Cells: map[int]string{}}}
	// 基本信息
	info := map[string]string{}
	for i, kv := range infoKeys {
		row := i + 2
		if k, _ := f.GetCellValue(InfoSheet, fmt.Sprintf("A%d", row)); k != kv[0] {
			return nil, bad(name, "工作表“%s”的第 %d 行应是“%s”（工作簿的结构不能改动；可用 nianbao init --xlsx 重新生成）",
				"sheet %s row %d should be %q (the workbook's layout must not change; nianbao init --xlsx makes a new one)", InfoSheet, row, kv[0])
		}
		v, _ := f.GetCellValue(InfoSheet, fmt.Sprintf("C%d", row))
		info[kv[0]] = strings.TrimSpace(v)
	}
	format := model.FormatByID(info["format"])
	if format == nil {
		return nil, bad(name+"!"+InfoSheet+"!C2", "年报格式应为 2021 或 2019", "the format must be 2021 or 2019")
	}
	for i, kv := range infoKeys {
		cell := where(InfoSheet, fmt.Sprintf("C%d", i+2))
		v := info[kv[0]]
		switch {
		case v == "" && kv[0] != "organ" && kv[0] != "kind" && kv[0] != "year" && kv[0] != "date" && kv[0] != "format":
		case kv[0] == "year":
			if n, err := strconv.Atoi(v); err == nil {
				w.line(cell, "year = %d", n)
			} else {
				w.line(cell, "year = %q", v)
			}
		case kv[0] == "date" && dateRE(v):
			w.line(cell, "date = %s", v)
		default:
			w.line(cell, "%s = %s", kv[0], quote(v))
		}
	}
	// 正文
	w.line("", "[text]")
	for i, tk := range model.TextKeys {
		cell := where(TextSheet, fmt.Sprintf("C%d", i+2))
		if k, _ := f.GetCellValue(TextSheet, fmt.Sprintf("A%d", i+2)); k != tk.Key {
			return nil, bad(name, "工作表“%s”的第 %d 行应是“%s”（工作簿的结构不能改动）", "sheet %s row %d should be %q (the layout must not change)", TextSheet, i+2, tk.Key)
		}
		text, _ := f.GetCellValue(TextSheet, fmt.Sprintf("C%d", i+2))
		text = strings.ReplaceAll(text, "\r\n", "\n")
		if strings.TrimSpace(text) == "" {
			continue
		}
		w.line(cell, `%s = """`, tk.Key)
		for _, l := range strings.Split(text, "\n") {
			w.line(cell, "%s", escapeMulti(l))
		}
		w.line(cell, `"""`)
	}
	// the tables
	for _, def := range format.Tables {
		if err := w.table(f, def); err != nil {
			return nil, err
		}
	}
	w.src.TOML = w.b.String()
	return w.src, nil
}

type writer struct {
	b   strings.Builder
	n   int
	src *Source
}

func (w *writer) line(cell, format string, a ...any) {
	w.n++
	fmt.Fprintf(&w.b, format, a...)
	w.b.WriteByte('\n')
	if cell != "" {
		w.src.Cells[w.n] = cell
	}
}

func (w *writer) table(f *excelize.File, def *model.TableDef) error {
	sh := tableSheet(def)
	cells := valueCells(def)
	formulas := tableFormulas(def, cells)
	// every value as a TOML value, and whether its cell still holds its formula
	vals := make([][]string, len(def.Data))
	computed := make([][]bool, len(def.Data))
	cached := map[[2]int]string{} // the value a formula cell was saved with
	for i, rd := range def.Data {
		vals[i] = make([]string, len(rd.Kinds))
		computed[i] = make([]bool, len(rd.Kinds))
		for c, kind := range rd.Kinds {
			name := cellName(cells[i][c][0], cells[i][c][1])
			if formulas[name] != "" {
				if fm, _ := f.GetCellFormula(sh, name); fm != "" {
					computed[i][c] = true
					cached[[2]int{i, c}], _ = f.GetCellValue(sh, name)
					continue
				}
			}
			v, err := cellText(f, sh, name, kind)
			if err != nil {
				return err
			}
			vals[i][c] = v
		}
	}
	w.staleTotals(def, sh, cells, vals, computed, cached)
	w.line("", "[%s]", def.Key)
	for i, rd := range def.Data {
		first := cells[i][0]
		at := where(sh, cellName(first[0], first[1]))
		var out []string
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
						n, _ := strconv.ParseInt(vals[k][c], 10, 64)
						sum += n
					}
				}
				out = append(out, strconv.FormatInt(sum, 10))
			}
		}
		// a row key is a TOML dotted key inside the table: results.denied.state_secret
		if len(out) == 1 && len(rd.Kinds) == 1 {
			w.line(at, "%s = %s", rd.Key, out[0])
		} else {
			w.line(at, "%s = [%s]", rd.Key, strings.Join(out, ", "))
		}
	}
	return nil
}

// staleTotals reports formula cells saved with a value their own data does not give — a workbook
// written by a program that does not recalculate, or edited by hand: the report prints the sum
// of the data, not what the sheet showed.
func (w *writer) staleTotals(def *model.TableDef, sh string, cells [][][2]int, vals [][]string, computed [][]bool, cached map[[2]int]string) {
	num := func(s string) int64 { n, _ := strconv.ParseInt(strings.Trim(s, `"`), 10, 64); return n }
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
						want += num(vals[i][k])
					}
				}
			case rd.SumOf != "":
				for k, o := range def.Data {
					if strings.HasPrefix(o.Key, rd.SumOf) && o.SumOf == "" {
						want += num(vals[k][c])
					}
				}
			}
			if rd.SumOf != "" && c == rd.Total || num(got) == want {
				continue
			}
			name := cellName(cells[i][c][0], cells[i][c][1])
			w.src.Findings = append(w.src.Findings, check.Finding{Rule: "R12", Severity: check.Warning, Location: input.Location{File: w.src.Name + "!" + where(sh, name)},
				Where: model.TableLabel(def, &def.Data[i], c), Msg: i18n.F("公式保存的值是 %s，按表中数字重新计算是 %d；报告按重新计算的数字印出，请在 Excel/WPS 中重新计算后保存",
					"the formula was saved with %s, the data give %d; the report prints the recomputed number: recalculate in Excel/WPS and save", got, want),
				Expected: strconv.FormatInt(want, 10), Actual: got})
		}
	}
}

// cellText is a cell's value as a TOML value: a number as written, an amount as a string with
// the decimals its cell shows, "/" and text as strings, an empty cell as "".
func cellText(f *excelize.File, sh, cell string, k model.Kind) (string, error) {
	raw, err := f.GetCellValue(sh, cell)
	if err != nil {
		return "", err
	}
	raw = strings.TrimSpace(raw)
	typ, _ := f.GetCellType(sh, cell)
	if raw == "" || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		return quote(raw), nil
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return quote(raw), nil
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if k != model.Money {
		return s, nil
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
	return quote(s), nil
}

// quote writes a TOML basic string: \" and \\ escaped, control characters as \uXXXX (which
// decoding then refuses with the cell's name).
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// escapeMulti escapes a line for a TOML multi-line basic string.
func escapeMulti(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, `"""`, `""\"`)
}

func dateRE(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Relocate names the cells of a workbook's findings: FILE.xlsx!表三!D12 instead of a line of the
// text it was read into.
func (s *Source) Relocate(fs []check.Finding) {
	for i := range fs {
		if fs[i].File == s.Name && fs[i].Line > 0 {
			if c, ok := s.Cells[fs[i].Line]; ok {
				fs[i].File, fs[i].Line = s.Name+"!"+c, 0
			}
		}
	}
}

// RelocateErr does the same for the problems decoding found.
func (s *Source) RelocateErr(err error) error {
	var ies input.Errors
	switch e := err.(type) {
	case input.Errors:
		ies = e
	case *input.Error:
		ies = input.Errors{e}
	default:
		return err
	}
	for _, ie := range ies {
		if ie.File == s.Name && ie.Line > 0 {
			if c, ok := s.Cells[ie.Line]; ok {
				ie.File, ie.Line, ie.Col = s.Name+"!"+c, 0, 0
			}
		}
	}
	if len(ies) == 1 {
		if _, single := err.(*input.Error); single {
			return ies[0]
		}
	}
	return ies
}
