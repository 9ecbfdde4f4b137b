package compose

import (
	"strings"
	"testing"

	"nianbao/theme"
	"nianbao/tree"
)

// FuzzComposeTable: any label in any column width is broken into lines that hold its text in
// order (spaces at breaks dropped), with an advance a character, at a size no larger than the
// table's, and never panics.
func FuzzComposeTable(f *testing.F) {
	f.Add("（三）不予公开", 46.2, false)
	f.Add("自然人", 29.2, false)
	f.Add("5.要求行政机关确认或重新出具已获取信息", 150.0, false)
	f.Add("123456789", 20.0, true)
	f.Add("a  b（c）“d”—…", 3.0, false)
	th := theme.New()
	g := NewGrid(th)
	m := fakeTable(th)
	f.Fuzz(func(t *testing.T, label string, width float64, number bool) {
		if len(label) > 500 || !(width >= 1 && width <= 400) || !strings.ContainsFunc(label, func(r rune) bool { return r != ' ' }) {
			return
		}
		label = strings.ToValidUTF8(label, "")
		cell := ComposeTable(oneRow(th, []float64{width}, tree.Cell{Text: label, Number: number}), th, g, m).Cells[0]
		var b strings.Builder
		for i, l := range cell.Lines {
			if l.From > l.To || i > 0 && l.From < cell.Lines[i-1].To {
				t.Fatalf("%q in %.1f: lines %+v", label, width, cell.Lines)
			}
			b.WriteString(l.Text)
		}
		if got, want := strings.ReplaceAll(b.String(), " ", ""), strings.ReplaceAll(label, " ", ""); got != want {
			t.Fatalf("%q in %.1f: lines %q", label, width, texts(cell.Lines))
		}
		// (a number in a column narrower than its least padding gets no size worth the name: the
		// theme's widths are checked long before)
		if len(cell.Adv) != len([]rune(label)) || cell.Scale > 1 || cell.Scale <= 0 && !number {
			t.Fatalf("%q: %d advances, scale %v", label, len(cell.Adv), cell.Scale)
		}
	})
}
