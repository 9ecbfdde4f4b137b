package sfnt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode/utf16"
)

// The parts of the OpenType/TrueType format (ISO/IEC 14496-22, "sfnt") this package reads. Every
// offset is bounds-checked: a font file is untrusted input (FuzzParse, FuzzSplit).

var be = binary.BigEndian

const (
	tagTrue  = 0x00010000 // TrueType outlines
	tagTrue2 = 0x74727565 // 'true' (old Apple TrueType)
	tagOTTO  = 0x4F54544F // 'OTTO': CFF outlines
	tagTTCF  = 0x74746366 // 'ttcf': a collection
)

var errTruncated = errors.New("truncated or corrupt font data")

// ErrCFF2 is returned for OpenType fonts with CFF2 outlines (variable PostScript fonts), which
// the subsetter cannot take; CFF (version 1) outlines are subset like TrueType ones.
var ErrCFF2 = errors.New("OpenType with CFF2 outlines (a variable font) cannot be embedded")

type tableRec struct {
	tag       string
	off, size uint32
}

// directory is the table directory of one font face (a standalone sfnt, never a collection).
type directory struct {
	data   []byte
	tables map[string]tableRec
	order  []tableRec // in directory order
	cff    bool       // PostScript outlines in a 'CFF ' table, not TrueType ones in 'glyf'
}

func u16(b []byte, off int) (uint16, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return be.Uint16(b[off:]), true
}

func u32(b []byte, off int) (uint32, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return be.Uint32(b[off:]), true
}

// parseDir reads the table directory that starts at off (0 for a font file, or a TTC face offset).
func parseDir(data []byte, off int) (*directory, error) {
	tag, ok := u32(data, off)
	if !ok {
		return nil, errTruncated
	}
	switch tag {
	case tagTTCF:
		return nil, errors.New("a font collection: choose a face")
	case tagTrue, tagTrue2, tagOTTO:
	default:
		return nil, fmt.Errorf("not a TrueType font (signature %08x)", tag)
	}
	n, ok := u16(data, off+4)
	if !ok || n == 0 || n > 200 {
		return nil, errTruncated
	}
	f := &directory{data: data, tables: map[string]tableRec{}, cff: tag == tagOTTO}
	for i := 0; i < int(n); i++ {
		p := off + 12 + 16*i
		if p+16 > len(data) {
			return nil, errTruncated
		}
		t := tableRec{tag: string(data[p : p+4]), off: be.Uint32(data[p+8:]), size: be.Uint32(data[p+12:])}
		if uint64(t.off)+uint64(t.size) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q lies outside the file: %w", t.tag, errTruncated)
		}
		f.tables[t.tag] = t
		f.order = append(f.order, t)
	}
	return f, nil
}

func (f *directory) table(tag string) []byte {
	t, ok := f.tables[tag]
	if !ok {
		return nil
	}
	return f.data[t.off : t.off+t.size]
}

// collectionOffsets returns the face offsets of a TrueType collection (TTC header).
func collectionOffsets(data []byte) ([]int, error) {
	n, ok := u32(data, 8)
	if !ok || n == 0 || n > 1000 {
		return nil, errTruncated
	}
	offs := make([]int, n)
	for i := range offs {
		o, ok := u32(data, 12+4*i)
		if !ok || int(o) >= len(data) {
			return nil, errTruncated
		}
		offs[i] = int(o)
	}
	return offs, nil
}

// Split extracts face index of a TrueType collection (.ttc) as a standalone font file: that
// face's table directory and tables, offsets rewritten, each table padded to 4 bytes. The
// writers embed single faces, and some real .ttc files defeat golang.org/x/image/font/sfnt (fonts.md).
func Split(data []byte, index int) ([]byte, error) {
	tag, ok := u32(data, 0)
	if !ok {
		return nil, errTruncated
	}
	if tag != tagTTCF {
		return nil, errors.New("not a font collection")
	}
	offs, err := collectionOffsets(data)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(offs) {
		return nil, fmt.Errorf("face %d does not exist: the collection has %d faces (0–%d)", index, len(offs), len(offs)-1)
	}
	f, err := parseDir(data, offs[index])
	if err != nil {
		return nil, err
	}
	recs := append([]tableRec(nil), f.order...)
	sort.Slice(recs, func(i, j int) bool { return recs[i].tag < recs[j].tag })
	n := len(recs)
	hdr := 12 + 16*n
	size := hdr
	for _, t := range recs {
		size += int(t.size+3) &^ 3
	}
	out := make([]byte, size)
	copy(out, data[offs[index]:offs[index]+12]) // sfnt version, numTables, search fields
	pos := hdr
	for i, t := range recs {
		p := 12 + 16*i
		copy(out[p:p+4], t.tag)
		be.PutUint32(out[p+4:], checksum(data[t.off:t.off+t.size]))
		be.PutUint32(out[p+8:], uint32(pos))
		be.PutUint32(out[p+12:], t.size)
		copy(out[pos:], data[t.off:t.off+t.size])
		pos += int(t.size+3) &^ 3
	}
	return out, nil
}

func checksum(b []byte) uint32 {
	var s uint32
	n := len(b) &^ 3
	for i := 0; i < n; i += 4 {
		s += be.Uint32(b[i:])
	}
	if n < len(b) { // the last word, zero-padded
		var w [4]byte
		copy(w[:], b[n:])
		s += be.Uint32(w[:])
	}
	return s
}

// charMap looks characters up in a cmap subtable of format 4 or 12 without unpacking it: a
// font is parsed once, and a report uses a few hundred of its thousands of characters.
type charMap struct {
	format int
	t      []byte // the subtable
	segs   int    // format 4: segment count; format 12: group count
}

// cmap finds the best Unicode character map: format 12 (full Unicode) if present, else format 4.
func (f *directory) cmap() (charMap, error) {
	t := f.table("cmap")
	n, ok := u16(t, 2)
	if !ok {
		return charMap{}, errors.New("no cmap table")
	}
	var best []byte
	bestFmt := 0
	for i := 0; i < int(n); i++ {
		pid, ok1 := u16(t, 4+8*i)
		eid, ok2 := u16(t, 6+8*i)
		off, ok3 := u32(t, 8+8*i)
		if !ok1 || !ok2 || !ok3 || int(off) >= len(t) {
			return charMap{}, errTruncated
		}
		if !(pid == 0 || pid == 3 && (eid == 1 || eid == 10)) {
			continue
		}
		format, ok := u16(t, int(off))
		if !ok {
			return charMap{}, errTruncated
		}
		if (format == 12 && bestFmt != 12) || (format == 4 && bestFmt == 0) {
			best, bestFmt = t[off:], int(format)
		}
	}
	switch bestFmt {
	case 4:
		segX2, ok := u16(best, 6)
		seg := int(segX2 / 2)
		if !ok || segX2%2 != 0 || 16+8*seg > len(best) {
			return charMap{}, errTruncated
		}
		return charMap{4, best, seg}, nil
	case 12:
		ng, ok := u32(best, 12)
		if !ok || uint64(ng)*12+16 > uint64(len(best)) {
			return charMap{}, errTruncated
		}
		return charMap{12, best, int(ng)}, nil
	}
	return charMap{}, errors.New("no Unicode cmap (format 4 or 12)")
}

// lookup returns the glyph of r, 0 if the font has none.
func (m charMap) lookup(r rune) uint16 {
	t := m.t
	switch m.format {
	case 4:
		if r < 0 || r > 0xFFFF {
			return 0
		}
		c := uint16(r)
		n := m.segs
		// segments are sorted by end code: the first whose end ≥ c
		i := sort.Search(n, func(i int) bool { return be.Uint16(t[14+2*i:]) >= c })
		if i == n {
			return 0
		}
		start := be.Uint16(t[16+2*n+2*i:])
		if c < start {
			return 0
		}
		delta := be.Uint16(t[16+4*n+2*i:])
		ro := be.Uint16(t[16+6*n+2*i:])
		if ro == 0 {
			return c + delta
		}
		v, ok := u16(t, 16+6*n+2*i+int(ro)+2*int(c-start))
		if !ok || v == 0 {
			return 0
		}
		return v + delta
	case 12:
		i := sort.Search(m.segs, func(i int) bool { return be.Uint32(t[16+12*i+4:]) >= uint32(r) })
		if i == m.segs {
			return 0
		}
		p := 16 + 12*i
		start, g := be.Uint32(t[p:]), be.Uint32(t[p+8:])
		if uint32(r) < start || g+uint32(r)-start > 0xFFFF {
			return 0
		}
		return uint16(g + uint32(r) - start)
	}
	return 0
}

// metrics reads unitsPerEm and the advance width of every glyph.
func (f *directory) metrics() (upem int, adv []uint16, err error) {
	head, hhea, maxp, hmtx := f.table("head"), f.table("hhea"), f.table("maxp"), f.table("hmtx")
	u, ok1 := u16(head, 18)
	nh, ok2 := u16(hhea, 34)
	ng, ok3 := u16(maxp, 4)
	if !ok1 || !ok2 || !ok3 || u < 16 || u > 16384 || nh == 0 {
		return 0, nil, errors.New("corrupt head, hhea or maxp table")
	}
	if int(nh)*4 > len(hmtx) {
		return 0, nil, errors.New("hmtx table too short")
	}
	adv = make([]uint16, ng) // a glyph beyond maxp's numGlyphs does not exist
	for i := range adv {
		if i < int(nh) {
			adv[i] = be.Uint16(hmtx[4*i:])
		} else {
			adv[i] = be.Uint16(hmtx[4*(nh-1):]) // the last advance repeats (OpenType hmtx)
		}
	}
	return int(u), adv, nil
}

// names returns the family names (name IDs 1 and 16, every platform and language).
func (f *directory) names() []string { return familyNames(f.table("name")) }

// familyNames reads name IDs 1 and 16 from a name table.
func familyNames(t []byte) []string { return nameStrings(t, 1, 16) }

// nameStrings returns the distinct strings of a name table with the given name IDs, in table order.
func nameStrings(t []byte, ids ...uint16) []string {
	n, ok := u16(t, 2)
	strOff, ok2 := u16(t, 4)
	if !ok || !ok2 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for i := 0; i < int(n); i++ {
		p := 6 + 12*i
		if p+12 > len(t) {
			break
		}
		pid, eid, id := be.Uint16(t[p:]), be.Uint16(t[p+2:]), be.Uint16(t[p+6:])
		ln, off := int(be.Uint16(t[p+8:])), int(strOff)+int(be.Uint16(t[p+10:]))
		if !slices.Contains(ids, id) || off+ln > len(t) {
			continue
		}
		raw := t[off : off+ln]
		var s string
		switch {
		case pid == 0 || pid == 3 && (eid == 1 || eid == 10 || eid == 0):
			u := make([]uint16, ln/2)
			for j := range u {
				u[j] = be.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		case pid == 1 && eid == 0:
			s = string(raw) // Mac Roman: ASCII names only matter here
		case pid == 3 && eid == 3: // Windows GB2312/PRC: old Chinese fonts name themselves this way
			s = decodeGB(raw)
		default:
			continue
		}
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// decodeGB decodes the ASCII part of GB-encoded names; Chinese names in that encoding are rare
// enough in fonts that also carry Unicode names that they are matched through those instead.
func decodeGB(b []byte) string {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == 0 {
			continue
		}
		if b[i] >= 0x80 {
			return ""
		}
		out = append(out, b[i])
	}
	return string(out)
}

// fsType reads the OS/2 embedding permissions (0 if absent).
func (f *directory) fsType() uint16 {
	v, _ := u16(f.table("OS/2"), 8)
	return v
}

// validate checks the tables the cmap reader, the subsetter and the writers use, so that a font
// they cannot take is refused when it is loaded, with its name, not halfway through a document.
// It returns the parsed CFF table of a CFF face.
func (f *directory) validate() (*cffFont, error) {
	var c *cffFont
	need := []string{"head", "hhea", "maxp", "cmap", "hmtx", "loca", "glyf", "name", "post", "OS/2"}
	if f.cff {
		if _, ok := f.tables["CFF2"]; ok {
			return nil, ErrCFF2
		}
		need = append(need[:5], "CFF ", "name", "post", "OS/2")
	}
	for _, tag := range need {
		if _, ok := f.tables[tag]; !ok {
			return nil, fmt.Errorf("the %q table is missing", tag)
		}
	}
	if f.cff {
		var err error
		if c, err = parseCFF(f.table("CFF ")); err != nil {
			return nil, err
		}
	}
	if len(f.table("head")) < 54 || len(f.table("hhea")) < 36 || len(f.table("maxp")) < 6 || len(f.table("post")) < 32 || len(f.table("OS/2")) < 78 {
		return nil, errTruncated
	}
	// a format-4 subtable of platform 3/1 or 0/* (the BMP) is checked here; a font with only a
	// format-12 one (full Unicode) is checked by cmap()
	t := f.table("cmap")
	n, _ := u16(t, 2)
	for i := 0; i < int(n); i++ {
		pid, _ := u16(t, 4+8*i)
		eid, _ := u16(t, 6+8*i)
		off, ok := u32(t, 8+8*i)
		if !ok {
			return nil, errTruncated
		}
		if format, ok := u16(t, int(off)); ok && format == 4 && (pid == 0 || pid == 3 && eid == 1) {
			// every segment and its glyph-index array must lie inside the table
			sub := t[off:]
			segX2, ok := u16(sub, 6)
			seg := int(segX2 / 2)
			if !ok || 16+8*seg > len(sub) {
				return nil, errTruncated
			}
			for i := 0; i < seg; i++ {
				end, start := be.Uint16(sub[14+2*i:]), be.Uint16(sub[16+2*seg+2*i:])
				ro := int(be.Uint16(sub[16+6*seg+2*i:]))
				if ro != 0 && start <= end && 16+6*seg+2*i+ro+2*int(end-start)+2 > len(sub) {
					return nil, errTruncated
				}
			}
			return c, nil
		}
	}
	if m, err := f.cmap(); err == nil && m.format == 12 {
		return c, nil
	}
	return nil, errors.New("no format-4 or format-12 Unicode cmap")
}
