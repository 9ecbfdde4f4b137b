// Package ofd writes a laid-out document as OFD (GB/T 33190-2016), the national fixed-layout
// format that electronic 公文 and 信创 archives use: a sibling of the PDF writer over the same
// layout.Document and the same font subsets — not a conversion of the PDF.
//
// Every run is a TextObject whose TextCode carries an explicit DeltaX taken from layout, so the
// text sits where the PDF puts it whatever the reader's font metrics (without DeltaX, readers
// do not advance glyphs at all: ../shared/reference/ofd/notes.md). Table rules are PathObjects.
// The fonts are the document's subsets, which keep a cmap (readers map Unicode through it),
// each named with its style class (仿宋, 黑体, 楷体, 宋体) so a reader that substitutes picks the
// right one. The same input gives the same bytes.
package ofd

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/internal/zipfile"
	"nianbao/layout"
)

const mm = 25.4 / 72 // millimetres per point

// Write writes the laid-out document ld as an OFD package; sidecar, the report's JSON sidecar,
// is attached when not nil.
func Write(w io.Writer, ld *layout.Document, sidecar []byte) error {
	d := &doc{fonts: map[string]*layout.Font{}, fontID: map[string]int{}}
	for i := range ld.Fonts {
		d.fonts[ld.Fonts[i].Face.ID] = &ld.Fonts[i]
	}
	pages, meta := ld.Pages, ld.Meta
	if len(pages) == 0 {
		return i18n.Errorf("OFD：没有页面", "OFD: no pages")
	}
	for _, p := range pages {
		for _, it := range p.Items {
			if it.Kind == layout.TextItem && (d.fonts[it.Font] == nil || len(it.Glyphs) != utf8.RuneCountInString(it.Text)) {
				return i18n.Errorf("OFD：第 %d 页的文字“%s”没有排好的字形（字体 %s）", "OFD: page %d: the text %q has no laid-out glyphs (font %s)", p.Number, it.Text, it.Font)
			}
		}
	}
	var files []zipfile.Entry
	// page contents first: they number the fonts they use and every object
	var pageIDs []int
	for i, p := range pages {
		pageIDs = append(pageIDs, d.next())
		files = append(files, zipfile.Entry{Name: fmt.Sprintf("Doc_0/Pages/Page_%d/Content.xml", i), Data: d.page(p)})
	}
	// fonts: the document's subsets, which keep a cmap
	var res strings.Builder
	res.WriteString(header + `<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:Fonts>`)
	for _, fid := range d.fontOrder {
		f := d.fonts[fid].Face
		ext := ".ttf"
		if f.CFF {
			ext = ".otf"
		}
		name := fmt.Sprintf("font_%d%s", d.fontID[fid], ext)
		fmt.Fprintf(&res, `<ofd:Font ID="%d" FontName="%s" FamilyName="%s"><ofd:FontFile>%s</ofd:FontFile></ofd:Font>`,
			d.fontID[fid], esc(fmt.Sprintf("%s-%d", strings.ReplaceAll(f.Family, " ", ""), d.fontID[fid])), styleClass(d.fonts[fid]), name)
		files = append(files, zipfile.Entry{Name: "Doc_0/Res/" + name, Data: d.fonts[fid].Subset.Data, Dense: true})
	}
	res.WriteString(`</ofd:Fonts></ofd:Res>`)
	files = append(files, zipfile.Entry{Name: "Doc_0/PublicRes.xml", Data: []byte(res.String())})
	// the document: pages, the outline of the sections, the sidecar attached
	var b strings.Builder
	b.WriteString(header + `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>`)
	fmt.Fprintf(&b, `<ofd:MaxUnitID>%d</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 %s %s</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>`,
		d.id, num(pages[0].Width*mm), num(pages[0].Height*mm))
	for i, id := range pageIDs {
		fmt.Fprintf(&b, `<ofd:Page ID="%d" BaseLoc="Pages/Page_%d/Content.xml"/>`, id, i)
	}
	b.WriteString(`</ofd:Pages>`)
	if outline := d.outline(ld, pageIDs); outline != "" {
		b.WriteString(`<ofd:Outlines>` + outline + `</ofd:Outlines>`)
	}
	if sidecar != nil {
		b.WriteString(`<ofd:Attachments>Attachments.xml</ofd:Attachments>`)
		files = append(files,
			zipfile.Entry{Name: "Doc_0/Attachments.xml", Data: []byte(fmt.Sprintf(header+`<ofd:Attachments xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Attachment ID="sidecar" Name="report.json" Format="json" CreationDate="%s" Size="%d"><ofd:FileLoc>Attachs/report.json</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`,
				meta.Date.UTC().Format("2006-01-02T15:04:05"), len(sidecar)))},
			zipfile.Entry{Name: "Doc_0/Attachs/report.json", Data: sidecar})
	}
	b.WriteString(`</ofd:Document>`)
	files = append(files, zipfile.Entry{Name: "Doc_0/Document.xml", Data: []byte(b.String())})
	// OFD.xml: the entry, with the document's information
	sum := sha256.New()
	for _, f := range files {
		sum.Write([]byte(f.Name))
		sum.Write(f.Data)
	}
	var o strings.Builder
	o.WriteString(header + `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>`)
	fmt.Fprintf(&o, `<ofd:DocID>%s</ofd:DocID><ofd:Title>%s</ofd:Title><ofd:Author>%s</ofd:Author><ofd:Subject>%s</ofd:Subject><ofd:CreationDate>%s</ofd:CreationDate><ofd:DocUsage>Normal</ofd:DocUsage><ofd:Creator>nianbao</ofd:Creator>`,
		hex.EncodeToString(sum.Sum(nil)[:16]), esc(meta.Title), esc(meta.Author), esc(meta.Subject), meta.Date.UTC().Format("2006-01-02"))
	if len(meta.Custom) > 0 {
		o.WriteString(`<ofd:CustomDatas>`)
		for _, c := range meta.Custom {
			fmt.Fprintf(&o, `<ofd:CustomData Name="%s">%s</ofd:CustomData>`, esc(c[0]), esc(c[1]))
		}
		o.WriteString(`</ofd:CustomDatas>`)
	}
	o.WriteString(`</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`)
	files = append([]zipfile.Entry{{Name: "OFD.xml", Data: []byte(o.String())}}, files...)
	return zipfile.Write(w, files, meta.Date)
}

const header = `<?xml version="1.0" encoding="UTF-8"?>`

// doc numbers the package's objects and fonts as the pages are written.
type doc struct {
	id        int
	fonts     map[string]*layout.Font // by face ID
	fontID    map[string]int          // face ID → Font ID
	fontOrder []string
}

func (d *doc) next() int { d.id++; return d.id }

func (d *doc) font(fid string) int {
	if id, ok := d.fontID[fid]; ok {
		return id
	}
	d.fontID[fid] = d.next()
	d.fontOrder = append(d.fontOrder, fid)
	return d.fontID[fid]
}

// page writes one page's content: a layer of text and path objects, in millimetres, y down.
func (d *doc) page(p layout.Page) []byte {
	var b bytes.Buffer
	b.WriteString(header + `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>`)
	fmt.Fprintf(&b, `<ofd:Layer ID="%d">`, d.next())
	for _, it := range p.Items {
		switch it.Kind {
		case layout.RuleItem:
			d.rule(&b, it, p)
		case layout.TextItem:
			d.text(&b, it, p)
		}
	}
	b.WriteString(`</ofd:Layer></ofd:Content></ofd:Page>`)
	return b.Bytes()
}

// text writes one run: a TextObject whose Boundary holds every glyph's ink (readers clip to
// it), with a TextCode per stretch between spaces (the notes: no spaces in TextCode), each with
// the DeltaX between the glyphs layout placed. OFD readers draw characters through the font's
// cmap: a half-width punctuation mark is its full glyph at FullX, its blank half outside the cell.
func (d *doc) text(b *bytes.Buffer, it layout.Item, p layout.Page) {
	// a run of spaces alone draws nothing: no TextObject (Page.xsd requires a TextCode in one)
	if strings.Trim(it.Text, " ") == "" {
		return
	}
	fid := d.font(it.Font)
	rs := []rune(it.Text)
	xs := make([]float64, len(rs)) // glyph origins, in points
	for i, g := range it.Glyphs {
		xs[i] = g.X
	}
	last := it.Glyphs[len(rs)-1]
	end := last.X + last.Advance // where the last glyph's advance ends
	if it.Half != fonts.NoHalf {
		xs[0], end = it.FullX(), it.FullX()+it.Size // the full glyph: one em
	}
	// the box: the run's extent and the em box around the baseline, with room for ink outside it
	left := max(0, xs[0]-0.2*it.Size)
	right := min(p.Width, max(end, end+it.Spacing)+0.3*it.Size)
	top, bottom := max(0, it.Y-1.15*it.Size), min(p.Height, it.Y+0.4*it.Size)
	b.WriteString(`<ofd:TextObject ID="`)
	b.WriteString(strconv.Itoa(d.next()))
	b.WriteString(`" Boundary="`)
	nums(b, left*mm, top*mm, (right-left)*mm, (bottom-top)*mm)
	b.WriteString(`" Font="`)
	b.WriteString(strconv.Itoa(fid))
	b.WriteString(`" Size="`)
	nums(b, it.Size*mm)
	if it.Bold {
		b.WriteString(`" Stroke="true" LineWidth="`)
		nums(b, it.Width*mm)
	}
	b.WriteString(`"><ofd:FillColor Value="0 0 0"/>`)
	if it.Bold {
		b.WriteString(`<ofd:StrokeColor Value="0 0 0"/>`)
	}
	for i := 0; i < len(rs); {
		if rs[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] != ' ' {
			j++
		}
		b.WriteString(`<ofd:TextCode X="`)
		nums(b, (xs[i]-left)*mm)
		b.WriteString(`" Y="`)
		nums(b, (it.Y-top)*mm)
		if j-i > 1 {
			b.WriteString(`" DeltaX="`)
			for k := i; k+1 < j; k++ {
				nums(b, (xs[k+1]-xs[k])*mm)
				if k+2 < j {
					b.WriteByte(' ')
				}
			}
		}
		b.WriteString(`">`)
		b.WriteString(esc(string(rs[i:j])))
		b.WriteString(`</ofd:TextCode>`)
		i = j
	}
	b.WriteString(`</ofd:TextObject>`)
}

// rule writes a straight line as a PathObject whose Boundary holds the stroke.
func (d *doc) rule(b *bytes.Buffer, it layout.Item, p layout.Page) {
	h := it.Width/2 + 0.5
	x0, y0 := max(0, min(it.X, it.X2)-h), max(0, min(it.Y, it.Y2)-h)
	x1, y1 := min(p.Width, max(it.X, it.X2)+h), min(p.Height, max(it.Y, it.Y2)+h)
	b.WriteString(`<ofd:PathObject ID="`)
	b.WriteString(strconv.Itoa(d.next()))
	b.WriteString(`" Boundary="`)
	nums(b, x0*mm, y0*mm, (x1-x0)*mm, (y1-y0)*mm)
	b.WriteString(`" LineWidth="`)
	nums(b, it.Width*mm)
	b.WriteString(`"><ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>M `)
	nums(b, (it.X-x0)*mm, (it.Y-y0)*mm)
	b.WriteString(` L `)
	nums(b, (it.X2-x0)*mm, (it.Y2-y0)*mm)
	b.WriteString(`</ofd:AbbreviatedData></ofd:PathObject>`)
}

// outline lists the document's outline, each entry going to the view layout chose.
func (d *doc) outline(ld *layout.Document, pageIDs []int) string {
	var b strings.Builder
	for _, a := range ld.Outline {
		fmt.Fprintf(&b, `<ofd:OutlineElem Title="%s"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="%d" Left="0" Top="%s"/></ofd:Goto></ofd:Action></ofd:Actions></ofd:OutlineElem>`,
			esc(a.Title), pageIDs[a.Page], num(a.Y*mm))
	}
	return b.String()
}

// styleClass is the generic style a face stands for (its FamilyName), for readers that substitute
// a system font: what the role table says of the role the face serves (layout.Font.Class), never
// a guess from the face's own name; 宋体 when the document does not say.
func styleClass(f *layout.Font) string {
	if f.Class != "" {
		return f.Class
	}
	return fonts.ClassSong
}

// num writes a length in mm with three decimals, without trailing zeros.
func num(v float64) string {
	var b bytes.Buffer
	nums(&b, v)
	return b.String()
}

// nums writes lengths as num does, separated by spaces, without allocating (the page contents
// are most of the writer's work).
func nums(b *bytes.Buffer, vs ...float64) {
	var buf [32]byte
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(' ')
		}
		s := strconv.AppendFloat(buf[:0], v, 'f', 3, 64)
		for s[len(s)-1] == '0' {
			s = s[:len(s)-1]
		}
		if s[len(s)-1] == '.' {
			s = s[:len(s)-1]
		}
		if string(s) == "-0" {
			s = s[1:]
		}
		b.Write(s)
	}
}

func esc(s string) string { return html.EscapeString(s) }
