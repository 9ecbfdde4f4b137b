package pdftext

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"sync"
)

// xent is one cross-reference entry: an object at an offset, or the index-th object of the
// object stream stm.
type xent struct {
	off   int
	stm   int // object stream number, or -1 for an uncompressed object
	index int
}

// file is an opened PDF: its bytes, cross-reference and caches.
type file struct {
	b       []byte
	xref    map[int]xent
	trailer dict
	cache   map[int]any
	objstm  map[int]map[int]any // parsed object streams: number → object number → object
	busy    map[int]bool        // objects being resolved (cycles)
	total   int                 // bytes inflated so far
	work    int                 // content tokens read so far
	crypt   *crypt              // the empty user password's key, for an encrypted file
	encNum  int                 // the encryption dictionary's object (never encrypted)
}

func open(b []byte) (*file, error) {
	head := b[:min(len(b), 1024)]
	if !bytes.Contains(head, []byte("%PDF-")) {
		return nil, ErrNotPDF
	}
	f := &file{b: b, xref: map[int]xent{}, cache: map[int]any{}, objstm: map[int]map[int]any{}, busy: map[int]bool{}}
	if err := f.readXref(); err != nil || f.trailer == nil || f.trailer[name("Root")] == nil {
		// a damaged or missing cross-reference: find the objects by scanning (as readers do)
		f.xref = map[int]xent{}
		f.trailer = nil
		if err := f.scan(); err != nil {
			return nil, err
		}
	}
	if enc := f.trailer[name("Encrypt")]; enc != nil {
		if r, ok := enc.(ref); ok {
			f.encNum = r.num
		}
		d, _ := f.get(enc).(dict)
		if d == nil || !f.setupCrypt(d) {
			return nil, ErrEncrypted // a password is needed, or a handler we do not know
		}
	}
	return f, nil
}

var startxrefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`startxref\s+(\d+)`) })

func (f *file) readXref() error {
	tail := f.b[max(0, len(f.b)-2048):]
	ms := startxrefRE().FindAllSubmatch(tail, -1)
	if len(ms) == 0 {
		return fmt.Errorf("no startxref")
	}
	off, _ := strconv.Atoi(string(ms[len(ms)-1][1]))
	seen := map[int]bool{}
	for off > 0 && !seen[off] {
		if len(seen) > 1000 {
			return ErrTooLarge
		}
		seen[off] = true
		if off >= len(f.b) {
			return fmt.Errorf("startxref beyond the end")
		}
		var tr dict
		var err error
		l := &lexer{b: f.b, pos: off}
		l.skipSpace()
		if bytes.HasPrefix(f.b[l.pos:], []byte("xref")) {
			tr, err = f.xrefTable(l)
		} else {
			tr, err = f.xrefStream(off)
		}
		if err != nil {
			return err
		}
		if f.trailer == nil {
			f.trailer = tr
		}
		// a hybrid file's /XRefStm holds the entries of compressed objects
		if xs, ok := tr[name("XRefStm")].(int); ok && !seen[xs] {
			seen[xs] = true
			if _, err := f.xrefStream(xs); err != nil {
				return err
			}
		}
		next, _ := tr[name("Prev")].(int)
		off = next
	}
	return nil
}

// xrefTable reads a classic cross-reference section (§7.5.4) and its trailer; entries already
// known (from a later update) are kept.
func (f *file) xrefTable(l *lexer) (dict, error) {
	l.pos += 4
	for {
		t, err := l.token()
		if err != nil {
			return nil, err
		}
		if kw, ok := t.(keyword); ok && kw == "trailer" {
			o, err := l.object(0)
			if err != nil {
				return nil, err
			}
			d, _ := o.(dict)
			return d, nil
		}
		start, ok := t.(int)
		if !ok {
			return nil, fmt.Errorf("bad xref section")
		}
		t, err = l.token()
		count, ok2 := t.(int)
		if err != nil || !ok2 || count < 0 || start < 0 || count > MaxObjects || start > MaxObjects {
			return nil, fmt.Errorf("bad xref subsection")
		}
		for i := 0; i < count; i++ {
			a, _ := l.token()
			_, _ = l.token()
			k, _ := l.token()
			o, ok := a.(int)
			if !ok {
				return nil, fmt.Errorf("bad xref entry")
			}
			if kw, _ := k.(keyword); kw == "n" {
				if _, known := f.xref[start+i]; !known {
					if len(f.xref) >= MaxObjects {
						return nil, ErrTooLarge
					}
					f.xref[start+i] = xent{off: o, stm: -1}
				}
			} else if _, known := f.xref[start+i]; !known {
				f.xref[start+i] = xent{off: -1, stm: -1} // free: later sections must not revive it
			}
		}
	}
}

// xrefStream reads a cross-reference stream (§7.5.8) at off.
func (f *file) xrefStream(off int) (dict, error) {
	_, o, err := f.parseAt(off)
	if err != nil {
		return nil, err
	}
	s, ok := o.(*stream)
	if !ok {
		return nil, fmt.Errorf("xref is not a stream")
	}
	data, err := f.decode(s)
	if err != nil {
		return nil, err
	}
	w, _ := s.d[name("W")].(array)
	if len(w) != 3 {
		return nil, fmt.Errorf("bad /W")
	}
	var ws [3]int
	row := 0
	for i := range ws {
		ws[i], _ = w[i].(int)
		if ws[i] < 0 || ws[i] > 8 {
			return nil, fmt.Errorf("bad /W")
		}
		row += ws[i]
	}
	if row == 0 {
		return nil, fmt.Errorf("bad /W")
	}
	size, _ := s.d[name("Size")].(int)
	index := []int{0, size}
	if ix, ok := s.d[name("Index")].(array); ok {
		index = index[:0]
		for _, v := range ix {
			n, _ := v.(int)
			index = append(index, n)
		}
	}
	field := func(b []byte, def int) int {
		if len(b) == 0 {
			return def
		}
		n := 0
		for _, c := range b {
			n = n<<8 | int(c)
		}
		return n
	}
	p := 0
	for i := 0; i+1 < len(index); i += 2 {
		start, count := index[i], index[i+1]
		if start < 0 || count < 0 || count > MaxObjects || start > MaxObjects {
			return nil, ErrTooLarge
		}
		for k := 0; k < count && p+row <= len(data); k++ {
			e := data[p : p+row]
			p += row
			typ := field(e[:ws[0]], 1)
			a := field(e[ws[0]:ws[0]+ws[1]], 0)
			b := field(e[ws[0]+ws[1]:], 0)
			num := start + k
			if _, known := f.xref[num]; known {
				continue
			}
			if len(f.xref) >= MaxObjects {
				return nil, ErrTooLarge
			}
			switch typ {
			case 1:
				f.xref[num] = xent{off: a, stm: -1}
			case 2:
				f.xref[num] = xent{stm: a, index: b}
			default:
				f.xref[num] = xent{off: -1, stm: -1}
			}
		}
	}
	return s.d, nil
}

var objRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)(\d+)\s+(\d+)\s+obj\b`) })

// scan rebuilds the cross-reference from "n g obj" markers and finds the trailer (or the
// catalogue) when the table is damaged.
func (f *file) scan() error {
	for _, m := range objRE().FindAllSubmatchIndex(f.b, MaxObjects) {
		n, _ := strconv.Atoi(string(f.b[m[2]:m[3]]))
		f.xref[n] = xent{off: m[0], stm: -1} // the last definition wins, as in an update
	}
	if i := bytes.LastIndex(f.b, []byte("trailer")); i >= 0 {
		l := &lexer{b: f.b, pos: i + 7}
		if o, err := l.object(0); err == nil {
			f.trailer, _ = o.(dict)
		}
	}
	if f.trailer == nil || f.trailer[name("Root")] == nil {
		// xref streams hold the trailer keys; else look for the catalogue itself
		f.trailer = dict{}
		for n := range f.xref {
			o := f.get(ref{n, 0})
			var d dict
			switch v := o.(type) {
			case dict:
				d = v
			case *stream:
				d = v.d
			}
			if d == nil {
				continue
			}
			if t, _ := d[name("Type")].(name); t == "Catalog" {
				f.trailer[name("Root")] = ref{n, 0}
				break
			}
			if t, _ := d[name("Type")].(name); t == "XRef" && d[name("Root")] != nil {
				f.trailer = d
				break
			}
		}
	}
	if f.trailer[name("Root")] == nil {
		return ErrNotPDF
	}
	return nil
}

// parseAt parses "n g obj …" at off: the object number and the object (a *stream for a stream).
func (f *file) parseAt(off int) (int, any, error) {
	if off < 0 || off >= len(f.b) {
		return 0, nil, fmt.Errorf("offset %d outside the file", off)
	}
	l := &lexer{b: f.b, pos: off}
	n, err := l.token()
	if err != nil {
		return 0, nil, err
	}
	num, ok := n.(int)
	if !ok {
		return 0, nil, fmt.Errorf("no object at %d", off)
	}
	l.token()
	if kw, _ := func() (keyword, error) { t, err := l.token(); k, _ := t.(keyword); return k, err }(); kw != "obj" {
		return 0, nil, fmt.Errorf("no object at %d", off)
	}
	o, err := l.object(0)
	if err != nil {
		return num, o, nil
	}
	d, isDict := o.(dict)
	if !isDict {
		return num, o, nil
	}
	save := l.pos
	t, _ := l.token()
	if kw, _ := t.(keyword); kw != "stream" {
		l.pos = save
		return num, o, nil
	}
	p := l.pos
	if p < len(f.b) && f.b[p] == '\r' {
		p++
	}
	if p < len(f.b) && f.b[p] == '\n' {
		p++
	}
	length := -1
	switch v := d[name("Length")].(type) {
	case int:
		length = v
	case ref:
		if lv, ok := f.get(v).(int); ok {
			length = lv
		}
	}
	if length < 0 || p+length > len(f.b) || !bytes.HasPrefix(bytes.TrimLeft(f.b[p+length:min(len(f.b), p+length+32)], " \r\n\t"), []byte("endstream")) {
		// a wrong /Length: the data runs to endstream
		e := bytes.Index(f.b[p:], []byte("endstream"))
		if e < 0 {
			e = len(f.b) - p
		}
		length = e
		for length > 0 && (f.b[p+length-1] == '\n' || f.b[p+length-1] == '\r') {
			length--
		}
	}
	return num, &stream{d: d, data: f.b[p : p+length]}, nil
}

// get resolves a reference (following chains) to its object; nil when it is missing, free, or
// part of a cycle.
func (f *file) get(o any) any {
	for hops := 0; hops < MaxDepth; hops++ {
		r, ok := o.(ref)
		if !ok {
			return o
		}
		if v, ok := f.cache[r.num]; ok {
			o = v
			continue
		}
		if f.busy[r.num] {
			return nil
		}
		f.busy[r.num] = true
		v := f.load(r.num)
		delete(f.busy, r.num)
		f.cache[r.num] = v
		o = v
	}
	return nil
}

func (f *file) load(num int) any {
	e, ok := f.xref[num]
	if !ok {
		return nil
	}
	if e.stm >= 0 {
		objs := f.objStream(e.stm)
		return objs[num]
	}
	if e.off < 0 {
		return nil
	}
	n, o, err := f.parseAt(e.off)
	if err != nil || n != num {
		return nil
	}
	if f.crypt != nil && num != f.encNum {
		if s, ok := o.(*stream); ok {
			if t, _ := s.d[name("Type")].(name); t == "XRef" {
				return o // cross-reference streams are not encrypted
			}
			s.num, s.gen, s.enc = num, 0, true
		}
		o = f.crypt.decryptStrings(num, 0, o, 0)
	}
	return o
}

// objStream parses the object stream number n (§7.5.7).
func (f *file) objStream(n int) map[int]any {
	if m, ok := f.objstm[n]; ok {
		return m
	}
	f.objstm[n] = nil // a cycle through the stream itself finds nothing
	s, ok := f.get(ref{n, 0}).(*stream)
	if !ok {
		return nil
	}
	data, err := f.decode(s)
	if err != nil {
		return nil
	}
	count, _ := s.d[name("N")].(int)
	first, _ := s.d[name("First")].(int)
	if count < 0 || count > MaxObjects || first < 0 || first > len(data) {
		return nil
	}
	m := map[int]any{}
	l := &lexer{b: data}
	type pair struct{ num, off int }
	var ps []pair
	for i := 0; i < count; i++ {
		a, err1 := l.token()
		b, err2 := l.token()
		an, ok1 := a.(int)
		bn, ok2 := b.(int)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			break
		}
		ps = append(ps, pair{an, bn})
	}
	for _, p := range ps {
		if first+p.off >= len(data) || p.off < 0 {
			continue
		}
		ol := &lexer{b: data, pos: first + p.off}
		o, _ := ol.object(0)
		m[p.num] = o
	}
	f.objstm[n] = m
	return m
}

// decode applies a stream's filters (§7.4): FlateDecode with PNG or TIFF predictors,
// ASCIIHexDecode, ASCII85Decode. Other filters (images) are not needed for text and fail.
func (f *file) decode(s *stream) ([]byte, error) {
	data := s.data
	if s.enc && f.crypt != nil {
		data = f.crypt.decrypt(s.num, s.gen, data, true)
	}
	var filters []name
	var parms []dict
	switch v := f.get(s.d[name("Filter")]).(type) {
	case name:
		filters = []name{v}
	case array:
		for _, x := range v {
			if n, ok := f.get(x).(name); ok {
				filters = append(filters, n)
			}
		}
	}
	switch v := f.get(s.d[name("DecodeParms")]).(type) {
	case dict:
		parms = []dict{v}
	case array:
		for _, x := range v {
			d, _ := f.get(x).(dict)
			parms = append(parms, d)
		}
	}
	for i, flt := range filters {
		var p dict
		if i < len(parms) {
			p = parms[i]
		}
		var err error
		switch flt {
		case "FlateDecode", "Fl":
			data, err = f.inflate(data)
			if err == nil && p != nil {
				data, err = predict(data, p)
			}
		case "ASCIIHexDecode", "AHx":
			l := &lexer{b: append(append([]byte{'<'}, data...), '>')}
			var o any
			o, err = l.hexString()
			data, _ = o.([]byte)
		case "ASCII85Decode", "A85":
			data, err = ascii85(data)
		default:
			return nil, fmt.Errorf("filter %s not supported", flt)
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (f *file) inflate(data []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	limit := min(MaxStream, MaxTotal-f.total)
	var buf bytes.Buffer
	buf.Grow(min(4*len(data)+512, limit+1)) // content inflates to a few times its size
	_, err = buf.ReadFrom(io.LimitReader(zr, int64(limit)+1))
	out := buf.Bytes()
	if len(out) > limit {
		return nil, ErrTooLarge
	}
	f.total += len(out)
	if err != nil && len(out) == 0 {
		return nil, err
	}
	return out, nil // a truncated stream keeps what inflated
}

// predict undoes a PNG (10–15) or TIFF (2) predictor (§7.4.4.4).
func predict(data []byte, p dict) ([]byte, error) {
	pred, _ := p[name("Predictor")].(int)
	if pred < 2 {
		return data, nil
	}
	cols, ok := p[name("Columns")].(int)
	if !ok {
		cols = 1
	}
	colors, ok := p[name("Colors")].(int)
	if !ok {
		colors = 1
	}
	bpc, ok := p[name("BitsPerComponent")].(int)
	if !ok {
		bpc = 8
	}
	if cols <= 0 || colors <= 0 || bpc <= 0 || cols > 1<<20 || colors > 32 || bpc > 16 {
		return nil, fmt.Errorf("bad predictor parameters")
	}
	bpp := max(1, colors*bpc/8)
	rowLen := (cols*colors*bpc + 7) / 8
	if pred == 2 {
		if bpc != 8 {
			return data, nil
		}
		for r := 0; r+rowLen <= len(data); r += rowLen {
			for i := bpp; i < rowLen; i++ {
				data[r+i] += data[r+i-bpp]
			}
		}
		return data, nil
	}
	var out []byte
	prev := make([]byte, rowLen)
	for p := 0; p+1+rowLen <= len(data); p += 1 + rowLen {
		typ := data[p]
		row := data[p+1 : p+1+rowLen]
		cur := make([]byte, rowLen)
		for i := range row {
			var left, up, ul byte
			if i >= bpp {
				left = cur[i-bpp]
				ul = prev[i-bpp]
			}
			up = prev[i]
			switch typ {
			case 0:
				cur[i] = row[i]
			case 1:
				cur[i] = row[i] + left
			case 2:
				cur[i] = row[i] + up
			case 3:
				cur[i] = row[i] + byte((int(left)+int(up))/2)
			case 4:
				cur[i] = row[i] + paeth(left, up, ul)
			default:
				cur[i] = row[i]
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func ascii85(data []byte) ([]byte, error) {
	var out []byte
	var v uint32
	n := 0
	for _, c := range data {
		switch {
		case c == '~':
			goto done
		case c == 'z' && n == 0:
			out = append(out, 0, 0, 0, 0)
			continue
		case c < '!' || c > 'u':
			continue
		}
		v = v*85 + uint32(c-'!')
		n++
		if n == 5 {
			out = append(out, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
			v, n = 0, 0
		}
	}
done:
	if n > 1 {
		for k := n; k < 5; k++ {
			v = v*85 + 84
		}
		b := []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		out = append(out, b[:n-1]...)
	}
	return out, nil
}
