package sfnt

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/go-text/typesetting/font/cff"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"

	"nianbao/internal/testenv"
)

// cffOutlines checks, with go-text/typesetting's CFF reader (independent of ours), that glyph i of
// the subset's CFF table has the outline of the source face's glyph for the same character, for
// every character of text the source has; it returns how many it compared.
func cffOutlines(t *testing.T, src *Font, text string, keepNumbers bool) int {
	t.Helper()
	sub, err := src.subsetRunes([]rune(text), keepNumbers)
	if err != nil {
		t.Fatal(err)
	}
	face, err := Parse(sub, 0)
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	if !face.CFF() {
		t.Fatal("the subset of a CFF face is not a CFF font")
	}
	a, err := cff.Parse(src.Table("CFF "))
	if err != nil {
		t.Fatal(err)
	}
	b, err := cff.Parse(face.Table("CFF "))
	if err != nil {
		t.Fatalf("go-text cannot read the subset's CFF: %v", err)
	}
	n := 0
	for _, r := range text {
		if !src.Has(r) {
			continue
		}
		if face.Advance(r) != src.Advance(r) {
			t.Errorf("%q: advance %v, source %v", r, face.Advance(r), src.Advance(r))
		}
		sa, _, err1 := a.LoadGlyph(tables.GlyphID(src.Glyph(r)))
		sb, _, err2 := b.LoadGlyph(tables.GlyphID(face.Glyph(r)))
		if err1 != nil || err2 != nil || fmt.Sprint(sa) != fmt.Sprint(sb) {
			t.Errorf("%q: the subset's outline differs from the source's (%v, %v)", r, err1, err2)
		}
		n++
	}
	return n
}

// TestCFFSubsetNameKeyed subsets a name-keyed CFF font (the usual Latin .otf): the result is
// CID-keyed, with one font dict carrying the source's private dict.
func TestCFFSubsetNameKeyed(t *testing.T) {
	f := load(t, "../testdata/cff.otf")
	if n := cffOutlines(t, f, "A", false); n != 1 {
		t.Errorf("%d glyphs compared", n)
	}
}

// TestCFFSubsetCIDKeyed subsets a CID-keyed CFF font with global and local subroutines:
// testdata/notosans-bold-subset.otf, our own subset of Noto Sans CJK SC Bold (SIL OFL 1.1, like
// the embedded Noto Sans SC; fonts/default/OFL-NotoSansSC.txt), so this runs on every machine.
func TestCFFSubsetCIDKeyed(t *testing.T) {
	f := load(t, "../testdata/notosans-bold-subset.otf")
	if n := cffOutlines(t, f, "政府公开年度报告。A1", false); n != 11 {
		t.Errorf("%d glyphs compared", n)
	}
	c, _ := parseCFF(f.Table("CFF "))
	if len(c.gsubrs) == 0 || len(c.fds[0].subrs)+len(c.fds[len(c.fds)-1].subrs) == 0 {
		t.Error("the test font has no subroutines to renumber")
	}
}

// TestCFFSubsetKeepNumbers: the fallback for charstrings whose subroutine calls cannot be
// renumbered — every subroutine keeps its number, unused ones emptied, the trailing ones within
// the bias bracket dropped — gives the same outlines, with more subroutines than renumbering.
func TestCFFSubsetKeepNumbers(t *testing.T) {
	f := load(t, "../testdata/notosans-bold-subset.otf")
	if n := cffOutlines(t, f, "政府公开年度报告。A1", true); n != 11 {
		t.Errorf("%d glyphs compared", n)
	}
	kept, _ := f.subsetRunes([]rune("政"), true)
	renumbered, _ := f.Subset([]rune("政"))
	a, _ := Parse(kept, 0)
	b, _ := Parse(renumbered, 0)
	ca, _ := parseCFF(a.Table("CFF "))
	cb, _ := parseCFF(b.Table("CFF "))
	if len(ca.gsubrs) <= len(cb.gsubrs) {
		t.Errorf("global subroutines: %d kept by number, %d renumbered", len(ca.gsubrs), len(cb.gsubrs))
	}
}

// TestCFFSubsetNoto subsets 3,500 characters (every one the examples draw and the whole
// 通用规范汉字表 level-1 range the face has) of Noto Serif CJK SC and Noto Sans CJK SC, the
// CID-keyed CFF collections of Debian's fonts-noto-cjk (installed by CI), and compares every
// outline; the subroutines are renumbered, so a few glyphs make a small font.
func TestCFFSubsetNoto(t *testing.T) {
	const dir = "/usr/share/fonts/opentype/noto/"
	if _, err := os.Stat(dir + "NotoSerifCJK-Regular.ttc"); err != nil {
		testenv.Need(t, false, "fonts-noto-cjk")
	}
	var text []rune
	for r := rune(0x4E00); len(text) < 3500; r += 3 {
		text = append(text, r)
	}
	text = append(text, []rune("，。、；：？！“”‘’《》（）—…0123456789ABCabc％%")...)
	for _, p := range []string{"NotoSerifCJK-Regular.ttc#2", "NotoSansCJK-Bold.ttc#2"} {
		f := load(t, dir+p)
		if !f.CFF() {
			t.Fatalf("%s: not read as a CFF face", p)
		}
		if n := cffOutlines(t, f, string(text), false); n < 3000 {
			t.Errorf("%s: only %d glyphs compared", p, n)
		}
		cffHalves(t, f)
		small, err := f.Subset([]rune("政府信息公开工作年度报告"))
		if err != nil {
			t.Fatal(err)
		}
		if len(small) > 20_000 {
			t.Errorf("%s: a subset of 12 characters is %d bytes", p, len(small))
		}
		sub, _ := Parse(small, 0)
		c, _ := parseCFF(sub.Table("CFF "))
		local := 0
		for _, fd := range c.fds {
			local += len(fd.subrs)
		}
		if len(c.gsubrs)+local > 400 || len(c.fds) > 3 {
			t.Errorf("%s: %d global and %d local subroutines, %d font dicts kept for 12 characters", p, len(c.gsubrs), local, len(c.fds))
		}
		t.Logf("%s: 12 characters → %d bytes", p, len(small))
	}
}

// cffHalves checks a CFF face's half-width forms (punctuation compression), read back by go-text:
// half an em wide, the closing marks' outlines unchanged, the opening marks' moved left by half an
// em, though made from a charstring whose subroutines were inlined.
func cffHalves(t *testing.T, f *Font) {
	t.Helper()
	var rs []rune
	checked := 0
	for _, r := range "（）《》“”，。、" {
		if h := f.Half(r); h != NoHalf {
			rs = append(rs, r, HalfRune(r, h))
		}
	}
	data, err := f.Subset(rs)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := Parse(data, 0)
	c, err := cff.Parse(sub.Table("CFF "))
	if err != nil {
		t.Fatal(err)
	}
	outline := func(r rune, dx float64) string {
		segs, _, err := c.LoadGlyph(tables.GlyphID(sub.Glyph(r)))
		if err != nil {
			t.Fatalf("%q: %v", r, err)
		}
		for i := range segs {
			n := map[ot.SegmentOp]int{ot.SegmentOpMoveTo: 1, ot.SegmentOpLineTo: 1, ot.SegmentOpQuadTo: 2, ot.SegmentOpCubeTo: 3}[segs[i].Op]
			for k := range n {
				segs[i].Args[k].X += float32(dx)
			}
		}
		return fmt.Sprint(segs)
	}
	for i := 0; i < len(rs); i += 2 {
		r, hr := rs[i], rs[i+1]
		_, h := SplitHalf(hr)
		dx := 0.0
		if h == HalfRight {
			dx = -500
		}
		if sub.Advance(hr) != 0.5 || outline(hr, 0) != outline(r, dx) {
			t.Errorf("%c: half form advance %.3f em, outline moved by %v: %v", r, sub.Advance(hr), dx, outline(hr, 0) == outline(r, dx))
		}
		checked++
	}
	if f.Half('（') != HalfRight || f.Half('）') != HalfLeft || checked < 6 {
		t.Errorf("%v: （ %d, ） %d, %d half forms checked", f.FamilyNames(), f.Half('（'), f.Half('）'), checked)
	}
}

// TestCFF2Refused: a variable CFF2 font is refused by Parse with ErrCFF2.
func TestCFF2Refused(t *testing.T) {
	b, _ := os.ReadFile("../testdata/cff.otf")
	b = bytes.Replace(b, []byte("CFF "), []byte("CFF2"), 1)
	if _, err := Parse(b, 0); !errors.Is(err, ErrCFF2) {
		t.Errorf("err = %v", err)
	}
}

// FuzzCFF covers the CFF reader, the charstring check and bounds of loading, the subsetter and the half-width forms' inlining and moving on
// hostile tables: no panic, no endless walk, and a subset that is made parses again.
func FuzzCFF(f *testing.F) {
	for _, p := range []string{"../testdata/cff.otf", "../testdata/notosans-bold-subset.otf"} {
		font, _ := os.ReadFile(p)
		sf, _ := parseDir(font, 0)
		f.Add(sf.table("CFF "))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseCFF(b)
		if err != nil {
			return
		}
		// what loading does: every glyph walked once, within the face's budget; a refused
		// table is refused before anything reads an outline
		if err := c.checkCharstrings(); err != nil {
			return
		}
		for g := range min(len(c.glyphs), 50) {
			c.bounds(g)
		}
		order := make([]int, min(len(c.glyphs), 50))
		for i := range order {
			order[i] = i
		}
		// half-width forms: the first glyphs inlined and moved, as the subsetter adds them
		var extra []cffGlyph
		for g := range min(len(c.glyphs), 3) {
			if cs, err := c.flatten(g); err == nil {
				if cs, err = shiftCharstring(cs, -500); err == nil {
					extra = append(extra, cffGlyph{base: g, cs: cs})
				}
			}
		}
		out, ops, err := subsetCFFCounted(c, order, extra, "Fuzz", false)
		if budget := 1<<20 + 4096*len(order); ops > budget {
			t.Fatalf("the walk took %d operators, budget %d", ops, budget) // the work is bounded: more is a bug
		}
		if err != nil {
			return
		}
		if _, err := parseCFF(out); err != nil {
			t.Fatalf("the subset does not parse: %v", err)
		}
	})
}

// BenchmarkSubsetCFF: a report's worth of characters (600) from Noto Serif CJK SC, the face
// loaded once (figures in BENCHMARKS.md).
func BenchmarkSubsetCFF(b *testing.B) {
	data, err := os.ReadFile("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
	if err != nil {
		b.Skip("fonts-noto-cjk is not installed")
	}
	f, err := Parse(data, 2)
	if err != nil {
		b.Fatal(err)
	}
	var text []rune
	for r := rune(0x4E00); len(text) < 600; r += 29 {
		text = append(text, r)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.Subset(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCFF: reading and checking Noto Serif CJK SC from its 24 MB collection, what a
// build pays the first time a report needs it.
func BenchmarkLoadCFF(b *testing.B) {
	data, err := os.ReadFile("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
	if err != nil {
		b.Skip("fonts-noto-cjk is not installed")
	}
	for b.Loop() {
		if _, err := Parse(data, 2); err != nil {
			b.Fatal(err)
		}
	}
}
