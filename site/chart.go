package site

import (
	"fmt"
	"math"
	"strings"
)

// Chart colours: each at least 4.5:1 against white (WCAG 1.4.11 asks 3:1 of graphics), and
// told apart by the legend's order and by the value printed on each bar, not by hue alone.
var palette = []string{"#1f4e99", "#b03a2e", "#2e6b30", "#8a5a00", "#6a1b9a", "#00695c", "#455a64"}

// series is one quantity charted over the categories.
type series struct {
	Name   string
	Values []float64
	Labels []string // the value as printed on the chart
}

// svgOpen starts a chart: an image whose accessible name is its title and whose description is
// the text alternative (the figures in words).
func svgOpen(b *strings.Builder, id, title, desc string, w, h float64) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-t %s-d">`, num(w), num(h), id, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// axis chooses the value axis: four or five steps of 1, 2 or 5 times a power of ten (whole
// steps for counts), and the top they reach.
func axis(peak float64, whole bool) (step, top float64) {
	if peak <= 0 {
		return 1, 4
	}
	raw := peak / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if whole {
		step = math.Max(1, math.Round(step))
	}
	return step, step * math.Ceil(peak/step-1e-9)
}

// legend draws the series' names with their colours, left to right from x, y.
func legend(b *strings.Builder, ss []series, x, y, maxX float64) float64 {
	x0 := x
	for i, s := range ss {
		w := 18 + 14*float64(len([]rune(s.Name))) + 14
		if x+w > maxX && x > x0 {
			x, y = x0, y+18
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="12" height="12" fill="%s"/>`, num(x), num(y-10), palette[i%len(palette)])
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="14">%s</text>`, num(x+16), num(y), esc(s.Name))
		x += w
	}
	return y
}

// bars draws grouped vertical bars: one group a category (a year), one bar a series.
func bars(id, title, desc string, cats []string, ss []series, whole bool) string {
	var b strings.Builder
	const w, left, right, top, bottom = 400.0, 44.0, 8.0, 40.0, 30.0
	// the legend may need two lines
	lb := &strings.Builder{}
	ly := legend(lb, ss, left, 18, w-right)
	h := 250.0 + (ly - 18)
	plotTop := top + (ly - 18)
	svgOpen(&b, id, title, desc, w, h)
	b.WriteString(lb.String())
	peak := 0.0
	for _, s := range ss {
		for _, v := range s.Values {
			peak = math.Max(peak, v)
		}
	}
	step, top2 := axis(peak, whole)
	ph := h - plotTop - bottom
	y := func(v float64) float64 { return plotTop + ph - ph*v/top2 }
	for v := 0.0; v <= top2+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#b0b0b0" stroke-width="1"/>`, num(left), num(y(v)), num(w-right), num(y(v)))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="13" text-anchor="end">%s</text>`, num(left-6), num(y(v)+4), axisLabel(v))
	}
	gw := (w - left - right) / float64(max(len(cats), 1))
	bw := math.Min(40, gw*0.8/float64(max(len(ss), 1)))
	for c, cat := range cats {
		gx := left + gw*float64(c) + (gw-bw*float64(len(ss)))/2
		for i, s := range ss {
			v := s.Values[c]
			x := gx + bw*float64(i)
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x+1), num(y(v)), num(bw-2), num(y(0)-y(v)), palette[i%len(palette)])
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" text-anchor="middle">%s</text>`, num(x+bw/2), num(y(v)-3), esc(s.Labels[c]))
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="14" text-anchor="middle">%s</text>`, num(left+gw*(float64(c)+0.5)), num(h-10), esc(cat))
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000" stroke-width="1"/>`, num(left), num(y(0)), num(w-right), num(y(0)))
	b.WriteString("</svg>")
	return b.String()
}

// stacked draws one horizontal bar a category, split into its series' shares (of the category's
// total), each share's count printed in it when there is room.
func stacked(id, title, desc string, cats []string, ss []series) string {
	var b strings.Builder
	const w, left, right = 400.0, 64.0, 8.0
	lb := &strings.Builder{}
	ly := legend(lb, ss, 8, 18, w-right)
	top := ly + 16
	h := top + 34*float64(len(cats)) + 8
	svgOpen(&b, id, title, desc, w, h)
	b.WriteString(lb.String())
	pw := w - left - right
	for c, cat := range cats {
		total := 0.0
		for _, s := range ss {
			total += s.Values[c]
		}
		y := top + 34*float64(c)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="14" text-anchor="end">%s</text>`, num(left-6), num(y+17), esc(cat))
		if total == 0 {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="13">无</text>`, num(left), num(y+17))
			continue
		}
		x := left
		for i, s := range ss {
			sw := pw * s.Values[c] / total
			if sw <= 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="24" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x), num(y), num(sw), palette[i%len(palette)])
			if lbl := s.Labels[c]; sw >= 8*float64(len(lbl))+6 {
				fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="#fff" text-anchor="middle">%s</text>`, num(x+sw/2), num(y+16), esc(lbl))
			}
			x += sw
		}
	}
	b.WriteString("</svg>")
	return b.String()
}

// ranking draws one horizontal bar a unit, longest first, with its value after it.
func ranking(id, title, desc string, names []string, values []float64, labels []string) string {
	var b strings.Builder
	const w, left, right, row = 400.0, 150.0, 44.0, 24.0
	h := row*float64(len(names)) + 12
	svgOpen(&b, id, title, desc, w, h)
	peak := 0.0
	for _, v := range values {
		peak = math.Max(peak, v)
	}
	if peak == 0 {
		peak = 1
	}
	for i, n := range names {
		y := 6 + row*float64(i)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="14" text-anchor="end">%s</text>`, num(left-6), num(y+15), esc(clip(n, 10)))
		bw := (w - left - right) * values[i] / peak
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="18" fill="%s"/>`, num(left), num(y+2), num(bw), palette[0])
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="14">%s</text>`, num(left+bw+4), num(y+15), esc(labels[i]))
	}
	b.WriteString("</svg>")
	return b.String()
}

// clip shortens a name to n characters for a chart's axis (the table beside has it whole).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// num prints a coordinate with at most one decimal.
func num(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// axisLabel prints an axis value: whole numbers plainly, others with what decimals they need.
func axisLabel(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func esc(s string) string { return escaper.Replace(s) }
