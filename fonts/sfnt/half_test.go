package sfnt

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// TestHalf: the embedded 仿宋 offers half-width forms for punctuation whose ink lies in one half,
// and none for ideographs, centred marks or CFF faces.
func TestHalf(t *testing.T) {
	body := load(t, "../default/body.ttf")
	for r, want := range map[rune]Half{'（': HalfRight, '）': HalfLeft, '《': HalfRight, '》': HalfLeft,
		'“': HalfRight, '”': HalfLeft, '，': HalfLeft, '。': HalfLeft, '、': HalfLeft, '中': NoHalf, '—': NoHalf, 'A': NoHalf} {
		if got := body.Half(r); got != want {
			t.Errorf("%c: %d, want %d", r, got, want)
		}
	}
	f := load(t, "../testdata/notosans-bold-subset.otf")
	if f.Half('，') != HalfLeft || f.Half('政') != NoHalf {
		t.Errorf("CFF face: ， %d, 政 %d", f.Half('，'), f.Half('政'))
	}
	for _, r := range []rune{'（', '。'} {
		for _, h := range []Half{HalfLeft, HalfRight} {
			if b, g := SplitHalf(HalfRune(r, h)); b != r || g != h {
				t.Errorf("SplitHalf(HalfRune(%c, %d)) = %c, %d", r, h, b, g)
			}
		}
	}
}

// TestSubsetHalves: a half-width form in a subset is half an em wide and its outline, read back by
// go-text/typesetting, is the full glyph's moved left by half an em (opening brackets) or not at
// all (closing ones).
func TestSubsetHalves(t *testing.T) {
	body := load(t, "../default/body.ttf")
	rs := []rune{'（', '）', '政', HalfRune('（', HalfRight), HalfRune('）', HalfLeft)}
	data, err := body.Subset(rs)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	ff, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	outline := func(r rune, dx float32) string {
		o, _ := ff.GlyphData(font.GID(sub.Glyph(r))).(font.GlyphOutline)
		segs := append([]font.Segment(nil), o.Segments...)
		for i := range segs {
			n := map[ot.SegmentOp]int{ot.SegmentOpMoveTo: 1, ot.SegmentOpLineTo: 1, ot.SegmentOpQuadTo: 2, ot.SegmentOpCubeTo: 3}[segs[i].Op]
			for k := range n {
				segs[i].Args[k].X += dx
			}
		}
		return fmt.Sprint(segs)
	}
	for _, c := range []struct {
		r  rune
		h  Half
		dx float32
	}{{'（', HalfRight, -500}, {'）', HalfLeft, 0}} {
		hr := HalfRune(c.r, c.h)
		if sub.Glyph(hr) == 0 || sub.Advance(hr) != 0.5 {
			t.Errorf("%c: half form glyph %d, advance %.3f em", c.r, sub.Glyph(hr), sub.Advance(hr))
			continue
		}
		if outline(hr, 0) != outline(c.r, c.dx) || outline(c.r, 0) == "[]" {
			t.Errorf("%c: the half form's outline is not the full glyph's moved by %v", c.r, c.dx)
		}
	}
}

// TestSubsetGlyphs: subsetting by glyph gives each glyph asked for its new ID — the source glyphs
// in their order, the half-width forms after them — with the advances they had (half an em for a
// half form); with the same glyphs and characters it makes the very bytes subsetting by runes
// makes; a glyph the font lacks, or a character mapped to a glyph not kept, is an error.
func TestSubsetGlyphs(t *testing.T) {
	// the test CFF face has no opening brackets: its half forms are those of ， and 。 (HalfLeft)
	for p, punct := range map[string]string{"../default/body.ttf": "（）", "../testdata/notosans-bold-subset.otf": "，。"} {
		f := load(t, p)
		var keep []Glyph
		chars := map[rune]Glyph{}
		var runes []rune
		for _, r := range "政" + punct[:3] + "府" + punct[3:] {
			keep = append(keep, Glyph{f.Glyph(r), NoHalf})
			chars[r] = Glyph{f.Glyph(r), NoHalf}
			runes = append(runes, r)
		}
		for _, r := range punct {
			h := f.Half(r)
			if h == NoHalf {
				t.Fatalf("%s: %c has no half form", p, r)
			}
			keep = append(keep, Glyph{f.Glyph(r), h})
			chars[HalfRune(r, h)] = Glyph{f.Glyph(r), h}
			runes = append(runes, HalfRune(r, h))
		}
		data, ids, err := f.SubsetGlyphs(keep, chars)
		if err != nil {
			t.Fatal(err)
		}
		if byRunes, err := f.Subset(runes); err != nil || !bytes.Equal(byRunes, data) {
			t.Errorf("%s: subsetting by runes and by glyphs differ (%v)", p, err)
		}
		sub, err := Parse(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		last := GlyphID(0)
		for i, g := range keep {
			id := ids[g]
			want := f.GlyphAdvance(g.ID)
			if g.Half != NoHalf {
				want = 0.5
			}
			if got := sub.GlyphAdvance(id); id == 0 || got != want {
				t.Errorf("%s: glyph %v → %d, advance %.3f em, want %.3f", p, g, id, got, want)
			}
			if i == 4 && id <= last { // the first half form comes after every source glyph
				t.Errorf("%s: half form %d before source glyph %d", p, id, last)
			}
			last = max(last, id)
		}
		first := []rune(punct)[0]
		if sub.Glyph('政') != ids[keep[0]] || sub.Glyph(HalfRune(first, f.Half(first))) != ids[keep[4]] {
			t.Errorf("%s: the subset's cmap does not follow chars", p)
		}
		if _, _, err := f.SubsetGlyphs([]Glyph{{GlyphID(f.NumGlyphs()), NoHalf}}, nil); err == nil {
			t.Errorf("%s: a glyph beyond the font is kept", p)
		}
		if _, _, err := f.SubsetGlyphs(keep[:1], map[rune]Glyph{'府': keep[2]}); err == nil {
			t.Errorf("%s: a character mapped to a glyph not kept is accepted", p)
		}
		// without chars, the subset has a cmap with no characters
		plain, _, err := f.SubsetGlyphs(keep, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := Parse(plain, 0); err != nil || s.Has('政') {
			t.Errorf("%s: a subset without chars: %v, has 政 %v", p, err, err == nil && s.Has('政'))
		}
	}
}
