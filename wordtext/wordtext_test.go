package wordtext

import (
	"archive/zip"
	"bytes"
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
	got := Text(ps)
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
		"table":   {docx(`<w:tbl><w:tr><w:tc>` + p("", "", "x") + `</w:tc></w:tr></w:tbl>`), "表格"},
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
	ps, _ := Read(docx(p("", "", "本报告根据条例编制。") + p("Heading1", "", "一、总体情况") + p("", "", "总体。") +
		p("", "", "三、收到和处理政府信息公开申请情况") + p("", "", "表前说明。") +
		p("Heading1", "", "五、存在的主要问题及改进情况") + p("", "", "问题。") + p("Heading1", "", "六、其他需要报告的事项") + p("", "", "无。")))
	parts, missing := Sections(ps)
	if parts["opening"] != "本报告根据条例编制。" || parts["overview"] != "总体。" || parts["applications"] != "表前说明。" ||
		parts["problems"] != "问题。" || parts["other"] != "无。" || len(missing) != 0 {
		t.Errorf("%q %v", parts, missing)
	}
	if _, missing := Sections(ps[:3]); strings.Join(missing, "") != "五、六、" {
		t.Errorf("missing: %v", missing)
	}
}

// FuzzRead: any bytes are refused with a message or read; never a panic, never a hang.
func FuzzRead(f *testing.F) {
	f.Add(docx(p("Heading2", "", "标题") + p("", "0", "正文")))
	f.Add(docx(`<w:tbl/>`))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Read(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		Text(ps)
		Sections(ps)
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
