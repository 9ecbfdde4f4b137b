// Package imgdiff compares two renderings of the same page for the tests that hold one writer's
// output against another's (SVG or OFD against PDF): it sits beside the pipeline, not in it.
package imgdiff

import (
	"bytes"
	"image"
	"image/png"
	"math"
)

// Blocks compares two PNG pages in 4×4-pixel blocks of grey: frac is the share of blocks whose
// mean grey differs by more than 0.15 (a glyph or rule present in one and not the other, or moved
// by about a stroke), rmse the root mean square of all block differences. Blocks absorb the
// sub-pixel differences of two rasterisers' anti-aliasing, which are not the writers' doing.
func Blocks(a, b []byte) (frac, rmse float64, err error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, 0, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, 0, err
	}
	w := min(ia.Bounds().Dx(), ib.Bounds().Dx()) / 4
	h := min(ia.Bounds().Dy(), ib.Bounds().Dy()) / 4
	grey := func(img image.Image, x, y int) float64 {
		s := 0.0
		for dy := 0; dy < 4; dy++ {
			for dx := 0; dx < 4; dx++ {
				r, g, b, _ := img.At(img.Bounds().Min.X+4*x+dx, img.Bounds().Min.Y+4*y+dy).RGBA()
				s += (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 65535
			}
		}
		return s / 16
	}
	bad, sum := 0, 0.0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d := grey(ia, x, y) - grey(ib, x, y)
			sum += d * d
			if math.Abs(d) > 0.15 {
				bad++
			}
		}
	}
	n := float64(w * h)
	return float64(bad) / n, math.Sqrt(sum / n), nil
}
