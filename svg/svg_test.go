package svg

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/tree"
)

// TestWrite: a document of two pages as one file — well-formed XML, the same bytes twice, its
// fonts once, each page a nested <svg class="page"> below the one before, and every character of
// a <text> at the x layout gave its glyph (a half-width mark's full glyph at FullX).
func TestWrite(t *testing.T) {
	body, title := fonts.Default(fonts.Body), fonts.Default(fonts.Title)
	pages := []layout.Page{
		{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{
			{Kind: layout.TextItem, X: 100, Y: 100, Font: title.ID, Size: 22, Text: "标题"},
			{Kind: layout.TextItem, X: 100, Y: 200, Font: body.ID, Size: 16, Text: "正文 A&B", Spacing: -0.2, Where: "一、总体情况 第1段"},
			{Kind: layout.TextItem, X: 300, Y: 200, Font: body.ID, Size: 16, Text: "（", Half: fonts.HalfRight},
			{Kind: layout.RuleItem, X: 100, Y: 300, X2: 400, Y2: 300, Width: 0.5},
		}},
		{Number: 2, Width: 595.28, Height: 841.89, Items: []layout.Item{
			{Kind: layout.TextItem, X: 100, Y: 100, Font: body.ID, Size: 16, Text: "第二页"},
		}},
	}
	laid, err := layout.NewDocument(pages, []*fonts.Face{body, title}, tree.Meta{Title: "标题 <1>"})
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
	if n := strings.Count(a.String(), "@font-face"); n != 2 {
		t.Errorf("%d @font-face rules, want 2", n)
	}
	type text struct {
		X    string `xml:"x,attr"`
		Body string `xml:",chardata"`
	}
	var got []text
	var ys []string
	dec := xml.NewDecoder(&a)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		switch {
		case ok && se.Name.Local == "text":
			var tx text
			if err := dec.DecodeElement(&tx, &se); err != nil {
				t.Fatal(err)
			}
			got = append(got, tx)
		case ok && se.Name.Local == "svg":
			for _, at := range se.Attr {
				if at.Name.Local == "y" {
					ys = append(ys, at.Value)
				}
			}
		}
	}
	if strings.Join(ys, " ") != "0.00 853.89" {
		t.Errorf("pages at y %v, want 0.00 853.89", ys)
	}
	var items []layout.Item
	for _, p := range laid.Pages {
		for _, it := range p.Items {
			if it.Kind == layout.TextItem {
				items = append(items, it)
			}
		}
	}
	if len(got) != len(items) {
		t.Fatalf("%d <text>, want %d", len(got), len(items))
	}
	for i, it := range items {
		xs := strings.Fields(got[i].X)
		if got[i].Body != it.Text || len(xs) != utf8.RuneCountInString(it.Text) {
			t.Errorf("<text> %q with x %q, want %q with one x a character", got[i].Body, got[i].X, it.Text)
			continue
		}
		for k, x := range xs {
			want := it.Glyphs[k].X
			if k == 0 {
				want = it.FullX()
			}
			if v, _ := strconv.ParseFloat(x, 64); v-want > 0.001 || want-v > 0.001 {
				t.Errorf("%q: character %d at x %s, want %.3f", it.Text, k, x, want)
			}
		}
	}
	if items[2].FullX() != 292 {
		t.Errorf("the half-width opening bracket's full glyph at %.2f, want 292", items[2].FullX())
	}
}

// TestWritePage: one page alone, well-formed, with the fonts that page draws from and no other.
func TestWritePage(t *testing.T) {
	body, title := fonts.Default(fonts.Body), fonts.Default(fonts.Title)
	pages := []layout.Page{
		{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{{Kind: layout.TextItem, X: 100, Y: 100, Font: title.ID, Size: 22, Text: "标题"}}},
		{Number: 2, Width: 595.28, Height: 841.89, Items: []layout.Item{{Kind: layout.TextItem, X: 100, Y: 100, Font: body.ID, Size: 16, Text: "第二页"}}},
	}
	laid, err := layout.NewDocument(pages, []*fonts.Face{body, title}, tree.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WritePage(&b, laid, 1); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "@font-face") != 1 || !strings.Contains(out, `font-family:"`+body.ID+`"`) || !strings.Contains(out, ">第二页</text>") {
		t.Errorf("page 2 alone:\n%.300s", out)
	}
	dec := xml.NewDecoder(&b)
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
}
