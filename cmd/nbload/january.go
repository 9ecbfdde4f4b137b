package main

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite"

	"nianbao/fonts"
	"nianbao/serve"
	"nianbao/theme"
)

// session is one person's browser: a cookie jar and the CSRF token of their session.
type session struct {
	http *http.Client
	base string
	csrf string
}

func newSession(base string) *session {
	jar, _ := cookiejar.New(nil)
	return &session{http: &http.Client{Jar: jar, Timeout: 5 * time.Minute}, base: base}
}

// do sends a request and gives the status and body of the answer (after redirects), keeping the
// CSRF token the page carries.
func (s *session) do(method, path string, v url.Values) (int, string, error) {
	var resp *http.Response
	var err error
	if method == http.MethodGet {
		resp, err = s.http.Get(s.base + path)
	} else {
		if v == nil {
			v = url.Values{}
		}
		v.Set("csrf", s.csrf)
		resp, err = s.http.PostForm(s.base+path, v)
	}
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		s.csrf = m[1]
	}
	return resp.StatusCode, string(b), err
}

// setUp opens a one-time set-up link and sets the password: the person is logged in after it.
func (s *session) setUp(tok string) error {
	st, _, err := s.do(http.MethodPost, serve.SetupPath(tok), url.Values{"password": {"a long password"}, "password2": {"a long password"}})
	if err == nil && st != 200 {
		err = fmt.Errorf("set-up: %d", st)
	}
	return err
}

// sentences a clerk types into the narrative, one more at a time.
var sentences = []string{
	"本年度通过政府门户网站主动公开各类政府信息，及时更新机构职能、政策文件、财政预决算等内容。",
	"围绕重点领域信息公开，做好惠民资金、乡村振兴、安全生产等信息的公开工作。",
	"严格落实政府信息公开申请登记、审核、办理、答复、归档等各环节要求，按时答复申请人。",
	"加强政府信息公开审查，坚持先审查后公开，确保公开内容准确规范。",
	"组织开展政务公开业务培训，提升工作人员的业务能力。",
}

// month simulates a district's January on a fresh database and prints the database's size after
// it: units clerks, each saving its form saves times (a cell changed each time, a sentence added
// to a section every tenth), submitting; one report in five returned with a remark and saved
// another saves/10 times before it is submitted again; all approved; each approved report built
// as PDF and DOCX when builds is set (a build stores nothing: it shows that the database does not
// grow with them).
func month(units, saves int, builds bool) {
	dir, err := os.MkdirTemp("", "nbload-january-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	st, err := serve.Open(dir)
	if err != nil {
		fail(err)
	}
	now := time.Now()
	var names []string
	for i := range units {
		names = append(names, fmt.Sprintf("测试单位%03d", i+1))
	}
	if _, err := st.AddUnits(strings.Join(names, "\n"), "nbload", now); err != nil {
		fail(err)
	}
	us, _ := st.Units()
	cfg := serve.Config{Store: st}
	if builds {
		cfg.Setup = func() (*theme.Theme, *fonts.Set, error) {
			set, err := fonts.Resolve(fonts.Options{NoSystem: true})
			return theme.New(), set, err
		}
	}
	ts := httptest.NewServer(serve.New(cfg))
	defer ts.Close()
	_, tok, err := st.CreateUser("审核员", serve.Reviewer, "", now)
	if err != nil {
		fail(err)
	}
	rv := newSession(ts.URL)
	if err := rv.setUp(tok); err != nil {
		fail(err)
	}
	var reviewer sync.Mutex // one reviewer: one report at a time

	start := time.Now()
	var t timings
	var savesDone, returned, built int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, u := range us {
		_, tok, err := st.CreateUser(fmt.Sprintf("clerk%03d", i), serve.Clerk, u.ID, now)
		if err != nil {
			fail(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newSession(ts.URL)
			if err := c.setUp(tok); err != nil {
				t.fail(err.Error())
				return
			}
			page := fmt.Sprintf("/r/%s/2026", u.ID)
			text := map[string]string{}
			save := func(n int) bool {
				st, body, err := c.do(http.MethodGet, page, nil)
				if err != nil || st != 200 {
					t.fail(fmt.Sprintf("page %d %v", st, err))
					return false
				}
				v := form(body)
				cell := []string{"table2.licensing#0", "table2.punishment#0", "table2.coercion#0", "table2.normative_documents#0"}[n%4]
				v.Set(cell, strconv.Itoa(n%97))
				if n == 0 {
					text["text.overview"] = "（一）主动公开。"
					text["text.problems"] = "一是公开栏更新不及时。"
				}
				if n%10 == 0 {
					key := []string{"text.overview", "text.active", "text.problems"}[n/10%3]
					text[key] += sentences[n/10%len(sentences)]
				}
				for k, s := range text {
					v.Set(k, s)
				}
				t0 := time.Now()
				st, _, err = c.do(http.MethodPost, page+"/save", v)
				if err != nil || st != 200 {
					t.fail(fmt.Sprintf("save %d %v", st, err))
					return false
				}
				t.add(&t.save, time.Since(t0))
				mu.Lock()
				savesDone++
				mu.Unlock()
				return true
			}
			submit := func() bool {
				_, body, _ := c.do(http.MethodGet, page, nil)
				v := form(body)
				st, body, err := c.do(http.MethodPost, page+"/submit", url.Values{"version": {v.Get("version")}, "explanation": {"数据已核实"}})
				if err != nil || st != 200 || !strings.Contains(body, "已提交审核") {
					t.fail(fmt.Sprintf("submit %d %v", st, err))
					return false
				}
				return true
			}
			review := func(action string, extra url.Values) bool {
				reviewer.Lock()
				defer reviewer.Unlock()
				_, body, _ := rv.do(http.MethodGet, page, nil)
				if extra == nil {
					extra = url.Values{}
				}
				extra.Set("version", form(body).Get("version"))
				st, _, err := rv.do(http.MethodPost, page+"/"+action, extra)
				if err != nil || st != 200 {
					t.fail(fmt.Sprintf("%s %d %v", action, st, err))
					return false
				}
				return true
			}
			for n := range saves {
				if !save(n) {
					return
				}
			}
			if !submit() {
				return
			}
			if i%5 == 0 { // one in five goes back once
				if !review("return", url.Values{"part": {"text.problems"}, "remark": {"请写明本单位的具体问题和改进措施。"}}) {
					return
				}
				text["text.problems"] += "下一步将建立月度检查制度，每季度通报一次。"
				for n := range max(saves/10, 1) {
					if !save(saves + n) {
						return
					}
				}
				if !submit() {
					return
				}
				mu.Lock()
				returned++
				mu.Unlock()
			}
			if !review("approve", nil) {
				return
			}
			if builds {
				for _, kind := range []string{"pdf", "docx"} {
					reviewer.Lock()
					st, body, err := rv.do(http.MethodGet, page+"/file/"+kind, nil)
					reviewer.Unlock()
					if err != nil || st != 200 || len(body) < 5000 {
						t.fail(fmt.Sprintf("build %s %d %v", kind, st, err))
						continue
					}
					mu.Lock()
					built++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	ts.Close()
	if err := st.Close(); err != nil { // the last connection's close checkpoints the WAL into the file
		fail(err)
	}
	path := filepath.Join(dir, serve.DBName)
	fi, err := os.Stat(path)
	if err != nil {
		fail(err)
	}
	var wal int64
	if w, err := os.Stat(path + "-wal"); err == nil {
		wal = w.Size()
	}
	fmt.Printf("a January of %d units: %d saves (%d each; %d returned once and saved %d times more), %d approved, %d builds, in %v\n",
		units, savesDone, saves, returned, max(saves/10, 1), units, built, took.Round(time.Second))
	fmt.Printf("saves: p50 %v, p99 %v, max %v\n", pct(t.save, .5).Round(time.Millisecond), pct(t.save, .99).Round(time.Millisecond), pct(t.save, 1).Round(time.Millisecond))
	fmt.Printf("errors: %d %v\n", len(t.errors), t.errors[:min(len(t.errors), 5)])
	fmt.Printf("database: %d bytes (%.1f MB; WAL after close: %d bytes)\n", fi.Size(), float64(fi.Size())/(1<<20), wal)
	// what the bytes are: the reports themselves and the audit log of every change
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		fail(err)
	}
	defer db.Close()
	var reports, reportBytes, audits, auditBytes int64
	db.QueryRow(`SELECT count(*), coalesce(sum(length(data)), 0) FROM reports`).Scan(&reports, &reportBytes)
	db.QueryRow(`SELECT count(*), coalesce(sum(length(CAST(old AS BLOB)) + length(CAST(new AS BLOB))), 0) FROM audit`).Scan(&audits, &auditBytes)
	fmt.Printf("reports: %d rows, %d bytes of data; audit: %d rows, %d bytes of old and new values\n", reports, reportBytes, audits, auditBytes)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "nbload:", err)
	os.Exit(2)
}
