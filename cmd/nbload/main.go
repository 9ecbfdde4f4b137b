// Command nbload is the load benchmark of nianbao serve (BENCHMARKS.md): N clerks, each of its
// own unit, log in through their set-up links and open their report once; then, every interval,
// each changes one cell and does what the browser with form.js does: the live check of the form
// as typed (POST check) and the save (POST save with Accept: application/json), whose answer
// carries the version and the findings. With -page the clerks instead do what a browser without
// the script does: open the report page, post the form, read the page the save redirects to.
// It prints the latency (p50, p99, max), the errors, the process's CPU time per save within the
// measured window (the set-ups' argon2id before it is not counted; the clients run in this
// process too), the load average, and the database's size. The server runs in this process on a
// fresh database in a temporary folder:
//
//	go run ./cmd/nbload -clerks 200 -every 2s -for 60s
//
// With -january N it simulates instead a whole January of N units (month: saves, submissions,
// returns, approvals, builds) and prints the database's size after it:
//
//	go run ./cmd/nbload -january 40 -saves 300
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"nianbao/serve"
)

var (
	inputRE    = regexp.MustCompile(`<input (?:id="[^"]+" )?name="([^"]+)"(?: type="date")? value="([^"]*)"`)
	textareaRE = regexp.MustCompile(`(?s)<textarea id="[^"]+" name="(text\.[^"]+)"[^>]*>(.*?)</textarea>`)
	csrfRE     = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	versionRE  = regexp.MustCompile(`name="version" value="(\d+)"`)
)

// form reads the report form's fields, CSRF token and version from a page.
func form(body string) url.Values {
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	if m := csrfRE.FindStringSubmatch(body); m != nil {
		v.Set("csrf", m[1])
	}
	if m := versionRE.FindStringSubmatch(body); m != nil {
		v.Set("version", m[1])
	}
	return v
}

type timings struct {
	mu         sync.Mutex
	save, page []time.Duration // page: the page load (-page) or the live check
	errors     []string
}

func (t *timings) add(d *[]time.Duration, x time.Duration) {
	t.mu.Lock()
	*d = append(*d, x)
	t.mu.Unlock()
}
func (t *timings) fail(s string) { t.mu.Lock(); t.errors = append(t.errors, s); t.mu.Unlock() }

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func main() {
	clerks := flag.Int("clerks", 200, "模拟的填报员数 / simulated clerks")
	every := flag.Duration("every", 2*time.Second, "每人保存间隔 / each clerk saves this often")
	dur := flag.Duration("for", 60*time.Second, "测量时长 / how long to measure")
	prof := flag.String("cpuprofile", "", "CPU 剖析输出文件 / write a CPU profile")
	jan := flag.Int("january", 0, "模拟 N 个单位的一月（保存、提交、退回、通过、生成），输出数据库大小 / simulate a January of N units")
	saves := flag.Int("saves", 300, "-january：每个单位保存次数 / saves per unit")
	pageMode := flag.Bool("page", false, "无脚本的浏览器：每次打开整页、提交表单、读跳转后的整页 / the browser without form.js: the whole page each save")
	builds := flag.Bool("builds", true, "-january：通过后生成 PDF 和 DOCX / build each approved report")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	if *jan > 0 {
		month(*jan, *saves, *builds)
		return
	}
	dir, err := os.MkdirTemp("", "nbload-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.RemoveAll(dir)
	st, err := serve.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer st.Close()
	now := time.Now()
	var names []string
	for i := range *clerks {
		names = append(names, fmt.Sprintf("测试单位%03d", i+1))
	}
	st.AddUnits(strings.Join(names, "\n"), "nbload", now)
	units, _ := st.Units()
	ts := httptest.NewServer(serve.New(serve.Config{Store: st}))
	defer ts.Close()

	// every clerk sets a password through its link (argon2id) and so logs in, and opens its report
	type clerk struct {
		http *http.Client
		page string
		form url.Values
	}
	cs := make([]clerk, len(units))
	for i, u := range units {
		_, tok, err := st.CreateUser(fmt.Sprintf("clerk%03d", i), serve.Clerk, u.ID, now)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: time.Minute}
		resp, err := c.PostForm(ts.URL+serve.SetupPath(tok), url.Values{"password": {"a long password"}, "password2": {"a long password"}})
		if err != nil || resp.StatusCode != 200 {
			fmt.Fprintln(os.Stderr, "set-up failed", err)
			os.Exit(2)
		}
		b, _ := io.ReadAll(resp.Body) // the set-up lands on the clerk's report
		resp.Body.Close()
		cs[i] = clerk{http: c, page: fmt.Sprintf("%s/r/%s/%d", ts.URL, u.ID, 2026), form: form(string(b))}
		if cs[i].form.Get("csrf") == "" || cs[i].form.Get("organ") == "" {
			fmt.Fprintln(os.Stderr, "the set-up did not land on the report form")
			os.Exit(2)
		}
	}
	var t timings
	load0, _ := os.ReadFile("/proc/loadavg")
	cpu0 := cpuTime()
	start := time.Now()
	stop := start.Add(*dur)
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * *every / time.Duration(len(cs))) // spread the clerks over the interval
			for n := 1; time.Now().Before(stop); n++ {
				next := time.Now().Add(*every)
				if *pageMode {
					pageSave(c.http, c.page, n, &t)
				} else {
					jsonSave(c.http, c.page, c.form, n, &t)
				}
				time.Sleep(time.Until(next))
			}
		}()
	}
	wg.Wait()
	cpu := cpuTime() - cpu0
	wall := time.Since(start)
	load1, _ := os.ReadFile("/proc/loadavg")
	fi, _ := os.Stat(filepath.Join(dir, serve.DBName))
	wal, _ := os.Stat(filepath.Join(dir, serve.DBName+"-wal"))
	var walSize int64
	if wal != nil {
		walSize = wal.Size()
	}
	how, other := "POST save, Accept: application/json (the answer: version and findings)", "checks (POST check of the form as typed)"
	if *pageMode {
		how, other = "POST + the redirect's page with findings", "pages"
	}
	fmt.Printf("%d clerks, a save every %v each, for %v\n", *clerks, *every, *dur)
	fmt.Printf("saves: %d, p50 %v, p99 %v, max %v (%s)\n", len(t.save), pct(t.save, .5).Round(time.Millisecond), pct(t.save, .99).Round(time.Millisecond), pct(t.save, 1).Round(time.Millisecond), how)
	fmt.Printf("%s: %d, p50 %v, p99 %v, max %v\n", other, len(t.page), pct(t.page, .5).Round(time.Millisecond), pct(t.page, .99).Round(time.Millisecond), pct(t.page, 1).Round(time.Millisecond))
	if len(t.save) > 0 {
		fmt.Printf("CPU: %v in %v (%.2f cores), %.2f ms per save (server and clients, this process)\n", cpu.Round(time.Millisecond), wall.Round(time.Millisecond),
			cpu.Seconds()/wall.Seconds(), float64(cpu.Microseconds())/1000/float64(len(t.save)))
	}
	fmt.Printf("load average: %s → %s\n", strings.TrimSpace(string(load0)), strings.TrimSpace(string(load1)))
	fmt.Printf("errors: %d %v\n", len(t.errors), t.errors[:min(len(t.errors), 5)])
	fmt.Printf("database: %d bytes (+ WAL %d)\n", fi.Size(), walSize)
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// jsonSave is one save as form.js makes it: the live check of the form as typed, then the save
// with Accept: application/json; the answer's version is the next save's.
func jsonSave(c *http.Client, page string, v url.Values, n int, t *timings) {
	v.Set("table3.new#0", strconv.Itoa(n))
	post := func(path string) (int, []byte, error) {
		req, _ := http.NewRequest(http.MethodPost, page+path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	var ans struct {
		Version  int
		State    string
		Errors   int
		Findings []struct{ Text string }
	}
	t0 := time.Now()
	st, b, err := post("/check")
	if err == nil && st == 200 {
		err = json.Unmarshal(b, &ans)
	}
	if err != nil || st != 200 {
		t.fail(fmt.Sprintf("check %d %v", st, err))
		return
	}
	t.add(&t.page, time.Since(t0))
	t0 = time.Now()
	st, b, err = post("/save")
	if err == nil && st == 200 {
		ans.Version = 0
		err = json.Unmarshal(b, &ans)
	}
	if err != nil || st != 200 || ans.Version == 0 || ans.State != serve.Draft {
		t.fail(fmt.Sprintf("save %d %v %.80s", st, err, b))
		return
	}
	t.add(&t.save, time.Since(t0))
	v.Set("version", strconv.Itoa(ans.Version))
}

// pageSave is one save as a browser without form.js makes it: the page, the form posted, the
// page the save redirects to.
func pageSave(c *http.Client, page string, n int, t *timings) {
	t0 := time.Now()
	resp, err := c.Get(page)
	if err != nil {
		t.fail(err.Error())
		return
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.fail("page " + resp.Status)
		return
	}
	t.add(&t.page, time.Since(t0))
	v := form(string(b))
	v.Set("table3.new#0", strconv.Itoa(n))
	t0 = time.Now()
	resp, err = c.PostForm(page+"/save", v) // the redirect's GET (the findings) included
	if err != nil {
		t.fail(err.Error())
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.fail("save " + resp.Status)
	} else {
		t.add(&t.save, time.Since(t0))
	}
}
