package docx

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"nianbao/i18n"
	"nianbao/internal/zipfile"
	"nianbao/theme"
	"nianbao/tree"
)

// Meta is the document properties (docProps/core.xml).
type Meta struct {
	Title, Author, Subject, Keywords string
	Lang                             string
	Date                             time.Time // created/modified, and the zip entries' time
	// Fonts are the East Asian face names per role, index fonts.Role order: title, body, h1, h2,
	// page number, table. Empty entries take the official names.
	Fonts [6]string
}

// Official names written into the styles (docx.md §2.2: the _GB2312 faces named first, the
// Windows faces as altName in the font table).
var officialNames = [6]string{"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "仿宋_GB2312"}

const (
	roleTitle = iota
	roleBody
	roleH1
	roleH2
	rolePageNo
	roleTable
)

// twips per millimetre and per point.
const (
	twMM = 1440 / 25.4
	twPt = 20
)

func tw(x float64) int { return int(math.Round(x)) }

// Write writes d as a .docx to w. The same input gives the same bytes.
func Write(w io.Writer, d *tree.Document, th *theme.Theme, m Meta) error {
	for i, n := range m.Fonts {
		if n == "" {
			m.Fonts[i] = officialNames[i]
		}
	}
	g := newGeometry(th)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/app.xml", appXML(m)},
		{"docProps/core.xml", coreXML(m)},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/document.xml", documentXML(d, th, g, m)},
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

// geometry is the page setup in twips (GB/T 9704 §5.2 via docx.md §2.2).
type geometry struct {
	pageW, pageH, top, bottom, left, right int
	bodyW, linePitch, charSpace, footer    int
	charPitch                              float64 // twips
}

func newGeometry(th *theme.Theme) geometry {
	g := geometry{pageW: tw(th.Page.WidthMM * twMM), pageH: tw(th.Page.HeightMM * twMM)}
	g.top = tw(th.Page.TopMM * twMM)
	g.left = tw(th.Page.LeftMM * twMM)
	g.right = tw((th.Page.WidthMM - th.Page.LeftMM - th.Page.BodyWidthMM) * twMM)
	g.bottom = tw((th.Page.HeightMM - th.Page.TopMM - th.Page.BodyHeightMM) * twMM)
	g.bodyW = g.pageW - g.left - g.right
	bodyH := g.pageH - g.top - g.bottom
	// 22 lines must fit: round the pitch down (12756/22 = 579.8 → 579).
	g.linePitch = bodyH / th.Page.Lines
	g.charPitch = float64(g.bodyW) / float64(th.Page.Chars)
	// §17.6.5: charSpace = (character pitch − Normal font size) × 4096, in points.
	g.charSpace = tw((g.charPitch/twPt - th.Size.BodyPt) * 4096)
	// footer distance: 25.4 mm puts the 一字线's centre 7.0 mm below the type area (measured in
	// LibreOffice, docx.md §2.2); other distances shift it by the difference.
	g.footer = tw((25.4 + 7 - th.PageNumber.BelowMM) * twMM)
	return g
}
