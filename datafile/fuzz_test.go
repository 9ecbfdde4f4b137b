package datafile

import (
	"encoding/json"
	"nianbao/check"
	"nianbao/model"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the decoder and the checks: they may refuse the input, but
// never panic, and an accepted report always checks and prints.
func FuzzDecode(f *testing.F) {
	for _, p := range []string{"../check/testdata/base.toml", "../examples/shichangjianguan-2023/report.toml", "../examples/inconsistent/report.toml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(Template(model.FormatByID("2019"), 2020)))
	f.Add([]byte("[table3]\nnew = [1, \"/\", -1, 2.5]\n"))
	// nesting the guard must stop before the decoder recurses
	f.Add([]byte("x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"))
	f.Add([]byte("x = {a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a={a=1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n"))
	f.Add([]byte("[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h]\ns = \"\"\"[[[\"\"\"\n"))
	f.Add([]byte("date = 10:00:00\nyear = 2023\norgan = \"\u00a0x\u200b\"\n"))
	f.Add([]byte("[table3]\nnew = [\"\", \"无\", \"１２\", 1]\n[text]\noverview = \"(一)标题,正文:全年共收到申请十二件,予以公开3件,占25%\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode("f.toml", data, func(p string) ([]byte, error) {
			return os.ReadFile(filepath.Join("testdata", filepath.Base(p)))
		})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			if _, ok := check.FindingsOf(err); ok != (r != nil) && r != nil {
				t.Fatal("a partial report without findings")
			}
			if r == nil {
				return
			}
		}
		// a report read only in part is still checked (one pass, one list)
		for _, fd := range check.Check(r) {
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
		ps, _, err := model.ParseText(s, nil)
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

// FuzzSidecar: the sidecar reader refuses what it cannot use with a message and never panics;
// what it accepts has every row, and every value in range.
func FuzzSidecar(f *testing.F) {
	if b, err := os.ReadFile("../check/testdata/base.toml"); err == nil {
		if r, err := Decode("base.toml", b, nil); err == nil {
			js, _ := json.Marshal(NewSidecar(r, check.Check(r)))
			f.Add(js)
		}
	}
	f.Add([]byte(`{"format":"2021","year":2023,"organ":"x","tables":[{"table":"table3","key":"new","values":[1e300,-5,1.9,null,"/","12"]}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeSidecar("f.json", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for ti, tb := range r.Tables {
			if len(tb.Values) != len(r.Format.Tables[ti].Data) {
				t.Fatal("rows missing")
			}
			for _, row := range tb.Values {
				for _, v := range row {
					if v.N < 0 || v.N > model.MaxMoney {
						t.Fatalf("value %d accepted", v.N)
					}
				}
			}
		}
	})
}
