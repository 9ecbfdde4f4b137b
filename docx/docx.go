package docx

import (
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"

	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/internal/zipfile"
	"nianbao/theme"
	"nianbao/tree"
)

// Meta is the document properties (docProps/core.xml): the report's own (Date: created,
// modified, and the zip entries' time), and the faces to name.
type Meta struct {
	tree.Meta
	// Fonts are the East Asian face names per role (fonts.Role order); empty entries take the
	// role's official name (fonts.Role.Official: the _GB2312 faces named first, the Windows faces
	// as altName in the font table, docx.md §2.2).
	Fonts [fonts.NumRoles]string
}

// Write writes d as a .docx to w, with the title's lines, the signature block and the grid that
// c decided (compose.Compose with the job's font metrics, as for the PDF): this writer only
// converts them to twips. The same input gives the same bytes.
func Write(w io.Writer, d *tree.Document, c *compose.Composition, th *theme.Theme, m Meta) error {
	if c == nil {
		return i18n.Errorf("DOCX：没有排版决定（compose）", "DOCX: no composition given")
	}
	for _, b := range d.Blocks {
		if t, ok := b.(*tree.Table); ok && c.Tables[t] == nil {
			return i18n.Errorf("DOCX：表%s没有排版决定（compose）", "DOCX: table %s has no composition", t.ID)
		}
	}
	for r := range fonts.NumRoles {
		if m.Fonts[r] == "" {
			m.Fonts[r] = r.Official()
		}
	}
	g := newGeometry(c.Grid, th)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/app.xml", appXML(m)},
		{"docProps/core.xml", coreXML(m)},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/document.xml", documentXML(d, c, th, g, m)},
		{"word/fontTable.xml", fontTable(m)},
		{"word/footer1.xml", footer(th, true)},
		{"word/footer2.xml", footer(th, false)},
		{"word/settings.xml", settings(g)},
		{"word/styles.xml", styles(th, g, m)},
	}
	entries := make([]zipfile.Entry, len(parts))
	for i, p := range parts {
		entries[i] = zipfile.Entry{Name: p.name, Data: []byte(p.body)}
	}
	return zipfile.Write(w, entries, m.Date)
}

// CheckText refuses characters XML 1.0 cannot hold (control characters, U+FFFE/U+FFFF), naming
// where they are. The decoder already refuses them in the data file; this guards the writer.
func CheckText(d *tree.Document) error {
	bad := func(s string) rune {
		for _, r := range s {
			if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
				return r
			}
		}
		return -1
	}
	check := func(s, where string) error {
		if r := bad(s); r >= 0 {
			return i18n.Errorf("%s：含有 XML 不允许的字符 U+%04X", "%s: contains U+%04X, which XML does not allow", where, r)
		}
		return nil
	}
	if err := check(d.Title, "标题"); err != nil {
		return err
	}
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case *tree.Para:
			if err := check(b.Text(), b.Where); err != nil {
				return err
			}
		case *tree.Table:
			for _, c := range b.Cells {
				if err := check(c.Text, c.Where); err != nil {
					return err
				}
			}
		}
	}
	if err := check(d.Signature.Name+d.Signature.Date, "署名"); err != nil {
		return err
	}
	return check(d.Author, "机关名称")
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
