package published

import (
	"testing"
)

// BenchmarkSeedPDF: importing the seed's PDF (pdftext, then the core) — the target is 20 ms.
func BenchmarkSeedPDF(b *testing.B) {
	data := buildPDF(b, load(b, "../examples/yipingyuan-2022/report.toml"))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		res, err := ReadPDF(data)
		if err != nil || len(res.Cells) != 200 {
			b.Fatal(err)
		}
	}
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(htmlOf(load(f, "../examples/qingshi-2020/report.toml"))))
	f.Add([]byte(`<table><tr><td rowspan="99999" colspan="99999">申请人情况</td><td>1</td></tr><tr><td>一、本年新收<span><span>−5</span></span></td></tr></table>`))
	f.Add([]byte(`<div><div><div><p>一、总体情况</p><img src="http://x"><table><table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadHTML(data)
	})
}
