package compose

import (
	"slices"
	"strings"
	"unicode"

	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

// Table is a statistical table's composition: its columns, fitted to its widest numbers, and each
// cell's text broken into lines at the table's type size — what layout sets on the page and the
// DOCX writer writes as explicit line breaks and grid columns, so that Word and LibreOffice
// break no label elsewhere. Row heights and page breaks stay with layout.
type Table struct {
	Widths []float64 // column widths, in points: the theme's, fitted to the numbers (fitNumbers)
	Xs     []float64 // column edges on the page, len(Widths)+1: the table centred in the type area
	Cells  []Cell    // per cell of the tree.Table, in its order
	Conts  []Cell    // per cell: a row-group label with the theme's continuation suffix ("（续）"); zero for other cells
}

// Cell is how one cell's text is set.
type Cell struct {
	Text  string
	Size  float64   // type size, in points: the table's, or smaller (Scale)
	Scale float64   // Size over the table's size: 1, or less for a word or a number that does not fit
	Pad   float64   // the room kept from the cell's rules on either side: the table's padding, or half of it
	Left  bool      // flush left (the row labels of table 三); otherwise centred
	Lines []Line    // rune ranges of Text, top to bottom, each with its width W (X is 0: the writer aligns)
	Adv   []float64 // each rune's advance as set, in points: the Measure's, scaled, gaps squeezed
	// Squeeze is how much narrower each rune's advance is set than at its size, in points (≥ 0):
	// the gaps a line squeezed so that a word fits (fill). Nil when nothing was squeezed.
	Squeeze []float64
}

// ComposeTable composes a table with m's metrics (the Table role). The rules: a number is never
// wrapped, and every number of a table is set at one size (fitNumbers); a label breaks between
// its words (linebreak.LabelOpportunities) — greedily, a line never ending with one character
// alone (孤字不成行: then the lines are balanced), and a word wider than its narrow cell is set a
// little smaller, in half the padding, rather than split.
func ComposeTable(t *tree.Table, th *theme.Theme, g Grid, m Measure) *Table {
	ws := th.Widths(t.ID)
	total := 0.0
	for _, w := range ws {
		total += w
	}
	size, pad := th.Size.TablePt, th.Table.PaddingPt
	ct := &Table{Widths: ws, Xs: make([]float64, len(ws)+1), Cells: make([]Cell, len(t.Cells)), Conts: make([]Cell, len(t.Cells))}
	advs := make([][]float64, len(t.Cells)) // each cell's text measured once
	for i := range t.Cells {
		advs[i] = advances(m, fonts.Table, []rune(t.Cells[i].Text))
	}
	numScale := fitNumbers(t, ws, size, pad, advs)
	ct.Xs[0] = g.Left + (g.BodyW-total)/2
	for i, w := range ws {
		ct.Xs[i+1] = ct.Xs[i] + w
	}
	wide := map[rune]bool{} // by rune: is it set full width (on the grid) — see Wide
	for i := range t.Cells {
		c := &t.Cells[i]
		ct.Cells[i] = ct.cell(c, c.Text, advs[i], size, pad, numScale, m, wide)
		if c.Group {
			text := c.Text + th.Table.Continued
			ct.Conts[i] = ct.cell(c, text, advances(m, fonts.Table, []rune(text)), size, pad, numScale, m, wide)
		}
		ct.Cells[i].Left = t.ID == "三" && !c.Header && !c.Group && !c.Number
	}
	return ct
}

// cell breaks one cell's text, measured as adv (the rules in ComposeTable).
func (ct *Table) cell(c *tree.Cell, text string, adv []float64, size, pad, numScale float64, m Measure, wide map[rune]bool) Cell {
	inner := ct.Xs[c.C+c.Span] - ct.Xs[c.C] - float64(2*pad)
	rs := []rune(text)
	g := glyphs{rs: rs, adv: adv, size: size}
	out := Cell{Text: text, Size: size, Scale: 1, Pad: pad}
	if c.Number {
		// a number is never wrapped: the numbers of a table that do not fit are all set at one
		// smaller size (fitNumbers), never a lone cell
		if numScale < 1 {
			g = g.scaled(numScale)
			out.Size, out.Scale = g.size, numScale
		}
		out.Lines, out.Adv = lines(rs, g.adv, [][2]int{{0, len(rs)}}), g.adv
		return out // never squeezed
	}
	g.wide = make([]bool, len(rs))
	for i, r := range rs {
		w, ok := wide[r]
		if !ok {
			w = Wide(r, g.adv[i], size)
			if !w && r >= 0x2000 {
				// a mark may be set half width here (adjacent punctuation compressed): whether it
				// is on the grid depends on its full advance, measured alone
				w = Wide(r, sum(advances(m, fonts.Table, []rune{r})), size)
			}
			wide[r] = w
		}
		g.wide[i] = w
	}
	br := linebreak.LabelOpportunities(rs)
	ls := g.fill(inner, br)
	if n := len(ls); n > 1 && loneLast(rs[ls[n-1][0]:ls[n-1][1]]) {
		// 孤字不成行 in a cell too: the label's lines balanced instead ("政府信/息" → "政府/信息")
		if bl := linebreak.Balance(g.adv, br, inner); len(bl) == n {
			ls = bl
		}
	}
	if cutWord(ls, br) {
		// a word wider than its narrow cell ("自然人" in 10.3 mm) is set a little smaller, in
		// half the padding, rather than split — down to 80 %, then it is cut after all
		for k := 1.0; k >= 0.8-1e-9; k -= 0.05 {
			small := g.scaled(k)
			if sl := small.fill(inner+pad, br); !cutWord(sl, br) {
				return Cell{Text: text, Size: small.size, Scale: k, Pad: pad / 2, Lines: lines(rs, small.adv, sl), Adv: small.adv, Squeeze: small.squeezed()}
			}
		}
	}
	out.Lines, out.Adv, out.Squeeze = lines(rs, g.adv, ls), g.adv, g.squeezed()
	return out
}

// Wide reports whether a character is set full width, on the character grid: ideographs, CJK
// punctuation, fullwidth forms, and the punctuation and symbols a CJK font draws an em wide (— …
// “ ” ‘ ’); nat is its natural advance at size. Latin letters (W, m) are never on the grid,
// however wide. Layout's shaping uses the same rule.
func Wide(r rune, nat, size float64) bool {
	if r >= 0x2E80 || unicode.Is(unicode.Han, r) {
		return true
	}
	return r >= 0x2000 && nat > 0.9*size
}

// glyphs is a cell's text as it is set: each rune's advance (and, once a squeeze changed them,
// the advances before), whether it is full width, the size.
type glyphs struct {
	rs       []rune
	adv, nat []float64
	wide     []bool
	size     float64
}

// squeezed is how much narrower each advance is than its natural one; nil if none is.
func (g glyphs) squeezed() []float64 {
	if g.nat == nil {
		return nil
	}
	var out []float64
	for i := range g.adv {
		if d := g.nat[i] - g.adv[i]; d != 0 {
			if out == nil {
				out = make([]float64, len(g.adv))
			}
			out[i] = d
		}
	}
	return out
}

// scaled is a copy set at k times the size. (Products are rounded explicitly, float64(a*b): the
// same values as layout's wherever a sum follows.)
func (g glyphs) scaled(k float64) glyphs {
	scale := func(xs []float64) []float64 {
		if xs == nil {
			return nil
		}
		out := make([]float64, len(xs))
		for i, x := range xs {
			out[i] = float64(x * k)
		}
		return out
	}
	return glyphs{rs: g.rs, adv: scale(g.adv), nat: scale(g.nat), wide: g.wide, size: float64(g.size * k)}
}

// maxSqueeze is how much narrower, in em, a line may be set so that a segment that may not be
// split still fits (layout's rule for body text too).
const maxSqueeze = 1.0

// fill breaks the text greedily on the break opportunities br into lines of width: a segment that
// does not fit goes to the next line whole, so punctuation that may not start a line takes the
// character before it along (推出, "push out"); a segment that fits once the line's gaps are
// squeezed a little stays (挤进, clreq §3.1.7; punctuation keeps its full width, so that a narrow
// cell breaks between the words of its label — "（三）|不予公开" — rather than squeeze its brackets
// to take one more). A segment wider than a whole line (a long Latin word) is cut between
// characters where the prohibition rules allow — never with a hyphen. A line never starts with a
// space. Squeezing changes g.adv.
func (g *glyphs) fill(width float64, br []bool) [][2]int {
	n := len(g.rs)
	if n == 0 {
		return nil
	}
	// next[i]: the first break opportunity after i (or the end), found once for all lines
	next := make([]int, n)
	for i, at := n-1, n; i >= 0; i-- {
		next[i] = at
		if br[i] {
			at = i
		}
	}
	var out [][2]int
	start, w := 0, 0.0
	avail := width
	const eps = 0.01
	i := 0
	for i < n {
		// the segment from i to the next break opportunity
		j := next[i]
		segW, fitW := 0.0, 0.0
		// a segment wider than what is left and than squeezing can win is not measured to its
		// end: a 100,000-character URL is then cut line by line in linear time, not quadratic
		limit := avail - w + float64(maxSqueeze*g.size) + eps
		over := false
		for k := i; k < j; k++ {
			segW += g.adv[k]
			if g.rs[k] != ' ' {
				fitW = segW // trailing spaces may hang past the edge: they are not drawn
			}
			if segW > limit {
				over = true
				break
			}
		}
		switch {
		case !over && w+fitW <= avail+eps:
			w += segW
			i = j
		case !over && i > start && j-i > 1 && g.squeeze(start, j, w+fitW-avail):
			out = append(out, [2]int{start, j})
			start, w, avail, i = j, 0, width, j
		case i == start:
			// one segment longer than the line: cut it where it stops fitting
			k := i
			for k < j && w+g.adv[k] <= avail+eps {
				w += g.adv[k]
				k++
			}
			// cut where the prohibition rules allow, if anywhere in the part that fits
			for c := k; k < j && c > i+1; c-- {
				if !strings.ContainsRune(linebreak.NoStart, g.rs[c]) && !strings.ContainsRune(linebreak.NoEnd, g.rs[c-1]) {
					k = c
					break
				}
			}
			if k == i {
				k++ // a single character wider than the line still goes somewhere
			}
			out = append(out, [2]int{start, k})
			start, w, avail, i = k, 0, width, k
		default:
			out = append(out, [2]int{start, i})
			start, w, avail = i, 0, width
		}
		for start == i && i < n && g.rs[i] == ' ' {
			i++
			start = i
		}
	}
	if start < n {
		out = append(out, [2]int{start, n})
	}
	return out
}

// squeeze makes the line [a, b) need points narrower, if that takes at most maxSqueeze em and a
// tenth of an em from each gap next to a full-width character (a Latin line has few gaps: its
// spaces must not collapse); it reports whether it did, and changes nothing when it did not.
func (g *glyphs) squeeze(a, b int, need float64) bool {
	if a == b || need > maxSqueeze*g.size {
		return false
	}
	rest := max(need, 0)
	n := 0
	for k := a; k+1 < b; k++ {
		if g.stretchable(k) {
			n++
		}
	}
	if rest > 0.01 && (n == 0 || rest/float64(n) > 0.1*g.size) {
		return false
	}
	if rest > 0.01 {
		if g.nat == nil {
			g.nat = slices.Clone(g.adv)
		}
		for k := a; k+1 < b; k++ {
			if g.stretchable(k) {
				g.adv[k] -= rest / float64(n)
			}
		}
	}
	return true
}

// stretchable: may the gap after rune k change? Next to a full-width character and after a
// space; never inside Latin text (a word, a number), which keeps its spacing.
func (g glyphs) stretchable(k int) bool { return g.wide[k] || g.wide[k+1] || g.rs[k] == ' ' }

// loneLast: does the line hold one character, with at most its punctuation (孤字)?
func loneLast(rs []rune) bool {
	n := 0
	for _, r := range rs {
		if !strings.ContainsRune(linebreak.NoStart+linebreak.NoEnd, r) && r != ' ' {
			n++
		}
	}
	return n <= 1
}

// cutWord reports whether a line starts inside a word (where br allows no break).
func cutWord(ls [][2]int, br []bool) bool {
	for _, l := range ls[min(1, len(ls)):] {
		if l[0] < len(br) && !br[l[0]] {
			return true
		}
	}
	return false
}

// fitNumbers makes room for a table's widest numbers (GB/T 9704 leaves tables to the drafter;
// the rules here: a number is never wrapped, and one size for every number of a table). A column
// whose numbers do not fit is widened to exactly what its widest number needs with the theme's
// padding, or at least minNumPad; the width comes first from the number columns that have room
// to spare (the narrow numbers of the other columns: table 四's 总计 columns take from the
// columns beside them), each giving in proportion to its spare room, and only then from the widest
// label column, down to two thirds of it. What still does not fit is met by setting every number
// of the table at one smaller size, returned as the scale (1: none). advs are the cells'
// advances; ws (column widths) is changed in place.
func fitNumbers(t *tree.Table, ws []float64, size, pad float64, advs [][]float64) float64 {
	numCol := make([]bool, len(ws))
	widest := make([]float64, len(ws)) // the widest single-column number of each column
	type numCell struct {
		c *tree.Cell
		w float64
	}
	var nums []numCell
	for i := range t.Cells {
		c := &t.Cells[i]
		if !c.Number {
			continue
		}
		w := sum(advs[i])
		nums = append(nums, numCell{c, w})
		for j := c.C; j < c.C+c.Span; j++ {
			numCol[j] = true
		}
		if c.Span == 1 {
			widest[c.C] = max(widest[c.C], w)
		}
	}
	label := -1 // the widest column without numbers
	for j, w := range ws {
		if !numCol[j] && (label < 0 || w > ws[label]) {
			label = j
		}
	}
	for _, p := range []float64{pad, min(pad, minNumPad)} {
		need := make([]float64, len(ws))
		lack, spare := 0.0, 0.0
		for j := range ws {
			if !numCol[j] {
				continue
			}
			need[j] = widest[j] + float64(2*p)
			if d := need[j] - ws[j]; d > 0 {
				lack += d
			} else {
				spare -= d
			}
		}
		if lack <= 0.001 {
			break
		}
		fromLabel := 0.0
		if label >= 0 {
			fromLabel = ws[label] / 3
		}
		if lack > spare+fromLabel+0.001 && p > minNumPad {
			continue // not even with all the room: try the smaller padding
		}
		give := min(lack, spare) // from the number columns with room, in proportion to it
		take := min(lack-give, fromLabel)
		for j := range ws {
			switch {
			case !numCol[j]:
			case need[j] > ws[j]:
				ws[j] += (need[j] - ws[j]) * (give + take) / lack
			case spare > 0:
				ws[j] -= float64((ws[j] - need[j]) * give / spare)
			}
		}
		if label >= 0 {
			ws[label] -= take
		}
		break
	}
	// what is left: one scale for every number of the table
	k := 1.0
	for _, n := range nums {
		cw := 0.0
		for j := n.c.C; j < n.c.C+n.c.Span; j++ {
			cw += ws[j]
		}
		if room := cw - float64(2*minNumPad); n.w > room {
			k = min(k, room/n.w)
		}
	}
	return k
}

// minNumPad is the least room a number keeps from its cell's rules on either side (issue 23
// point 8: 1.5 pt), when the theme's padding cannot be had.
const minNumPad = 1.5
