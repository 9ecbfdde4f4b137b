package compose

import (
	"math"
	"strings"
	"testing"

	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

// fake measures as a grid-true face would: a full-width character one em (the body's tracked onto
// the character pitch), anything else half an em.
func fake(th *theme.Theme) Measure {
	return func(role fonts.Role, text string) []float64 {
		size, wide := th.Size.BodyPt, th.CharPitch()
		if role == fonts.Title {
			size, wide = th.Size.TitlePt, th.Size.TitlePt
		}
		var out []float64
		for _, r := range text {
			if r >= 0x2E80 {
				out = append(out, wide)
			} else {
				out = append(out, size/2)
			}
		}
		return out
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func texts(ls []Line) string {
	var s []string
	for _, l := range ls {
		s = append(s, l.Text)
	}
	return strings.Join(s, "|")
}

func TestTitle(t *testing.T) {
	th := theme.New()
	g := NewGrid(th)
	for _, c := range []struct {
		title, want string
		err         bool
	}{
		{"大数字", "大数字", false},
		// 21.5 ems at 22 pt: over the 20.1 the type area holds; the organ's name on its own line
		{"宁和县青石镇人民政府2023年政府信息公开工作年度报告", "宁和县青石镇人民政府|2023年政府信息公开工作年度报告", false},
		// no organ's name to end a line with: balanced, 16 and 17 ems (layout's long-title golden)
		{"宁和县人民政府办公室关于2023年度政府信息公开工作年度报告的补充说明", "宁和县人民政府办公室关于2023年度|政府信息公开工作年度报告的补充说明", false},
		// three lines: a long organ's name, broken after one of its words (县), over the year's
		// line; 13, 17 and 17 ems make a 梯形
		{"宁和县人民政府办公室宁和县市场监督管理局宁和县青石镇人民政府2023年政府信息公开工作年度报告",
			"宁和县人民政府办公室宁和县|市场监督管理局宁和县青石镇人民政府|2023年政府信息公开工作年度报告", false},
		// a word wider than the type area: no balanced choice; the word goes to a line of its own
		// and is cut where it stops fitting (40 half-ems of 22 pt in 442 pt)
		{"报告" + strings.Repeat("x", 60), "报告|" + strings.Repeat("x", 40) + "|" + strings.Repeat("x", 20), false},
		// far too long: an error naming the lines it would need
		{strings.Repeat("宁和县人民政府办公室", 10) + "2023年政府信息公开工作年度报告", "", true},
	} {
		ls, err := title(c.title, g, fake(th))
		if (err != nil) != c.err {
			t.Errorf("%s: error %v, want error %v", c.title, err, c.err)
			continue
		}
		if c.err {
			if len(ls) <= linebreak.MaxTitleLines {
				t.Errorf("%s: %d lines with an error", c.title, len(ls))
			}
			continue
		}
		if got := texts(ls); got != c.want {
			t.Errorf("title %s:\n got %s\nwant %s", c.title, got, c.want)
		}
		for _, l := range ls {
			if l.W > g.BodyW+0.01 || !near(l.X, g.Left+(g.BodyW-l.W)/2) || string([]rune(c.title)[l.From:l.To]) != l.Text {
				t.Errorf("%s: line %+v not centred in the type area, or not its runes", c.title, l)
			}
		}
	}
	if ls, err := title("", g, fake(th)); ls != nil || err != nil {
		t.Errorf("empty title: %v %v", ls, err)
	}
}

func TestSignature(t *testing.T) {
	th := theme.New()
	g := NewGrid(th)
	cp := g.CharPitch
	right := g.Right() - 2*cp // 署名 右空二字
	date := "2024年1月22日"
	dateW := 3*cp + 7*8.0 // 年月日 on the grid, seven digits half an em of 16 pt
	for _, c := range []struct {
		name, date string
		lines      string
		nameX      []float64 // each name line's left edge
		dateX      float64
	}{
		// §7.3.5.2: the name two characters from the right, the date two characters right of the name's start
		{"宁和县青石镇人民政府", date, "宁和县青石镇人民政府", []float64{right - 10*cp}, right - 10*cp + 2*cp},
		// a date longer than the name keeps the right space; the name moves left to stay two characters before it
		{"青石镇", date, "青石镇", []float64{right - dateW - 2*cp}, right - dateW},
		// a long name: a block of balanced lines flush right, the date centred under it (wider than 16 characters)
		{"宁和县人民政府办公室宁和县市场监督管理局宁和县青石镇人民政府宁和县发展和改革局", date,
			"宁和县人民政府办公室宁和县市场监督管理局|宁和县青石镇人民政府宁和县发展和改革局",
			[]float64{right - 20*cp, right - 19*cp}, right - 20*cp/2 - dateW/2},
		// a block no wider than 16 characters: the date starts two characters right of the last line's start
		{"宁和县人民政府办公室宁和县发展和改革委员会宁和县财政局", date,
			"宁和县人民政府办公室宁和县|发展和改革委员会宁和县财政局",
			[]float64{right - 13*cp, right - 14*cp}, right - 14*cp + 2*cp},
		// no date: the name where it would be, an empty date line kept
		{"宁和县青石镇人民政府", "", "宁和县青石镇人民政府", []float64{right - 10*cp}, right - 10*cp + 2*cp},
		// no name: the date keeps the right space
		{"", date, "", nil, right - dateW},
	} {
		d := &tree.Document{Signature: tree.Signature{Name: c.name, Date: c.date}}
		comp, err := Compose(d, th, fake(th))
		if err != nil {
			t.Fatal(err)
		}
		s := comp.Signature
		if s == nil {
			t.Fatalf("%s: no signature", c.name)
		}
		if got := texts(s.Name); got != c.lines {
			t.Errorf("%s: lines\n got %s\nwant %s", c.name, got, c.lines)
			continue
		}
		for i, l := range s.Name {
			if math.Abs(l.X-c.nameX[i]) > 1e-6 {
				t.Errorf("%s: line %d at %.3f, want %.3f", c.name, i, l.X, c.nameX[i])
			}
			if l.X < g.Left-1e-9 || l.X+l.W > right+1e-6 {
				t.Errorf("%s: line %d leaves the type area less the right space", c.name, i)
			}
		}
		if s.Date.Text != c.date || math.Abs(s.Date.X-c.dateX) > 1e-6 {
			t.Errorf("%s: date %q at %.3f, want %q at %.3f", c.name, s.Date.Text, s.Date.X, c.date, c.dateX)
		}
		if c.date != "" && !near(s.Date.Inset(g), g.Right()-s.Date.X-s.Date.W) {
			t.Errorf("%s: inset %.3f", c.name, s.Date.Inset(g))
		}
	}
	// the theme turns it off; a document without name and date has none
	off := theme.New()
	off.Signature.Enabled = false
	for _, c := range []struct {
		th  *theme.Theme
		sig tree.Signature
	}{{off, tree.Signature{Name: "青石镇", Date: date}}, {th, tree.Signature{}}} {
		if comp, _ := Compose(&tree.Document{Signature: c.sig}, c.th, fake(th)); comp.Signature != nil {
			t.Errorf("%+v: a signature", c.sig)
		}
	}
}

// TestGrid: the grid is the theme's geometry (GB/T 9704 §5.2.3: 22 lines of 28 characters).
func TestGrid(t *testing.T) {
	th := theme.New()
	g := NewGrid(th)
	if g.LinePitch != th.LinePitch() || g.CharPitch != th.CharPitch() || g.Lines != 22 || g.Chars != 28 ||
		!near(g.Right(), th.Left()+th.BodyW()) || !near(g.Bottom(), th.Top()+th.BodyH()) {
		t.Errorf("grid %+v", g)
	}
	if !near(float64(g.Lines)*g.LinePitch, g.BodyH) || !near(float64(g.Chars)*g.CharPitch, g.BodyW) {
		t.Errorf("pitches do not fill the type area: %+v", g)
	}
}

// TestShortMeasure: a Measure that returns too few advances does not break the composition.
func TestShortMeasure(t *testing.T) {
	th := theme.New()
	m := func(fonts.Role, string) []float64 { return []float64{10} }
	c, err := Compose(&tree.Document{Meta: tree.Meta{Title: "年度报告"}, Signature: tree.Signature{Name: "青石镇", Date: "2024年"}}, th, m)
	if err != nil || texts(c.Title) != "年度报告" || c.Signature == nil {
		t.Errorf("%+v %v", c, err)
	}
}
