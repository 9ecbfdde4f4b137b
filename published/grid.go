package published

import (
	"fmt"
	"strings"
)

// gpara is a paragraph or a table of a document read as a flow (DOCX, HTML, text).
type gpara struct {
	text  string
	title bool // styled as the title (Title, h1)
	right bool // right-aligned (a signature, a date)
	rows  [][]gcell
	where string
}

// gcell is one cell of a table as the document gives it: its text and spans (colspan, and a
// rowspan or a vertical merge resolved by the reader).
type gcell struct {
	text          string
	span, rowspan int
}

// flowBlocks turns a flow document into blocks; tables become items on a grid whose columns
// and rows stand in for positions.
func flowBlocks(ps []gpara) []block {
	var bs []block
	tn := 0
	for _, p := range ps {
		if p.rows == nil {
			t := strings.TrimSpace(p.text)
			if t == "" {
				continue
			}
			b := block{text: t, where: p.where, right: p.right, tab: -1}
			if p.title {
				b.size = -1
				b.text = stripSpace(t)
			}
			bs = append(bs, b)
			continue
		}
		tn++
		items := gridItems(p.rows, tn)
		var all strings.Builder
		for _, it := range items {
			all.WriteString(stripSpace(it.text))
		}
		s := all.String()
		tab := -1
		switch {
		case strings.Contains(s, "第二十条") || strings.Contains(s, "信息内容") && strings.Contains(s, "行政许可"):
			tab = 0
		case strings.Contains(s, "申请人情况") || strings.Contains(s, "本年新收") || strings.Contains(s, "勾稽关系"):
			tab = 1
		case strings.Contains(s, "行政复议") && strings.Contains(s, "行政诉讼") && strings.Contains(s, "结果维持"):
			tab = 2
		}
		if tab < 0 {
			// a table that is none of the three (a layout table, a contact list): its text as paragraphs
			for _, row := range p.rows {
				var parts []string
				for _, c := range row {
					if t := strings.TrimSpace(c.text); t != "" {
						parts = append(parts, t)
					}
				}
				if len(parts) > 0 {
					bs = append(bs, block{text: strings.Join(parts, " "), where: p.where, tab: -1})
				}
			}
			continue
		}
		bs = append(bs, block{table: items, tab: tab, grid: true, where: fmt.Sprintf("表格%d", tn)})
	}
	return bs
}

// gridItems places the cells of a table on its grid (rowspans occupy the rows below) and makes
// them items: x in columns, y the middle of the rows a cell spans. Empty cells count as blank
// values only right of a row's last label (an empty cell among the labels is a merged one).
func gridItems(rows [][]gcell, tn int) []item {
	var items []item
	occupied := map[[2]int]bool{}
	for r, row := range rows {
		c := 0
		var rowItems []item
		for _, cell := range row {
			for occupied[[2]int{r, c}] {
				c++
			}
			span, rs := max(cell.span, 1), max(cell.rowspan, 1)
			span, rs = min(span, 64), min(rs, 256)
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < span; dc++ {
					occupied[[2]int{r + dr, c + dc}] = true
				}
			}
			t := strings.TrimSpace(cell.text)
			rowItems = append(rowItems, item{
				page: 0, x1: float64(c), x2: float64(c + span), y: float64(r) + float64(rs-1)/2, size: 1,
				text: t, where: fmt.Sprintf("表格%d 第%d行第%d列", tn, r+1, c+1), value: t == "" || isValue(t),
			})
			c += span
		}
		lastLabel := -1
		for i, it := range rowItems {
			if !it.value {
				lastLabel = i
			}
		}
		for i, it := range rowItems {
			if it.text == "" && i < lastLabel {
				continue
			}
			items = append(items, it)
		}
	}
	return items
}
