package sfnt

import (
	"io"
	"strings"
)

// FaceNames is what font discovery needs of one face of a font file, read without loading it.
type FaceNames struct {
	Index      int  // the face's index in a collection (0 for a standalone font)
	Collection bool // the file is a collection (.ttc, .otc): the face is named "path#Index"
	Families   []string
	Regular    bool // its subfamily (name ID 2 or 17) is Regular
}

// ReadNames reads only the table directories and name tables of a font file, each read at most
// 1 MB: discovery opens every font on a machine, and most are large. A file it cannot read gives
// nil, a face it cannot read is left out.
func ReadNames(r io.ReaderAt) []FaceNames {
	read := func(off int64, n int) []byte {
		if n <= 0 || n > 1<<20 || off < 0 {
			return nil
		}
		b := make([]byte, n)
		if _, err := r.ReadAt(b, off); err != nil {
			return nil
		}
		return b
	}
	hdr := read(0, 12)
	if hdr == nil {
		return nil
	}
	collection := be.Uint32(hdr) == tagTTCF
	offsets := []int64{0}
	if collection {
		n := int(be.Uint32(hdr[8:]))
		if n <= 0 || n > 1000 {
			return nil
		}
		b := read(12, 4*n)
		if b == nil {
			return nil
		}
		offsets = offsets[:0]
		for i := 0; i < n; i++ {
			offsets = append(offsets, int64(be.Uint32(b[4*i:])))
		}
	}
	var out []FaceNames
	for i, off := range offsets {
		h := read(off, 12)
		if h == nil {
			continue
		}
		tag, n := be.Uint32(h), int(be.Uint16(h[4:]))
		if tag != tagTrue && tag != tagTrue2 && tag != tagOTTO {
			continue
		}
		dir := read(off+12, 16*n)
		for j := 0; dir != nil && j < n; j++ {
			if string(dir[16*j:16*j+4]) != "name" {
				continue
			}
			t := read(int64(be.Uint32(dir[16*j+8:])), int(be.Uint32(dir[16*j+12:])))
			regular := false
			for _, sub := range nameStrings(t, 2, 17) {
				regular = regular || strings.EqualFold(sub, "Regular")
			}
			out = append(out, FaceNames{Index: i, Collection: collection, Families: familyNames(t), Regular: regular})
		}
	}
	return out
}
