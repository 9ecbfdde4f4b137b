package sfnt

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// The Compact Font Format (Adobe Technical Note #5176) and Type 2 charstrings (#5177), as far as
// the subsetter needs them: a CFF-flavoured OpenType font (Noto/Source Han CJK, .otf and .otc)
// becomes a CID-keyed CFF with only the kept glyphs' CharStrings, CID = the subset's glyph ID, so
// the PDF writer embeds it as CIDFontType0C (PDF 32000-1 §9.9) with Identity-H like a TrueType
// subset. Every offset and count is bounds-checked: a font file is untrusted input (FuzzParse).

var errCFF = errors.New("corrupt CFF table")

// cffIndex reads the INDEX at off: its items and the offset just past it (#5176 §5).
func cffIndex(b []byte, off int) (items [][]byte, end int, err error) {
	n, ok := u16(b, off)
	if !ok {
		return nil, 0, errCFF
	}
	if n == 0 {
		return nil, off + 2, nil
	}
	if off+3 > len(b) {
		return nil, 0, errCFF
	}
	size := int(b[off+2])
	if size < 1 || size > 4 {
		return nil, 0, errCFF
	}
	offs := off + 3
	base := offs + (int(n)+1)*size - 1 // item offsets count from 1
	if base >= len(b) {
		return nil, 0, errCFF
	}
	read := func(i int) int {
		v := 0
		for _, c := range b[offs+i*size : offs+(i+1)*size] {
			v = v<<8 | int(c)
		}
		return v
	}
	items = make([][]byte, n)
	prev := read(0)
	if prev != 1 {
		return nil, 0, errCFF
	}
	for i := range items {
		next := read(i + 1)
		if next < prev || base+next > len(b) {
			return nil, 0, errCFF
		}
		items[i] = b[base+prev : base+next]
		prev = next
	}
	return items, base + prev, nil
}

// writeIndex encodes items as an INDEX with the smallest offset size that fits.
func writeIndex(items [][]byte) []byte {
	if len(items) == 0 {
		return []byte{0, 0}
	}
	total := 1
	for _, it := range items {
		total += len(it)
	}
	size := 1
	for total >= 1<<(8*size) {
		size++
	}
	out := make([]byte, 3, 3+(len(items)+1)*size+total)
	be.PutUint16(out, uint16(len(items)))
	out[2] = byte(size)
	put := func(v int) {
		for s := size - 1; s >= 0; s-- {
			out = append(out, byte(v>>(8*s)))
		}
	}
	o := 1
	put(o)
	for _, it := range items {
		o += len(it)
		put(o)
	}
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

// DICT operators the subsetter reads or rewrites (two-byte operators are 1200 + the second byte).
const (
	opCharset     = 15
	opEncoding    = 16
	opCharStrings = 17
	opPrivate     = 18
	opSubrs       = 19
	opUniqueID    = 13
	opXUID        = 14
	opROS         = 1230
	opCIDCount    = 1234
	opUIDBase     = 1235
	opFDArray     = 1236
	opFDSelect    = 1237
	opFontName    = 1238
)

// dictEntry is one DICT operator with its operands kept as raw bytes, so that a copied entry
// (reals included) is written back exactly as it was.
type dictEntry struct {
	op   int
	args [][]byte
}

// parseDict splits a DICT into its entries (#5176 §4).
func parseDict(b []byte) ([]dictEntry, error) {
	var out []dictEntry
	var args [][]byte
	for i := 0; i < len(b); {
		c := b[i]
		n := 0
		switch {
		case c <= 21:
			op := int(c)
			i++
			if c == 12 {
				if i >= len(b) {
					return nil, errCFF
				}
				op = 1200 + int(b[i])
				i++
			}
			out = append(out, dictEntry{op, args})
			args = nil
			continue
		case c == 28:
			n = 3
		case c == 29:
			n = 5
		case c == 30: // a real: nibbles up to and including the 0xf end nibble
			n = 1
			for {
				if i+n >= len(b) {
					return nil, errCFF
				}
				d := b[i+n]
				n++
				if d&0x0f == 0x0f || d>>4 == 0x0f {
					break
				}
			}
		case c >= 32 && c <= 246:
			n = 1
		case c >= 247 && c <= 254:
			n = 2
		default:
			return nil, errCFF
		}
		if i+n > len(b) || len(args) >= 48 {
			return nil, errCFF
		}
		args = append(args, b[i:i+n])
		i += n
	}
	return out, nil
}

// dictInt decodes an integer operand.
func dictInt(a []byte) (int, bool) {
	switch c := a[0]; {
	case c == 28 && len(a) == 3:
		return int(int16(be.Uint16(a[1:]))), true
	case c == 29 && len(a) == 5:
		return int(int32(be.Uint32(a[1:]))), true
	case c >= 32 && c <= 246:
		return int(c) - 139, true
	case c >= 247 && c <= 250 && len(a) == 2:
		return (int(c)-247)*256 + int(a[1]) + 108, true
	case c >= 251 && c <= 254 && len(a) == 2:
		return -(int(c)-251)*256 - int(a[1]) - 108, true
	}
	return 0, false
}

// int5 encodes v in the fixed five-byte form, so that a DICT's size does not depend on the offsets
// it holds and the layout of the subset can be computed before the offsets are known.
func int5(v int) []byte { return []byte{29, byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)} }

func encodeDict(es []dictEntry) []byte {
	var out []byte
	for _, e := range es {
		for _, a := range e.args {
			out = append(out, a...)
		}
		if e.op >= 1200 {
			out = append(out, 12, byte(e.op-1200))
		} else {
			out = append(out, byte(e.op))
		}
	}
	return out
}

func find(es []dictEntry, op int) []int {
	for _, e := range es {
		if e.op == op {
			vs := make([]int, len(e.args))
			for i, a := range e.args {
				v, ok := dictInt(a)
				if !ok {
					return nil
				}
				vs[i] = v
			}
			return vs
		}
	}
	return nil
}

// fontDict is one Font DICT of the source with its Private DICT and local subroutines.
type fontDict struct {
	dict    []dictEntry // without Private
	private []dictEntry // without Subrs
	subrs   [][]byte
}

// cffFont is a parsed CFF table.
type cffFont struct {
	top      []dictEntry
	strings  [][]byte
	gsubrs   [][]byte
	glyphs   [][]byte // CharStrings by glyph ID
	fds      []fontDict
	fdSelect []byte // font dict per glyph
	cid      bool
}

func parseCFF(b []byte) (*cffFont, error) {
	if len(b) < 4 || b[0] != 1 {
		return nil, errCFF
	}
	_, p, err := cffIndex(b, int(b[2])) // Name INDEX
	if err != nil {
		return nil, err
	}
	tops, p, err := cffIndex(b, p)
	if err != nil || len(tops) != 1 {
		return nil, errCFF
	}
	f := &cffFont{}
	if f.top, err = parseDict(tops[0]); err != nil {
		return nil, err
	}
	if f.strings, p, err = cffIndex(b, p); err != nil {
		return nil, err
	}
	if f.gsubrs, _, err = cffIndex(b, p); err != nil {
		return nil, err
	}
	cs := find(f.top, opCharStrings)
	if len(cs) != 1 {
		return nil, errCFF
	}
	if f.glyphs, _, err = cffIndex(b, cs[0]); err != nil || len(f.glyphs) == 0 {
		return nil, errCFF
	}
	n := len(f.glyphs)
	readFD := func(d []dictEntry) (fontDict, error) {
		fd := fontDict{}
		for _, e := range d {
			if e.op != opPrivate {
				fd.dict = append(fd.dict, e)
			}
		}
		pv := find(d, opPrivate)
		if len(pv) != 2 {
			return fd, nil // no Private DICT: allowed, nothing to carry
		}
		size, off := pv[0], pv[1]
		if size < 0 || off < 0 || off+size > len(b) {
			return fd, errCFF
		}
		priv, err := parseDict(b[off : off+size])
		if err != nil {
			return fd, err
		}
		for _, e := range priv {
			if e.op != opSubrs {
				fd.private = append(fd.private, e)
			}
		}
		if s := find(priv, opSubrs); len(s) == 1 {
			if fd.subrs, _, err = cffIndex(b, off+s[0]); err != nil {
				return fd, err
			}
		}
		return fd, nil
	}
	f.fdSelect = make([]byte, n)
	if find(f.top, opROS) != nil {
		f.cid = true
		fa, fs := find(f.top, opFDArray), find(f.top, opFDSelect)
		if len(fa) != 1 || len(fs) != 1 {
			return nil, errCFF
		}
		dicts, _, err := cffIndex(b, fa[0])
		if err != nil || len(dicts) == 0 || len(dicts) > 256 {
			return nil, errCFF
		}
		for _, d := range dicts {
			es, err := parseDict(d)
			if err != nil {
				return nil, err
			}
			fd, err := readFD(es)
			if err != nil {
				return nil, err
			}
			f.fds = append(f.fds, fd)
		}
		if err := f.readFDSelect(b, fs[0]); err != nil {
			return nil, err
		}
	} else {
		fd, err := readFD(f.top)
		if err != nil {
			return nil, err
		}
		fd.dict = nil
		f.fds = []fontDict{fd}
	}
	return f, nil
}

// readFDSelect reads FDSelect format 0 or 3 (#5176 §19).
func (f *cffFont) readFDSelect(b []byte, off int) error {
	n := len(f.glyphs)
	if off < 0 || off >= len(b) {
		return errCFF
	}
	switch b[off] {
	case 0:
		if off+1+n > len(b) {
			return errCFF
		}
		copy(f.fdSelect, b[off+1:])
	case 3:
		nr, ok := u16(b, off+1)
		if !ok || nr == 0 || off+3+3*int(nr)+2 > len(b) {
			return errCFF
		}
		for i := 0; i < int(nr); i++ {
			p := off + 3 + 3*i
			first, fd, next := int(be.Uint16(b[p:])), b[p+2], int(be.Uint16(b[p+3:]))
			if first > next || next > n {
				return errCFF
			}
			for g := first; g < next; g++ {
				f.fdSelect[g] = fd
			}
		}
	default:
		return fmt.Errorf("FDSelect format %d: %w", b[off], errCFF)
	}
	for _, fd := range f.fdSelect {
		if int(fd) >= len(f.fds) {
			return errCFF
		}
	}
	return nil
}

// subrBias is the number added to a subroutine operand (#5177 §4.7).
func subrBias(n int) int {
	switch {
	case n < 1240:
		return 107
	case n < 33900:
		return 1131
	}
	return 32768
}

// csKey names a charstring: a glyph's (kind 0), a global subroutine (1) or a local one (2).
type csKey struct{ kind, fd, index int }

// callSite is a subroutine call whose operand is a number written just before the operator.
type callSite struct {
	in         csKey // the charstring it is in
	start, end int   // the operand's bytes there
	global     bool
	// the subroutine called, in the source's numbering; for a local one, also the font dict
	// whose subroutines it is — the glyph's, which a global subroutine shares with every glyph
	// that calls it (#5177 §4.7), so one called from glyphs of two font dicts cannot be renumbered
	target, fd int
}

// subrWalker is the one interpreter of charstrings in the package: every glyph of a CFF face
// is walked once when the face is loaded (checkCharstrings), its outline's bounds are read with
// it (Font.Bounds), and the subsetter walks the kept glyphs with it to find the subroutines they
// call, so that the subset carries only those. Only what is needed is interpreted: numbers, the
// stem hints (their count gives the length of hintmask and cntrmask), callsubr, callgsubr,
// return and endchar, and for bounds the path operators (#5177 §4). Nesting is limited to 10
// levels and the stack to 48 values, as the format says; a subroutine that calls itself, directly
// or through others, is refused (it would only end at the nesting limit), and the work is
// bounded: subroutines that fan out (each calling the next hundreds of times) run out of
// operators long before they run out of depth.
type subrWalker struct {
	f       *cffFont
	fd      int       // the font dict of the glyph being walked: its local subroutines
	stack   []float64 // shared by a charstring and the subroutines it calls
	stems   int
	ops     int
	maxOps  int            // real fonts take about 400 a glyph, the calls to subroutines included
	calls   []csKey        // the subroutines being run, innermost last
	used    map[csKey]bool // nil: no recording (a check or a bounds walk)
	sites   []callSite     // the calls of each charstring, recorded on its first walk
	walked  map[csKey]bool // charstrings walked at least once (a global one: per font dict)
	literal bool           // every call's operand was a literal number: subroutines can be renumbered
	pen     *pen           // non-nil: the outline's bounds are followed
}

// Why a charstring walk stops: the Err of a CharstringError (any other Err is a charstring that
// cannot be read).
var (
	ErrCharstringDeep      = errors.New("charstring subroutines nested too deep")
	ErrCharstringRecursive = errors.New("a charstring subroutine calls itself")
	ErrCharstringLong      = errors.New("charstrings too long")
)

func (w *subrWalker) walk(cs []byte, key csKey, depth int) (end bool, err error) {
	if depth > 10 {
		return false, ErrCharstringDeep
	}
	first := true
	if w.walked != nil {
		seen := key
		if key.kind == 1 {
			seen.fd = w.fd // a global subroutine's local calls depend on the calling glyph's font dict
		}
		first = !w.walked[seen]
		defer func() { w.walked[seen] = true }()
	}
	numStart, numEnd := -1, -1 // the last number token
	for i := 0; i < len(cs); {
		if w.ops++; w.ops > w.maxOps {
			return false, ErrCharstringLong
		}
		c := cs[i]
		if len(w.stack) > 48 {
			return false, errCFF
		}
		n := 1
		if c >= 32 && c <= 246 { // the common one-byte number, without the call
			w.stack = append(w.stack, float64(int(c)-139))
		} else {
			var v float64
			var ok bool
			if v, n, ok = csNumber(cs, i); !ok {
				return false, errCFF
			}
			if n > 0 {
				w.stack = append(w.stack, v)
			}
		}
		if n > 0 {
			numStart, numEnd = i, i+n
			i += n
			continue
		}
		op := i
		i++
		switch c {
		case 1, 3, 18, 23: // hstem, vstem, hstemhm, vstemhm
			w.stems += len(w.stack) / 2
		case 19, 20: // hintmask, cntrmask: pending arguments are an implied vstem
			w.stems += len(w.stack) / 2
			i += (w.stems + 7) / 8
		case 10, 29: // callsubr, callgsubr
			if len(w.stack) == 0 {
				return false, errCFF
			}
			global := c == 29
			subrs, sub := w.f.fds[w.fd].subrs, csKey{2, w.fd, 0}
			if global {
				subrs, sub = w.f.gsubrs, csKey{1, 0, 0}
			}
			sub.index = int(w.stack[len(w.stack)-1]) + subrBias(len(subrs))
			w.stack = w.stack[:len(w.stack)-1]
			if sub.index < 0 || sub.index >= len(subrs) {
				return false, errCFF
			}
			if slices.Contains(w.calls, sub) {
				return false, ErrCharstringRecursive
			}
			if w.used != nil {
				w.used[sub] = true
				if numEnd != op || cs[numStart] == 255 {
					w.literal = false
				} else if first {
					site := callSite{key, numStart, numEnd, global, sub.index, 0}
					if !global {
						site.fd = w.fd
					}
					w.sites = append(w.sites, site)
				}
			}
			numEnd = -1
			w.calls = append(w.calls, sub)
			end, err := w.walk(subrs[sub.index], sub, depth+1)
			w.calls = w.calls[:len(w.calls)-1]
			if err != nil || end {
				return end, err
			}
			continue
		case 11: // return
			return false, nil
		case 14: // endchar
			return true, nil
		case 12:
			if i < len(cs) {
				if w.pen != nil {
					w.pen.flex(cs[i], w.stack)
				}
				i++
			}
		default:
			if w.pen != nil {
				w.pen.draw(c, w.stack)
			}
		}
		w.stack = w.stack[:0]
		numEnd = -1
	}
	return false, nil
}

// glyphOps bounds the work of one glyph's charstring, its subroutine calls expanded: the most any
// glyph of Noto Serif/Sans CJK takes is about 2,000.
const glyphOps = 1 << 16

// CharstringError is a CFF face refused by Parse: one of its glyphs' charstrings calls
// subroutines in a loop (Err is ErrCharstringRecursive), too deep (ErrCharstringDeep), or for too
// long (ErrCharstringLong), or cannot be read.
type CharstringError struct {
	Glyph int
	Err   error
}

func (e *CharstringError) Error() string { return fmt.Sprintf("glyph %d: %v", e.Glyph, e.Err) }
func (e *CharstringError) Unwrap() error { return e.Err }

// checkCharstrings walks every glyph's charstring once, when the face is loaded: afterwards any
// reading of an outline (bounds, flattening, subsetting) runs on charstrings known to end within
// glyphOps operators. The whole face is bounded too, by a million operators plus 4,096 a glyph
// (Noto takes about 400 a glyph).
func (f *cffFont) checkCharstrings() error {
	left := 1<<20 + 4096*len(f.glyphs)
	w := subrWalker{f: f}
	for g, cs := range f.glyphs {
		w.fd, w.stems, w.stack, w.ops, w.calls = int(f.fdSelect[g]), 0, w.stack[:0], 0, w.calls[:0]
		w.maxOps = min(glyphOps, left)
		if _, err := w.walk(cs, csKey{0, 0, g}, 0); err != nil {
			return &CharstringError{Glyph: g, Err: err}
		}
		left -= w.ops
	}
	return nil
}

// bounds are glyph g's outline bounds in font units, control points included (as FreeType's
// control box and go-text's PathBounds); ok is false for an empty glyph or one that cannot be
// read.
func (f *cffFont) bounds(g int) (b Rect, ok bool) {
	if g < 0 || g >= len(f.glyphs) {
		return b, false
	}
	w := subrWalker{f: f, fd: int(f.fdSelect[g]), maxOps: glyphOps, pen: &pen{}}
	if _, err := w.walk(f.glyphs[g], csKey{0, 0, g}, 0); err != nil || !w.pen.seen {
		return b, false
	}
	return Rect{w.pen.min[0], w.pen.min[1], w.pen.max[0], w.pen.max[1]}, true
}

// pen follows a charstring's path operators for the outline's bounds (#5177 §4.1): the current
// point, and the box of every point drawn to and every control point; a moveto alone adds
// nothing until something is drawn from it.
type pen struct {
	x, y     float64
	min, max [2]float64
	seen     bool // some point is in the box
	open     bool // drawing from the current point
}

func (p *pen) add(x, y float64) {
	if !p.seen {
		p.min, p.max, p.seen = [2]float64{x, y}, [2]float64{x, y}, true
		return
	}
	p.min[0], p.min[1] = min(p.min[0], x), min(p.min[1], y)
	p.max[0], p.max[1] = max(p.max[0], x), max(p.max[1], y)
}

func (p *pen) start() {
	if !p.open {
		p.open = true
		p.add(p.x, p.y)
	}
}

func (p *pen) line(dx, dy float64) {
	p.start()
	p.x, p.y = p.x+dx, p.y+dy
	p.add(p.x, p.y)
}

func (p *pen) curve(dx1, dy1, dx2, dy2, dx3, dy3 float64) {
	p.start()
	x1, y1 := p.x+dx1, p.y+dy1
	x2, y2 := x1+dx2, y1+dy2
	p.x, p.y = x2+dx3, y2+dy3
	p.add(x1, y1)
	p.add(x2, y2)
	p.add(p.x, p.y)
}

// draw applies a one-byte operator; a width before the first moveto is skipped by taking a
// moveto's arguments from the top of the stack.
func (p *pen) draw(op byte, a []float64) {
	n := len(a)
	switch op {
	case 21: // rmoveto
		if n >= 2 {
			p.x, p.y, p.open = p.x+a[n-2], p.y+a[n-1], false
		}
	case 22: // hmoveto
		if n >= 1 {
			p.x, p.open = p.x+a[n-1], false
		}
	case 4: // vmoveto
		if n >= 1 {
			p.y, p.open = p.y+a[n-1], false
		}
	case 5: // rlineto
		for i := 0; i+2 <= n; i += 2 {
			p.line(a[i], a[i+1])
		}
	case 6, 7: // hlineto, vlineto: alternate directions
		h := op == 6
		for _, d := range a {
			if h {
				p.line(d, 0)
			} else {
				p.line(0, d)
			}
			h = !h
		}
	case 8: // rrcurveto
		for i := 0; i+6 <= n; i += 6 {
			p.curve(a[i], a[i+1], a[i+2], a[i+3], a[i+4], a[i+5])
		}
	case 24: // rcurveline: curves, then a line
		i := 0
		for ; i+6 <= n-2; i += 6 {
			p.curve(a[i], a[i+1], a[i+2], a[i+3], a[i+4], a[i+5])
		}
		if i+2 <= n {
			p.line(a[i], a[i+1])
		}
	case 25: // rlinecurve: lines, then a curve
		i := 0
		for ; i+2 <= n-6; i += 2 {
			p.line(a[i], a[i+1])
		}
		if i+6 <= n {
			p.curve(a[i], a[i+1], a[i+2], a[i+3], a[i+4], a[i+5])
		}
	case 26, 27: // vvcurveto, hhcurveto: an odd first argument moves across
		i, d1 := 0, 0.0
		if n%2 == 1 {
			i, d1 = 1, a[0]
		}
		for ; i+4 <= n; i += 4 {
			if op == 27 {
				p.curve(a[i], d1, a[i+1], a[i+2], a[i+3], 0)
			} else {
				p.curve(d1, a[i], a[i+1], a[i+2], 0, a[i+3])
			}
			d1 = 0
		}
	case 30, 31: // vhcurveto, hvcurveto: curves alternately starting vertical and horizontal
		h := op == 31
		for i := 0; i+4 <= n; i += 4 {
			last := 0.0
			if n-i == 5 {
				last = a[i+4]
			}
			if h {
				p.curve(a[i], 0, a[i+1], a[i+2], last, a[i+3])
			} else {
				p.curve(0, a[i], a[i+1], a[i+2], a[i+3], last)
			}
			h = !h
		}
	}
}

// flex applies a two-byte operator: the flex curves (#5177 §4.1, 12 34 to 12 37).
func (p *pen) flex(op byte, a []float64) {
	n := len(a)
	switch op {
	case 35: // flex
		if n >= 12 {
			p.curve(a[0], a[1], a[2], a[3], a[4], a[5])
			p.curve(a[6], a[7], a[8], a[9], a[10], a[11])
		}
	case 34: // hflex
		if n >= 7 {
			p.curve(a[0], 0, a[1], a[2], a[3], 0)
			p.curve(a[4], 0, a[5], -a[2], a[6], 0)
		}
	case 36: // hflex1
		if n >= 9 {
			p.curve(a[0], a[1], a[2], a[3], a[4], 0)
			p.curve(a[5], 0, a[6], a[7], a[8], -(a[1] + a[3] + a[7]))
		}
	case 37: // flex1
		if n >= 11 {
			dx := a[0] + a[2] + a[4] + a[6] + a[8]
			dy := a[1] + a[3] + a[5] + a[7] + a[9]
			p.curve(a[0], a[1], a[2], a[3], a[4], a[5])
			if math.Abs(dx) > math.Abs(dy) {
				p.curve(a[6], a[7], a[8], a[9], a[10], -dy)
			} else {
				p.curve(a[6], a[7], a[8], a[9], -dx, a[10])
			}
		}
	}
}

// csNumber reads the charstring number at cs[i] (#5177 §3.2): its value and its length in bytes,
// n = 0 when cs[i] is an operator; ok is false when the number is cut short.
func csNumber(cs []byte, i int) (v float64, n int, ok bool) {
	switch c := cs[i]; {
	case c >= 32 && c <= 246:
		return float64(int(c) - 139), 1, true
	case c >= 247 && c <= 254:
		if i+2 > len(cs) {
			return 0, 0, false
		}
		if c <= 250 {
			return float64((int(c)-247)*256 + int(cs[i+1]) + 108), 2, true
		}
		return float64(-(int(c)-251)*256 - int(cs[i+1]) - 108), 2, true
	case c == 28:
		if i+3 > len(cs) {
			return 0, 0, false
		}
		return float64(int16(be.Uint16(cs[i+1:]))), 3, true
	case c == 255:
		if i+5 > len(cs) {
			return 0, 0, false
		}
		return float64(int32(be.Uint32(cs[i+1:]))) / 65536, 5, true
	}
	return 0, 0, true
}

// csInt encodes an integer operand of a charstring in its shortest form (#5177 §3.2).
func csInt(v int) []byte {
	switch {
	case v >= -107 && v <= 107:
		return []byte{byte(v + 139)}
	case v >= 108 && v <= 1131:
		v -= 108
		return []byte{byte(v/256 + 247), byte(v)}
	case v <= -108 && v >= -1131:
		v = -v - 108
		return []byte{byte(v/256 + 251), byte(v)}
	}
	return []byte{28, byte(v >> 8), byte(v)}
}

// cffGlyph is a glyph a subset adds after the kept ones: a half-width form (half.go).
type cffGlyph struct {
	base int    // the source glyph it is made from, which the subset keeps: its font dict
	cs   []byte // its charstring; nil for the base's own
}

// flatten returns glyph g's charstring with its subroutine calls inlined (#5177 §4.7), up to and
// including its endchar, so that its outline can be moved without touching shared subroutines.
// It fails on a call whose operand is not a literal number just before it.
func (f *cffFont) flatten(g int) ([]byte, error) {
	if g < 0 || g >= len(f.glyphs) {
		return nil, errCFF
	}
	lsubrs := f.fds[f.fdSelect[g]].subrs
	var out []byte
	args, stems, ops := 0, 0, 0
	var inline func(cs []byte, depth int) (bool, error)
	inline = func(cs []byte, depth int) (bool, error) {
		if depth > 10 {
			return false, errCFF
		}
		numAt := -1 // where in out the number just before started
		for i := 0; i < len(cs); {
			if ops++; ops > 1<<16 || len(out) > 1<<16 {
				return false, errCFF
			}
			c := cs[i]
			_, n, ok := csNumber(cs, i)
			if !ok {
				return false, errCFF
			}
			if n > 0 {
				numAt = len(out)
				out = append(out, cs[i:i+n]...)
				args++
				i += n
				continue
			}
			i++
			switch c {
			case 10, 29: // callsubr, callgsubr: drop the operand, inline the body
				if numAt < 0 || out[numAt] == 255 {
					return false, errCFF
				}
				v, _, _ := csNumber(out, numAt)
				out = out[:numAt]
				args--
				subrs := lsubrs
				if c == 29 {
					subrs = f.gsubrs
				}
				k := int(v) + subrBias(len(subrs))
				if k < 0 || k >= len(subrs) {
					return false, errCFF
				}
				end, err := inline(subrs[k], depth+1)
				if err != nil || end {
					return end, err
				}
				numAt = -1
				continue
			case 11: // return
				return false, nil
			case 14: // endchar
				out = append(out, 14)
				return true, nil
			case 1, 3, 18, 23:
				stems += args / 2
			case 19, 20:
				stems += args / 2
				m := (stems + 7) / 8
				if i+m > len(cs) {
					return false, errCFF
				}
				out = append(out, c)
				out = append(out, cs[i:i+m]...)
				i += m
				args, numAt = 0, -1
				continue
			}
			out = append(out, c)
			if c == 12 {
				if i >= len(cs) {
					return false, errCFF
				}
				out = append(out, cs[i])
				i++
			}
			args, numAt = 0, -1
		}
		return false, nil
	}
	end, err := inline(f.glyphs[g], 0)
	if err != nil {
		return nil, err
	}
	if !end {
		return nil, errCFF // a glyph ends with endchar
	}
	return out, nil
}

// shiftCharstring moves the outline of a charstring without subroutine calls (flatten) dx units
// along x: its first moveto and its first vertical stem hint are the only absolute x values
// (#5177 §4.1–4.3; every later one is relative). An optional width before the first
// stack-clearing operator is left alone.
func shiftCharstring(cs []byte, dx int) ([]byte, error) {
	type tok struct {
		v   float64
		raw []byte
	}
	var out []byte
	var args []tok
	first, vDone := true, false
	enc := func(v float64) []byte {
		if v == math.Trunc(v) && v >= -32768 && v <= 32767 {
			return csInt(int(v))
		}
		x := int32(math.Round(v * 65536))
		return []byte{255, byte(x >> 24), byte(x >> 16), byte(x >> 8), byte(x)}
	}
	flush := func(edit int, by float64) {
		for k, a := range args {
			if k == edit {
				out = append(out, enc(a.v+by)...)
			} else {
				out = append(out, a.raw...)
			}
		}
		args = args[:0]
	}
	stems := 0
	for i := 0; i < len(cs); {
		c := cs[i]
		v, n, ok := csNumber(cs, i)
		if !ok {
			return nil, errCFF
		}
		if n > 0 {
			args = append(args, tok{v, cs[i : i+n]})
			i += n
			continue
		}
		i++
		width := 0 // 1 when the first stack-clearing operator carries the width
		odd := len(args)%2 == 1
		switch c {
		case 1, 18: // hstem, hstemhm
			if first && odd {
				width = 1
			}
			stems += len(args) / 2
			flush(-1, 0)
		case 3, 23, 19, 20: // vstem, vstemhm; hintmask, cntrmask with an implied vstem
			if first && odd {
				width = 1
			}
			edit := -1
			if !vDone && len(args) >= 2 {
				edit, vDone = width, true
			}
			stems += len(args) / 2
			flush(edit, float64(dx))
		case 21, 22, 4: // rmoveto, hmoveto, vmoveto: the first is the outline's start
			if first && (c == 21 && len(args) == 3 || c != 21 && len(args) == 2) {
				width = 1
			}
			if len(args) < width+1 || c == 21 && len(args) < width+2 {
				return nil, errCFF
			}
			if c == 4 { // vmoveto dy → rmoveto dx dy
				if width == 1 {
					out = append(out, args[0].raw...)
				}
				out = append(out, enc(float64(dx))...)
				out = append(out, args[width].raw...)
				args, c = args[:0], 21
			} else { // rmoveto dx dy, hmoveto dx: dx comes first
				flush(width, float64(dx))
			}
			out = append(out, c)
			return append(out, cs[i:]...), nil // every later coordinate is relative
		default:
			flush(-1, 0)
		}
		out = append(out, c)
		switch c {
		case 19, 20:
			m := (stems + 7) / 8
			if i+m > len(cs) {
				return nil, errCFF
			}
			out = append(out, cs[i:i+m]...)
			i += m
		case 12:
			if i >= len(cs) {
				return nil, errCFF
			}
			out = append(out, cs[i])
			i++
		}
		first = false
	}
	return out, nil // no moveto: an empty glyph
}

// subsetCFF makes a CID-keyed CFF with the glyphs order (source glyph IDs; glyph i of the subset
// is order[i] and has CID i). Only the subroutines the kept glyphs call are kept, renumbered,
// with each call's operand rewritten; if some call's operand is not a literal number just before
// it (legal, never seen in real fonts), the numbers stay and unused subroutines become a bare
// return instead (#5177 §4.7). Font DICTs no kept glyph uses are dropped.
// keepNumbers forces that fallback (for a test).
func subsetCFF(f *cffFont, order []int, extra []cffGlyph, psName string, keepNumbers bool) ([]byte, error) {
	out, _, err := subsetCFFCounted(f, order, extra, psName, keepNumbers)
	return out, err
}

// subsetCFFCounted is subsetCFF that also says how many charstring operators the walk took (the
// work that grows with the input; FuzzCFF asserts it stays within the budget).
func subsetCFFCounted(f *cffFont, order []int, extra []cffGlyph, psName string, keepNumbers bool) ([]byte, int, error) {
	// which font dicts and subroutines the kept glyphs use
	fdNew := map[int]int{}
	var fdOrder []int
	w := subrWalker{f: f, used: map[csKey]bool{}, walked: map[csKey]bool{}, literal: true, maxOps: 1<<20 + 4096*len(order)}
	for _, g := range order {
		if g < 0 || g >= len(f.glyphs) {
			return nil, 0, errCFF
		}
		fd := int(f.fdSelect[g])
		if _, ok := fdNew[fd]; !ok {
			fdNew[fd] = len(fdOrder)
			fdOrder = append(fdOrder, fd)
		}
		w.fd, w.stems, w.stack = fd, 0, w.stack[:0]
		if _, err := w.walk(f.glyphs[g], csKey{0, 0, g}, 0); err != nil {
			return nil, 0, fmt.Errorf("glyph %d: %w", g, err)
		}
	}
	// the glyphs added after the kept ones (half-width forms) take their base glyph's font dict;
	// one that reuses its base's charstring is renumbered with it
	bases := append([]int(nil), order...)
	for _, e := range extra {
		if e.base < 0 || e.base >= len(f.glyphs) {
			return nil, 0, errCFF
		}
		if _, ok := fdNew[int(f.fdSelect[e.base])]; !ok {
			return nil, 0, errCFF // its base is not kept
		}
		bases = append(bases, e.base)
	}
	glyphs := make([][]byte, len(bases))
	for i, g := range order {
		glyphs[i] = f.glyphs[g]
	}
	for i, e := range extra {
		if glyphs[len(order)+i] = e.cs; e.cs == nil {
			glyphs[len(order)+i] = f.glyphs[e.base]
		}
	}
	var gsubrs [][]byte // set by either way of keeping the subroutines, below
	lsubrs := make([][][]byte, len(f.fds))
	for fd := range f.fds {
		lsubrs[fd] = f.fds[fd].subrs
	}
	// the call sites by charstring, in byte order, each once; the same operand read as two
	// different calls (a hintmask parsed two ways) keeps the numbers instead
	cmpKey := func(a, b csKey) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.fd, b.fd), cmp.Compare(a.index, b.index))
	}
	slices.SortFunc(w.sites, func(a, b callSite) int { return cmp.Or(cmpKey(a.in, b.in), cmp.Compare(a.start, b.start)) })
	w.sites = slices.Compact(w.sites)
	sitesOf := map[csKey][]callSite{} // sub-slices of w.sites
	for i, c := range w.sites {
		if i > 0 && w.sites[i-1].in == c.in {
			if w.sites[i-1].end > c.start {
				w.literal = false
			}
			continue
		}
		j := i + 1
		for j < len(w.sites) && w.sites[j].in == c.in {
			j++
		}
		sitesOf[c.in] = w.sites[i:j]
	}
	if w.literal && !keepNumbers {
		// renumber: the used subroutines only, in their source order, each call's operand rewritten
		newNum := map[csKey]int{}
		count := map[csKey]int{} // per INDEX (index 0): how many are kept
		keys := make([]csKey, 0, len(w.used))
		for k := range w.used {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, cmpKey)
		for _, k := range keys {
			idx := csKey{k.kind, k.fd, 0}
			newNum[k] = count[idx]
			count[idx]++
		}
		rewrite := func(cs []byte, key csKey) []byte {
			sites := sitesOf[key]
			if len(sites) == 0 {
				return cs
			}
			out := make([]byte, 0, len(cs)+len(sites))
			at := 0
			for _, s := range sites {
				target := csKey{2, s.fd, s.target}
				if s.global {
					target = csKey{1, 0, s.target}
				}
				out = append(out, cs[at:s.start]...)
				out = append(out, csInt(newNum[target]-subrBias(count[csKey{target.kind, target.fd, 0}]))...)
				at = s.end
			}
			return append(out, cs[at:]...)
		}
		for i, g := range order {
			glyphs[i] = rewrite(f.glyphs[g], csKey{0, 0, g})
		}
		for i, e := range extra {
			if e.cs == nil {
				glyphs[len(order)+i] = rewrite(f.glyphs[e.base], csKey{0, 0, e.base})
			}
		}
		gsubrs = nil
		for fd := range lsubrs {
			lsubrs[fd] = nil
		}
		for _, k := range keys {
			if k.kind == 1 {
				gsubrs = append(gsubrs, rewrite(f.gsubrs[k.index], k))
			} else {
				lsubrs[k.fd] = append(lsubrs[k.fd], rewrite(f.fds[k.fd].subrs[k.index], k))
			}
		}
	} else {
		// keep the numbers: unused subroutines become a bare return, and trailing unused ones go
		// as long as the count stays in the same bias bracket
		prune := func(subrs [][]byte, kind, fd int) [][]byte {
			n := len(subrs)
			floor := map[int]int{107: 0, 1131: 1240, 32768: 33900}[subrBias(n)]
			for n > floor && !w.used[csKey{kind, fd, n - 1}] {
				n--
			}
			out := make([][]byte, n)
			for i, s := range subrs[:n] {
				if out[i] = s; !w.used[csKey{kind, fd, i}] {
					out[i] = []byte{11} // return
				}
			}
			return out
		}
		gsubrs = prune(f.gsubrs, 1, 0)
		for fd := range lsubrs {
			lsubrs[fd] = prune(f.fds[fd].subrs, 2, fd)
		}
	}

	// strings: the source's, plus the registry and ordering of the CID-keyed result
	strs := append(append([][]byte(nil), f.strings...), []byte("Adobe"), []byte("Identity"))
	sidAdobe, sidIdentity := 391+len(f.strings), 392+len(f.strings)

	n := len(bases)
	// charset format 2: one range, glyph i ↔ CID i (#5176 §13)
	charset := []byte{2}
	if n > 1 {
		charset = append(charset, 0, 1, byte((n-2)>>8), byte(n-2))
	}
	// FDSelect format 3 (#5176 §19)
	var ranges [][3]int
	for i, g := range bases {
		fd := fdNew[int(f.fdSelect[g])]
		if len(ranges) == 0 || ranges[len(ranges)-1][1] != fd {
			ranges = append(ranges, [3]int{i, fd})
		}
	}
	fdSel := []byte{3, byte(len(ranges) >> 8), byte(len(ranges))}
	for _, r := range ranges {
		fdSel = append(fdSel, byte(r[0]>>8), byte(r[0]), byte(r[1]))
	}
	fdSel = append(fdSel, byte(n>>8), byte(n))
	charStrings := writeIndex(glyphs)

	// the private dicts, each followed by its local subroutines (Subrs is relative to the dict)
	type priv struct{ dict, subrs []byte }
	privs := make([]priv, len(fdOrder))
	for i, fd := range fdOrder {
		src := f.fds[fd]
		es := append([]dictEntry(nil), src.private...)
		var subrs []byte
		if len(lsubrs[fd]) > 0 {
			es = append(es, dictEntry{opSubrs, [][]byte{int5(0)}})
			es[len(es)-1].args[0] = int5(len(encodeDict(es))) // the subroutines follow the dict
			subrs = writeIndex(lsubrs[fd])
		}
		privs[i] = priv{encodeDict(es), subrs}
	}

	// the top DICT: ROS first (#5176 §18), the source's entries that are neither offsets nor
	// name-keyed, then the offsets in five-byte form
	top := []dictEntry{{opROS, [][]byte{int5(sidAdobe), int5(sidIdentity), {139}}}}
	for _, e := range f.top {
		switch e.op {
		case opCharset, opEncoding, opCharStrings, opPrivate, opROS, opCIDCount, opUIDBase,
			opFDArray, opFDSelect, opUniqueID, opXUID:
			continue
		}
		top = append(top, e)
	}
	top = append(top, dictEntry{opCIDCount, [][]byte{int5(n)}})
	iCharset, iCS, iFDA, iFDS := len(top), len(top)+1, len(top)+2, len(top)+3
	top = append(top, dictEntry{opCharset, [][]byte{int5(0)}}, dictEntry{opCharStrings, [][]byte{int5(0)}},
		dictEntry{opFDArray, [][]byte{int5(0)}}, dictEntry{opFDSelect, [][]byte{int5(0)}})

	name := writeIndex([][]byte{[]byte(psName)})
	strIdx := writeIndex(strs)
	gsubrIdx := writeIndex(gsubrs)
	topLen := len(writeIndex([][]byte{encodeDict(top)}))
	// FDArray: each font dict with its Private [size offset]; its size is known before the offsets
	fdDicts := func(privOff []int) [][]byte {
		out := make([][]byte, len(fdOrder))
		for i, fd := range fdOrder {
			es := append([]dictEntry(nil), f.fds[fd].dict...)
			es = append(es, dictEntry{opPrivate, [][]byte{int5(len(privs[i].dict)), int5(privOff[i])}})
			out[i] = encodeDict(es)
		}
		return out
	}
	fdaLen := len(writeIndex(fdDicts(make([]int, len(fdOrder)))))

	pos := 4 + len(name) + topLen + len(strIdx) + len(gsubrIdx)
	offCharset := pos
	pos += len(charset)
	offFDS := pos
	pos += len(fdSel)
	offCS := pos
	pos += len(charStrings)
	offFDA := pos
	pos += fdaLen
	privOff := make([]int, len(fdOrder))
	for i, p := range privs {
		privOff[i] = pos
		pos += len(p.dict) + len(p.subrs)
	}
	if pos > math.MaxInt32 {
		return nil, 0, errCFF
	}
	top[iCharset].args = [][]byte{int5(offCharset)}
	top[iCS].args = [][]byte{int5(offCS)}
	top[iFDA].args = [][]byte{int5(offFDA)}
	top[iFDS].args = [][]byte{int5(offFDS)}

	out := make([]byte, 0, pos)
	out = append(out, 1, 0, 4, 4)
	out = append(out, name...)
	out = append(out, writeIndex([][]byte{encodeDict(top)})...)
	out = append(out, strIdx...)
	out = append(out, gsubrIdx...)
	out = append(out, charset...)
	out = append(out, fdSel...)
	out = append(out, charStrings...)
	out = append(out, writeIndex(fdDicts(privOff))...)
	for _, p := range privs {
		out = append(out, p.dict...)
		out = append(out, p.subrs...)
	}
	if len(out) != pos {
		return nil, 0, fmt.Errorf("CFF subset: %d bytes written, %d planned", len(out), pos)
	}
	return out, w.ops, nil
}
