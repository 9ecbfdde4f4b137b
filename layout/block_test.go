package layout

import (
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/model"
	"nianbao/theme"
	"nianbao/tree"
)

// TestBlocksNeverSplit: whatever text stands above it, a 第二十条 block of table 二 — 行政许可
// with 其他对外管理服务事项 (2019), 规章 with (行政)规范性文件, 行政处罚 with 行政强制 — is never cut
// by a page break.
func TestBlocksNeverSplit(t *testing.T) {
	fs, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	pairs := [][2]string{{"行政许可", "其他对外管理服务事项"}, {"规章", "规范性文件"}, {"行政处罚", "行政强制"}}
	broken := 0
	for _, path := range []string{"../examples/qingshi-2020/report.toml", "../examples/qingshi-2023/report.toml"} {
		for extra := 0; extra < 23; extra++ {
			r, err := datafile.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			check.Check(r)
			// push table 二 down a line at a time through a whole page
			r.Text[model.TextActive] = []model.Para{{Text: strings.Repeat("说明文字。", 5*extra+1)}}
			laid, err := Layout(tree.Build(r), theme.New(), fs)
			if err != nil {
				t.Fatal(err)
			}
			pages := laid.Pages
			pageOf := map[string]int{}
			for i, p := range pages {
				for _, it := range p.Items {
					if _, seen := pageOf[it.Text]; !seen && it.Text != "" {
						pageOf[it.Text] = i
					}
				}
			}
			for _, pr := range pairs {
				a, okA := pageOf[pr[0]]
				b, okB := pageOf[pr[1]]
				if !okB {
					b, okB = pageOf["行政"+pr[1]]
				}
				if okA && okB && a != b {
					t.Errorf("%s, %d lines above: %s on page %d, %s on page %d", path, extra, pr[0], a+1, pr[1], b+1)
				}
				if okA && okB && a > 0 && pages[a].Number != pages[0].Number {
					broken++
				}
			}
		}
	}
	if broken == 0 {
		t.Error("no block ever sat after the first page: the test moved nothing")
	}
}
