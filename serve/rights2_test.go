package serve

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestNewRoutesRights: every route this file's features added, for someone not logged in, for
// clerk B on unit A's report, and for roles that may not: 303 to the login page (GET) or 401
// (POST), 404 for another unit's report (as for one that does not exist), 403 for a role; no
// answer names unit A. Then clerk B's upload named after unit A's folder lands in unit B only,
// and its markup-laden name is text in the message.
func TestNewRoutesRights(t *testing.T) {
	w, unitA, unitB := district(t)
	a, b := w.login("clerkA"), w.login("clerkB")
	_, body := a.get("/r/" + unitA + "/2026")
	a.post("/r/"+unitA+"/2026/save", form(body))
	pa := "/r/" + unitA + "/2026"
	routes := []struct {
		method, path string
		clerkB       int // clerk B's answer
	}{
		{"GET", pa + "/findings", 404}, {"GET", pa + "/findings?format=html", 404},
		{"POST", pa + "/check", 404},
		{"GET", pa + "/preview", 404}, {"GET", pa + "/preview?fragment=1", 404}, {"GET", pa + "/page/1", 404},
		{"POST", pa + "/remark", 403}, {"POST", pa + "/upload", 404},
		{"GET", pa + "/file/ofd", 404},
		{"GET", "/review/reports.zip?year=2026", 403}, {"GET", "/review/reports.zip?year=2026&ofd=1", 403},
		{"GET", "/review/summary.xlsx?year=2026", 403},
		{"POST", "/admin/units/upload", 403},
	}
	anon := w.client()
	noRedirect := func(req *http.Request, via []*http.Request) error { return http.ErrUseLastResponse }
	anon.http.CheckRedirect = noRedirect
	for _, c := range routes {
		var st int
		var body string
		if c.method == "GET" {
			st, body = b.get(c.path)
		} else if strings.HasSuffix(c.path, "upload") {
			st, body = b.upload(c.path, "x.docx", wordDoc("一、总体情况", "x"), "1")
		} else {
			st, body = b.post(c.path, url.Values{"version": {"1"}, "part": {""}, "remark": {"x"}, "table3.new#0": {"9"}})
		}
		if st != c.clerkB || strings.Contains(body, "甲镇") {
			t.Errorf("clerk B %s %s: %d, want %d (or the answer names unit A)", c.method, c.path, st, c.clerkB)
		}
		if c.method == "GET" {
			resp, err := anon.http.Get(w.ts.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/login" {
				t.Errorf("anonymous GET %s: %d %s", c.path, resp.StatusCode, resp.Header.Get("Location"))
			}
		} else if st, _ := anon.postRaw(c.path, url.Values{"csrf": {"x"}}); st != 401 {
			t.Errorf("anonymous POST %s: %d", c.path, st)
		}
	}
	// clerk A's own: a reviewer's route is not a clerk's, the administrator's neither
	for _, p := range []string{pa + "/remark", "/admin/units/upload"} {
		if st, _ := a.post(p, url.Values{"part": {""}, "remark": {"x"}, "version": {"1"}}); st != 403 {
			t.Errorf("clerk A POST %s: %d", p, st)
		}
	}
	if rep := mustReport(t, w, unitA); rep.Version != 1 {
		t.Errorf("unit A's report changed: version %d", rep.Version)
	}
	// an upload named after unit A's folder goes to the report of the URL, B's; the name is text
	name := "../" + unitA + "/<img src=x onerror=alert(1)>.docx"
	st, body := b.upload("/r/"+unitB+"/2026/upload", name, []byte("not a zip"), "0")
	if st != 422 || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;.docx") {
		t.Errorf("a bad file with markup in its name: %d %.600s", st, body)
	}
	doc := wordDoc("一、总体情况", "乙街道全年主动公开信息。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "问题。", "六、其他需要报告的事项", "无。")
	if st, _ := b.upload("/r/"+unitB+"/2026/upload", "../"+unitA+"/甲镇.docx", doc, "0"); st != 200 {
		t.Errorf("clerk B's own Word upload: %d", st)
	}
	if fs, _ := fieldsOf(mustReport(t, w, unitB).Data); !strings.Contains(fs["text.overview"], "乙街道全年") {
		t.Error("clerk B's upload is not in unit B")
	}
	if fs, _ := fieldsOf(mustReport(t, w, unitA).Data); strings.Contains(fs["text.overview"], "乙街道") {
		t.Error("clerk B's upload reached unit A")
	}
}
