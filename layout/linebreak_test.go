package layout

import (
	"strings"
	"testing"

	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

var testFonts = func() *fonts.Set {
	s, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		panic(err)
	}
	return s
}()

// lines breaks text at the body size into lines of n grid characters (the first indented by two)
// and returns them as strings.
func lines(t *testing.T, text string, n int) []string {
	t.Helper()
	sh := &shaper{fs: testFonts}
	pitch := 15.79
	gs := sh.shape([]span{{text, fonts.Body, 16, 0}}, pitch-16, "test")
	if len(sh.missing) > 0 {
		t.Fatalf("missing glyphs: %v", sh.missing)
	}
	var out []string
	for _, l := range fill(gs, pitch*float64(n-2), pitch*float64(n), pitch, theme.SqueezeNational) {
		out = append(out, string(runes(gs[l.start:l.end])))
	}
	return out
}

// TestBreakRules: the prohibition rules (clreq §3.1.7), unbreakable sequences, no lost or
// invented characters, never a hyphen.
func TestBreakRules(t *testing.T) {
	cases := []struct {
		name, text string
		n          int
	}{
		{"comma at line end", "一二三四五六七八九十一二三四五六七八九十一二三四五六，七八九十", 28},
		{"full stop pushed", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八。九十一二", 28},
		{"closing quote", "一二三四五六七八九十一二三四五六七八九十一二三四五六“七八”，九十", 28},
		{"opening bracket at end", "一二三四五六七八九十一二三四五六七八九十一二三四五六（七八）九十", 28},
		{"book title marks", "一二三四五六七八九十一二三四五六七八九十一二三四五《中华人民共和国政府信息公开条例》", 28},
		{"dash", "一二三四五六七八九十一二三四五六七八九十一二三四五六——七八九十", 28},
		{"ellipsis", "一二三四五六七八九十一二三四五六七八九十一二三四五六七……八九十", 28},
		{"number and unit", "一二三四五六七八九十一二三四五六七八九十一二三四五六2022年1月", 28},
		{"percent", "一二三四五六七八九十一二三四五六七八九十一二三四五合格率98.6%。", 28},
		{"latin words", "开通12315热线与政务公开咨询联动，邮箱scjgj@example.gov.cn全年答复公开咨询310余次，Word和WPS都能打开", 28},
		{"typst#3082", "一二三四五六七八九十一二三四五六七八九十一二三四五……（0000），七八九", 28},
		{"fpdf#80", "参照番号参照番号参照番号参照番号参照番号参照番号参照番号参照番号参照番号参照番号", 28},
		{"narrow cell", "三、本年度办理结果（续）", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ls := lines(t, c.text, c.n)
			joined := strings.Join(ls, "")
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(c.text, " ", "") {
				t.Fatalf("characters lost or added:\n got %q\nwant %q", joined, c.text)
			}
			for i, l := range ls {
				r := []rune(l)
				if i > 0 && strings.ContainsRune(linebreak.NoStart, r[0]) && !addressGoesOn(r) {
					t.Errorf("line %d starts with %q: %q", i+1, r[0], ls)
				}
				if i < len(ls)-1 && strings.ContainsRune(linebreak.NoEnd, r[len(r)-1]) {
					t.Errorf("line %d ends with %q: %q", i+1, r[len(r)-1], ls)
				}
				if strings.Contains(l, "-") && !strings.Contains(c.text, "-") {
					t.Errorf("hyphen inserted: %q", ls)
				}
			}
			// an address may break only where address style allows: before a dot, a slash or @
			for i := 0; i+1 < len(ls); i++ {
				a, b := []rune(ls[i]), []rune(ls[i+1])
				if strings.Contains(c.text, "@") && isAlnum(a[len(a)-1]) && isAlnum(b[0]) {
					t.Errorf("an address broken inside a word: %q", ls)
				}
			}
			for _, keep := range []string{"——", "……", "2022年", "98.6%", "example", "12315", "Word", "0000"} {
				if strings.Contains(c.text, keep) && !strings.Contains(strings.Join(ls, "\n"), keep) {
					t.Errorf("%q was split: %q", keep, ls)
				}
			}
		})
	}
}

// TestGridLine: 28 ideographs fill exactly one line; the 29th starts the next.
func TestGridLine(t *testing.T) {
	text := strings.Repeat("政", 26+28+3)
	ls := lines(t, text, 28)
	if len(ls) != 3 || len([]rune(ls[0])) != 26 || len([]rune(ls[1])) != 28 {
		t.Errorf("got lines of %d, %d …; want 26 (indented), 28, 3", len([]rune(ls[0])), len([]rune(ls[1])))
	}
}

// TestTitleBalance: the title's lines, as compose decides them with Layout's metrics (Measure).
func TestTitleBalance(t *testing.T) {
	for _, c := range []struct {
		title string
		want  []string
	}{
		{"一平垣乡2022年政府信息公开工作年度报告", []string{"一平垣乡2022年政府信息公开工作年度报告"}},
		{"宁和县市场监督管理局2023年政府信息公开工作年度报告", []string{"宁和县市场监督管理局", "2023年政府信息公开工作年度报告"}},
		{"宁和县人民政府办公室关于2023年度政府信息公开工作年度报告的说明", nil},
	} {
		comp, err := Compose(&tree.Document{Meta: tree.Meta{Title: c.title}}, theme.New(), testFonts)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range comp.Title {
			got = append(got, l.Text)
		}
		if c.want != nil && strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: got %q, want %q", c.title, got, c.want)
		}
		for _, l := range got {
			if l == "报告" || l == "年度报告" || strings.HasPrefix(l, "报告") {
				t.Errorf("%s: a line %q is a lone word", c.title, l)
			}
		}
		if strings.Join(got, "") != c.title {
			t.Errorf("title characters changed: %q", got)
		}
	}
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
