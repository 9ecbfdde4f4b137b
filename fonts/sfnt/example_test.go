package sfnt_test

import (
	"fmt"
	"os"

	"nianbao/fonts/sfnt"
)

// Subsetting by glyph: the glyphs a job draws, named by source glyph ID (a half-width form by its
// full glyph and the half it keeps), give one subset and the new ID of each.
func ExampleFont_SubsetGlyphs() {
	data, err := os.ReadFile("../default/body.ttf")
	if err != nil {
		panic(err)
	}
	f, err := sfnt.Parse(data, 0)
	if err != nil {
		panic(err)
	}
	zheng := sfnt.Glyph{ID: f.Glyph('政')}
	open := sfnt.Glyph{ID: f.Glyph('（'), Half: f.Half('（')} // the opening bracket's half-width form
	sub, ids, err := f.SubsetGlyphs([]sfnt.Glyph{zheng, open}, nil)
	if err != nil {
		panic(err)
	}
	s, err := sfnt.Parse(sub, 0)
	if err != nil {
		panic(err)
	}
	// .notdef, 政, the bracket's component (this face's （ is a composite of "parenleft"), the
	// full bracket, and its half-width form last
	fmt.Println(s.NumGlyphs(), "glyphs:", ids[zheng], ids[open])
	fmt.Println("advances:", s.GlyphAdvance(ids[zheng]), s.GlyphAdvance(ids[open]))
	// Output:
	// 5 glyphs: 1 4
	// advances: 1 0.5
}
