package fonts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/i18n"
	"nianbao/internal/testenv"
)

// TestHostileCFF: a face whose subroutines fan out or call themselves (testdata/fanout.otf,
// recursive.otf, planted.otf, made by fonts/sfnt's TestHostileFonts) is refused when it is loaded,
// at once, with a message in both languages naming the glyph; nothing reads its outlines.
func TestHostileCFF(t *testing.T) {
	for _, name := range []string{"fanout.otf", "recursive.otf", "planted.otf"} {
		p := filepath.Join("testdata", name)
		var err error
		if d := testenv.CPU(func() { _, err = loadFile(p, 0, p) }); d > 2*time.Second {
			t.Errorf("%s: refused after %v", name, d)
		}
		var fe *FontError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[string][2]string{"fanout.otf": {"展开后过长", "too long once its subroutines are expanded"},
			"recursive.otf": {"调用自身的子程序", "a subroutine that calls itself"}, "planted.otf": {"展开后过长", "too long"}}[name]
		if zh, en := fe.In(i18n.Zh), fe.In(i18n.En); !strings.Contains(zh, "字形 0 的轮廓") || !strings.Contains(zh, want[0]) || !strings.Contains(en, want[1]) {
			t.Errorf("%s:\n%s\n%s", name, zh, en)
		}
	}
}

// TestNotoDiscovery: asked for by family name, the Noto CJK collections give their Regular face
// (the other weights claim the same typographic family and sort first), and a character beyond
// the 通用规范汉字表, where the embedded body face stops, falls back to Noto Serif CJK SC.
func TestNotoDiscovery(t *testing.T) {
	const dir = "/usr/share/fonts/opentype/noto/"
	if _, err := os.Stat(dir + "NotoSerifCJK-Regular.ttc"); err != nil {
		testenv.Need(t, false, "fonts-noto-cjk")
	}
	found := Discover([]string{dir})
	if p := found[normName("Noto Serif CJK SC")]; p != dir+"NotoSerifCJK-Regular.ttc#2" {
		t.Errorf("Noto Serif CJK SC → %s", p)
	}
	set, err := Resolve(Options{Dirs: []string{dir}, Names: map[Role]string{H1: "Noto Sans CJK SC"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Primary(H1); f.Family != "Noto Sans CJK SC" || !f.CFF {
		t.Errorf("h1 = %s (%s)", f.Family, f.Source)
	}
	if Default(Body).Has('丂') {
		t.Fatal("the embedded body face has 丂: choose another test character")
	}
	set, err = Resolve(Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Face(Body, '丂'); f == nil || f.Family != "Noto Serif CJK SC" {
		t.Error("丂 (beyond the 通用规范汉字表) is not drawn by Noto Serif CJK SC")
	}
}

// TestDiscoverFIFO: a FIFO named like a font in a font folder is skipped, not waited on.
func TestDiscoverFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := mkfifo(filepath.Join(dir, "仿宋_GB2312.ttf")); err != nil {
		t.Skip(err)
	}
	done := make(chan map[string]string, 1)
	go func() { done <- Discover([]string{dir}) }()
	select {
	case m := <-done:
		if len(m) != 0 {
			t.Errorf("found %v", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("discovery blocked on a FIFO")
	}
}

// TestPlantedFont: a fan-out font planted where fonts are installed, named 仿宋_GB2312, is found
// by discovery, refused when loaded, and the body falls back to the embedded stand-in at once.
func TestPlantedFont(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/planted.otf")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "仿宋_GB2312.otf")
	os.WriteFile(p, b, 0o644)
	if got := Discover([]string{dir})[normName("仿宋_GB2312")]; got != p {
		t.Fatalf("discovery: %q", got)
	}
	var set *Set
	took := testenv.CPU(func() { set, err = Resolve(Options{Dirs: []string{dir}}) })
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Primary(Body); f.Official || f.Source == p || took > 5*time.Second {
		t.Errorf("body: %s (official %v) after %v of CPU time", f.Source, f.Official, took)
	}
}
