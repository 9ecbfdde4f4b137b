package fonts

import (
	"slices"

	"nianbao/fonts/sfnt"
)

// Glyph is a glyph a document draws from a face: the face's glyph ID, and NoHalf — or, for
// punctuation compression, the half-width form of that glyph the subsetter makes (sfnt.Glyph).
// Layout chooses it; every writer draws it through the one Subset of its face.
type Glyph = sfnt.Glyph

// GlyphOf is the glyph that draws r in form h.
func (f *Face) GlyphOf(r rune, h Half) Glyph { return Glyph{ID: f.font.Glyph(r), Half: h} }

// Use is one glyph a document draws and the character it sets there (what text extraction gives
// back: a half-width form stands for its full-width character).
type Use struct {
	Glyph Glyph
	Char  rune
}

// Subset is a face cut down to the glyphs one document draws (and .notdef), made once per job:
// the font bytes the PDF, OFD and SVG writers all embed, and where each glyph went. Its cmap maps
// every character drawn to its full glyph, also where only a half-width form of it is drawn (OFD
// and SVG readers draw text through the cmap); the half-width forms are reached by glyph ID only.
type Subset struct {
	Face *Face
	Data []byte // a standalone font: TrueType (glyf) or, when Face.CFF, OpenType with a CID-keyed 'CFF ' table
	// Uses are the glyphs drawn with their characters, sorted by subset glyph, then character.
	Uses []Use
	ids  map[Glyph]sfnt.GlyphID
}

// MakeSubset cuts f down to the glyphs uses draw (sfnt.Font.SubsetGlyphs).
func MakeSubset(f *Face, uses []Use) (*Subset, error) {
	keep := make([]Glyph, 0, len(uses))
	chars := make(map[rune]Glyph, len(uses))
	for _, u := range uses {
		full := Glyph{ID: u.Glyph.ID, Half: NoHalf}
		keep = append(keep, u.Glyph)
		if u.Glyph.Half != NoHalf {
			keep = append(keep, full)
		}
		chars[u.Char] = full
	}
	slices.SortFunc(keep, func(a, b Glyph) int {
		if a.ID != b.ID {
			return int(a.ID) - int(b.ID)
		}
		return int(a.Half) - int(b.Half)
	})
	keep = slices.Compact(keep)
	data, ids, err := f.font.SubsetGlyphs(keep, chars)
	if err != nil {
		return nil, err
	}
	s := &Subset{Face: f, Data: data, Uses: slices.Clone(uses), ids: ids}
	slices.SortFunc(s.Uses, func(a, b Use) int {
		if ga, gb := ids[a.Glyph], ids[b.Glyph]; ga != gb {
			return int(ga) - int(gb)
		}
		return int(a.Char) - int(b.Char)
	})
	s.Uses = slices.Compact(s.Uses)
	return s, nil
}

// Glyph is g's glyph ID in the subset (0, .notdef, for a glyph the document does not draw).
func (s *Subset) Glyph(g Glyph) uint16 { return uint16(s.ids[g]) }

// Advance is g's advance in em: the face's, or half an em for a half-width form.
func (s *Subset) Advance(g Glyph) float64 {
	if g.Half != NoHalf {
		upem := s.Face.font.UnitsPerEm()
		return float64(upem/2) / float64(upem) // as the subsetter sets it, in whole font units
	}
	return s.Face.font.GlyphAdvance(g.ID)
}

// Table returns one of the subset's tables ("CFF " …), nil if it has none.
func (s *Subset) Table(tag string) []byte {
	f, err := sfnt.Parse(s.Data, 0)
	if err != nil {
		return nil
	}
	return f.Table(tag)
}
