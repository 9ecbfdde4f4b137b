package layout

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

// state is Layout's work in progress. comp is the composition it sets: the title's lines, the
// signature block, the grid (g, the one source of the type area and its pitches), the tables'
// columns and label lines.
type state struct {
	th     *theme.Theme
	sh     *shaper
	pages  []Page
	cur    *Page
	y      float64 // top of the free space on the current page
	tables map[*tree.Table]*tableLayout
	comp   *compose.Composition
	g      compose.Grid
	placed []placedLine // body lines on the grid, in order: what the signature may carry along
	last   lastPara     // the paragraph set last (tightenLast)
	err    error        // a block that cannot be set (a title too long for its lines)
	elem   int          // the last structure element numbered
	level  int          // the last heading level (H1 = 1), so that none is skipped
	nTable int          // tables started so far
}

// element numbers the next structure element.
func (s *state) element(role string) Struct { s.elem++; return Struct{Elem: int32(s.elem), Role: role} }

// heading numbers a heading element: the title is H1, section headings H2 and so on down, but
// never more than one level below the heading before (PDF/UA, Matterhorn 14-003).
func (s *state) heading(level int) Struct {
	level = min(level, s.level+1, 6)
	s.level = level
	return s.element("H" + strconv.Itoa(level))
}

// placedLine is one line set on the body grid: its page and grid line, where its items start,
// and which block it belongs to.
type placedLine struct {
	page, grid, from, block int
	heading                 bool
}

// Layout lays the document out on pages and hands it over whole: pages, outline, properties and
// font subsets. It fails, before anything is written, if a character has no glyph in any font
// (fonts.MissingError names each with U+XXXX and where it occurs).
func Layout(d *tree.Document, th *theme.Theme, fs *fonts.Set) (*Document, error) {
	s := &state{th: th, sh: &shaper{fs: fs}, tables: map[*tree.Table]*tableLayout{}}
	c, err := Compose(d, th, fs)
	s.err = err // a title too long: reported after the characters no font has
	s.comp, s.g = c, c.Grid
	s.newPage()
	s.title(d.Title, c.Title)
	for i, b := range d.Blocks {
		switch b := b.(type) {
		case *tree.Para:
			s.para(b, d.Blocks[i+1:], i)
		case *tree.Table:
			s.table(b)
		}
	}
	if c.Signature != nil {
		s.signature(d.Signature, c.Signature)
	}
	s.pageNumbers()
	if len(s.sh.missing) > 0 {
		return nil, s.sh.missing
	}
	if s.err != nil {
		return nil, s.err
	}
	faces := map[string]*fonts.Face{}
	for _, f := range fs.Faces() {
		faces[f.ID] = f
	}
	doc, err := finish(s.pages, outline(d, s.pages), d.Meta, faces, fs.Class)
	if doc != nil {
		doc.Composition = c
	}
	return doc, err
}

// outline is the bookmarks: one a top-level heading (tree.H1: the report's sections), going to
// where its first line was set, the view's top a line and a half above that line's baseline.
func outline(d *tree.Document, pages []Page) []Anchor {
	titles := map[string]string{} // a heading's Where → its text
	var order []string
	for _, b := range d.Blocks {
		if p, ok := b.(*tree.Para); ok && p.Style == tree.H1 && headingOnly(p) && titles[p.Where] == "" {
			text := ""
			for _, r := range p.Runs {
				text += r.Text
			}
			titles[p.Where] = text
			order = append(order, p.Where)
		}
	}
	found := map[string]Anchor{}
	for i, p := range pages {
		for _, it := range p.Items {
			if _, seen := found[it.Where]; it.Kind == TextItem && titles[it.Where] != "" && !seen {
				found[it.Where] = Anchor{Title: titles[it.Where], Page: i, Y: max(0, it.Y-1.5*it.Size)}
			}
		}
	}
	var out []Anchor
	for _, w := range order {
		if a, ok := found[w]; ok {
			out = append(out, a)
		}
	}
	return out
}

func (s *state) newPage() {
	s.pages = append(s.pages, Page{Number: len(s.pages) + 1, Width: s.g.PageW, Height: s.g.PageH})
	s.cur = &s.pages[len(s.pages)-1]
	s.y = s.g.Top
}

// gridLine is the index of the first body grid line at or below y (GB/T 9704 §5.2.3: body text
// sits on a grid of 22 lines filling the type area).
func (s *state) gridLine(y float64) int {
	return int(math.Ceil((y-s.g.Top)/s.g.LinePitch - 1e-6))
}

// (Products are rounded explicitly, float64(a*b), wherever a sum follows: see theme's geometry.)
func (s *state) lineTop(i int) float64 { return s.g.Top + float64(float64(i)*s.g.LinePitch) }

// linesLeft is how many grid lines remain free on the current page.
func (s *state) linesLeft() int { return s.g.Lines - s.gridLine(s.y) }

var styleRole = map[tree.Style]fonts.Role{tree.Body: fonts.Body, tree.H1: fonts.H1, tree.H2: fonts.H2, tree.H3: fonts.Body, tree.H4: fonts.Body}

func (s *state) spans(p *tree.Para) []span {
	var out []span
	for _, r := range p.Runs {
		bold := 0.0
		if r.Style == tree.H3 && s.th.Text.H3Bold || r.Style == tree.H4 && s.th.Text.H4Bold {
			bold = s.th.Text.BoldStrokePt // Chinese faces rarely have a bold: stroke the outline
		}
		out = append(out, span{r.Text, styleRole[r.Style], s.th.Size.BodyPt, bold})
	}
	return out
}

// headingOnly: a heading with no body text after it on its lines, which must not end a page.
func headingOnly(p *tree.Para) bool {
	return p.Style != tree.Body && p.Runs[len(p.Runs)-1].Style != tree.Body
}

// para sets a paragraph on the body grid: first-line indent of two characters, lines justified to
// both edges and the last flush left (GB/T 9704 §7.3.3: "每个自然段左空二字，回行顶格"). A heading
// is kept with what follows it: it never ends a page alone (keepNeed). rest are the blocks after
// it.
func (s *state) para(p *tree.Para, rest []tree.Block, block int) {
	th := s.th
	size := th.Size.BodyPt
	tracking := s.g.CharPitch - size
	gs := s.sh.shape(s.spans(p), tracking, p.Where)
	for _, a := range linebreak.Addresses(runes(gs)) {
		for i := a[0]; i < a[1]; i++ {
			gs[i].addr = true
		}
	}
	indent := float64(th.Text.IndentChars * s.g.CharPitch)
	lines := fill(gs, s.g.BodyW-indent, s.g.BodyW, s.g.CharPitch, th.Text.Squeeze)
	if len(lines) == 0 {
		return
	}
	if headingOnly(p) && s.gridLine(s.y) > 0 && s.linesLeft() < s.keepNeed(len(lines), rest) {
		s.newPage()
	}
	var breaks []int
	if !headingOnly(p) && s.gridLine(s.y) > 0 {
		breaks = pageBreaks(len(lines), s.linesLeft(), s.g.Lines)
	}
	var st Struct
	if headingOnly(p) {
		st = s.heading(int(p.Style) + 1) // tree.H1 (一、) → H2 below the title
	} else {
		st = s.element("P")
	}
	s.last = lastPara{gs: gs, indent: indent, block: block, placed: len(s.placed), heading: headingOnly(p), where: p.Where, st: st}
	for k, ln := range lines {
		if s.linesLeft() <= 0 || slices.Contains(breaks, k) && s.gridLine(s.y) > 0 {
			s.newPage()
			s.last.placed = -1 // across pages: not re-set for the signature
		}
		s.setLine(gs, ln, k == 0, k == len(lines)-1)
	}
}

// keepNeed is how many grid lines a heading of n lines needs free on its page so that it does not
// end the page (背题): keep-with-next is transitive — the headings that follow it directly
// ("2.平台建设。" then "（1）……"), down to the first lines of body text that can stand at a
// page's foot: those pageBreaks leaves there (two of a long paragraph, all of a three-line one);
// a table needs its first chunk (header and first rows) to fit.
// More than a page's lines when the whole chain cannot share a page with what follows: then the
// heading starts a new page.
func (s *state) keepNeed(n int, rest []tree.Block) int {
	need := n
	for _, b := range rest {
		switch b := b.(type) {
		case *tree.Para:
			if !headingOnly(b) {
				// the fewest lines at the page's foot that pageBreaks leaves there (no orphan, no
				// widow: a three-line paragraph needs all three)
				k := s.lineCount(b, 4)
				for left := 1; left < k; left++ {
					if br := pageBreaks(k, left, s.g.Lines); len(br) > 0 && br[0] > 0 {
						return need + left
					}
				}
				return need + k
			}
			need += s.lineCount(b, s.g.Lines)
		case *tree.Table:
			if s.lineTop(s.gridLine(s.y)+need)+s.firstChunk(b) > s.g.Top+s.g.BodyH+0.01 {
				return s.g.Lines + 1
			}
			return need
		}
	}
	return need
}

// lineCount is the number of lines a paragraph takes (shaped and broken, nothing set), or at
// least upTo when its text is clearly longer than upTo lines (then it is not broken at all).
func (s *state) lineCount(p *tree.Para, upTo int) int {
	th := s.th
	n := 0
	for _, r := range p.Runs {
		n += len(r.Text) // bytes: at least the runes
	}
	if n > 4*5*upTo*s.g.Chars { // more runes than upTo lines hold even of narrow glyphs (≥ 0.2 em)
		return upTo
	}
	gs := s.sh.shape(s.spans(p), s.g.CharPitch-th.Size.BodyPt, p.Where)
	indent := float64(th.Text.IndentChars * s.g.CharPitch)
	if width(gs) > float64(float64(upTo)*s.g.BodyW)+s.g.BodyW/4 {
		return upTo
	}
	return len(fill(gs, s.g.BodyW-indent, s.g.BodyW, s.g.CharPitch, th.Text.Squeeze))
}

// noTighten turns tightenLast off, for a test to compare.
var noTighten bool

// lastPara is the paragraph set last, for tightenLast.
type lastPara struct {
	gs      []glyph
	indent  float64
	block   int
	placed  int // its first line in s.placed; -1 when it runs across pages
	heading bool
	where   string
	st      Struct
}

// setLine sets one line of a paragraph on the next grid line.
func (s *state) setLine(gs []glyph, ln line, first, last bool) {
	th := s.th
	g := s.gridLine(s.y)
	x, w := s.g.Left, s.g.BodyW
	if first {
		x += s.last.indent
		w -= s.last.indent
	}
	items, _ := place(gs[ln.start:ln.end], x, baseline(s.lineTop(g), s.g.LinePitch, th.Size.BodyPt), w, !last)
	items = tag(items, s.last.where, s.last.st)
	from := len(s.cur.Items)
	s.cur.Items = append(s.cur.Items, items...)
	s.placed = append(s.placed, placedLine{len(s.pages) - 1, g, from, s.last.block, s.last.heading})
	s.y = s.lineTop(g + 1)
}

// tightenLast is GB/T 9704 §7.3.5.5 ("当公文排版后所剩空白处不能容下……成文日期时，可以采取调整
// 行距、字距的措施解决"): the last paragraph is set again with its characters a little closer — at
// most two characters more a line, within squeeze's limits (0.1 em a gap) — so that it takes up
// to two lines fewer and the signature fits on its page. Line spacing is left alone: the page
// keeps its 22-line grid. It reports whether the paragraph now gives back the lines wanted.
func (s *state) tightenLast(want int) bool {
	th := s.th
	lp := s.last
	if noTighten || lp.placed < 0 || lp.placed >= len(s.placed) || lp.heading {
		return false
	}
	old := len(s.placed) - lp.placed
	for extra := 0.25; extra <= 2; extra += 0.25 {
		grow := float64(extra * s.g.CharPitch)
		gs := append([]glyph(nil), lp.gs...)
		lines := fill(gs, s.g.BodyW-lp.indent+grow, s.g.BodyW+grow, s.g.CharPitch, th.Text.Squeeze)
		if len(lines) > old-want {
			continue
		}
		ok := true
		for k, ln := range lines {
			w := s.g.BodyW
			if k == 0 {
				w -= lp.indent
			}
			if over := width(gs[ln.start:ln.end]) - w; over > 0.01 && !squeeze(gs[ln.start:ln.end], over, true) {
				ok = false
				break
			}
		}
		if !ok {
			return false
		}
		// take the paragraph's lines off the page and set them again
		first := s.placed[lp.placed]
		s.cur.Items = s.cur.Items[:first.from]
		s.placed = s.placed[:lp.placed]
		s.y = s.lineTop(first.grid)
		for k, ln := range lines {
			s.setLine(gs, ln, k == 0, k == len(lines)-1)
		}
		return true
	}
	return false
}

// carry moves the last lines

// pageBreaks says before which lines of an n-line paragraph a page begins, when left lines are
// free on the current page and a page holds perPage: no orphan — the first line (or a run-in
// heading's line) alone at a page's foot goes to the next page — and no widow — a last line alone at
// a page's head takes the line before it along. A page then ends a line short, as type set on a
// grid does (the grid itself, GB/T 9704 §5.2.3, stays 22 lines).
func pageBreaks(n, left, perPage int) []int {
	if n <= left || n < 2 {
		return nil
	}
	first := left
	if first == 1 {
		first = 0 // orphan: the paragraph starts on the next page
	}
	var out []int
	for at := first; at < n; at += perPage {
		out = append(out, at)
	}
	if last := out[len(out)-1]; n-last == 1 && n >= 3 {
		prev := 0
		if len(out) > 1 {
			prev = out[len(out)-2]
		}
		if last-1 > prev+1 || len(out) == 1 && last-1 >= 2 {
			out[len(out)-1]-- // widow: the line before goes along
		} else if len(out) == 1 {
			out[0] = 0 // two lines on the first page would leave an orphan: all on the next
		}
	}
	return out
}

// carry moves the last lines set on the current page to the top of a new page, so that the
// signature never stands alone on a page: the last paragraph's last two lines (all of it if it
// is shorter), with the heading above it if that is all that would stay behind.
func (s *state) carry() {
	n := len(s.placed)
	page := len(s.pages) - 1
	if n == 0 || s.placed[n-1].page != page {
		s.newPage()
		return
	}
	last := s.placed[n-1].block
	k := n - 1
	for k > 0 && s.placed[k-1].block == last && s.placed[k-1].page == page && n-k < 2 {
		k--
	}
	if k > 0 && s.placed[k-1].heading && s.placed[k-1].page == page {
		k--
	}
	if s.placed[k].grid == 0 { // everything on the page would move: nothing gained
		s.newPage()
		return
	}
	moved := append([]Item(nil), s.cur.Items[s.placed[k].from:]...)
	shift := s.lineTop(s.placed[k].grid) - s.g.Top
	s.cur.Items = s.cur.Items[:s.placed[k].from]
	s.newPage()
	for i := range moved {
		moved[i].Y -= shift
		moved[i].Y2 -= shift
	}
	s.cur.Items = append(s.cur.Items, moved...)
	s.y = s.lineTop(s.placed[n-1].grid - s.placed[k].grid + 1)
	s.placed = s.placed[:k]
}

// title sets the title's lines as compose decided them (balanced, centred, GB/T 9704 §7.3.1) in
// 2号小标宋, one title line pitch apart.
func (s *state) title(text string, lines []compose.Line) {
	th := s.th
	size := th.Size.TitlePt
	gs := s.sh.shape([]span{{text, fonts.Title, size, 0}}, 0, "标题")
	if len(gs) == 0 || len(gs) != utf8.RuneCountInString(text) || len(lines) > linebreak.MaxTitleLines {
		return // nothing to set; or a character no font has, or a title too long: Layout reports them
	}
	y := s.g.Top
	st := s.heading(1)
	for _, ln := range lines {
		items, _ := place(gs[ln.From:ln.To], ln.X, baseline(y, th.Title.LinePt, size), 0, false)
		items = tag(items, "标题", st)
		s.cur.Items = append(s.cur.Items, items...)
		y += th.Title.LinePt
	}
	// one blank body line between the title and the text (GB/T 9704 §7.3.2, §7.3.3): the text starts
	// on the first grid line at least that far below the title's last line, counting the half line
	// of blank that the grid and the title's own line pitch leave around the glyphs
	s.y = s.lineTop(s.gridLine(y + float64(float64(th.Title.BlankLinesAfter)*s.g.LinePitch) - s.g.LinePitch/2))
}

// signature sets the signature block as compose placed it (GB/T 9704 §7.3.5.2: the organ's name
// and the date, one blank line below the last paragraph), keeping it on the page of the text it
// signs: the last paragraph set closer (tightenLast), or its last lines carried to a new page.
func (s *state) signature(sig tree.Signature, c *compose.Signature) {
	th := s.th
	size := th.Size.BodyPt
	tracking := s.g.CharPitch - size
	name := s.sh.shape([]span{{sig.Name, fonts.Body, size, 0}}, tracking, "署名")
	date := s.sh.shape([]span{{sig.Date, fonts.Body, size, 0}}, tracking, "成文日期")
	if len(name) != utf8.RuneCountInString(sig.Name) || len(date) != utf8.RuneCountInString(sig.Date) {
		return // a character no font has: Layout reports it
	}
	lines := c.Name
	need := len(lines) + 1
	// §7.3.5.5: rather than carry lines to a new page, set the last paragraph closer — for the
	// signature with its blank line if it can, else without the blank line
	for _, want := range []int{need + th.Signature.BlankLinesBefore - s.linesLeft(), need - s.linesLeft()} {
		if want > 0 && want <= 2 && s.linesLeft() < need && s.tightenLast(want) {
			break
		}
	}
	switch left := s.linesLeft(); {
	case left >= th.Signature.BlankLinesBefore+need:
		s.y = s.lineTop(s.gridLine(s.y) + th.Signature.BlankLinesBefore)
	case left < need:
		s.carry()
		s.y = s.lineTop(s.gridLine(s.y) + th.Signature.BlankLinesBefore)
		// else: the blank line is given up so the signature stays with the text (§7.3.5.5 allows
		// adjusting the spacing for the signature and date)
	}
	st := s.element("P") // the name and the date: one paragraph
	put := func(gs []glyph, x float64) {
		g := s.gridLine(s.y)
		items, _ := place(gs, x, baseline(s.lineTop(g), s.g.LinePitch, size), 0, false)
		items = tag(items, "署名", st)
		s.cur.Items = append(s.cur.Items, items...)
		s.y = s.lineTop(g + 1)
	}
	for _, l := range lines {
		put(name[l.From:l.To], l.X)
	}
	put(date, c.Date.X)
}

// pageNumbers adds "— N —" in 4号 宋体 with half-width digits, the dash 7 mm below the type area;
// odd pages right with one character's inset, even pages left (GB/T 9704 §7.5).
func (s *state) pageNumbers() {
	th := s.th
	size := th.Size.PageNoPt
	for i := range s.pages {
		p := &s.pages[i]
		text := fmt.Sprintf(th.PageNumber.Format, p.Number)
		gs := s.sh.shape([]span{{text, fonts.PageNo, size, 0}}, 0, "页码")
		w := width(gs)
		inset := float64(th.PageNumber.InsetChars * size)
		x := s.g.Left + inset
		if p.Number%2 == 1 {
			x = s.g.Left + s.g.BodyW - inset - w
		}
		// the dash sits at the em box's middle, 0.38 em above the baseline
		y := s.g.Top + s.g.BodyH + float64(th.PageNumber.BelowMM*72)/25.4 + float64(0.38*size)
		items, _ := place(gs, x, y, 0, false)
		p.Items = append(p.Items, items...)
	}
}
