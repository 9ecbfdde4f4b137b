package compose

import (
	"math"
	"strings"
	"testing"

	"nianbao/fonts"
	"nianbao/theme"
	"nianbao/tree"
)

// fakeTable measures the Table role as a CJK face does: a full-width character one em of the
// table's size, anything else half an em.
func fakeTable(th *theme.Theme) Measure {
	return func(role fonts.Role, text string) []float64 {
		var out []float64
		for _, r := range text {
			if r >= 0x2E80 {
				out = append(out, th.Size.TablePt)
			} else {
				out = append(out, th.Size.TablePt/2)
			}
		}
		return out
	}
}

// oneRow is table 二's grid with one row of cells, the widths given in points.
func oneRow(th *theme.Theme, widths []float64, cells ...tree.Cell) *tree.Table {
	th.Table.Widths2 = nil
	for _, w := range widths {
		th.Table.Widths2 = append(th.Table.Widths2, w*25.4/72)
	}
	for i := range cells {
		cells[i].C, cells[i].Span, cells[i].RowSpan = i, 1, 1
	}
	return &tree.Table{ID: "二", Rows: 1, Cols: len(widths), Cells: cells}
}

func TestTableLabels(t *testing.T) {
	th := theme.New() // table type 10.5 pt, padding 2.5 pt
	g := NewGrid(th)
	for _, c := range []struct {
		label string
		width float64 // the cell's, points
		want  string
		scale float64 // 1, or the size the label is set at over the table's
		pad   float64 // the padding kept
		tight bool    // gaps squeezed
	}{
		// 不予公开 takes 42 pt where 41.2 are left: its three gaps give 0.27 pt each (clreq §3.1.7)
		// rather than break the word or push a lone 开 to a line of its own
		{"（三）不予公开", 46.2, "（三）|不予公开", 1, 2.5, true},
		// 31.5 pt in 29 pt: set in half the padding, at full size
		{"自然人", 34, "自然人", 1, 1.25, false},
		// 31.5 pt in 24.2 pt: even in half the padding only at 80 %
		{"自然人", 29.2, "自然人", 0.8, 1.25, false},
		// four lines would end with a lone 人; the greedy fill breaks between the words
		{"社会公益组织", 26, "社会|公益|组织", 1, 2.5, false},
		{"本年新收政府信息公开申请数量", 300, "本年新收政府信息公开申请数量", 1, 2.5, false},
	} {
		ct := ComposeTable(oneRow(th, []float64{c.width}, tree.Cell{Text: c.label}), th, g, fakeTable(th))
		cell := ct.Cells[0]
		if got := texts(cell.Lines); got != c.want || math.Abs(cell.Scale-c.scale) > 1e-9 || cell.Pad != c.pad || (cell.Squeeze != nil) != c.tight {
			t.Errorf("%s in %.1f pt: %q scale %.3f pad %.2f squeezed %v; want %q %.3f %.2f %v",
				c.label, c.width, got, cell.Scale, cell.Pad, cell.Squeeze != nil, c.want, c.scale, c.pad, c.tight)
		}
		if !near(cell.Size, float64(th.Size.TablePt*cell.Scale)) {
			t.Errorf("%s: size %.3f at scale %.3f", c.label, cell.Size, cell.Scale)
		}
		room := c.width - 2*cell.Pad
		for _, l := range cell.Lines {
			if l.W > room+0.01 {
				t.Errorf("%s: line %q is %.2f pt in %.2f", c.label, l.Text, l.W, room)
			}
		}
	}
}

// TestTableNumbers: a number is never wrapped; a column too narrow for its numbers is widened
// from a number column with room, the table's width kept.
func TestTableNumbers(t *testing.T) {
	th := theme.New()
	g := NewGrid(th)
	ws := []float64{200, 40, 80}
	tb := oneRow(th, ws, tree.Cell{Text: "其他"}, tree.Cell{Text: "123456789", Number: true}, tree.Cell{Text: "1", Number: true})
	ct := ComposeTable(tb, th, g, fakeTable(th))
	need := 9*th.Size.TablePt/2 + 2*th.Table.PaddingPt
	if !near(ct.Widths[1], need) || !near(ct.Widths[0], 200) || !near(ct.Widths[0]+ct.Widths[1]+ct.Widths[2], 320) {
		t.Errorf("widths %v: want the number column %.2f, the label column 200, 320 in all", ct.Widths, need)
	}
	if n := ct.Cells[1]; texts(n.Lines) != "123456789" || n.Scale != 1 {
		t.Errorf("number: %q at %.2f", texts(n.Lines), n.Scale)
	}
	if !near(ct.Xs[0], g.Left+(g.BodyW-320)/2) || !near(ct.Xs[3]-ct.Xs[0], 320) {
		t.Errorf("edges %v: not centred in the type area", ct.Xs)
	}
	// no room anywhere: every number of the table set at one smaller size
	tb = oneRow(th, []float64{20, 20}, tree.Cell{Text: "123456789", Number: true}, tree.Cell{Text: "1", Number: true})
	ct = ComposeTable(tb, th, g, fakeTable(th))
	if a, b := ct.Cells[0], ct.Cells[1]; a.Scale >= 1 || a.Scale != b.Scale || len(a.Lines) != 1 {
		t.Errorf("numbers too wide: scales %.3f %.3f, %d lines", a.Scale, b.Scale, len(a.Lines))
	}
}

// TestTableLinesCover: labels of the official tables (and a Latin one), in columns from narrow
// to wide, are broken into lines that hold the text in order (a space at a break dropped), none
// empty, with an advance for every character.
func TestTableLinesCover(t *testing.T) {
	th := theme.New()
	g := NewGrid(th)
	labels := []string{"（三）不予公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "社会公益组织",
		"法律服务机构", "5.要求行政机关确认或重新出具已获取信息", "3.危及“三安全一稳定”", "结果维持", "自然人",
		"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "Word and WPS 2024"}
	for _, w := range []float64{20, 29.2, 34, 46.2, 60, 100, 150} {
		for _, label := range labels {
			cell := ComposeTable(oneRow(th, []float64{w}, tree.Cell{Text: label}), th, g, fakeTable(th)).Cells[0]
			if got := strings.ReplaceAll(strings.Join(strings.Fields(texts(cell.Lines)), ""), "|", ""); got != strings.ReplaceAll(label, " ", "") {
				t.Errorf("%s in %.1f pt: lines %q", label, w, texts(cell.Lines))
			}
			if len(cell.Adv) != len([]rune(label)) || (cell.Squeeze != nil && len(cell.Squeeze) != len(cell.Adv)) {
				t.Errorf("%s: %d advances, %d squeezes", label, len(cell.Adv), len(cell.Squeeze))
			}
			for i, l := range cell.Lines {
				if i > 0 && len([]rune(strings.TrimSpace(l.Text))) == 0 {
					t.Errorf("%s in %.1f pt: an empty line", label, w)
				}
			}
		}
	}
}
