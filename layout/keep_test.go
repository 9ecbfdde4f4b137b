package layout

import (
	"strings"
	"testing"

	"nianbao/theme"
	"nianbao/tree"
)

// TestHeadingChainKept (背题, issue 23 point 4): a run of headings — "2.平台建设。" directly
// followed by "（1）网站建设。" — is kept with the first lines of the text after it, wherever the
// page break falls: no page ends with a heading.
func TestHeadingChainKept(t *testing.T) {
	para := func(style tree.Style, s string) *tree.Para {
		return &tree.Para{Style: style, Runs: []tree.Run{{Text: s, Style: style}}, Where: "test"}
	}
	moved := 0
	for lines := 1; lines <= 24; lines++ {
		// filler of `lines` grid lines pushes the chain down a line at a time
		filler := para(tree.Body, strings.Repeat("政", 26+28*(lines-1)))
		d := &tree.Document{Meta: tree.Meta{Title: "背题"}, Blocks: []tree.Block{
			filler,
			para(tree.H3, "2.平台建设。"),
			para(tree.H4, "（1）网站建设。"),
			para(tree.Body, strings.Repeat("网站栏目调整优化，", 9)),
			para(tree.H3, "3.监督保障。"),
			para(tree.Body, strings.Repeat("监督。", 3)),
		}}
		pages := layoutOf(t, d)
		for i, p := range pages[:len(pages)-1] {
			var last Item
			for _, it := range p.Items {
				if it.Kind == TextItem && it.Struct.Elem != 0 {
					last = it
				}
			}
			if strings.HasPrefix(last.Struct.Role, "H") && last.Struct.Role != "H1" {
				t.Errorf("%d filler lines: page %d ends with the heading %q", lines, i+1, last.Text)
			}
		}
		// the chain did start a new page for some filler lengths
		for i, p := range pages {
			for _, it := range p.Items {
				if strings.HasPrefix(it.Struct.Role, "H") && it.Struct.Role != "H1" && i > 0 && it.Y < theme.New().Top()+30 {
					moved++
				}
			}
		}
	}
	if moved == 0 {
		t.Error("the heading chain never started a page: the test moved nothing")
	}
}
