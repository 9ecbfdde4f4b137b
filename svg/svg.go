// Package svg writes a laid-out document as SVG: a sibling of the PDF and OFD writers over the
// same layout.Document, with the same font subsets embedded as web fonts, so a browser draws the
// glyphs the PDF prints, where the PDF prints them. The preview (nianbao preview) shows its pages;
// nianbao build --formats svg writes the whole document as one file.
//
// Each text item is one <text> whose characters are each placed at the x layout gave its glyph
// (a list of x coordinates, SVG 1.1 §10.4), so no browser metric moves them; kerning, ligatures
// and synthesis are off. A browser draws characters through the subset's cmap: a half-width
// punctuation mark is its full glyph at layout's FullX, its blank half outside the cell. Items
// carry data-where, the document element they set, for the preview to highlight a finding's cell.
package svg

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"nianbao/layout"
)

// Fonts returns the CSS @font-face rules for the document's fonts, named by face ID: its
// subsets, the bytes the PDF and OFD embed.
func Fonts(d *layout.Document) string { return fontFaces(d, nil) }

// fontFaces is Fonts, of the faces used when used is not nil.
func fontFaces(d *layout.Document, used map[string]bool) string {
	var b strings.Builder
	for _, f := range d.Fonts {
		if used != nil && !used[f.Face.ID] {
			continue
		}
		mime, format := "font/ttf", "truetype"
		if f.Face.CFF {
			mime, format = "font/otf", "opentype"
		}
		fmt.Fprintf(&b, "@font-face{font-family:%q;src:url(data:%s;base64,%s) format(%q);}\n", f.Face.ID, mime, base64.StdEncoding.EncodeToString(f.Subset.Data), format)
	}
	return b.String()
}

// Style is the CSS every page needs: text set glyph by glyph as the PDF sets it.
const Style = `svg.page text{font-kerning:none;font-variant-ligatures:none;font-synthesis:none;text-rendering:geometricPrecision;white-space:pre}`

// Page writes one page as an <svg> element, in points.
func Page(w io.Writer, p layout.Page) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="page" xmlns="http://www.w3.org/2000/svg" width="%.2fpt" height="%.2fpt" viewBox="0 0 %.2f %.2f" data-page="%d">`,
		p.Width, p.Height, p.Width, p.Height, p.Number)
	page(&b, p)
	_, err := io.WriteString(w, b.String())
	return err
}

// page writes a page's content and closes its <svg>.
func page(b *strings.Builder, p layout.Page) {
	b.WriteString(`<rect width="100%" height="100%" fill="#fff"/>`)
	var buf []byte
	for _, it := range p.Items {
		switch it.Kind {
		case layout.RuleItem:
			fmt.Fprintf(b, `<line x1="%.3f" y1="%.3f" x2="%.3f" y2="%.3f" stroke="#000" stroke-width="%.3f"/>`, it.X, it.Y, it.X2, it.Y2, it.Width)
		case layout.TextItem:
			if len(it.Glyphs) == 0 {
				continue // nothing to draw
			}
			b.WriteString(`<text x="`)
			for i, g := range it.Glyphs {
				x := g.X
				if i == 0 {
					x = it.FullX() // a half-width mark: its full glyph, drawn by character
				} else {
					b.WriteByte(' ')
				}
				buf = strconv.AppendFloat(buf[:0], x, 'f', 3, 64)
				b.Write(buf)
			}
			fmt.Fprintf(b, `" y="%.3f" font-family="%s" font-size="%.3f"`, it.Y, it.Font, it.Size)
			if it.Bold {
				fmt.Fprintf(b, ` stroke="#000" stroke-width="%.3f"`, it.Width)
			}
			if it.Where != "" {
				fmt.Fprintf(b, ` data-where="%s"`, html.EscapeString(it.Where))
			}
			fmt.Fprintf(b, `>%s</text>`, html.EscapeString(it.Text))
		}
	}
	b.WriteString(`</svg>`)
}

// gap is the space between pages in a file of the whole document, in points.
const gap = 12

// Write writes the whole document as one standalone SVG file: its fonts once, then its pages one
// below the other, each a nested <svg class="page">.
func Write(w io.Writer, d *layout.Document) error {
	width, height := 0.0, 0.0
	for i, p := range d.Pages {
		width = max(width, p.Width)
		if i > 0 {
			height += gap
		}
		height += p.Height
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<svg xmlns="http://www.w3.org/2000/svg" width="%.2fpt" height="%.2fpt" viewBox="0 0 %.2f %.2f">`,
		width, height, width, height)
	if d.Meta.Title != "" {
		fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(d.Meta.Title))
	}
	b.WriteString("<style>" + Fonts(d) + Style + "</style>")
	y := 0.0
	for _, p := range d.Pages {
		fmt.Fprintf(&b, `<svg class="page" x="0" y="%.2f" width="%.2f" height="%.2f" viewBox="0 0 %.2f %.2f" data-page="%d">`,
			y, p.Width, p.Height, p.Width, p.Height, p.Number)
		page(&b, p)
		y += p.Height + gap
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WritePage writes page i of the document as a standalone SVG file, with the fonts it draws
// from (the document's subsets, whole).
func WritePage(w io.Writer, d *layout.Document, i int) error {
	p := d.Pages[i]
	used := map[string]bool{}
	for _, it := range p.Items {
		if it.Kind == layout.TextItem {
			used[it.Font] = true
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<svg class="page" xmlns="http://www.w3.org/2000/svg" width="%.2fpt" height="%.2fpt" viewBox="0 0 %.2f %.2f" data-page="%d">`,
		p.Width, p.Height, p.Width, p.Height, p.Number)
	b.WriteString("<style>" + fontFaces(d, used) + Style + "</style>")
	page(&b, p)
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
