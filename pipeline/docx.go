package pipeline

import (
	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/tree"
)

// docxComposition is the DOCX's composition when no pages are laid out (a DOCX alone; otherwise
// the layout's own, layout.Document.Composition): the title's lines, the signature block, the grid and
// the tables' columns and label lines, decided with the job's fonts as for the PDF
// (layout.Compose), so Word breaks the title and the labels and places the signature where the
// PDF does. A caller that gave no fonts (a DOCX alone, as a site
// builds it) gets the embedded stand-ins' metrics.
func docxComposition(d *tree.Document, opt Options) (*compose.Composition, error) {
	set := opt.Fonts
	if set == nil {
		var err error
		if set, err = fonts.Resolve(fonts.Options{NoSystem: true}); err != nil {
			return nil, err
		}
	}
	return layout.Compose(d, opt.Theme, set)
}

// docxFonts names the East Asian face of each role in the DOCX: the family of the font file given
// for the role (--font, the theme), else the role's official name (docx.Write fills it in: the
// office PC that edits the DOCX has the official fonts).
func docxFonts(set *fonts.Set) [fonts.NumRoles]string {
	var out [fonts.NumRoles]string
	if set == nil {
		return out
	}
	for r := range fonts.NumRoles {
		if f := set.Chosen(r); f != nil {
			out[r] = f.Family
		}
	}
	return out
}
