package docx

import (
	"math"

	"nianbao/compose"
	"nianbao/theme"
)

// The one conversion and its rounding rule, in this file only. The composition (compose) and the
// theme give lengths in points; the DOCX holds twips (1/20 pt), and a few other integers (half
// points for type sizes, eighths of a point for rules, hundredths of a character for indents).
// Every one of them is the nearest integer (math.Round: halves away from zero) — with four
// exceptions, all about fitting: the line pitch is rounded down so that the grid's lines
// still fit the type area Word computes from the rounded margins (12756/22 = 579.8 → 579; rounded
// up, Word would set 21 lines a page where the PDF sets 22), the body's tracking is rounded
// down and one step more (geometry.tracking) so that 28 characters fit a line in LibreOffice too,
// and in a table cell the squeeze of a label's line is rounded away from zero (squeezeTwips) and
// a smaller type size down (cellHalfPoints), so that the line fits its cell in Word as in the PDF.
const twPt = 20 // twips per point

// twips is a length in points as the nearest twip.
func twips(pt float64) int { return round(pt * twPt) }

// round is the nearest integer.
func round(x float64) int { return int(math.Round(x)) }

// halfPoints is a type size in points as the nearest half point (w:sz).
func halfPoints(pt float64) int { return round(pt * 2) }

// squeezeTwips is how much narrower compose set a character (compose.Cell.Squeeze, points) as
// the character spacing that takes it (w:spacing, twips): negative, rounded away from zero.
func squeezeTwips(pt float64) int { return -int(math.Ceil(float64(pt*twPt) - 1e-6)) }

// cellHalfPoints is the smaller type size compose set a table cell in (compose.Cell.Size: a word
// or a number that does not fit at the table's size) as half points, rounded down.
func cellHalfPoints(pt float64) int { return int(math.Floor(float64(pt*2) + 1e-6)) }

// mmPt is points per millimetre.
const mmPt = 72 / 25.4

// geometry is the page setup in twips (GB/T 9704 §5.2 via docx.md §2.2): the composition's grid
// converted.
type geometry struct {
	pageW, pageH, top, bottom, left, right int
	bodyW, linePitch, charSpace, footer    int
	tracking                               int     // the body's w:spacing, twips
	charPitch                              float64 // twips: the rounded type area's width over the characters a line
}

func newGeometry(grid compose.Grid, th *theme.Theme) geometry {
	g := geometry{pageW: twips(grid.PageW), pageH: twips(grid.PageH)}
	g.top, g.left = twips(grid.Top), twips(grid.Left)
	g.right = twips(grid.PageW - grid.Right())
	g.bottom = twips(grid.PageH - grid.Bottom())
	// the type area Word sees is what the rounded margins leave; the pitches divide it
	g.bodyW = g.pageW - g.left - g.right
	g.linePitch = (g.pageH - g.top - g.bottom) / grid.Lines // rounded down: the lines must fit
	g.charPitch = float64(g.bodyW) / float64(grid.Chars)
	// §17.6.5: charSpace = (character pitch − Normal font size) × 4096, in points.
	g.charSpace = round((g.charPitch/twPt - th.Size.BodyPt) * 4096)
	// tracking: the body's character spacing, one step tighter than the grid pitch needs, so that 28
	// characters fit in LibreOffice as in Word (docx.md §2.2: −6 for the default grid, verified 22 × 28)
	g.tracking = int(math.Floor((g.charPitch/twPt-th.Size.BodyPt)*twPt)) - 1
	// footer distance: 25.4 mm puts the 一字线's centre 7.0 mm below the type area (measured in
	// LibreOffice, docx.md §2.2); other distances shift it by the difference.
	g.footer = twips((25.4 + 7 - th.PageNumber.BelowMM) * mmPt)
	return g
}
