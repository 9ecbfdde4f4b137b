package fonts

// Half-width forms of full-width punctuation, for punctuation compression (clreq §3.1.6, JIS X
// 4051 §4.4): a full-width bracket, quote or stop has its ink in one half of its em and the other
// half blank, and adjacent punctuation drops one of those blank halves. Layout decides what to
// compress (it asks Face.Half which half holds the ink); the PDF writer draws a half-width glyph
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
// punctuation, fullwidth forms) whose ink lies within one half; NoHalf otherwise. The answers
// for a face are worked out once (a CFF face's bounds by the package's charstring walker, on
// charstrings checked when the face was loaded): layout asks for every pair of neighbours.
func (f *Face) Half(r rune) Half {
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

func (f *Face) half(r rune) Half {
	g := f.cmap.lookup(r)
	if g == 0 || int(g) >= len(f.adv) || float64(f.adv[g]) != f.upem {
		return NoHalf
	}
	var xMin, xMax float64
	switch {
	case f.cff != nil:
		b, ok := f.cff.bounds(int(g))
		if !ok || b[2] <= b[0] {
			return NoHalf
		}
		xMin, xMax = b[0], b[2]
	case f.glyf != nil:
		data, err := f.glyphData(int(g))
		if err != nil || len(data) < 10 {
			return NoHalf
		}
		xMin, xMax = float64(int16(be.Uint16(data[2:]))), float64(int16(be.Uint16(data[6:])))
	default:
		return NoHalf
	}
	// a little ink past the middle (a quote's tail) still leaves the other half blank enough
	const slack = 0.04
	switch {
	case xMin >= 0 && xMax <= f.upem*(0.5+slack):
		return HalfLeft
	case xMin >= f.upem*(0.5-slack) && xMax <= f.upem:
		if f.cff != nil { // its outline must be movable: the subsetter flattens and shifts it
			if cs, err := f.cff.flatten(int(g)); err != nil {
				return NoHalf
			} else if _, err := shiftCharstring(cs, -int(f.upem)/2); err != nil {
				return NoHalf
			}
		}
		return HalfRight
	}
	return NoHalf
}

// glyphData is glyph g's bytes in the glyf table of a TrueType face.
func (f *Face) glyphData(g int) ([]byte, error) {
	var a, b int
	if f.longLoca {
		if 4*g+8 > len(f.loca) {
			return nil, errTruncated
		}
		a, b = int(be.Uint32(f.loca[4*g:])), int(be.Uint32(f.loca[4*g+4:]))
	} else {
		if 2*g+4 > len(f.loca) {
			return nil, errTruncated
		}
		a, b = 2*int(be.Uint16(f.loca[2*g:])), 2*int(be.Uint16(f.loca[2*g+2:]))
	}
	if a > b || b > len(f.glyf) {
		return nil, errTruncated
	}
	return f.glyf[a:b], nil
}
