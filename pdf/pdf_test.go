package pdf

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"nianbao/fonts"
	"nianbao/layout"
)

func TestWrite(t *testing.T) {
	body := fonts.Default(fonts.Body)
	title := fonts.Default(fonts.Title)
	pages := []layout.Page{{Number: 1, Width: 595.28, Height: 841.89, Items: []layout.Item{
		{Kind: layout.TextItem, X: 100, Y: 100, Font: title.ID, Size: 22, Text: "标题"},
		{Kind: layout.TextItem, X: 100, Y: 200, Font: body.ID, Size: 16, Text: "正文，“引号”", Spacing: -0.2},
		{Kind: layout.TextItem, X: 100, Y: 230, Font: body.ID, Size: 16, Text: "加粗", Bold: true, Width: 0.35},
		{Kind: layout.RuleItem, X: 100, Y: 300, X2: 400, Y2: 300, Width: 0.5},
	}}}
	meta := Meta{Title: "标题", Author: "某机关", Lang: "zh-CN", Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}
	var a, b bytes.Buffer
	if err := Write(&a, pages, []*fonts.Face{body, title}, meta); err != nil {
		t.Fatal(err)
	}
	Write(&b, pages, []*fonts.Face{body, title}, meta)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("not deterministic")
	}
	out := a.String()
	tags := regexp.MustCompile(`/BaseFont /([A-Z]{6})\+`).FindAllStringSubmatch(out, -1)
	if len(tags) != 4 || tags[0][1] == tags[2][1] && tags[0][1] == tags[1][1] { // Type0 and CIDFont of each face
		t.Errorf("subset tags: %v", tags)
	}
	if strings.Contains(out, "/utf8") {
		t.Error("an untagged font name is left")
	}
	if len(a.Bytes()) > 60000 {
		t.Errorf("a one-page PDF of 9 characters is %d bytes: fonts not subset?", a.Len())
	}
	// a face the pages use but that was not given is an error, not a broken file
	if err := Write(&b, pages, []*fonts.Face{body}, meta); err == nil {
		t.Error("missing face accepted")
	}
}
