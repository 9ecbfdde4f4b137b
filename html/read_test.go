package html_test

import (
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A small reader of what the writer made, as a screen reader or a site's importer sees it: the
// text outside tables in document order, block by block, and each table as a grid of cells with
// their spans and the texts of the headers each data cell names.

// block is one heading or paragraph outside the tables.
type block struct {
	tag, text string
}

// readCell is one cell read back.
type readCell struct {
	tag           string // "th" or "td"
	text          string
	r, c          int
	rowSpan, span int
	headers       []string // the texts of the cells named by its headers attribute
	scope         string
}

// readTable is one table read back: its caption and its cells by grid origin.
type readTable struct {
	caption string
	cells   map[[2]int]*readCell
	thead   int // rows in thead
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == xhtml.ElementNode && n.DataAtom == atom.Br {
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// read parses a page or fragment: its blocks outside tables and its tables.
func read(src string) (blocks []block, tables []*readTable, err error) {
	doc, err := xhtml.Parse(strings.NewReader(src))
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]*xhtml.Node{}
	var index func(*xhtml.Node)
	index = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id] = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			index(c)
		}
	}
	index(doc)
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Head, atom.Style, atom.Script:
				return
			case atom.Table:
				tables = append(tables, readGrid(n, ids))
				return
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P:
				blocks = append(blocks, block{n.Data, textOf(n)})
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return blocks, tables, nil
}

// readGrid places a table's cells on a grid by the HTML table model: rowspan and colspan, each
// cell in the first free column of its row.
func readGrid(t *xhtml.Node, ids map[string]*xhtml.Node) *readTable {
	out := &readTable{cells: map[[2]int]*readCell{}}
	taken := map[[2]int]bool{}
	r := 0
	var rows func(n *xhtml.Node, inHead bool)
	rows = func(n *xhtml.Node, inHead bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				out.caption = textOf(c)
			case atom.Thead:
				rows(c, true)
			case atom.Tbody, atom.Tfoot:
				rows(c, false)
			case atom.Tr:
				if inHead {
					out.thead++
				}
				col := 0
				for cell := c.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type != xhtml.ElementNode || cell.DataAtom != atom.Td && cell.DataAtom != atom.Th {
						continue
					}
					for taken[[2]int{r, col}] {
						col++
					}
					rc := &readCell{tag: cell.Data, text: textOf(cell), r: r, c: col, rowSpan: 1, span: 1, scope: attr(cell, "scope")}
					if v, err := strconv.Atoi(attr(cell, "rowspan")); err == nil {
						rc.rowSpan = v
					}
					if v, err := strconv.Atoi(attr(cell, "colspan")); err == nil {
						rc.span = v
					}
					for _, id := range strings.Fields(attr(cell, "headers")) {
						if h := ids[id]; h != nil {
							rc.headers = append(rc.headers, textOf(h))
						} else {
							rc.headers = append(rc.headers, "?"+id)
						}
					}
					for i := r; i < r+rc.rowSpan; i++ {
						for k := col; k < col+rc.span; k++ {
							taken[[2]int{i, k}] = true
						}
					}
					out.cells[[2]int{r, col}] = rc
					col += rc.span
				}
				r++
			}
		}
	}
	rows(t, false)
	return out
}
