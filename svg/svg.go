// Package svg writes laid-out pages as SVG: a sibling of the PDF writer over the same pages
// (layout.Page), with the same font subsets embedded as web fonts, so a browser draws the glyphs
// the PDF prints, where the PDF prints them. The preview (nianbao preview) shows its pages.
//
// Each text item is one <text> with letter-spacing for the PDF's Tc; kerning, ligatures and
// synthesis are off, so the browser advances each glyph by its width as the PDF does. Items carry
// data-where, the document element they set, for the preview to highlight a finding's cell.
package svg

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/layout"
)

// Fonts returns the CSS @font-face rules for the faces the pages use, each a subset of the
// characters it draws, named by face ID (the same subsets the PDF embeds).
func Fonts(pages []layout.Page, faces []*fonts.Face) (string, error) {
	used := map[string]map[rune]bool{}
	for _, p := range pages {
		for _, it := range p.Items {
			if it.Kind != layout.TextItem {
				continue
			}
			if used[it.Font] == nil {
				used[it.Font] = map[rune]bool{}
			}
			for _, r := range it.Text {
				used[it.Font][r] = true
			}
		}
	}
	var b strings.Builder
	for _, f := range faces {
		rs := used[f.ID]
		if len(rs) == 0 {
			continue
		}
		runes := make([]rune, 0, len(rs))
		for r := range rs {
			runes = append(runes, r)
		}
		sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
		data, err := f.Subset(runes)
		if err != nil {
			return "", i18n.Wrap(err, "字体 %s 的子集", "subset of %s", f.Family)
		}
		mime, format := "font/ttf", "truetype"
		if f.CFF {
			mime, format = "font/otf", "opentype"
		}
		fmt.Fprintf(&b, "@font-face{font-family:%q;src:url(data:%s;base64,%s) format(%q);}\n", f.ID, mime, base64.StdEncoding.EncodeToString(data), format)
	}
	return b.String(), nil
}

// Style is the CSS every page needs: text set glyph by glyph as the PDF sets it.
const Style = `svg.page text{font-kerning:none;font-variant-ligatures:none;font-synthesis:none;text-rendering:geometricPrecision;white-space:pre}`

// Page writes one page as an <svg> element, in points.
func Page(w io.Writer, p layout.Page) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="page" xmlns="http://www.w3.org/2000/svg" width="%.2fpt" height="%.2fpt" viewBox="0 0 %.2f %.2f" data-page="%d">`,
		p.Width, p.Height, p.Width, p.Height, p.Number)
	b.WriteString(`<rect width="100%" height="100%" fill="#fff"/>`)
	for _, it := range p.Items {
		switch it.Kind {
		case layout.RuleItem:
			fmt.Fprintf(&b, `<line x1="%.3f" y1="%.3f" x2="%.3f" y2="%.3f" stroke="#000" stroke-width="%.3f"/>`, it.X, it.Y, it.X2, it.Y2, it.Width)
		case layout.TextItem:
			fmt.Fprintf(&b, `<text x="%.3f" y="%.3f" font-family="%s" font-size="%.3f"`, it.FullX(), it.Y, it.Font, it.Size)
			if it.Spacing != 0 {
				fmt.Fprintf(&b, ` letter-spacing="%.4f"`, it.Spacing)
			}
			if it.Bold {
				fmt.Fprintf(&b, ` stroke="#000" stroke-width="%.3f"`, it.Width)
			}
			if it.Where != "" {
				fmt.Fprintf(&b, ` data-where="%s"`, html.EscapeString(it.Where))
			}
			fmt.Fprintf(&b, `>%s</text>`, html.EscapeString(it.Text))
		}
	}
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// Write writes one page as a standalone SVG file with its fonts.
func Write(w io.Writer, p layout.Page, faces []*fonts.Face) error {
	css, err := Fonts([]layout.Page{p}, faces)
	if err != nil {
		return err
	}
	var b strings.Builder
	if err := Page(&b, p); err != nil {
		return err
	}
	s := strings.Replace(b.String(), `<rect `, "<style>"+css+Style+"</style><rect ", 1)
	_, err = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+s+"\n")
	return err
}
