package layout

import (
	"strings"
	"testing"

	"nianbao/fonts"
	"nianbao/linebreak"
	"nianbao/theme"
	"nianbao/tree"
)

// FuzzLayout lays out arbitrary paragraph text: no panic, no character lost or invented, no line
// starting with a character that may not start one (unless a single-character cell forces it).
func FuzzLayout(f *testing.F) {
	f.Add("一二三四五六七八九十，“引号”——破折号……（括号）2023年98.6%，Word (DOCX) https://example.gov.cn")
	f.Add(strings.Repeat("政", 60) + "。")
	f.Add("（一）标题")
	f.Fuzz(func(t *testing.T, s string) {
		var clean []rune
		for _, r := range s {
			if testFonts.Face(fonts.Body, r) != nil && r <= 0xFFFF && r >= ' ' {
				clean = append(clean, r)
			}
		}
		text := strings.TrimSpace(string(clean))
		if text == "" {
			return
		}
		d := &tree.Document{Meta: tree.Meta{Title: "标题"}, Blocks: []tree.Block{&tree.Para{Runs: []tree.Run{{Text: text}}, Where: "fuzz"}}}
		laid, err := Layout(d, theme.New(), testFonts)
		if err != nil {
			t.Fatal(err)
		}
		pages := laid.Pages
		var printed strings.Builder
		for _, l := range textLines(pages) {
			if l.size != 16 {
				continue
			}
			printed.WriteString(l.text)
			r := []rune(l.text)
			if len(r) > 1 && strings.ContainsRune(linebreak.NoStart, r[0]) && !addressGoesOn(r) && !strings.ContainsRune(linebreak.NoStart, []rune(text)[0]) {
				// a line may start with such a character only if the text did, or a run of them is
				// longer than a line (then there is no rule-abiding break at all)
				if !strings.Contains(text, strings.Repeat(string(r[0]), 2)) {
					t.Errorf("line starts with %q: %q", r[0], l.text)
				}
			}
		}
		if strings.ReplaceAll(printed.String(), " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("text changed:\n got %q\nwant %q", printed.String(), text)
		}
	})
}
