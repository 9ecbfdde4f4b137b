package docx

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/layout"
	"nianbao/theme"
	"nianbao/tree"
)

// stressTheme sets tables larger in narrower label columns, so that labels are squeezed, set
// smaller and cut (compose.ComposeTable's every rule).
func stressTheme(t *testing.T) *theme.Theme {
	th := theme.New()
	th.Size.TablePt = 13
	th.Table.PaddingPt = 3.5
	th.Table.Widths2 = []float64{30, 40, 43, 43}
	th.Table.Widths3 = []float64{10, 12, 40, 12, 12, 12, 12, 12, 12, 12}
	return th
}

// pdfCells is the text of each table cell as the PDF's pages set it, line by line: keyed by
// table (from 1), row and column; a cell's first drawing (its structure element), not a header
// redrawn or a label repeated with （续）.
func pdfCells(pages []layout.Page) map[[3]int][]string {
	type key = [3]int
	out := map[key][]string{}
	lastY := map[key]float64{}
	for _, p := range pages {
		for _, it := range p.Items {
			s := it.Struct
			if it.Kind != layout.TextItem || s.Elem == 0 || s.Table == 0 {
				continue
			}
			k := key{int(s.Table), int(s.Row), int(s.Col)}
			if y, ok := lastY[k]; !ok || y != it.Y {
				out[k] = append(out[k], "")
				lastY[k] = it.Y
			}
			out[k][len(out[k])-1] += it.Text
		}
	}
	return out
}

// docxCells is the text of each table cell of document.xml, split at its explicit line breaks,
// keyed as pdfCells keys it; and each table's grid columns.
func docxCells(t *testing.T, x string) (map[[3]int][]string, [][]int) {
	out := map[[3]int][]string{}
	var grids [][]int
	text := regexp.MustCompile(`<w:t xml:space="preserve">(.*?)</w:t>|<w:br/>`)
	for ti, tbl := range regexp.MustCompile(`<w:tbl>(.*?)</w:tbl>`).FindAllStringSubmatch(x, -1) {
		var grid []int
		for _, m := range regexp.MustCompile(`<w:gridCol w:w="(\d+)"/>`).FindAllStringSubmatch(tbl[1], -1) {
			n, _ := strconv.Atoi(m[1])
			grid = append(grid, n)
		}
		grids = append(grids, grid)
		for r, tr := range regexp.MustCompile(`<w:tr>(.*?)</w:tr>`).FindAllStringSubmatch(tbl[1], -1) {
			col := 0
			for _, tc := range regexp.MustCompile(`<w:tc>(.*?)</w:tc>`).FindAllStringSubmatch(tr[1], -1) {
				span := 1
				if m := regexp.MustCompile(`<w:gridSpan w:val="(\d+)"/>`).FindStringSubmatch(tc[1]); m != nil {
					span, _ = strconv.Atoi(m[1])
				}
				if !strings.Contains(tc[1], `<w:vMerge/>`) { // not the continuation of a merged cell
					var lines []string
					for _, m := range text.FindAllStringSubmatch(tc[1], -1) {
						if m[0] == "<w:br/>" || lines == nil {
							lines = append(lines, "")
						}
						lines[len(lines)-1] += m[1]
					}
					if lines != nil {
						out[[3]int{ti + 1, r, col}] = lines
					}
				}
				col += span
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no table cells in document.xml")
	}
	return out, grids
}

// TestSameTableLinesAsLayout: for every example, with the default theme and with tables set
// larger in narrow columns, every table cell of the DOCX holds the lines the PDF's pages set it
// in — explicit breaks where the PDF breaks, none where it does not — and the DOCX's grid columns
// are the composition's column widths (which layout draws) in twips.
func TestSameTableLinesAsLayout(t *testing.T) {
	paths, _ := filepath.Glob("../examples/*/report.toml")
	if len(paths) < 4 {
		t.Fatalf("examples: %v", paths)
	}
	for _, tc := range []struct {
		name string
		th   *theme.Theme
	}{{"default", theme.New()}, {"stress", stressTheme(t)}} {
		multi, cells := 0, 0
		for _, p := range paths {
			name := tc.name + "/" + filepath.Base(filepath.Dir(p))
			d := report(t, p)
			laid, err := layout.Layout(d, tc.th, testFonts())
			if err != nil {
				t.Fatal(err)
			}
			comp, err := layout.Compose(d, tc.th, testFonts())
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := Write(&b, d, comp, tc.th, Meta{Meta: tree.Meta{Date: time.Date(2024, 1, 22, 0, 0, 0, 0, time.UTC)}}); err != nil {
				t.Fatal(err)
			}
			_, files := parts(t, b.Bytes())
			got, grids := docxCells(t, files["word/document.xml"])
			want := pdfCells(laid.Pages)
			var keys [][3]int
			for k := range want {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			for _, k := range keys {
				cells++
				if len(want[k]) > 1 {
					multi++
				}
				if g, w := strings.Join(got[k], "|"), strings.Join(want[k], "|"); g != w {
					t.Errorf("%s: table %d row %d column %d\nDOCX %q\n PDF %q", name, k[0], k[1], k[2], g, w)
				}
			}
			for k, g := range got {
				if _, ok := want[k]; !ok && strings.Join(g, "") != "" {
					t.Errorf("%s: table %d row %d column %d: %q in the DOCX, not in the PDF", name, k[0], k[1], k[2], g)
				}
			}
			n := 0
			for _, b := range d.Blocks {
				tb, ok := b.(*tree.Table)
				if !ok {
					continue
				}
				ws := comp.Tables[tb].Widths
				if n >= len(grids) || len(grids[n]) != len(ws) {
					t.Fatalf("%s: table %s: grids %v, widths %v", name, tb.ID, grids, ws)
				}
				for i, w := range ws {
					if grids[n][i] != twips(w) {
						t.Errorf("%s: table %s column %d: %d twips, the composition's %.2f pt", name, tb.ID, i, grids[n][i], w)
					}
				}
				n++
			}
		}
		// the test means something only if labels do break
		if multi < 10 || cells < 200 {
			t.Errorf("%s: %d cells, %d of several lines", tc.name, cells, multi)
		}
		t.Logf("%s: %d cells compared, %d of several lines", tc.name, cells, multi)
	}
}
