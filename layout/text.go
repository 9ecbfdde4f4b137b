package layout

import (
	"nianbao/compose"
	"nianbao/fonts"
)

// glyph is one character ready to place: its face, natural advance at the run's size, and its
// advance on the grid (full-width characters are tracked so that the grid's N characters fill the
// line exactly; narrow ones keep their own width).
type glyph struct {
	r    rune
	face *fonts.Face
	size float64
	adv  float64 // advance on the line, tracking included
	nat  float64 // natural advance
	bold float64 // synthetic-bold stroke width, 0 for regular
	wide bool
	addr bool       // part of a web or e-mail address (linebreak.Addresses)
	half fonts.Half // set half width: the half of its em it keeps (compress)
}

// span is text in one role, size and weight: the input of shaping.
type span struct {
	text string
	role fonts.Role
	size float64
	bold float64 // synthetic-bold stroke width, 0 for regular
}

// shaper resolves characters to faces and measures them. missing collects characters no face
// has, with where they occur, so the whole document is checked before anything is written.
type shaper struct {
	fs      *fonts.Set
	missing fonts.MissingError
	seen    map[rune]bool
}

// shape turns spans into glyphs. tracking is added to every full-width glyph's advance.
func (s *shaper) shape(spans []span, tracking float64, where string) []glyph {
	var out []glyph
	for _, sp := range spans {
		for _, r := range sp.text {
			f := s.fs.Face(sp.role, r)
			if f == nil { // no face has it: refuse, never print a box
				if !s.seen[r] {
					if s.seen == nil {
						s.seen = map[rune]bool{}
					}
					s.seen[r] = true
					s.missing = append(s.missing, fonts.Missing{Char: r, Where: where})
				}
				continue
			}
			nat := float64(f.Advance(r) * sp.size)
			g := glyph{r: r, face: f, size: sp.size, nat: nat, adv: nat, bold: sp.bold, wide: isWide(r, nat, sp.size)}
			if g.wide {
				g.adv += tracking
			}
			out = append(out, g)
		}
	}
	compressAdjacent(out)
	return out
}

// compressAdjacent sets adjacent punctuation closer (clreq §3.1.6 "标点符号的挤压", JIS X 4051
// §4.4): of two neighbours whose blank halves meet — a closing bracket, quote or stop followed by
// any of those or by an opening bracket (》（ ），。” …), or two opening brackets (“《) — one
// loses its blank half, so the pair takes half an em less and keeps half an em of blank between
// the inks. Only faces that offer the half-width forms take part (fonts.Face.Half).
func compressAdjacent(gs []glyph) {
	for k := 0; k+1 < len(gs); k++ {
		a, b := &gs[k], &gs[k+1]
		if !a.wide || !b.wide || a.size != b.size || a.half != fonts.NoHalf {
			continue
		}
		ha, hb := a.face.Half(a.r), b.face.Half(b.r)
		switch {
		case ha == fonts.HalfLeft && hb != fonts.NoHalf:
			halve(a, fonts.HalfLeft)
		case ha == fonts.HalfRight && hb == fonts.HalfRight:
			halve(b, fonts.HalfRight)
		}
	}
}

// halve sets g half width, keeping the half of its em that holds its ink.
func halve(g *glyph, h fonts.Half) {
	g.half = h
	g.adv /= 2
	g.nat /= 2
}

// isWide: a full-width character, which sits on the character grid (compose.Wide: table labels
// are broken by the same rule).
func isWide(r rune, nat, size float64) bool { return compose.Wide(r, nat, size) }

func runes(gs []glyph) []rune {
	rs := make([]rune, len(gs))
	for i, g := range gs {
		rs[i] = g.r
	}
	return rs
}

// line is a range of glyphs placed on one line.
type line struct {
	start, end int
}

// fill breaks a paragraph's glyphs into lines: first line width first, the others width, on a
// grid of pitch (0: none),
// all breaks chosen together (breakLines, total fit), squeezing in the given style (theme
// text.squeeze).
func fill(gs []glyph, first, width, pitch float64, style string) []line {
	return breakLines(gs, first, width, pitch, style)
}

// maxSqueeze is how much narrower, in em, a line may be set so that a segment that may not be
// split still fits: the gaps next to full-width characters share it evenly.
const maxSqueeze = 1.0

// squeeze makes a line of glyphs need points narrower, if that takes at most maxSqueeze em; it
// reports whether it did, and changes nothing when it did not. A closing mark at the line's end
// is compressed first (clreq §3.1.7: it drops its blank half), and only what that leaves is taken from the gaps next to full-width characters, at most a tenth
// of an em each (a Latin line has few gaps: its spaces must not collapse). Punctuation compression
// may win more than needed: justification then spreads the rest.
func squeeze(gs []glyph, need float64, punct bool) bool {
	if len(gs) == 0 || need > maxSqueeze*gs[0].size {
		return false
	}
	var halves []int
	won := 0.0
	// only the line's last mark: one mark inside a line at half width reads as a half-width
	// comma (GB/T 15834); breakLines squeezes several together instead
	if k := len(gs) - 1; punct && endHalf(gs[k]) {
		halves = append(halves, k)
		won += gs[k].adv / 2
	}
	rest := max(need-won, 0)
	n := 0
	for k := 0; k+1 < len(gs); k++ {
		if stretchable(gs[k], gs[k+1]) {
			n++
		}
	}
	if rest > 0.01 && (n == 0 || rest/float64(n) > 0.1*gs[0].size) {
		return false
	}
	for _, k := range halves {
		halve(&gs[k], gs[k].face.Half(gs[k].r))
	}
	if rest > 0.01 {
		for k := 0; k+1 < len(gs); k++ {
			if stretchable(gs[k], gs[k+1]) {
				gs[k].adv -= rest / float64(n)
			}
		}
	}
	return true
}

// place positions one line's glyphs from x on baseline y. With justify, the slack up to width is
// shared by every gap except those inside a Latin word; otherwise the line keeps its natural
// spacing. It returns the items and the line's width.
func place(gs []glyph, x, y, width float64, justify bool) ([]Item, float64) {
	for len(gs) > 0 && gs[len(gs)-1].r == ' ' {
		gs = gs[:len(gs)-1]
	}
	if len(gs) == 0 {
		return nil, 0
	}
	natural := 0.0
	for _, g := range gs {
		natural += g.adv
	}
	extra := 0.0
	if justify && width > natural {
		gaps := 0
		for k := 0; k+1 < len(gs); k++ {
			if stretchable(gs[k], gs[k+1]) {
				gaps++
			}
		}
		if gaps > 0 {
			extra = (width - natural) / float64(gaps)
		}
		// a line that would be spaced out more than a quarter em a gap ends short instead (a long
		// address or number pushed to the next line would otherwise leave it gappy); breakLines
		// makes such a line the exception
		if extra > float64(looseMax*gs[0].size) {
			extra = 0
		}
	}
	// absolute positions, then runs of glyphs with the same face, weight and spacing
	xs := make([]float64, len(gs)+1)
	xs[0] = x
	for k := range gs {
		xs[k+1] = xs[k] + gs[k].adv
		if k+1 < len(gs) && extra > 0 && stretchable(gs[k], gs[k+1]) {
			xs[k+1] += extra
		}
	}
	// the glyphs of the whole line in one slice, cut into the items' Glyphs
	placed := make([]Glyph, len(gs))
	for k, g := range gs {
		placed[k] = Glyph{Glyph: g.face.GlyphOf(g.r, g.half), X: xs[k], Advance: g.nat}
	}
	var items []Item
	for k := 0; k < len(gs); {
		g := gs[k]
		sp := 0.0
		if k+1 < len(gs) {
			sp = xs[k+1] - xs[k] - g.nat
		} else if g.wide {
			sp = g.adv - g.nat // a lone last glyph keeps the grid's (negative) tracking
		}
		m := k + 1
		// A glyph joins the run when the gap before it is the run's spacing: the spacing after a
		// run's last glyph does not matter, the next run being placed on its own — so a word or a
		// number ("9001") stays one run however the gap after it is spread. But a line's last glyph
		// joins only when the spacing is not positive, so that no line's text box reaches past the
		// right edge. Full-width and narrow glyphs (ideographs, a Latin word) make runs of their
		// own, spaces going with the run before them. A half-width glyph is a run of its own:
		// writers draw it differently.
		for g.half == fonts.NoHalf && m < len(gs) && gs[m].half == fonts.NoHalf &&
			gs[m].face == g.face && gs[m].bold == g.bold && gs[m].size == g.size &&
			(gs[m].wide == g.wide || gs[m].r == ' ') &&
			near(xs[m]-xs[m-1]-gs[m-1].nat, sp) && (m+1 < len(gs) || sp <= 0.01) {
			m++
		}
		text := make([]rune, 0, m-k)
		for _, h := range gs[k:m] {
			text = append(text, h.r)
		}
		it := Item{Kind: TextItem, X: xs[k], Y: y, Font: g.face.ID, Family: g.face.Family, Size: g.size,
			Text: string(text), Glyphs: placed[k:m:m], Spacing: sp, Bold: g.bold > 0, Half: g.half}
		if g.bold > 0 {
			it.Width = g.bold
		}
		items = append(items, it)
		k = m
	}
	return items, xs[len(gs)] - x
}

func near(a, b float64) bool { return a-b < 0.001 && b-a < 0.001 }

// stretchable: may justification widen the gap between a and b? Next to a full-width character
// and after a space; never inside Latin text (a word, a number, "(DOCX)"), which keeps its spacing.
func stretchable(a, b glyph) bool { return a.wide || b.wide || a.r == ' ' }

// width is the natural width of glyphs.
func width(gs []glyph) float64 {
	w := 0.0
	for _, g := range gs {
		w += g.adv
	}
	return w
}
