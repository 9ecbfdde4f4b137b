package layout

import (
	"math"
	"testing"
	"unicode/utf8"

	"nianbao/fonts"
	"nianbao/theme"
)

// TestDocument: what layout hands the writers, on the examples. Every text item carries one glyph
// a character, the face's glyph for it or, on a half-width item alone, its half-width form; the
// glyphs advance by their own width and the item's Spacing (the writers draw a run with one Tc);
// every glyph drawn is in its face's subset, made once a face; the outline has a bookmark a
// section, in order, each on the page and above the line where the heading was set.
func TestDocument(t *testing.T) {
	for name, d := range examples(t) {
		laid, err := Layout(d, theme.New(), testFonts)
		if err != nil {
			t.Fatal(err)
		}
		fontOf := map[string]*Font{}
		for i := range laid.Fonts {
			f := &laid.Fonts[i]
			if fontOf[f.Face.ID] != nil || f.Subset == nil || len(f.Subset.Data) == 0 {
				t.Fatalf("%s: font %s twice or without its subset", name, f.Face.ID)
			}
			fontOf[f.Face.ID] = f
		}
		halves, glyphs := 0, 0
		for _, p := range laid.Pages {
			for _, it := range p.Items {
				if it.Kind != TextItem {
					continue
				}
				f := fontOf[it.Font]
				if f == nil {
					t.Fatalf("%s: page %d draws %q from font %s, which the document lacks", name, p.Number, it.Text, it.Font)
				}
				if len(it.Glyphs) != utf8.RuneCountInString(it.Text) {
					t.Fatalf("%s: %q has %d glyphs", name, it.Text, len(it.Glyphs))
				}
				if math.Abs(it.Glyphs[0].X-it.X) > 1e-9 {
					t.Errorf("%s: %q: first glyph at %.3f, item at %.3f", name, it.Text, it.Glyphs[0].X, it.X)
				}
				k := 0
				for _, r := range it.Text {
					g := it.Glyphs[k]
					glyphs++
					want := f.Face.GlyphOf(r, it.Half)
					if g.Glyph != want || f.Subset.Glyph(g.Glyph) == 0 {
						t.Fatalf("%s: %q: glyph %d is %v (subset %d), want %v", name, it.Text, k, g.Glyph, f.Subset.Glyph(g.Glyph), want)
					}
					if g.Half != fonts.NoHalf {
						halves++
						if len(it.Glyphs) != 1 || math.Abs(g.Advance-it.Size/2) > 1e-9 {
							t.Errorf("%s: half-width %q: %d glyphs, advance %.3f", name, it.Text, len(it.Glyphs), g.Advance)
						}
					}
					if k+1 < len(it.Glyphs) {
						if gap := it.Glyphs[k+1].X - g.X - g.Advance; math.Abs(gap-it.Spacing) > 0.002 {
							t.Fatalf("%s: %q: glyph %d advances by %.4f + %.4f, Spacing %.4f", name, it.Text, k, g.Advance, gap, it.Spacing)
						}
					}
					k++
				}
			}
		}
		if halves == 0 || glyphs < 1000 {
			t.Errorf("%s: %d glyphs, %d half-width", name, glyphs, halves)
		}
		var sections []string
		for _, a := range laid.Outline {
			sections = append(sections, a.Title)
			heading := false
			for _, it := range laid.Pages[a.Page].Items {
				if it.Kind == TextItem && it.Where == a.Title && it.Y > a.Y && it.Y-a.Y < 2*it.Size {
					heading = true
				}
			}
			if !heading {
				t.Errorf("%s: bookmark %q on page %d at %.1f: no heading line just below", name, a.Title, a.Page+1, a.Y)
			}
		}
		if len(sections) != 6 || sections[0] != "一、总体情况" || sections[5] != "六、其他需要报告的事项" {
			t.Errorf("%s: outline %q", name, sections)
		}
	}
}
