package datafile

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"nianbao/model"
	"nianbao/workbook"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/lazy"
	"nianbao/internal/safefile"
)

// Load reads and decodes one data file (a regular file of at most safefile.DataLimit bytes);
// the narrative files it names are read from its own folder and nowhere else.
//
// A statistics workbook (.xlsx, at most safefile.WorkbookLimit bytes) is read the same way: its
// cells are the keys' values, and every problem names its cell (文件.xlsx!表三!F9).
func Load(path string) (*model.Report, error) {
	limit := int64(safefile.DataLimit)
	if workbook.IsWorkbook(path) {
		limit = safefile.WorkbookLimit
	}
	data, err := safefile.Read(path, limit)
	if err != nil {
		return nil, ioError(path, err)
	}
	return decodeFile(path, data, folderReader(path))
}

// decodeFile decodes a data file's bytes, a workbook's or a TOML file's by its name.
func decodeFile(name string, data []byte, readFile func(string) ([]byte, error)) (*model.Report, error) {
	if workbook.IsWorkbook(name) {
		return DecodeWorkbook(name, data, readFile)
	}
	return Decode(name, data, readFile)
}

// DecodeWorkbook decodes a statistics workbook's bytes as Decode does a TOML file's: the same
// keys, values and checks, with the cell of each.
func DecodeWorkbook(name string, data []byte, readFile func(string) ([]byte, error)) (*model.Report, error) {
	src, err := workbook.Read(name, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{name: name, locs: src.Locs, readFile: readFile, cells: true, notes: src.Notes}
	return d.decode(src.Raw)
}

// folderReader reads the files a data file names: paths relative to its folder that stay inside
// it (README: "正文文件只能放在数据文件所在的文件夹里").
func folderReader(path string) func(string) ([]byte, error) {
	dir := filepath.Dir(path)
	return func(name string) ([]byte, error) { return safefile.ReadIn(dir, name, safefile.TextLimit) }
}

// ioError turns a read failure into an input.Error naming the file.
func ioError(path string, err error) error {
	var se *safefile.Error
	if errors.As(err, &se) {
		return &input.Error{Location: input.Location{File: se.Path}, Msg: se.Reason(), IO: true}
	}
	return &input.Error{Location: input.Location{File: path}, IO: true, Msg: i18n.Text{Zh: "无法读取：" + safefile.OSMessage(err, i18n.Zh), En: "cannot read: " + safefile.OSMessage(err, i18n.En)}}
}

// reason is an error's message without the file name, when it names one.
func reason(err error, l i18n.Lang) string {
	var ie *input.Error
	if errors.As(err, &ie) && ie.Line == 0 {
		return ie.Msg.In(l)
	}
	return i18n.Message(err, l)
}

// Decode decodes a data file's bytes. name is used in messages; readFile reads the files its
// *_file keys name, given as written (relative to the data file's folder); nil forbids them.
//
// A file whose syntax is wrong gives (nil, error). A file with wrong keys or values gives every
// problem as input.Errors and, with it, the report as far as it could be read — cells that could
// not be read are marked Bad — so that one pass can also check the rest (pipeline.Check); such a
// report is never built.
func Decode(name string, data []byte, readFile func(string) ([]byte, error)) (*model.Report, error) {
	d, raw, err := parseTOML(name, data, readFile)
	if err != nil {
		return nil, err
	}
	return d.decode(raw)
}

// decode reads a source's values into a report.
func (d *decoder) decode(raw map[string]any) (*model.Report, error) {
	r := d.report(raw)
	if len(d.errs) > 0 {
		// file order; problems without a place (a missing key) come last
		sort.SliceStable(d.errs, func(i, j int) bool { return input.Less(d.errs[i].Location, d.errs[j].Location) })
		return r, d.errs
	}
	return r, nil
}

// parseTOML checks the text and parses it, returning a decoder for its keys.
func parseTOML(name string, data []byte, readFile func(string) ([]byte, error)) (*decoder, map[string]any, error) {
	src, err := checkText(name, data)
	if err != nil {
		return nil, nil, err
	}
	if err := input.Guard(name, src); err != nil {
		return nil, nil, err
	}
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return nil, nil, syntaxErrors(name, src, err)
	}
	locs := map[string]input.Location{}
	for k, l := range input.KeyLines(src) {
		locs[k] = input.Location{File: name, Line: l}
	}
	return &decoder{name: name, locs: locs, readFile: readFile, src: strings.Split(src, "\n")}, raw, nil
}

// checkText refuses what is not UTF-8 text, recognising UTF-16 and GBK/GB18030 (common on
// Chinese Windows) so the message can say what to do, and U+FFFD, the mark a wrong encoding
// conversion leaves where characters were lost; a UTF-8 byte-order mark is dropped.
func checkText(name string, data []byte) (string, error) {
	if utf16BOM(data) || len(data) >= 4 && (data[1] == 0 && data[3] == 0 && data[0] != 0 || data[0] == 0 && data[2] == 0 && data[1] != 0) {
		return "", &input.Error{Location: input.Location{File: name}, Msg: i18n.F(
			"文件是 UTF-16 编码（记事本中的“Unicode”），请用记事本或 WPS“另存为”UTF-8 编码后再试",
			"the file is UTF-16 (Notepad's \"Unicode\"); save it again as UTF-8 (Notepad or WPS: Save As, encoding UTF-8)")}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", &input.Error{Location: input.Location{File: name}, Msg: i18n.F("文件为空", "the file is empty")}
	}
	if utf8.Valid(data) && !misreadGBK(data) {
		if i := bytes.IndexByte(data, 0); i >= 0 {
			return "", &input.Error{Location: input.Location{File: name, Line: bytes.Count(data[:i], []byte("\n")) + 1},
				Msg: i18n.F("文件含有空字节（NUL），不是文本文件", "the file contains a NUL byte: it is not a text file")}
		}
		if i := bytes.Index(data, []byte("\uFFFD")); i >= 0 {
			return "", &input.Error{Location: input.Location{File: name, Line: bytes.Count(data[:i], []byte("\n")) + 1},
				Msg: i18n.F("文字中有替换符“\uFFFD”（U+FFFD）：这段文字在转换编码时已经损坏，原来的字丢失了。请从原始文件重新复制这段文字",
					"the text contains U+FFFD (\uFFFD), the mark of a wrong encoding conversion: the original characters are lost. Copy the text again from the original file")}
		}
		return string(data), nil
	}
	bad := bytes.IndexFunc(data, func(r rune) bool { return r == utf8.RuneError })
	if bad < 0 { // valid UTF-8 misread from GBK: point at its first non-ASCII byte
		bad = bytes.IndexFunc(data, func(r rune) bool { return r >= 0x80 })
	}
	line := bytes.Count(data[:bad], []byte("\n")) + 1
	if looksGBK(data) {
		return "", &input.Error{Location: input.Location{File: name, Line: line}, Msg: i18n.F(
			"文件不是 UTF-8 编码，看起来是 GBK/GB18030（中文 Windows 的默认编码）。请用记事本或 WPS“另存为”UTF-8 编码后再试",
			"the file is not UTF-8; it looks like GBK/GB18030 (the default on Chinese Windows). Save it again as UTF-8 (Notepad or WPS: Save As, encoding UTF-8)")}
	}
	return "", &input.Error{Location: input.Location{File: name, Line: line}, Msg: i18n.F("文件不是 UTF-8 编码的文本", "the file is not UTF-8 text")}
}

func utf16BOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
}

// misreadGBK catches GBK text that happens to be valid UTF-8 (一平垣 in GBK, D2BB C6BD D4AB, reads
// as three two-byte UTF-8 letters): a data file of a Chinese report with non-ASCII text but not a
// single CJK character, whose bytes pair up as GBK, is GBK.
func misreadGBK(b []byte) bool {
	cjk, other := 0, 0
	for _, r := range string(b) {
		switch {
		case r >= 0x2E80:
			cjk++
		case r >= 0x80:
			other++
		}
	}
	return cjk == 0 && other > 0 && looksGBK(b)
}

// looksGBK reports whether every non-ASCII byte belongs to a GBK double-byte character or a
// GB18030 four-byte one (81–FE, 30–39, 81–FE, 30–39).
func looksGBK(b []byte) bool {
	chars := 0
	for i := 0; i < len(b); i++ {
		if b[i] < 0x80 {
			continue
		}
		if b[i] == 0x80 || b[i] == 0xFF || i+1 >= len(b) {
			return false
		}
		if c := b[i+1]; c >= 0x30 && c <= 0x39 {
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] == 0xFF || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return false
			}
			i += 3
		} else if c < 0x40 || c == 0x7F || c == 0xFF {
			return false
		} else {
			i++
		}
		chars++
	}
	return chars > 0
}

// syntaxErrors reports every syntax error of a file at once, not only the first the parser
// stops at: each erroneous line is blanked and the text parsed again, up to maxSyntax errors.
func syntaxErrors(name, src string, err error) error {
	const maxSyntax = 20
	lines := strings.Split(src, "\n")
	var errs input.Errors
	seen := map[int]bool{}
	for len(errs) < maxSyntax {
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			errs = append(errs, &input.Error{Location: input.Location{File: name}, Msg: i18n.F("TOML 语法错误：%v", "TOML syntax error: %v", err)})
			break
		}
		ln := pe.Position.Line
		text := ""
		if ln >= 1 && ln <= len(lines) {
			text = lines[ln-1]
		}
		errs = append(errs, &input.Error{Location: input.Location{File: name, Line: ln, Col: pe.Position.Col}, Msg: tomlMessage(pe, text)})
		if ln < 1 || ln > len(lines) || seen[ln] {
			break
		}
		seen[ln] = true
		lines[ln-1] = ""
		var raw map[string]any
		if _, err = toml.Decode(strings.Join(lines, "\n"), &raw); err == nil {
			break
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errs
}

// tomlMessage says in Chinese what the parser found and exactly what to change for the slips
// people make (a unit after a number, text without quotes, a date with one-digit months …); the
// English keeps the parser's own words.
func tomlMessage(pe toml.ParseError, line string) i18n.Text {
	m := pe.Message
	msg := func(zh, en string) i18n.Text {
		return i18n.Text{Zh: "TOML 语法错误：" + zh, En: "TOML syntax error: " + m + " (" + en + ")"}
	}
	key := strings.TrimSpace(strings.SplitN(line, "=", 2)[0])
	got := ""
	if i := strings.Index(m, "but got '"); i >= 0 {
		got = strings.TrimSuffix(m[i+len("but got '"):], "' instead")
	}
	switch {
	case strings.Contains(m, "has already been defined"):
		return msg(fmt.Sprintf("同一个键写了两次（“%s”），请删去一处", key), fmt.Sprintf("a key is given twice: %q", key))
	case strings.Contains(m, "got '，'") || strings.Contains(m, "found '，'"):
		return msg("数字之间要用英文逗号 , 分隔，不能用中文逗号“，”", "separate numbers with an ASCII comma")
	case strings.Contains(m, "got '、'") || strings.Contains(m, "found '、'"):
		return msg("数字之间要用英文逗号 , 分隔，不能用顿号“、”", "separate numbers with an ASCII comma")
	case strings.Contains(m, "invalid datetime"):
		return msg("日期写成 2025-01-20（年四位，月和日都是两位数），或写成 \"2025年1月20日\"", "write dates as 2025-01-20")
	case containsFullWidthDigit(m):
		return msg("数字要用半角 0–9，不能用全角数字", "use ASCII digits")
	case strings.Contains(m, "unexpected comma"):
		return msg("多了一个逗号：数字之间只用一个逗号", "one comma between numbers")
	case strings.Contains(m, "to end with a newline") && got == ",":
		return msg(fmt.Sprintf("“%s”这一行末尾多了逗号，请删去", key), fmt.Sprintf("a comma after the value of %q: remove it", key))
	case strings.Contains(m, "to end with a newline") && got == `"`:
		return msg(fmt.Sprintf("“%s”这一行有两段文字：请合成一段，放在一对双引号里", key), fmt.Sprintf("two strings on the line of %q: make them one", key))
	case strings.Contains(m, "to end with a newline") && got != "" && !strings.ContainsAny(got, "0123456789"):
		return msg(fmt.Sprintf("“%s”的值后面多了“%s”：数字后面不写单位和文字（如 %s = 12），文字要放在双引号里", key, got, key), fmt.Sprintf("%q after the value of %q: write the number alone (%s = 12), text in quotes", got, key, key))
	case strings.Contains(m, "expected value but found") || strings.Contains(m, "bare keys cannot contain"):
		return msg(fmt.Sprintf("文字需要用英文双引号括起来，如 %s = \"……\"", key), "text must be in \"double quotes\"")
	case strings.Contains(m, "to end table name"):
		return msg("表名缺少右方括号“]”", "the table name lacks its ]")
	}
	return i18n.Text{Zh: "TOML 语法错误：" + m, En: "TOML syntax error: " + m}
}

func containsFullWidthDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= '０' && r <= '９' })
}

// decoder reads a source's values — a TOML file's, or a workbook's (workbook.Read) — by key, as
// TOML gives them, knowing where each key is.
type decoder struct {
	name     string
	locs     map[string]input.Location // dotted key → where it is; a table cell also as key#column
	readFile func(string) ([]byte, error)
	src      []string // a TOML file's lines; nil for a workbook
	cells    bool     // the values come from a workbook's cells: a row is never "one number short", a line break in a cell starts a paragraph
	notes    []model.Note
	word     []wordTable // tables of Word narrative files, compared with the data once decoded
	errs     input.Errors
	units    int // the units a summary adds up (its summary key): its cells' limit (model.CountLimit)
}

// at is where a key is: its own place, or its closest enclosing table's, or the file.
func (d *decoder) at(key string) input.Location {
	r := model.Report{File: d.name, Locs: d.locs}
	return r.At(key)
}

func (d *decoder) errAt(key string, msg i18n.Text) {
	d.errs = append(d.errs, &input.Error{Location: d.at(key), Msg: d.words(msg)})
}

// keyZh and keyEn find a data file's key named beside its label: “organ”（机关名称）, "organ" (机关名称).
var (
	keyZh = lazy.Regexp(`“[a-z_]+(?:\.[a-z_]+)*”（([^）]+)）`)
	keyEn = lazy.Regexp(`"[a-z_]+(?:\.[a-z_]+)*" \(([^)]+)\)`)
)

// words drops the data file's key names from a message about a workbook's cell: its reader knows
// the label (机关名称) and the cell, never the key (organ).
func (d *decoder) words(msg i18n.Text) i18n.Text {
	if !d.cells {
		return msg
	}
	return i18n.Text{Zh: keyZh().ReplaceAllString(msg.Zh, "“$1”"), En: keyEn().ReplaceAllString(msg.En, `"$1"`)}
}

// errCell reports a problem with one cell of a table row: its own cell in a workbook.
func (d *decoder) errCell(key string, col int, msg i18n.Text) {
	r := model.Report{File: d.name, Locs: d.locs}
	d.errs = append(d.errs, &input.Error{Location: r.CellAt(key, col), Msg: d.words(msg)})
}

// topKeys are the keys a data file may have at its top level.
var topKeys = []string{"format", "year", "organ", "short_name", "kind", "title", "date", "signature", "prev", "summary", "text", "table2", "table3", "table4"}

func (d *decoder) report(raw map[string]any) *model.Report {
	r := &model.Report{File: d.name, Locs: d.locs, Text: map[string][]model.Para{}, Notes: d.notes}
	d.unknown("", raw, topKeys)
	id := "2021"
	if v, ok := raw["format"]; ok {
		s, ok := v.(string)
		if !ok {
			if n, isInt := v.(int64); isInt {
				s, ok = strconv.FormatInt(n, 10), true
			}
		}
		if !ok || model.FormatByID(s) == nil {
			d.errAt("format", i18n.F("“format”（年报格式）只能是 \"2021\"（国办公开办函〔2021〕30号）或 \"2019\"（试行格式）",
				"\"format\" must be \"2021\" (国办公开办函〔2021〕30号) or \"2019\" (the trial format)"))
		} else {
			id = s
		}
	}
	r.Format = model.FormatByID(id)
	r.Organ = d.str(raw, "organ", "机关名称", true)
	r.Short = d.str(raw, "short_name", "机关简称", false)
	if r.Short == "" {
		r.Short = r.Organ
	}
	r.Kind = d.str(raw, "kind", "机关类型", true)
	if r.Kind != "" && !slices.Contains(model.OrganKinds(), r.Kind) {
		d.errAt("kind", i18n.F("“kind”（机关类型）“%s”不在可选值中：%s", "\"kind\" %q is not one of: %s", r.Kind, strings.Join(model.OrganKinds(), "、")))
	}
	if y, ok := d.int(raw, "year", "年度", true); ok {
		if y < 2008 || y > 2100 {
			d.errAt("year", i18n.F("“year”（年度）%d 不是合理的年份", "\"year\" %d is not a plausible year", y))
		}
		r.Year = int(y)
	}
	r.Title = d.str(raw, "title", "标题", false)
	if r.Title == "" && r.Organ != "" {
		r.Title = r.DefaultTitle()
	}
	r.Signature = d.str(raw, "signature", "署名", false)
	d.maxLen("organ", "机关名称", r.Organ, model.MaxOrgan)
	d.maxLen("short_name", "机关简称", r.Short, model.MaxShort)
	d.maxLen("title", "标题", r.Title, model.MaxTitle)
	if r.Signature == "" {
		if utf8.RuneCountInString(r.Organ) > model.MaxSignature {
			d.errAt("organ", i18n.F("机关名称超过 %d 个字，署名排不下两行：请另写较短的“signature”（署名）", "the organ's name has over %d characters and does not fit the two signature lines: give a shorter \"signature\"", model.MaxSignature))
		}
		r.Signature = r.Organ
	} else {
		d.maxLen("signature", "署名", r.Signature, model.MaxSignature)
	}
	r.Prev = d.str(raw, "prev", "上年度数据文件", false)
	r.Summary = d.summary(raw)
	d.units = len(r.Summary)
	r.Date = d.date(raw)
	d.checkDate(r)
	d.text(r, raw)
	for i, def := range r.Format.Tables {
		r.Tables[i] = d.table(def, raw)
	}
	d.compareWordTables(r)
	r.Notes = d.notes
	return r
}

func typeName(v any) i18n.Text {
	switch v.(type) {
	case string:
		return i18n.Text{Zh: "文字", En: "a string"}
	case int64:
		return i18n.Text{Zh: "整数", En: "an integer"}
	case float64:
		return i18n.Text{Zh: "小数", En: "a decimal"}
	case bool:
		return i18n.Text{Zh: "布尔值", En: "a boolean"}
	case []any, []map[string]any:
		return i18n.Text{Zh: "数组", En: "an array"}
	case map[string]any:
		return i18n.Text{Zh: "表", En: "a table"}
	case time.Time:
		return i18n.Text{Zh: "日期", En: "a date"}
	}
	return i18n.Text{Zh: fmt.Sprintf("%T", v), En: fmt.Sprintf("%T", v)}
}

func (d *decoder) missing(key, label string) {
	d.errAt(key, i18n.F("缺少“%s”（%s）", "%q (%s) is missing", key, label))
}

// wrongType reports a value of the wrong TOML type; want is "中文 / English".
func (d *decoder) wrongType(key, label, want string, v any) {
	zh, en, _ := strings.Cut(want, " / ")
	t := typeName(v)
	d.errAt(key, i18n.Text{Zh: fmt.Sprintf("“%s”（%s）应为%s，实际是%s", key, label, zh, t.Zh),
		En: fmt.Sprintf("%q (%s) must be %s, not %s", key, label, en, t.En)})
}

func (d *decoder) str(m map[string]any, key, label string, required bool) string {
	v, ok := m[key]
	if !ok {
		if required {
			d.missing(key, label)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		d.wrongType(key, label, "文字（用双引号括起来）/ a string", v)
		return ""
	}
	s = strings.TrimSpace(model.Normalize(s))
	for _, r := range s {
		if r == '\uFFFD' {
			d.errAt(key, i18n.F("“%s”（%s）含有“\uFFFD”：编码转换时丢了字，请从原文件重新复制", "%q (%s) contains \uFFFD, where a conversion lost characters: copy it again from the original", key, label))
			return ""
		}
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
			d.errAt(key, i18n.F("“%s”（%s）含有控制字符 U+%04X，请删除", "%q (%s) contains the control character U+%04X: remove it", key, label, r))
			return ""
		}
	}
	if required && s == "" {
		d.errAt(key, i18n.F("“%s”（%s）不能为空", "%q (%s) must not be empty", key, label))
	}
	return s
}

// maxLen refuses a name longer than max characters.
func (d *decoder) maxLen(key, label, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		d.errAt(key, i18n.F("“%s”（%s）有 %d 个字，最多 %d 个", "%q (%s) has %d characters; at most %d are allowed", key, label, n, max))
	}
}

// summary reads the key nianbao sum writes into a summary: the units it adds up.
func (d *decoder) summary(m map[string]any) []string {
	v, ok := m["summary"]
	if !ok {
		return nil
	}
	items, ok := v.([]any)
	out := []string{}
	for _, it := range items {
		s, isStr := it.(string)
		if !isStr {
			ok = false
			break
		}
		out = append(out, s)
	}
	if !ok {
		d.wrongType("summary", "汇总的单位", "文字数组 / an array of strings", v)
		return nil
	}
	return out
}

func (d *decoder) int(m map[string]any, key, label string, required bool) (int64, bool) {
	v, ok := m[key]
	if !ok {
		if required {
			d.missing(key, label)
		}
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		d.wrongType(key, label, "整数 / an integer", v)
	}
	return n, ok
}

// dateRE is a date as people type it in text: 2024年1月22日, 2024-1-22, 2024/1/22, 2024.1.22
// (a workbook cell typed as text, or a date cell a program saved as text), with nothing before
// or after.
var dateRE = lazy.Regexp(`^([0-9]{4})\s*(?:年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日|[-/.]([0-9]{1,2})[-/.]([0-9]{1,2}))$`)

func (d *decoder) date(m map[string]any) model.Date {
	v, ok := m["date"]
	if !ok {
		d.missing("date", "成文日期")
		return model.Date{}
	}
	switch t := v.(type) {
	case time.Time:
		// TOML has four kinds of date-time; only a local date (2024-01-22) is a 成文日期
		if t.Location().String() != "date-local" {
			d.errAt("date", i18n.F("“date”（成文日期）应只写日期，如 2024-01-22，不含时间和时区",
				"\"date\" must be a date only, e.g. 2024-01-22, without a time or time zone"))
			return model.Date{}
		}
		return model.Date{Y: t.Year(), M: int(t.Month()), D: t.Day()}
	case string:
		s := strings.TrimSpace(t)
		if m := dateRE().FindStringSubmatch(model.ASCIIDigits(s)); m != nil {
			if m[2] == "" {
				m[2], m[3] = m[4], m[5]
			}
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			dd, _ := strconv.Atoi(m[3])
			if tm := time.Date(y, time.Month(mo), dd, 0, 0, 0, 0, time.UTC); y > 0 && tm.Month() == time.Month(mo) && tm.Day() == dd {
				return model.Date{Y: y, M: mo, D: dd}
			}
		}
		d.errAt("date", i18n.F("“date”（成文日期）“%s”无法识别，请写成 2024-01-22 或 \"2024年1月22日\"",
			"\"date\" %q is not a date: write 2024-01-22 or \"2024年1月22日\"", s))
	default:
		d.wrongType("date", "成文日期", "日期（如 2024-01-22）/ a date", v)
	}
	return model.Date{}
}

// checkDate: a report on year Y is dated from December of Y (rarely) to the end of Y+1 (the
// 条例 asks for it by 31 January of Y+1; corrections come later).
func (d *decoder) checkDate(r *model.Report) {
	if r.Date.Y == 0 || r.Year < 2008 || r.Year > 2100 {
		return
	}
	if r.Date.Y < r.Year || r.Date.Y == r.Year && r.Date.M < 12 || r.Date.Y > r.Year+1 {
		d.errAt("date", i18n.F("成文日期 %s 与年度 %d 不符：%d 年度的报告应在 %d 年 12 月至 %d 年底之间成文",
			"the date %s does not fit the year %d: a report on %d is dated between December %d and the end of %d",
			r.Date, r.Year, r.Year, r.Year, r.Year+1))
	}
}

// unknown reports keys of m that are not in valid, suggesting the closest valid one.
func (d *decoder) unknown(prefix string, m map[string]any, valid []string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slices.Contains(valid, k) {
			continue
		}
		full := joinKey(prefix, k)
		if s := input.Closest(k, valid); s != "" {
			d.errAt(full, i18n.F("未知的键“%s”，是否应为“%s”？", "unknown key %q; did you mean %q?", full, joinKey(prefix, s)))
		} else {
			d.errAt(full, i18n.F("未知的键“%s”（可用的键：%s）", "unknown key %q (valid keys: %s)", full, strings.Join(valid, ", ")))
		}
	}
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// sourceLine returns line n (1-based) of the data file.
func (d *decoder) sourceLine(n int) string {
	if n < 1 || n > len(d.src) {
		return ""
	}
	return d.src[n-1]
}

func (d *decoder) table(def *model.TableDef, raw map[string]any) model.Table {
	t := model.Table{Def: def, Values: make([][]model.Value, len(def.Data))}
	for i := range t.Values {
		t.Values[i] = make([]model.Value, len(def.Data[i].Kinds))
	}
	v, ok := raw[def.Key]
	if !ok {
		d.errAt(def.Key, i18n.F("缺少表%s（[%s]）", "table %s ([%s]) is missing", def.ID, def.Key))
		return t
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.wrongType(def.Key, "表"+def.ID, "表 / a table", v)
		return t
	}
	// Flatten nested tables into dotted keys and compare with the definition.
	flat := map[string]any{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			key := joinKey(prefix, k)
			if sub, ok := v.(map[string]any); ok {
				if i, _ := def.Row(key); i < 0 {
					walk(key, sub)
					continue
				}
			}
			flat[key] = v
		}
	}
	walk("", m)
	var valid []string
	for _, rd := range def.Data {
		valid = append(valid, rd.Key)
	}
	d.unknown(def.Key, flat, valid)
	itemsOf := func(v any) []any {
		if x, ok := v.([]any); ok {
			return x
		}
		return []any{v}
	}
	// a row one number short is read as "总计 left out"; where all the other rows of the table
	// give their 总计 (README: 其他行都填了总计) it may instead lack a number, and Check says so if
	// the sums then fail. A workbook's cells cannot be one short: a blank cell is a blank.
	short := 0 // rows with a 总计 column given without it
	for i := range def.Data {
		if v, ok := flat[def.Data[i].Key]; ok && def.Data[i].Total >= 0 && len(itemsOf(v)) == len(def.Data[i].Kinds)-1 {
			short++
		}
	}
	bad := func(i int) {
		for c := range t.Values[i] {
			t.Values[i][c] = model.Value{Bad: true, Set: true}
		}
	}
	for i := range def.Data {
		rd := &def.Data[i]
		key := def.Key + "." + rd.Key
		v, ok := flat[rd.Key]
		if !ok {
			if rd.SumOf == "" { // a sum row may be left out: Complete computes it
				d.errAt(key, i18n.F("缺少“%s”：%s", "%q is missing: %s", key, model.TableLabel(def, rd, -1)))
				bad(i)
			}
			continue
		}
		items := itemsOf(v)
		n := len(rd.Kinds)
		if rd.Total >= 0 && len(items) == n-1 && short == 1 && !d.cells {
			t.Short = append(t.Short, i) // read as 总计 left out; Check names it if the sums fail
		}
		if !(len(items) == n || rd.Total >= 0 && len(items) == n-1) {
			wantZh, wantEn := fmt.Sprint(n), fmt.Sprint(n)
			if rd.Total >= 0 {
				wantZh, wantEn = fmt.Sprintf("%d（或不含总计的 %d）", n, n-1), fmt.Sprintf("%d (or %d without 总计)", n, n-1)
			}
			label := model.TableLabel(def, rd, -1)
			d.errAt(key, i18n.Text{
				Zh: fmt.Sprintf("%s应有 %s 个数，实际有 %d 个（顺序：%s）", label, wantZh, len(items), strings.Join(rd.Cols, "、")),
				En: fmt.Sprintf("%s needs %s numbers, has %d (order: %s)", label, wantEn, len(items), strings.Join(rd.Cols, ", "))})
			bad(i)
			continue
		}
		for c, it := range items {
			lit := ""
			if f, isFloat := it.(float64); isFloat && rd.Kinds[c] == model.Money {
				lit = moneyLiteral(d.sourceLine(d.at(key).Line), f)
			}
			val, msg := cellValue(it, rd.Kinds[c], lit, d.units)
			if msg != nil {
				label := model.TableLabel(def, rd, c)
				d.errCell(key, c, i18n.Text{Zh: label + "：" + msg.Zh, En: label + ": " + msg.En})
				t.Values[i][c] = model.Value{Bad: true, Set: true}
				continue
			}
			t.Values[i][c] = val
		}
	}
	return t
}

// cellValue converts one TOML value to a table value of kind k. lit is the amount as written in
// the source, if known, for a Money float; units is how many units a summary adds up (its limit).
func cellValue(v any, k model.Kind, lit string, units int) (model.Value, *i18n.Text) {
	bad := func(zh, en string, a ...any) (model.Value, *i18n.Text) {
		t := i18n.F(zh, en, a...)
		return model.Value{}, &t
	}
	switch x := v.(type) {
	case string:
		s := strings.TrimSpace(x)
		switch s {
		case "/", "／":
			return model.Value{NA: true, Set: true}, nil
		case "", "无", "空":
			return model.Value{Blank: true, Set: true}, nil // counted as 0; rule R5 says so once per table
		}
		digits := model.ASCIIDigits(s) // "１２" is 12
		if k == model.Money {
			if h, places, ok := model.ParseMoney(digits); ok {
				v, msg := checkRange(h, k, units)
				v.Places = places
				return v, msg
			}
		} else if n, err := strconv.ParseInt(digits, 10, 64); err == nil {
			return checkRange(n, k, units)
		}
		return bad("“%s”不是数字（没有的写 0；不适用的格子才写 \"/\"）", "%q is not a number (write 0 for none; \"/\" only where a cell does not apply)", input.Clip(s))
	case int64:
		if k == model.Money {
			if x > model.MoneyLimit(units)/model.MoneyScale || x < -model.MoneyLimit(units)/model.MoneyScale {
				return bad("数值 %d 过大", "the number %d is too large", x)
			}
			return checkRange(x*model.MoneyScale, k, units)
		}
		return checkRange(x, k, units)
	case float64:
		if k != model.Money {
			return bad("%v 应为整数", "%v must be a whole number", x)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > float64(model.MoneyLimit(units)/model.MoneyScale) {
			return bad("金额 %v 不是合理的数值", "the amount %v is not a plausible number", x)
		}
		// The shortest decimal that round-trips is what the clerk typed (TOML floats are written in
		// decimal), so parsing it as a decimal string gives exact millionths without float
		// artefacts; the decimals as written (12.50) come from the source line (moneyLiteral).
		text := strconv.FormatFloat(x, 'f', -1, 64)
		if lit != "" {
			text = lit
		}
		h, places, ok := model.ParseMoney(text)
		if !ok {
			return bad("金额 %v 最多保留 6 位小数（万元精确到分）", "the amount %v may have at most 6 decimal places (万元 to the fen)", x)
		}
		v, msg := checkRange(h, k, units)
		v.Places = places
		return v, msg
	}
	tn := typeName(v)
	return model.Value{}, &i18n.Text{Zh: "应为数字，实际是" + tn.Zh, En: "must be a number, not " + tn.En}
}

func checkRange(n int64, k model.Kind, units int) (model.Value, *i18n.Text) {
	limit := model.Limit(k, units)
	// Negative counts are decoded and reported by rule R0 of Check, with the other findings.
	if n > limit || n < -limit {
		t := i18n.F("数值过大（%d），请检查", "the number %d is implausibly large", n)
		return model.Value{}, &t
	}
	return model.Value{N: n, Set: true}, nil
}

// moneyLiteral finds how an amount is written on its source line ("fees = 12.50" → "12.50"),
// so its decimals print as given; "" if the line does not show it unambiguously.
func moneyLiteral(line string, x float64) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	found := ""
	for _, m := range decimalRE().FindAllString(line, -1) {
		if f, err := strconv.ParseFloat(m, 64); err == nil && f == x {
			if found != "" && found != m {
				return ""
			}
			found = m
		}
	}
	return found
}

var decimalRE = lazy.Regexp(`-?[0-9]+\.[0-9]+`)
