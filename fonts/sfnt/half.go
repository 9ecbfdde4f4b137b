package sfnt

// Half-width forms of full-width punctuation, for punctuation compression (clreq §3.1.6, JIS X
// 4051 §4.4): a full-width bracket, quote or stop has its ink in one half of its em and the other
// half blank, and adjacent punctuation drops one of those blank halves. Layout decides what to
// compress (it asks Font.Half which half holds the ink); the PDF writer draws a half-width glyph
// that the subsetter adds, with an advance of half an em: the full glyph, moved left by half an em
// for a glyph whose ink is on the right (an opening bracket) — in a TrueType face a composite of
// it, in a CFF face its charstring with the subroutines inlined and the first moveto moved. Its box is then the
// half that holds ink, so text extraction reads it as a narrow glyph, not as two glyphs overlapping.

// Half is the half of an em that holds a full-width punctuation glyph's ink.
type Half int8

const (
	NoHalf    Half = iota
	HalfLeft       // ink on the left, blank on the right: closing brackets and quotes, 。，、 …
	HalfRight      // ink on the right, blank on the left: opening brackets and quotes
)

// The half-width forms reach the subsetter and the writers as private-use characters (planes 15
// and 16) that no text contains: one per form of a BMP character.
const (
	halfLeftBase  = 0xF0000
	halfRightBase = 0x100000
)

// HalfRune is the private-use character that stands for r's half-width form h.
func HalfRune(r rune, h Half) rune {
	switch {
	case r > 0xFFFF:
		return r
	case h == HalfLeft:
		return halfLeftBase + r
	case h == HalfRight:
		return halfRightBase + r
	}
	return r
}

// SplitHalf is HalfRune reversed: the character and the form a rune stands for.
func SplitHalf(r rune) (rune, Half) {
	switch {
	case r >= halfRightBase && r <= halfRightBase+0xFFFF:
		return r - halfRightBase, HalfRight
	case r >= halfLeftBase && r <= halfLeftBase+0xFFFF:
		return r - halfLeftBase, HalfLeft
	}
	return r, NoHalf
}

// Half says which half of r's em holds its ink, if r is one-em punctuation (general or CJK
// punctuation, fullwidth forms) whose ink lies within one half (its Bounds); NoHalf otherwise. The
// answers for a font are worked out once: layout asks for every pair of neighbours.
func (f *Font) Half(r rune) Half {
	if !(r >= 0x2010 && r <= 0x205E || r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF65) {
		return NoHalf
	}
	f.halvesOnce.Do(func() {
		f.halves = map[rune]Half{}
		for _, rg := range [][2]rune{{0x2010, 0x205E}, {0x3000, 0x303F}, {0xFF01, 0xFF65}} {
			for c := rg[0]; c <= rg[1]; c++ {
				if h := f.half(c); h != NoHalf {
					f.halves[c] = h
				}
			}
		}
	})
	return f.halves[r]
}

func (f *Font) half(r rune) Half {
	g := f.Glyph(r)
	if g == 0 || int(f.adv[g]) != f.upem {
		return NoHalf
	}
	b, ok := f.Bounds(g)
	if !ok || f.cff != nil && b.XMax <= b.XMin {
		return NoHalf
	}
	// a little ink past the middle (a quote's tail) still leaves the other half blank enough
	const slack = 0.04
	upem := float64(f.upem)
	switch {
	case b.XMin >= 0 && b.XMax <= upem*(0.5+slack):
		return HalfLeft
	case b.XMin >= upem*(0.5-slack) && b.XMax <= upem:
		if f.cff != nil { // its outline must be movable: the subsetter flattens and shifts it
			if cs, err := f.cff.flatten(int(g)); err != nil {
				return NoHalf
			} else if _, err := shiftCharstring(cs, -f.upem/2); err != nil {
				return NoHalf
			}
		}
		return HalfRight
	}
	return NoHalf
}
