// Package layout turns the document tree into a laid-out Document: pages of positioned glyphs
// and rules, the outline, the document's properties and its font subsets. It is pure:
// tree.Document + theme.Theme + fonts.Set (for metrics and per-character fallback) in, Document
// out — no PDF calls, no global state, testable without a writer (Dump prints a page as text).
//
// Pipeline: model → tree → layout → pdf, ofd, svg. Every decision about the page is made here,
// once: which glyph sets each character (a half-width form for compressed punctuation), where
// each glyph goes, where each bookmark points, which glyphs each font subset keeps. The writers
// serialize the Document and decide nothing. The DOCX writer does not use its pages (Word and
// WPS lay out the text themselves), only the composition (compose.go: Measure, Compose) that
// gives both the same title lines and signature block.
//
// Files by concern: linebreak.go (UAX #14 with the Chinese tailoring), text.go (glyph runs, line
// placement and justification on the GB/T 9704 grid), table.go (grids, spans, page breaks),
// layout.go (the page flow: title, paragraphs, tables, signature, page numbers), compose.go (the
// metrics compose decides with), document.go (what the writers get: the Document, its glyphs,
// outline and subsets).
package layout
