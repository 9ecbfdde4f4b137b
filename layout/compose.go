package layout

import (
	"nianbao/compose"
	"nianbao/fonts"
	"nianbao/theme"
	"nianbao/tree"
)

// Measure is compose's Measure over the faces of fs: the advances of text in a role as Layout
// sets it — at the role's size, body text (and headings) tracked onto the grid's character pitch,
// adjacent punctuation compressed. The DOCX writer's composition uses it too, so Word gets the
// lines the PDF has. A character no face has advances 0 (Layout reports it where it sets it).
func Measure(th *theme.Theme, fs *fonts.Set) compose.Measure {
	pitch := compose.NewGrid(th).CharPitch
	return func(role fonts.Role, text string) []float64 {
		size, tracking := th.Size.BodyPt, pitch-th.Size.BodyPt
		switch role {
		case fonts.Title:
			size, tracking = th.Size.TitlePt, 0
		case fonts.Table:
			size, tracking = th.Size.TablePt, 0
		case fonts.PageNo:
			size, tracking = th.Size.PageNoPt, 0
		}
		sh := shaper{fs: fs} // its own: what it finds missing is not this call's to report
		gs := sh.shape([]span{{text, role, size, 0}}, tracking, "")
		out := make([]float64, 0, len(gs))
		k := 0
		for _, r := range text {
			if k < len(gs) && gs[k].r == r {
				out = append(out, gs[k].adv)
				k++
			} else {
				out = append(out, 0) // skipped by shape: no face has it
			}
		}
		return out
	}
}

// Compose is the composition (compose.Compose) of d with fs's metrics: the title's lines, the
// signature block and the grid, as Layout sets them and the DOCX writer writes them.
func Compose(d *tree.Document, th *theme.Theme, fs *fonts.Set) (*compose.Composition, error) {
	return compose.Compose(d, th, Measure(th, fs))
}
