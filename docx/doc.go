// Package docx writes the document tree as an editable Word document (OOXML, ECMA-376), with our
// own small writer (archive/zip + text templates): no DOCX library served here has odd/even
// footers, East Asian font slots and repeating header rows together, and unioffice needs a paid
// licence.
//
// Pipeline: tree.Document + compose.Composition + theme → docx.Write. It never sees page
// positions: Word, WPS and LibreOffice lay the text out themselves, on the same GB/T 9704 grid the
// PDF uses (../shared/reference/docx.md has the validated recipe this follows). What they cannot
// decide as the PDF does — where the title breaks, where the signature block's lines stand, the
// tables' columns and where each label breaks — the composition gives, measured with the job's
// fonts; this writer only converts it to twips (geometry.go).
package docx
