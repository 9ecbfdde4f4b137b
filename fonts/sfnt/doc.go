// Package sfnt reads and subsets font files — bytes in, bytes out: OpenType/TrueType faces with
// glyf or CFF outlines (ISO/IEC 14496-22; CFF and Type 2 charstrings, Adobe TN #5176, #5177) and
// collections (.ttc, .otc). It has no package state, reads no files and says nothing to users: its
// errors are plain Go errors, typed where a caller needs to tell them apart (ErrCFF2,
// *CharstringError), and the fonts package words them for users.
//
// Pipeline: fonts finds and loads font files and hands each face's bytes to Parse; layout asks the
// resulting Font for advances and half-width forms (through fonts.Face); the PDF, OFD and SVG
// writers embed its subsets.
//
// A Font gives:
//
//   - glyphs and metrics: Glyph, Has, Advance, GlyphAdvance, UnitsPerEm, Metrics (PostScript name,
//     box, ascent, descent, cap height), Bounds (a glyph's outline box, glyf or CFF);
//
//   - half-width punctuation (half.go): Half says which half of a one-em punctuation glyph holds
//     its ink; the subsetter synthesizes the half-width form, half an em wide;
//
//   - subsetting, in two ways:
//
//     Subset(runes) keeps the glyphs of characters. A rune made by HalfRune(r, h) asks for r's
//     half-width form; the subset's cmap maps every rune kept (HalfRune ones included).
//
//     SubsetGlyphs(keep, chars) keeps glyphs named by source glyph ID: a Glyph is {ID, Half},
//     Half = NoHalf for the glyph itself or HalfLeft/HalfRight for its synthesized half-width
//     form. It returns the subset's bytes and, for every Glyph of keep, its ID in the subset
//     (map[Glyph]GlyphID): .notdef stays 0, source glyphs keep their relative order, half forms
//     follow them in the order keep names them. chars (nil for none) is the subset's cmap, each character mapped to
//     a Glyph of keep, for readers that find glyphs through the font's cmap (web fonts, OFD).
//     The two ways give the same bytes for the same glyphs and characters.
//
//     A TrueType face gives a TrueType subset (long loca, post format 3; a half form is a
//     composite of its full glyph, moved); a CFF face gives an OpenType font whose 'CFF ' table is
//     CID-keyed, CID = glyph ID, with only the subroutines the kept glyphs call, renumbered (a
//     half form is its glyph's charstring with the subroutines inlined, moved). Either embeds in
//     a PDF as a CIDFont with Identity-H (PDF 32000-1 §9.7.4).
//
// Every table is read with its offsets and counts checked, and every charstring of a CFF face is
// walked once by Parse within a bounded number of operators: a font file is untrusted input
// (FuzzParse, FuzzSplit, FuzzCFF). A Font is safe for concurrent use.
package sfnt
