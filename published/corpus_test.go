package published

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/check"
)

// TestCorpus reads the real published reports in testdata/corpus and compares every printed cell
// with the hand-checked expected values: cells read correctly / cells in all, per file.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*.expected")
	if len(files) == 0 {
		t.Fatal("no corpus")
	}
	for _, exp := range files {
		base := strings.TrimSuffix(exp, ".expected")
		data, err := os.ReadFile(base + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		res, err := ReadPDF(data)
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		r := res.Report
		want, _ := os.ReadFile(exp)
		right, all := 0, 0
		for _, line := range strings.Split(string(want), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			key, vals, _ := strings.Cut(line, " = ")
			tk, rk, _ := strings.Cut(key, ".")
			ti := map[string]int{"table2": 0, "table3": 1, "table4": 2}[tk]
			tb := r.Tables[ti]
			i, rd := tb.Def.Row(rk)
			if rd == nil {
				t.Fatalf("%s: no row %s", exp, key)
			}
			for c, w := range strings.Fields(vals) {
				all++
				if got := tb.Values[i][c].Format(rd.Kinds[c]); got == w && !tb.Values[i][c].Blank {
					right++
				} else {
					t.Errorf("%s %s[%d]: read %q, printed %q", filepath.Base(base), key, c, got, w)
				}
			}
		}
		if !res.Variant {
			t.Errorf("%s: the 23-row table 三 not recognised", base)
		}
		if !strings.HasSuffix(r.Organ, "洪泽区人民政府") || r.Format.ID != "2021" || r.Kind != "县级政府" {
			t.Errorf("%s: organ %q format %s kind %q", base, r.Organ, r.Format.ID, r.Kind)
		}
		for _, k := range []string{"opening", "overview", "problems", "other"} {
			if len(r.Text[k]) == 0 {
				t.Errorf("%s: no %s narrative", base, k)
			}
		}
		fs := check.Check(r)
		t.Logf("%s: %d/%d cells read correctly; year %d; %d paragraphs in 一; check: %d findings", filepath.Base(base), right, all, r.Year, len(r.Text["overview"]), len(fs))
		for _, f := range fs {
			t.Logf("  %s", f)
		}
	}
}
