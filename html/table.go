package html

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"nianbao/tree"
)

// tableNumber names a table's look by its number: nb-table-2 …
var tableNumber = map[string]string{"二": "2", "三": "3", "四": "4"}

// tableOf writes a statistical table. Its grid is the official one (the tree's cells with their
// spans); every label is a th, every number a td whose headers attribute names all of its labels
// (HTML §4.9.12, "forming relationships between data cells and header cells": an explicit headers
// list replaces the implicit scan, which cannot express table 二's blocks of differently labelled
// columns). The header rows (table 三, 四) form the thead, repeated by the browser on each printed
// page; table 二 has a tbody for each 第二十条 item.
func (p *printer) tableOf(t *tree.Table, caption string) {
	p.table++
	n := tableNumber[t.ID]
	if n == "" {
		n = fmt.Sprint("x", p.table)
	}
	g := newGrid(t, "nb-t"+n+"-")
	capID := g.prefix + "caption"
	p.open("div", "nb-scroll", "role", "region", "aria-labelledby", capID, "tabindex", "0")
	p.s("\n")
	p.open("table", "nb-table nb-table-"+tableNumber[t.ID])
	p.open("caption", "nb-caption", "id", capID)
	p.text("表" + t.ID + "　" + caption)
	p.s("</caption>\n")
	if ws := p.th.Widths(t.ID); len(ws) == t.Cols {
		sum := 0.0
		for _, w := range ws {
			sum += w
		}
		p.s("<colgroup>")
		for _, w := range ws {
			p.s(`<col style="width:` + strconv.FormatFloat(100*w/sum, 'f', 2, 64) + `%">`)
		}
		p.s("</colgroup>\n")
	}
	section := ""
	for r := 0; r < t.Rows; r++ {
		next := "tbody"
		if r < t.HeaderRows {
			next = "thead"
		}
		if next != section || next == "tbody" && t.HeaderRows == 0 && g.item(r) >= 0 && r > 0 {
			if section != "" {
				p.s("</" + section + ">\n")
			}
			p.s("<" + next + ">\n")
			section = next
		}
		p.s("<tr>")
		for _, i := range g.rows[r] {
			p.cell(g, i)
		}
		p.s("</tr>\n")
	}
	if section != "" {
		p.s("</" + section + ">\n")
	}
	p.s("</table>\n</div>\n")
}

// cell writes one cell of the grid.
func (p *printer) cell(g *grid, i int) {
	c := &g.t.Cells[i]
	var attrs []string
	if c.RowSpan > 1 {
		attrs = append(attrs, "rowspan", strconv.Itoa(c.RowSpan))
	}
	if c.Span > 1 {
		attrs = append(attrs, "colspan", strconv.Itoa(c.Span))
	}
	tag, class := "th", "nb-th"
	switch {
	case c.Number:
		tag, class = "td", "nb-num"
		attrs = append(attrs, "headers", strings.Join(g.headers(i), " "))
	case c.Note:
		tag, class = "td", "nb-note"
	case g.labelsLabel(i):
		// 信息内容 in table 二 heads the label column, not numbers: a plain cell
		tag, class = "td", "nb-th"
	default:
		scope := "row"
		switch {
		case c.Header || g.labelRow(c.R):
			scope = "col"
			if c.Span > 1 {
				scope = "colgroup"
			}
			class = "nb-th nb-colhead"
		case g.item(c.R) >= 0:
			scope = "rowgroup"
			class = "nb-th nb-item"
		}
		attrs = append([]string{"id", g.id(i), "scope", scope}, attrs...)
	}
	p.open(tag, class, attrs...)
	p.text(c.Text)
	p.s("</" + tag + ">")
}

// grid indexes a table's cells by position.
type grid struct {
	t      *tree.Table
	prefix string
	rows   [][]int // cell indexes starting in each row, left to right
	owner  [][]int // the cell covering each grid position, -1 for none
}

func newGrid(t *tree.Table, prefix string) *grid {
	g := &grid{t: t, prefix: prefix, rows: make([][]int, t.Rows), owner: make([][]int, t.Rows)}
	for r := range g.owner {
		g.owner[r] = slices.Repeat([]int{-1}, t.Cols)
	}
	for i, c := range t.Cells {
		g.rows[c.R] = append(g.rows[c.R], i)
		for r := c.R; r < min(c.R+max(c.RowSpan, 1), t.Rows); r++ {
			for k := c.C; k < min(c.C+max(c.Span, 1), t.Cols); k++ {
				g.owner[r][k] = i
			}
		}
	}
	for _, row := range g.rows {
		slices.SortFunc(row, func(a, b int) int { return t.Cells[a].C - t.Cells[b].C })
	}
	return g
}

func (g *grid) id(i int) string {
	c := &g.t.Cells[i]
	return g.prefix + "r" + strconv.Itoa(c.R) + "c" + strconv.Itoa(c.C)
}

// item returns the cell of row r when it is an item row of table 二 (one label across the whole
// width: "第二十条第（一）项"), else -1.
func (g *grid) item(r int) int {
	if r < g.t.HeaderRows || len(g.rows[r]) != 1 {
		return -1
	}
	if c := &g.t.Cells[g.rows[r][0]]; !c.Number && c.C == 0 && c.Span == g.t.Cols {
		return g.rows[r][0]
	}
	return -1
}

// labelRow reports whether row r, below the header rows, holds only labels and is not an item
// row: table 二's column labels ("信息内容", "本年制发件数" …).
func (g *grid) labelRow(r int) bool {
	if r < g.t.HeaderRows || g.item(r) >= 0 || len(g.rows[r]) == 0 {
		return false
	}
	for _, i := range g.rows[r] {
		if g.t.Cells[i].Number {
			return false
		}
	}
	return true
}

// labelsLabel reports whether cell i heads table 二's label column in a label row ("信息内容"):
// it stands over labels, never over numbers.
func (g *grid) labelsLabel(i int) bool {
	c := &g.t.Cells[i]
	if !g.labelRow(c.R) {
		return false
	}
	for r := c.R + 1; r < g.t.Rows && !g.labelRow(r) && g.item(r) < 0; r++ {
		for k := c.C; k < c.C+c.Span; k++ {
			if o := g.owner[r][k]; o >= 0 && g.t.Cells[o].Number {
				return false
			}
		}
	}
	return true
}

// headers lists the ids of every label of number cell i, outermost first: the item of its block
// (table 二), its row labels from the left, then its column labels from the top.
func (g *grid) headers(i int) []string {
	c := &g.t.Cells[i]
	var out []string
	// table 二: the block's item row and column-label row above the cell
	if g.t.HeaderRows == 0 {
		var colLabel = -1
		for r := c.R - 1; r >= 0; r-- {
			if colLabel < 0 && g.labelRow(r) {
				colLabel = g.owner[r][c.C]
			}
			if it := g.item(r); it >= 0 {
				out = append(out, g.id(it))
				break
			}
		}
		out = append(out, g.rowLabels(c)...)
		if colLabel >= 0 {
			out = append(out, g.id(colLabel))
		}
		return out
	}
	out = append(out, g.rowLabels(c)...)
	seen := map[int]bool{}
	for r := 0; r < g.t.HeaderRows; r++ {
		for k := c.C; k < c.C+max(c.Span, 1); k++ {
			if o := g.owner[r][k]; o >= 0 && !seen[o] && !g.t.Cells[o].Note && !g.t.Cells[o].Number {
				seen[o] = true
				out = append(out, g.id(o))
			}
		}
	}
	return out
}

// rowLabels are the labels to the left of a number cell that cover its row, left to right.
func (g *grid) rowLabels(c *tree.Cell) []string {
	var out []string
	last := -1
	for k := 0; k < c.C; k++ {
		o := g.owner[c.R][k]
		if o < 0 || o == last {
			continue
		}
		last = o
		if l := &g.t.Cells[o]; !l.Number && !l.Note && !l.Header {
			out = append(out, g.id(o))
		}
	}
	return out
}
