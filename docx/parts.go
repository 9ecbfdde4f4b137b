package docx

import (
	"fmt"
	"strings"
	"time"

	"nianbao/fonts"
	"nianbao/theme"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
	`</Relationships>`

func appXML(m Meta) string {
	return xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>nianbao</Application><Company>` + esc(m.Author) + `</Company></Properties>`
}

func coreXML(m Meta) string {
	date := m.Date.UTC().Format(time.RFC3339)
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(m.Title) + `</dc:title><dc:subject>` + esc(m.Subject) + `</dc:subject><dc:creator>` + esc(m.Author) + `</dc:creator>` +
		`<cp:keywords>` + esc(m.Keywords) + `</cp:keywords><cp:lastModifiedBy>` + esc(m.Author) + `</cp:lastModifiedBy>` +
		`<dc:language>` + esc(m.Lang) + `</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + date + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + date + `</dcterms:modified>` +
		`</cp:coreProperties>`
}

// knownFonts are the font-table entries Word and WPS themselves write (docx.md §2.2): altName
// gives the Windows face when the _GB2312 one is missing; charset 86 = GB2312.
var knownFonts = map[string]string{
	"仿宋_GB2312":       `<w:altName w:val="仿宋"/><w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>`,
	"楷体_GB2312":       `<w:altName w:val="楷体"/><w:panose1 w:val="02010609030101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>`,
	"黑体":              `<w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>`,
	"宋体":              `<w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>`,
	"方正小标宋简体":         `<w:altName w:val="宋体"/><w:panose1 w:val="02000000000000000000"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>`,
	"Times New Roman": `<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>`,
}

func fontTable(m Meta) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:fonts ` + nsW + `>`)
	seen := map[string]bool{}
	for _, n := range append(m.Fonts[:], "Times New Roman") {
		if seen[n] {
			continue
		}
		seen[n] = true
		fmt.Fprintf(&b, `<w:font w:name="%s">`, esc(n))
		if x, ok := knownFonts[n]; ok {
			b.WriteString(x)
		} else {
			b.WriteString(`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>`)
		}
		b.WriteString(`</w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

// rFonts is the four-slot font reference with the East Asian hint, so that “” — … render in the
// Chinese face (MS-OI29500 §2.1.88; cjk-pitfalls.md §5).
func rFonts(eastAsia string) string {
	return fmt.Sprintf(`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="%s" w:cs="Times New Roman" w:hint="eastAsia"/>`, esc(eastAsia))
}

func styles(th *theme.Theme, g geometry, m Meta) string {
	body := halfPoints(th.Size.BodyPt)
	indent := round(th.Text.IndentChars * g.charPitch)
	chars := round(th.Text.IndentChars * 100)
	// autoSpaceDE/DN off: no extra space between Chinese and Latin text or digits, as in the PDF
	// widowControl: no first or last line of a paragraph alone on a page, as in the PDF (layout's
	// pageBreaks)
	bodyPPr := fmt.Sprintf(`<w:widowControl/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="%d" w:firstLine="%d"/><w:jc w:val="both"/>`,
		g.linePitch, chars, indent)
	bodyRPr := func(font string, bold bool) string {
		b := ""
		if bold {
			b = `<w:b/><w:bCs/>`
		}
		return fmt.Sprintf(`<w:rPr>%s%s<w:snapToGrid w:val="0"/><w:spacing w:val="%d"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`,
			rFonts(font), b, g.tracking, body, body)
	}
	heading := func(id, name string, lvl int, font string, bold bool) string {
		return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>`+
			`<w:pPr><w:keepNext/>%s<w:outlineLvl w:val="%d"/></w:pPr>%s</w:style>`, id, name, bodyPPr, lvl, bodyRPr(font, bold))
	}
	titleAfter := g.linePitch * th.Title.BlankLinesAfter
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:styles ` + nsW + `>`)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr>%s<w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>`,
		rFonts(m.Fonts[fonts.Body]), body, body)
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr>%s</w:pPr>%s</w:style>`,
		bodyPPr, bodyRPr(m.Fonts[fonts.Body], false))
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>`+
		`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:after="%d" w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>`+
		`<w:rPr>%s<w:snapToGrid w:val="0"/><w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`,
		titleAfter, twips(th.Title.LinePt), rFonts(m.Fonts[fonts.Title]), halfPoints(th.Size.TitlePt), halfPoints(th.Size.TitlePt))
	b.WriteString(heading("Heading1", "heading 1", 0, m.Fonts[fonts.H1], false))
	b.WriteString(heading("Heading2", "heading 2", 1, m.Fonts[fonts.H2], false))
	b.WriteString(heading("Heading3", "heading 3", 2, m.Fonts[fonts.Body], th.Text.H3Bold))
	b.WriteString(heading("Heading4", "heading 4", 3, m.Fonts[fonts.Body], th.Text.H4Bold))
	tsz := halfPoints(th.Size.TablePt)
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>`+
		`<w:pPr><w:overflowPunct w:val="0"/><w:snapToGrid w:val="0"/><w:spacing w:line="%d" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>`+
		`<w:rPr>%s<w:snapToGrid w:val="0"/><w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`,
		twips(th.Table.LinePt), rFonts(m.Fonts[fonts.Table]), tsz, tsz)
	psz := halfPoints(th.Size.PageNoPt)
	fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>`+
		`<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>`+
		`<w:rPr>%s<w:snapToGrid w:val="0"/><w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`,
		rFonts(m.Fonts[fonts.PageNo]), psz, psz)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

func settings(g geometry) string {
	return xmlHeader + `<w:settings ` + nsW + `><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
		fmt.Sprintf(`<w:drawingGridVerticalSpacing w:val="%d"/>`, g.linePitch) +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>`
}

// footer is the page number "— N —" with a PAGE field (GB/T 9704 §7.5): odd pages right, even
// pages left, one character (of the page number's size) in from the edge.
func footer(th *theme.Theme, odd bool) string {
	before, after, _ := strings.Cut(th.PageNumber.Format, "%d")
	inset := twips(th.PageNumber.InsetChars * th.Size.PageNoPt)
	ind, jc := fmt.Sprintf(`<w:ind w:right="%d" w:firstLineChars="0" w:firstLine="0"/>`, inset), "right"
	if !odd {
		ind, jc = fmt.Sprintf(`<w:ind w:left="%d" w:firstLineChars="0" w:firstLine="0"/>`, inset), "left"
	}
	return xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/>` + ind + `<w:jc w:val="` + jc + `"/></w:pPr>` +
		`<w:r><w:t xml:space="preserve">` + esc(before) + `</w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r><w:t xml:space="preserve">` + esc(after) + `</w:t></w:r></w:p></w:ftr>`
}
