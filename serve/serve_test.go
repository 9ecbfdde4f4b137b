package serve

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/theme"
)

// world is a server over a fresh database, with a clock the test moves.
type world struct {
	t     *testing.T
	store *Store
	ts    *httptest.Server
	mu    sync.Mutex
	now   time.Time
}

func newWorld(t *testing.T) *world { return newWorldWith(t, nil) }

func newWorldWith(t *testing.T, setup func() (*theme.Theme, *fonts.Set, error)) *world {
	t.Helper()
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, store: st, now: time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)}
	s := New(Config{Store: st, Now: w.clock, Setup: setup})
	w.ts = httptest.NewServer(s)
	t.Cleanup(func() { w.ts.Close(); st.Close() })
	return w
}

func (w *world) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

// account makes a user with a password, as the set-up link would.
func (w *world) account(name, role, unit string) {
	w.t.Helper()
	_, tok, err := w.store.CreateUser(name, role, unit, w.clock())
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.store.finishSetup(tok, "password-"+name, w.clock()); err != nil {
		w.t.Fatal(err)
	}
}

type client struct {
	w    *world
	http *http.Client
	csrf string
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (w *world) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{w: w, http: &http.Client{Jar: jar}}
}

// login logs in through the login page and keeps the session's CSRF token.
func (w *world) login(name string) *client {
	w.t.Helper()
	c := w.client()
	st, body := c.get("/login")
	m := csrfRE.FindStringSubmatch(body)
	if st != 200 || m == nil {
		w.t.Fatalf("login page: %d %s", st, body)
	}
	st, body = c.postRaw("/login", url.Values{"csrf": {m[1]}, "name": {name}, "password": {"password-" + name}})
	m = csrfRE.FindStringSubmatch(body)
	if st != 200 || m == nil {
		w.t.Fatalf("login %s: %d %s", name, st, body)
	}
	c.csrf = m[1]
	return c
}

func (c *client) get(path string) (int, string) {
	c.w.t.Helper()
	resp, err := c.http.Get(c.w.ts.URL + path)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) postRaw(path string, v url.Values) (int, string) {
	c.w.t.Helper()
	resp, err := c.http.PostForm(c.w.ts.URL+path, v)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends a form with the session's CSRF token.
func (c *client) post(path string, v url.Values) (int, string) {
	c.w.t.Helper()
	if v == nil {
		v = url.Values{}
	}
	v.Set("csrf", c.csrf)
	return c.postRaw(path, v)
}

// district: an administrator, a reviewer, two units with a clerk each.
func district(t *testing.T) (w *world, unitA, unitB string) {
	w = newWorld(t)
	w.account("admin", Admin, "")
	w.account("审核员", Reviewer, "")
	if _, err := w.store.AddUnits("甲镇\n乙街道\n", "admin", w.clock()); err != nil {
		t.Fatal(err)
	}
	us, _ := w.store.Units()
	for _, u := range us {
		if u.Name == "甲镇" {
			unitA = u.ID
		} else {
			unitB = u.ID
		}
	}
	w.account("clerkA", Clerk, unitA)
	w.account("clerkB", Clerk, unitB)
	return w, unitA, unitB
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// form is the report form as the page gives it: every named input with its value.
func form(body string) url.Values {
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input name="([^"]+)" value="([^"]*)"|<input id="[^"]+" name="([^"]+)"(?: type="date")? value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		if m[1] != "" {
			v.Set(unescape(m[1]), unescape(m[2]))
		} else {
			v.Set(unescape(m[3]), unescape(m[4]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea id="[^"]+" name="(text\.[^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		v.Set(unescape(m[1]), unescape(m[2]))
	}
	if m := versionRE.FindStringSubmatch(body); m != nil {
		v.Set("version", m[1])
	}
	return v
}

func unescape(s string) string {
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&")
	return r.Replace(s)
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	for range 2 { // the second open finds the schema up to date
		st, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		v, err := st.Version()
		if err != nil || v != len(migrations) {
			t.Fatalf("schema version %d, %v; want %d", v, err, len(migrations))
		}
		var mode string
		st.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		if mode != "wal" {
			t.Errorf("journal mode %q, want wal", mode)
		}
		st.Close()
	}
}

// TestMigrateOld: a database made by the first schema (version 1) is brought up to date on
// open, its rows kept.
func TestMigrateOld(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, DBName))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE schema_version (version INTEGER NOT NULL)`, `INSERT INTO schema_version VALUES (1)`, migrations[0],
		`INSERT INTO units VALUES ('u', '甲镇', 0)`,
		`INSERT INTO reports (id, unit_id, year, state, data, version, updated, updated_by) VALUES ('r', 'u', 2026, 'returned', '', 3, 0, 'x')`,
		`INSERT INTO remarks (report_id, author, at, text) VALUES ('r', '审核员', 0, '请核对')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, _ := st.Version(); v != len(migrations) || v < 2 {
		t.Errorf("version %d after migrating", v)
	}
	rs, err := st.Remarks("r")
	if err != nil || len(rs) != 1 || rs[0].Text != "请核对" || rs[0].Key != "" {
		t.Errorf("the old remark after migrating: %+v %v", rs, err)
	}
}

func TestPassword(t *testing.T) {
	h := hashPassword("correct horse")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", h)
	}
	if !checkPassword(h, "correct horse") || checkPassword(h, "correct horsE") || checkPassword("", "") {
		t.Error("checkPassword")
	}
	if hashPassword("correct horse") == h {
		t.Error("the salt is not random")
	}
}

func TestStartData(t *testing.T) {
	data := startData(Unit{Name: "甲镇"}, 2026)
	fs, _ := fieldsOf(data)
	if fs["organ"] != "甲镇" || fs["date"] != "2027-01-20" {
		t.Errorf("organ %q date %q", fs["organ"], fs["date"])
	}
	r, findings := validate(data)
	if r == nil {
		t.Fatalf("the start data does not decode: %v", shown(findings, 0))
	}
	// encode(fields(encode(x))) is a fixed point: the form round-trips.
	f2, fm := fieldsOf(data)
	again, _ := encodeFields(f2, fm, 2026)
	if again != data {
		t.Errorf("the form does not round-trip:\n%s\n----\n%s", data, again)
	}
}

// TestDay: the clerk's and the reviewer's day, through every state, with the audit log.
func TestDay(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	st, body := a.get("/")
	if st != 200 || !strings.Contains(body, "甲镇") || !strings.Contains(body, "未开始") {
		t.Fatalf("the clerk's home: %d", st)
	}
	v := form(body)
	if v.Get("version") != "0" || v.Get("organ") != "甲镇" || v.Get("table3.new#0") == "" {
		t.Fatalf("form: version %q organ %q; %d fields", v.Get("version"), v.Get("organ"), len(v))
	}
	// a word in a number cell is kept as typed and named beside the form
	v.Set("table3.new#0", "三个")
	if st, body = a.post(page+"/save", v); st != 200 || !strings.Contains(body, "已保存") || !strings.Contains(body, "三个") || !strings.Contains(body, "不是数字") {
		t.Fatalf("save: %d %s", st, body)
	}
	// submitting with errors is refused
	v = form(body)
	if st, body = a.post(page+"/submit", url.Values{"version": {v.Get("version")}}); st != 422 || !strings.Contains(body, "改正后才能提交") {
		t.Fatalf("submit with errors: %d", st)
	}
	v.Set("table3.new#0", "0")
	v.Set("text.overview", "（一）主动公开。本年度主动公开信息120条。\n\n（二）依申请公开。收到申请3件。")
	v.Set("text.problems", "问题是人手不足，改进措施是培训。")
	if st, body = a.post(page+"/save", v); st != 200 {
		t.Fatalf("save: %d", st)
	}
	// the audit log has the cell, old and new
	cs, _ := w.store.Audit("", 100)
	found := false
	for _, c := range cs {
		found = found || c.Key == "table3.new#0" && c.Old == "三个" && c.New == "0" && c.Who == "clerkA"
	}
	if !found {
		t.Errorf("the audit log lacks the change of table3.new#0: %+v", cs)
	}
	v = form(body)
	rep, _ := w.store.Report(unitA, 2026)
	_, fs := validate(rep.Data)
	errs, warns := counts(fs)
	if errs > 0 {
		t.Fatalf("still %d errors: %v", errs, shown(fs, 0))
	}
	if warns > 0 {
		if st, _ = a.post(page+"/submit", url.Values{"version": {v.Get("version")}}); st != 422 {
			t.Fatalf("submit with warnings and no explanation: %d", st)
		}
	}
	if st, body = a.post(page+"/submit", url.Values{"version": {v.Get("version")}, "explanation": {"数据已核实"}}); st != 200 || !strings.Contains(body, "已提交审核") {
		t.Fatalf("submit: %d %s", st, body)
	}
	// submitted: the clerk can no longer save
	if st, _ = a.post(page+"/save", form(body)); st != 409 {
		t.Errorf("save after submission: %d, want 409", st)
	}
	r := w.login("审核员")
	st, body = r.get("/review")
	if st != 200 || !strings.Contains(body, "已提交") || !strings.Contains(body, "未开始") {
		t.Fatalf("dashboard: %d", st)
	}
	if i, j := strings.Index(body, "乙街道"), strings.Index(body, "甲镇"); i < 0 || j < i {
		t.Error("the unit not started should come first")
	}
	_, body = r.get(page)
	v = form(body)
	if st, _ = r.post(page+"/return", url.Values{"version": {v.Get("version")}, "part": {"table9"}, "remark": {"x"}}); st != 422 {
		t.Errorf("a remark about no part: %d, want 422", st)
	}
	if st, body = r.post(page+"/return", url.Values{"version": {v.Get("version")}, "part": {"table3"}, "remark": {"第一行请核对"}}); st != 200 || !strings.Contains(body, "【表三】第一行请核对") {
		t.Fatalf("return: %d", st)
	}
	_, body = a.get(page)
	if !strings.Contains(body, "已退回") || !strings.Contains(body, "【表三】第一行请核对") {
		t.Fatal("the clerk does not see the return and its remark")
	}
	v = form(body)
	if st, _ = a.post(page+"/submit", url.Values{"version": {v.Get("version")}, "explanation": {"已核对"}}); st != 200 {
		t.Fatalf("submit again: %d", st)
	}
	_, body = r.get(page)
	v = form(body)
	if st, body = r.post(page+"/approve", url.Values{"version": {v.Get("version")}}); st != 200 || !strings.Contains(body, "已通过") {
		t.Fatalf("approve: %d", st)
	}
	if st, body = a.get(page + "/file/toml"); st != 200 || !strings.Contains(body, `organ = "甲镇"`) {
		t.Errorf("data file: %d %s", st, body)
	}
	if st, _ = a.get(page + "/file/pdf"); st != http.StatusServiceUnavailable {
		t.Errorf("PDF without fonts set up: %d", st) // the build itself: TestBuild (not in this package yet)
	}
	cs, _ = w.store.Audit(rep.ID, 100)
	var states []string
	for _, c := range cs {
		if c.Key == "state" {
			states = append([]string{c.Old + ">" + c.New}, states...)
		}
	}
	if got := strings.Join(states, " "); got != "draft>submitted submitted>returned returned>submitted submitted>approved" {
		t.Errorf("state changes in the audit log: %s", got)
	}
}

// TestConflict: two browsers on one report: the second save is refused, nothing overwritten,
// and the edit that was not saved is shown.
func TestConflict(t *testing.T) {
	w, unitA, _ := district(t)
	a1, a2 := w.login("clerkA"), w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, body := a1.get(page)
	v1 := form(body)
	_, body = a2.get(page)
	v2 := form(body)
	v1.Set("table3.new#0", "7")
	if st, _ := a1.post(page+"/save", v1); st != 200 {
		t.Fatalf("first save: %d", st)
	}
	v2.Set("table3.new#0", "9")
	st, body := a2.post(page+"/save", v2)
	if st != http.StatusConflict || !strings.Contains(body, "未保存") || !strings.Contains(body, "table3.new#0") {
		t.Fatalf("second save: %d, want 409 naming the edit", st)
	}
	fs, _ := fieldsOf(mustReport(t, w, unitA).Data)
	if fs["table3.new#0"] != "7" {
		t.Errorf("stored %q, want the first save's 7", fs["table3.new#0"])
	}
}

func mustReport(t *testing.T, w *world, unit string) *Report {
	r, err := w.store.Report(unit, 2026)
	if err != nil || r == nil {
		t.Fatal("no report", err)
	}
	return r
}

// TestRights: a clerk of unit B reaches nothing of unit A — by URL, by form field, by file
// name — and gets the same 404 as for a unit that does not exist; role pages answer 403.
func TestRights(t *testing.T) {
	w, unitA, unitB := district(t)
	a, b := w.login("clerkA"), w.login("clerkB")
	_, body := a.get("/r/" + unitA + "/2026")
	v := form(body)
	v.Set("table3.new#0", "5")
	if st, _ := a.post("/r/"+unitA+"/2026/save", v); st != 200 {
		t.Fatal("clerk A cannot save")
	}
	pa := "/r/" + unitA + "/2026"
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{"GET", pa, 404}, {"GET", pa + "/file/toml", 404}, {"GET", pa + "/file/pdf", 404},
		{"GET", "/r/" + unitA + "/2025", 404},
		{"POST", pa + "/save", 404}, {"POST", pa + "/submit", 404},
		{"POST", pa + "/return", 403}, {"POST", pa + "/approve", 403},
		{"GET", "/r/" + newID() + "/2026", 404}, // the same answer as for a unit that does not exist
		{"GET", "/review", 403}, {"GET", "/admin", 403}, {"GET", "/admin/audit", 403}, {"GET", "/admin/audit?format=csv", 403},
		{"POST", "/admin/units", 403}, {"POST", "/admin/users", 403},
		{"GET", "/r/" + unitB + "/2026/file/..%2f..%2f" + unitA, 404},
	} {
		var st int
		var body string
		if c.method == "GET" {
			st, body = b.get(c.path)
		} else {
			st, body = b.post(c.path, url.Values{"version": {"1"}, "table3.new#0": {"666"}, "remark": {"x"}, "units": {"丙"}, "name": {"x"}, "role": {"admin"}})
		}
		if st != c.want {
			t.Errorf("clerk B %s %s: %d, want %d", c.method, c.path, st, c.want)
		}
		if strings.Contains(body, "甲镇") {
			t.Errorf("clerk B %s %s: the answer names unit A", c.method, c.path)
		}
	}
	// a unit named in a form field is ignored: clerk B's save goes to unit B only
	_, body = b.get("/r/" + unitB + "/2026")
	v = form(body)
	v.Set("unit", unitA)
	v.Set("unit_id", unitA)
	v.Set("table3.new#0", "8")
	if st, _ := b.post("/r/"+unitB+"/2026/save", v); st != 200 {
		t.Fatal("clerk B cannot save its own")
	}
	fs, _ := fieldsOf(mustReport(t, w, unitA).Data)
	if fs["table3.new#0"] != "5" || mustReport(t, w, unitA).Version != 1 {
		t.Errorf("unit A's report changed: %q", fs["table3.new#0"])
	}
	// the reviewer may not edit
	r := w.login("审核员")
	if st, _ := r.post(pa+"/save", v); st != 403 {
		t.Errorf("reviewer save: %d, want 403", st)
	}
	// logged out: nothing
	anon := w.client()
	if st, body := anon.get(pa); st != 200 || !strings.Contains(body, `action="/login"`) {
		t.Errorf("anonymous GET: %d, want the login page", st)
	}
	if st, _ := anon.postRaw(pa+"/save", v); st != 401 {
		t.Errorf("anonymous POST: %d, want 401", st)
	}
}

// TestCSRF: a change without the session's token, with another session's, or started by
// another site, is refused and changes nothing.
func TestCSRF(t *testing.T) {
	w, unitA, _ := district(t)
	a, a2 := w.login("clerkA"), w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, body := a.get(page)
	v := form(body)
	for name, send := range map[string]func() int{
		"none": func() int { st, _ := a.postRaw(page+"/save", v); return st },
		"wrong": func() int {
			v2 := url.Values{}
			for k, x := range v {
				v2[k] = x
			}
			v2.Set("csrf", a2.csrf)
			st, _ := a.postRaw(page+"/save", v2)
			return st
		},
		"cross-site": func() int {
			v2 := url.Values{}
			for k, x := range v {
				v2[k] = x
			}
			v2.Set("csrf", a.csrf)
			req, _ := http.NewRequest("POST", w.ts.URL+page+"/save", strings.NewReader(v2.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			resp, err := a.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		},
		"logout": func() int { st, _ := a.postRaw("/logout", nil); return st },
	} {
		if st := send(); st != 403 {
			t.Errorf("%s: %d, want 403", name, st)
		}
	}
	if r, _ := w.store.Report(unitA, 2026); r != nil {
		t.Error("a refused save was stored")
	}
	// login CSRF: a login form posted without the login page's cookie
	c := w.client()
	if st, _ := c.postRaw("/login", url.Values{"csrf": {"x"}, "name": {"clerkA"}, "password": {"password-clerkA"}}); st != 403 {
		t.Errorf("login without its token: %d", st)
	}
}

// TestXSS: markup in a unit's name, the organ's name, a narrative and a remark shows as text.
func TestXSS(t *testing.T) {
	w, _, _ := district(t)
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	if _, err := w.store.AddUnits("<script>alert(1)</script>丙镇", "admin", w.clock()); err != nil {
		t.Fatal(err)
	}
	var unit string
	us, _ := w.store.Units()
	for _, u := range us {
		if strings.HasSuffix(u.Name, "丙镇") {
			unit = u.ID
		}
	}
	w.account("clerkC", Clerk, unit)
	c := w.login("clerkC")
	page := "/r/" + unit + "/2026"
	_, body := c.get(page)
	v := form(body)
	v.Set("short_name", `"><svg onload=alert(3)>`)
	v.Set("text.problems", "</textarea>"+evil)
	if st, _ := c.post(page+"/save", v); st != 200 {
		t.Fatal("save")
	}
	_, body = c.get(page)
	v = form(body)
	if st, _ := c.post(page+"/submit", url.Values{"version": {v.Get("version")}, "explanation": {evil}}); st != 200 && st != 422 {
		t.Fatalf("submit: %d", st)
	}
	r := w.login("审核员")
	_, dash := r.get("/review")
	_, rp := r.get(page)
	ad := w.login("admin")
	_, admin := ad.get("/admin")
	_, audit := ad.get("/admin/audit")
	for name, b := range map[string]string{"dashboard": dash, "report": rp, "admin": admin, "audit": audit, "clerk": body} {
		for _, bad := range []string{"<script>alert", "<img src=x", "<svg onload", "</textarea><script"} {
			if strings.Contains(b, bad) {
				t.Errorf("%s page: %q is live markup", name, bad)
			}
		}
		if !strings.Contains(b, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s page: the name is not shown as text", name)
		}
	}
	// CSV export: a value starting like a formula is defused
	if got := csvSafe("=HYPERLINK(1)"); got != "'=HYPERLINK(1)" {
		t.Errorf("csvSafe: %q", got)
	}
}

// TestThrottle: after MaxFailures wrong passwords an account is refused even with the right one
// until FailWindow has passed; so is the address.
func TestThrottle(t *testing.T) {
	w, _, _ := district(t)
	try := func(name, pw string) int {
		c := w.client()
		_, body := c.get("/login")
		m := csrfRE.FindStringSubmatch(body)
		st, _ := c.postRaw("/login", url.Values{"csrf": {m[1]}, "name": {name}, "password": {pw}})
		return st
	}
	for i := range MaxFailures {
		if st := try("clerkA", "wrong"); st != 401 {
			t.Fatalf("failure %d: %d", i+1, st)
		}
	}
	if st := try("clerkA", "password-clerkA"); st != 429 {
		t.Errorf("after %d failures: %d, want 429", MaxFailures, st)
	}
	if st := try("clerkB", "password-clerkB"); st != 429 {
		t.Errorf("another account from the same address: %d, want 429", st)
	}
	w.mu.Lock()
	w.now = w.now.Add(FailWindow)
	w.mu.Unlock()
	if st := try("clerkA", "password-clerkA"); st != 200 {
		t.Errorf("after the window: %d, want 200", st)
	}
}

// TestSetupOnce: a set-up link works once and not after it expires.
func TestSetupOnce(t *testing.T) {
	w, _, _ := district(t)
	_, tok, err := w.store.CreateUser("新人", Reviewer, "", w.clock())
	if err != nil {
		t.Fatal(err)
	}
	c := w.client()
	if st, body := c.get(SetupPath(tok)); st != 200 || !strings.Contains(body, "新人") {
		t.Fatalf("set-up page: %d", st)
	}
	if st, _ := c.postRaw(SetupPath(tok), url.Values{"password": {"short"}, "password2": {"short"}}); st != 422 {
		t.Errorf("short password: %d", st)
	}
	if st, body := c.postRaw(SetupPath(tok), url.Values{"password": {"long enough 1"}, "password2": {"long enough 1"}}); st != 200 || !strings.Contains(body, "审核") {
		t.Fatalf("set-up: %d", st)
	}
	if st, _ := w.client().postRaw(SetupPath(tok), url.Values{"password": {"another one 2"}, "password2": {"another one 2"}}); st != 404 {
		t.Errorf("second use: %d, want 404", st)
	}
	_, tok2, _ := w.store.CreateUser("迟到", Reviewer, "", w.clock())
	w.mu.Lock()
	w.now = w.now.Add(SetupLifetime)
	w.mu.Unlock()
	if st, _ := w.client().get(SetupPath(tok2)); st != 404 {
		t.Errorf("expired link: %d, want 404", st)
	}
	// the database keeps digests only
	var n int
	w.store.db.QueryRow(`SELECT count(*) FROM users WHERE setup_hash = ?`, tok2).Scan(&n)
	if n != 0 {
		t.Error("a set-up token is stored in the clear")
	}
}

// TestBackup: the database copied while clerks save restores with every acknowledged save.
func TestBackup(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	_, body := a.get(page)
	v := form(body)
	v.Set("table3.new#0", "41")
	if st, _ := a.post(page+"/save", v); st != 200 {
		t.Fatal("save")
	}
	done := make(chan struct{})
	go func() { // writers keep going during the backup
		defer close(done)
		for i := range 20 {
			w.store.AddUnits("单位"+string(rune('A'+i)), "admin", w.clock())
		}
	}()
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := w.store.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	<-done
	if err := w.store.Backup(context.Background(), path); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	dir := t.TempDir()
	if err := copyFile(path, filepath.Join(dir, DBName)); err != nil {
		t.Fatal(err)
	}
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.Report(unitA, 2026)
	if err != nil || r == nil {
		t.Fatal("the restored database lacks the report", err)
	}
	fs, _ := fieldsOf(r.Data)
	if fs["table3.new#0"] != "41" {
		t.Errorf("restored value %q", fs["table3.new#0"])
	}
	var bad string
	st.db.QueryRow(`PRAGMA integrity_check`).Scan(&bad)
	if bad != "ok" {
		t.Errorf("integrity_check: %s", bad)
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// approvedReport stores a clean report of unit for 2026 and takes it to approved, as the clerk
// and the reviewer would.
func approvedReport(t *testing.T, w *world, unit string) {
	t.Helper()
	data := cleanData(t, "甲镇")
	if r, findings := validate(data); r == nil || func() bool { e, _ := counts(findings); return e > 0 }() {
		t.Fatalf("not clean: %v", shown(findings, 0))
	}
	now := w.clock()
	if _, err := w.store.Save(unit, 2026, 0, data, 0, 0, nil, "clerkA", now); err != nil {
		t.Fatal(err)
	}
	if err := w.store.Transition(unit, 2026, 1, []string{Draft}, Submitted, "", "clerkA", now); err != nil {
		t.Fatal(err)
	}
	if err := w.store.Transition(unit, 2026, 2, []string{Submitted}, Approved, "", "审核员", now); err != nil {
		t.Fatal(err)
	}
}

// TestBuild: an approved report downloads as PDF and DOCX, built by pipeline.Write as nianbao
// build does; a report not approved does not.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("two builds")
	}
	setup := func() (*theme.Theme, *fonts.Set, error) {
		set, err := fonts.Resolve(fonts.Options{NoSystem: true})
		return theme.New(), set, err
	}
	w := newWorldWith(t, setup)
	w.account("审核员", Reviewer, "")
	w.store.AddUnits("甲镇\n乙街道", "admin", w.clock())
	us, _ := w.store.Units()
	unitA, unitB := us[0].ID, us[1].ID
	if us[0].Name != "甲镇" {
		unitA, unitB = unitB, unitA
	}
	approvedReport(t, w, unitA)
	r := w.login("审核员")
	for kind, magic := range map[string]string{"pdf": "%PDF-", "docx": "PK\x03\x04"} {
		resp, err := r.http.Get(w.ts.URL + "/r/" + unitA + "/2026/file/" + kind)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(string(b), magic) || len(b) < 5000 {
			t.Errorf("%s: %d, %d bytes, starts %q", kind, resp.StatusCode, len(b), b[:min(len(b), 8)])
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''2026-%E7%94%B2%E9%95%87."+kind) {
			t.Errorf("%s: Content-Disposition %q", kind, cd)
		}
	}
	// a draft: no PDF
	w.store.Save(unitB, 2026, 0, startData(Unit{Name: "乙街道"}, 2026), 0, 0, nil, "x", w.clock())
	if st, _ := r.get("/r/" + unitB + "/2026/file/pdf"); st != 409 {
		t.Errorf("PDF of a draft: %d, want 409", st)
	}
}

// TestFromLastYear: a report not started begins from the unit's approved report of last year,
// carried on as nianbao init --from does; a draft of last year does not start it.
func TestFromLastYear(t *testing.T) {
	w, unitA, unitB := district(t)
	fs, f := fieldsOf(cleanData(t, "甲镇"))
	fs["table2.regulations#2"] = "4"
	fs["text.problems"] = "去年的问题是人手不足。"
	{
		y := 2025
		fs["date"] = "2026-01-20"
		data, err := encodeFields(fs, f, y)
		if err != nil {
			t.Fatal(err)
		}
		if r, findings := validate(data); r == nil {
			t.Fatalf("last year's data: %v", shown(findings, 0))
		}
		now := w.clock()
		w.store.Save(unitA, y, 0, data, 0, 0, nil, "clerkA", now)
		w.store.Transition(unitA, y, 1, []string{Draft}, Submitted, "", "clerkA", now)
		if err := w.store.Transition(unitA, y, 2, []string{Submitted}, Approved, "", "审核员", now); err != nil {
			t.Fatal(err)
		}
		w.store.Save(unitB, y, 0, strings.Replace(data, "甲镇", "乙街道", -1), 0, 0, nil, "clerkB", now) // a draft only
	}
	a := w.login("clerkA")
	_, body := a.get("/r/" + unitA + "/2026")
	v := form(body)
	if !strings.Contains(v.Get("text.problems"), "去年的问题是人手不足") || !strings.Contains(v.Get("text.problems"), "以下为上年内容") {
		t.Errorf("last year's narrative is not carried with its mark: %q", v.Get("text.problems"))
	}
	if v.Get("table2.regulations#2") != "4" { // 现行有效件数 carried from last year's (R16)
		t.Errorf("table 二's stock: %q, want last year's 4", v.Get("table2.regulations#2"))
	}
	b := w.login("clerkB")
	_, body = b.get("/r/" + unitB + "/2026")
	if v := form(body); strings.Contains(v.Get("text.problems"), "去年") {
		t.Error("a draft of last year started this year's report")
	}
}

// TestDashboard: the filter by state and the remind list of the units yet to submit.
func TestDashboard(t *testing.T) {
	w, unitA, _ := district(t)
	approvedReport(t, w, unitA)
	r := w.login("审核员")
	_, body := r.get("/review?year=2026")
	m := regexp.MustCompile(`(?s)<textarea id="remind" readonly[^>]*>(.*?)</textarea>`).FindStringSubmatch(body)
	if m == nil || m[1] != "乙街道（未开始）" {
		t.Errorf("remind list: %q", m)
	}
	_, body = r.get("/review?year=2026&state=approved")
	if !strings.Contains(body, ">甲镇</a>") || strings.Contains(body, ">乙街道</a>") {
		t.Error("the filter approved shows the wrong units")
	}
	if st, _ := r.get("/review?year=99999"); st != 404 {
		t.Errorf("a year out of range: %d", st)
	}
}

// TestSummary: the summary adds up the approved reports only and names the units left out.
func TestSummary(t *testing.T) {
	w, unitA, unitB := district(t)
	r := w.login("审核员")
	if st, _ := r.get("/review/summary?year=2026"); st != 409 {
		t.Errorf("summary with nothing approved: %d", st)
	}
	approvedReport(t, w, unitA)
	w.store.Save(unitB, 2026, 0, cleanData(t, "乙街道"), 0, 0, nil, "clerkB", w.clock()) // a draft: not summed
	st, body := r.get("/review/summary?year=2026")
	if st != 200 || !strings.Contains(body, "未通过、未汇总 / not approved, left out: 乙街道") || !strings.Contains(body, `summary = ["甲镇"]`) {
		t.Fatalf("summary: %d %.400s", st, body)
	}
	// the office writes the summary's date and narrative (R11, R12 until then), as after nianbao sum
	got, err := datafile.Decode("汇总.toml", []byte(body), nil)
	if got == nil {
		t.Fatalf("the summary does not decode: %v", err)
	}
	if len(got.Summary) != 1 {
		t.Errorf("summary units %v", got.Summary)
	}
	if f, _ := fieldsOf(body); f["table2.regulations#0"] != "4" {
		t.Errorf("summed 规章 本年制发件数 = %q, want 4", f["table2.regulations#0"])
	}
	if st, _ := w.login("clerkA").get("/review/summary?year=2026"); st != 403 {
		t.Errorf("a clerk asks for the summary: %d", st)
	}
}

// TestProxy: behind a proxy (when told so) the throttle counts the address the proxy appended,
// not one the client wrote; without being told, X-Forwarded-For is ignored.
func TestProxy(t *testing.T) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, proxy := range []bool{false, true} {
		s := New(Config{Store: st, BehindProxy: proxy})
		r := httptest.NewRequest("POST", "/login", nil)
		r.RemoteAddr = "192.0.2.1:4000"
		r.Header.Add("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
		want := "192.0.2.1"
		if proxy {
			want = "198.51.100.7"
		}
		if got := s.clientIP(r); got != want {
			t.Errorf("behind proxy %v: %s, want %s", proxy, got, want)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
		if c := rec.Header().Get("Set-Cookie"); strings.Contains(c, "; Secure") != proxy || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
			t.Errorf("behind proxy %v: cookie %s", proxy, c)
		}
	}
}
