// Package html writes a report's document tree as an accessible HTML page, for the government
// website that publishes the report as an article (GB/T 37668-2019, based on WCAG 2.0 AA).
//
// Pipeline: model → tree → html, a sibling of docx: it writes the tree, not laid-out pages, and
// the browser lays the text out. The text is the tree's, character for character, so the page
// says exactly what the PDF says; only the line breaks differ.
//
// What the page is:
//   - one self-contained UTF-8 file, lang="zh-CN", no scripts and no outside requests (a
//     Content-Security-Policy forbids everything but the inline style sheet);
//   - the title as h1, the six sections as h2 and the sub-headings below them, never skipping a
//     level (as the PDF's tags, Matterhorn 14-003); a run-in heading ("（一）主动公开。" followed by
//     body text on the same line, GB/T 9704 §7.3.3) stays part of its paragraph, as in the PDF;
//   - tables 二, 三 and 四 as real tables: a caption, the header rows in thead, every label a th
//     with scope, every number a td whose headers attribute lists all of its labels, outermost
//     first (the nested labels of table 三: "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密",
//     and "申请人情况", "法人或其他组织", "商业企业"), merged cells as the official format merges them;
//     numbers right-aligned with tabular figures;
//   - on a phone a table scrolls sideways in its own focusable box and the text reflows (WCAG
//     1.4.10, also at 200 % zoom); sizes are relative, so the reader's own font size is kept;
//   - printed, A4 with the GB/T 9704 margins, 3号 body text, the same order as the PDF, the
//     table headers repeated on each page and page numbers "— 1 —" outside.
//
// Fonts: the page names the reader's own 仿宋, 黑体, 楷体 and 宋体 (the official faces on a
// government PC, and their common Windows, macOS and Linux names) and embeds none. A web font of
// the body face would add hundreds of kilobytes to every article (the report's subset is a few
// thousand glyphs), the site editors strip @font-face from pasted text anyway, and a reader with
// low vision who set a font of their own should keep it (WCAG 1.4.12). The PDF carries the exact
// faces for print.
//
// Fragment (Options.Fragment) is the same article, in a div, without the document around it and
// with every style written inline on its element: what a clerk pastes into the site's editor (UEditor,
// KindEditor), which keeps tables and inline styles but drops <style>, <script> and classes.
//
// Output is deterministic: the same tree and options give the same bytes.
package html

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"nianbao/theme"
	"nianbao/tree"
)

// Options control the page.
type Options struct {
	// Fragment writes only the article, with inline styles, for pasting into a site's editor.
	Fragment bool
	// Theme gives the tables' column widths and the bold sub-headings; nil is the default theme.
	Theme *theme.Theme
}

// Write writes d as one HTML page (or, with opt.Fragment, the article alone).
func Write(w io.Writer, d *tree.Document, opt Options) error {
	th := opt.Theme
	if th == nil {
		th = theme.New()
	}
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, frag: opt.Fragment, th: th}
	if !p.frag {
		p.head(d)
	}
	p.article(d)
	if !p.frag {
		p.s("</main>\n</body>\n</html>\n")
	}
	return bw.Flush()
}

// printer writes the markup. In a fragment an element's look is its style attribute; in a page,
// its class and the style sheet (css), which hold the same declarations.
type printer struct {
	w     *bufio.Writer
	frag  bool
	th    *theme.Theme
	level int // the last heading level written, so that none is skipped
	table int // tables written so far: their ids are nb-t1-…
}

func (p *printer) s(s string) { p.w.WriteString(s) }

// open writes a start tag with the element's look (class or inline style) and further
// attributes, given as name, value pairs (values are escaped).
func (p *printer) open(tag, class string, attrs ...string) {
	p.s("<" + tag)
	if class != "" {
		if p.frag {
			if decl := inline(class); decl != "" {
				p.attr("style", decl)
			}
		} else {
			p.attr("class", class)
		}
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		p.attr(attrs[i], attrs[i+1])
	}
	p.s(">")
}

func (p *printer) attr(name, value string) {
	p.s(" " + name + `="` + attrEscaper.Replace(value) + `"`)
}

func (p *printer) text(s string) { p.s(textEscaper.Replace(s)) }

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

func (p *printer) head(d *tree.Document) {
	lang := d.Lang
	if lang == "" {
		lang = "zh-CN"
	}
	p.s("<!DOCTYPE html>\n")
	p.open("html", "", "lang", lang)
	p.s("\n<head>\n<meta charset=\"utf-8\">\n")
	p.s("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	// nothing but the inline style sheet may load: no script, no font, no image, no frame
	p.s("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	p.s("<title>")
	p.text(d.Title)
	p.s("</title>\n")
	for _, m := range [][2]string{{"author", d.Author}, {"description", d.Subject}, {"keywords", d.Keywords}, {"generator", "nianbao"}} {
		if m[1] != "" {
			p.open("meta", "", "name", m[0], "content", m[1])
			p.s("\n")
		}
	}
	p.s("<style>\n")
	p.s(css())
	p.s("</style>\n</head>\n<body>\n<main>\n")
}

// article writes the report: title, paragraphs in sections, tables, signature.
func (p *printer) article(d *tree.Document) {
	root := "article"
	if p.frag {
		// a div: every site editor keeps it and its style (KindEditor drops <article> and
		// <section> but keeps what is inside them), and its lang marks the text Chinese on a
		// page that may not be
		root = "div"
		p.open(root, "nb-report", "lang", "zh-CN")
	} else {
		p.open(root, "nb-report")
	}
	p.s("\n")
	p.title(d)
	inSection, sections, caption := false, 0, ""
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case *tree.Para:
			if b.Style == tree.H1 {
				if inSection {
					p.s("</section>\n")
				}
				sections++
				id := "nb-s" + strconv.Itoa(sections)
				p.open("section", "", "aria-labelledby", id)
				p.s("\n")
				inSection = true
				caption = b.Text()
				if _, after, ok := strings.Cut(caption, "、"); ok {
					caption = after
				}
				p.heading(2, "nb-h1", id, b.Text())
				continue
			}
			p.para(b)
		case *tree.Table:
			p.tableOf(b, caption)
		}
	}
	if inSection {
		p.s("</section>\n")
	}
	if d.Signature.Name != "" || d.Signature.Date != "" {
		p.open("p", "nb-signature")
		p.text(d.Signature.Name)
		if d.Signature.Date != "" {
			if d.Signature.Name != "" {
				p.s("<br>")
			}
			if !d.Date.IsZero() {
				p.open("time", "", "datetime", d.Date.Format("2006-01-02"))
				p.text(d.Signature.Date)
				p.s("</time>")
			} else {
				p.text(d.Signature.Date)
			}
		}
		p.s("</p>\n")
	}
	p.s("</" + root + ">\n")
}

// title writes the title. Where it begins with the organ's name, the name is kept on one line
// when it fits, so a narrow screen breaks the title between the name and "2023年政府信息公开工作年度
// 报告", as the PDF does, rather than inside the name.
func (p *printer) title(d *tree.Document) {
	rest, ok := strings.CutPrefix(d.Title, d.Author)
	if !ok || d.Author == "" || rest == "" {
		p.heading(1, "nb-title", "", d.Title)
		return
	}
	p.level = 1
	p.open("h1", "nb-title")
	p.open("span", "nb-nowrap")
	p.text(d.Author)
	p.s("</span><wbr>")
	p.text(rest)
	p.s("</h1>\n")
}

// heading writes a heading of the given level, or the level below the last heading if that is
// higher (no level is skipped, as in the PDF's tags).
func (p *printer) heading(level int, class, id, text string) {
	level = min(level, p.level+1, 6)
	p.level = level
	tag := "h" + strconv.Itoa(level)
	if id != "" {
		p.open(tag, class, "id", id)
	} else {
		p.open(tag, class)
	}
	p.text(text)
	p.s("</" + tag + ">\n")
}

// leadClass is the look of a sub-heading's words, by style.
var leadClass = map[tree.Style]string{tree.H2: "nb-h2", tree.H3: "nb-h3", tree.H4: "nb-h4"}

// para writes a paragraph: a heading when it holds only heading words, else a paragraph whose
// run-in heading words keep their face.
func (p *printer) para(b *tree.Para) {
	if len(b.Runs) == 0 {
		return
	}
	if b.Style != tree.Body && b.Runs[len(b.Runs)-1].Style != tree.Body {
		p.heading(int(b.Style)+1, leadClass[b.Style]+p.bold(b.Style), "", b.Text())
		return
	}
	p.open("p", "nb-p")
	for _, r := range b.Runs {
		if r.Style == tree.Body {
			p.text(r.Text)
			continue
		}
		p.open("span", leadClass[r.Style]+p.bold(r.Style))
		p.text(r.Text)
		p.s("</span>")
	}
	p.s("</p>\n")
}

// bold adds the bold look to the sub-heading levels the theme sets in bold.
func (p *printer) bold(s tree.Style) string {
	if s == tree.H3 && p.th.Text.H3Bold || s == tree.H4 && p.th.Text.H4Bold {
		return " nb-bold"
	}
	return ""
}
