package serve

import (
	"encoding/json"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/model"
	"nianbao/theme"
)

// testSetup is the embedded fonts and the default theme, as the server has them without a font folder.
func testSetup() (*theme.Theme, *fonts.Set, error) {
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	return theme.New(), set, err
}

// markOf is the ✓/✗ of the check cell comparing l and r on a page.
func markOf(body, l string) string {
	m := regexp.MustCompile(`<td class="chk" data-l="` + regexp.QuoteMeta(l) + `" data-r="[^"]*">([^<]*)</td>`).FindStringSubmatch(body)
	if m == nil {
		return "none"
	}
	return m[1]
}

// TestFormLayout: the tables are laid out as the official ones (the merged header cells of 表三
// and 表四), the computed cells are read-only and computed by the server whatever the form
// says, and the 勾稽关系 under 表三 shows ✓/✗ as the workbook does.
func TestFormLayout(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	st, body := a.get(page)
	if st != 200 {
		t.Fatal(st)
	}
	for _, want := range []string{
		`<td class="note" rowspan="3" colspan="3">（本列数据的勾稽关系为`, `<th scope="col" colspan="7">申请人情况</th>`,
		`<th scope="col" colspan="5">法人或其他组织</th>`, `<th scope="col" rowspan="2">总计</th>`,
		`<th scope="col" colspan="10">行政诉讼</th>`, `<th scope="col" colspan="5">未经复议直接起诉</th>`,
		`R1 勾稽关系：一＋二＝（七）总计＋四（✓ 相符，✗ 不符）`, `R3（七）总计＝（一）至（六）之和`, `R4 总计`, `R2 行总计`,
		`<caption>三、收到和处理政府信息公开申请情况</caption>`, `<script src="/form.js"></script>`,
		`<input name="table3.results.total#6" value="0" aria-label="表三「三、本年度办理结果 › （七）总计」「总计」" size="3" readonly data-sum="`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	// 5 new, 3 granted: R1 fails in the first column and the 总计 column, R3 holds
	v := form(body)
	v.Set("table3.new#0", "5")
	v.Set("table3.results.granted#0", "3")
	v.Set("table3.new#6", "999")           // a computed cell: ignored
	v.Set("table3.results.total#0", "777") // likewise
	if st, _ := a.post(page+"/save", v); st != 200 {
		t.Fatalf("save: %d", st)
	}
	rep := mustReport(t, w, unitA)
	if strings.Contains(rep.Data, "999") || strings.Contains(rep.Data, "777") {
		t.Errorf("a computed cell from the form was stored:\n%s", rep.Data)
	}
	_, body = a.get(page)
	v = form(body)
	if v.Get("table3.new#6") != "5" || v.Get("table3.results.total#0") != "3" || v.Get("table3.results.total#6") != "3" {
		t.Errorf("computed cells: %q %q %q", v.Get("table3.new#6"), v.Get("table3.results.total#0"), v.Get("table3.results.total#6"))
	}
	if m := markOf(body, "table3.new#0 table3.carried_over#0"); m != "✗" {
		t.Errorf("R1 of column 1: %q", m)
	}
	if m := markOf(body, "table3.new#1 table3.carried_over#1"); m != "✓" {
		t.Errorf("R1 of column 2: %q", m)
	}
	if m := markOf(body, "table3.new#6 table3.carried_over#6"); m != "✗" {
		t.Errorf("R1 of 总计: %q", m)
	}
	if m := markOf(body, "table3.results.total#0"); m != "✓" {
		t.Errorf("R3: %q", m)
	}
	// 2 carried forward: R1 holds
	v.Set("table3.carried_forward#0", "2")
	a.post(page+"/save", v)
	_, body = a.get(page)
	if m := markOf(body, "table3.new#0 table3.carried_over#0"); m != "✓" {
		t.Errorf("R1 after the fix: %q", m)
	}
	// a word in a cell: ？ where it counts, and the finding names the cell
	v = form(body)
	v.Set("table3.new#1", "三")
	a.post(page+"/save", v)
	_, body = a.get(page)
	if m := markOf(body, "table3.new#1 table3.carried_over#1"); m != "？" {
		t.Errorf("R1 with a word in a cell: %q", m)
	}
	if !strings.Contains(body, "“三”不是数字") {
		t.Error("no finding for the word in a cell")
	}
	// the cell is marked where it is, described by its finding
	m := regexp.MustCompile(`<td class=" flag-error"><input name="table3.new#1" value="三" aria-label="[^"]+" size="3" aria-describedby="(f-\d+)">`).FindStringSubmatch(body)
	if m == nil || !regexp.MustCompile(`<li class="error" id="`+m[1]+`">错误 \[R12\] 表三「一、本年新收政府信息公开申请数量」「商业企业」：“三”不是数字`).MatchString(body) {
		t.Errorf("the cell with a finding is not marked: %v", m)
	}
	// the script is ours, the page's policy lets it (and only it) run
	resp, err := a.http.Get(w.ts.URL + "/form.js")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(string(js), "recompute") {
		t.Errorf("form.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(body, "<script>") {
		t.Error("an inline script on the report page")
	}
}

func getJSON(t *testing.T, c *client, path string, v any) int {
	t.Helper()
	resp, err := c.http.Get(c.w.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == 200 {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return resp.StatusCode
}

// TestFindingsRoute: the findings of a report as saved (JSON, or the list as HTML) and of a
// form as typed (POST check, nothing saved); only for those who may see the report; markup in a
// cell is text in both.
func TestFindingsRoute(t *testing.T) {
	w, unitA, unitB := district(t)
	a, b, rv := w.login("clerkA"), w.login("clerkB"), w.login("审核员")
	page := "/r/" + unitA + "/2026"
	var f findingsJSON
	if st := getJSON(t, a, page+"/findings", &f); st != 200 || f.State != NotStarted || f.Warnings+f.Errors == 0 || len(f.Findings) != f.Errors+f.Warnings {
		t.Fatalf("findings of a report not started: %d %+v", st, f)
	}
	_, body := a.get(page)
	v := form(body)
	v.Set("table3.new#0", "<img src=x onerror=alert(1)>")
	a.post(page+"/save", v)
	f = findingsJSON{}
	if st := getJSON(t, a, page+"/findings", &f); st != 200 || f.Version != 1 || f.State != Draft || f.Errors == 0 {
		t.Fatalf("findings after a save: %d %+v", st, f)
	}
	if strings.Contains(f.HTML, "<img") || !strings.Contains(f.HTML, "&lt;img src=x") {
		t.Errorf("markup in the findings' HTML: %s", f.HTML)
	}
	st, frag := a.get(page + "/findings?format=html")
	if st != 200 || frag != f.HTML || !strings.HasPrefix(frag, `<li class="error" id="f-0">错误 `) {
		t.Errorf("the HTML list: %d %q", st, frag)
	}
	// the reviewer reads them; clerk B does not, by URL
	if st := getJSON(t, rv, page+"/findings", &findingsJSON{}); st != 200 {
		t.Errorf("reviewer: %d", st)
	}
	if st, body := b.get(page + "/findings"); st != 404 || strings.Contains(body, "甲镇") {
		t.Errorf("clerk B reads A's findings: %d", st)
	}
	// check: the findings of what is typed, nothing saved
	_, body = a.get(page)
	v = form(body)
	v.Set("table3.new#0", "4")
	st, js := a.post(page+"/check", v)
	f = findingsJSON{}
	if err := json.Unmarshal([]byte(js), &f); st != 200 || err != nil || strings.Contains(f.HTML, "不是数字") || !strings.Contains(f.HTML, "一＋二＝4") || !strings.Contains(js, `"text":"[R1]`) {
		t.Errorf("check of a fixed form: %d %v %+v", st, err, f)
	}
	if rep := mustReport(t, w, unitA); rep.Version != 1 || !strings.Contains(rep.Data, "onerror") {
		t.Error("check saved the form")
	}
	for _, c := range []struct {
		who  *client
		path string
		want int
	}{{b, page + "/check", 404}, {rv, page + "/check", 403}, {b, "/r/" + unitB + "/2026/check", 200}} {
		vv := url.Values{}
		for k, x := range v {
			vv[k] = x
		}
		if st, _ := c.who.post(c.path, vv); st != c.want {
			t.Errorf("check %s: %d, want %d", c.path, st, c.want)
		}
	}
	v.Del("csrf")
	if st, _ := a.postRaw(page+"/check", v); st != 403 {
		t.Errorf("check without the CSRF token: %d", st)
	}
}

// TestPreview: the pages of the report as saved, laid out as nianbao build does, as SVG images
// beside the form; a message when they cannot be (errors, no fonts); another unit's clerk gets
// nothing.
func TestPreview(t *testing.T) {
	w := newWorldWith(t, testSetup)
	w.store.AddUnits("甲镇\n乙街道", "admin", w.clock())
	us, _ := w.store.Units()
	unitA, unitB := us[0].ID, us[1].ID
	if us[0].Name != "甲镇" {
		unitA, unitB = unitB, unitA
	}
	w.account("clerkA", Clerk, unitA)
	w.account("clerkB", Clerk, unitB)
	a, b := w.login("clerkA"), w.login("clerkB")
	page := "/r/" + unitA + "/2026"
	if _, err := w.store.Save(unitA, 2026, 0, cleanData(t, "甲镇<b>"), 0, 0, nil, "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	st, frag := a.get(page + "/preview?fragment=1")
	imgs := regexp.MustCompile(`<img class="page" src="(/r/[0-9a-f]+/2026/page/\d+)\?v=1" alt="第 \d+ 页"`).FindAllStringSubmatch(frag, -1)
	if st != 200 || len(imgs) < 2 {
		t.Fatalf("preview fragment: %d %s", st, frag)
	}
	resp, err := a.http.Get(w.ts.URL + imgs[0][1])
	if err != nil {
		t.Fatal(err)
	}
	svg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(svg), `<svg class="page"`) || !strings.Contains(string(svg), "@font-face") {
		t.Errorf("page 1: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), svg)
	}
	if strings.Contains(string(svg), "甲镇<b>") {
		t.Error("markup of the organ's name is markup in the SVG")
	}
	st, full := a.get(page + "/preview")
	if st != 200 || !strings.Contains(full, imgs[0][1]) || !strings.Contains(full, "预览") {
		t.Errorf("preview page: %d", st)
	}
	for _, p := range []string{"/page/0", "/page/99", "/page/x"} {
		if st, _ := a.get(page + p); st != 404 {
			t.Errorf("%s: %d", p, st)
		}
	}
	for _, p := range []string{"/preview", "/preview?fragment=1", "/page/1"} {
		if st, body := b.get(page + p); st != 404 || strings.Contains(body, "甲镇") {
			t.Errorf("clerk B gets A's %s: %d", p, st)
		}
	}
	// a draft with errors: no pages, the reason
	_, body := a.get(page)
	v := form(body)
	v.Set("table3.new#0", "x")
	a.post(page+"/save", v)
	if _, frag = a.get(page + "/preview?fragment=1"); strings.Contains(frag, "<img") || !strings.Contains(frag, "数据还有错误") {
		t.Errorf("preview of a draft with errors: %s", frag)
	}
	// no fonts set up: said so
	w2, unitA2, _ := district(t)
	if _, frag = w2.login("clerkA").get("/r/" + unitA2 + "/2026/preview?fragment=1"); !strings.Contains(frag, "未配置字体") {
		t.Errorf("preview without fonts: %s", frag)
	}
}

// TestFormLayout2019: a report in the 2019 format (表三 without （六）'s sub-items) is laid out
// by its own grid, its sums and ✓/✗ by its own rows.
func TestFormLayout2019(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	fs, f := fieldsOf(datafile.Template(model.FormatByID("2019"), 2026))
	if f.ID != "2019" {
		t.Fatalf("format %s", f.ID)
	}
	fs["table3.new#0"], fs["table3.results.other#0"] = "2", "2"
	data, err := encodeFields(fs, f, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Save(unitA, 2026, 0, data, 0, 0, nil, "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	_, body := a.get("/r/" + unitA + "/2026")
	v := form(body)
	if v.Get("table3.results.total#0") != "2" || v.Get("table3.results.other#6") != "2" || markOf(body, "table3.new#0 table3.carried_over#0") != "✓" {
		t.Errorf("2019: total %q, row total %q, R1 %q", v.Get("table3.results.total#0"), v.Get("table3.results.other#6"), markOf(body, "table3.new#0 table3.carried_over#0"))
	}
	if strings.Contains(body, "table3.results.other.overdue_fee") {
		t.Error("a 2021 row in a 2019 form")
	}
}
