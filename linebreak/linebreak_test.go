package linebreak

import (
	"strings"
	"testing"
)

func TestOpportunities(t *testing.T) {
	cases := []struct{ text, want string }{ // "|" marks where a break is allowed
		{"政府信息公开", "政|府|信|息|公|开"},
		{"申请，答复。", "申|请，|答|复。"},
		{"“三安全一稳定”", "“三|安|全|一|稳|定”"},
		{"2022年1月", "2022年|1月"},
		{"破折——号", "破|折——|号"}, // the dash stays whole and never starts a line
		{"Word文件", "Word|文|件"},
		{"a word", "a |word"},
	}
	for _, c := range cases {
		rs := []rune(c.text)
		br := Opportunities(rs)
		var b strings.Builder
		for i, r := range rs {
			if br[i] {
				b.WriteByte('|')
			}
			b.WriteRune(r)
		}
		if b.String() != c.want {
			t.Errorf("%s: %s, want %s", c.text, b.String(), c.want)
		}
	}
}

func TestBalance(t *testing.T) {
	title := []rune("宁和县市场监督管理局2023年政府信息公开工作年度报告")
	ws := make([]float64, len(title))
	for i, r := range title {
		ws[i] = 1
		if r < 0x80 {
			ws[i] = 0.5
		}
	}
	ls := Balance(ws, TitleOpportunities(title), 20)
	var got []string
	for _, l := range ls {
		got = append(got, string(title[l[0]:l[1]]))
	}
	if strings.Join(got, "|") != "宁和县市场监督管理局2023年|政府信息公开工作年度报告" {
		t.Errorf("%q", got)
	}
	if Balance(ws, make([]bool, len(ws)), 10) != nil {
		t.Error("no break allowed and too wide: want nil")
	}
}
