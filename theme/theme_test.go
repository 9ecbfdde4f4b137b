package theme

import (
	"strings"
	"testing"

	"nianbao/i18n"
)

func TestDefault(t *testing.T) {
	th := New()
	if p := th.LinePitch(); p < 28.98 || p > 29.0 {
		t.Errorf("line pitch %.3f pt, GB/T 9704 wants 225 mm / 22 = 28.99", p)
	}
	if c := th.CharPitch(); c < 15.78 || c > 15.80 {
		t.Errorf("character pitch %.3f pt, want 156 mm / 28 = 15.79", c)
	}
	// the commented default parses as a user theme too, and sets every key
	if _, err := Parse("default.toml", Default()); err != nil {
		t.Fatal(err)
	}
	for _, k := range validKeys() {
		if !strings.Contains(Default(), strings.SplitN(k, ".", 2)[1]+" =") {
			t.Errorf("default.toml does not show %s", k)
		}
	}
}

func TestOverride(t *testing.T) {
	th, err := Parse("my.toml", "[size]\ntable_pt = 12\n[text]\nh3_bold = true\n")
	if err != nil {
		t.Fatal(err)
	}
	if th.Size.TablePt != 12 || !th.Text.H3Bold || th.Size.BodyPt != 16 || len(th.Table.Widths3) != 10 {
		t.Errorf("override: %+v", th.Size)
	}
	th, err = Parse("zihao.toml", "[size]\ntitle_pt = \"二号\"\nbody_pt = \"3号\"\ntable_pt = \"小四\"\npageno_pt = \"四号\"\n")
	if err != nil || th.Size.TitlePt != 22 || th.Size.BodyPt != 16 || th.Size.TablePt != 12 || th.Size.PageNoPt != 14 {
		t.Errorf("字号 names: %v %+v", err, th.Size)
	}
	if New().Size.TablePt != 10.5 {
		t.Error("Parse changed the default")
	}
}

func TestBadTheme(t *testing.T) {
	cases := []struct{ src, zh, en string }{
		{"[size]\ntabel_pt = 12\n", "my.toml:2: 未知的主题键“size.tabel_pt”，是否应为“size.table_pt”？", `did you mean "size.table_pt"`},
		{"[size]\nbody_pt = 0\n", "my.toml:2: 主题键“size.body_pt”应大于 0", "must be above 0"},
		{"[size]\nbody_pt = 200\n", "my.toml:2: 主题键“size.body_pt”应大于 0、不超过 100", "at most 100"},
		{"[size]\nbody_pt = 20\n", "my.toml:2: 正文字号 20 磅大于每行 28 字的字距", "wider than the character pitch"},
		{"[size]\ntitle_pt = \"十号\"\n", "my.toml:2: “size.title_pt”“十号”不是字号", "not a 字号"},
		{"[size]\ntitle_pt = true\n", "my.toml:2: “size.title_pt”应为数字（磅）或字号", "must be a number"},
		{"\n[page]\ntop_mm = -500\n", "my.toml:3: 主题键“page.top_mm”应在 0 到 2000 之间", "must be from 0 to 2000"},
		{"[page_number]\nformat = \"第%d页共%d页\"\n", "my.toml:2: 主题键“page_number.format”必须含有且只含有一个 %d", "exactly one %d"},
		{"[page_number]\nformat = \"%s\"\n", "只含有一个 %d", "exactly one %d"},
		{"[page_number]\nbelow_mm = 90\n", "页码在纸张之外", "falls off the paper"},
		{"[table]\npadding_pt = -1\n", "my.toml:2: 主题键“table.padding_pt”应在 0 到 50 之间", "from 0 to 50"},
		{"[table]\nwidths4 = [0, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4, 10.4]\n", "至少 5 毫米", "at least 5 mm"},
		{"a = " + strings.Repeat("[", 100000), "嵌套太深", "nested too deeply"},
		{"[table]\nwidths3 = [10, 10]\n", "应有 10 个列宽", "needs 10 widths"},
		{"[table]\nwidths2 = [100, 40, 40, 40]\n", "超过版心宽", "wider than the type area"},
		{"[page_number]\nformat = \"第页\"\n", "%d", "%d"},
		{"[size\n", "my.toml:2", "theme error"},
		{"[page]\nleft_mm = 100\n", "版心超出了纸张", "does not fit"},
	}
	for _, c := range cases {
		_, err := Parse("my.toml", c.src)
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		if zh, en := i18n.Message(err, i18n.Zh), i18n.Message(err, i18n.En); !strings.Contains(zh, c.zh) || !strings.Contains(en, c.en) {
			t.Errorf("%q:\n%s\n%s", c.src, zh, en)
		}
	}
}
