package layout

import (
	"strings"
	"testing"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/internal/testenv"
	"nianbao/theme"
	"nianbao/tree"
)

// TestLongRunLinear: an unbreakable run of 400,000 characters (a pasted URL or a key held down)
// is cut line by line in linear time — 800,000 took 4.8 s when the end of the run was searched
// again for every line, 0.3 s now — and no character is lost. Linear is asserted as a growth
// ratio of CPU time (testenv.Growth), not as a time: eight times the run may take at most 16
// times the work; that search made it about 27 times from 25,000 to 200,000 characters.
func TestLongRunLinear(t *testing.T) {
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := fonts.Resolve(fonts.Options{NoSystem: true})
	lay := func(n int) []Page {
		r.Text["problems"][0].Text = "http://" + strings.Repeat("a", n) + " 一是"
		laid, err := Layout(tree.Build(r), theme.New(), fs)
		if err != nil {
			t.Fatal(err)
		}
		pages := laid.Pages
		return pages
	}
	n := 0
	for _, p := range lay(400000) {
		for _, it := range p.Items {
			n += strings.Count(it.Text, "a")
		}
	}
	if n < 400000 {
		t.Errorf("%d of the 400,000 characters placed", n)
	}
	if testing.Short() {
		return
	}
	g := testenv.Growth(func(n int) { lay(n) }, 25000, 200000)
	t.Logf("8× the run: %.1f× the time", g)
	if g > 16 {
		t.Errorf("8× the run took %.1f× as long", g)
	}
}
