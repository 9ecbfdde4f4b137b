package published

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/check"
)

// corpus lists the real published reports in testdata/corpus (see SOURCE.md) and what each must
// read as besides its cells.
var corpus = []struct {
	file, organ, format, kind string
	variant                   bool
}{
	{"hongze-2023.pdf", "洪泽区人民政府", "2021", "县级政府", true},
	{"hongze-2024.pdf", "淮安市洪泽区人民政府", "2021", "县级政府", true},
	{"shanghai-office-2019.html", "上海市人民政府办公厅", "2019", "省级政府办公厅", false},
}

// TestCorpus reads the real published reports and compares every cell with the hand-checked
// expected values ("_" a blank cell, "?" a printed cell that cannot be read: it must stay blank
// and be reported): cells read correctly / cells in all, per file, and the findings of check.
func TestCorpus(t *testing.T) {
	for _, c := range corpus {
		path := filepath.Join("testdata", "corpus", c.file)
		res, err := Read(path)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		r := res.Report
		want, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".expected")
		if err != nil {
			t.Fatal(err)
		}
		right, all := 0, 0
		for _, line := range strings.Split(string(want), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			key, vals, _ := strings.Cut(line, " = ")
			tk, rk, _ := strings.Cut(key, ".")
			tb := r.Tables[map[string]int{"table2": 0, "table3": 1, "table4": 2}[tk]]
			i, rd := tb.Def.Row(rk)
			if rd == nil {
				t.Fatalf("%s: no row %s", c.file, key)
			}
			for col, w := range strings.Fields(vals) {
				all++
				v := tb.Values[i][col]
				switch w {
				case "_":
					if v.Blank {
						right++
						continue
					}
				case "?":
					if v.Blank && noted(res, rd.Label) {
						continue // left blank and reported, as it must be; not counted as read
					}
				default:
					if v.Format(rd.Kinds[col]) == w && !v.Blank {
						right++
						continue
					}
				}
				t.Errorf("%s %s[%d]: read %+v, printed %q", c.file, key, col, v, w)
			}
		}
		if res.Variant != c.variant {
			t.Errorf("%s: variant %v, want %v", c.file, res.Variant, c.variant)
		}
		if r.Organ != c.organ || r.Format.ID != c.format || r.Kind != c.kind {
			t.Errorf("%s: organ %q format %s kind %q", c.file, r.Organ, r.Format.ID, r.Kind)
		}
		for _, k := range []string{"opening", "overview", "problems", "other"} {
			if len(r.Text[k]) == 0 {
				t.Errorf("%s: no %s narrative", c.file, k)
			}
		}
		fs := check.Check(r)
		t.Logf("%s: %d/%d cells read correctly; year %d; %d paragraphs in 一; check: %d findings", c.file, right, all, r.Year, len(r.Text["overview"]), len(fs))
		for _, f := range fs {
			t.Logf("  %s", f)
		}
	}
}

// noted reports whether the import report names a row's label.
func noted(res *Result, label string) bool {
	for _, n := range res.Notes {
		if n.Severity == Missing && strings.Contains(n.What.Zh, label) {
			return true
		}
	}
	return false
}

// TestCorpusAcrossYears: the two 洪泽区 reports agree across years: this year's 上年结转 is
// last year's 结转下年度继续办理 (R8), and table 二's 现行有效件数 carries over (5 + 3 − 0 = 8).
func TestCorpusAcrossYears(t *testing.T) {
	prev, err := Read("testdata/corpus/hongze-2023.pdf")
	if err != nil {
		t.Fatal(err)
	}
	this, err := Read("testdata/corpus/hongze-2024.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if fs := check.CheckPrev(this.Report, prev.Report, check.Error); len(fs) != 0 {
		t.Errorf("findings across years: %v", fs)
	}
	i, _ := this.Report.Tables[0].Def.Row("normative_documents")
	v, pv := this.Report.Tables[0].Values[i], prev.Report.Tables[0].Values[i]
	if pv[2].N+v[0].N-v[1].N != v[2].N {
		t.Errorf("现行有效件数 across years: %d + %d − %d ≠ %d", pv[2].N, v[0].N, v[1].N, v[2].N)
	}
	// R16 names a 现行有效件数 that does not carry over, with both reports' numbers
	v[2].N++
	prev.Report.File = "hongze-2023.pdf"
	fs := check.CheckPrev(this.Report, prev.Report, check.Error)
	if len(fs) != 1 || fs[0].Rule != "R16" || !strings.Contains(fs[0].Msg.Zh, "hongze-2023.pdf") ||
		!strings.Contains(fs[0].Msg.Zh, fmt.Sprintf("「现行有效件数」%d ＋ 本年度（2024年）「本年制发件数」%d － 「本年废止件数」%d ＝ %d，本年度「现行有效件数」为 %d", pv[2].N, v[0].N, v[1].N, v[2].N-1, v[2].N)) {
		t.Errorf("a changed 现行有效件数 across years: %v", fs)
	}
}
