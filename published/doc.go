// Package published reads a report as it was published — a PDF, Word (.docx), HTML, OFD or
// plain-text file — back into a model.Report: the stage before the data file for an office
// starting from last year's published report, and for a reviewer auditing published reports.
//
//	published file ─► reader (pdftext, ofd, docx, html, txt) ─► positioned runs or blocks
//	               ─► this package: lines, section headings, narrative, tables located by
//	                  position and matched to the format's labels ─► model.Report + import notes
//
// Nothing is invented: a cell that cannot be read stays blank and is reported, and every value
// read is recorded with where it was found (page and position, or table and cell).
package published

import (
	"nianbao/i18n"
	"nianbao/published/pdftext"
)

// Severity of an import note.
type Severity int

const (
	Found     Severity = iota // where something was read
	Uncertain                 // read, but a reviewer should look (inferred, variant, unusual)
	Missing                   // not found: left blank
)

// Note is one line of the import report.
type Note struct {
	Severity Severity
	Where    string // page and position, or paragraph / table cell; "" when it is not located
	What     i18n.Text
	Review   bool // about the data file written (inferred keys to review), not about the report: check leaves it out
}

// Cell is where one table value was read.
type Cell struct {
	Table int    // 0, 1, 2: tables 二, 三, 四
	Key   string // the row's key
	Col   int
	Text  string // as printed
	Where string
}

// block is one piece of a document in reading order: a paragraph (or a PDF line kept apart:
// a heading), or a table's items.
type block struct {
	text  string
	where string
	size  float64 // font size (positioned documents), 0 when unknown
	right bool    // set well right of the paragraph indent (a signature, a date)
	table []item  // a table's cells
	tab   int     // which table (0, 1, 2), -1 unknown, for table blocks
	grid  bool    // the table's items come from a grid (cells), not from positions
}

// item is a piece of text with a place: a segment of a PDF/OFD line, or a grid cell (x in
// columns, y in rows).
type item struct {
	page   int
	x1, x2 float64
	y      float64 // baseline, or the cell's middle row
	size   float64
	text   string
	where  string
	value  bool // a number or a blank-like mark ("/", "—", "无"), or an empty grid cell
}

// Positioned is a document as pages of runs (PDF, OFD).
type Positioned = []pdftext.Page
