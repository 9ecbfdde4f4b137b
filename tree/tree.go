// Package tree is the format-neutral document tree of a report: title, paragraphs with their
// heading levels, the three tables as grids of spanning cells, and the signature block.
//
// Pipeline: model (checked data) → tree.Build → tree.Document → layout (pages, for PDF) and
// docx (OOXML, which Word/WPS lay out themselves). The tree carries no geometry and no fonts:
// only what each piece of text is (its Style) and where it came from (for messages).
package tree

import "time"

// Style is what a paragraph or run is; the theme maps each to a face, size and spacing.
type Style int

const (
	Body Style = iota // 正文: 3号仿宋
	H1                // 一、 黑体
	H2                // （一） 楷体
	H3                // 1. 仿宋 (bold by theme option)
	H4                // （1） 仿宋
)

// Run is text in one style.
type Run struct {
	Text  string
	Style Style
}

// Para is a paragraph: its style (a heading level or Body) and its runs. A sub-heading followed by
// text on the same line is one paragraph with a heading run and a body run (GB/T 9704 §7.3.3).
type Para struct {
	Style Style
	Runs  []Run
	Where string // where it comes from, for messages: "一、总体情况 第2段"
}

// Text is the paragraph's text.
func (p *Para) Text() string {
	s := ""
	for _, r := range p.Runs {
		s += r.Text
	}
	return s
}

// Cell is one cell of a table grid.
type Cell struct {
	R, C          int
	RowSpan, Span int
	Text          string
	Number        bool // a value (centred, never wrapped at a digit)
	Header        bool // in the header rows repeated after a page break
	Group         bool // a row-group label that is shown again, with "（续）", on a continuation page
	Note          bool // the corner note of table 三
	Where         string
}

// Table is a statistical table: a grid of cells, its first HeaderRows rows repeating on each page.
type Table struct {
	ID         string // "二", "三", "四"
	Rows, Cols int
	HeaderRows int
	KeepNext   []bool // per row (may be shorter than Rows): the table never breaks after this row
	Cells      []Cell
}

// Keeps reports whether the table must not break after row r.
func (t *Table) Keeps(r int) bool { return r < len(t.KeepNext) && t.KeepNext[r] }

// Signature is the block after section 六 (GB/T 9704 §7.3.5.2): the organ's name and the date.
type Signature struct {
	Name string
	Date string // already formatted: 2023年1月16日
}

// Block is a Para or a *Table.
type Block interface{ block() }

func (*Para) block()  {}
func (*Table) block() {}

// Document is a whole report.
type Document struct {
	Meta
	Blocks    []Block
	Signature Signature
}

// Meta is what a report says about itself: the properties every writer records (PDF Info and
// XMP, OFD DocInfo, DOCX core properties, HTML meta).
type Meta struct {
	Title    string
	Author   string // the organ
	Subject  string // 政府信息公开工作年度报告
	Keywords string
	Lang     string // zh-CN
	// Date is the documents' creation and modification date: the 成文日期 at midnight UTC (the
	// first of January after the report's year when it has none) — never the clock, so the
	// same input gives the same bytes (pipeline lets SOURCE_DATE_EPOCH replace it).
	Date   time.Time
	Custom [][2]string // name, value: what a format records besides (OFD CustomData: 年度, 机关, 格式)
}
