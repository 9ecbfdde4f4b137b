package published

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"

	"nianbao/published/pdftext"
)

// line is one baseline of a page: its segments left to right (a gap of half an em or more
// separates segments: table cells, a signature's blanks).
type line struct {
	page          int
	y, x1, x2     float64
	size          float64
	segs          []item
	text          string
	width, height float64
}

func isASCIIWord(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// joinText joins two pieces of one line or of two lines of a paragraph: nothing between Chinese
// text, a space only between two Latin words (the break or gap stood for it).
func joinText(a, b string, space bool) string {
	if a == "" {
		return b
	}
	if space {
		ra := []rune(a)
		rb := []rune(b)
		if len(rb) > 0 && isASCIIWord(ra[len(ra)-1]) && isASCIIWord(rb[0]) {
			return a + " " + b
		}
	}
	return a + b
}

var pageNumberRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-—–－─\s]*(第\s*)?[0-9]+(\s*页)?([,，/\s]*共\s*[0-9]+\s*页)?[-—–－─\s]*$`)
})

// linesOf groups a page's runs into lines, drops page numbers in the top and bottom margins,
// and splits each line into segments.
func linesOf(pages []pdftext.Page) []line {
	var out []line
	for pi, p := range pages {
		type indexed struct {
			pdftext.Run
			i int
		}
		runs := make([]indexed, len(p.Runs))
		for i, r := range p.Runs {
			runs[i] = indexed{r, i}
		}
		sort.SliceStable(runs, func(i, j int) bool {
			if math.Abs(runs[i].Y-runs[j].Y) > 0.2*min(runs[i].Size, runs[j].Size) {
				return runs[i].Y < runs[j].Y
			}
			return runs[i].X < runs[j].X
		})
		// runs starting at the same place keep the order they were drawn in (an OFD draws a
		// punctuation mark compressed to half width at its full glyph's origin, on its neighbour's)
		for k := 0; k+1 < len(runs); k++ {
			a, b := runs[k], runs[k+1]
			if a.i > b.i && math.Abs(a.Y-b.Y) < 0.01*a.Size && math.Abs(a.X-b.X) < 0.1*a.Size {
				runs[k], runs[k+1] = b, a
			}
		}
		var ls []line
		for _, ir := range runs {
			r := ir.Run
			n := len(ls)
			if n > 0 && math.Abs(ls[n-1].y-r.Y) <= 0.2*min(ls[n-1].size, r.Size) {
				l := &ls[n-1]
				l.segs = append(l.segs, item{page: pi, x1: r.X, x2: r.X2, y: r.Y, size: r.Size, text: r.Text})
				l.size = max(l.size, r.Size)
				continue
			}
			ls = append(ls, line{page: pi, y: r.Y, size: r.Size, width: p.Width, height: p.Height,
				segs: []item{{page: pi, x1: r.X, x2: r.X2, y: r.Y, size: r.Size, text: r.Text}}})
		}
		for i := range ls {
			l := &ls[i]
			// the runs came sorted by x (ties in drawing order)
			var segs []item
			for _, s := range l.segs {
				if k := len(segs); k > 0 {
					last := &segs[k-1]
					gap := s.x1 - last.x2
					if gap < 0.45*min(s.size, last.size) {
						last.text = joinText(last.text, s.text, gap > 0.15*s.size)
						last.x2 = max(last.x2, s.x2)
						continue
					}
				}
				segs = append(segs, s)
			}
			for k := range segs {
				segs[k].text = strings.TrimSpace(segs[k].text)
				segs[k].where = fmt.Sprintf("第%d页 x=%.0f y=%.0f", pi+1, segs[k].x1, segs[k].y)
			}
			l.segs = segs
			l.x1, l.x2 = segs[0].x1, segs[len(segs)-1].x2
			var parts []string
			for _, s := range segs {
				parts = append(parts, s.text)
			}
			l.text = strings.Join(parts, " ")
			if (l.y > 0.88*p.Height || l.y < 0.1*p.Height) && pageNumberRE().MatchString(l.text) {
				continue
			}
			out = append(out, *l)
		}
	}
	return out
}

// bodyMetrics finds the body text's size, left edge and right edge: the values most glyphs share.
func bodyMetrics(ls []line) (size, left, right float64) {
	sizes := map[float64]int{}
	for _, l := range ls {
		if len(l.segs) == 1 && l.x2-l.x1 >= 0.5*l.width {
			sizes[math.Round(l.size*2)/2] += len([]rune(l.text))
		}
	}
	if len(sizes) == 0 {
		for _, l := range ls {
			sizes[math.Round(l.size*2)/2] += len([]rune(l.text))
		}
	}
	best := 0
	for s, n := range sizes {
		if n > best || n == best && s > size {
			size, best = s, n
		}
	}
	lefts, rights := map[float64]int{}, map[float64]int{}
	for _, l := range ls {
		if math.Abs(l.size-size) < 0.5 && len(l.segs) == 1 {
			lefts[math.Round(l.x1)]++
			rights[math.Round(l.x2)]++
		}
	}
	bl, br := 0, 0
	for _, n := range lefts {
		bl = max(bl, n)
	}
	// the left edge: the leftmost position many lines share (first lines are indented, and in a
	// short report there may be as many of them as of continued lines)
	left = math.Inf(1)
	for x, n := range lefts {
		if n >= max(2, bl/5) || n == bl {
			left = min(left, x)
		}
	}
	if math.IsInf(left, 1) {
		left = 0
	}
	for x, n := range rights {
		if n > br || n == br && x > right {
			right, br = x, n
		}
	}
	return size, left, right
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}
