package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/tree"
)

func TestWrite(t *testing.T) {
	body := fonts.Default(fonts.Body)
	title := fonts.Default(fonts.Title)
	pages := []layout.Page{{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{
		{Kind: layout.TextItem, X: 100, Y: 100, Font: title.ID, Size: 22, Text: "标题"},
		{Kind: layout.TextItem, X: 100, Y: 200, Font: body.ID, Size: 16, Text: "正文，“引号”", Spacing: -0.2},
		{Kind: layout.TextItem, X: 100, Y: 230, Font: body.ID, Size: 16, Text: "加粗", Bold: true, Width: 0.35},
		{Kind: layout.RuleItem, X: 100, Y: 300, X2: 400, Y2: 300, Width: 0.5},
	}}}
	meta := tree.Meta{Title: "标题", Author: "某机关", Lang: "zh-CN", Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}
	laid, err := layout.NewDocument(pages, []*fonts.Face{body, title}, meta)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Write(&a, laid); err != nil {
		t.Fatal(err)
	}
	Write(&b, laid)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("not deterministic")
	}
	out := a.String()
	tags := regexp.MustCompile(`/BaseFont /([A-Z]{6})\+`).FindAllStringSubmatch(out, -1)
	if len(tags) != 4 || tags[0][1] == tags[2][1] && tags[0][1] == tags[1][1] { // Type0 and CIDFont of each face
		t.Errorf("subset tags: %v", tags)
	}
	if !strings.Contains(out, "+"+body.Metrics().PostScriptName) {
		t.Errorf("the subset is not named after the face's PostScript name %q", body.Metrics().PostScriptName)
	}
	// PDF/A-2a + PDF/UA-1: the XMP claims both, uncompressed, with the title and author; an sRGB OutputIntent
	for _, want := range []string{"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance><pdfuaid:part>1</pdfuaid:part>",
		`<rdf:li xml:lang="x-default">标题</rdf:li>`, "<rdf:li>某机关</rdf:li>", "/OutputIntents [", "/S /GTS_PDFA1",
		"<xmp:CreateDate>2024-01-02T00:00:00Z</xmp:CreateDate>", "/CreationDate (D:20240102000000Z)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// every cross-reference entry points at its object; the trailer has an /ID
	xref := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindStringSubmatch(out)
	if xref == nil {
		t.Fatal("no startxref at the end")
	}
	at, _ := strconv.Atoi(xref[1])
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllStringSubmatch(out[at:], -1)
	for i, e := range entries {
		off, _ := strconv.Atoi(e[1])
		if !strings.HasPrefix(out[off:], strconv.Itoa(i+1)+" 0 obj\n") {
			t.Errorf("xref entry %d points at %q", i+1, out[off:min(off+12, len(out))])
		}
	}
	if len(entries) < 10 || !regexp.MustCompile(`/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]`).MatchString(out) {
		t.Errorf("%d xref entries; trailer: %s", len(entries), out[at:])
	}
	if len(a.Bytes()) > 60000 {
		t.Errorf("a one-page PDF of 9 characters is %d bytes: fonts not subset?", a.Len())
	}
	// a face the pages use but that the document lacks is an error, not a broken file
	if _, err := layout.NewDocument(pages, []*fonts.Face{body}, meta); err == nil {
		t.Error("missing face accepted")
	}
	partial := *laid
	partial.Fonts = partial.Fonts[:1]
	if err := Write(&b, &partial); err == nil {
		t.Error("a document without one of its fonts accepted")
	}
}

// TestGlyphPositions: a run whose glyphs sit where their advances and Tc put them is one Tj; a
// glyph layout placed elsewhere is moved there by a TJ adjustment (thousandths of the text size,
// PDF 32000-1 §9.4.4) — the writer draws the positions it is given, it does not re-derive them.
func TestGlyphPositions(t *testing.T) {
	body := fonts.Default(fonts.Body)
	moved := layout.Item{Kind: layout.TextItem, X: 100, Y: 100, Font: body.ID, Size: 16, Text: "一二三"}
	for i, r := range []rune(moved.Text) {
		moved.Glyphs = append(moved.Glyphs, layout.Glyph{Glyph: body.GlyphOf(r, fonts.NoHalf), X: []float64{100, 117, 140.5}[i], Advance: 16})
	}
	pages := []layout.Page{{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{
		moved,
		{Kind: layout.TextItem, X: 100, Y: 200, Font: body.ID, Size: 16, Text: "四五六", Spacing: -0.2},
		{Kind: layout.TextItem, X: 100, Y: 300, Font: body.ID, Size: 16, Text: ""}, // nothing to draw, and no panic
	}}}
	laid, err := layout.NewDocument(pages, []*fonts.Face{body}, tree.Meta{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, laid); err != nil {
		t.Fatal(err)
	}
	var content string
	for _, m := range regexp.MustCompile(`(?s)/FlateDecode[^>]*>>\nstream\n(.*?)\nendstream`).FindAllStringSubmatch(b.String(), -1) {
		z, err := zlib.NewReader(strings.NewReader(m[1]))
		if err != nil {
			continue
		}
		data, _ := io.ReadAll(z)
		if strings.Contains(string(data), " Td ") {
			content = string(data)
		}
	}
	if !regexp.MustCompile(`100 741\.89 Td \[<[0-9A-F]{4}> -62\.5 <[0-9A-F]{4}> -468\.75 <[0-9A-F]{4}>\] TJ`).MatchString(content) {
		t.Errorf("the moved glyphs are not adjusted by TJ:\n%s", content)
	}
	if !regexp.MustCompile(`100 641\.89 Td <[0-9A-F]{12}> Tj`).MatchString(content) {
		t.Errorf("the run placed by its advances is not one Tj:\n%s", content)
	}
}
