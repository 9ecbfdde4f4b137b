package layout

import (
	"math"
	"strings"

	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
)

// Paragraph-wide line breaking ("total fit", Knuth & Plass 1981, adapted to Chinese text on the
// GB/T 9704 grid). All the breaks of a paragraph are chosen together: the cheapest sequence of
// lines wins, where a line costs more the further it is from the grid's 28 characters and what
// it takes to set it justified, and some breaks carry penalties. The adjustments a line may take,
// in clreq's order of preference (§3.1.6 标点符号的挤压, §3.1.7 行首行尾禁则; JIS X 4051 §4.4):
//
//  1. a closing mark at the line's end drops its blank half (行末挤压);
//  2. the line's other compressible marks are squeezed together, all by the same amount and by at
//     most markMax each — never one mark to half width, which a proofreader marks as a half-width
//     comma (GB/T 15834); which marks take part is the theme's text.squeeze;
//  3. the gaps next to full-width characters close by at most gapMax each;
//  4. otherwise a character goes to the next line (推出) and the line is spread, at most
//     looseMax a gap; a line that would need more is set flush left (ragged) instead.
//
// Penalties: a last line of one character and its stop (孤字, clreq: 孤字不成行), a break inside a
// web or e-mail address or a date. The result is deterministic (strict comparisons, positions in
// order) and linear in the paragraph's length: from each break only the ends within a few ems of
// the line's width are tried.

// Bounds of the adjustments, in em of the body size.
const (
	markMax  = 0.2  // a squeezed mark keeps at least 0.8 em: it never reads as half width
	gapMax   = 0.05 // closing the gaps: ½ em over 27 gaps is 0.02 em, invisible
	looseMax = 0.25 // beyond a quarter em a gap the line is set ragged (place)
	window   = 3.0  // ends tried from a break: those within this many em short of the width
)

// Costs (demerits) of lines and breaks. A line costs 1 plus its badness; badness grows with the
// square of the adjustment per gap or mark: spreading 0.1 em a gap costs 100 (one character
// pushed out of a 28-character line, 0.037 em a gap, costs 14), squeezing every mark of a line by
// the most it may (markMax) 20, closing every gap by gapMax 30: compressing is preferred to
// pushing out (clreq §3.1.7), and any adjustment at all costs costOffGrid.
const (
	costRagged  = 3000.0 // a line that cannot be justified within looseMax
	costCut     = 3000.0 // a word wider than the line, cut between characters
	costOrphan  = 1000.0 // 孤字: a last line of one character (and its punctuation)
	costAddress = 20.0   // a break inside a web or e-mail address
	costDate    = 30.0   // a break inside a date (2023年|1月1日)
	// costOffGrid: a line that does not hold the grid's number of characters (GB/T 9704 §5.2.3:
	// 每行排28个字; a Latin letter or digit counts half): a few lines adjusted more are preferred to
	// many lines off the grid
	costOffGrid = 400.0
	// costFar: per character a line is off the grid beyond the first
	costFar = 300.0
)

// breaker holds what the costs of the lines of one paragraph are computed from, as prefix sums,
// so that a line's cost is found in constant time.
type breaker struct {
	gs    []glyph
	br    []bool
	style string
	size  float64
	pre   []float64 // pre[i]: natural width of gs[:i]
	gaps  []int     // gaps[i]: stretchable pairs (k, k+1) with k < i
	marks []int     // marks[i]: marks among gs[:i] that may be squeezed inside a line
	cells []int     // cells[i]: grid cells of gs[:i] in halves (a full-width character 2, others 1)
	pitch float64   // the grid's character pitch
}

// plan is how one line is made to fit: its end mark set half width, its inner marks squeezed by
// mark each, its gaps closed by gap each (all in points); cost is the line's demerits.
type plan struct {
	endHalf   bool
	mark, gap float64
	cost      float64
	ragged    bool
}

// squeezable: may g be squeezed inside a line in this style? Closing marks only (ink on the
// left): the squeeze then takes blank from their right, and the glyph stays where it was.
func squeezable(g glyph, style string) bool {
	if !g.wide || g.half != fonts.NoHalf || style == theme.SqueezeNone || g.face.Half(g.r) != fonts.HalfLeft {
		return false
	}
	return style == theme.SqueezeAll || !strings.ContainsRune("。？！．", g.r)
}

// endHalf: may g, the last glyph of a line, drop its blank half?
func endHalf(g glyph) bool {
	return g.wide && g.half == fonts.NoHalf && g.face.Half(g.r) == fonts.HalfLeft
}

func newBreaker(gs []glyph, br []bool, style string, pitch float64) *breaker {
	n := len(gs)
	b := &breaker{gs: gs, br: br, style: style, pre: make([]float64, n+1), gaps: make([]int, n+1), marks: make([]int, n+1),
		cells: make([]int, n+1), pitch: pitch}
	for i, g := range gs {
		b.cells[i+1] = b.cells[i] + 1
		if g.wide {
			b.cells[i+1]++
		}
		b.pre[i+1] = b.pre[i] + g.adv
		b.gaps[i+1] = b.gaps[i]
		if i+1 < n && stretchable(g, gs[i+1]) {
			b.gaps[i+1]++
		}
		b.marks[i+1] = b.marks[i]
		if squeezable(g, style) {
			b.marks[i+1]++
		}
		b.size = max(b.size, g.size)
	}
	return b
}

// fit works out how the line gs[a:t] (no leading or trailing spaces) is set in width w: last
// says it is the paragraph's last line (set flush left, never spread). ok is false when it cannot
// be made narrow enough.
func (b *breaker) fit(a, t int, w float64, last bool) (p plan, ok bool) {
	nat := b.pre[t] - b.pre[a]
	em := b.size
	gaps := b.gaps[t-1] - b.gaps[a] // pairs inside the line
	if nat <= w+0.01 {
		if last {
			return plan{cost: 1}, true
		}
		slack := w - nat
		if slack < 0.01 {
			return plan{cost: 1}, true
		}
		if gaps == 0 || slack/float64(gaps) > looseMax*em {
			return plan{cost: costRagged, ragged: true}, true
		}
		e := slack / float64(gaps) / em
		return plan{cost: 1 + b.offGrid(a, t, w) + 100*(e/0.1)*(e/0.1)}, true
	}
	need := nat - w
	if need > maxSqueeze*em+0.01 { // at most one character more than the grid
		return plan{}, false
	}
	cost := 1.0 + b.offGrid(a, t, w)
	if g := b.gs[t-1]; endHalf(g) {
		p.endHalf = true
		need -= g.adv / 2
		cost += 0.5
	}
	if need > 0.01 {
		if n := b.marks[t-1] - b.marks[a]; n > 0 {
			c := min(need/float64(n), markMax*em)
			p.mark = c
			need -= float64(c * float64(n))
			r := c / em / markMax
			cost += 20 * r * r
		}
	}
	if need > 0.01 {
		if gaps == 0 || need/float64(gaps) > gapMax*em {
			return plan{}, false
		}
		p.gap = need / float64(gaps)
		r := p.gap / em / gapMax
		cost += 30 * r * r
	}
	p.cost = cost
	return p, true
}

// offGrid is what it costs that the line gs[a:t] does not hold the number of characters the grid
// gives its width w.
func (b *breaker) offGrid(a, t int, w float64) float64 {
	if b.pitch <= 0 {
		return costOffGrid
	}
	cells := b.cells[t] - b.cells[a]
	if cells != 2*(t-a) {
		// a line holding Latin letters or digits leaves the grid's columns after its first narrow
		// glyph whatever is done: it is the place for a paragraph's adjustments
		return 15
	}
	d := math.Abs(float64(cells)/2 - math.Round(w/b.pitch))
	switch {
	case d < 0.75:
		return 0
	case d < 1.75:
		return costOffGrid
	}
	return costOffGrid + costFar*(d-1)
}

// penalty is the cost of breaking before gs[i].
func (b *breaker) penalty(i int) float64 {
	gs := b.gs
	if i <= 0 || i >= len(gs) {
		return 0
	}
	p := 0.0
	if gs[i].addr && gs[i-1].addr {
		p += costAddress
	}
	// 2023年|1月, 1月|1日: a date is read as one word (GB/T 9704-1999: 数字、年份不能回行)
	if (gs[i-1].r == '年' || gs[i-1].r == '月') && i >= 2 && isDigitRune(gs[i-2].r) && isDigitRune(gs[i].r) {
		p += costDate
	}
	return p
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// orphan: is gs[a:t], a last line, a lone character with at most its punctuation (孤字)?
func (b *breaker) orphan(a, t int) bool {
	n := 0
	for _, g := range b.gs[a:t] {
		if !strings.ContainsRune(linebreak.NoStart, g.r) && !strings.ContainsRune(linebreak.NoEnd, g.r) && g.r != ' ' {
			n++
		}
	}
	return n <= 1
}

// breakLines chooses the lines of a paragraph: the first line first wide, the others width. It
// sets every line's adjustments (apply) and returns the lines.
func breakLines(gs []glyph, first, width, pitch float64, style string) []line {
	n := len(gs)
	if n == 0 {
		return nil
	}
	b := newBreaker(gs, linebreak.Opportunities(runes(gs)), style, pitch)
	// next[i]: the first break opportunity after i (or n)
	next := make([]int, n)
	for i, at := n-1, n; i >= 0; i-- {
		next[i] = at
		if b.br[i] {
			at = i
		}
	}
	inf := math.Inf(1)
	best := make([]float64, n+1)
	prev := make([]int, n+1)
	lineNo := make([]int, n+1) // lines before a break on the best path
	for i := range best {
		best[i] = inf
	}
	best[0] = 0
	relax := func(s, e int, c float64) {
		if c += best[s]; c < best[e] {
			best[e], prev[e], lineNo[e] = c, s, lineNo[s]+1
		}
	}
	for s := 0; s < n; s++ {
		if best[s] == inf {
			continue
		}
		a := s
		for a < n && gs[a].r == ' ' {
			a++
		}
		if a == n {
			relax(s, n, 0)
			continue
		}
		w := width
		if lineNo[s] == 0 {
			w = first
		}
		em := gs[a].size
		lastFit, tried := -1, false
		for e := next[a]; ; e = next[e] {
			t := e
			for t > a+1 && gs[t-1].r == ' ' {
				t--
			}
			nat := b.pre[t] - b.pre[a]
			if nat > w+float64(window*em) {
				break
			}
			isLast := e == n
			if nat <= w+0.01 {
				lastFit = e
			}
			if nat >= w-float64(window*em) || isLast {
				if p, ok := b.fit(a, t, w, isLast); ok {
					tried = true
					c := p.cost + b.penalty(e)
					if isLast && s > 0 && b.orphan(a, t) {
						c += costOrphan
					}
					relax(s, e, c)
				}
			}
			if isLast {
				break
			}
		}
		switch {
		case tried:
		case lastFit >= 0: // only a line far too short fits: it is set ragged
			relax(s, lastFit, costRagged+b.penalty(lastFit))
		default: // one segment wider than the line: cut it where it stops fitting
			relax(s, cut(gs, a, next[a], w), costCut)
		}
	}
	// the chosen breaks, from the end back
	var ends []int
	for e := n; e > 0; e = prev[e] {
		ends = append(ends, e)
	}
	lines := make([]line, 0, len(ends))
	s := 0
	for k := len(ends) - 1; k >= 0; k-- {
		e := ends[k]
		a := s
		for a < e && gs[a].r == ' ' {
			a++
		}
		if a < e {
			w := width
			if len(lines) == 0 {
				w = first
			}
			b.apply(a, e, w, e == n)
			lines = append(lines, line{a, e})
		}
		s = e
	}
	return lines
}

// cut is where a segment gs[a:j] wider than the line w is cut: after the last character that
// fits, moved back to a place the prohibition rules allow if there is one; never before a+1.
func cut(gs []glyph, a, j int, w float64) int {
	k, x := a, 0.0
	for k < j && x+gs[k].adv <= w+0.01 {
		x += gs[k].adv
		k++
	}
	for c := k; k < j && c > a+1; c-- {
		if !strings.ContainsRune(linebreak.NoStart, gs[c].r) && !strings.ContainsRune(linebreak.NoEnd, gs[c-1].r) {
			k = c
			break
		}
	}
	return max(k, a+1)
}

// apply sets the adjustments fit chose for the line gs[a:e] (trailing spaces included).
func (b *breaker) apply(a, e int, w float64, last bool) {
	gs := b.gs
	t := e
	for t > a+1 && gs[t-1].r == ' ' {
		t--
	}
	p, ok := b.fit(a, t, w, last)
	if !ok || p.ragged {
		return
	}
	if p.endHalf {
		halve(&gs[t-1], gs[t-1].face.Half(gs[t-1].r))
	}
	if p.mark > 0 {
		for k := a; k < t-1; k++ {
			if squeezable(gs[k], b.style) {
				gs[k].adv -= p.mark
			}
		}
	}
	if p.gap > 0 {
		for k := a; k+1 < t; k++ {
			if stretchable(gs[k], gs[k+1]) {
				gs[k].adv -= p.gap
			}
		}
	}
}
