package layout

import (
	"fmt"
	"strings"

	"nianbao/fonts"
)

// Kind of an item.
type Kind uint8

const (
	TextItem Kind = iota // a run of glyphs in one face
	RuleItem             // a straight line (table borders)
)

// Item is one positioned thing on a page. Coordinates are points from the page's top-left corner.
type Item struct {
	// Text: X, Y is the first glyph's origin on the baseline; each glyph advances by its width plus
	// Spacing (the PDF Tc operator). Rule: from X, Y to X2, Y2, Width thick.
	X, Y, X2, Y2 float64
	Font         string // face ID (fonts.Face.ID)
	Family       string // the face's family, for dumps
	Size         float64
	Text         string
	Spacing      float64
	Width        float64 // rule thickness, or the bold stroke
	Kind         Kind
	Bold         bool // synthetic bold: fill and stroke the outline, Width thick
	// Glyphs are the glyphs drawn, one a character of Text, in order: what layout chose (the
	// face's glyph, or its half-width form) and where it put each.
	Glyphs []Glyph
	// Half marks a single full-width punctuation glyph set half an em wide (punctuation
	// compression): the half of its em it keeps. Its glyph is the face's half-width form at X; a
	// writer that draws by character (OFD, SVG: through the subset's cmap) draws the full glyph at
	// FullX instead, where its blank half falls outside the cell.
	Half fonts.Half
	// Where is the document element the item sets — a paragraph's or a table cell's Where
	// ("表三「…」「自然人」"), "标题", "署名" — a structure hint for writers (the preview highlights
	// the cell a finding names); "" for page numbers and rules
	Where string
	// Struct is the item's place in the logical structure, for tagged writers (PDF/UA); its zero
	// value marks an artifact: rules, page numbers, a table's header redrawn on a later page.
	Struct Struct
}

// Struct says which structure element an item belongs to and what that element is.
type Struct struct {
	Role string // "H1"…"H6" (the title is H1, the sections H2), "P", "TH", "TD"
	// table cells (TH, TD): the table, numbered from 1; the cell's grid position and spans; Head
	// for the header rows; Scope for a TH: "Column" (header rows) or "Row" (a row label).
	// Small types, fields ordered to leave no padding: every glyph run carries a Struct.
	Scope                             string
	Elem                              int32 // the element, numbered from 1 in reading order (0: an artifact)
	Table, Row, Col, RowSpan, ColSpan int16
	Head                              bool
}

// tag marks items as setting the element where, which is the structure element st.
func tag(items []Item, where string, st Struct) []Item {
	for i := range items {
		items[i].Where, items[i].Struct = where, st
	}
	return items
}

// Page is one page of the report.
type Page struct {
	Number        int // printed page number, from 1
	Width, Height float64
	Items         []Item
}

// FullX is where a writer drawing the full-width glyph of a Half item puts it: half an em to
// the left when the kept half is the right one; X otherwise.
func (it Item) FullX() float64 {
	if it.Half == fonts.HalfRight {
		return it.X - it.Size/2
	}
	return it.X
}

// Dump prints a page one item per line, coordinates rounded to 0.01 pt: the golden-file format.
func (p *Page) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "page %d %.2fx%.2f\n", p.Number, p.Width, p.Height)
	for _, it := range p.Items {
		switch it.Kind {
		case TextItem:
			bold := ""
			if it.Bold {
				bold = " bold"
			}
			switch it.Half {
			case fonts.HalfLeft:
				bold += " half=left"
			case fonts.HalfRight:
				bold += " half=right"
			}
			fmt.Fprintf(&b, "text %.2f,%.2f %s %.1fpt tc=%.3f%s %q\n", it.X, it.Y, it.Family, it.Size, it.Spacing, bold, it.Text)
		case RuleItem:
			fmt.Fprintf(&b, "rule %.2f,%.2f-%.2f,%.2f %.2fpt\n", it.X, it.Y, it.X2, it.Y2, it.Width)
		}
	}
	return b.String()
}
