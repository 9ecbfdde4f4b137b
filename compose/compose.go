// Package compose decides, once for every writer, the parts of a report's composition that the
// writers must agree on and that a word processor cannot work out for itself: the title's lines
// (balanced, GB/T 9704 §7.3.1), the signature block's lines and where each one stands
// (§7.3.5.2), the page grid — type area, line pitch, character pitch (§5.2) — and each
// statistical table's columns and label lines (ComposeTable), all in points.
// It is given the document, the theme and a Measure: the advances of text as layout sets it, from
// the fonts the job loaded.
//
// Pipeline: tree + theme + layout.Measure → compose → layout, which sets these lines on pages
// (PDF, OFD, SVG), and docx, which converts the same lines and offsets to twips and leaves the
// rest of the setting to Word, WPS or LibreOffice.
//
// Why a package of its own: layout and docx both need the decisions, and docx must not depend
// on layout's pages and glyphs; tree is format-neutral (no theme, no metrics); linebreak says
// where a line may break, not what the lines are. compose itself holds no font: the Measure
// carries the metrics, so a test gives it a fake one.
package compose

import (
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

// Measure gives the advance, in points, of each rune of text set in role as one run — at the
// role's size, body text tracked onto the grid's character pitch, adjacent punctuation compressed
// — exactly as layout sets it (layout.Measure). It returns one advance per rune; a rune no face
// has advances 0 (layout refuses the document anyway).
type Measure func(role fonts.Role, text string) []float64

// Grid is the page grid, in points (theme's derived geometry, gathered once): the paper, the type
// area (版心) and its pitches. GB/T 9704 §5.2: A4, a type area of 156 × 225 mm, 22 lines of 28
// characters.
type Grid struct {
	PageW, PageH float64
	Left, Top    float64 // the type area's top-left corner on the page
	BodyW, BodyH float64 // the type area's size
	Lines, Chars int     // lines a page, characters a line
	LinePitch    float64 // BodyH / Lines
	CharPitch    float64 // BodyW / Chars
}

// NewGrid is the theme's grid.
func NewGrid(th *theme.Theme) Grid {
	return Grid{PageW: th.PageW(), PageH: th.PageH(), Left: th.Left(), Top: th.Top(), BodyW: th.BodyW(), BodyH: th.BodyH(),
		Lines: th.Page.Lines, Chars: th.Page.Chars, LinePitch: th.LinePitch(), CharPitch: th.CharPitch()}
}

// Right is the type area's right edge on the page.
func (g Grid) Right() float64 { return g.Left + g.BodyW }

// Bottom is the type area's bottom edge on the page.
func (g Grid) Bottom() float64 { return g.Top + g.BodyH }

// Line is one line the composition decided: its text, the runes of the source text it holds, and
// where it stands — X its left edge on the page and W its width, in points, by the Measure.
type Line struct {
	Text     string
	From, To int // [From, To) runes of the source text (the title, the organ's name, the date)
	X, W     float64
}

// Inset is how far the line's right end stands from the type area's right edge: what a word
// processor takes as the right indent of a right-aligned paragraph.
func (l Line) Inset(g Grid) float64 { return g.Right() - (l.X + l.W) }

// Signature is the signature block (GB/T 9704 §7.3.5.2, no seal): the organ's name — one line,
// or a block of lines each flush right — and the date under it. Date.Text is "" when the report
// has no date; the line is kept (the block's height does not depend on it).
type Signature struct {
	Name []Line
	Date Line
}

// Composition is what the writers share.
type Composition struct {
	Grid      Grid
	Title     []Line                 // centred in the type area, top to bottom; nil for an empty title
	Signature *Signature             // nil when the theme has none or the document has neither name nor date
	Tables    map[*tree.Table]*Table // each statistical table of the document (ComposeTable)
}

// Compose decides the title's lines, the signature block, the grid and the tables' columns and
// label lines. It fails when the title
// needs more than linebreak.MaxTitleLines lines; the composition is then still returned, its
// title broken but too long, so a caller may go on to report other problems first.
func Compose(d *tree.Document, th *theme.Theme, m Measure) (*Composition, error) {
	c := &Composition{Grid: NewGrid(th)}
	var err error
	c.Title, err = title(d.Title, c.Grid, m)
	if th.Signature.Enabled && (d.Signature.Name != "" || d.Signature.Date != "") {
		c.Signature = signature(d.Signature, th, c.Grid, m)
	}
	c.Tables = map[*tree.Table]*Table{}
	for _, b := range d.Blocks {
		if t, ok := b.(*tree.Table); ok {
			c.Tables[t] = ComposeTable(t, th, c.Grid, m)
		}
	}
	return c, err
}

// title breaks the title at word boundaries into balanced lines (梯形/菱形, linebreak.TitleLines),
// never leaving a lone word such as 报告 on a line; each line is centred.
func title(text string, g Grid, m Measure) ([]Line, error) {
	if text == "" {
		return nil, nil
	}
	rs := []rune(text)
	ws := advances(m, fonts.Title, rs)
	ls := linebreak.TitleLines(ws, rs, g.BodyW)
	if ls == nil {
		ls = fill(ws, rs, g.BodyW)
	}
	out := lines(rs, ws, ls)
	for i := range out {
		out[i].X = g.Left + (g.BodyW-out[i].W)/2
	}
	if len(out) > linebreak.MaxTitleLines {
		return out, i18n.Errorf("标题太长：要排 %d 行，最多 %d 行。请缩短标题（title）或机关名称",
			"the title is too long: it needs %d lines, at most %d fit. Shorten the title or the organ's name", len(out), linebreak.MaxTitleLines)
	}
	return out, nil
}

// CentreDateChars is the width, in characters, beyond which a signature block of several lines
// has the date centred under it (issue 23 point 12).
const CentreDateChars = 16

// signature places the organ's name and the date as GB/T 9704 §7.3.5.2 sets a document without a
// seal (a report published on the web has none): the name with th.Signature.RightChars
// characters' space on the right (右空二字); the date on the next line, its first character
// th.Signature.DateShiftChars right of the name's (首字比署名首字右移二字) — unless the date is
// longer, then the date keeps the right space and the name moves left (相应增加署名右空字数).
// (§7.3.5.1's 右空四字 with the name centred over the date is the sealed document's layout.)
//
// A name too long for one line (the standard is silent) becomes a block of right-aligned lines,
// broken between the words of the name as a title is, no wider than the type area less the
// right space and two characters on the left; the date's first character goes two characters
// right of the last line's first, or, under a block wider than CentreDateChars characters, the
// date is centred under the block, so that it is not stranded at the block's left. Nothing
// leaves the type area.
//
// (Products are rounded explicitly, float64(a*b), wherever a sum follows: see theme's geometry.)
func signature(sig tree.Signature, th *theme.Theme, g Grid, m Measure) *Signature {
	right := g.Left + g.BodyW - float64(th.Signature.RightChars*g.CharPitch)
	shift := float64(th.Signature.DateShiftChars * g.CharPitch)
	block := right - g.Left - float64(2*g.CharPitch)
	nr, dr := []rune(sig.Name), []rune(sig.Date)
	nw, dw := advances(m, fonts.Body, nr), advances(m, fonts.Body, dr)
	var name []Line
	if len(nr) > 0 {
		ls := linebreak.Balance(nw, linebreak.NameOpportunities(nr), block)
		if ls == nil {
			ls = fill(nw, nr, block)
		}
		name = lines(nr, nw, ls)
	}
	date := Line{Text: sig.Date, To: len(dr), W: sum(dw)}
	nameW := 0.0
	for _, l := range name {
		nameW = max(nameW, l.W)
	}
	nx := right - nameW
	dx := nx + shift
	if len(name) > 1 {
		dx = right - name[len(name)-1].W + shift
		if nameW > float64(CentreDateChars*g.CharPitch) {
			dx = right - nameW/2 - date.W/2
		}
	}
	if dx+date.W > right {
		dx = right - date.W
		if len(name) == 1 {
			nx = max(dx-shift, g.Left)
		}
	}
	date.X = max(dx, g.Left)
	for i := range name {
		name[i].X = nx
		if len(name) > 1 {
			name[i].X = right - name[i].W // a block: every line flush right
		}
	}
	return &Signature{Name: name, Date: date}
}

// advances measures rs in role, one advance per rune whatever the Measure returns.
func advances(m Measure, role fonts.Role, rs []rune) []float64 {
	if len(rs) == 0 {
		return nil
	}
	ws := m(role, string(rs))
	if len(ws) != len(rs) {
		fixed := make([]float64, len(rs))
		copy(fixed, ws)
		ws = fixed
	}
	return ws
}

// sum adds advances in order (as layout adds a line's glyphs: the same floating-point result).
func sum(ws []float64) float64 {
	w := 0.0
	for _, x := range ws {
		w += x
	}
	return w
}

// lines makes Lines of rune ranges.
func lines(rs []rune, ws []float64, ls [][2]int) []Line {
	out := make([]Line, len(ls))
	for i, l := range ls {
		out[i] = Line{Text: string(rs[l[0]:l[1]]), From: l[0], To: l[1], W: sum(ws[l[0]:l[1]])}
	}
	return out
}

// fill breaks greedily where UAX #14 allows (linebreak.Opportunities), cutting a run wider than a
// line between characters: the fallback when no balanced choice fits (a word wider than the
// line, or more lines than a title may have).
func fill(ws []float64, rs []rune, maxW float64) [][2]int {
	const eps = 0.01
	br := linebreak.Opportunities(rs)
	var out [][2]int
	start, w := 0, 0.0
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && !br[j] {
			j++
		}
		switch sw := sum(ws[i:j]); {
		case w+sw <= maxW+eps:
			w += sw
			i = j
		case i > start:
			out = append(out, [2]int{start, i})
			start, w = i, 0
		default: // one run wider than the line: cut it where it stops fitting
			k := i
			for k < j && w+ws[k] <= maxW+eps {
				w += ws[k]
				k++
			}
			k = max(k, i+1) // a single character wider than the line still goes somewhere
			out = append(out, [2]int{start, k})
			start, w, i = k, 0, k
		}
	}
	if start < len(rs) {
		out = append(out, [2]int{start, len(rs)})
	}
	return out
}
