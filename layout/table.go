package layout

import (
	"math"

	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/tree"
)

// cellText is a cell's text broken into lines at the table's size.
type cellText struct {
	gs    []glyph
	lines []line
	size  float64
}

// tableLayout holds a table's measured grid.
type tableLayout struct {
	t      *tree.Table
	xs     []float64 // column edges, len Cols+1
	rowH   []float64
	texts  []cellText // per cell, same order as t.Cells
	conts  []cellText // per cell: the group label with the continuation suffix
	left   []bool     // per cell: left-aligned (row labels of table 三)
	linePt float64
	pad    float64
	no     int // the table's number, from 1, once it is drawn
	base   int // its cells are structure elements base+1 … base+len(Cells)
}

// measureTable sets a table as the composition decided it (compose.ComposeTable: the columns
// fitted to the numbers, each cell's lines and size) and measures its rows.
func (s *state) measureTable(t *tree.Table) *tableLayout {
	th := s.th
	ct := s.comp.Tables[t]
	tl := &tableLayout{t: t, xs: ct.Xs, rowH: make([]float64, t.Rows), linePt: th.Table.LinePt, pad: th.Table.PaddingPt}
	for i := range tl.rowH {
		tl.rowH[i] = th.Table.MinRowPt
	}
	tl.texts = make([]cellText, len(t.Cells))
	tl.conts = make([]cellText, len(t.Cells))
	tl.left = make([]bool, len(t.Cells))
	for i := range t.Cells {
		c := &t.Cells[i]
		tl.texts[i] = s.setCell(ct.Cells[i], c.Where)
		if c.Group {
			tl.conts[i] = s.setCell(ct.Conts[i], c.Where)
		}
		tl.left[i] = ct.Cells[i].Left
	}
	// Row heights: single-row cells first, then spanning cells add what they still lack to the
	// last row they cover.
	for _, pass := range []bool{false, true} {
		for i := range t.Cells {
			c := &t.Cells[i]
			if (c.RowSpan > 1) != pass {
				continue
			}
			need := tl.need(tl.texts[i])
			have := tl.height(c.R, c.R+c.RowSpan)
			if need > have {
				tl.rowH[c.R+c.RowSpan-1] += need - have
			}
		}
	}
	return tl
}

// setCell shapes a composed cell's text and sets it as compose decided: at its size, each glyph
// with its advance (gaps squeezed), in its lines.
func (s *state) setCell(cc compose.Cell, where string) cellText {
	gs := s.sh.shape([]span{{cc.Text, fonts.Table, s.th.Size.TablePt, 0}}, 0, where)
	if cc.Scale != 1 {
		gs = scaled(gs, cc.Scale)
	}
	// at[i]: the glyph of rune i — a character no face has has none (Layout refuses the document)
	at := make([]int, 0, len(cc.Adv)+1)
	k := 0
	for _, r := range cc.Text {
		if k < len(gs) && gs[k].r == r {
			gs[k].adv = cc.Adv[len(at)]
			at = append(at, k)
			k++
		} else {
			at = append(at, k)
		}
	}
	at = append(at, k)
	ct := cellText{gs: gs, size: cc.Size, lines: make([]line, len(cc.Lines))}
	for i, l := range cc.Lines {
		ct.lines[i] = line{at[l.From], at[l.To]}
	}
	return ct
}

// scaled is a copy of glyphs set at k times their size.
func scaled(gs []glyph, k float64) []glyph {
	out := make([]glyph, len(gs))
	for i, g := range gs {
		g.adv, g.nat, g.size = float64(g.adv*k), float64(g.nat*k), float64(g.size*k)
		out[i] = g
	}
	return out
}

func (tl *tableLayout) need(ct cellText) float64 {
	return float64(float64(len(ct.lines))*tl.linePt) + float64(2*tl.pad)
}

func (tl *tableLayout) height(a, b int) float64 {
	h := 0.0
	for r := a; r < b; r++ {
		h += tl.rowH[r]
	}
	return h
}

// breakOK reports whether a page break may come before row b: not after a row that keeps with the
// next (table 二's item rows), and only where every cut row-group label stays legible — the part
// above the break must hold the label, the part below the label with its "（续）" suffix.
func (tl *tableLayout) breakOK(a, b int) bool {
	if tl.t.Keeps(b - 1) {
		return false
	}
	for i := range tl.t.Cells {
		c := &tl.t.Cells[i]
		if !c.Group || c.R >= b || c.R+c.RowSpan <= b {
			continue
		}
		top := max(c.R, a)
		if tl.need(tl.texts[i]) > tl.height(top, b)+0.01 && c.R >= a {
			return false
		}
		if c.R < a && tl.need(tl.conts[i]) > tl.height(a, b)+0.01 {
			return false
		}
		if tl.need(tl.conts[i]) > tl.height(b, c.R+c.RowSpan)+0.01 {
			return false
		}
	}
	return true
}

// table lays a table out from the cursor, breaking it across pages by whole rows. On every
// continuation page the header rows repeat, and a row group cut by the break shows its label again
// with the theme's continuation suffix (default "（续）"), so each page reads on its own
// (cjk-pitfalls.md §8; typst#4707).
func (s *state) table(t *tree.Table) {
	tl := s.measured(t)
	s.nTable++
	tl.no, tl.base = s.nTable, s.elem
	s.elem += len(t.Cells)
	hdrH := tl.height(0, t.HeaderRows)
	y := s.y + s.th.Table.SpaceBeforePt
	bottom := s.g.Top + s.g.BodyH
	for a := t.HeaderRows; a < t.Rows; {
		b := a
		for b < t.Rows && y+hdrH+tl.height(a, b+1) <= bottom+0.01 {
			b++
		}
		for b > a && b < t.Rows && !tl.breakOK(a, b) {
			b--
		}
		if b == a {
			if y > s.g.Top+1 { // not at the top of a page yet: start a fresh one
				s.newPage()
				y = s.g.Top
				continue
			}
			b = a + 1 // a single row taller than a page: place it anyway
		}
		y = s.drawRows(tl, a, b, y)
		a = b
		if a < t.Rows {
			s.newPage()
			y = s.g.Top
		}
	}
	s.y = y
}

// firstChunk is the height a table needs on the page it starts on: space, header, first row.
func (s *state) firstChunk(t *tree.Table) float64 {
	tl := s.measured(t)
	b := t.HeaderRows + 1
	for b < t.Rows && !tl.breakOK(t.HeaderRows, b) {
		b++
	}
	return s.th.Table.SpaceBeforePt + tl.height(0, b)
}

func (s *state) measured(t *tree.Table) *tableLayout {
	if tl, ok := s.tables[t]; ok {
		return tl
	}
	tl := s.measureTable(t)
	s.tables[t] = tl
	return tl
}

// drawRows draws the header rows and rows [a, b) from y, returning the y below them.
func (s *state) drawRows(tl *tableLayout, a, b int, y float64) float64 {
	t := tl.t
	// hy: edges of the header rows; by: edges of body rows a..b, placed below the header
	hy := make([]float64, t.HeaderRows+1)
	hy[0] = y
	for r := 0; r < t.HeaderRows; r++ {
		hy[r+1] = hy[r] + tl.rowH[r]
	}
	by := map[int]float64{a: hy[t.HeaderRows]}
	for r := a; r < b; r++ {
		by[r+1] = by[r] + tl.rowH[r]
	}
	yy := by[b]
	seen := map[[4]int64]bool{}
	rule := func(x1, y1, x2, y2 float64) {
		k := [4]int64{int64(math.Round(x1 * 100)), int64(math.Round(y1 * 100)), int64(math.Round(x2 * 100)), int64(math.Round(y2 * 100))}
		if seen[k] {
			return
		}
		seen[k] = true
		s.cur.Items = append(s.cur.Items, Item{Kind: RuleItem, X: x1, Y: y1, X2: x2, Y2: y2, Width: s.th.Table.BorderPt})
	}
	// a row without values (table 二's "信息内容 | 本年制发件数 …") heads the columns below it
	values := map[int]bool{}
	for _, c := range t.Cells {
		values[c.R] = values[c.R] || c.Number
	}
	for i := range t.Cells {
		c := &t.Cells[i]
		var r0, r1 int
		ct := tl.texts[i]
		st := Struct{Elem: int32(tl.base + i + 1), Role: "TD", Table: int16(tl.no), Row: int16(c.R), Col: int16(c.C),
			RowSpan: int16(c.RowSpan), ColSpan: int16(c.Span),
			Head: c.Header || c.R < t.HeaderRows}
		switch {
		case st.Head || !values[c.R]:
			st.Role, st.Scope = "TH", "Column"
		case !c.Number:
			st.Role, st.Scope = "TH", "Row"
		}
		switch {
		case c.Header || c.R < t.HeaderRows:
			r0, r1 = c.R, c.R+c.RowSpan
			if a > t.HeaderRows {
				st = Struct{} // the header redrawn on a continuation page
			}
		case c.R >= a && c.R < b:
			r0, r1 = c.R, min(c.R+c.RowSpan, b)
		case c.R < a && c.R+c.RowSpan > a: // cut by the previous page break
			r0, r1 = a, min(c.R+c.RowSpan, b)
			st = Struct{} // its label shown again, with （续）
			if c.Group {
				ct = tl.conts[i]
			} else {
				ct = cellText{}
			}
		default:
			continue
		}
		x1, x2 := tl.xs[c.C], tl.xs[c.C+c.Span]
		y1, y2 := by[r0], by[r1]
		if r1 <= t.HeaderRows {
			y1, y2 = hy[r0], hy[r1]
		}
		rule(x1, y1, x2, y1)
		rule(x1, y2, x2, y2)
		rule(x1, y1, x1, y2)
		rule(x2, y1, x2, y2)
		s.cellText(tl, ct, x1, y1, x2, y2, tl.left[i], c.Where, st)
	}
	return yy
}

// cellText places a cell's lines centred vertically, centred or flush left horizontally.
func (s *state) cellText(tl *tableLayout, ct cellText, x1, y1, x2, y2 float64, left bool, where string, st Struct) {
	if len(ct.lines) == 0 {
		return
	}
	h := float64(float64(len(ct.lines)) * tl.linePt)
	ly := y1 + (y2-y1-h)/2
	for _, ln := range ct.lines {
		gs := ct.gs[ln.start:ln.end]
		w := width(gs)
		x := x1 + tl.pad
		if !left {
			x = x1 + (x2-x1-w)/2
		}
		items, _ := place(gs, x, baseline(ly, tl.linePt, ct.size), 0, false)
		s.cur.Items = append(s.cur.Items, tag(items, where, st)...)
		ly += tl.linePt
	}
}

// baseline puts the ideographic em box (0.88 em above the baseline, 0.12 em below) in the middle
// of a line box of height pitch starting at top.
func baseline(top, pitch, size float64) float64 { return top + pitch/2 + float64(0.38*size) }
