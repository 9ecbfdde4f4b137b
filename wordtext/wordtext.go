// Package wordtext reads a narrative written in Word or WPS (.docx) as the plain text a data
// file's narrative holds: paragraphs separated by blank lines, sub-headings with their numbers
// (（一）, 1., （1）) whether Word typed or generated them. Tables and pictures are refused: they
// do not belong in the narrative (the report's tables come from the data). A document holding the
// whole narrative under the six section headings is split by them.
//
// It sits beside model, which uses it for *_file keys naming a .docx and for text.file.
package wordtext

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

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
}

// Read reads a .docx's paragraphs.
func Read(data []byte) ([]Para, error) {
	zr, err := zipcheck.Open(data)
	switch {
	case errors.Is(err, zipcheck.ErrNotZip):
		return nil, problem("不是 Word/WPS 文档（.docx），或文件已损坏", "not a Word/WPS document (.docx), or damaged")
	case err != nil:
		return nil, problem("文档解压后过大（可能是“压缩炸弹”），不会读取", "the document unzips to too much (a zip bomb?): not read")
	}
	var doc io.ReadCloser
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc, err = f.Open()
			if err != nil {
				return nil, problem("文档已损坏：%v", "the document is damaged: %v", err)
			}
			break
		}
	}
	if doc == nil {
		return nil, problem("不是 Word/WPS 文档：缺少 word/document.xml", "not a Word/WPS document: word/document.xml is missing")
	}
	defer doc.Close()
	return parse(io.LimitReader(doc, zipcheck.MaxUnzipped))
}

// docPart is the part that holds the text, for messages.
const docPart = "word/document.xml"

// parse walks document.xml: paragraphs in order, their style or numbering level, their text.
func parse(r io.Reader) ([]Para, error) {
	dec := xml.NewDecoder(r)
	var out []Para
	var cur *Para
	var text strings.Builder
	depth, paraDepth, total := 0, 0, 0
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, problem("文档内容无法解析：%v", "the document's content cannot be parsed: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > 200 {
				return nil, problem("文档嵌套太深", "the document is nested too deeply")
			}
			switch t.Name.Local {
			case "tbl":
				return nil, problem("正文中有表格：正文只写文字，报告的表格由数据生成。请删去文档中的表格", "the narrative holds a table: write text only, the report's tables come from the data")
			case "drawing", "pict", "object":
				return nil, problem("正文中有图片或对象：正文只写文字，请删去", "the narrative holds a picture or object: write text only")
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
			if t.Name.Local == "t" {
				inText = false
			}
			if t.Name.Local == "p" && depth == paraDepth && cur != nil {
				cur.Text = strings.TrimSpace(text.String())
				out = append(out, *cur)
				cur = nil
			}
			depth--
		case xml.CharData:
			if inText && cur != nil {
				text.Write(t)
				if total += len(t); total > MaxText {
					return nil, problem("文档的文字（%s）超过 %d MB，超出了正文的上限，不会读取", "the document's text (%s) is over %d MB, beyond the narrative's limit: not read", docPart, MaxText>>20)
				}
			}
		}
	}
	return out, nil
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
var markerRE = regexp.MustCompile(`^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+[.．]|（[0-9]+）)`)

// Text renders paragraphs as a data file's narrative: blank lines between paragraphs; a
// sub-heading whose number Word generated gets it written out (（一） at level 2, 1. at 3, （1）
// at 4), counted as Word counts them.
func Text(ps []Para) string {
	var b strings.Builder
	var count [5]int
	for _, p := range ps {
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
			if generated || !markerRE.MatchString(text) {
				text = marker(level, count[level]) + text
			}
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.ReplaceAll(text, "\n", "\n\n"))
	}
	return b.String()
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
var sectionRE = regexp.MustCompile(`^([一二三四五六])、`)

// Sections splits a whole narrative by its section headings: the text before 一、 is the opening,
// and each section's text goes to its part (二、三、四: the words above the tables). It returns
// the text per narrative key and the headings it did not find.
func Sections(ps []Para) (map[string]string, []string) {
	keys := map[string]string{"一": "overview", "二": "active", "三": "applications", "四": "appeals", "五": "problems", "六": "other"}
	out := map[string]string{}
	seen := map[string]bool{}
	key := "opening"
	var cur []Para
	flush := func() {
		if t := Text(cur); t != "" {
			out[key] = t
		}
		cur = nil
	}
	for _, p := range ps {
		if m := sectionRE.FindStringSubmatch(p.Text); m != nil && (p.Level == 1 || p.Level == 0 && len([]rune(p.Text)) <= 30) {
			flush()
			key = keys[m[1]]
			seen[m[1]] = true
			continue
		}
		cur = append(cur, p)
	}
	flush()
	var missing []string
	for _, n := range []string{"一", "五", "六"} {
		if !seen[n] {
			missing = append(missing, n+"、")
		}
	}
	return out, missing
}
