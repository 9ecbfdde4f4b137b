package sfnt

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/go-text/typesetting/font/cff"
	"github.com/go-text/typesetting/font/opentype/tables"
)

var updateFonts = flag.Bool("update-fonts", false, "rewrite the hostile fonts in ../testdata (fanout.otf, recursive.otf, planted.otf)")

// hostileCFF is a name-keyed CFF table of n glyphs, each drawing a line and calling global
// subroutine 0, whose subroutines are gsubrs.
func hostileCFF(n int, gsubrs [][]byte) []byte {
	glyph := []byte{139, 139, 21, 139 + 100, 139, 5, 139 - 107, 29, 14} // 0 0 rmoveto 100 0 rlineto callgsubr 0, endchar
	glyphs := make([][]byte, n)
	for i := range glyphs {
		glyphs[i] = glyph
	}
	name := writeIndex([][]byte{[]byte("Hostile")})
	strs, gs, cs := writeIndex(nil), writeIndex(gsubrs), writeIndex(glyphs)
	topLen := len(writeIndex([][]byte{make([]byte, 17)}))
	csOff := 4 + len(name) + topLen + len(strs) + len(gs)
	privOff := csOff + len(cs)
	top := append(append(int5(csOff), opCharStrings), append(append(int5(0), int5(privOff)...), opPrivate)...)
	out := []byte{1, 0, 4, 4}
	out = append(out, name...)
	out = append(out, writeIndex([][]byte{top})...)
	out = append(out, strs...)
	out = append(out, gs...)
	return append(out, cs...)
}

// fanout is the first hostile font of issue 26: global subroutine k calls k+1 200 times, nine
// levels deep (within the format's nesting limit of 10): 200⁸ calls for any glyph.
func fanout() [][]byte {
	var subrs [][]byte
	for k := range 8 {
		var s []byte
		for range 200 {
			s = append(s, byte(139+k+1-107), 29)
		}
		subrs = append(subrs, append(s, 11))
	}
	return append(subrs, []byte{11})
}

// nameTable is a name table whose only name is family (ID 1, Windows Unicode, zh-CN).
func nameTable(family string) []byte {
	u := utf16.Encode([]rune(family))
	t := []byte{0, 0, 0, 1, 0, 18, 0, 3, 0, 1, 0x08, 0x04, 0, 1, byte(2 * len(u) >> 8), byte(2 * len(u)), 0, 0}
	for _, c := range u {
		t = append(t, byte(c>>8), byte(c))
	}
	return t
}

// withCFF replaces the CFF table of an OpenType font (and its name table, if name is given).
func withCFF(t testing.TB, otf, table []byte, name ...[]byte) []byte {
	t.Helper()
	sf, err := parseDir(otf, 0)
	if err != nil {
		t.Fatal(err)
	}
	tabs := map[string][][]byte{}
	for _, r := range sf.order {
		b := sf.table(r.tag)
		if r.tag == "CFF " {
			b = table
		}
		if r.tag == "name" && len(name) > 0 {
			b = name[0]
		}
		b = append([]byte(nil), b...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		tabs[r.tag] = [][]byte{b}
	}
	return assemble(tagOTTO, tabs)
}

// hostileFonts are the fonts the hostile suite (cmd/nianbao) loads: testdata/cff.otf with its
// CFF table replaced by one whose subroutines fan out, by one whose subroutine calls itself, and
// the fan-out one again named 仿宋_GB2312.
func hostileFonts(t testing.TB) map[string][]byte {
	base, err := os.ReadFile("../testdata/cff.otf")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(base, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := len(f.cff.glyphs)
	return map[string][]byte{
		"fanout.otf":    withCFF(t, base, hostileCFF(n, fanout())),
		"recursive.otf": withCFF(t, base, hostileCFF(n, [][]byte{{139 - 107, 29, 11}})),
		// planted where fonts are installed, it claims to be the official 仿宋
		"planted.otf": withCFF(t, base, hostileCFF(n, fanout()), nameTable("仿宋_GB2312")),
	}
}

// TestHostileFonts: the hostile fonts in testdata are what hostileFonts makes (go test
// ./fonts/sfnt -run TestHostileFonts -update-fonts rewrites them), and Parse refuses each with a
// CharstringError naming glyph 0 and why (the fonts package words it for users: TestHostileCFF).
func TestHostileFonts(t *testing.T) {
	for name, data := range hostileFonts(t) {
		p := filepath.Join("../testdata", name)
		if *updateFonts {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if b, err := os.ReadFile(p); err != nil || !bytes.Equal(b, data) {
			t.Errorf("%s is not what hostileFonts makes (go test ./fonts/sfnt -run TestHostileFonts -update-fonts)", p)
		}
		want := map[string]error{"fanout.otf": ErrCharstringLong, "recursive.otf": ErrCharstringRecursive, "planted.otf": ErrCharstringLong}[name]
		var ce *CharstringError
		if _, err := Parse(data, 0); !errors.As(err, &ce) || ce.Glyph != 0 || ce.Err != want {
			t.Errorf("%s: %v, want glyph 0: %v", name, err, want)
		}
	}
}

// TestCharstringWalkFaceBudget: a face of many glyphs, each just under the per-glyph bound,
// runs out of the face's budget (a million operators plus 4,096 a glyph).
func TestCharstringWalkFaceBudget(t *testing.T) {
	// subroutine 0 calls subroutine 1 120 times; subroutine 1 calls 2 120 times: about 43,000 operators a glyph
	var s0, s1 []byte
	for range 120 {
		s0 = append(s0, 139+1-107, 29)
		s1 = append(s1, 139+2-107, 29)
	}
	c, err := parseCFF(hostileCFF(2000, [][]byte{append(s0, 11), append(s1, 11), {11}}))
	if err != nil {
		t.Fatal(err)
	}
	var ce *CharstringError
	if err := c.checkCharstrings(); !errors.As(err, &ce) || ce.Err != ErrCharstringLong || ce.Glyph < 100 {
		t.Errorf("err = %v", err)
	}
	if _, ok := c.bounds(0); !ok {
		t.Error("one glyph alone is within its bound")
	}
}

// TestCFFBounds: the walker's outline bounds are go-text/typesetting's (control box) for every
// glyph of the test fonts and, when installed, every 17th glyph of Noto Serif CJK SC; the
// largest work a glyph takes is logged (glyphOps allows 65,536).
func TestCFFBounds(t *testing.T) {
	paths := []string{"../testdata/cff.otf", "../testdata/notosans-bold-subset.otf"}
	noto := "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#2"
	if _, err := os.Stat(strings.TrimSuffix(noto, "#2")); err == nil {
		paths = append(paths, noto, "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc#2")
	} else if os.Getenv("CI") == "true" {
		t.Fatal("fonts-noto-cjk is required in CI but missing")
	}
	for _, p := range paths {
		f := load(t, p)
		gc, err := cff.Parse(f.Table("CFF "))
		if err != nil {
			t.Fatal(err)
		}
		step, compared, most := 1, 0, 0
		if len(f.cff.glyphs) > 5000 {
			step = 17
		}
		for g := 0; g < len(f.cff.glyphs); g += step {
			_, want, err := gc.LoadGlyph(tables.GlyphID(g))
			if err != nil {
				t.Fatalf("%s glyph %d: go-text: %v", p, g, err)
			}
			got, ok := f.Bounds(GlyphID(g))
			if !ok {
				got = Rect{}
			}
			if got != (Rect{float64(want.Min.X), float64(want.Min.Y), float64(want.Max.X), float64(want.Max.Y)}) {
				t.Errorf("%s glyph %d: bounds %v, go-text %v", p, g, got, want)
			}
			w := subrWalker{f: f.cff, fd: int(f.cff.fdSelect[g]), maxOps: glyphOps}
			w.walk(f.cff.glyphs[g], csKey{0, 0, g}, 0)
			most = max(most, w.ops)
			compared++
		}
		t.Logf("%s: %d glyphs compared; the most operators a glyph runs: %d", p, compared, most)
	}
}

// BenchmarkCheckCharstrings: walking every glyph of Noto Serif CJK SC (65,535), what loading
// the face now pays once.
func BenchmarkCheckCharstrings(b *testing.B) {
	data, err := os.ReadFile("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
	if err != nil {
		b.Skip("fonts-noto-cjk is not installed")
	}
	face, err := Parse(data, 2)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := face.cff.checkCharstrings(); err != nil {
			b.Fatal(err)
		}
	}
	runtime.KeepAlive(face)
}
