// Package pdf writes a laid-out document as PDF (ISO 32000-1) — our own writer, a sibling of ofd
// and svg over the same layout.Document. It serializes what layout decided: the glyphs it chose
// where it put them, its outline, its properties, the font subsets made for the document — no
// line breaking, no measuring, no subsetting, no decisions.
//
// Pipeline: layout.Document → pdf.Write → a PDF whose fonts are Type0 CIDFonts over the
// document's subsets (Identity-H, CIDs = the subset's glyph IDs) with widths and a ToUnicode map,
// one content stream a page, a classic cross-reference table and a trailer /ID hashed from the
// content: the same input gives the same bytes.
package pdf

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/md5"
	_ "embed"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/layout"
	"nianbao/tree"
)

// Write writes the laid-out document ld as PDF/A-2a and PDF/UA-1: its pages, its outline as
// bookmarks, its properties, and its font subsets as they are.
func Write(w io.Writer, ld *layout.Document) error {
	if len(ld.Pages) == 0 {
		return i18n.Errorf("PDF：没有页面", "PDF: no pages")
	}
	pages, m := ld.Pages, ld.Meta
	d := &doc{}
	catalog, pagesObj, info := d.alloc(), d.alloc(), d.alloc()
	subsets := map[string]*fonts.Subset{} // face ID → its subset (glyph IDs, advances)
	resName := map[string]string{}        // face ID → its name in the pages' resources
	var fontRes strings.Builder
	for i, f := range ld.Fonts {
		id := f.Face.ID
		subsets[id] = f.Subset
		resName[id] = "/F" + strconv.Itoa(i+1)
		fmt.Fprintf(&fontRes, "%s %d 0 R ", resName[id], d.font(f.Face, f.Subset, subsetTag(i, f.Subset.Uses)))
	}
	for _, p := range pages {
		for _, it := range p.Items {
			if it.Kind == layout.TextItem && (subsets[it.Font] == nil || len(it.Glyphs) != utf8.RuneCountInString(it.Text)) {
				return i18n.Errorf("PDF：第 %d 页的文字“%s”没有排好的字形（字体 %s）", "PDF: page %d: the text %q has no laid-out glyphs (font %s)", p.Number, it.Text, it.Font)
			}
		}
	}
	var kids []int
	tags := &structure{elems: map[int32]*element{}}
	for i, p := range pages {
		content := d.stream(pageContent(i, p, subsets, resName, tags), streamText)
		page := d.alloc()
		kids = append(kids, page)
		d.set(page, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /Font << %s>> >> /Contents %d 0 R /StructParents %d /Tabs /S >>",
			pagesObj, num(p.Width), num(p.Height), fontRes.String(), content, i))
	}
	structRoot := tags.write(d, kids)
	var k strings.Builder
	for _, id := range kids {
		fmt.Fprintf(&k, "%d 0 R ", id)
	}
	d.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.TrimSpace(k.String()), len(kids)))
	// PDF/A-2u (ISO 19005-2: level b, plus a Unicode map for all text, §6.2.11.7). The fonts are
	// embedded with ToUnicode maps and the trailer has an /ID; here are the XMP metadata claiming
	// it (§6.6.2: uncompressed, matching the Info dictionary, §6.6.3) and an sRGB OutputIntent
	// (§6.2.3), which gives our only colour, the default DeviceGray black, a defined meaning.
	icc := d.stream(sRGB, streamFont, "/N 3")
	intent := d.add(fmt.Sprintf("<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R >>", icc))
	meta := d.stream(xmp(m), streamRaw, "/Type /Metadata /Subtype /XML")
	cat := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Metadata %d 0 R /OutputIntents [%d 0 R] /ViewerPreferences << /DisplayDocTitle true >> /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R",
		pagesObj, meta, intent, structRoot)
	if outlines := d.outlines(ld, kids); outlines != 0 {
		cat += fmt.Sprintf(" /Outlines %d 0 R", outlines)
	}
	if m.Lang != "" {
		cat += " /Lang " + text(m.Lang)
	}
	d.set(catalog, cat+" >>")
	date := "(D:" + m.Date.UTC().Format("20060102150405") + "Z)"
	d.set(info, fmt.Sprintf("<< /Title %s /Author %s /Subject %s /Keywords %s /Creator (nianbao) /Producer (nianbao) /CreationDate %s /ModDate %s >>",
		text(m.Title), text(m.Author), text(m.Subject), text(m.Keywords), date, date))
	return d.write(w, catalog, info)
}

//go:embed icc/sRGB.icc
var sRGB []byte

// xmp is the document's XMP packet: the Info dictionary's entries in their XMP properties
// (ISO 19005-2 §6.6.3, Table 1 of ISO 19005-1) and the PDF/A identification.
func xmp(m tree.Meta) []byte {
	date := m.Date.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		// PDF/A does not predefine pdfuaid: it is declared in an extension schema, in a Description
		// of its own (PDFBox finds it nowhere else; ISO 19005-2 §6.6.2.3)
		`<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" ` +
		`xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">` +
		`<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">` +
		`<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>` +
		`<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>` +
		`<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>` +
		`<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">` +
		`<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>` +
		`<pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>` +
		`</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>` +
		`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" ` +
		`xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">`)
	b.WriteString(`<dc:format>application/pdf</dc:format>`)
	if m.Title != "" {
		b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + xmlText(m.Title) + `</rdf:li></rdf:Alt></dc:title>`)
	}
	if m.Author != "" {
		b.WriteString(`<dc:creator><rdf:Seq><rdf:li>` + xmlText(m.Author) + `</rdf:li></rdf:Seq></dc:creator>`)
	}
	if m.Subject != "" {
		b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + xmlText(m.Subject) + `</rdf:li></rdf:Alt></dc:description>`)
	}
	if m.Keywords != "" {
		b.WriteString(`<pdf:Keywords>` + xmlText(m.Keywords) + `</pdf:Keywords>`)
	}
	b.WriteString(`<pdf:Producer>nianbao</pdf:Producer><xmp:CreatorTool>nianbao</xmp:CreatorTool>` +
		`<xmp:CreateDate>` + date + `</xmp:CreateDate><xmp:ModifyDate>` + date + `</xmp:ModifyDate>` +
		`<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance><pdfuaid:part>1</pdfuaid:part>` +
		`</rdf:Description></rdf:RDF></x:xmpmeta>` + "\n" + `<?xpacket end="w"?>`)
	return []byte(b.String())
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// outlines adds the bookmarks (PDF 32000-1 §12.3.3): one an anchor of the document's outline,
// in order, each going to the view layout chose. It returns the outline dictionary's number, 0
// when there is no anchor.
func (d *doc) outlines(ld *layout.Document, kids []int) int {
	type mark struct {
		title string
		dest  string
	}
	var marks []mark
	for _, a := range ld.Outline {
		marks = append(marks, mark{a.Title, fmt.Sprintf("[%d 0 R /XYZ 0 %s null]", kids[a.Page], num(ld.Pages[a.Page].Height-a.Y))})
	}
	if len(marks) == 0 {
		return 0
	}
	root := d.alloc()
	first := len(d.objs) + 1
	for i, mk := range marks {
		n := d.alloc()
		links := ""
		if i > 0 {
			links += fmt.Sprintf(" /Prev %d 0 R", n-1)
		}
		if i+1 < len(marks) {
			links += fmt.Sprintf(" /Next %d 0 R", n+1)
		}
		d.set(n, fmt.Sprintf("<< /Title %s /Parent %d 0 R%s /Dest %s >>", text(mk.title), root, links, mk.dest))
	}
	d.set(root, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, first+len(marks)-1, len(marks)))
	return root
}

// doc collects the numbered objects of the file.
type doc struct {
	objs [][]byte // object n is objs[n-1]
}

func (d *doc) alloc() int { d.objs = append(d.objs, nil); return len(d.objs) }

func (d *doc) set(n int, body string) { d.objs[n-1] = []byte(body) }

func (d *doc) add(body string) int { n := d.alloc(); d.set(n, body); return n }

// deflaters are reused across streams and documents (a new zlib writer allocates about 600 kB):
// BestSpeed for content streams and CMaps, Huffman coding only for font files, which have little
// repetition — 30 % smaller against 34 % with full deflate, at a third of the time.
// A sync.Pool would be emptied by every garbage collection, which comes every few documents.
var deflaters = [2]chan *zlib.Writer{make(chan *zlib.Writer, 4), make(chan *zlib.Writer, 4)}

const (
	streamText = 0 // a stream of operators or a CMap
	streamFont = 1 // a font file or an ICC profile
	streamRaw  = 2 // uncompressed: XMP metadata (PDF/A-2 §6.6.2.1 wants it readable without filters)
)

// stream adds a Flate-compressed stream object; kind picks the compression.
func (d *doc) stream(data []byte, kind int, extra ...string) int {
	dict := strings.Join(extra, " ")
	if kind == streamRaw {
		n := d.alloc()
		d.objs[n-1] = fmt.Appendf(nil, "<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
		return n
	}
	// one buffer: the dictionary with room for the length, the compressed data after it
	head := "<< /Length            /Filter /FlateDecode " + dict + " >>\nstream\n"
	var b bytes.Buffer
	b.Grow(len(head) + [2]int{len(data)/3 + 256, len(data)*7/8 + 1024}[kind] + 16) // about what each compresses to
	b.WriteString(head)
	var z *zlib.Writer
	select {
	case z = <-deflaters[kind]:
		z.Reset(&b)
	default:
		z, _ = zlib.NewWriterLevel(&b, [2]int{zlib.BestSpeed, zlib.HuffmanOnly}[kind])
	}
	z.Write(data)
	z.Close()
	select {
	case deflaters[kind] <- z:
	default:
	}
	o := b.Bytes()
	copy(o[len("<< /Length "):], strconv.Itoa(len(o)-len(head))) // spaces after it are whitespace
	d.objs[d.alloc()-1] = append(o, "\nendstream"...)
	return len(d.objs)
}

// font adds a Type0 font over a CIDFontType2 or CIDFontType0 (PDF 32000-1 §9.7.4): CIDs are the
// subset's glyph IDs, so a content stream names glyphs, not characters, and ToUnicode
// maps them back for extraction and search.
func (d *doc) font(face *fonts.Face, sub *fonts.Subset, tag string) int {
	mt := face.Metrics()
	name := tag + "+" + pdfName(mt.PostScriptName)
	// TrueType outlines embed as the subset font file (FontFile2); CFF ones as the subset's bare
	// CID-keyed CFF table (FontFile3 /CIDFontType0C, §9.9), its CIDs the subset's glyph IDs
	subtype, fileKey, typ0Name := "CIDFontType2", "FontFile2", name
	var file int
	if face.CFF {
		subtype, fileKey, typ0Name = "CIDFontType0", "FontFile3", name+"-Identity-H" // §9.7.6.1
		file = d.stream(sub.Table("CFF "), streamFont, "/Subtype /CIDFontType0C")
	} else {
		file = d.stream(sub.Data, streamFont, fmt.Sprintf("/Length1 %d", len(sub.Data)))
	}
	em := func(v float64) string { return strconv.Itoa(int(math.Round(v * 1000))) }
	desc := d.add(fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /%s %d 0 R >>",
		name, em(mt.BBox[0]), em(mt.BBox[1]), em(mt.BBox[2]), em(mt.BBox[3]), em(mt.Ascent), em(mt.Descent), em(mt.CapHeight), fileKey, file))
	// W: each glyph's advance, in thousandths of an em (§9.7.4.3), by glyph ID
	type g struct {
		gid uint16
		r   rune    // the character it sets (a half-width form: its full-width character)
		adv float64 // em
	}
	gs := make([]g, 0, len(sub.Uses))
	for _, u := range sub.Uses { // sorted by subset glyph, then character
		gs = append(gs, g{sub.Glyph(u.Glyph), u.Char, sub.Advance(u.Glyph)})
	}
	// two characters on one glyph: the glyph is listed once, for the first of them
	gs = slices.CompactFunc(gs, func(a, b g) bool { return a.gid == b.gid })
	var w strings.Builder
	w.WriteString("0 [0] ") // .notdef: a character the face lacks takes no room, as layout measured it
	for _, x := range gs {
		fmt.Fprintf(&w, "%d [%s] ", x.gid, num(x.adv*1000))
	}
	cidToGID := " /CIDToGIDMap /Identity"
	if face.CFF {
		cidToGID = "" // a CIDFontType0's CIDs reach its glyphs through the CFF charset
	}
	cid := d.add(fmt.Sprintf("<< /Type /Font /Subtype /%s /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [%s]%s >>",
		subtype, name, desc, strings.TrimSpace(w.String()), cidToGID))
	// ToUnicode: glyph → the character(s) it was drawn for, in blocks of at most 100 (§9.10.3)
	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gs); i += 100 {
		block := gs[i:min(i+100, len(gs))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(block))
		for _, x := range block {
			fmt.Fprintf(&cm, "<%04X> <", x.gid)
			for _, u := range utf16.Encode([]rune{x.r}) {
				fmt.Fprintf(&cm, "%04X", u)
			}
			cm.WriteString(">\n")
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	toUni := d.stream([]byte(cm.String()), streamText)
	return d.add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		typ0Name, cid, toUni))
}

const hex = "0123456789ABCDEF"

// pageContent is page i's content stream: y grows downwards in layout, upwards in PDF. Every
// run is marked content (PDF/UA-1 §7.1): tagged with its element's MCID, or an artifact — the
// page number a pagination artifact, rules and redrawn table headers layout artifacts.
func pageContent(i int, p layout.Page, subsets map[string]*fonts.Subset, res map[string]string, st *structure) []byte {
	var b bytes.Buffer
	b.Grow(120 * len(p.Items))
	var buf [32]byte
	n := func(v float64) { b.Write(appendNum(buf[:0], v)) }
	lineWidth, tc := -1.0, 0.0
	// the marked-content sequence open: consecutive runs of one element share a sequence, and
	// consecutive rules one artifact
	const none, rules = -2, -1
	open := int32(none)
	end := func() {
		if open != none {
			b.WriteString("EMC\n")
			open = none
		}
	}
	for _, it := range p.Items {
		switch it.Kind {
		case layout.TextItem:
			sub := subsets[it.Font]
			if it.Spacing != tc {
				// Tc: character spacing, added after every glyph (PDF 32000-1 §9.3.2): the grid's
				// tracking and the justification reach the page this way. It is text state, which
				// lasts across text objects, so it is set only when it changes, outside q/Q.
				n(it.Spacing)
				b.WriteString(" Tc\n")
				tc = it.Spacing
			}
			switch {
			case it.Struct.Elem == open:
			case it.Struct.Elem != 0:
				end()
				fmt.Fprintf(&b, "/%s <</MCID %d>> BDC\n", it.Struct.Role, st.mark(i, it.Struct))
				open = it.Struct.Elem
			case it.Where == "":
				end()
				b.WriteString("/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n")
			default:
				end()
				b.WriteString("/Artifact BMC\n")
			}
			if it.Bold {
				// synthetic bold: fill and stroke the outlines (Tr 2) with the width layout chose
				b.WriteString("q 2 Tr ")
				n(it.Width)
				b.WriteString(" w ")
			}
			b.WriteString("BT ")
			b.WriteString(res[it.Font])
			b.WriteByte(' ')
			n(it.Size)
			b.WriteString(" Tf ")
			if len(it.Glyphs) > 0 {
				n(it.Glyphs[0].X)
			} else {
				n(it.X) // an empty run
			}
			b.WriteByte(' ')
			n(p.Height - it.Y)
			// the glyphs where layout put them: each advances by its width and Tc (§9.4.4), which
			// is where layout puts a run's glyphs; a glyph placed elsewhere gets a TJ adjustment
			if placedByAdvance(it) {
				b.WriteString(" Td <")
				for _, gl := range it.Glyphs {
					g := sub.Glyph(gl.Glyph)
					b.Write([]byte{hex[g>>12], hex[g>>8&15], hex[g>>4&15], hex[g&15]})
				}
				b.WriteString("> Tj ET")
			} else {
				b.WriteString(" Td [<")
				for k, gl := range it.Glyphs {
					if k > 0 {
						prev := it.Glyphs[k-1]
						if off := gl.X - (prev.X + prev.Advance + it.Spacing); math.Abs(off) > placeEps {
							b.WriteString("> ")
							n(-off * 1000 / it.Size) // TJ's numbers are thousandths of the text size, subtracted
							b.WriteString(" <")
						}
					}
					g := sub.Glyph(gl.Glyph)
					b.Write([]byte{hex[g>>12], hex[g>>8&15], hex[g>>4&15], hex[g&15]})
				}
				b.WriteString(">] TJ ET")
			}
			if it.Bold {
				b.WriteString(" Q")
			}
			b.WriteByte('\n')
			if it.Struct.Elem == 0 {
				b.WriteString("EMC\n") // an artifact run stands alone
			}
		case layout.RuleItem:
			if open != rules {
				end()
				b.WriteString("/Artifact BMC\n")
				open = rules
			}
			if it.Width != lineWidth {
				n(it.Width)
				b.WriteString(" w ")
				lineWidth = it.Width
			}
			n(it.X)
			b.WriteByte(' ')
			n(p.Height - it.Y)
			b.WriteString(" m ")
			n(it.X2)
			b.WriteByte(' ')
			n(p.Height - it.Y2)
			b.WriteString(" l S\n")
		}
	}
	end()
	return b.Bytes()
}

// placeEps is how far, in points, a glyph may sit from where its predecessor's advance and Tc
// put it without a TJ adjustment: layout's own rounding (it joins glyphs into a run within 0.001).
const placeEps = 0.001

// placedByAdvance reports whether every glyph of a text item sits where the one before it, its
// advance and the item's Spacing (Tc) put it.
func placedByAdvance(it layout.Item) bool {
	for k := 1; k < len(it.Glyphs); k++ {
		prev := it.Glyphs[k-1]
		if math.Abs(it.Glyphs[k].X-(prev.X+prev.Advance+it.Spacing)) > placeEps {
			return false
		}
	}
	return true
}

// write writes the header, the objects, a classic cross-reference table (no xref streams: some
// checkers misread them) and the trailer with an /ID hashed from everything before it.
func (d *doc) write(w io.Writer, root, info int) error {
	// streamed to w through a hash and a counter: the file is never held whole a second time
	sum := md5.New()
	out := &counter{w: bufio.NewWriterSize(io.MultiWriter(w, sum), 16<<10)}
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(d.objs))
	for i, o := range d.objs {
		offsets[i] = out.n
		fmt.Fprintf(out, "%d 0 obj\n", i+1)
		out.Write(o)
		out.WriteString("\nendobj\n")
	}
	if err := out.w.Flush(); err != nil {
		return err
	}
	id := sum.Sum(nil)
	xref := out.n
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(d.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(out, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(d.objs)+1, root, info, id, id, xref)
	return out.w.Flush()
}

// counter counts the bytes written through it (the cross-reference offsets).
type counter struct {
	w *bufio.Writer
	n int
}

func (c *counter) Write(p []byte) (int, error) { n, err := c.w.Write(p); c.n += n; return n, err }

func (c *counter) WriteString(s string) { n, _ := c.w.WriteString(s); c.n += n }

// subsetTag is the six capital letters before a subset's name (PDF 32000-1 §9.6.4), different for
// each subset of a file and fixed by its glyphs: the same input gives the same tag.
func subsetTag(i int, uses []fonts.Use) string {
	h := md5.New()
	fmt.Fprint(h, i)
	for _, u := range uses {
		fmt.Fprint(h, " ", u.Glyph.ID, u.Glyph.Half, u.Char)
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for k := range tag {
		tag[k] = 'A' + sum[k]%26
	}
	return string(tag)
}

// text is a PDF text string: plain when ASCII without delimiters, else UTF-16BE with a BOM (§7.9.2.2).
func text(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e || r == '(' || r == ')' || r == '\\' {
			ascii = false
			break
		}
	}
	if ascii {
		return "(" + s + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String() + ">"
}

// pdfName keeps a font name to the regular characters a PDF name may hold unescaped.
func pdfName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f && !strings.ContainsRune("()<>[]{}/%#", r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "Font"
	}
	return b.String()
}

// num writes a number with up to four decimals (what layout measured, not rounded coarser).
func num(v float64) string { return string(appendNum(nil, v)) }

func appendNum(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', 4, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return b
}
