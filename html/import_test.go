package html_test

import (
	"testing"

	"nianbao/model"
	"nianbao/published"
)

// TestImport: the import's own HTML reader (nianbao import FILE.html) reads the page and the
// fragment back into the same report — every value of tables 二, 三 and 四, and every paragraph
// of the narrative with its heading level.
func TestImport(t *testing.T) {
	for _, e := range examples(t) {
		for _, kind := range []struct{ name, src string }{{"page", e.page}, {"fragment", e.frag}} {
			res, err := published.ReadHTML([]byte(kind.src))
			if err != nil {
				t.Fatalf("%s %s: %v", e.name, kind.name, err)
			}
			got := res.Report
			if got.Format != e.r.Format || got.Year != e.r.Year || got.Organ != e.r.Organ {
				t.Errorf("%s %s: read %s %d %q", e.name, kind.name, got.Format.ID, got.Year, got.Organ)
				continue
			}
			cells := 0
			for ti := range e.r.Tables {
				def := e.r.Tables[ti].Def
				for i, row := range e.r.Tables[ti].Values {
					for c, v := range row {
						rd := &def.Data[i]
						w, g := v.Print(rd.Kinds[c]), got.Tables[ti].Values[i][c].Print(rd.Kinds[c])
						if w != g {
							t.Errorf("%s %s: %s is %s, read %s", e.name, kind.name, model.TableLabel(def, rd, c), w, g)
						}
						cells++
					}
				}
			}
			for _, tk := range model.TextKeys() {
				a, b := e.r.Text[tk.Key], got.Text[tk.Key]
				if len(a) != len(b) {
					t.Errorf("%s %s: %s has %d paragraphs, read %d", e.name, kind.name, tk.Key, len(a), len(b))
					continue
				}
				for i := range a {
					if a[i].Level != b[i].Level || a[i].Lead != b[i].Lead || a[i].Text != b[i].Text {
						t.Errorf("%s %s: %s ¶%d is %q %q, read %q %q", e.name, kind.name, tk.Key, i+1, a[i].Lead, a[i].Text, b[i].Lead, b[i].Text)
					}
				}
			}
			t.Logf("%s %s: %d cells compared", e.name, kind.name, cells)
		}
	}
}
