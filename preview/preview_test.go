package preview

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nianbao/check"
	"nianbao/fonts"
	"nianbao/internal/imgdiff"
	"nianbao/internal/testenv"
	"nianbao/pipeline"
	"nianbao/theme"
)

func setup() (*theme.Theme, *fonts.Set, error) {
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	return theme.New(), set, err
}

func copyExample(t *testing.T, dir string) string {
	for _, f := range []string{"report.toml", "overview.txt"} {
		b, err := os.ReadFile(filepath.Join("../examples/qingshi-2023", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	return filepath.Join(dir, "report.toml")
}

// TestHost: only requests addressed to the loopback address and port are answered (DNS
// rebinding), and only the page, its content and its events exist.
func TestHost(t *testing.T) {
	s := &Server{File: copyExample(t, t.TempDir()), Setup: setup, Check: pipeline.CheckOptions{R8On: true}}
	ln, err := s.Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	s.Render()
	h := s.Handler()
	for _, c := range []struct {
		host, path string
		code       int
	}{
		{s.Addr(), "/", 200}, {s.Addr(), "/content", 200}, {"localhost" + s.Addr()[strings.LastIndexByte(s.Addr(), ':'):], "/", 200},
		{"evil.example", "/", 403}, {"evil.example:" + s.Addr()[strings.LastIndexByte(s.Addr(), ':')+1:], "/content", 403},
		{s.Addr(), "/../report.toml", 404}, {s.Addr(), "/report.toml", 404},
	} {
		r := httptest.NewRequest("GET", c.path, nil)
		r.Host = c.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.code && !(c.code == 404 && w.Code == 307) { // a path with .. is redirected to its clean form, which is 404
			t.Errorf("%s %s: %d, want %d", c.host, c.path, w.Code, c.code)
		}
		if c.code != 200 && strings.Contains(w.Body.String(), "宁和县") {
			t.Errorf("%s %s served the report", c.host, c.path)
		}
	}
}

// TestBrowser: headless Chromium opens the preview; the data file is edited and the page shows
// the new number, in place, at the same scroll position; a click on a finding marks its cells; and
// page 1 as the browser draws the SVG matches page 1 of the PDF as pdftoppm draws it.
func TestBrowser(t *testing.T) {
	chrome := ""
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			chrome = p
			break
		}
	}
	testenv.Need(t, chrome != "" && exec.Command("pdftoppm", "-v").Run() == nil, "chromium and pdftoppm")
	if testing.Short() {
		t.Skip("-short: a browser session (minutes under the race detector, which CI runs with -short)")
	}
	dir := t.TempDir()
	file := copyExample(t, dir)
	s := &Server{File: file, Setup: setup, Check: pipeline.CheckOptions{R8On: true}}
	ln, err := s.Listen(0)
	if err != nil {
		t.Fatal(err)
	}
	s.Render()
	srv := &http.Server{Handler: s.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // liveness guards, not speed bounds: a loaded machine waits longer
	defer cancel()
	go Watch(ctx, s.Files, s.Render)
	actx, acancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1300, 1200), chromedp.Flag("hide-scrollbars", true))...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	cell := `[...document.querySelectorAll("svg.page text")].filter(t => (t.dataset.where||"").startsWith("表三「一、本年新收政府信息公开申请数量」「自然人」")).map(t => t.textContent).join("")`
	var first string
	var shot []byte
	if err := chromedp.Run(bctx,
		chromedp.Navigate("http://"+s.Addr()+"/"),
		chromedp.WaitVisible(`body[data-version]`, chromedp.ByQuery),
		chromedp.Evaluate(cell, &first),
		chromedp.Screenshot(`svg.page`, &shot, chromedp.NodeVisible, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if first != "12" {
		t.Fatalf("the cell shows %q before the edit", first)
	}
	// page 1: the browser's SVG against poppler's PDF, at 96 dpi (1 CSS px = 0.75 pt)
	out := filepath.Join(dir, "out")
	b := &pipeline.Batch{Options: pipeline.Options{Theme: theme.New(), PDF: true, CheckOptions: pipeline.CheckOptions{R8On: true}}, Jobs: 1}
	b.Fonts, _ = fonts.Resolve(fonts.Options{NoSystem: true})
	res, err := b.Run([]string{file}, out)
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	if o, err := exec.Command("pdftoppm", "-r", "96", "-png", "-f", "1", "-l", "1", "-singlefile", res[0].Outputs[0], filepath.Join(dir, "p1")).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, o)
	}
	pdfPNG, _ := os.ReadFile(filepath.Join(dir, "p1.png"))
	frac, rmse, err := imgdiff.Blocks(shot, pdfPNG)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("page 1, browser SVG against PDF: %.2f%% of 4×4 blocks differ by more than 15%%, RMSE %.2f%%", 100*frac, 100*rmse)
	if frac > 0.02 || rmse > 0.06 {
		t.Errorf("the browser's page 1 differs from the PDF's: %.2f%% blocks, RMSE %.2f%%", 100*frac, 100*rmse)
	}

	// edit the data file as an editor saves it; the page updates in place, keeping its scroll
	var before float64
	chromedp.Run(bctx, chromedp.Evaluate(`window.scrollTo(0, 1500); window.scrollY`, &before))
	src, _ := os.ReadFile(file)
	edited := strings.Replace(string(src), "new = [12, 2, 0, 0, 1, 0, 15]", "new = [13, 2, 0, 0, 1, 0, 16]", 1)
	s.mu.Lock()
	v0 := s.version
	s.mu.Unlock()
	start := time.Now()
	os.WriteFile(file, []byte(edited), 0o644)
	var now string
	if err := chromedp.Run(bctx, chromedp.Poll(cell+` === "13"`, nil, chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(time.Minute)),
		chromedp.Evaluate(cell, &now)); err != nil {
		t.Fatalf("the page never showed the new number: %v", err)
	}
	// no time bound (a loaded machine is slow, not wrong); what is asserted is the work: one save
	// lays the report out once, or twice when the editor's write arrives as two events more than
	// the 20 ms debounce apart — never a loop
	s.mu.Lock()
	renders := s.version - v0
	s.mu.Unlock()
	t.Logf("edit to updated page: %v, %d layout(s)", time.Since(start), renders)
	if renders < 1 || renders > 2 {
		t.Errorf("one save made %d layouts", renders)
	}
	var after float64
	var marked int
	chromedp.Run(bctx, chromedp.Evaluate(`window.scrollY`, &after),
		chromedp.Click(`#findings li.error`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("svg.page text.hl").length`, &marked))
	if math.Abs(after-before) > 1 || before < 1000 {
		t.Errorf("scroll position %v before, %v after the update", before, after)
	}
	if marked == 0 {
		t.Error("a click on the R1 finding marked nothing")
	}
	// a data file that cannot be read, and then a theme that is wrong: said on the page
	os.WriteFile(file, []byte("year = = 2023\n"), 0o644)
	var shown string
	if err := chromedp.Run(bctx, chromedp.Poll(`document.getElementById("findings").textContent.includes("R12")`, nil,
		chromedp.WithPollingTimeout(time.Minute)), chromedp.Evaluate(`document.getElementById("error").textContent`, &shown)); err != nil || shown == "" {
		t.Errorf("a broken data file is not shown on the page: %v %q", err, shown)
	}
	_ = check.Error
}

// TestFontPanel (issue 20 point 19): the font panel says which official face an open stand-in
// takes the place of, so a clerk does not take "Nianbao Fangsong" for a wrong font.
func TestFontPanel(t *testing.T) {
	s := &Server{File: copyExample(t, t.TempDir()), Setup: setup, Check: pipeline.CheckOptions{R8On: true}}
	s.Render()
	var c Content
	if err := json.Unmarshal(s.content, &c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Fonts, "Nianbao Fangsong（代替 仿宋_GB2312") || !strings.Contains(c.Fonts, "代替 黑体") {
		t.Errorf("font panel: %s", c.Fonts)
	}
}
