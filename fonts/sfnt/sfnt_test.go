package sfnt

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
)

// load parses a font file for a test; "path#N" is face N of a collection.
func load(t testing.TB, path string) *Font {
	t.Helper()
	index := 0
	if i := strings.LastIndexByte(path, '#'); i > 0 {
		index, _ = strconv.Atoi(path[i+1:])
		path = path[:i]
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data, index)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

func TestSplitAndParse(t *testing.T) {
	data, _ := os.ReadFile("../testdata/heiti.ttc")
	for i := 0; i < 2; i++ {
		sf, err := Split(data, i)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(sf, 0)
		if err != nil {
			t.Fatalf("face %d: %v", i, err)
		}
		if !f.Has('测') && !f.Has('黑') {
			t.Errorf("face %d has neither test character", i)
		}
	}
	for _, bad := range [][]byte{nil, []byte("ttcf"), []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x05"), data[:40]} {
		if _, err := Split(bad, 0); err == nil {
			t.Errorf("Split(%q) succeeded", bad)
		}
	}
}

func TestSubset(t *testing.T) {
	f := load(t, "../default/body.ttf")
	text := []rune("政府信息公开，“引号”2023年ABC")
	sub, err := f.Subset(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) > 40000 {
		t.Errorf("subset of %d characters is %d bytes", len(text), len(sub))
	}
	sf, err := Parse(sub, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range text {
		if !sf.Has(r) || sf.Advance(r) != f.Advance(r) {
			t.Errorf("%q: has %v, advance %.3f, want %.3f", r, sf.Has(r), sf.Advance(r), f.Advance(r))
		}
	}
	if sf.Has('人') {
		t.Error("the subset has a character it was not asked for")
	}
}

func FuzzSplit(f *testing.F) {
	data, _ := os.ReadFile("../testdata/heiti.ttc")
	f.Add(data[:4096], 1)
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x02\x00\x00\x00\x14\x00\x00\x00\x20"), 0)
	f.Fuzz(func(t *testing.T, b []byte, i int) {
		out, err := Split(b, i)
		if err == nil && len(out) < 12 {
			t.Fatal("short output without error")
		}
	})
}

// FuzzParse covers the table directory, cmap, hmtx and name readers, bounds and halves (glyf and
// CFF), and both ways of subsetting: no panic, and a subset that is made parses again with the
// same characters.
func FuzzParse(f *testing.F) {
	ttf, _ := os.ReadFile("../testdata/fangsong.ttf")
	f.Add(ttf)
	f.Add(ttf[:2000])
	otf, _ := os.ReadFile("../testdata/notosans-bold-subset.otf")
	f.Add(otf)
	f.Fuzz(func(t *testing.T, b []byte) {
		face, err := Parse(b, 0)
		if err != nil {
			return
		}
		for _, r := range "仿A " {
			face.Advance(r)
		}
		// a subset of an accepted font is itself an accepted font with the same characters
		sub, err := face.Subset([]rune("仿宋A "))
		if err != nil {
			return
		}
		sface, err := Parse(sub, 0)
		if err != nil {
			t.Fatalf("subset does not parse: %v", err)
		}
		for _, r := range "仿宋A " {
			if face.Has(r) != sface.Has(r) || face.Has(r) && face.Advance(r) != sface.Advance(r) {
				t.Fatalf("subset changed %q", r)
			}
		}
		face.Metrics()
		for g := range min(face.NumGlyphs(), 64) {
			face.Bounds(GlyphID(g))
		}
		keep := []Glyph{{face.Glyph('A'), NoHalf}}
		for _, r := range "（），" {
			if h := face.Half(r); h != NoHalf {
				keep = append(keep, Glyph{face.Glyph(r), h})
			}
		}
		if sub, ids, err := face.SubsetGlyphs(keep, nil); err == nil {
			sface, err := Parse(sub, 0)
			if err != nil {
				t.Fatalf("glyph subset does not parse: %v", err)
			}
			for _, g := range keep {
				if id, ok := ids[g]; !ok || int(id) >= sface.NumGlyphs() {
					t.Fatalf("glyph %v: new ID %d (%v) of %d", g, id, ok, sface.NumGlyphs())
				}
			}
		}
		ReadNames(bytes.NewReader(b))
	})
}

// TestCmapTable: a subset's cmap maps every character to its new glyph — through the format-4
// subtable for the BMP, and through the format-12 one, written only when needed, beyond it.
func TestCmapTable(t *testing.T) {
	for _, chars := range []map[rune]int{
		{'A': 10, 'B': 11, '政': 40, '，': 7},
		{'A': 10, '政': 40, 0x20BB7: 99, 0x20BB8: 100, 0x2A6D6: 5},
	} {
		newID := map[rune]int{}
		for r, g := range chars {
			newID[r] = g + 1000
		}
		data := cmapTable(newID)
		f := &directory{data: data, tables: map[string]tableRec{"cmap": {off: 0, size: uint32(len(data))}}}
		m, err := f.cmap()
		if err != nil {
			t.Fatal(err)
		}
		beyond := false
		for r, g := range chars {
			beyond = beyond || r > 0xFFFF
			if got := m.lookup(r); int(got) != g+1000 {
				t.Errorf("%U: glyph %d, want %d", r, got, g+1000)
			}
		}
		if want := map[bool]int{false: 4, true: 12}[beyond]; m.format != want {
			t.Errorf("best subtable format %d, want %d", m.format, want)
		}
		if m.lookup('C') != 0 || m.lookup(0x20BB9) != 0 {
			t.Error("a character not asked for is mapped")
		}
	}
}
