package pdftext

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// font is what text extraction needs of a PDF font (§9.6–§9.10): how to split a string into
// codes, each code's text and width.
type font struct {
	spaces   []codespace // code lengths (Type0); nil: one byte a code
	uni      map[uint32]string
	ranges   []bfrange // bfrange entries too large to expand
	widths   map[uint32]float64
	dw       float64 // default width (glyph space, 1/1000 em)
	scale    float64 // glyph space → text space (1/1000, or a Type3 FontMatrix)
	vertical bool
	cid      bool
	charset  string // "ucs2": codes are UTF-16 (UniGB-UCS2-H); "gbk": codes are GBK bytes
	simple   map[uint32]string
}

type codespace struct {
	lo, hi uint32
	n      int
}

type bfrange struct {
	lo, hi uint32
	dst    []uint16 // the first code's text (UTF-16); the last unit is incremented
	list   []string // or one text per code
}

const maxCMapEntries = 1 << 17

// next splits the next code off s: the code, its length in bytes.
func (f *font) next(s []byte) (uint32, int) {
	if f.spaces == nil {
		if f.cid {
			if len(s) >= 2 {
				return uint32(s[0])<<8 | uint32(s[1]), 2
			}
			return uint32(s[0]), 1
		}
		return uint32(s[0]), 1
	}
	var c uint32
	for n := 1; n <= 4 && n <= len(s); n++ {
		c = c<<8 | uint32(s[n-1])
		for _, cs := range f.spaces {
			if cs.n == n && c >= cs.lo && c <= cs.hi {
				return c, n
			}
		}
	}
	// no range matches: take the shortest length any range has (§9.7.6.3)
	n := f.spaces[0].n
	for _, cs := range f.spaces {
		n = min(n, cs.n)
	}
	n = min(n, len(s))
	c = 0
	for i := 0; i < n; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c, n
}

// text returns a code's Unicode text, "" if the font does not say.
func (f *font) text(c uint32, n int) string {
	if t, ok := f.uni[c]; ok {
		return t
	}
	for _, r := range f.ranges {
		if c >= r.lo && c <= r.hi {
			off := c - r.lo
			if r.list != nil {
				if int(off) < len(r.list) {
					return r.list[off]
				}
				return ""
			}
			u := append([]uint16(nil), r.dst...)
			u[len(u)-1] += uint16(off)
			return string(utf16.Decode(u))
		}
	}
	switch f.charset {
	case "ucs2":
		return string(utf16.Decode([]uint16{uint16(c)}))
	case "gbk":
		b := []byte{byte(c >> 8), byte(c)}
		if n == 1 {
			b = b[1:]
		}
		if out, err := simplifiedchinese.GBK.NewDecoder().Bytes(b); err == nil {
			return string(out)
		}
	}
	if f.simple != nil {
		if t, ok := f.simple[c]; ok {
			return t
		}
	}
	if !f.cid && n == 1 && c >= 32 && c < 127 {
		return string(rune(c))
	}
	if !f.cid && n == 1 && c >= 160 {
		return string(rune(c)) // Latin-1 as a last guess
	}
	return ""
}

func (f *font) width(c uint32) float64 {
	if w, ok := f.widths[c]; ok {
		return w
	}
	return f.dw
}

// loadFont reads a font dictionary.
func (x *file) loadFont(o any) *font {
	d, _ := x.get(o).(dict)
	f := &font{uni: map[uint32]string{}, widths: map[uint32]float64{}, scale: 0.001}
	if d == nil {
		f.dw = 500
		return f
	}
	sub, _ := x.get(d[name("Subtype")]).(name)
	if sub == "Type0" {
		f.cid = true
		f.dw = 1000
		enc := x.get(d[name("Encoding")])
		switch e := enc.(type) {
		case name:
			s := string(e)
			f.vertical = strings.HasSuffix(s, "-V")
			switch {
			case strings.HasPrefix(s, "Identity"):
			case strings.Contains(s, "UCS2") || strings.Contains(s, "UTF16"):
				f.charset = "ucs2"
			case strings.Contains(s, "GBK") || strings.Contains(s, "GB-EUC") || strings.Contains(s, "GBpc-EUC") || strings.Contains(s, "GBT-EUC"):
				f.charset = "gbk"
				f.spaces = []codespace{{0, 0x80, 1}, {0x8140, 0xFEFE, 2}}
			}
		case *stream:
			if data, err := x.decode(e); err == nil {
				cm := parseCMap(data)
				f.spaces = cm.spaces
			}
			if wm, ok := e.d[name("WMode")].(int); ok && wm == 1 {
				f.vertical = true
			}
		}
		if ds, ok := x.get(d[name("DescendantFonts")]).(array); ok && len(ds) > 0 {
			if cd, ok := x.get(ds[0]).(dict); ok {
				if dw, ok := num(x.get(cd[name("DW")])); ok {
					f.dw = dw
				}
				x.cidWidths(f, x.get(cd[name("W")]))
			}
		}
	} else {
		if sub == "Type3" {
			if m, ok := x.get(d[name("FontMatrix")]).(array); ok && len(m) == 6 {
				if a, ok := num(x.get(m[0])); ok && a != 0 {
					f.scale = a
				}
			}
		}
		first, _ := x.get(d[name("FirstChar")]).(int)
		if ws, ok := x.get(d[name("Widths")]).(array); ok {
			for i, w := range ws {
				if i > 1<<16 {
					break
				}
				if v, ok := num(x.get(w)); ok {
					f.widths[uint32(first+i)] = v
				}
			}
		}
		if fd, ok := x.get(d[name("FontDescriptor")]).(dict); ok {
			if mw, ok := num(x.get(fd[name("MissingWidth")])); ok {
				f.dw = mw
			}
		}
		f.simple = x.simpleEncoding(x.get(d[name("Encoding")]))
	}
	if tu, ok := x.get(d[name("ToUnicode")]).(*stream); ok {
		if data, err := x.decode(tu); err == nil {
			cm := parseCMap(data)
			for k, v := range cm.chars {
				f.uni[k] = v
			}
			f.ranges = cm.ranges
			if f.cid && f.spaces == nil && len(cm.spaces) > 0 && f.charset == "" {
				// an Identity encoding is two bytes whatever the ToUnicode says
				_ = cm.spaces
			}
		}
	}
	return f
}

func (x *file) cidWidths(f *font, o any) {
	w, ok := o.(array)
	if !ok {
		return
	}
	n := 0
	for i := 0; i < len(w); {
		c, ok := num(x.get(w[i]))
		if !ok || i+1 >= len(w) {
			return
		}
		switch v := x.get(w[i+1]).(type) {
		case array:
			for k, wv := range v {
				if ww, ok := num(x.get(wv)); ok {
					f.widths[uint32(int(c)+k)] = ww
				}
				if n++; n > maxCMapEntries {
					return
				}
			}
			i += 2
		default:
			last, ok1 := num(v)
			if i+2 >= len(w) || !ok1 {
				return
			}
			ww, _ := num(x.get(w[i+2]))
			if last-c > maxCMapEntries || last < c {
				return
			}
			for k := int(c); k <= int(last); k++ {
				f.widths[uint32(k)] = ww
				if n++; n > maxCMapEntries {
					return
				}
			}
			i += 3
		}
	}
}

// simpleEncoding reads a simple font's /Differences into code → text by glyph name.
func (x *file) simpleEncoding(o any) map[uint32]string {
	d, ok := o.(dict)
	if !ok {
		return nil
	}
	diffs, ok := x.get(d[name("Differences")]).(array)
	if !ok {
		return nil
	}
	m := map[uint32]string{}
	code := 0
	for _, v := range diffs {
		switch t := x.get(v).(type) {
		case int:
			code = t
		case name:
			if s := glyphText(string(t)); s != "" && code >= 0 && code < 256 {
				m[uint32(code)] = s
			}
			code++
		}
	}
	return m
}

var glyphNames = map[string]string{
	"space": " ", "period": ".", "comma": ",", "hyphen": "-", "minus": "−", "slash": "/", "colon": ":",
	"semicolon": ";", "parenleft": "(", "parenright": ")", "percent": "%", "plus": "+", "equal": "=",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "underscore": "_", "at": "@", "ampersand": "&", "quoteright": "’",
	"quoteleft": "‘", "quotedbl": "\"", "quotesingle": "'", "endash": "–", "emdash": "—", "bullet": "•",
}

// glyphText maps a glyph name to its text (the Adobe Glyph List's conventions for the names a
// subset font gives: uniXXXX, uXXXX, single letters, and common punctuation).
func glyphText(n string) string {
	if i := strings.IndexByte(n, '.'); i > 0 {
		n = n[:i]
	}
	if len(n) == 1 {
		return n
	}
	if s, ok := glyphNames[n]; ok {
		return s
	}
	if strings.HasPrefix(n, "uni") && len(n) >= 7 && (len(n)-3)%4 == 0 {
		var u []uint16
		for i := 3; i+4 <= len(n); i += 4 {
			v, err := strconv.ParseUint(n[i:i+4], 16, 16)
			if err != nil {
				return ""
			}
			u = append(u, uint16(v))
		}
		return string(utf16.Decode(u))
	}
	if strings.HasPrefix(n, "u") && len(n) >= 5 && len(n) <= 7 {
		if v, err := strconv.ParseUint(n[1:], 16, 32); err == nil && v <= 0x10FFFF {
			return string(rune(v))
		}
	}
	return ""
}

type cmap struct {
	spaces []codespace
	chars  map[uint32]string
	ranges []bfrange
}

func codeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b[:min(len(b), 4)] {
		c = c<<8 | uint32(x)
	}
	return c
}

func utf16Text(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// parseCMap reads the codespace ranges and bfchar/bfrange mappings of a CMap (Adobe TN 5014,
// 5411): bfrange destinations may be strings (the last UTF-16 unit counts up) or arrays of
// strings; destinations are UTF-16BE, surrogate pairs included.
func parseCMap(data []byte) cmap {
	cm := cmap{chars: map[uint32]string{}}
	l := &lexer{b: data}
	entries := 0
	var stack []any
	for entries < maxCMapEntries {
		t, err := l.token()
		if err != nil {
			break
		}
		kw, ok := t.(keyword)
		if !ok {
			if d, ok := t.(delim); ok && d == '[' {
				o, _ := l.objectFrom(t, 0)
				stack = append(stack, o)
				continue
			}
			stack = append(stack, t)
			if len(stack) > 64 {
				stack = stack[1:]
			}
			continue
		}
		stack = stack[:0]
		switch kw {
		case "begincodespacerange":
			for {
				a, err := l.token()
				lo, ok := a.([]byte)
				if err != nil || !ok {
					break
				}
				b, _ := l.token()
				hi, _ := b.([]byte)
				if len(lo) > 0 && len(lo) <= 4 {
					cm.spaces = append(cm.spaces, codespace{codeOf(lo), codeOf(hi), len(lo)})
				}
			}
		case "beginbfchar":
			for entries < maxCMapEntries {
				a, err := l.token()
				src, ok := a.([]byte)
				if err != nil || !ok {
					break
				}
				b, _ := l.token()
				switch dst := b.(type) {
				case []byte:
					cm.chars[codeOf(src)] = utf16Text(dst)
				case name:
					cm.chars[codeOf(src)] = glyphText(string(dst))
				}
				entries++
			}
		case "beginbfrange":
			for entries < maxCMapEntries {
				a, err := l.token()
				lob, ok := a.([]byte)
				if err != nil || !ok {
					break
				}
				b, _ := l.token()
				hib, _ := b.([]byte)
				lo, hi := codeOf(lob), codeOf(hib)
				dt, _ := l.token()
				if hi < lo {
					continue
				}
				switch d := dt.(type) {
				case []byte:
					u := make([]uint16, 0, len(d)/2)
					for i := 0; i+1 < len(d); i += 2 {
						u = append(u, uint16(d[i])<<8|uint16(d[i+1]))
					}
					if len(u) == 0 {
						continue
					}
					if hi-lo < 256 {
						for c := lo; c <= hi; c++ {
							v := append([]uint16(nil), u...)
							v[len(v)-1] += uint16(c - lo)
							cm.chars[c] = string(utf16.Decode(v))
							entries++
						}
					} else {
						cm.ranges = append(cm.ranges, bfrange{lo: lo, hi: hi, dst: u})
						entries++
					}
				case delim:
					if d != '[' {
						continue
					}
					o, _ := l.objectFrom(dt, 0)
					arr, _ := o.(array)
					for i, v := range arr {
						if s, ok := v.([]byte); ok && lo+uint32(i) <= hi {
							cm.chars[lo+uint32(i)] = utf16Text(s)
							entries++
						}
					}
				}
			}
		case "begincidrange", "begincidchar", "endcmap":
		}
	}
	return cm
}
