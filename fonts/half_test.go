package fonts

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
	body := Default(Body)
	for r, want := range map[rune]Half{'（': HalfRight, '）': HalfLeft, '《': HalfRight, '》': HalfLeft,
		'“': HalfRight, '”': HalfLeft, '，': HalfLeft, '。': HalfLeft, '、': HalfLeft, '中': NoHalf, '—': NoHalf, 'A': NoHalf} {
		if got := body.Half(r); got != want {
			t.Errorf("%c: %d, want %d", r, got, want)
		}
	}
	f, err := Load("testdata/notosans-bold-subset.otf")
	if err != nil {
		t.Fatal(err)
	}
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
	body := Default(Body)
	rs := []rune{'（', '）', '政', HalfRune('（', HalfRight), HalfRune('）', HalfLeft)}
	data, err := body.Subset(rs)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(data, 0, "subset")
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
