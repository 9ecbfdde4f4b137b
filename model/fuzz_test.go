package model

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder and the checks: they may refuse the input, but
// never panic, and an accepted report always checks and prints.
func FuzzDecode(f *testing.F) {
	for _, p := range []string{"testdata/base.toml", "../examples/shichangjianguan-2023/report.toml", "../examples/inconsistent/report.toml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(Template(FormatByID("2019"))))
	f.Add([]byte("[table3]\nnew = [1, \"/\", -1, 2.5]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode("f.toml", data, func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join("testdata", filepath.Base(p)))
		})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, fd := range Check(r) {
			if fd.String() == "" {
				t.Fatal("empty finding")
			}
		}
	})
}

// FuzzParseText: paragraphs never lose or invent characters other than blanks and the escape.
func FuzzParseText(f *testing.F) {
	f.Add("（一）标题。正文\n续行\n\n1.三级\n\\（二）不是标题")
	f.Add("Hello\nworld")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParseText(s, 1)
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.Lead == "" && p.Text == "" {
				t.Fatalf("empty paragraph from %q", s)
			}
		}
	})
}
