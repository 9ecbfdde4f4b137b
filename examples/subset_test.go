package examples

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"

	"nianbao/layout"
	"nianbao/ofd"
	"nianbao/pdf"
	"nianbao/svg"
	"nianbao/tree"
)

// TestOneSubset: the PDF, the OFD and the SVG of a report embed the very same font subsets, the
// ones layout made once for the document — the PDF a TrueType subset as its FontFile2 (a CFF one
// as the subset's 'CFF ' table), the OFD as its font files, the SVG as its web fonts — and no
// other font.
func TestOneSubset(t *testing.T) {
	laid, err := layout.Layout(tree.Build(seed(t)), opts.Theme, opts.Fonts)
	if err != nil {
		t.Fatal(err)
	}
	var p, o, s bytes.Buffer
	if err := pdf.Write(&p, laid); err != nil {
		t.Fatal(err)
	}
	if err := ofd.Write(&o, laid, nil); err != nil {
		t.Fatal(err)
	}
	if err := svg.Write(&s, laid); err != nil {
		t.Fatal(err)
	}
	// the PDF's streams, inflated
	pdfStreams := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?s)/FlateDecode[^>]*>>\nstream\n(.*?)\nendstream`).FindAllSubmatch(p.Bytes(), -1) {
		if z, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			if b, err := io.ReadAll(z); err == nil {
				pdfStreams[string(b)] = true
			}
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(o.Bytes()), int64(o.Len()))
	if err != nil {
		t.Fatal(err)
	}
	ofdFonts := map[string]bool{}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "Doc_0/Res/font_") {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			ofdFonts[string(b)] = true
		}
	}
	svgFonts := regexp.MustCompile(`base64,([A-Za-z0-9+/=]+)`).FindAllStringSubmatch(s.String(), -1)
	if len(laid.Fonts) < 3 || len(ofdFonts) != len(laid.Fonts) || len(svgFonts) != len(laid.Fonts) {
		t.Fatalf("%d fonts in the document, %d in the OFD, %d in the SVG", len(laid.Fonts), len(ofdFonts), len(svgFonts))
	}
	for i, f := range laid.Fonts {
		file := f.Subset.Data
		if f.Face.CFF {
			file = f.Subset.Table("CFF ")
		}
		if !pdfStreams[string(file)] {
			t.Errorf("%s: the PDF does not embed the document's subset", f.Face.Family)
		}
		if !ofdFonts[string(f.Subset.Data)] {
			t.Errorf("%s: the OFD does not embed the document's subset", f.Face.Family)
		}
		if svgFonts[i][1] != base64.StdEncoding.EncodeToString(f.Subset.Data) {
			t.Errorf("%s: the SVG does not embed the document's subset", f.Face.Family)
		}
	}
}
