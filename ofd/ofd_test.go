package ofd

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-text/typesetting/font"

	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/tree"
)

func sample(t *testing.T) (*layout.Document, []*fonts.Face) {
	body, title := fonts.Default(fonts.Body), fonts.Default(fonts.Title)
	pages := []layout.Page{{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{
		{Kind: layout.TextItem, X: 100, Y: 100, Font: title.ID, Size: 22, Text: "政府信息公开"},
		{Kind: layout.TextItem, X: 100, Y: 200, Font: body.ID, Size: 16, Text: "正文，“引号” 2023年", Spacing: -0.2},
		{Kind: layout.RuleItem, X: 100, Y: 300, X2: 400, Y2: 300, Width: 0.5},
	}}}
	faces := []*fonts.Face{body, title}
	return document(t, pages, faces), faces
}

func document(t *testing.T, pages []layout.Page, faces []*fonts.Face) *layout.Document {
	t.Helper()
	laid, err := layout.NewDocument(pages, faces, meta)
	if err != nil {
		t.Fatal(err)
	}
	return laid
}

var (
	meta    = tree.Meta{Title: "标题", Author: "某机关", Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}
	sidecar = []byte(`{"organ":"某机关"}`)
)

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		r, _ := f.Open()
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}

// TestWrite: byte-identical output, well-formed parts, a DeltaX for every glyph after the first,
// the sidecar attached, and a missing face refused.
func TestWrite(t *testing.T) {
	laid, _ := sample(t)
	var a, b bytes.Buffer
	if err := Write(&a, laid, sidecar); err != nil {
		t.Fatal(err)
	}
	Write(&b, laid, sidecar)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("not deterministic")
	}
	files := unzip(t, a.Bytes())
	for name, data := range files {
		if strings.HasSuffix(name, ".xml") {
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	var content string
	for name, data := range files {
		if strings.HasSuffix(name, "Content.xml") {
			content += string(data)
		}
	}
	codes := regexp.MustCompile(`<ofd:TextCode X="[^"]*" Y="[^"]*"(?: DeltaX="([^"]*)")?>([^<]*)</ofd:TextCode>`).FindAllStringSubmatch(content, -1)
	var text string
	for _, c := range codes {
		n := len([]rune(htmlUnescape(c[2])))
		if got := len(strings.Fields(c[1])); got != n-1 {
			t.Errorf("TextCode %q has %d DeltaX values, want %d", c[2], got, n-1)
		}
		text += htmlUnescape(c[2])
	}
	if want := "政府信息公开正文，“引号”2023年"; text != want {
		t.Errorf("text %q, want %q", text, want)
	}
	if !strings.Contains(content, "<ofd:PathObject") {
		t.Error("no PathObject for the rule")
	}
	found := false
	for name, data := range files {
		found = found || bytes.Equal(data, sidecar) && strings.HasSuffix(name, ".json")
	}
	if !found {
		t.Error("the sidecar is not attached")
	}
	partial := *laid
	partial.Fonts = partial.Fonts[:1]
	if err := Write(&b, &partial, sidecar); err == nil {
		t.Error("a document without one of its fonts accepted")
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(s)
}

// TestGlyphOutlines checks what no outside checker sees: each character of each TextCode, looked
// up through its embedded subset's own cmap, draws the very outline the full font draws for it
// (a subset that kept the cmap but renumbered glyphs wrongly would pass ofdcheck and show the
// wrong characters in every reader).
func TestGlyphOutlines(t *testing.T) {
	laid, faces := sample(t)
	var buf bytes.Buffer
	if err := Write(&buf, laid, sidecar); err != nil {
		t.Fatal(err)
	}
	files := unzip(t, buf.Bytes())
	full := map[string]*font.Face{}
	for _, f := range faces {
		ff, err := font.ParseTTF(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		full[f.Family] = ff
	}
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".ttf") {
			continue
		}
		sub, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var orig *font.Face
		for _, f := range faces {
			if sameFamily(sub, f) {
				orig = full[f.Family]
			}
		}
		if orig == nil {
			t.Fatalf("%s: no face of that family", name)
		}
		for _, r := range "政府信息公开正文，“引号”2023年" {
			sg, ok := sub.NominalGlyph(r)
			if !ok {
				continue // the other face's character
			}
			og, _ := orig.NominalGlyph(r)
			if a, b := outline(sub, sg), outline(orig, og); a != b || a == "" || a == "not an outline" {
				t.Errorf("%s: %q draws another outline than the full font's", name, r)
			}
			checked++
		}
	}
	if checked != len([]rune("政府信息公开正文，“引号”2023年")) {
		t.Errorf("checked %d characters", checked)
	}
}

func sameFamily(sub *font.Face, f *fonts.Face) bool { return sub.Describe().Family == f.Family }

func outline(f *font.Face, g font.GID) string {
	o, ok := f.GlyphData(g).(font.GlyphOutline)
	if !ok || len(o.Segments) == 0 {
		return "not an outline"
	}
	return fmt.Sprint(o.Segments)
}

// TestSpacesBetweenWords (issue 23 point 3): a narrative with Latin words ("ISO 9001", "GB/T 9704")
// lays out runs that hold or are only spaces; every TextObject still has a TextCode (Page.xsd), no
// TextCode holds a space, and "9001" is one TextCode.
func TestSpacesBetweenWords(t *testing.T) {
	body := fonts.Default(fonts.Body)
	pages := []layout.Page{{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{
		{Kind: layout.TextItem, X: 100, Y: 100, Font: body.ID, Size: 16, Text: "按照 "},
		{Kind: layout.TextItem, X: 140, Y: 100, Font: body.ID, Size: 16, Text: "ISO "},
		{Kind: layout.TextItem, X: 175, Y: 100, Font: body.ID, Size: 16, Text: " "},
		{Kind: layout.TextItem, X: 180, Y: 100, Font: body.ID, Size: 16, Text: "9001"},
		{Kind: layout.TextItem, X: 215, Y: 100, Font: body.ID, Size: 16, Text: "GB/T 9704", Spacing: 0.5},
	}}}
	var b bytes.Buffer
	if err := Write(&b, document(t, pages, []*fonts.Face{body}), sidecar); err != nil {
		t.Fatal(err)
	}
	var page string
	for name, data := range unzip(t, b.Bytes()) {
		if strings.HasSuffix(name, "Content.xml") {
			page += string(data)
		}
	}
	objs := regexp.MustCompile(`(?s)<ofd:TextObject .*?</ofd:TextObject>`).FindAllString(page, -1)
	if len(objs) != 4 {
		t.Errorf("%d TextObjects, want 4 (none for the lone space)", len(objs))
	}
	var codes []string
	for _, o := range objs {
		cs := regexp.MustCompile(`<ofd:TextCode [^>]*>([^<]*)</ofd:TextCode>`).FindAllStringSubmatch(o, -1)
		if len(cs) == 0 {
			t.Errorf("a TextObject without TextCode: %s", o)
		}
		for _, c := range cs {
			if strings.Contains(c[1], " ") || c[1] == "" {
				t.Errorf("TextCode %q", c[1])
			}
			codes = append(codes, c[1])
		}
	}
	if got := strings.Join(codes, "|"); got != "按照|ISO|9001|GB/T|9704" {
		t.Errorf("TextCodes %s, want 按照|ISO|9001|GB/T|9704", got)
	}
}

// TestDeltaXFromLayout: the DeltaX of a TextCode are the gaps between the glyphs as layout placed
// them, whatever the face's advances say (here deliberately not the advances).
func TestDeltaXFromLayout(t *testing.T) {
	body := fonts.Default(fonts.Body)
	xs := []float64{100, 117, 140.5}
	it := layout.Item{Kind: layout.TextItem, X: xs[0], Y: 100, Font: body.ID, Size: 16, Text: "一二三"}
	for i, r := range []rune(it.Text) {
		it.Glyphs = append(it.Glyphs, layout.Glyph{Glyph: body.GlyphOf(r, fonts.NoHalf), X: xs[i], Advance: 16})
	}
	pages := []layout.Page{{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{it}}}
	var b bytes.Buffer
	if err := Write(&b, document(t, pages, []*fonts.Face{body}), nil); err != nil {
		t.Fatal(err)
	}
	var page string
	for name, data := range unzip(t, b.Bytes()) {
		if strings.HasSuffix(name, "Content.xml") {
			page += string(data)
		}
	}
	m := regexp.MustCompile(`DeltaX="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no DeltaX in %s", page)
	}
	got := strings.Fields(m[1])
	if len(got) != 2 {
		t.Fatalf("DeltaX %q, want 2 values", m[1])
	}
	for k, s := range got {
		v, _ := strconv.ParseFloat(s, 64)
		if want := (xs[k+1] - xs[k]) * mm; math.Abs(v-want) > 0.001 {
			t.Errorf("DeltaX %d = %s mm, want %.3f (layout's gap)", k, s, want)
		}
	}
}
