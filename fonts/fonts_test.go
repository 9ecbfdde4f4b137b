package fonts

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nianbao/i18n"
)

// fakeDir makes a folder that looks like a machine's font folder: the test fonts under names that
// say nothing of their family (discovery must read the name tables), a folder named like a font,
// and a corrupt file.
func fakeDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, "testdata/fangsong.ttf", filepath.Join(dir, "a", "x1.ttf"))
	copyFile(t, "testdata/heiti.ttc", filepath.Join(dir, "b", "x2.ttc"))
	os.MkdirAll(filepath.Join(dir, "folder.ttf"), 0o755)
	os.WriteFile(filepath.Join(dir, "broken.ttf"), []byte("\x00\x01\x00\x00garbage"), 0o644)
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiscoverByFamilyName(t *testing.T) {
	dir := fakeDir(t)
	found := Discover([]string{dir})
	if got := found[normName("仿宋_GB2312")]; !strings.HasSuffix(got, "x1.ttf") {
		t.Errorf("仿宋_GB2312 → %q", got)
	}
	if got := found[normName("SimHei")]; !strings.HasSuffix(got, "x2.ttc#1") {
		t.Errorf("SimHei → %q, want face 1 of the collection", got)
	}
	if got := found[normName("测试黑体")]; !strings.HasSuffix(got, "x2.ttc#0") {
		t.Errorf("测试黑体 → %q", got)
	}
	set, err := Resolve(Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Primary(Body); !f.Official || !strings.HasSuffix(f.Source, "x1.ttf") {
		t.Errorf("body: %s official=%v", f.Source, f.Official)
	}
	if f := set.Primary(H1); !f.Official || !strings.HasSuffix(f.Source, "x2.ttc#1") {
		t.Errorf("h1: %s", f.Source)
	}
	if f := set.Primary(Title); f.Official || f.Source != "embedded:title.ttf" {
		t.Errorf("title (no official face here): %s", f.Source)
	}
}

// TestFallback: a character the official face lacks comes from the next face in the chain; one no
// face has gives nil (layout turns that into MissingError).
func TestFallback(t *testing.T) {
	set, err := Resolve(Options{Dirs: []string{fakeDir(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Face(Body, '仿'); !f.Official {
		t.Errorf("仿 from %s, want the official face", f.Source)
	}
	if f := set.Face(Body, '政'); f == nil || f.Source != "embedded:body.ttf" {
		t.Errorf("政 (not in the official test face) should fall back to the embedded body font")
	}
	if f := set.Face(H1, '乙'); f == nil || !strings.HasSuffix(f.Source, "x2.ttc#1") {
		t.Errorf("乙 should come from the official 黑体 face")
	}
	if f := set.Face(H1, '仿'); f == nil || f.Source != "embedded:hei.ttf" {
		t.Errorf("仿 is not in the official 黑体 face: the h1 chain goes on to the embedded 黑体 stand-in")
	}
	if f := set.Face(Body, '\uE000'); f != nil {
		t.Errorf("private-use character should have no face, got %s", f.Source)
	}
	msg := MissingError{{Char: 0x20BB7, Where: "一、总体情况 第2段"}, {Char: '\uE000', Where: "表三"}}
	zh, en := msg.In(i18n.Zh), msg.In(i18n.En)
	for _, want := range []string{"U+20BB7", "一、总体情况 第2段", "U+E000", "表三"} {
		if !strings.Contains(zh, want) || !strings.Contains(en, want) {
			t.Errorf("missing-character message lacks %q:\n%s\n%s", want, zh, en)
		}
	}
}

func TestExplicitFile(t *testing.T) {
	set, err := Resolve(Options{Files: map[Role]string{Title: "testdata/heiti.ttc#1"}, NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Primary(Title); f.Family != "SimHei" && f.Family != "黑体" {
		t.Errorf("title = %q", f.Family)
	}
	if f := set.Primary(Body); f.Source != "embedded:body.ttf" {
		t.Errorf("body = %s", f.Source)
	}
}

func TestBadFonts(t *testing.T) {
	dir := fakeDir(t)
	cases := []struct{ path, zh, en string }{
		{filepath.Join(dir, "folder.ttf"), "文件夹", "directory"},
		{filepath.Join(dir, "broken.ttf"), "不是可用的 TrueType 或 OpenType 字体", "not a usable"},
		{filepath.Join(dir, "none.ttf"), "不存在", "no such"},
		{"testdata/heiti.ttc#5", "face 5 does not exist", "0–1"},
	}
	for _, c := range cases {
		_, err := Load(c.path)
		if err == nil {
			t.Errorf("%s: no error", c.path)
			continue
		}
		le := err.(i18n.Localized)
		if !strings.Contains(le.In(i18n.Zh), c.zh) || !strings.Contains(le.In(i18n.En), c.en) || !strings.Contains(le.In(i18n.Zh), filepath.Base(strings.Split(c.path, "#")[0])) {
			t.Errorf("%s: %s / %s", c.path, le.In(i18n.Zh), le.In(i18n.En))
		}
	}
	// Resolve with a bad explicit file fails with its message; a bad system font is skipped.
	if _, err := Resolve(Options{Files: map[Role]string{Body: filepath.Join(dir, "broken.ttf")}}); err == nil {
		t.Error("an explicit broken font must be refused")
	}
}

// TestDefaultsCoverGB2312: every role's embedded chain has the characters of a report, each
// ideograph one em wide; the body's 仿宋 sets quotes full width and digits half width (chinese_body
// in scripts/fonts-subset.py), and the Song face it falls back to has the symbols it lacks.
func TestDefaultsCoverGB2312(t *testing.T) {
	for r := Role(0); r < NumRoles; r++ {
		chain := defaults(r)
		text := "政府信息公开工作年度报告，。、；：？！“”（）《》—…0123456789①℃"
		if r == PageNo {
			text = "—0123456789"
		}
		for _, c := range text {
			if !slices.ContainsFunc(chain, func(f *Face) bool { return f.Has(c) }) {
				t.Errorf("%s lacks %c", r.Name(), c)
			}
		}
		if f := chain[0]; r != PageNo && (f.Advance('中') < 0.9 || f.Advance('中') > 1.1) {
			t.Errorf("%s: 中 advance %.3f em", f.Source, f.Advance('中'))
		}
	}
	body := Default(Body)
	for _, c := range "“”‘’" {
		if a := body.Advance(c); a != 1 {
			t.Errorf("body %c: advance %.3f em, want 1", c, a)
		}
	}
	for c := '0'; c <= '9'; c++ {
		if a := body.Advance(c); a != 0.5 {
			t.Errorf("body %c: advance %.3f em, want 0.5", c, a)
		}
	}
	if len(Licenses()) != 4 {
		t.Errorf("licences: %d", len(Licenses()))
	}
}

// TestBodyCoversNames (issue 23 point 5): the embedded body face is the whole coverage of 朱雀仿宋 —
// at least the 8,105 characters of the 通用规范汉字表 — so that names beyond GB2312 (喆 堃 玥 昇 䶮)
// are set in 仿宋 too, never in a 宋体 fallback, and build without system fonts.
func TestBodyCoversNames(t *testing.T) {
	body := Default(Body)
	for _, r := range "喆堃玥昇䶮" {
		if !body.Has(r) {
			t.Errorf("the embedded body face lacks %c (U+%04X)", r, r)
		}
	}
	n := 0
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		if body.Has(r) {
			n++
		}
	}
	for r := rune(0x20000); r <= 0x3FFFF; r++ {
		if body.Has(r) {
			n++
		}
	}
	if n < 8105 {
		t.Errorf("the embedded body face has %d ideographs, want at least the 8,105 of the 通用规范汉字表", n)
	}
	set, err := Resolve(Options{NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Face(Body, '堃'); f != body {
		t.Errorf("堃 is set in %v, not the body face", f)
	}
}
