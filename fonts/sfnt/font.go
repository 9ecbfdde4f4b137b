package sfnt

import (
	"fmt"
	"strings"
	"sync"
)

// GlyphID is a glyph's index in a font (0 is .notdef).
type GlyphID uint16

// Font is one parsed font face: a standalone TrueType font or a CFF-flavoured OpenType one. It is
// safe for concurrent use; nothing in it changes after Parse but the half-width answers, worked
// out once on first use.
type Font struct {
	data       []byte
	dir        *directory
	names      []string // family names (name IDs 1 and 16)
	cmap       charMap
	adv        []uint16 // advance per glyph, numGlyphs long
	upem       int
	restricted bool

	cff        *cffFont // a CFF face's parsed 'CFF ' table
	glyf, loca []byte   // a TrueType face's outlines
	longLoca   bool

	halvesOnce sync.Once
	halves     map[rune]Half
}

// Parse reads a font file: a .ttf or .otf, or face index of a collection (.ttc, .otc), which is
// then split out as a standalone font (Split). Every table the package reads is checked here, and
// every charstring of a CFF face walked once (a *CharstringError if one cannot be), so that a font
// it cannot use is refused now, not halfway through a document.
func Parse(data []byte, index int) (*Font, error) {
	tag, ok := u32(data, 0)
	if !ok {
		return nil, errTruncated
	}
	if tag == tagTTCF {
		var err error
		if data, err = Split(data, index); err != nil {
			return nil, err
		}
	} else if index != 0 {
		return nil, fmt.Errorf("face %d does not exist: not a collection", index)
	}
	dir, err := parseDir(data, 0)
	if err != nil {
		return nil, err
	}
	c, err := dir.validate()
	if err != nil {
		return nil, err
	}
	cm, err := dir.cmap()
	if err != nil {
		return nil, err
	}
	upem, adv, err := dir.metrics()
	if err != nil {
		return nil, err
	}
	if c != nil {
		// every glyph's charstring, walked once now: no outline read later can run away
		if err := c.checkCharstrings(); err != nil {
			return nil, err
		}
	}
	f := &Font{data: data, dir: dir, names: dir.names(), cmap: cm, adv: adv, upem: upem,
		restricted: dir.fsType()&0x000F == 0x0002, cff: c}
	if !dir.cff {
		f.glyf, f.loca = dir.table("glyf"), dir.table("loca")
		f.longLoca = be.Uint16(dir.table("head")[50:]) == 1 // validate: head is 54 bytes or more
	}
	return f, nil
}

// Data is the font file (for a collection's face, the face split out as a standalone font).
func (f *Font) Data() []byte { return f.data }

// CFF reports whether the face has PostScript (CFF) outlines rather than TrueType ones.
func (f *Font) CFF() bool { return f.dir.cff }

// Restricted reports whether OS/2 fsType forbids embedding (bit 1, "restricted licence").
func (f *Font) Restricted() bool { return f.restricted }

// FamilyNames are the family names the name table declares (name IDs 1 and 16, every platform
// and language, Chinese and English), in table order.
func (f *Font) FamilyNames() []string { return append([]string(nil), f.names...) }

// UnitsPerEm is the font's design grid (head.unitsPerEm).
func (f *Font) UnitsPerEm() int { return f.upem }

// NumGlyphs is the number of glyphs (maxp.numGlyphs).
func (f *Font) NumGlyphs() int { return len(f.adv) }

// Glyph is r's glyph (0, .notdef, when the font lacks r).
func (f *Font) Glyph(r rune) GlyphID {
	g := f.cmap.lookup(r)
	if int(g) >= len(f.adv) {
		return 0
	}
	return GlyphID(g)
}

// Has reports whether the font has a glyph for r.
func (f *Font) Has(r rune) bool { return f.Glyph(r) != 0 }

// Advance is r's advance width in em (0 if the font lacks it).
func (f *Font) Advance(r rune) float64 {
	g := f.Glyph(r)
	if g == 0 {
		return 0
	}
	return f.GlyphAdvance(g)
}

// GlyphAdvance is glyph g's advance width in em (0 for a glyph the font does not have).
func (f *Font) GlyphAdvance(g GlyphID) float64 {
	if int(g) >= len(f.adv) {
		return 0
	}
	return float64(f.adv[g]) / float64(f.upem)
}

// Table returns one of the font's tables ("CFF ", "glyf" …), nil if it has none.
func (f *Font) Table(tag string) []byte { return f.dir.table(tag) }

// Metrics are the face-wide figures a PDF font descriptor needs (PDF 32000-1 §9.8.1), lengths in em.
type Metrics struct {
	PostScriptName             string // name ID 6, else the first family name without spaces
	BBox                       [4]float64
	Ascent, Descent, CapHeight float64
}

// Metrics reads the font's head, hhea, OS/2 and name tables.
func (f *Font) Metrics() Metrics {
	var m Metrics
	if len(f.names) > 0 {
		m.PostScriptName = strings.ReplaceAll(f.names[0], " ", "")
	}
	if ps := nameStrings(f.dir.table("name"), 6); len(ps) > 0 && ps[0] != "" {
		m.PostScriptName = ps[0]
	}
	upem := float64(f.upem)
	i16 := func(t []byte, off int) float64 {
		v, ok := u16(t, off)
		if !ok {
			return 0
		}
		return float64(int16(v)) / upem
	}
	head, hhea, os2 := f.dir.table("head"), f.dir.table("hhea"), f.dir.table("OS/2")
	m.BBox = [4]float64{i16(head, 36), i16(head, 38), i16(head, 40), i16(head, 42)}
	m.Ascent, m.Descent = i16(hhea, 4), i16(hhea, 6)
	m.CapHeight = m.Ascent
	if v, ok := u16(os2, 0); ok && v >= 2 && len(os2) >= 90 {
		m.CapHeight = i16(os2, 88) // sCapHeight, OS/2 version 2 and later
	}
	return m
}

// Rect is a glyph's bounding box in font units.
type Rect struct{ XMin, YMin, XMax, YMax float64 }

// Bounds is glyph g's outline bounding box in font units: a TrueType glyph's from its glyf header,
// a CFF glyph's from its charstring, control points included (FreeType's control box). ok is
// false for an empty glyph or one that cannot be read.
func (f *Font) Bounds(g GlyphID) (b Rect, ok bool) {
	if f.cff != nil {
		return f.cff.bounds(int(g))
	}
	data, err := f.glyphData(int(g))
	if err != nil || len(data) < 10 {
		return b, false
	}
	i16 := func(off int) float64 { return float64(int16(be.Uint16(data[off:]))) }
	return Rect{i16(2), i16(4), i16(6), i16(8)}, true
}
