package wordtext

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// docx makes a minimal Word document whose body is the given XML.
func docx(body string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	zw.Close()
	return b.Bytes()
}

func p(style, ilvl, text string) string {
	pr := ""
	if style != "" {
		pr += `<w:pStyle w:val="` + style + `"/>`
	}
	if ilvl != "" {
		pr += `<w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="1"/></w:numPr>`
	}
	return `<w:p><w:pPr>` + pr + `</w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestText(t *testing.T) {
	ps, err := Read(docx(
		p("", "", "全年工作平稳有序。") +
			p("Heading2", "", "主动公开。") + p("", "", "公开信息286条。") +
			p("2", "", "（二）依申请公开。") + // Word's Chinese style ID "2", number typed
			p("", "0", "监督保障。") + // a generated number at level 2
			p("", "1", "培训。") + // a generated number at level 3
			p("", "", "")))
	if err != nil {
		t.Fatal(err)
	}
	got := Text(ps.Paras)
	want := "全年工作平稳有序。\n\n（一）主动公开。\n\n公开信息286条。\n\n（二）依申请公开。\n\n（三）监督保障。\n\n1.培训。"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestRefused(t *testing.T) {
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"picture": {docx(`<w:p><w:r><w:drawing/></w:r></w:p>`), "图片"},
		"text":    {[]byte("not a zip"), "不是 Word/WPS 文档"},
		"broken":  {docx(`<w:p><w:r><w:t>x</w:r>`), "无法解析"},
	} {
		if _, err := Read(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSections(t *testing.T) {
	doc, _ := Read(docx(p("", "", "本报告根据条例编制。") + p("Heading1", "", "一、总体情况") + p("", "", "总体。") +
		p("", "", "三、收到和处理政府信息公开申请情况") + p("", "", "表前说明。") +
		`<w:tbl><w:tr><w:tc>` + p("", "", "x") + `</w:tc></w:tr></w:tbl>` +
		p("Heading1", "", "五、存在的主要问题及改进情况") + p("", "", "问题。") + p("Heading1", "", "六、其他需要报告的事项") + p("", "", "无。")))
	parts, missing, tables := Sections(doc)
	text := func(k string) string { return Text(parts[k]) }
	if text("opening") != "本报告根据条例编制。" || text("overview") != "总体。" || text("applications") != "表前说明。" ||
		text("problems") != "问题。" || text("other") != "无。" || len(missing) != 0 {
		t.Errorf("%v %v", parts, missing)
	}
	if len(tables) != 1 || tables[0] != "applications" {
		t.Errorf("tables: %v", tables)
	}
	doc.Paras = doc.Paras[:3]
	if _, missing, _ := Sections(doc); strings.Join(missing, "") != "五、六、" {
		t.Errorf("missing: %v", missing)
	}
}

// TestTables: a table's cells are read row by row (text of several paragraphs joined by a line
// break), and do not count as narrative paragraphs; paragraph numbers count paragraphs with
// text, as Word's 字数统计 does.
func TestTables(t *testing.T) {
	doc, err := Read(docx(p("", "", "开头。") + p("", "", "") + `<w:tbl><w:tr><w:tc>` + p("", "", "规章") + `</w:tc><w:tc>` + p("", "", "1") + p("", "", "2") +
		`</w:tc></w:tr><w:tr><w:tc/><w:tc>` + p("", "", "３") + `</w:tc></w:tr></w:tbl>` + p("", "", "其后。")))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Paras) != 3 || doc.Paras[0].N != 1 || doc.Paras[1].N != 0 || doc.Paras[2].N != 2 || doc.Paras[2].Text != "其后。" {
		t.Errorf("paras: %+v", doc.Paras)
	}
	want := [][]string{{"规章", "1\n2"}, {"", "３"}}
	if len(doc.Tables) != 1 || doc.Tables[0].After != 2 || fmt.Sprint(doc.Tables[0].Rows) != fmt.Sprint(want) {
		t.Errorf("tables: %+v", doc.Tables)
	}
}

// TestTrim: a draft's title at the start, its signature and date at the end are recognised;
// a last paragraph that is a sentence is not.
func TestTrim(t *testing.T) {
	para := func(ss ...string) []Para {
		var ps []Para
		for i, s := range ss {
			ps = append(ps, Para{Text: s, N: i + 1})
		}
		return ps
	}
	for _, c := range []struct {
		in                     []Para
		kept, dropped          int
		firstKept, droppedText string
	}{
		{para("青山乡人民政府2026年政府信息公开工作年度报告", "", "本报告根据条例编制。", "一、总体情况", "正文。", "青山乡人民政府", "2027年1月20日"), 3, 3, "本报告根据条例编制。", "青山乡人民政府2026年政府信息公开工作年度报告|青山乡人民政府|2027年1月20日"},
		{para("本报告根据条例编制。", "正文。", "2027-1-20"), 2, 1, "本报告根据条例编制。", "2027-1-20"},
		{para("本报告根据条例编制。", "六、其他需要报告的事项", "本机关未收取信息处理费。"), 3, 0, "本报告根据条例编制。", ""},
		{para("本报告根据条例编制。", "详情请联系青山乡人民政府。", "二〇二七年一月二十日"), 2, 1, "本报告根据条例编制。", "二〇二七年一月二十日"},
	} {
		kept, dropped := Trim(c.in)
		var ds []string
		for _, d := range dropped {
			ds = append(ds, d.Text)
		}
		if len(kept) != c.kept || len(dropped) != c.dropped || kept[0].Text != c.firstKept || strings.Join(ds, "|") != c.droppedText {
			t.Errorf("%v: kept %v, dropped %v", c.in, kept, dropped)
		}
	}
}

// FuzzRead: any bytes are refused with a message or read; never a panic, never a hang.
func FuzzRead(f *testing.F) {
	f.Add(docx(p("Heading2", "", "标题") + p("", "0", "正文")))
	f.Add(docx(`<w:tbl/>`))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		Text(doc.Paras)
		Sections(doc)
		Trim(doc.Paras)
	})
}

// TestTextLimit: a document whose text passes the narrative's limit once decoded is refused,
// naming the part, though it compresses to little.
func TestTextLimit(t *testing.T) {
	var body strings.Builder
	rng := rand.New(rand.NewPCG(1, 2)) // varied characters: a zip of repeated text is refused as a bomb
	for body.Len() < MaxText+100_000 {
		var para strings.Builder
		for range 10_000 {
			para.WriteRune(rune(0x4E00 + rng.IntN(0x5000)))
		}
		body.WriteString(p("", "", para.String()))
	}
	doc := docx(body.String())
	_, err := Read(doc)
	pr, ok := err.(*Problem)
	if !ok || !strings.Contains(pr.Zh, "文档的文字（word/document.xml）超过 4 MB") || !strings.Contains(pr.En, "over 4 MB") {
		t.Errorf("%d bytes: %v", len(doc), err)
	}
}
