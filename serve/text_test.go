package serve

import (
	"strings"
	"testing"

	"nianbao/model"
)

// TestPasteClean: text pasted from Word into a section is cleaned on save the way decoding fixes
// it and rule R14 reports it (the same model.ParseText): every line a paragraph, half-width
// punctuation between Chinese made full-width, "(二)" made "（二）", indentation and invisible
// characters gone; the report then has no R14 warning, and the flash says what was tidied.
func TestPasteClean(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, body := a.get(page)
	v := form(body)
	pasted := "\u3000\u3000(一)主动公开。本年度主动公开信息120条,其中规章2件;\u200b版本1.5保持不变。\r\n\u3000\u3000(二)依申请公开\u00a0。收到申请0件!\r\n\r\n"
	v.Set("text.overview", pasted)
	st, body := a.post(page+"/save", v)
	if st != 200 || !strings.Contains(body, "粘贴的文字已整理（") || !strings.Contains(body, "规则 R14") {
		t.Fatalf("save: %d %.300s", st, body)
	}
	want := "（一）主动公开。本年度主动公开信息120条，其中规章2件；版本1.5保持不变。\n\n（二）依申请公开 。收到申请0件！"
	if got := form(body).Get("text.overview"); got != want {
		t.Errorf("the cleaned text:\n%q\nwant\n%q", got, want)
	}
	rep := mustReport(t, w, unitA)
	r, fs := validate(rep.Data)
	for _, f := range fs {
		if f.Rule == "R14" {
			t.Errorf("R14 after cleaning: %s", f.Msg.Zh)
		}
	}
	if r == nil || len(r.Text[model.TextOverview]) != 2 || r.Text[model.TextOverview][1].Level != 2 {
		t.Errorf("paragraphs: %+v", r)
	}
	// the same text in a data file, not cleaned: R14 says what decoding fixed, the same fix
	fields, f := fieldsOf(rep.Data)
	fields["text.overview"] = strings.ReplaceAll(pasted, "\r\n", "\n\n")
	data, _ := encodeFields(fields, f, 2026)
	r2, fs2 := validate(data)
	r14 := 0
	for _, f := range fs2 {
		if f.Rule == "R14" {
			r14++
		}
	}
	if r14 == 0 || r2 == nil || model.TextOf(r2.Text[model.TextOverview]) != want+"\n" {
		t.Errorf("the data file's text: %d R14, %q", r14, model.TextOf(r2.Text[model.TextOverview]))
	}
	// typed again unchanged: nothing tidied, no change audited
	_, body = a.get(page)
	v = form(body)
	if _, body = a.post(page+"/save", v); strings.Contains(body, "粘贴的文字已整理") {
		t.Error("clean text tidied again")
	}
	cs, _ := w.store.Audit(rep.ID, 100)
	for _, c := range cs {
		if c.Key == "text.overview" && c.Old != "" && c.Old != pasted && !strings.Contains(c.Old, "在此填写") {
			t.Errorf("a second change of the cleaned text audited: %q → %q", c.Old, c.New)
		}
	}
}
