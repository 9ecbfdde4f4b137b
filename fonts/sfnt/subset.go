package sfnt

import (
	"fmt"
	"slices"
	"sort"
)

// Glyph names a glyph a subset is asked to keep: a source glyph, or (Half not NoHalf) the
// half-width form of one that the subsetter synthesizes (half.go).
type Glyph struct {
	ID   GlyphID
	Half Half
}

// Subset returns a standalone font with only the glyphs for runes (and .notdef, and the
// components of composite glyphs), renumbered, with a format-4 cmap (and a format-12 one for
// characters beyond the BMP) and post format 3. A rune made by HalfRune asks for a half-width
// form, mapped from that private-use rune. Characters the font lacks are skipped.
func (f *Font) Subset(runes []rune) ([]byte, error) { return f.subsetRunes(runes, false) }

func (f *Font) subsetRunes(runes []rune, keepNumbers bool) ([]byte, error) {
	keep := make([]Glyph, 0, len(runes))
	chars := make(map[rune]Glyph, len(runes))
	for _, r := range runes {
		base, h := SplitHalf(r)
		g := f.Glyph(base)
		if g == 0 {
			continue // layout asks only for characters the font has
		}
		keep = append(keep, Glyph{g, h})
		chars[r] = Glyph{g, h}
	}
	data, _, err := f.subset(keep, chars, keepNumbers)
	return data, err
}

// SubsetGlyphs returns a standalone font with only the glyphs keep (and .notdef, and the
// components of composite glyphs) and, for each glyph of keep, its ID in the subset. The source
// glyphs keep their order; the half-width forms follow them, in the order keep first names them.
// chars, which may be nil, become the subset's cmap: each character mapped to a glyph of keep,
// for readers that find glyphs through the font's cmap (web fonts, OFD) rather than by ID.
func (f *Font) SubsetGlyphs(keep []Glyph, chars map[rune]Glyph) ([]byte, map[Glyph]GlyphID, error) {
	kept := make(map[Glyph]bool, len(keep))
	for _, g := range keep {
		if int(g.ID) >= len(f.adv) || g.Half < NoHalf || g.Half > HalfRight {
			return nil, nil, fmt.Errorf("glyph %d (half %d) is not in the font (%d glyphs)", g.ID, g.Half, len(f.adv))
		}
		kept[g] = true
	}
	for r, g := range chars {
		if !kept[g] {
			return nil, nil, fmt.Errorf("character %U is mapped to glyph %d (half %d), which is not kept", r, g.ID, g.Half)
		}
	}
	return f.subset(keep, chars, false)
}

// subset is Subset and SubsetGlyphs; keepNumbers forces the CFF subsetter's fallback (subsetCFF),
// for a test.
func (f *Font) subset(keep []Glyph, chars map[rune]Glyph, keepNumbers bool) ([]byte, map[Glyph]GlyphID, error) {
	sf := f.dir
	head, hhea, maxp := sf.table("head"), sf.table("hhea"), sf.table("maxp")
	hmtx := sf.table("hmtx")
	numGlyphs := len(f.adv)
	nh := int(be.Uint16(hhea[34:])) // validate and metrics: 1 ≤ nh, 4·nh ≤ len(hmtx)
	glyph := func(g int) ([]byte, error) {
		if f.cff != nil {
			return nil, nil // no composites to follow: CFF glyphs stand alone
		}
		return f.glyphData(g)
	}
	// the glyphs to keep: .notdef, the ones asked for, and their composite components
	kept := map[int]bool{0: true}
	var todo []int
	type halfGlyph struct {
		Glyph
		dx int // how far its outline moves, in font units
	}
	var halves []halfGlyph
	for _, k := range keep {
		if k.Half != NoHalf {
			if slices.ContainsFunc(halves, func(h halfGlyph) bool { return h.Glyph == k }) {
				continue
			}
			dx := 0
			if k.Half == HalfRight {
				dx = -f.upem / 2
			}
			halves = append(halves, halfGlyph{k, dx})
		}
		if g := int(k.ID); !kept[g] {
			kept[g] = true
			todo = append(todo, g)
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		data, err := glyph(g)
		if err != nil {
			return nil, nil, err
		}
		comps, err := components(data)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range comps {
			if c.gid >= numGlyphs {
				return nil, nil, errTruncated
			}
			if !kept[c.gid] {
				kept[c.gid] = true
				todo = append(todo, c.gid)
			}
		}
	}
	order := make([]int, 0, len(kept))
	for g := range kept {
		order = append(order, g)
	}
	sort.Ints(order)
	newID := make(map[int]int, len(order)) // source glyph → subset glyph
	for i, g := range order {
		newID[g] = i
	}
	// the half-width forms follow the kept glyphs
	total := len(order) + len(halves)
	gids := make(map[Glyph]GlyphID, len(keep))
	for _, k := range keep {
		if k.Half == NoHalf {
			gids[k] = GlyphID(newID[int(k.ID)])
		}
	}
	for i, h := range halves {
		gids[h.Glyph] = GlyphID(len(order) + i)
	}
	cmap := make(map[rune]int, len(chars))
	for r, g := range chars {
		cmap[r] = int(gids[g])
	}

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
		_, lsb := metric(int(h.ID))
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
	post := sf.table("post") // validate: 32 bytes or more
	newPost := append([]byte(nil), post[:32]...)
	be.PutUint32(newPost, 0x00030000) // format 3: no glyph names
	tables := map[string][][]byte{
		"cmap": {cmapTable(cmap)}, "head": {newHead}, "hhea": {newHhea}, "hmtx": {newHmtx},
		"maxp": {newMaxp}, "post": {newPost}, "name": {sf.table("name")}, "OS/2": {sf.table("OS/2")},
	}

	if f.cff != nil {
		extra := make([]cffGlyph, len(halves))
		for i, h := range halves {
			extra[i].base = int(h.ID)
			if h.dx != 0 {
				cs, err := f.cff.flatten(int(h.ID))
				if err == nil {
					cs, err = shiftCharstring(cs, h.dx)
				}
				if err != nil {
					return nil, nil, fmt.Errorf("half-width form of glyph %d: %w", h.ID, err)
				}
				extra[i].cs = cs
			}
		}
		cff, err := subsetCFF(f.cff, order, extra, f.Metrics().PostScriptName, keepNumbers)
		if err != nil {
			return nil, nil, err
		}
		tables["CFF "] = [][]byte{cff}
		return assemble(tagOTTO, tables), gids, nil
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
			return nil, nil, err
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
		data, err := glyph(int(h.ID))
		if err != nil || len(data) < 10 {
			return nil, nil, errTruncated
		}
		moved := func(off int) uint16 { return uint16(int16(be.Uint16(data[off:])) + int16(h.dx)) }
		c := make([]byte, 18)
		be.PutUint16(c, 0xFFFF)       // numberOfContours −1
		be.PutUint16(c[2:], moved(2)) // xMin
		copy(c[4:6], data[4:6])       // yMin
		be.PutUint16(c[6:], moved(6)) // xMax
		copy(c[8:10], data[8:10])     // yMax
		be.PutUint16(c[10:], 0x0003)
		be.PutUint16(c[12:], uint16(newID[int(h.ID)]))
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
	return assemble(tagTrue, tables), gids, nil
}

// cmapTable builds the subset's cmap: a Windows Unicode BMP subtable (format 4: one segment per
// run of consecutive characters with consecutive glyphs, idRangeOffset 0) for the characters up to
// U+FFFF, and, when there are characters beyond it (生僻字 such as 𠮷 U+20BB7), a Windows full
// Unicode subtable (3/10, format 12) for all of them, as OpenType requires for such fonts.
func cmapTable(cmap map[rune]int) []byte {
	rs := make([]int, 0, len(cmap))
	for r := range cmap {
		rs = append(rs, int(r))
	}
	sort.Ints(rs)
	type seg struct{ start, end, delta int }
	var segs, groups []seg
	for _, r := range rs {
		g := cmap[rune(r)]
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
