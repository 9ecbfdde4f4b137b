package theme

import (
	"strings"
	"testing"

	"nianbao/i18n"
)

// TestPrintableFloor: positive sizes too small to print are refused, naming the key; 八号 and a
// 0.1 pt rule pass.
func TestPrintableFloor(t *testing.T) {
	for _, c := range []struct{ src, zh, en string }{
		{"[size]\ntitle_pt = 1e-300\n", "my.toml:2: 主题键“size.title_pt”是 1e-300 磅，小于最小的字号八号（5 磅）", "below the smallest 字号"},
		{"[size]\ntable_pt = 4.9\n", "主题键“size.table_pt”是 4.9 磅", "table_pt is 4.9 pt"},
		{"[size]\npageno_pt = 0.5\n", "size.pageno_pt", "pageno_pt"},
		{"[table]\nborder_pt = 1e-9\n", "my.toml:2: 主题键“table.border_pt”是 1e-09 磅，太细，印不出来", "too thin to print"},
	} {
		_, err := Parse("my.toml", c.src)
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		if zh, en := i18n.Message(err, i18n.Zh), i18n.Message(err, i18n.En); !strings.Contains(zh, c.zh) || !strings.Contains(en, c.en) {
			t.Errorf("%q:\n%s\n%s", c.src, zh, en)
		}
	}
	for _, src := range []string{"[size]\ntable_pt = \"八号\"\n", "[table]\nborder_pt = 0.1\n", "[table]\nborder_pt = 0\n"} {
		if _, err := Parse("ok.toml", src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
