package docx

import (
	"fmt"
	"slices"
	"strings"

	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

var styleID = map[tree.Style]string{tree.H1: "Heading1", tree.H2: "Heading2", tree.H3: "Heading3", tree.H4: "Heading4"}

func documentXML(d *tree.Document, c *compose.Composition, th *theme.Theme, g geometry, m Meta) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document ` + nsW + `><w:body>`)
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>`)
	for i, l := range c.Title { // broken where the PDF breaks it, so Word does not break it elsewhere
		if i > 0 {
			b.WriteString(`<w:r><w:br/></w:r>`)
		}
		b.WriteString(runs(l.Text, "", m.Fonts[fonts.Title]))
	}
	b.WriteString(`</w:p>`)
	sig := c.Signature != nil
	for i, blk := range d.Blocks {
		switch x := blk.(type) {
		case *tree.Para:
			// the last paragraph keeps with the signature, which never starts a page alone
			para(&b, x, th, m, sig && i == len(d.Blocks)-1)
		case *tree.Table:
			table(&b, x, th, m.Fonts[fonts.Table])
		}
	}
	if sig {
		signature(&b, c.Signature, c.Grid, th, m.Fonts[fonts.Body])
	}
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:pgNumType w:start="1"/><w:cols w:space="425"/><w:docGrid w:type="linesAndChars" w:linePitch="%d" w:charSpace="%d"/></w:sectPr>`,
		g.pageW, g.pageH, g.top, g.right, g.bottom, g.left, g.footer, g.linePitch, g.charSpace)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// run writes text as a run; rPr may be empty.
func run(text, rPr string) string {
	if rPr != "" {
		rPr = "<w:rPr>" + rPr + "</w:rPr>"
	}
	return `<w:r>` + rPr + `<w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
}

// ambiguous are the characters Word and LibreOffice may set in the Latin font although they
// belong to the Chinese text: quotation marks, dashes, the ellipsis, the middle dot. w:hint
// tells Word; LibreOffice ignores it and draws “” half-width, so these characters get runs whose
// every font slot names the Chinese face (cjk-pitfalls.md §5).
const ambiguous = "“”‘’—…·"

// runs writes text as runs with rPr, the ambiguous characters in runs of their own set in face.
func runs(text, rPr, face string) string {
	var b strings.Builder
	start := 0
	rs := []rune(text)
	for i := 0; i <= len(rs); i++ {
		amb := i < len(rs) && strings.ContainsRune(ambiguous, rs[i])
		if i < len(rs) && !amb {
			continue
		}
		if i > start {
			b.WriteString(run(string(rs[start:i]), rPr))
		}
		if amb {
			j := i
			for j < len(rs) && strings.ContainsRune(ambiguous, rs[j]) {
				j++
			}
			b.WriteString(run(string(rs[i:j]), rPr+allSlots(face)))
			i = j - 1
			start = j
		} else {
			start = i + 1
		}
	}
	return b.String()
}

func allSlots(face string) string {
	f := esc(face)
	return fmt.Sprintf(`<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:cs="%s" w:hint="eastAsia"/>`, f, f, f, f)
}

// para writes a paragraph. A heading alone takes its heading style (Word's navigation pane and
// outline see it; the style keeps it with the next paragraph); a heading followed by text on the
// same line is a body paragraph whose first run is set in the heading's face. keepNext keeps a
// paragraph on the page of the next (the last one with the signature).
func para(b *strings.Builder, p *tree.Para, th *theme.Theme, m Meta, keepNext bool) {
	headingOnly := len(p.Runs) == 1 && p.Style != tree.Body
	b.WriteString(`<w:p>`)
	switch {
	case headingOnly:
		fmt.Fprintf(b, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, styleID[p.Style])
	case keepNext:
		b.WriteString(`<w:pPr><w:keepNext/></w:pPr>`)
	}
	for _, r := range p.Runs {
		rPr := ""
		if !headingOnly && r.Style != tree.Body {
			rPr = runFont(r.Style, th, m)
		}
		b.WriteString(runs(r.Text, rPr, faceOf(r.Style, m)))
	}
	b.WriteString(`</w:p>`)
}

// faceOf is the Chinese face a run of style s is set in.
func faceOf(s tree.Style, m Meta) string {
	switch s {
	case tree.H1:
		return m.Fonts[fonts.H1]
	case tree.H2:
		return m.Fonts[fonts.H2]
	}
	return m.Fonts[fonts.Body]
}

func runFont(s tree.Style, th *theme.Theme, m Meta) string {
	switch s {
	case tree.H1:
		return rFonts(m.Fonts[fonts.H1])
	case tree.H2:
		return rFonts(m.Fonts[fonts.H2])
	case tree.H3:
		if th.Text.H3Bold {
			return `<w:b/><w:bCs/>`
		}
	case tree.H4:
		if th.Text.H4Bold {
			return `<w:b/><w:bCs/>`
		}
	}
	return ""
}

// table writes a statistical table: fixed layout, tblGrid, tcW in twips, gridSpan for horizontal
// and vMerge restart/continue for vertical merges (the continuation cells are present, each with
// an empty paragraph: ECMA-376 §17.4.84), tblHeader on the header rows, cantSplit on every row.
// Rows of a sub-group (（三）不予公开 …) keep with the next row, so Word and LibreOffice never tear
// a small group across pages (docx.md §8); the 22-row group may break, and then — unlike the PDF —
// its label is not repeated (neither Word nor LibreOffice repeats a merged cell's text).
func table(b *strings.Builder, t *tree.Table, th *theme.Theme, tableFace string) {
	ws := th.Widths(t.ID)
	cols := make([]int, len(ws))
	total := 0
	for i, w := range ws {
		cols[i] = twips(w)
		total += cols[i]
	}
	// which cell starts at each grid position, and which cell covers it
	start := map[[2]int]*tree.Cell{}
	cover := map[[2]int]*tree.Cell{}
	for i := range t.Cells {
		c := &t.Cells[i]
		start[[2]int{c.R, c.C}] = c
		for r := c.R; r < c.R+c.RowSpan; r++ {
			for k := c.C; k < c.C+c.Span; k++ {
				cover[[2]int{r, k}] = c
			}
		}
	}
	// keepNext: rows inside a small row group except the group's last row
	keep := make([]bool, t.Rows)
	for r := range keep {
		keep[r] = t.Keeps(r)
	}
	for i := range t.Cells {
		c := &t.Cells[i]
		if c.Group && c.RowSpan <= 8 {
			for r := c.R; r < c.R+c.RowSpan-1; r++ {
				keep[r] = true
			}
		}
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`, total)
	sz := round(th.Table.BorderPt * 8) // eighths of a point
	for _, e := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="%d" w:space="0" w:color="000000"/>`, e, sz)
	}
	pad := twips(th.Table.PaddingPt)
	fmt.Fprintf(b, `</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`, pad, pad)
	for _, c := range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, c)
	}
	b.WriteString(`</w:tblGrid>`)
	minH := twips(th.Table.MinRowPt)
	for r := 0; r < t.Rows; r++ {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if r < t.HeaderRows {
			b.WriteString(`<w:tblHeader/>`)
		}
		fmt.Fprintf(b, `<w:trHeight w:val="%d"/></w:trPr>`, minH)
		for k := 0; k < t.Cols; {
			c := cover[[2]int{r, k}]
			if c == nil {
				k++ // not in the official grid (cannot happen for the built-in formats)
				continue
			}
			w := 0
			for j := c.C; j < c.C+c.Span; j++ {
				w += cols[j]
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if c.Span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, c.Span)
			}
			first := start[[2]int{r, k}] == c
			switch {
			case c.RowSpan > 1 && first:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case c.RowSpan > 1:
				b.WriteString(`<w:vMerge/>`)
			}
			if c.Number {
				b.WriteString(`<w:noWrap/>`) // a number never wraps inside its cell (CT_TcPr: after vMerge, before vAlign)
			}
			left := t.ID == "三" && !c.Header && !c.Group && !c.Number
			inner := float64(w)/twPt - float64(2*th.Table.PaddingPt)
			if !c.Number && !left && first && wordTooWide(c.Text, inner, th.Size.TablePt) {
				// a word wider than the cell inside its padding ("自然人" in 12 mm): the cell's margins
				// shrink to a quarter, as the PDF sets it in part of the padding, so the word stays whole
				m := twips(th.Table.PaddingPt / 4)
				fmt.Fprintf(b, `<w:tcMar><w:left w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tcMar>`, m, m)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`)
			if keep[r] {
				b.WriteString(`<w:keepNext/>`)
			}
			if left {
				b.WriteString(`<w:jc w:val="left"/>`)
			}
			b.WriteString(`</w:pPr>`)
			if first {
				for i, l := range labelLines(c, left, inner, th.Size.TablePt) {
					if i > 0 {
						b.WriteString(`<w:r><w:br/></w:r>`)
					}
					b.WriteString(runs(l, "", tableFace))
				}
			}
			b.WriteString(`</w:p></w:tc>`)
			k += c.Span
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

// labelLines breaks a centred label of a narrow cell where the PDF does — between the words of
// the label (linebreak.LabelOpportunities), lines balanced, so no line holds one character — and
// the writer carries the breaks as line breaks, so Word and LibreOffice do not split "（三）不|予公开"
// or "自然|人". inner is the cell's width inside its padding, in points. Numbers and the flush-left
// row labels of table 三 and labels of wide cells are left to the reader's own wrapping.
func labelLines(c *tree.Cell, left bool, inner, size float64) []string {
	if c.Number || left || c.Text == "" || inner > 8*size { // a wide cell wraps well by itself
		return []string{c.Text}
	}
	rs := []rune(c.Text)
	ws := make([]float64, len(rs))
	for i, r := range rs {
		ws[i] = 0.5
		if r >= 0x2E80 {
			ws[i] = 1
		}
	}
	ls := linebreak.Balance(ws, linebreak.LabelOpportunities(rs), inner/size)
	if len(ls) < 2 {
		return []string{c.Text}
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(rs[l[0]:l[1]])
	}
	return out
}

// wordTooWide: is a word of the label text (linebreak.LabelOpportunities) wider than inner points
// at size, on estimated advances?
func wordTooWide(text string, inner, size float64) bool {
	rs := []rune(text)
	br := linebreak.LabelOpportunities(rs)
	w := 0.0
	for i, r := range rs {
		if i > 0 && br[i] {
			w = 0
		}
		if r >= 0x2E80 {
			w += size
		} else {
			w += size / 2
		}
		if w > inner+0.01 {
			return true
		}
	}
	return false
}

// signature writes the signature block as compose placed it (GB/T 9704 §7.3.5.2): the blank
// lines, then each line of the organ's name and the date as a right-aligned paragraph whose right
// indent is the line's inset from the type area's right edge — in characters (w:rightChars,
// which Word prefers) and in twips — so the block stands where it stands in the PDF.
func signature(b *strings.Builder, s *compose.Signature, grid compose.Grid, th *theme.Theme, face string) {
	for i := 0; i < th.Signature.BlankLinesBefore; i++ {
		b.WriteString(`<w:p><w:pPr><w:keepNext/></w:pPr></w:p>`)
	}
	ls := append(slices.Clone(s.Name), s.Date)
	for i, l := range ls {
		keep := "" // the name stays with the date
		if i < len(ls)-1 {
			keep = `<w:keepNext/>`
		}
		inset := l.Inset(grid)
		fmt.Fprintf(b, `<w:p><w:pPr>%s<w:ind w:rightChars="%d" w:right="%d" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/></w:pPr>%s</w:p>`,
			keep, round(inset/grid.CharPitch*100), twips(inset), runs(l.Text, "", face))
	}
}
