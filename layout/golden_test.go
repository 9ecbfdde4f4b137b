package layout

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/model"
	"nianbao/theme"
	"nianbao/tree"
)

var update = flag.Bool("update", false, "rewrite the golden layout dumps in testdata/")

// examples are the acceptance reports: every consistent one under ../examples.
func examples(t *testing.T) map[string]*tree.Document {
	t.Helper()
	paths, _ := filepath.Glob("../examples/*/report.toml")
	out := map[string]*tree.Document{}
	for _, p := range paths {
		name := filepath.Base(filepath.Dir(p))
		if strings.HasPrefix(name, "inconsistent") {
			continue
		}
		r, err := datafile.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if fs := check.Check(r); check.HasErrors(fs) {
			t.Fatalf("%s: %v", p, fs)
		}
		out[name] = tree.Build(r)
	}
	if len(out) < 3 {
		t.Fatalf("only %d examples", len(out))
	}
	return out
}

// focused are small documents, each made to show one rule at work.
func focused() map[string]*tree.Document {
	body := func(s string) *tree.Para {
		return &tree.Para{Style: tree.Body, Runs: []tree.Run{{Text: s}}, Where: "test"}
	}
	r, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		panic(err)
	}
	check.Check(r)
	full := tree.Build(r)
	var t3 *tree.Table
	for _, b := range full.Blocks {
		if t, ok := b.(*tree.Table); ok && t.ID == "三" {
			t3 = t
		}
	}
	filler := strings.Repeat("政府信息公开工作平稳有序推进，", 20)
	// a city's volumes: six-digit numbers in tables 三 and 四
	big, err := datafile.Load("../examples/qingshi-2023/report.toml")
	if err != nil {
		panic(err)
	}
	check.Check(big)
	for ti, v := range map[int]int64{1: 123456, 2: 98765} {
		for _, row := range big.Tables[ti].Values[:1] {
			for c := range row {
				row[c] = model.Value{N: v, Set: true}
			}
		}
	}
	var bigTables []tree.Block
	for _, b := range tree.Build(big).Blocks {
		if t, ok := b.(*tree.Table); ok && t.ID != "二" {
			bigTables = append(bigTables, t)
		}
	}
	return map[string]*tree.Document{
		"kinsoku": {Meta: tree.Meta{Title: "禁则"}, Blocks: []tree.Block{
			body("一二三四五六七八九十一二三四五六七八九十一二三四五，句号在行尾。一二三四五六七八九十一二三四五六七八九十一二三四五六“引号”七八九十一二三四五六七八九十一二三四五六七八九十一二三《条例》。"),
			body("一二三四五六七八九十一二三四五六七八九十一二三四五六——破折号不能拆开，省略号……也不能。"),
		}},
		// adjacent punctuation drops a blank half (》（ ），“《 。”); a line that must take one more
		// character compresses its punctuation before it tightens the gaps between ideographs
		"punctuation": {Meta: tree.Meta{Title: "标点挤压"}, Blocks: []tree.Block{
			body("依据《中华人民共和国政府信息公开条例》（以下简称《条例》），现将“《报告》”全文公布。"),
			body("一二三、四五六七八九十一二三四五六七八九十一二三四五，六七八九十。"),
		}},
		"long-title": {Meta: tree.Meta{Title: "宁和县人民政府办公室关于2023年度政府信息公开工作年度报告的补充说明"}, Blocks: []tree.Block{body("正文。")}},
		"digits-latin": {Meta: tree.Meta{Title: "数字与西文"}, Blocks: []tree.Block{
			body("开通12315热线与政务公开咨询联动，全年答复公开咨询310余次；食品抽检合格率98.6%，样品862批次。文件以PDF和Word (DOCX) 两种格式发布，网址 https://www.example.gov.cn/xxgk/2023/index.html 。"),
		}},
		"table3-break": {Meta: tree.Meta{Title: "表三跨页"}, Blocks: []tree.Block{body(filler), body(filler), t3}},
		// 表三's number columns widen (from the label column); 表四, all numbers, sets them all smaller
		"big-numbers": {Meta: tree.Meta{Title: "大数字"}, Blocks: bigTables},
		// the signature fits under the last paragraph set a little closer (GB/T 9704 §7.3.5.5)
		"last-page": lastPageDoc(170),
	}
}

func layoutOf(t *testing.T, d *tree.Document) []Page {
	t.Helper()
	laid, err := Layout(d, theme.New(), testFonts)
	if err != nil {
		t.Fatal(err)
	}
	return laid.Pages
}

// TestGolden compares each layout with its reviewed dump in testdata/ (go test -update rewrites;
// review the diff). The focused documents, each made to show one rule, are dumped item by item
// with coordinates (NAME.layout.txt). The examples — whole reports, where one shift would rewrite
// thousands of coordinates nobody can review — are dumped as a reader sees them (NAME.lines.txt):
// where each page starts and ends, then the text of every line, the cells of a table row side by
// side; the coordinates of the examples are held by TestInvariants instead.
func TestGolden(t *testing.T) {
	all := map[string]*tree.Document{}
	for k, v := range examples(t) {
		all[k+".lines"] = v
	}
	for k, v := range focused() {
		all[k+".layout"] = v
	}
	for name, d := range all {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			pages := layoutOf(t, d)
			if strings.HasSuffix(name, ".lines") {
				b.WriteString(linesDump(pages))
			} else {
				for _, p := range pages {
					b.WriteString(p.Dump())
				}
			}
			path := filepath.Join("testdata", name+".txt")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no golden file (run go test ./layout -update and review it): %v", err)
			}
			if got := b.String(); got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("layout differs from %s at line %d:\n got %s\nwant %s", path, i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("layout differs from %s in length: %d lines, want %d", path, len(gl), len(wl))
			}
		})
	}
}

// linesDump is a laid-out document as a reader sees it: a page-break summary (the first and the
// last element each page sets, by their Where), then each page's lines, top to bottom, the runs
// of one baseline that do not touch (a table row's cells) joined by " │ ".
func linesDump(pages []Page) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d pages\n", len(pages))
	for i, p := range pages {
		first, last := "", ""
		for _, it := range p.Items {
			if it.Kind == TextItem && it.Where != "" {
				if first == "" {
					first = it.Where
				}
				last = it.Where
			}
		}
		fmt.Fprintf(&b, "page %d: %s … %s\n", i+1, first, last)
	}
	page, y := -1, 0.0
	for _, l := range textLines(pages) {
		switch {
		case l.page != page:
			fmt.Fprintf(&b, "\n== page %d\n%s", l.page+1, l.text)
		case math.Abs(l.y-y) < 0.01:
			b.WriteString(" │ " + l.text)
		default:
			b.WriteString("\n" + l.text)
		}
		page, y = l.page, l.y
	}
	b.WriteString("\n")
	return b.String()
}

// textLine is a run of items on one baseline that touch each other: a line of a paragraph or of
// a table cell.
type textLine struct {
	page            int
	x0, x1, next, y float64
	size            float64
	text            string
}

// addressGoesOn: does a line start with the dot or slash that continues an address broken before
// it (linebreak's address style: ".gov.cn", "/xxgk")?
func addressGoesOn(r []rune) bool {
	return len(r) > 1 && (r[0] == '.' || r[0] == '/') && r[1] < 0x80 && r[1] > ' '
}

// join is how far apart two runs of one line may be: a body line's justification may spread a
// gap after a run by up to a quarter em (the run's own spacing is not the gap's); table cells
// stand closer.
func join(size float64) float64 {
	if size >= 16 {
		return 0.3 * size
	}
	return 0.5
}

func textLines(pages []Page) []textLine {
	faces := map[string]*fonts.Face{}
	for _, f := range testFonts.Faces() {
		faces[f.ID] = f
	}
	var out []textLine
	for pi, p := range pages {
		var items []Item
		for _, it := range p.Items {
			if it.Kind == TextItem {
				items = append(items, it)
			}
		}
		sort.SliceStable(items, func(i, j int) bool {
			if math.Abs(items[i].Y-items[j].Y) > 0.01 {
				return items[i].Y < items[j].Y
			}
			return items[i].X < items[j].X
		})
		for _, it := range items {
			w := -it.Spacing // the spacing after the last glyph is not ink
			for _, r := range it.Text {
				adv := faces[it.Font].Advance(r)
				if it.Half != fonts.NoHalf {
					adv /= 2 // the half-width form
				}
				w += adv*it.Size + it.Spacing
			}
			// the next run of the same line starts where this one's last glyph and spacing end
			if n := len(out); n > 0 && out[n-1].page == pi && math.Abs(out[n-1].y-it.Y) < 0.01 && it.X-out[n-1].x1 > -0.1*it.Size && it.X-out[n-1].x1 < join(it.Size) {
				out[n-1].text += it.Text
				out[n-1].x1, out[n-1].next = it.X+w, it.X+w+it.Spacing
				continue
			}
			out = append(out, textLine{pi, it.X, it.X + w, it.X + w + it.Spacing, it.Y, it.Size, it.Text})
		}
	}
	return out
}

// TestInvariants holds for every example: the prohibition rules, nothing outside the type area,
// at most 22 body lines a page, every printed number equal to the model's, nothing lost.
func TestInvariants(t *testing.T) {
	th := theme.New()
	left, right := th.Left(), th.Left()+th.BodyW()
	top, bottom := th.Top(), th.Top()+th.BodyH()
	all := examples(t)
	for k, v := range focused() {
		all[k] = v
	}
	for name, d := range all {
		t.Run(name, func(t *testing.T) {
			pages := layoutOf(t, d)
			body := map[int]map[float64]bool{}
			var numbers []string
			var printed strings.Builder
			for _, l := range textLines(pages) {
				r := []rune(l.text)
				if l.size == th.Size.PageNoPt && l.y > bottom {
					if want := fmt.Sprintf(th.PageNumber.Format, l.page+1); l.text != want {
						t.Errorf("page %d: page number %q, want %q", l.page+1, l.text, want)
					}
					continue
				}
				printed.WriteString(l.text)
				if strings.ContainsRune(linebreak.NoStart, r[0]) && !addressGoesOn(r) {
					t.Errorf("page %d: line starts with %q: %s", l.page+1, r[0], l.text)
				}
				if strings.ContainsRune(linebreak.NoEnd, r[len(r)-1]) {
					t.Errorf("page %d: line ends with %q: %s", l.page+1, r[len(r)-1], l.text)
				}
				if l.x0 < left-0.01 || l.x1 > right+0.5 || l.y-0.88*l.size < top-0.01 || l.y+0.12*l.size > bottom+0.01 {
					t.Errorf("page %d: outside the type area (%.1f–%.1f, %.1f): %s", l.page+1, l.x0, l.x1, l.y, l.text)
				}
				if l.size == th.Size.BodyPt {
					if body[l.page] == nil {
						body[l.page] = map[float64]bool{}
					}
					body[l.page][math.Round(l.y*10)/10] = true
				}
				if l.size <= th.Size.TablePt && strings.Trim(l.text, "−0123456789./") == "" {
					numbers = append(numbers, l.text)
				}
			}
			for p, ys := range body {
				if len(ys) > th.Page.Lines {
					t.Errorf("page %d: %d body lines", p+1, len(ys))
				}
			}
			// every number cell of every table, in drawing order, and nothing else that looks like one
			var want []string
			var all strings.Builder
			all.WriteString(d.Title)
			for _, b := range d.Blocks {
				switch b := b.(type) {
				case *tree.Table:
					for _, c := range b.Cells {
						if c.Number {
							want = append(want, c.Text)
						}
					}
				case *tree.Para:
					all.WriteString(b.Text())
				}
			}
			if strings.Join(numbers, " ") != strings.Join(want, " ") {
				t.Errorf("printed numbers differ from the model's:\n got %v\nwant %v", numbers, want)
			}
			// every character of the text is printed, in order (tables and signature interleave)
			got := []rune(strings.ReplaceAll(printed.String(), " ", ""))
			k := 0
			for _, c := range strings.ReplaceAll(all.String(), " ", "") {
				for k < len(got) && got[k] != c {
					k++
				}
				if k == len(got) {
					t.Fatalf("character %q of the text is not printed (or out of order)", c)
				}
				k++
			}
		})
	}
}
