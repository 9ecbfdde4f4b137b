// Command nbload is the load benchmark of nianbao serve (BENCHMARKS.md): N clerks, each of its
// own unit, log in through their set-up links and then, every interval, open their report (the
// form and check's findings) and save one changed cell with the whole form, as the browser
// does. It prints the latency of saves and of page loads (p50, p99, max), the errors, and the
// database's size. The server runs in this process on a fresh database in a temporary folder:
//
//	go run ./cmd/nbload -clerks 200 -every 2s -for 60s
//
// With -january N it simulates instead a whole January of N units (month: saves, submissions,
// returns, approvals, builds) and prints the database's size after it:
//
//	go run ./cmd/nbload -january 40 -saves 300
package main

import (
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
	save, page []time.Duration
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

	// every clerk sets a password through its link (argon2id) and so logs in
	type clerk struct {
		http *http.Client
		page string
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
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		cs[i] = clerk{http: c, page: fmt.Sprintf("%s/r/%s/%d", ts.URL, u.ID, 2026)}
	}
	var t timings
	stop := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * *every / time.Duration(len(cs))) // spread the clerks over the interval
			for n := 1; time.Now().Before(stop); n++ {
				next := time.Now().Add(*every)
				t0 := time.Now()
				resp, err := c.http.Get(c.page)
				if err != nil {
					t.fail(err.Error())
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.fail("page " + resp.Status)
					continue
				}
				t.add(&t.page, time.Since(t0))
				v := form(string(b))
				v.Set("table3.new#0", strconv.Itoa(n))
				t0 = time.Now()
				resp, err = c.http.PostForm(c.page+"/save", v) // the redirect's GET (the findings) included
				if err != nil {
					t.fail(err.Error())
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.fail("save " + resp.Status)
				} else {
					t.add(&t.save, time.Since(t0))
				}
				time.Sleep(time.Until(next))
			}
		}()
	}
	wg.Wait()
	fi, _ := os.Stat(filepath.Join(dir, serve.DBName))
	wal, _ := os.Stat(filepath.Join(dir, serve.DBName+"-wal"))
	var walSize int64
	if wal != nil {
		walSize = wal.Size()
	}
	fmt.Printf("%d clerks, a save every %v each, for %v\n", *clerks, *every, *dur)
	fmt.Printf("saves: %d, p50 %v, p99 %v, max %v (POST + the redirect's page with findings)\n", len(t.save), pct(t.save, .5).Round(time.Millisecond), pct(t.save, .99).Round(time.Millisecond), pct(t.save, 1).Round(time.Millisecond))
	fmt.Printf("pages: %d, p50 %v, p99 %v, max %v\n", len(t.page), pct(t.page, .5).Round(time.Millisecond), pct(t.page, .99).Round(time.Millisecond), pct(t.page, 1).Round(time.Millisecond))
	fmt.Printf("errors: %d %v\n", len(t.errors), t.errors[:min(len(t.errors), 5)])
	fmt.Printf("database: %d bytes (+ WAL %d)\n", fi.Size(), walSize)
}
