package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"nianbao/datafile"
	"nianbao/model"
)

// postJSON posts a form as form.js saves it (Accept: application/json) and decodes the answer.
func (c *client) postJSON(path string, v url.Values, out any) (int, string) {
	c.w.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.w.ts.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		c.w.t.Errorf("%s answered %d %s, not JSON: %.200s", path, resp.StatusCode, ct, b)
	} else if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.w.t.Errorf("%s: %v", path, err)
		}
	}
	return resp.StatusCode, string(b)
}

// TestSaveJSON: the light save stores a version as the form post does — the same data, the same
// audit rows — and answers the findings of what it stored, as GET findings gives them.
func TestSaveJSON(t *testing.T) {
	w, unitA, unitB := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, body := a.get(page)
	v := form(body)
	v.Set("csrf", a.csrf)
	v.Set("table3.new#0", "4")
	if st, _ := a.post(page+"/save", v); st != 200 { // the first save by the form post (version 0 → 1)
		t.Fatalf("form post: %d", st)
	}
	auditForm, _ := w.store.Audit("", 100)
	v.Set("version", "1")
	v.Set("table3.new#0", "5")
	v.Set("text.problems", "人手不足,下一步加强培训.") // half-width marks, cleaned on save (R14)
	var got savedJSON
	st, raw := a.postJSON(page+"/save", v, &got)
	if st != 200 || !got.Saved || got.Version != 2 || got.State != Draft {
		t.Fatalf("JSON save: %d %s", st, raw)
	}
	if !strings.HasPrefix(got.Message, "已保存") || !strings.Contains(got.Message, "R14") {
		t.Errorf("message %q", got.Message)
	}
	if got.Text["text.problems"] != "人手不足，下一步加强培训。" || len(got.Text) != 1 {
		t.Errorf("the cleaned section is not given back: %v", got.Text)
	}
	rep := mustReport(t, w, unitA)
	fs, _ := fieldsOf(rep.Data)
	if rep.Version != 2 || fs["table3.new#0"] != "5" || fs["text.problems"] != "人手不足，下一步加强培训。" {
		t.Errorf("stored version %d, cell %q, section %q", rep.Version, fs["table3.new#0"], fs["text.problems"])
	}
	// the answer is GET findings' answer (and more)
	var want findingsJSON
	req, _ := http.NewRequest(http.MethodGet, w.ts.URL+page+"/findings", nil)
	resp, err := a.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&want)
	resp.Body.Close()
	if !reflect.DeepEqual(got.findingsJSON, want) || len(want.Findings) == 0 {
		t.Errorf("the save's findings differ from GET findings:\n%+v\n%+v", got.findingsJSON, want)
	}
	// audited as the form post: one row a changed field, with old and new values
	all, _ := w.store.Audit("", 100)
	rows := all[:len(all)-len(auditForm)]
	keys := map[string][2]string{}
	for _, c := range rows {
		keys[c.Key] = [2]string{c.Old, c.New}
		if c.Who != "clerkA" || c.Report != rep.ID {
			t.Errorf("audit row %+v", c)
		}
	}
	if len(rows) != 2 || keys["table3.new#0"] != [2]string{"4", "5"} || keys["text.problems"][1] != "人手不足，下一步加强培训。" {
		t.Errorf("audit rows of the JSON save: %+v", rows)
	}

	// CSRF: the same save without the session's token is refused and stores nothing
	bad := url.Values{}
	for k, vs := range v {
		bad[k] = vs
	}
	bad.Set("version", "2")
	bad.Set("csrf", "forged")
	var e errorJSON
	if st, _ := a.postJSON(page+"/save", bad, &e); st != http.StatusForbidden || e.Error == "" {
		t.Errorf("forged CSRF: %d %+v", st, e)
	}
	bad.Del("csrf")
	if st, _ := a.postJSON(page+"/save", bad, nil); st != http.StatusForbidden {
		t.Errorf("no CSRF: %d", st)
	}
	// rights: clerk B saving unit A's report gets the 404 of a unit that does not exist
	b := w.login("clerkB")
	other := url.Values{}
	for k, vs := range v {
		other[k] = vs
	}
	other.Set("csrf", b.csrf)
	other.Set("version", "2")
	stB, bodyB := b.postJSON(page+"/save", other, &e)
	stNone, _ := b.postJSON("/r/nosuchunit/2026/save", other, nil)
	if stB != http.StatusNotFound || stNone != http.StatusNotFound || strings.Contains(bodyB, "甲镇") {
		t.Errorf("clerk B on unit A: %d %s (no such unit: %d)", stB, bodyB, stNone)
	}
	// the reviewer may not save (a clerk's action): 403
	r := w.login("审核员")
	other.Set("csrf", r.csrf)
	if st, _ := r.postJSON(page+"/save", other, nil); st != http.StatusForbidden {
		t.Errorf("reviewer saves: %d", st)
	}
	// not logged in: 401
	if st, _ := w.client().postJSON(page+"/save", other, nil); st != http.StatusUnauthorized {
		t.Errorf("no session: %d", st)
	}
	if rep := mustReport(t, w, unitA); rep.Version != 2 {
		t.Errorf("a refused save changed the report: version %d", rep.Version)
	}
	if _, err := w.store.Report(unitB, 2026); err != nil {
		t.Fatal(err)
	}
}

// TestSaveJSONConflict: two editors on one report: the second light save gets 409 as JSON with
// the edits it did not save, and nothing is overwritten.
func TestSaveJSONConflict(t *testing.T) {
	w, unitA, _ := district(t)
	a1, a2 := w.login("clerkA"), w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, body := a1.get(page)
	v := form(body)
	v.Set("csrf", a1.csrf)
	v.Set("table3.new#0", "7")
	if st, _ := a1.post(page+"/save", v); st != 200 {
		t.Fatalf("first save: %d", st)
	}
	v.Set("version", "1")
	v.Set("table3.new#0", "8")
	if st, raw := a1.postJSON(page+"/save", v, nil); st != 200 {
		t.Fatalf("JSON save: %d %s", st, raw)
	}
	v.Set("csrf", a2.csrf)
	v.Set("table3.new#0", "9") // a2 opened version 1
	var got savedJSON
	st, raw := a2.postJSON(page+"/save", v, &got)
	if st != http.StatusConflict || got.Saved || got.Version != 2 || !strings.Contains(got.Message, "未保存") {
		t.Fatalf("stale save: %d %s", st, raw)
	}
	if len(got.Lost) != 1 || got.Lost[0] != (lostEdit{Key: "table3.new#0", Old: "8", New: "9"}) {
		t.Errorf("lost edits %+v", got.Lost)
	}
	if fs, _ := fieldsOf(mustReport(t, w, unitA).Data); fs["table3.new#0"] != "8" {
		t.Errorf("stored %q, want 8", fs["table3.new#0"])
	}
	// a report submitted cannot be saved: 409 as JSON too
	if err := w.store.Transition(unitA, 2026, 2, []string{Draft}, Submitted, "已核实", "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	v.Set("csrf", a1.csrf)
	v.Set("version", "3")
	var e errorJSON
	if st, raw := a1.postJSON(page+"/save", v, &e); st != http.StatusConflict || !strings.Contains(e.Error, "已提交") {
		t.Errorf("save of a submitted report: %d %s", st, raw)
	}
}

// TestFieldsOfRaw: the fields the save keeps for the next one (from encodeRaw's values) are the
// fields read back from the TOML it writes.
func TestFieldsOfRaw(t *testing.T) {
	for _, f := range []*model.Format{model.FormatByID("2021")} {
		fs, _ := fieldsOf(datafile.Template(f, 2026))
		fs["date"] = "2027-01-20"
		fs["text.problems"] = "一行。\n\n两行，\"引号\" 与 \\ 反斜杠。\n"
		fs["table3.new#0"] = " 12 "
		fs["table2.regulations#1"] = "/"
		raw := encodeRaw(fs, f, 2026)
		data, err := encodeTOML(raw)
		if err != nil {
			t.Fatal(err)
		}
		want, wf := fieldsOf(data)
		got, gf := fieldsOfRaw(raw)
		if !reflect.DeepEqual(got, want) || gf != wf {
			for k := range want {
				if got[k] != want[k] {
					t.Errorf("%s: %q from the values, %q from the TOML", k, got[k], want[k])
				}
			}
			t.Errorf("%d fields from the values, %d from the TOML", len(got), len(want))
		}
	}
}
