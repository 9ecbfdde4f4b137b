// Package wordtext reads a narrative written in Word or WPS (.docx) as the plain text a data
// file's narrative holds: paragraphs separated by blank lines, sub-headings with their numbers
// (（一）, 1., （1）) whether Word typed or generated them, each line knowing the paragraph it
// came from (正文.docx 第8段). Tables are read as rows of cell texts (a clerk's draft usually holds
// the three tables: datafile compares them with the data); pictures are refused. A document
// holding the whole narrative under the six section headings is split by them, and a draft's
// leading title and trailing signature and date are recognised (Trim).
//
// It sits at the start of the pipeline, beside datafile, which uses it for *_file keys naming a
// .docx and for text.file.
package wordtext

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"nianbao/internal/lazy"
	"nianbao/internal/safefile"
	"nianbao/internal/zipcheck"
)

// MaxText is the most text a document may hold, decoded: the limit of a narrative file
// (safefile.TextLimit), whatever form the narrative comes in — a Word file compresses 20 million
// characters into a megabyte.
const MaxText = safefile.TextLimit

// Problem is a document that cannot be read as a narrative; Zh and En say why.
type Problem struct{ Zh, En string }

func (p *Problem) Error() string { return p.Zh }

func problem(zh, en string, a ...any) *Problem {
	return &Problem{fmt.Sprintf(zh, a...), fmt.Sprintf(en, a...)}
}

// Para is one paragraph of the document: its text and its outline level (1 for a section
// heading, 2–4 for sub-headings, 0 for body text).
type Para struct {
	Text  string
	Level int
	N     int // the paragraph's number in the document, counting the paragraphs with text as Word's 字数统计 does (1-based)
}

// Table is a table of the document: the text of each cell, row by row (a merged cell's text in
// its first row and column, the cells it covers empty), and the number of paragraphs before it.
type Table struct {
	Rows  [][]string
	After int // how many paragraphs (Doc.Paras) come before the table
}

// Doc is what a document holds: its paragraphs outside tables, and its tables.
type Doc struct {
	Paras  []Para
	Tables []Table
}

// Read reads a .docx's paragraphs and tables.
func Read(data []byte) (Doc, error) {
	zr, err := zipcheck.Open(data)
	switch {
	case errors.Is(err, zipcheck.ErrNotZip):
		return Doc{}, problem("不是 Word/WPS 文档（.docx），或文件已损坏", "not a Word/WPS document (.docx), or damaged")
	case err != nil:
		return Doc{}, problem("文档解压后过大（可能是“压缩炸弹”），不会读取", "the document unzips to too much (a zip bomb?): not read")
	}
	var doc io.ReadCloser
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc, err = f.Open()
			if err != nil {
				return Doc{}, problem("文档已损坏：%v", "the document is damaged: %v", err)
			}
			break
		}
	}
	if doc == nil {
		return Doc{}, problem("不是 Word/WPS 文档：缺少 word/document.xml", "not a Word/WPS document: word/document.xml is missing")
	}
	defer doc.Close()
	return parse(io.LimitReader(doc, zipcheck.MaxUnzipped))
}

// docPart is the part that holds the text, for messages.
const docPart = "word/document.xml"

// parse walks document.xml: paragraphs in order, their style or numbering level, their text;
// tables as rows of cell texts.
func parse(r io.Reader) (Doc, error) {
	dec := xml.NewDecoder(r)
	var doc Doc
	var cur *Para
	var text strings.Builder
	depth, paraDepth, total := 0, 0, 0
	inText := false
	n := 0 // paragraphs with text so far
	// tables: the one being read (nested tables' text goes into the outer cell)
	tblDepth := 0
	var tbl *Table
	var cell strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Doc{}, problem("文档内容无法解析：%v", "the document's content cannot be parsed: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > 200 {
				return Doc{}, problem("文档嵌套太深", "the document is nested too deeply")
			}
			switch t.Name.Local {
			case "tbl":
				tblDepth++
				if tblDepth == 1 {
					tbl = &Table{After: len(doc.Paras)}
				}
			case "tr":
				if tblDepth == 1 {
					tbl.Rows = append(tbl.Rows, nil)
				}
			case "tc":
				if tblDepth == 1 {
					cell.Reset()
				}
			case "drawing", "pict", "object":
				return Doc{}, problem("正文中有图片或对象：正文只写文字，请删去", "the narrative holds a picture or object: write text only")
			case "p":
				paraDepth = depth
				cur = &Para{}
				text.Reset()
			case "pStyle":
				if cur != nil {
					cur.Level = max(cur.Level, styleLevel(attr(t, "val")))
				}
			case "ilvl":
				if cur != nil && cur.Level == 0 {
					if n, err := strconv.Atoi(attr(t, "val")); err == nil {
						cur.Level = -(n + 2) // numbered: level n+2, number to be generated
					}
				}
			case "t":
				inText = true
			case "tab":
				text.WriteByte(' ')
			case "br", "cr":
				text.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if depth == paraDepth && cur != nil {
					cur.Text = strings.TrimSpace(text.String())
					if tblDepth > 0 {
						if cell.Len() > 0 && cur.Text != "" {
							cell.WriteByte('\n')
						}
						cell.WriteString(cur.Text)
					} else {
						if cur.Text != "" {
							n++
							cur.N = n
						}
						doc.Paras = append(doc.Paras, *cur)
					}
					cur = nil
				}
			case "tc":
				if tblDepth == 1 && len(tbl.Rows) > 0 {
					last := len(tbl.Rows) - 1
					tbl.Rows[last] = append(tbl.Rows[last], strings.TrimSpace(cell.String()))
				}
			case "tbl":
				if tblDepth == 1 {
					doc.Tables = append(doc.Tables, *tbl)
					tbl = nil
				}
				tblDepth--
			}
			depth--
		case xml.CharData:
			if inText && cur != nil {
				text.Write(t)
				if total += len(t); total > MaxText {
					return Doc{}, problem("文档的文字（%s）超过 %d MB，超出了正文的上限，不会读取", "the document's text (%s) is over %d MB, beyond the narrative's limit: not read", docPart, MaxText>>20)
				}
			}
		}
	}
	return doc, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// styleLevel reads a heading style's level: Heading1…Heading4, 标题 1…, or Word's Chinese style
// IDs "1"…"4".
func styleLevel(id string) int {
	s := strings.ToLower(strings.NewReplacer(" ", "", "标题", "heading").Replace(id))
	s = strings.TrimPrefix(s, "heading")
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 4 {
		return n
	}
	return 0
}

// markerRE: a heading's number already typed: 一、 （一） 1. （1）.
var markerRE = lazy.Regexp(`^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+[.．]|（[0-9]+）)`)

// Text renders paragraphs as a data file's narrative: blank lines between paragraphs; a
// sub-heading whose number Word generated gets it written out (（一） at level 2, 1. at 3, （1）
// at 4), counted as Word counts them.
func Text(ps []Para) string {
	s, _ := Lines(ps)
	return s
}

// Lines is Text, with the paragraph each of its lines comes from (nil for the blank lines
// between paragraphs): line n of the text is from[n-1].
func Lines(ps []Para) (string, []*Para) {
	var b strings.Builder
	var from []*Para
	var count [5]int
	for i := range ps {
		p := &ps[i]
		if p.Text == "" {
			continue
		}
		text := p.Text
		level := p.Level
		generated := level < 0
		if generated {
			level = -level
		}
		if level >= 2 && level <= 4 {
			count[level]++
			for l := level + 1; l < len(count); l++ {
				count[l] = 0
			}
			if generated || !markerRE().MatchString(text) {
				text = marker(level, count[level]) + text
			}
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
			from = append(from, nil)
		}
		// a line break inside a paragraph (Shift+Enter) starts a paragraph of the report
		for j, line := range strings.Split(text, "\n") {
			if j > 0 {
				b.WriteString("\n\n")
				from = append(from, nil)
			}
			b.WriteString(line)
			from = append(from, p)
		}
	}
	return b.String(), from
}

func marker(level, n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch level {
	case 2:
		if n <= 10 {
			return "（" + digits[n] + "）"
		}
		return "（" + strconv.Itoa(n) + "）"
	case 3:
		return strconv.Itoa(n) + "."
	}
	return "（" + strconv.Itoa(n) + "）"
}

// sectionRE recognises the six section headings of the report: 一、总体情况 …
var sectionRE = lazy.Regexp(`^([一二三四五六])、`)

// Sections splits a whole narrative by its section headings: the paragraphs before 一、 are the
// opening, and each section's paragraphs go to its part (二、三、四: the words above the tables).
// It returns the paragraphs per narrative key, the headings it did not find, and for each table
// of the document the key of the part it stands in.
func Sections(doc Doc) (parts map[string][]Para, missing []string, tables []string) {
	keys := map[string]string{"一": "overview", "二": "active", "三": "applications", "四": "appeals", "五": "problems", "六": "other"}
	parts = map[string][]Para{}
	seen := map[string]bool{}
	key := "opening"
	t := 0
	for i, p := range doc.Paras {
		for ; t < len(doc.Tables) && doc.Tables[t].After <= i; t++ {
			tables = append(tables, key)
		}
		if m := sectionRE().FindStringSubmatch(p.Text); m != nil && (p.Level == 1 || p.Level == 0 && len([]rune(p.Text)) <= 30) {
			key = keys[m[1]]
			seen[m[1]] = true
			continue
		}
		parts[key] = append(parts[key], p)
	}
	for ; t < len(doc.Tables); t++ {
		tables = append(tables, key)
	}
	for _, n := range []string{"一", "五", "六"} {
		if !seen[n] {
			missing = append(missing, n+"、")
		}
	}
	return parts, missing, tables
}

// titleRE: a report's title, as drafts start with it.
var titleRE = lazy.Regexp(`(政府信息公开|政务公开).{0,8}(年度报告|年报)\s*$`)

// dateRE: a date alone on its line, as a draft ends with it (2027年1月20日, 2027-1-20, 二〇二七年一月二十日).
var dateRE = lazy.Regexp(`^(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$`)

// Trim recognises what a draft written as a whole report carries besides the narrative: the
// title (and a line under it naming the organ or the year) at its start, the signature and date
// at its end. It returns the paragraphs without them, and what it dropped. The report prints its
// own title, signature and date (GB/T 9704 §7.3.1, §7.3.5) from the data.
func Trim(ps []Para) (kept, dropped []Para) {
	first, last := 0, len(ps)
	skipEmpty := func() {
		for first < last && ps[first].Text == "" {
			first++
		}
		for last > first && ps[last-1].Text == "" {
			last--
		}
	}
	skipEmpty()
	if first < last && len([]rune(ps[first].Text)) <= 80 && titleRE().MatchString(ps[first].Text) && !strings.ContainsAny(ps[first].Text, "。；") {
		dropped = append(dropped, ps[first])
		first++
		skipEmpty()
	}
	// the date, then a short line without a sentence's stop before it: the signature
	if last > first && dateRE().MatchString(strings.TrimSpace(ps[last-1].Text)) {
		date := ps[last-1]
		last--
		skipEmpty()
		if last > first && signatureLike(ps[last-1].Text) {
			dropped = append(dropped, ps[last-1])
			last--
		}
		dropped = append(dropped, date)
		skipEmpty()
	}
	return ps[first:last], dropped
}

// signatureLike: an organ's name as a signature line — short, no sentence punctuation, ending as
// organ names end.
func signatureLike(s string) bool {
	s = strings.TrimSpace(s)
	if n := len([]rune(s)); n == 0 || n > 48 || strings.ContainsAny(s, "。，；：！？,;:!?") {
		return false
	}
	return organEnd().MatchString(s)
}

// organEnd: how organ names end.
var organEnd = lazy.Regexp(`(政府|委员会|办公室|办公厅|局|厅|部|委|办|院|署|镇|乡|街道|管委会|中心|处|所|站|队|会|社|馆|公司)$`)
