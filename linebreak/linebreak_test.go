package linebreak

import (
	"math"
	"nianbao/internal/testenv"
	"slices"
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

// bruteBalance is Balance by enumeration of every choice of breaks (the algorithm it replaced):
// the reference for FuzzBalance.
func bruteBalance(widths []float64, br []bool, max float64) (lines int, longest, first float64) {
	n := len(widths)
	w := func(a, b int) float64 {
		s := 0.0
		for _, x := range widths[a:b] {
			s += x
		}
		return s
	}
	if w(0, n) <= max+0.01 {
		return 1, w(0, n), w(0, n)
	}
	var cands []int
	for i := 1; i < n; i++ {
		if br[i] {
			cands = append(cands, i)
		}
	}
	longest, first = math.Inf(1), math.Inf(1)
	for nl := 2; nl <= MaxTitleLines && lines == 0; nl++ {
		var rec func(start, from int, acc []int)
		rec = func(start, from int, acc []int) {
			if len(acc) == nl-1 {
				ends := append(append([]int{}, acc...), n)
				m, s := 0.0, 0
				for _, e := range ends {
					m = math.Max(m, w(s, e))
					s = e
				}
				if m > max+0.01 {
					return
				}
				f := w(0, ends[0])
				if m < longest-0.01 || math.Abs(m-longest) <= 0.01 && f < first {
					lines, longest, first = nl, math.Min(m, longest), f
				}
				return
			}
			for ci := from; ci < len(cands); ci++ {
				rec(cands[ci], ci+1, append(acc, cands[ci]))
			}
		}
		rec(0, 0, nil)
	}
	return lines, longest, first
}

// FuzzBalance: Balance finds as few lines as the exhaustive search, a longest line as short
// (within the tolerance), never a line wider than max, and covers the text exactly.
func FuzzBalance(f *testing.F) {
	f.Add([]byte("宁和县市场监督管理局2023年政府信息公开工作年度报告"), uint8(20))
	f.Add([]byte{1, 2, 3, 2, 1, 2, 3, 1, 1, 1, 2, 2, 2, 3, 3}, uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, maxB uint8) {
		if len(data) > 24 {
			data = data[:24]
		}
		n := len(data)
		if n == 0 {
			return
		}
		widths := make([]float64, n)
		br := make([]bool, n)
		for i, b := range data {
			widths[i] = float64(b%4+1) / 2 // ½ to 2 em
			br[i] = i > 0 && b&0x10 != 0
		}
		max := float64(maxB%40) / 2
		got := Balance(widths, br, max)
		lines, longest, _ := bruteBalance(widths, br, max)
		if got == nil {
			if lines != 0 {
				t.Fatalf("nil, but %d lines fit", lines)
			}
			return
		}
		if len(got) != lines {
			t.Fatalf("%d lines, the exhaustive search finds %d", len(got), lines)
		}
		m, at := 0.0, 0
		for _, l := range got {
			if l[0] != at || l[1] <= l[0] || l[0] > 0 && !br[l[0]] {
				t.Fatalf("bad lines %v", got)
			}
			s := 0.0
			for _, x := range widths[l[0]:l[1]] {
				s += x
			}
			m = math.Max(m, s)
			at = l[1]
		}
		if at != n || m > max+0.01 || m > longest+0.02 {
			t.Fatalf("lines %v: longest %.3f, exhaustive %.3f, max %.3f", got, m, longest, max)
		}
	})
}

// TestBalanceLinear: a title of thousands of characters is refused, or broken, in time linear in
// its length (it was cubic: 3,000 characters took 76 s). Asserted as a growth ratio of CPU time
// (testenv.Growth), not as a time: eight times the characters may take at most 20 times the work
// (quadratic would be 64, cubic 512).
func TestBalanceLinear(t *testing.T) {
	title := func(n int) ([]float64, []rune) {
		rs := []rune(strings.Repeat("政府信息公开工作", n))
		ws := make([]float64, len(rs))
		for i := range ws {
			ws[i] = 1
		}
		return ws, rs
	}
	ws, rs := title(1000)
	if Balance(ws, TitleOpportunities(rs), 20) != nil {
		t.Error("8,000 characters in four lines of 20")
	}
	if ls := Balance(ws, TitleOpportunities(rs), 2100); len(ls) != 4 {
		t.Errorf("%d lines", len(ls))
	}
	if testing.Short() {
		return
	}
	g := testenv.Growth(func(n int) {
		ws, rs := title(n)
		Balance(ws, TitleOpportunities(rs), float64(2*n+100))
	}, 1000, 8000)
	t.Logf("8× the characters: %.1f× the time", g)
	if g > 20 {
		t.Errorf("8× the characters took %.1f× as long", g)
	}
}

// TestTitleLines: a title breaks between the organ and "2023年政府信息公开工作年度报告" when that
// costs no line, and never inside a word of the organ's name.
func TestTitleLines(t *testing.T) {
	em := func(rs []rune) []float64 {
		ws := make([]float64, len(rs))
		for i, r := range rs {
			ws[i] = 1
			if r < 0x80 {
				ws[i] = 0.5
			}
		}
		return ws
	}
	for title, want := range map[string]string{
		"一平垣乡2022年政府信息公开工作年度报告":                               "一平垣乡2022年政府信息公开工作年度报告",
		"宁和县青石镇人民政府2023年政府信息公开工作年度报告":                         "宁和县青石镇人民政府|2023年政府信息公开工作年度报告",
		"宁和县市场监督管理局2023年政府信息公开工作年度报告":                         "宁和县市场监督管理局|2023年政府信息公开工作年度报告",
		"宁和县青石镇经济开发区管理委员会驻宁和县人民政府办事处综合协调办公室2023年政府信息公开工作年度报告": "宁和县青石镇经济开发区管理委员会|驻宁和县人民政府办事处综合协调办公室|2023年政府信息公开工作年度报告",
		"宁和县人民政府办公室关于2023年度政府信息公开工作年度报告的补充说明":                 "宁和县人民政府办公室关于2023年度|政府信息公开工作年度报告的补充说明",
	} {
		rs := []rune(title)
		var got []string
		for _, l := range TitleLines(em(rs), rs, 20) {
			got = append(got, string(rs[l[0]:l[1]]))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%s:\n got %s\nwant %s", title, strings.Join(got, "|"), want)
		}
	}
	// a signature breaks only between the words of the name
	name := []rune("宁和县青石镇经济开发区管理委员会驻宁和县人民政府办事处综合协调办公室")
	var got []string
	for _, l := range Balance(em(name), NameOpportunities(name), 24) {
		got = append(got, string(name[l[0]:l[1]]))
	}
	if g := strings.Join(got, "|"); strings.Contains(g, "管理|") || strings.Contains(g, "驻|") || len(got) != 2 {
		t.Errorf("signature: %s", g)
	}
	if br := NameOpportunities([]rune("宁和县市场监督管理局")); br[4] {
		t.Error("市|场 is no break")
	}
}

func TestLabelOpportunities(t *testing.T) {
	for in, want := range map[string]string{
		"（三）不予公开":   "（三）|不予|公开",
		"三、本年度办理结果": "三、|本年度|办理|结果",
		"自然人":       "自然人",
		"社会公益组织":    "社会|公益|组织",
	} {
		rs := []rune(in)
		br := LabelOpportunities(rs)
		var b strings.Builder
		for i, r := range rs {
			if br[i] {
				b.WriteByte('|')
			}
			b.WriteRune(r)
		}
		if b.String() != want {
			t.Errorf("%s: %s, want %s", in, b.String(), want)
		}
	}
}

// TestAddresses: web and e-mail addresses break before / ? & @ and after =, never at a dot, inside
// the scheme or at a hyphen (issue 23 point 13: "gov." at a line end read as a sentence end).
func TestAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"网址https://www.ning-he.gov.cn/xxgk/a?id=1&t=2。": "网|址|https://www.ning-he.gov.cn|/xxgk|/a|?id=|1|&t=|2。",
		"邮箱scjgj@example.gov.cn。":                       "邮|箱|scjgj|@example.gov.cn。",
	} {
		rs := []rune(in)
		br := Opportunities(rs)
		var b strings.Builder
		for i, r := range rs {
			if br[i] {
				b.WriteByte('|')
			}
			b.WriteRune(r)
		}
		if b.String() != want {
			t.Errorf("%s:\n got %s\nwant %s", in, b.String(), want)
		}
	}
}

// TestTitleShape (issue 23 point 11): a title of three or four lines is a 梯形 or 菱形 (GB/T 9704
// §7.3.1), never an hourglass such as 13/8/15 em ("宁和县宁和县政务公开办公室|自然资源和规划局|2023年…"):
// no inner line is more than one character shorter than a line above it and a line below it.
func TestTitleShape(t *testing.T) {
	parts := []string{"宁和县", "人民政府", "办公室", "青石镇", "经济开发区", "管理委员会", "政务公开办公室", "自然资源和规划局", "市场监督管理局", "街道办事处"}
	n := 0
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				for _, d := range parts {
					rs := []rune(a + b + c + d + "2023年政府信息公开工作年度报告")
					ws := make([]float64, len(rs))
					for i, r := range rs {
						ws[i] = 1
						if r < 0x80 {
							ws[i] = 0.5
						}
					}
					ls := TitleLines(ws, rs, 20)
					lw := lineWidths(ws, ls, 0)
					if len(lw) >= 3 {
						n++
					}
					for j := 1; j+1 < len(lw); j++ {
						if lw[j] < slices.Max(lw[:j])-1.01 && lw[j] < slices.Max(lw[j+1:])-1.01 {
							t.Errorf("%s: an hourglass %v", string(rs), lw)
						}
					}
				}
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d titles of three or more lines: the test shows little", n)
	}
	if !unimodal([]float64{13, 15, 17, 15.4}, 0.5) || unimodal([]float64{17, 15, 13, 15.4}, 0.5) {
		t.Error("unimodal")
	}
}
