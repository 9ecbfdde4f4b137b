package serve

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestRemarksAtCells: a reviewer keeps remarks on single cells and paragraphs, then returns the
// report; the clerk sees each at its cell or under its section, linked to the list, and not
// before the return; markup in a remark is text; parts that do not exist, clerks, a report not
// submitted and a form without the token are refused.
func TestRemarksAtCells(t *testing.T) {
	w, unitA, _ := district(t)
	a, b, rv := w.login("clerkA"), w.login("clerkB"), w.login("审核员")
	page := "/r/" + unitA + "/2026"
	if _, err := w.store.Save(unitA, 2026, 0, cleanData(t, "甲镇"), 0, 0, nil, "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	// a reviewer may not remark on a draft
	if st, _ := rv.post(page+"/remark", url.Values{"version": {"1"}, "part": {"table3.new#0"}, "remark": {"x"}}); st != 409 {
		t.Errorf("a remark on a draft: %d", st)
	}
	if err := w.store.Transition(unitA, 2026, 1, []string{Draft}, Submitted, "", "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	_, body := rv.get(page)
	for _, want := range []string{`<optgroup label="表三的格子"><option value="table3.new#0">表三「一、本年新收政府信息公开申请数量」「自然人」</option>`,
		`<option value="text.problems@1">五、存在的主要问题及改进情况 第 1 段“问题是人手不足，改进措施是培训。”</option>`, `id="keep-remark"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the reviewer's page lacks %q", want)
		}
	}
	for _, c := range []struct{ part, remark string }{{"table3.new#0", "<b>请核对</b>本格"}, {"text.problems@1", "第一段太短"}, {"table2", "表二整体"}} {
		st, body := rv.post(page+"/remark", url.Values{"version": {"2"}, "part": {c.part}, "remark": {c.remark}})
		if st != 200 || !strings.Contains(body, "已记下意见") {
			t.Fatalf("remark on %s: %d %.300s", c.part, st, body)
		}
	}
	if rep := mustReport(t, w, unitA); rep.State != Submitted || rep.Version != 2 {
		t.Errorf("a remark changed the report: %s v%d", rep.State, rep.Version)
	}
	// not the clerk's to see yet
	if _, body = a.get(page); strings.Contains(body, "第一段太短") {
		t.Error("the clerk sees a review going on")
	}
	// refused: parts that are not, clerks, no token
	for _, part := range []string{"text.problems@0", "text.problems@01", "text.nope@1", "table3.nope#0", "table3.new#99", "table3.new", "<script>"} {
		if st, _ := rv.post(page+"/remark", url.Values{"version": {"2"}, "part": {part}, "remark": {"x"}}); st != 422 {
			t.Errorf("a remark on %q: %d", part, st)
		}
	}
	for _, c := range []*client{a, b} {
		if st, _ := c.post(page+"/remark", url.Values{"version": {"2"}, "part": {""}, "remark": {"x"}}); st != 403 {
			t.Errorf("a clerk remarks: %d", st)
		}
	}
	if st, _ := rv.postRaw(page+"/remark", url.Values{"version": {"2"}, "part": {""}, "remark": {"x"}}); st != 403 {
		t.Errorf("a remark without the token: %d", st)
	}
	if st, _ := rv.post(page+"/remark", url.Values{"version": {"1"}, "part": {""}, "remark": {"x"}}); st != 409 {
		t.Errorf("a remark on a version not current: %d", st)
	}
	// returned with the kept remarks, no last word needed
	if st, body := rv.post(page+"/return", url.Values{"version": {"2"}, "part": {""}, "remark": {""}}); st != 200 || !strings.Contains(body, "已退回") {
		t.Fatalf("return: %d %.300s", st, body)
	}
	_, body = a.get(page)
	cell := regexp.MustCompile(`<td class=" remarked"><input name="table3.new#0" value="[^"]*" aria-label="[^"]*" size="3" aria-describedby="(rm-\d+)"><a class="rmk" href="#(rm-\d+)" title="&lt;b&gt;请核对&lt;/b&gt;本格">意见1</a></td>`).FindStringSubmatch(body)
	if cell == nil || cell[1] != cell[2] || !strings.Contains(body, `<li id="`+cell[1]+`">意见1：`) {
		t.Errorf("the cell's remark is not at the cell:\n%s", body[strings.Index(body, "table3.new#0")-200:][:600])
	}
	if strings.Contains(body, "<b>请核对") {
		t.Error("markup in a remark is markup")
	}
	para := regexp.MustCompile(`<textarea id="text.problems" name="text.problems" [^>]*aria-describedby="(at-\d+)">[^<]*</textarea></p><ul class="remarks-at"><li id="(at-\d+)"><a href="#rm-\d+">意见2</a>【五、存在的主要问题及改进情况 第 1 段】第一段太短</li></ul>`).FindStringSubmatch(body)
	if para == nil || para[1] != para[2] {
		t.Error("the paragraph's remark is not under its section")
	}
	if !strings.Contains(body, `<ul class="remarks-at"><li id="at-`) || !strings.Contains(body, "【表二】表二整体") {
		t.Error("the table's remark is not above it")
	}
	// fixed, submitted, approved: the remarks stay in the list, no longer at the cells
	v := form(body)
	a.post(page+"/save", v)
	_, body = a.get(page)
	v = form(body)
	a.post(page+"/submit", url.Values{"version": {v.Get("version")}, "explanation": {"已核对"}})
	_, body = rv.get(page)
	if !strings.Contains(body, `class=" remarked"`) {
		t.Error("the reviewer does not see the last review's remarks on the resubmitted report")
	}
	if st, _ := rv.post(page+"/approve", url.Values{"version": {form(body).Get("version")}}); st != 200 {
		t.Fatalf("approve: %d", st)
	}
	_, body = a.get(page)
	if strings.Contains(body, "remarked") || !strings.Contains(body, "第一段太短") {
		t.Error("after approval the remarks should be listed, not placed")
	}
}
