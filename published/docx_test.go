package published

import (
	"archive/zip"
	"bytes"
	"testing"
)

// TestDocxNumbering: Word's automatic numbering (numbering.xml) is written out before the text
// as the page shows it: （一） in Chinese counting, 1. in decimal, the deeper level restarting.
func TestDocxNumbering(t *testing.T) {
	para := func(num, lvl, text string) string {
		pr := ""
		if num != "" {
			pr = `<w:pPr><w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + num + `"/></w:numPr></w:pPr>`
		}
		return `<w:p>` + pr + `<w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	doc := `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		para("", "", "一、总体情况") + para("5", "0", "主动公开。") + para("5", "1", "网站。") + para("5", "1", "公开栏。") +
		para("5", "0", "依申请公开。") + para("5", "1", "受理。") + `</w:body></w:document>`
	numb := `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>` +
		`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num></w:numbering>`
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, s := range map[string]string{"word/document.xml": doc, "word/numbering.xml": numb} {
		w, _ := z.Create(name)
		w.Write([]byte(s))
	}
	z.Close()
	ps, err := readDOCX(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"一、总体情况", "（一）主动公开。", "1.网站。", "2.公开栏。", "（二）依申请公开。", "1.受理。"}
	if len(ps) != len(want) {
		t.Fatalf("%d paragraphs: %+v", len(ps), ps)
	}
	for i, w := range want {
		if ps[i].text != w {
			t.Errorf("paragraph %d: %q, want %q", i+1, ps[i].text, w)
		}
	}
}
