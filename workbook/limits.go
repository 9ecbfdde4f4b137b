package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/zipcheck"
	"nianbao/model"
)

// Limits on what a workbook's parts may hold, checked part by part with a streaming XML reader
// before excelize materialises anything: excelize pads every row of a sheet to its widest row and
// every sheet to its last row, so 300 cells in column XFD or one cell in row 1,048,576 cost a
// gigabyte, and it holds every shared string. The form uses about 40 rows and 15 columns; a real
// workbook never comes near these.
const (
	MaxRow         = 1000    // the last row a sheet may use
	MaxCol         = 100     // the last column (CV)
	MaxRows        = MaxRow  // <row> elements in a sheet
	MaxCells       = 100_000 // <c> elements in a sheet
	MaxStrings     = 20_000  // shared strings (<si>)
	MaxCellChars   = 32_767  // characters in one text: Excel's own limit for a cell
	MaxText        = 8 << 20 // decoded text in all parts together, in bytes
	maxDepth       = 64      // element nesting
	oleSignature   = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	encryptedEntry = "E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00" // "EncryptedPackage" in UTF-16LE
)

// scanWorkbook refuses, before excelize reads it, a workbook that is a password-protected
// (encrypted) one or an old .xls, and one whose XML parts hold a DTD, do not parse, or exceed
// the limits above. A file that is not a zip archive at all is left to checkZip.
func scanWorkbook(name string, data []byte) error {
	if bytes.HasPrefix(data, []byte(oleSignature)) {
		// an OLE compound file: Office writes an encrypted workbook as one (MS-OFFCRYPTO §2.3.4),
		// and it is also the format of Excel 97–2003 .xls
		if bytes.Contains(data, []byte(encryptedEntry)) {
			return bad(name, "工作簿设置了打开密码（已加密），无法读取：请在 Excel/WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx",
				"the workbook is password-protected (encrypted) and cannot be read: remove the password in Excel/WPS and save it again as .xlsx")
		}
		return bad(name, "这是 Excel 97–2003 格式（.xls）的文件，不是 .xlsx：请在 Excel/WPS 中“另存为”Excel 工作簿（.xlsx）",
			"this is an Excel 97–2003 (.xls) file, not an .xlsx: save it as an Excel workbook (.xlsx) in Excel/WPS")
	}
	zr, err := zipcheck.Open(data)
	if err != nil {
		return nil // checkZip says what it is
	}
	s := &scan{name: name, sheets: sheetNames(zr)}
	for _, f := range zr.File {
		if err := s.part(f); err != nil {
			return err
		}
	}
	return nil
}

// scan is the state of one workbook's scan.
type scan struct {
	name   string
	sheets map[string]string // part name → sheet name, for messages
	text   int               // decoded text so far, all parts
}

// fail is a refusal naming the file and the part: the sheet's name with its part, or the part.
func (s *scan) fail(part, zh, en string, a ...any) error {
	where := i18n.Text{Zh: part, En: part}
	if sh, ok := s.sheets[part]; ok {
		where = i18n.F("工作表“%s”（%s）", "sheet %s (%s)", sh, part)
	}
	m := i18n.F(zh, en, a...)
	return &input.Error{Location: input.Location{File: s.name}, Msg: i18n.Text{Zh: "工作簿的" + where.Zh + "：" + m.Zh, En: "the workbook's " + where.En + ": " + m.En}}
}

// part scans one entry if it is XML (what excelize may parse); pictures and other binary parts
// are left alone.
func (s *scan) part(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return nil // zipcheck and excelize report a damaged archive
	}
	defer rc.Close()
	r := io.LimitReader(rc, zipcheck.MaxUnzipped) // zipcheck bounds each part; this, a lying header
	head := make([]byte, 512)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	if !looksXML(head) {
		return nil
	}
	dec := xml.NewDecoder(io.MultiReader(bytes.NewReader(head), r))
	dec.Strict = true
	var (
		depth, rows, cells, strs int
		row, col                 int        // the current row and column (1-based), as excelize counts them
		inData                   bool       // inside <sheetData>
		elemText                 int        // characters of the current element's text
		unit, unitText           int        // the depth of the <c> or <si> being read (0: none), and its characters
		open                     []xml.Name // the elements open (RawToken does not match them)
	)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF && len(open) > 0 {
			err = &xml.SyntaxError{Msg: "unexpected EOF: <" + name(open[len(open)-1]) + "> not closed"}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.fail(f.Name, "XML 无法解析（%v），不会读取", "the XML cannot be parsed (%v): not read", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return s.fail(f.Name, "含有文档类型定义（<!DOCTYPE …>），Excel/WPS 不会写出这样的文件（可能被改动过），不会读取",
				"a document type definition (<!DOCTYPE …>), which Excel/WPS never write (it may have been tampered with): not read")
		case xml.StartElement:
			elemText = 0
			if depth++; depth > maxDepth {
				return s.fail(f.Name, "嵌套超过 %d 层，不会读取", "nested more than %d deep: not read", maxDepth)
			}
			open = append(open, t.Name)
			if unit == 0 && (t.Name.Local == "c" || t.Name.Local == "si") {
				unit, unitText = depth, 0 // a cell's or shared string's text may come in runs
			}
			switch t.Name.Local {
			case "sheetData":
				inData = true
			case "row":
				if !inData {
					break
				}
				if rows++; rows > MaxRows {
					return s.fail(f.Name, "超过 %d 行，超出了统计表的范围：请删去表格以外的内容", "more than %d rows, far beyond the form: delete what lies outside it", MaxRows)
				}
				row++
				if v := attr(t, "r"); v != "" {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 {
						return s.fail(f.Name, "行号“%s”无效", "invalid row number %q", short(v))
					}
					row = n
				}
				if row > MaxRow {
					return s.fail(f.Name, "第 %d 行有内容，超出了统计表的范围（最多 %d 行）：请删去表格以外的内容",
						"content in row %d, beyond the form (at most %d rows): delete what lies outside it", row, MaxRow)
				}
				col = 0
			case "c":
				if !inData {
					break
				}
				if cells++; cells > MaxCells {
					return s.fail(f.Name, "超过 %d 个单元格，超出了统计表的范围", "more than %d cells, far beyond the form", MaxCells)
				}
				col++
				if v := attr(t, "r"); v != "" {
					c, r, ok := splitCell(v)
					if !ok {
						return s.fail(f.Name, "单元格名“%s”无效", "invalid cell name %q", short(v))
					}
					col, row = c, max(row, r)
				}
				if col > MaxCol || row > MaxRow {
					return s.fail(f.Name, "单元格 %s 有内容，超出了统计表的范围（最多 %d 列、%d 行）：请删去表格以外的内容",
						"content in cell %s, beyond the form (at most %d columns, %d rows): delete what lies outside it", cellRef(col, row), MaxCol, MaxRow)
				}
			case "si":
				if strs++; strs > MaxStrings {
					return s.fail(f.Name, "超过 %d 个共享字符串，远超统计表所需，不会读取", "more than %d shared strings, far more than the form needs: not read", MaxStrings)
				}
			}
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				err := &xml.SyntaxError{Msg: "unexpected end element </" + name(t.Name) + ">"}
				if len(open) > 0 {
					err.Msg = "element <" + name(open[len(open)-1]) + "> closed by </" + name(t.Name) + ">"
				}
				return s.fail(f.Name, "XML 无法解析（%s），不会读取", "the XML cannot be parsed (%s): not read", err.Msg)
			}
			open = open[:len(open)-1]
			if depth == unit {
				unit, unitText = 0, 0
			}
			depth--
			elemText = 0
			if t.Name.Local == "sheetData" {
				inData = false
			}
		case xml.CharData:
			if len(open) == 0 && len(bytes.TrimSpace(t)) > 0 {
				return s.fail(f.Name, "XML 无法解析（元素之外有文字），不会读取", "the XML cannot be parsed (text outside any element): not read")
			}
			s.text += len(t)
			if s.text > MaxText {
				return s.fail(f.Name, "读到这里文字已累计超过 %d MB，远超统计表所需，不会读取", "the text so far passes %d MB, far more than the form needs: not read", MaxText>>20)
			}
			n := utf8.RuneCount(t)
			if elemText += n; unit > 0 {
				unitText += n
			}
			if max(elemText, unitText) > MaxCellChars {
				if inData && col > 0 {
					return s.fail(f.Name, "单元格 %s 的文字超过 %d 个字符（Excel 单元格的上限），不会读取；很长的正文请写在 Word 文档里（*_file）",
						"cell %s holds more than %d characters (Excel's limit for a cell): not read; put a long narrative in a Word document (*_file)", cellRef(col, row), MaxCellChars)
				}
				return s.fail(f.Name, "一段文字超过 %d 个字符（Excel 单元格的上限），不会读取；很长的正文请写在 Word 文档里（*_file）",
					"a text of more than %d characters (Excel's limit for a cell): not read; put a long narrative in a Word document (*_file)", MaxCellChars)
			}
		}
	}
}

// name is an element's name as written.
func name(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// looksXML reports whether a part's beginning may be XML, which excelize would parse: "<" after
// a byte order mark or blanks, blanks only (a part padded with them is still parsed), or UTF-16.
// Pictures and other binary parts begin otherwise.
func looksXML(b []byte) bool {
	if bytes.HasPrefix(b, []byte("\xFF\xFE")) || bytes.HasPrefix(b, []byte("\xFE\xFF")) {
		return true
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) == 0 || b[0] == '<'
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// splitCell reads an A1 cell name; a name past XFD or row 1,048,576 still gives numbers large
// enough to be refused.
func splitCell(s string) (col, row int, ok bool) {
	i := 0
	for i < len(s) && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		if col < 1<<20 {
			col = col*26 + int(s[i]|0x20-'a'+1)
		}
		i++
	}
	if i == 0 || i == len(s) {
		return 0, 0, false
	}
	for _, c := range s[i:] {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		if row < 1<<30 {
			row = row*10 + int(c-'0')
		}
	}
	return col, row, col > 0 && row > 0
}

// cellRef writes an A1 cell name (row 0: the column alone).
func cellRef(col, row int) string {
	var b []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	if row > 0 {
		b = strconv.AppendInt(b, int64(row), 10)
	}
	return string(b)
}

// short is a value for a message: at most 40 characters.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// sheetNames maps each worksheet part to its sheet's name, from xl/workbook.xml and its
// relationships, for messages; parts it cannot name are named by their path. Both parts are
// small; each is read at most 1 MB.
func sheetNames(zr *zip.Reader) map[string]string {
	read := func(name string, v any) bool {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return false
				}
				defer rc.Close()
				d := xml.NewDecoder(io.LimitReader(rc, 1<<20))
				d.Strict = true
				return d.Decode(v) == nil
			}
		}
		return false
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	out := map[string]string{}
	if !read("xl/workbook.xml", &wb) || !read("xl/_rels/workbook.xml.rels", &rels) || len(wb.Sheets) > 1000 {
		return out
	}
	for _, sh := range wb.Sheets {
		for _, r := range rels.Rel {
			if r.ID == sh.ID {
				p := r.Target
				if strings.HasPrefix(p, "/") {
					p = p[1:]
				} else {
					p = path.Join("xl", p)
				}
				out[p] = short(sh.Name)
			}
		}
	}
	return out
}

// checkCells refuses, before anything is written, a report whose narrative a cell cannot hold:
// Excel keeps at most 32,767 characters (UTF-16 code units) in a cell and drops the rest, so an
// export would lose text without a word and import would give back the shorter one. A narrative
// that long belongs in a Word document named by a *_file key; the workbook is for the tables.
func checkCells(r *model.Report) error {
	for _, tk := range model.TextKeys() {
		text := strings.TrimRight(model.TextOf(r.Text[tk.Key]), "\n")
		if n := len(utf16.Encode([]rune(text))); n > MaxCellChars {
			label := model.TextLabel(r.Format, tk.Key, tk.Section)
			return &input.Error{Location: r.At("text." + tk.Key), Msg: i18n.F(
				"“%s”（%s）有 %d 个字符，超过 Excel 单元格的上限 %d 个，放进工作簿会被截断，所以不导出；很长的正文请留在数据文件或 Word 文档里（%s_file），工作簿只用于表格",
				"%s (%s) has %d characters, over Excel's limit of %d for a cell: a workbook would cut it, so it is not exported; keep a narrative that long in the data file or a Word document (%s_file)",
				tk.Key, label, n, MaxCellChars, tk.Key)}
		}
	}
	return nil
}
