package layout

import (
	"strings"
	"testing"

	"nianbao/fonts"
	"nianbao/theme"
	"nianbao/tree"
)

// broken shapes text at the body size on the 28-character grid and breaks it with the
// paragraph-wide breaker in style; it returns the glyphs (adjusted) and the lines.
func broken(t *testing.T, text, style string) ([]glyph, []line) {
	t.Helper()
	th := theme.New()
	sh := &shaper{fs: testFonts}
	gs := sh.shape([]span{{text, fonts.Body, 16, 0}}, th.CharPitch()-16, "test")
	indent := 2 * th.CharPitch()
	return gs, fill(gs, th.BodyW()-indent, th.BodyW(), th.CharPitch(), style)
}

// TestNoLoneHalfMark (issue 23 point 2): a line that must take a 29th character squeezes its
// marks together by the same amount after its end mark drops its
// blank half (each keeps more than 0.75 em), and never sets one mark inside the line half width; 。 keeps its full width inside a
// line in the national style and takes part in the style "all"; with "none" the gaps close instead.
func TestNoLoneHalfMark(t *testing.T) {
	th := theme.New()
	text := "一二三，四五六。七八，" + strings.Repeat("政", 17) + "，" // 29 characters
	for _, style := range []string{theme.SqueezeNational, theme.SqueezeAll, theme.SqueezeNone} {
		sh := &shaper{fs: testFonts}
		gs := sh.shape([]span{{text, fonts.Body, 16, 0}}, th.CharPitch()-16, "test")
		b := newBreaker(gs, make([]bool, len(gs)), style, th.CharPitch())
		p, ok := b.fit(0, len(gs), th.BodyW(), false)
		if !ok {
			t.Fatalf("%s: 29 characters with four marks do not fit 28", style)
		}
		b.apply(0, len(gs), th.BodyW(), false)
		if w := width(gs); w > th.BodyW()+0.01 {
			t.Errorf("%s: the line is %.2f pt wide, the width %.2f", style, w, th.BodyW())
		}
		if gs[len(gs)-1].half == fonts.NoHalf {
			t.Errorf("%s: the end mark keeps its blank half", style)
		}
		for _, g := range gs[:len(gs)-1] {
			if g.half != fonts.NoHalf {
				t.Errorf("%s: %q set half width inside the line", style, g.r)
			}
			if g.adv < float64(0.75*16) { // halfmarks.py: under 0.75 em reads as half width
				t.Errorf("%s: %q squeezed to %.2f pt", style, g.r, g.adv)
			}
			full := g.adv > th.CharPitch()-float64(gapMax*16)-0.01 // at most the gaps' share taken
			switch {
			case g.r == '。' && style == theme.SqueezeNational && !full:
				t.Errorf("national: 。 squeezed inside a line")
			case g.r == '。' && style == theme.SqueezeAll && full:
				t.Errorf("all: 。 not squeezed with the others")
			case g.r == '，' && style == theme.SqueezeNone && !full:
				t.Errorf("none: ， squeezed inside a line")
			case g.r == '，' && style != theme.SqueezeNone && full:
				t.Errorf("%s: ， not squeezed (plan %+v)", style, p)
			}
		}
	}
}

// TestNoOrphan (issue 23 point 6, clreq 孤字不成行): a paragraph whose greedy setting ends with one
// character and its stop ("止。", "开。") takes it back into the line before, or gives that line one
// more character.
func TestNoOrphan(t *testing.T) {
	for _, text := range []string{
		"本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。本报告电子版可在区人民政府门户网站下载，如对本报告有疑问请与区政务公开办公室联系，联系电话为0351-1234567，截止。",
		"每月对各村（社区）公开栏进行一次检查，确保惠民资金、低保、“一事一议”等事项按时公开。",
		strings.Repeat("政", 26+28) + "开。",
	} {
		gs, ls := broken(t, text, theme.SqueezeNational)
		last := ls[len(ls)-1]
		n := 0
		for _, g := range gs[last.start:last.end] {
			if !strings.ContainsRune("。，", g.r) {
				n++
			}
		}
		if len(ls) > 1 && n <= 1 {
			t.Errorf("孤字: the last line is %q", string(runes(gs[last.start:last.end])))
		}
	}
}

// TestNoGappyLineBeforeAddress (issue 23 points 1 and 10): an e-mail address that does not fit
// the rest of a line does not leave that line spread out: the line is never justified with gaps
// wider than a quarter em, and the address breaks where address style allows (before "@").
func TestNoGappyLineBeforeAddress(t *testing.T) {
	text := "如对本报告有疑问，可发送电子邮件至超长邮箱：qingshizhen.zhengwugongkai.bangongshi@ninghexian-renminzhengfu.gov.cn，我们将在十个工作日内答复。"
	th := theme.New()
	d := &tree.Document{Meta: tree.Meta{Title: "邮箱"}, Blocks: []tree.Block{&tree.Para{Style: tree.Body, Runs: []tree.Run{{Text: text}}, Where: "test"}}}
	for _, p := range layoutOf(t, d) {
		for _, it := range p.Items {
			if it.Kind == TextItem && it.Size == th.Size.BodyPt && it.Spacing > float64(0.25*th.Size.BodyPt) {
				t.Errorf("a gap of %.1f pt: %q", it.Spacing, it.Text)
			}
		}
	}
	gs, ls := broken(t, text, theme.SqueezeNational)
	for _, l := range ls[1:] {
		if r := gs[l.start].r; r == '.' || gs[l.start-1].r == '.' {
			t.Errorf("the address broken at a dot: %q", string(runes(gs[l.start:l.end])))
		}
	}
}

// TestBreakerDeterministic: the same text gives the same lines and adjustments, and a paragraph of
// 20,000 characters is broken (the breaker looks at a few ends per break: linear).
func TestBreakerDeterministic(t *testing.T) {
	text := strings.Repeat("政府信息公开工作平稳有序推进，全年主动公开信息286条、答复申请15件。", 400)
	a, la := broken(t, text, theme.SqueezeNational)
	b, lb := broken(t, text, theme.SqueezeNational)
	if len(la) != len(lb) {
		t.Fatalf("%d lines, then %d", len(la), len(lb))
	}
	for i := range la {
		if la[i] != lb[i] {
			t.Fatalf("line %d differs", i)
		}
	}
	for i := range a {
		if a[i].adv != b[i].adv || a[i].half != b[i].half {
			t.Fatalf("glyph %d set differently", i)
		}
	}
}
