package compose

import (
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao/theme"
	"nianbao/tree"
)

// FuzzCompose: whatever the title, name and date, the lines hold the text's runes in order, each
// line fits (a single character wider than the line excepted), and nothing leaves the type area.
func FuzzCompose(f *testing.F) {
	f.Add("宁和县人民政府办公室关于2023年度政府信息公开工作年度报告的补充说明", "宁和县人民政府办公室宁和县市场监督管理局宁和县青石镇人民政府", "2024年1月22日")
	f.Add("报告"+strings.Repeat("x", 70), strings.Repeat("局", 60), "")
	f.Add("", "", "2024年1月22日")
	f.Add("“《》”（）——……", "（错误示例）", "二〇二四年一月二十二日")
	th := theme.New()
	m := fake(th)
	g := NewGrid(th)
	const eps = 1e-6
	f.Fuzz(func(t *testing.T, title, name, date string) {
		if len(title)+len(name)+len(date) > 2000 {
			return
		}
		d := &tree.Document{Meta: tree.Meta{Title: title}, Signature: tree.Signature{Name: name, Date: date}}
		c, _ := Compose(d, th, m)
		cover := func(what, text string, ls []Line, maxW float64) {
			rs := []rune(text)
			at := 0
			var b strings.Builder
			for _, l := range ls {
				if l.From != at || l.To <= l.From || l.To > len(rs) || l.Text != string(rs[l.From:l.To]) {
					t.Fatalf("%s %q: line %+v after rune %d", what, text, l, at)
				}
				at = l.To
				b.WriteString(l.Text)
				if l.W > maxW+0.01 && utf8.RuneCountInString(l.Text) > 1 {
					t.Fatalf("%s %q: line %q is %.2f wide, more than %.2f", what, text, l.Text, l.W, maxW)
				}
			}
			if b.String() != string(rs) {
				t.Fatalf("%s %q: lines hold %q", what, text, b.String())
			}
		}
		cover("title", title, c.Title, g.BodyW)
		for _, l := range c.Title {
			if l.W <= g.BodyW && (l.X < g.Left-eps || l.X+l.W > g.Right()+eps) {
				t.Fatalf("title line %q at %.2f+%.2f leaves the type area", l.Text, l.X, l.W)
			}
		}
		s := c.Signature
		if (s != nil) != (name != "" || date != "") {
			t.Fatalf("signature %v for %q %q", s, name, date)
		}
		if s == nil {
			return
		}
		right := g.Right() - th.Signature.RightChars*g.CharPitch
		cover("name", name, s.Name, right-g.Left-2*g.CharPitch)
		for _, l := range append(s.Name, s.Date) {
			if l.X < g.Left-eps {
				t.Fatalf("signature line %q starts left of the type area (%.2f)", l.Text, l.X)
			}
			if l.W <= right-g.Left && len(s.Name) != 1 && l.X+l.W > right+eps {
				t.Fatalf("signature line %q ends in the right space (%.2f > %.2f)", l.Text, l.X+l.W, right)
			}
		}
	})
}
