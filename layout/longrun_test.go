package layout

import (
	"strings"
	"testing"
	"time"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/theme"
	"nianbao/tree"
)

// TestLongRunLinear: an unbreakable run of 800,000 characters (a pasted URL or a key held down)
// is cut line by line in linear time — it took 4.8 s when the end of the run was searched again
// for every line, 0.3 s now — and no character is lost.
func TestLongRunLinear(t *testing.T) {
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	r.Text["problems"][0].Text = "http://" + strings.Repeat("a", 800000) + " 一是"
	fs, _ := fonts.Resolve(fonts.Options{NoSystem: true})
	d := tree.Build(r)
	start := time.Now()
	pages, err := Layout(d, theme.New(), fs)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("took %v", el)
	}
	n := 0
	for _, p := range pages {
		for _, it := range p.Items {
			n += strings.Count(it.Text, "a")
		}
	}
	if n < 800000 {
		t.Errorf("%d of the 800,000 characters placed", n)
	}
}
