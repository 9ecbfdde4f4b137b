// Package docx writes the document tree as an editable Word document (OOXML, ECMA-376), with our
// own small writer (archive/zip + text templates): no DOCX library served here has odd/even
// footers, East Asian font slots and repeating header rows together, and unioffice needs a paid
// licence.
//
// Pipeline: tree.Document + theme → docx.Write. It never sees page positions: Word, WPS and
// LibreOffice lay the text out themselves, on the same GB/T 9704 grid the PDF uses
// (../shared/reference/docx.md has the validated recipe this follows).
package docx
