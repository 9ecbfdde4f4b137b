package examples

import (
	"io"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/docx"
	"nianbao/fonts"
	"nianbao/layout"
	"nianbao/model"
	"nianbao/ofd"
	"nianbao/pdf"
	"nianbao/tree"
)

func seed(b testing.TB) *model.Report {
	r, err := datafile.Load("yipingyuan-2022/report.toml")
	if err != nil {
		b.Fatal(err)
	}
	check.Check(r)
	return r
}

// fromSeed measures the seed report from checked data to a writer's bytes (document tree,
// layout, writer), fonts already loaded.
func fromSeed(b *testing.B, write func(laid *layout.Document) error) {
	r := seed(b)
	for b.Loop() {
		d := tree.Build(r)
		laid, err := layout.Layout(d, opts.Theme, opts.Fonts)
		if err != nil {
			b.Fatal(err)
		}
		if err := write(laid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeedPDF: the seed report to PDF bytes (target 6 ms, 3 MB).
func BenchmarkSeedPDF(b *testing.B) {
	fromSeed(b, func(laid *layout.Document) error {
		return pdf.Write(io.Discard, laid)
	})
}

// BenchmarkSeedOFD: the seed report to OFD bytes (target 5 ms).
func BenchmarkSeedOFD(b *testing.B) {
	fromSeed(b, func(laid *layout.Document) error {
		return ofd.Write(io.Discard, laid, nil)
	})
}

// BenchmarkSeedOFDWrite: the OFD writer alone over the seed's laid-out pages — what an OFD adds
// when the PDF is built too (pipeline.Write lays out once for both).
func BenchmarkSeedOFDWrite(b *testing.B) {
	d := tree.Build(seed(b))
	laid, err := layout.Layout(d, opts.Theme, opts.Fonts)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := ofd.Write(io.Discard, laid, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeedLayout: layout alone.
func BenchmarkSeedLayout(b *testing.B) {
	d := tree.Build(seed(b))
	for b.Loop() {
		if _, err := layout.Layout(d, opts.Theme, opts.Fonts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeedDOCX: the seed report from checked data to DOCX bytes.
func BenchmarkSeedDOCX(b *testing.B) {
	r := seed(b)
	for b.Loop() {
		d := tree.Build(r)
		c, err := layout.Compose(d, opts.Theme, opts.Fonts)
		if err != nil {
			b.Fatal(err)
		}
		if err := docx.Write(io.Discard, d, c, opts.Theme, docx.Meta{Meta: d.Meta}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck: decoding and checking the seed data file.
func BenchmarkCheck(b *testing.B) {
	for b.Loop() {
		r, err := datafile.Load("yipingyuan-2022/report.toml")
		if err != nil {
			b.Fatal(err)
		}
		check.Check(r)
	}
}

// BenchmarkFontsParse: parsing the four embedded default fonts (what a fresh process does once).
func BenchmarkFontsParse(b *testing.B) {
	var data [][]byte
	for r := fonts.Role(0); r < fonts.NumRoles; r++ {
		data = append(data, fonts.Default(r).Data)
	}
	for b.Loop() {
		for _, d := range data[:4] {
			if _, err := fonts.Parse(d, 0, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	}
}
