package published

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// maxHTMLDepth bounds the walk of the element tree; deeper content is read as inline text.
const maxHTMLDepth = 256

// ReadHTML reads a report saved from a web page. Paragraphs are the block elements' text, the
// report's tables are the tables holding no other table (government sites lay pages out with
// tables around them), cells keep their colspan and rowspan. Nothing is fetched: scripts,
// styles, images and links are ignored. Pages in GBK/GB 18030 are decoded.
func ReadHTML(data []byte) (*Result, error) {
	if !utf8.Valid(data) {
		if u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			data = u
		}
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	h := &htmlReader{}
	h.walk(doc, 0)
	h.flush()
	return fromFlow(h.out), nil
}

type htmlReader struct {
	out    []gpara
	buf    strings.Builder
	right  bool
	title  bool
	tables int
}

var blockTags = map[string]bool{"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "section": true, "article": true, "header": true, "footer": true, "center": true, "blockquote": true, "pre": true, "tr": true, "td": true, "th": true, "dd": true, "dt": true}

func (h *htmlReader) flush() {
	t := strings.TrimSpace(h.buf.String())
	if t != "" {
		h.out = append(h.out, gpara{text: t, right: h.right, title: h.title, where: fmt.Sprintf("第%d段", len(h.out)+1)})
	}
	h.buf.Reset()
	h.right, h.title = false, false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func isRight(n *html.Node) bool {
	st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.EqualFold(attr(n, "align"), "right") || strings.Contains(st, "text-align:right")
}

func hasTable(n *html.Node, depth int) bool {
	if depth > maxHTMLDepth {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "table" || hasTable(c, depth+1) {
			return true
		}
	}
	return false
}

func (h *htmlReader) walk(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		h.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "head", "noscript", "template", "iframe", "object", "svg", "select", "button":
			return
		case "br":
			h.flush()
			return
		case "table":
			if !hasTable(n, 0) {
				h.flush()
				h.table(n)
				return
			}
		}
	}
	if depth > maxHTMLDepth {
		h.buf.WriteString(textOf(n, 0))
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.Data]
	if block {
		h.flush()
		h.right = isRight(n)
		h.title = n.Data == "h1"
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c, depth+1)
	}
	if block {
		h.flush()
	}
}

// textOf is the text under a node, breaks read as nothing (a cell's label wrapped by hand).
func textOf(n *html.Node, depth int) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") || depth > maxHTMLDepth {
		return ""
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c, depth+1))
	}
	return b.String()
}

func (h *htmlReader) table(n *html.Node) {
	var rows [][]gcell
	var visit func(*html.Node, int)
	visit = func(x *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "tr":
				var row []gcell
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.Data == "td" || td.Data == "th") {
						cs, _ := strconv.Atoi(strings.TrimSpace(attr(td, "colspan")))
						rs, _ := strconv.Atoi(strings.TrimSpace(attr(td, "rowspan")))
						row = append(row, gcell{text: strings.TrimSpace(textOf(td, 0)), span: max(cs, 1), rowspan: max(rs, 1)})
					}
				}
				if len(rows) < 1000 {
					rows = append(rows, row)
				}
			default:
				visit(c, depth+1) // thead, tbody, tfoot
			}
		}
	}
	visit(n, 0)
	h.tables++
	h.out = append(h.out, gpara{rows: rows, where: fmt.Sprintf("第%d个表格", h.tables)})
}
