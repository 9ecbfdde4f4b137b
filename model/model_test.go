package model

import (
	"nianbao/input"
	"nianbao/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseText(t *testing.T) {
	cases := []struct {
		in   string
		want []Para
	}{
		{"第一行\n第二行\n\n第二段", []Para{{Text: "第一行第二行", At: input.Location{Line: 1}}, {Text: "第二段", At: input.Location{Line: 4}}}},
		{"Hello\nworld 你好\n世界", []Para{{Text: "Hello world 你好世界", At: input.Location{Line: 1}}}},
		{"　　缩进的段落\n\t接着", []Para{{Text: "缩进的段落接着", At: input.Location{Line: 1}}}},
		{"（一）主动公开。全年公开信息。\n正文", []Para{{Level: 2, Lead: "（一）主动公开。", Text: "全年公开信息。", At: input.Location{Line: 1}, Marker: "（一）", Number: 1}, {Text: "正文", At: input.Location{Line: 2}}}},
		{"（一）标题\n1.三级标题\n（1）四级标题", []Para{{Level: 2, Lead: "（一）标题", At: input.Location{Line: 1}, Marker: "（一）", Number: 1}, {Level: 3, Lead: "1.三级标题", At: input.Location{Line: 2}, Marker: "1.", Number: 1}, {Level: 4, Lead: "（1）四级标题", At: input.Location{Line: 3}, Marker: "（1）", Number: 1}}},
		{"(一)粘贴的标题。正文,半角:标点\n一)错的编号\n\n1、错的三级", []Para{{Level: 2, Lead: "（一）粘贴的标题。", Text: "正文，半角：标点", At: input.Location{Line: 1}, Marker: "（一）", Number: 1},
			{Text: "一）错的编号", At: input.Location{Line: 2}, Malformed: "一）", Fix: "（一）"}, {Text: "1、错的三级", At: input.Location{Line: 4}, Malformed: "1、", Fix: "1."}}},
		{"价格3.5元,数量1,200件 (a, b)", []Para{{Text: "价格3.5元，数量1,200件 (a, b)", At: input.Location{Line: 1}}}},
		{"2022年不是标题\n\n1.5万元不是标题", []Para{{Text: "2022年不是标题", At: input.Location{Line: 1}}, {Text: "1.5万元不是标题", At: input.Location{Line: 3}}}},
		{"\\（一）不当标题", []Para{{Text: "（一）不当标题", At: input.Location{Line: 1}}}},
		{"联系(电话:0851-12345678)。本年度.", []Para{{Text: "联系（电话：0851-12345678）。本年度。", At: input.Location{Line: 1}}}},
		{"见(附件1)和(a, b)以及f(x)", []Para{{Text: "见（附件1）和(a, b)以及f(x)", At: input.Location{Line: 1}}}},
		{"全角ＡＢＣ和半角abc不变", []Para{{Text: "全角ＡＢＣ和半角abc不变", At: input.Location{Line: 1}}}},
	}
	for _, c := range cases {
		got, _, err := ParseText(c.in, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err.Zh)
		}
		if len(got) != len(c.want) {
			t.Fatalf("%q: got %+v, want %+v", c.in, got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q para %d: got %+v, want %+v", c.in, i, got[i], c.want[i])
			}
		}
	}
}

func TestFormats(t *testing.T) {
	want := map[string][3][2]int{"2021": {{14, 4}, {28, 10}, {4, 15}}, "2019": {{18, 4}, {26, 10}, {4, 15}}}
	for _, f := range Formats() {
		for i, tab := range f.Tables {
			if got := [2]int{tab.Rows, tab.Cols}; got != want[f.ID][i] {
				t.Errorf("format %s table %s: %v, want %v", f.ID, tab.ID, got, want[f.ID][i])
			}
			// every grid position is covered by exactly one cell
			cover := make([]int, tab.Rows*tab.Cols)
			for _, c := range tab.Cells {
				for r := c.R; r < c.R+c.RowSpan; r++ {
					for k := c.C; k < c.C+c.Span; k++ {
						if r >= tab.Rows || k >= tab.Cols {
							t.Fatalf("format %s table %s: cell %+v outside the grid", f.ID, tab.ID, c)
						}
						cover[r*tab.Cols+k]++
					}
				}
			}
			for p, n := range cover {
				if n != 1 {
					t.Errorf("format %s table %s: position (%d,%d) covered %d times", f.ID, tab.ID, p/tab.Cols, p%tab.Cols, n)
				}
			}
		}
	}
	// every label of labels-2021.txt is in the 2021 definition, byte for byte
	labels, err := os.ReadFile(filepath.Join(testenv.Shared(t), "reference", "labels-2021.txt"))
	if err != nil {
		t.Fatal(err)
	}
	f := FormatByID("2021")
	var all strings.Builder
	for _, s := range f.Sections {
		all.WriteString(s + "\n")
	}
	for _, tab := range f.Tables {
		for _, c := range tab.Cells {
			all.WriteString(c.Text + "\n")
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(string(labels)), "\n") {
		if !strings.Contains(all.String(), l+"\n") {
			t.Errorf("label %q is not a cell of the 2021 format", l)
		}
	}
}

// TestRuleTable: the README shows the rule table of the code, verbatim; every rule has a name,
// a description in both languages, and every rule a finding can name is in the table.
