package layout

import (
	"slices"

	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/tree"
)

// Document is the laid-out report, everything the page writers (pdf, ofd, svg) serialize: the
// pages, whose text items carry their glyphs as layout chose and placed them; the outline; the
// document's properties; and the font subsets, made once for all writers. A writer decides
// nothing: it does not measure, subset, search for headings or move a glyph.
type Document struct {
	Pages   []Page
	Outline []Anchor  // the bookmarks, in reading order
	Meta    tree.Meta // title, author, subject, keywords, language, date …
	Fonts   []Font    // each face the pages draw from, in order of first use
	// Composition is what the pages were set from (title lines, signature block, grid, tables'
	// columns and label lines): the DOCX of the same job writes it, not a second composition.
	// Nil for pages made by NewDocument.
	Composition *compose.Composition
}

// Anchor is one bookmark: a heading and the view it opens.
type Anchor struct {
	Title string
	Page  int     // index in Pages
	Y     float64 // the top of the view, points from the page's top: a line and a half above the heading's first baseline
}

// Glyph is one glyph of a text item, as layout chose and placed it.
type Glyph struct {
	fonts.Glyph         // the face's glyph for the character (ID), or its half-width form (Half: punctuation compression)
	X           float64 // the glyph's origin on the baseline, points from the page's left edge
	// Advance is the glyph's own advance at the item's size, in points (half an em for a half-width
	// form); the next glyph's X also holds the item's Spacing and any justification.
	Advance float64
}

// Font is a face as the document draws it.
type Font struct {
	Face   *fonts.Face
	Subset *fonts.Subset // the glyphs drawn, cut out of Face once: what every writer embeds
	// Class is the generic style of the role the face serves (fonts.Set.Class: 仿宋, 黑体, 楷体,
	// 宋体), for readers that substitute a font; "" when not known (NewDocument)
	Class string
}

// NewDocument makes a Document of pages placed by hand (tests, fixed pages): a text item without
// Glyphs gets one a character of its Text (in place), each advancing by its width in its face and
// the item's Spacing (a Half item's single glyph is that form, half an em wide). faces must hold
// every face the items name. It has no outline; set one.
func NewDocument(pages []Page, faces []*fonts.Face, meta tree.Meta) (*Document, error) {
	byID := map[string]*fonts.Face{}
	for _, f := range faces {
		byID[f.ID] = f
	}
	for _, p := range pages {
		for k := range p.Items {
			it := &p.Items[k]
			if it.Kind != TextItem || it.Glyphs != nil {
				continue
			}
			f := byID[it.Font]
			if f == nil {
				return nil, i18n.Errorf("第 %d 页用到的字体 %s 没有提供", "page %d uses font %s, which was not given", p.Number, it.Font)
			}
			x := it.X
			for _, r := range it.Text {
				g := Glyph{Glyph: f.GlyphOf(r, it.Half), X: x, Advance: float64(f.Advance(r) * it.Size)}
				if it.Half != fonts.NoHalf {
					g.Advance = it.Size / 2
				}
				it.Glyphs = append(it.Glyphs, g)
				x += g.Advance + it.Spacing
			}
		}
	}
	return finish(pages, nil, meta, byID, nil)
}

// finish makes the document of laid-out pages: the subset of every face they draw from, and its
// style class (class, when not nil).
func finish(pages []Page, outline []Anchor, meta tree.Meta, faces map[string]*fonts.Face, class func(*fonts.Face) string) (*Document, error) {
	d := &Document{Pages: pages, Outline: outline, Meta: meta}
	uses := map[string]map[fonts.Use]bool{}
	for _, p := range pages {
		for _, it := range p.Items {
			if it.Kind != TextItem {
				continue
			}
			u := uses[it.Font]
			if u == nil {
				f := faces[it.Font]
				if f == nil {
					return nil, i18n.Errorf("第 %d 页用到的字体 %s 没有提供", "page %d uses font %s, which was not given", p.Number, it.Font)
				}
				u = map[fonts.Use]bool{}
				uses[it.Font] = u
				d.Fonts = append(d.Fonts, Font{Face: f})
				if class != nil {
					d.Fonts[len(d.Fonts)-1].Class = class(f)
				}
			}
			i := 0
			for _, r := range it.Text {
				if i < len(it.Glyphs) {
					u[fonts.Use{Glyph: it.Glyphs[i].Glyph, Char: r}] = true
				}
				i++
			}
		}
	}
	for i := range d.Fonts {
		f := &d.Fonts[i]
		list := make([]fonts.Use, 0, len(uses[f.Face.ID]))
		for u := range uses[f.Face.ID] {
			list = append(list, u)
		}
		slices.SortFunc(list, func(a, b fonts.Use) int {
			switch {
			case a.Glyph.ID != b.Glyph.ID:
				return int(a.Glyph.ID) - int(b.Glyph.ID)
			case a.Glyph.Half != b.Glyph.Half:
				return int(a.Glyph.Half) - int(b.Glyph.Half)
			}
			return int(a.Char) - int(b.Char)
		})
		var err error
		if f.Subset, err = fonts.MakeSubset(f.Face, list); err != nil {
			return nil, i18n.Wrap(err, "字体 %s", "font %s", f.Face.Source)
		}
	}
	return d, nil
}
