package fonts

import (
	"errors"
	"fmt"
	"sort"
)

// Subset returns a standalone font with only the glyphs for runes (and .notdef, and the
// components of composite glyphs), renumbered, with a format-4 cmap (and a format-12 one for
// characters beyond the BMP) and post format 3. A TrueType face gives a TrueType font with long
// loca; a CFF face gives an OpenType font whose 'CFF ' table is a CID-keyed subset (cff.go).
//
// The PDF, OFD and SVG writers embed these subsets. Characters the face lacks are skipped
// (layout never sends them).
func (f *Face) Subset(runes []rune) ([]byte, error) {
	sf, err := parseDir(f.Data, 0)
	if err != nil {
		return nil, err
	}
	head, hhea, maxp := sf.table("head"), sf.table("hhea"), sf.table("maxp")
	loca, glyf, hmtx := sf.table("loca"), sf.table("glyf"), sf.table("hmtx")
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errTruncated
	}
	numGlyphs := int(be.Uint16(maxp[4:]))
	longLoca := be.Uint16(head[50:]) == 1
	nh := int(be.Uint16(hhea[34:]))
	if nh == 0 || 4*nh > len(hmtx) {
		return nil, errTruncated
	}
	glyph := func(g int) ([]byte, error) {
		if sf.cff {
			return nil, nil // no composites to follow: CFF glyphs stand alone
		}
		var a, b int
		if longLoca {
			if 4*g+8 > len(loca) {
				return nil, errTruncated
			}
			a, b = int(be.Uint32(loca[4*g:])), int(be.Uint32(loca[4*g+4:]))
		} else {
			if 2*g+4 > len(loca) {
				return nil, errTruncated
			}
			a, b = 2*int(be.Uint16(loca[2*g:])), 2*int(be.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(glyf) {
			return nil, errTruncated
		}
		return glyf[a:b], nil
	}
	// the glyphs to keep: .notdef, the characters', and their composite components
	keep := map[int]bool{0: true}
	cmap := map[rune]int{}
	var todo []int
	type halfGlyph struct {
		r    rune // the private-use character standing for it (HalfRune)
		base int  // the full-width glyph
		dx   int  // how far its outline moves, in font units
	}
	var halves []halfGlyph
	for _, r := range runes {
		if base, h := SplitHalf(r); h != NoHalf {
			g := f.cmap.lookup(base)
			if g == 0 || int(g) >= numGlyphs {
				continue // layout asks only for the forms Face.Half offers
			}
			dx := 0
			if h == HalfRight {
				dx = -int(f.upem) / 2
			}
			halves = append(halves, halfGlyph{r, int(g), dx})
			if !keep[int(g)] {
				keep[int(g)] = true
				todo = append(todo, int(g))
			}
			continue
		}
		if g := f.cmap.lookup(r); g != 0 && int(g) < numGlyphs {
			cmap[r] = int(g)
			if !keep[int(g)] {
				keep[int(g)] = true
				todo = append(todo, int(g))
			}
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		comps, err := components(data)
		if err != nil {
			return nil, err
		}
		for _, c := range comps {
			if c.gid >= numGlyphs {
				return nil, errTruncated
			}
			if !keep[c.gid] {
				keep[c.gid] = true
				todo = append(todo, c.gid)
			}
		}
	}
	order := make([]int, 0, len(keep))
	for g := range keep {
		order = append(order, g)
	}
	sort.Ints(order)
	newID := make(map[int]int, len(order))
	for i, g := range order {
		newID[g] = i
	}
	// the half-width forms follow the kept glyphs; in cmap and newID they go by -1, -2, …
	for i, h := range halves {
		cmap[h.r] = -1 - i
		newID[-1-i] = len(order) + i
	}
	total := len(order) + len(halves)

	// hmtx: the kept glyphs' advances and side bearings, then the half-width forms'
	newHmtx := make([]byte, 4*total)
	metric := func(g int) (adv, lsb []byte) {
		adv, lsb = hmtx[4*(nh-1):4*(nh-1)+2], []byte{0, 0}
		if g < nh {
			adv, lsb = hmtx[4*g:4*g+2], hmtx[4*g+2:4*g+4]
		} else if p := 4*nh + 2*(g-nh); p+2 <= len(hmtx) {
			lsb = hmtx[p : p+2]
		}
		return adv, lsb
	}
	for i, g := range order {
		adv, lsb := metric(g)
		copy(newHmtx[4*i:], adv)
		copy(newHmtx[4*i+2:], lsb)
	}
	for i, h := range halves {
		_, lsb := metric(h.base)
		be.PutUint16(newHmtx[4*(len(order)+i):], uint16(f.upem)/2)
		be.PutUint16(newHmtx[4*(len(order)+i)+2:], uint16(int16(be.Uint16(lsb))+int16(h.dx)))
	}
	newHead := append([]byte(nil), head...)
	be.PutUint32(newHead[8:], 0) // checkSumAdjustment: not needed inside a PDF
	newHhea := append([]byte(nil), hhea...)
	be.PutUint16(newHhea[34:], uint16(total))
	newMaxp := append([]byte(nil), maxp...)
	be.PutUint16(newMaxp[4:], uint16(total))
	if len(halves) > 0 && len(newMaxp) >= 32 { // version 1.0: the composites' element count and depth
		be.PutUint16(newMaxp[28:], max(be.Uint16(newMaxp[28:]), 1))
		be.PutUint16(newMaxp[30:], max(be.Uint16(newMaxp[30:]), 1))
	}
	post := sf.table("post")
	if len(post) < 32 {
		return nil, errTruncated
	}
	newPost := append([]byte(nil), post[:32]...)
	be.PutUint32(newPost, 0x00030000) // format 3: no glyph names
	tables := map[string][][]byte{
		"cmap": {cmapTable(cmap, newID)}, "head": {newHead}, "hhea": {newHhea}, "hmtx": {newHmtx},
		"maxp": {newMaxp}, "post": {newPost}, "name": {sf.table("name")}, "OS/2": {sf.table("OS/2")},
	}

	if sf.cff {
		extra := make([]cffGlyph, len(halves))
		for i, h := range halves {
			extra[i].base = h.base
			if h.dx != 0 {
				cs, err := f.cff.flatten(h.base)
				if err == nil {
					cs, err = shiftCharstring(cs, h.dx)
				}
				if err != nil {
					return nil, fmt.Errorf("half-width form of glyph %d: %w", h.base, err)
				}
				extra[i].cs = cs
			}
		}
		cff, err := subsetCFF(f.cff, order, extra, f.Metrics().PostScriptName)
		if err != nil {
			return nil, err
		}
		tables["CFF "] = [][]byte{cff}
		return assemble(tagOTTO, tables), nil
	}

	// glyf, loca (long): the kept glyphs' bytes are not copied here but handed to assemble as
	// pieces (a composite's component IDs are renumbered in a copy), each followed by its padding
	pieces := make([][]byte, 0, 2*total)
	pos := 0
	newLoca := make([]byte, 4*(total+1))
	var zeros [3]byte
	add := func(data []byte) {
		pieces = append(pieces, data)
		pos += len(data)
		if pad := (4 - len(data)%4) % 4; pad > 0 {
			pieces = append(pieces, zeros[:pad])
			pos += pad
		}
	}
	for i, g := range order {
		be.PutUint32(newLoca[4*i:], uint32(pos))
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		if comps, _ := components(data); len(comps) > 0 {
			data = append([]byte(nil), data...)
			for _, c := range comps {
				be.PutUint16(data[c.at:], uint16(newID[c.gid]))
			}
		}
		add(data)
	}
	// each half-width form: a composite of its full-width glyph, moved by dx (ARG_1_AND_2_ARE_WORDS
	// | ARGS_ARE_XY_VALUES), with the full glyph's bounding box moved alike
	for i, h := range halves {
		be.PutUint32(newLoca[4*(len(order)+i):], uint32(pos))
		data, err := glyph(h.base)
		if err != nil || len(data) < 10 {
			return nil, errTruncated
		}
		moved := func(off int) uint16 { return uint16(int16(be.Uint16(data[off:])) + int16(h.dx)) }
		c := make([]byte, 18)
		be.PutUint16(c, 0xFFFF)       // numberOfContours −1
		be.PutUint16(c[2:], moved(2)) // xMin
		copy(c[4:6], data[4:6])       // yMin
		be.PutUint16(c[6:], moved(6)) // xMax
		copy(c[8:10], data[8:10])     // yMax
		be.PutUint16(c[10:], 0x0003)
		be.PutUint16(c[12:], uint16(newID[h.base]))
		be.PutUint16(c[14:], uint16(int16(h.dx))) // and dy, c[16:18], 0
		add(c)
	}
	be.PutUint32(newLoca[4*total:], uint32(pos))
	be.PutUint16(newHead[50:], 1)
	tables["glyf"], tables["loca"] = pieces, [][]byte{newLoca}
	for _, tag := range []string{"cvt ", "fpgm", "prep", "gasp"} { // hinting, if the face has it
		if t := sf.table(tag); t != nil {
			tables[tag] = [][]byte{t}
		}
	}
	return assemble(tagTrue, tables), nil
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

// cmapTable builds the subset's cmap: a Windows Unicode BMP subtable (format 4: one segment per
// run of consecutive characters with consecutive glyphs, idRangeOffset 0) for the characters up to
// U+FFFF, and, when there are characters beyond it (生僻字 such as 𠮷 U+20BB7), a Windows full
// Unicode subtable (3/10, format 12) for all of them, as OpenType requires for such fonts.
func cmapTable(cmap map[rune]int, newID map[int]int) []byte {
	rs := make([]int, 0, len(cmap))
	for r := range cmap {
		rs = append(rs, int(r))
	}
	sort.Ints(rs)
	type seg struct{ start, end, delta int }
	var segs, groups []seg
	for _, r := range rs {
		g := newID[cmap[rune(r)]]
		if n := len(groups); n > 0 && groups[n-1].end == r-1 && groups[n-1].delta == g-r {
			groups[n-1].end = r
		} else {
			groups = append(groups, seg{r, r, g - r})
		}
		if r > 0xFFFF {
			continue
		}
		if n := len(segs); n > 0 && segs[n-1].end == r-1 && segs[n-1].delta == g-r {
			segs[n-1].end = r
			continue
		}
		segs = append(segs, seg{r, r, g - r})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	f4 := make([]byte, 16+8*n)
	be.PutUint16(f4[0:], 4)
	be.PutUint16(f4[2:], uint16(len(f4)))
	be.PutUint16(f4[6:], uint16(2*n))
	sr := 1
	for sr*2 <= n {
		sr *= 2
	}
	be.PutUint16(f4[8:], uint16(2*sr))
	es := 0
	for 1<<(es+1) <= sr {
		es++
	}
	be.PutUint16(f4[10:], uint16(es))
	be.PutUint16(f4[12:], uint16(2*n-2*sr))
	for i, s := range segs {
		be.PutUint16(f4[14+2*i:], uint16(s.end))
		be.PutUint16(f4[16+2*n+2*i:], uint16(s.start))
		be.PutUint16(f4[16+4*n+2*i:], uint16(s.delta))
		// idRangeOffset stays 0
	}
	var f12 []byte
	if len(rs) > 0 && rs[len(rs)-1] > 0xFFFF {
		f12 = make([]byte, 16+12*len(groups))
		be.PutUint16(f12[0:], 12)
		be.PutUint32(f12[4:], uint32(len(f12)))
		be.PutUint32(f12[12:], uint32(len(groups)))
		for i, g := range groups {
			be.PutUint32(f12[16+12*i:], uint32(g.start))
			be.PutUint32(f12[20+12*i:], uint32(g.end))
			be.PutUint32(f12[24+12*i:], uint32(g.start+g.delta))
		}
	}
	subtables := 1
	if f12 != nil {
		subtables = 2
	}
	head := 4 + 8*subtables
	out := make([]byte, head, head+len(f4)+len(f12))
	be.PutUint16(out[2:], uint16(subtables))
	be.PutUint16(out[4:], 3) // Windows
	be.PutUint16(out[6:], 1) // Unicode BMP
	be.PutUint32(out[8:], uint32(head))
	if f12 != nil {
		be.PutUint16(out[12:], 3)  // Windows
		be.PutUint16(out[14:], 10) // Unicode full repertoire
		be.PutUint32(out[16:], uint32(head+len(f4)))
	}
	return append(append(out, f4...), f12...)
}

// assemble writes an sfnt with the given signature from its tables, each given as pieces to be
// joined: directory sorted by tag, tables 4-byte aligned. A piece that does not end on a 4-byte
// boundary must be followed by its zero padding (the checksum adds up whole 4-byte words).
func assemble(signature uint32, tables map[string][][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	size := 12 + 16*n
	for _, t := range tables {
		for _, piece := range t {
			size += len(piece)
		}
		size += 3
	}
	out := make([]byte, 12+16*n, size)
	be.PutUint32(out, signature)
	be.PutUint16(out[4:], uint16(n))
	sr := 1
	for sr*2 <= n {
		sr *= 2
	}
	es := 0
	for 1<<(es+1) <= sr {
		es++
	}
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*n-16*sr))
	for i, t := range tags {
		p := 12 + 16*i
		start := len(out)
		var sum uint32
		for _, piece := range tables[t] {
			sum += checksum(piece)
			out = append(out, piece...)
		}
		copy(out[p:], t)
		be.PutUint32(out[p+4:], sum)
		be.PutUint32(out[p+8:], uint32(start))
		be.PutUint32(out[p+12:], uint32(len(out)-start))
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}
