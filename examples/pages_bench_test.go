package examples

import (
	"io"
	"testing"

	"nianbao/layout"
	"nianbao/ofd"
	"nianbao/pdf"
	"nianbao/svg"
	"nianbao/tree"
)

// BenchmarkSeedPages: the seed laid out once (its font subsets made once), then written as PDF
// and OFD — what `nianbao build --formats pdf,ofd` does after decoding and checking.
func BenchmarkSeedPages(b *testing.B) { benchPages(b, false) }

// BenchmarkSeedPagesSVG: the same, with the SVG too.
func BenchmarkSeedPagesSVG(b *testing.B) { benchPages(b, true) }

func benchPages(b *testing.B, withSVG bool) {
	r := seed(b)
	for b.Loop() {
		laid, err := layout.Layout(tree.Build(r), opts.Theme, opts.Fonts)
		if err != nil {
			b.Fatal(err)
		}
		if err := pdf.Write(io.Discard, laid); err != nil {
			b.Fatal(err)
		}
		if err := ofd.Write(io.Discard, laid, nil); err != nil {
			b.Fatal(err)
		}
		if withSVG {
			if err := svg.Write(io.Discard, laid); err != nil {
				b.Fatal(err)
			}
		}
	}
}
