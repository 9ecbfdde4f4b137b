package sfnt

import "errors"

// The TrueType outlines (glyf and loca, ISO/IEC 14496-22 §5.3): the one reader of them in the
// package, for bounds (Font.Bounds, Font.Half) and for the subsetter, which follows composite
// glyphs to their components and renumbers them.

// glyphData is glyph g's bytes in the glyf table of a TrueType face.
func (f *Font) glyphData(g int) ([]byte, error) {
	var a, b int
	if f.longLoca {
		if g < 0 || 4*g+8 > len(f.loca) {
			return nil, errTruncated
		}
		a, b = int(be.Uint32(f.loca[4*g:])), int(be.Uint32(f.loca[4*g+4:]))
	} else {
		if g < 0 || 2*g+4 > len(f.loca) {
			return nil, errTruncated
		}
		a, b = 2*int(be.Uint16(f.loca[2*g:])), 2*int(be.Uint16(f.loca[2*g+2:]))
	}
	if a > b || b > len(f.glyf) {
		return nil, errTruncated
	}
	return f.glyf[a:b], nil
}

type component struct{ at, gid int }

// components lists the component glyphs of a composite glyph (none for a simple one), with the
// offset of each glyph index in data.
func components(data []byte) ([]component, error) {
	if len(data) < 10 || int16(be.Uint16(data)) >= 0 {
		return nil, nil
	}
	var out []component
	p := 10
	for {
		if p+4 > len(data) {
			return nil, errors.New("composite glyph truncated")
		}
		flags := be.Uint16(data[p:])
		out = append(out, component{p + 2, int(be.Uint16(data[p+2:]))})
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			return out, nil
		}
	}
}
