package layout

import (
	"strings"
	"testing"

	"nianbao/theme"
	"nianbao/tree"
)

// lastPageDoc is a page of text whose last paragraph ends on the page's last lines, so the
// signature does not fit under it: n is the last paragraph's length in characters.
func lastPageDoc(n int) *tree.Document {
	body := func(s string) *tree.Para {
		return &tree.Para{Style: tree.Body, Runs: []tree.Run{{Text: s}}, Where: "test"}
	}
	return &tree.Document{Meta: tree.Meta{Title: "末页"}, Blocks: []tree.Block{
		body(strings.Repeat("政府信息公开工作平稳有序推进，", 20)),
		body(strings.Repeat("公开", n/2) + "。"),
	}, Signature: tree.Signature{Name: "宁和县青石镇人民政府", Date: "2024年1月22日"}}
}

// TestLastPage: whatever the last paragraph's length, the signature never stands on a page of
// its own, and where setting the last paragraph closer (§7.3.5.5) saves the carried lines, no
// page is added.
func TestLastPage(t *testing.T) {
	tightened := 0
	for n := 20; n < 260; n += 2 {
		laid, err := Layout(lastPageDoc(n), theme.New(), testFonts)
		if err != nil {
			t.Fatal(err)
		}
		pages := laid.Pages
		last := pages[len(pages)-1]
		var text strings.Builder
		for _, it := range last.Items {
			text.WriteString(it.Text)
		}
		if !strings.Contains(text.String(), "公开") {
			t.Errorf("n=%d: the signature stands alone on page %d", n, len(pages))
		}
		for _, it := range last.Items {
			if it.Kind == TextItem && it.Spacing < -0.1*it.Size-0.22 {
				t.Errorf("n=%d: %q set too close (%.2f)", n, it.Text, it.Spacing)
			}
		}
		noTighten = true
		loose, _ := Layout(lastPageDoc(n), theme.New(), testFonts)
		noTighten = false
		if len(loose.Pages) > len(pages) {
			tightened++
		}
	}
	if tightened == 0 {
		t.Error("§7.3.5.5 never saved a page")
	}
	t.Logf("%d of 120 lengths kept the signature on the page by setting the last paragraph closer", tightened)
}
