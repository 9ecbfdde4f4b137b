package docx

import (
	"fmt"
	"slices"
	"strings"

	"nianbao/compose"
	"nianbao/fonts"
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
			table(&b, x, c.Tables[x], th, m.Fonts[fonts.Table])
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
			b.WriteString(run(string(rs[i:j]), allSlots(face)+rPr)) // CT_RPr: rFonts before b, sz
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
//
// The columns and each label's lines are the composition's (compose.ComposeTable, as the PDF has
// them): the columns converted to twips, the lines written with explicit breaks so that Word and
// LibreOffice do not split "（三）不|予公开" or "自然|人", and a cell the PDF sets smaller or in
// half its padding ("自然人" in 12 mm) gets that size and those margins.
func table(b *strings.Builder, t *tree.Table, ct *compose.Table, th *theme.Theme, tableFace string) {
	cols := make([]int, len(ct.Widths))
	total := 0
	for i, w := range ct.Widths {
		cols[i] = twips(w)
		total += cols[i]
	}
	// which cell starts at each grid position, and which cell covers it (its index in t.Cells)
	start := map[[2]int]int{}
	cover := map[[2]int]int{}
	for i := range t.Cells {
		c := &t.Cells[i]
		start[[2]int{c.R, c.C}] = i
		for r := c.R; r < c.R+c.RowSpan; r++ {
			for k := c.C; k < c.C+c.Span; k++ {
				cover[[2]int{r, k}] = i
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
	pad := cellMargin(th.Table.PaddingPt, th)
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
			i, ok := cover[[2]int{r, k}]
			if !ok {
				k++ // not in the official grid (cannot happen for the built-in formats)
				continue
			}
			c, cc := &t.Cells[i], ct.Cells[i]
			w := 0
			for j := c.C; j < c.C+c.Span; j++ {
				w += cols[j]
			}
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if c.Span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, c.Span)
			}
			j, ok := start[[2]int{r, k}]
			first := ok && j == i
			switch {
			case c.RowSpan > 1 && first:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case c.RowSpan > 1:
				b.WriteString(`<w:vMerge/>`)
			}
			if c.Number {
				b.WriteString(`<w:noWrap/>`) // a number never wraps inside its cell (CT_TcPr: after vMerge, before vAlign)
			}
			if m := cellMargin(cc.Pad, th); first && (cc.Pad != th.Table.PaddingPt || cc.Squeeze != nil) {
				// a word wider than the cell inside its padding is set in half of it, as in the PDF;
				// a squeezed line fills its cell to a hundredth of a point, which a word processor
				// placing glyphs on its own grid of twips may miss (LibreOffice needs 17 twips a gap
				// where the PDF squeezes 15): its cell gets half the margins besides
				if cc.Squeeze != nil {
					m /= 2
				}
				fmt.Fprintf(b, `<w:tcMar><w:left w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tcMar>`, m, m)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`)
			if keep[r] {
				b.WriteString(`<w:keepNext/>`)
			}
			if cc.Left {
				b.WriteString(`<w:jc w:val="left"/>`)
			}
			b.WriteString(`</w:pPr>`)
			if first {
				rPr := ""
				if cc.Size != th.Size.TablePt { // set smaller, as in the PDF
					rPr = fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, cellHalfPoints(cc.Size), cellHalfPoints(cc.Size))
				}
				for i, l := range cc.Lines {
					if i > 0 {
						b.WriteString(`<w:r><w:br/></w:r>`)
					}
					squeezed(b, cc, l, rPr, tableFace)
				}
			}
			b.WriteString(`</w:p></w:tc>`)
			k += c.Span
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

// cellMargin is a cell's padding (compose.Cell.Pad, points) as its margin in twips: the PDF
// measures the padding from the rule's centre line, a word processor its margin from the
// border's inner edge (LibreOffice sets text that far inside the border; verified: a line that
// fits the PDF's cell by a tenth of a point wraps with the full padding as margin), so the margin
// is the padding less half the rule.
func cellMargin(pad float64, th *theme.Theme) int { return twips(pad - th.Table.BorderPt/2) }

// squeezed writes a cell's line as runs with sz (rPr), a run of its own for characters compose
// set closer (the line's gaps squeezed so that a word fits): character spacing after each of them
// (w:spacing, which CT_RPr puts before sz).
func squeezed(b *strings.Builder, cc compose.Cell, l compose.Line, sz, face string) {
	rs := []rune(cc.Text)
	sp := func(k int) int {
		if cc.Squeeze == nil || cc.Squeeze[k] == 0 {
			return 0
		}
		return squeezeTwips(cc.Squeeze[k])
	}
	for a := l.From; a < l.To; {
		e := a + 1
		for e < l.To && sp(e) == sp(a) {
			e++
		}
		rPr := sz
		if v := sp(a); v != 0 {
			rPr = fmt.Sprintf(`<w:spacing w:val="%d"/>`, v) + sz
		}
		b.WriteString(runs(string(rs[a:e]), rPr, face))
		a = e
	}
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
