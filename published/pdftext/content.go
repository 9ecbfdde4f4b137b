package pdftext

import (
	"bytes"
	"math"
	"strings"
)

// Run is text set in one go: the glyphs of one string operand (split where a TJ adjustment
// opens a gap), in page coordinates (points, origin top left, y down).
type Run struct {
	X, Y   float64 // the first glyph's origin on the baseline
	X2     float64 // where the last glyph's advance ends
	Size   float64 // the font size as drawn (text matrix and CTM applied)
	Text   string
	Upward bool // set along a rotated baseline (each glyph is then a run of its own)
}

// Page is one page's text.
type Page struct {
	Number        int // from 1
	Width, Height float64
	Runs          []Run
	Unmapped      int // glyphs whose font gives no text (no ToUnicode, unknown encoding)
}

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

type gstate struct {
	ctm                      matrix
	font                     *font
	size, tc, tw, th, tl, ts float64
}

// interp runs content streams and collects runs.
type interp struct {
	f      *file
	page   *Page
	x0, y1 float64 // the media box's left and top
	fonts  map[any]*font
	ops    int
	glyphs *int
	forms  map[any]bool // forms being drawn (cycles)
	open   bool         // the last run may grow
}

func (in *interp) run(content []byte, res dict, st gstate, depth int) {
	if depth > MaxDepth {
		return
	}
	var stack []gstate
	var tm, tlm matrix
	var args []any
	l := &lexer{b: content}
	fontsOf := func() dict {
		d, _ := in.f.get(res[name("Font")]).(dict)
		return d
	}
	for {
		t, err := l.token()
		if err != nil {
			return
		}
		// every token counts, operands too: a form drawn many times is tokenized each time
		if in.ops++; in.ops > MaxOps {
			return
		}
		if in.f.work++; in.f.work > MaxWork {
			return
		}
		kw, isOp := t.(keyword)
		if !isOp {
			if d, ok := t.(delim); ok && (d == '[' || d == '<') {
				o, err := l.objectFrom(t, 0)
				if err != nil {
					return
				}
				t = o
			}
			if len(args) < 64 {
				args = append(args, t)
			}
			continue
		}
		nums := func(n int) ([]float64, bool) {
			if len(args) < n {
				return nil, false
			}
			out := make([]float64, n)
			for i, a := range args[len(args)-n:] {
				v, ok := num(a)
				if !ok {
					return nil, false
				}
				out[i] = v
			}
			return out, true
		}
		switch kw {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, st)
			}
		case "Q":
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if v, ok := nums(6); ok {
				st.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(st.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(args) >= 2 {
				if s, ok := num(args[len(args)-1]); ok {
					st.size = s
				}
				if n, ok := args[len(args)-2].(name); ok {
					st.font = in.font(fontsOf()[n])
				}
			}
		case "Tc":
			if v, ok := nums(1); ok {
				st.tc = v[0]
			}
		case "Tw":
			if v, ok := nums(1); ok {
				st.tw = v[0]
			}
		case "Tz":
			if v, ok := nums(1); ok {
				st.th = v[0] / 100
			}
		case "TL":
			if v, ok := nums(1); ok {
				st.tl = v[0]
			}
		case "Ts":
			if v, ok := nums(1); ok {
				st.ts = v[0]
			}
		case "Td", "TD":
			if v, ok := nums(2); ok {
				tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(tlm)
				tm = tlm
				if kw == "TD" {
					st.tl = -v[1]
				}
			}
		case "Tm":
			if v, ok := nums(6); ok {
				tlm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
				tm = tlm
			}
		case "T*":
			tlm = matrix{1, 0, 0, 1, 0, -st.tl}.mul(tlm)
			tm = tlm
		case "Tj", "'", "\"":
			if kw == "\"" {
				if v, ok := nums(3); ok {
					st.tw, st.tc = v[0], v[1]
				}
			}
			if kw != "Tj" {
				tlm = matrix{1, 0, 0, 1, 0, -st.tl}.mul(tlm)
				tm = tlm
			}
			if len(args) > 0 {
				if s, ok := args[len(args)-1].([]byte); ok {
					in.show(&st, &tm, s)
				}
			}
		case "TJ":
			if len(args) > 0 {
				if a, ok := args[len(args)-1].(array); ok {
					for _, e := range a {
						switch v := e.(type) {
						case []byte:
							in.show(&st, &tm, v)
						case int, float64:
							adj, _ := num(v)
							d := -adj / 1000 * st.size * st.th
							if st.font != nil && st.font.vertical {
								tm = matrix{1, 0, 0, 1, 0, -d}.mul(tm)
							} else {
								tm = matrix{1, 0, 0, 1, d, 0}.mul(tm)
							}
							in.breakRun(adj)
						}
					}
				}
			}
		case "Do":
			if len(args) > 0 {
				if n, ok := args[len(args)-1].(name); ok {
					xo, _ := in.f.get(res[name("XObject")]).(dict)
					in.form(xo[n], st, depth)
				}
			}
		case "BI":
			// an inline image: skip its data up to EI
			i := bytes.Index(l.b[l.pos:], []byte("ID"))
			if i < 0 {
				return
			}
			p := l.pos + i + 3
			for p < len(l.b) {
				e := bytes.Index(l.b[p:], []byte("EI"))
				if e < 0 {
					return
				}
				p += e
				if (p == 0 || isSpace(l.b[p-1])) && (p+2 >= len(l.b) || isSpace(l.b[p+2])) {
					break
				}
				p += 2
			}
			l.pos = min(p+2, len(l.b))
		}
		args = args[:0]
	}
}

// font returns the parsed font for a font dictionary (cached by reference).
func (in *interp) font(o any) *font {
	key := any(nil)
	if r, ok := o.(ref); ok {
		key = r
	}
	if key != nil {
		if f, ok := in.fonts[key]; ok {
			return f
		}
	}
	f := in.f.loadFont(o)
	if key != nil {
		in.fonts[key] = f
	}
	return f
}

func (in *interp) form(o any, st gstate, depth int) {
	r, isRef := o.(ref)
	if isRef {
		if in.forms[r] {
			return
		}
		in.forms[r] = true
		defer delete(in.forms, r)
	}
	s, ok := in.f.get(o).(*stream)
	if !ok {
		return
	}
	if sub, _ := in.f.get(s.d[name("Subtype")]).(name); sub != "Form" {
		return
	}
	data, err := in.f.decode(s)
	if err != nil {
		return
	}
	if m, ok := in.f.get(s.d[name("Matrix")]).(array); ok && len(m) == 6 {
		var v matrix
		for i := range v {
			v[i], _ = num(in.f.get(m[i]))
		}
		st.ctm = v.mul(st.ctm)
	}
	res, _ := in.f.get(s.d[name("Resources")]).(dict)
	if res == nil {
		res = dict{}
	}
	in.run(data, res, st, depth+1)
}

// breakRun ends the current run at a TJ adjustment that opens a visible gap (more than a
// quarter em: the space between words or cells, not kerning).
func (in *interp) breakRun(adj float64) {
	if math.Abs(adj) > 250 {
		in.open = false
	}
}

// show sets a string: each code's glyph at the text rendering matrix, then the advance (§9.4.4).
func (in *interp) show(st *gstate, tm *matrix, s []byte) {
	f := st.font
	if f == nil {
		f = &font{dw: 500, scale: 0.001, uni: map[uint32]string{}}
	}
	for len(s) > 0 {
		code, n := f.next(s)
		s = s[n:]
		if *in.glyphs++; *in.glyphs > MaxGlyphs {
			return
		}
		trm := matrix{st.size * st.th, 0, 0, st.size, 0, st.ts}.mul(*tm).mul(st.ctm)
		x, y := trm[4], trm[5]
		w := f.width(code) * f.scale
		var adv float64
		if f.vertical {
			adv = -(1*st.size + st.tc) // DW2's default vertical advance, one em down
			*tm = matrix{1, 0, 0, 1, 0, adv}.mul(*tm)
		} else {
			adv = (w*st.size + st.tc) * st.th
			if n == 1 && code == 32 {
				adv += st.tw * st.th
			}
			*tm = matrix{1, 0, 0, 1, adv, 0}.mul(*tm)
		}
		txt := f.text(code, n)
		if txt == "" {
			in.page.Unmapped++
			txt = "\uFFFD"
		}
		end := matrix{st.size * st.th, 0, 0, st.size, 0, st.ts}.mul(*tm).mul(st.ctm)
		size := math.Hypot(trm[2], trm[3])
		px, py := x-in.x0, in.y1-y
		ex := end[4] - in.x0
		rotated := math.Abs(trm[1]) > 1e-6*math.Abs(trm[0]) || trm[0] <= 0 || f.vertical
		if rotated {
			in.page.Runs = append(in.page.Runs, Run{X: px, Y: py, X2: px + w*size, Size: size, Text: txt, Upward: trm[1] > 0})
			in.open = false
			continue
		}
		if in.open && len(in.page.Runs) > 0 {
			last := &in.page.Runs[len(in.page.Runs)-1]
			if math.Abs(last.Y-py) < 0.01*size+0.01 && math.Abs(last.X2-px) < 0.3*size && math.Abs(last.Size-size) < 0.01*size+0.01 {
				last.Text += txt
				last.X2 = ex
				continue
			}
		}
		in.page.Runs = append(in.page.Runs, Run{X: px, Y: py, X2: ex, Size: size, Text: txt})
		in.open = true
	}
}

// normalize drops the runs that hold only blanks.
func normalize(rs []Run) []Run {
	out := rs[:0]
	for _, r := range rs {
		if strings.TrimSpace(r.Text) != "" {
			out = append(out, r)
		}
	}
	return out
}
