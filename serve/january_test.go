package serve

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/internal/testenv"
	"nianbao/model"
	"nianbao/theme"
	"nianbao/workbook"
)

// walk is a browser session over a world: one headless Chromium, in which the people of the
// district take turns (each logs out before the next logs in), axe-core run on every page.
type walk struct {
	t       *testing.T
	w       *world
	ctx     context.Context
	axe     string
	shots   string // a folder for full-page screenshots and the audit log ($NIANBAO_SHOTS), or ""
	audited int
	pages   []string
}

// newWalk starts Chromium for w, or skips the test here (fails it in CI) when Chromium or
// axe-core is missing.
func newWalk(t *testing.T, w *world) *walk {
	t.Helper()
	chrome := ""
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			chrome = p
			break
		}
	}
	axe, axeErr := axeSource()
	if axeErr != nil { // the machine's npm cache, where the helpers install it
		if home, err := os.UserHomeDir(); err == nil {
			axe, axeErr = os.ReadFile(filepath.Join(home, ".cache", "nianbao-node", "node_modules", "axe-core", "axe.min.js"))
		}
	}
	testenv.Need(t, chrome != "", "chromium")
	testenv.Need(t, axeErr == nil, "axe-core (npm, in $NIANBAO_NODE_DIR/node_modules)")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute) // a liveness guard, not a measurement
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true), chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(1280, 900))...)
	t.Cleanup(acancel)
	// events this chromedp cannot decode (its protocol tables lag the browser's) are not the test's concern
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(f string, a ...any) {
		if !strings.Contains(f+fmt.Sprint(a...), "could not unmarshal event") {
			t.Logf(f, a...)
		}
	}))
	t.Cleanup(bcancel)
	// the pages forbid scripts (Content-Security-Policy); the test's own (axe, fetch) are let in
	if err := chromedp.Run(bctx, cdpage.SetBypassCSP(true)); err != nil {
		t.Fatal(err)
	}
	wk := &walk{t: t, w: w, ctx: bctx, axe: string(axe), shots: os.Getenv("NIANBAO_SHOTS")}
	if wk.shots != "" {
		if err := os.MkdirAll(wk.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return wk
}

// run does a step's actions; on failure it shows the step and the page's text.
func (k *walk) run(step string, as ...chromedp.Action) {
	k.t.Helper()
	start := time.Now()
	defer func() {
		if d := time.Since(start); d > 5*time.Second {
			k.t.Logf("%s: %v", step, d.Round(100*time.Millisecond)) // to see where a slow run spends its time
		}
	}()
	for i, a := range as {
		as[i] = settled(a)
	}
	if err := chromedp.Run(k.ctx, as...); err != nil {
		var body, aside string
		chromedp.Run(k.ctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &body),
			chromedp.Evaluate(`document.querySelector("aside") ? document.querySelector("aside").innerText : ""`, &aside))
		k.t.Fatalf("%s: %v\npage: %.600s\nfindings: %s", step, err, body, aside)
	}
}

// settled does a and does it again when it failed on a node of the page before: text sees a new
// page as soon as it has loaded, chromedp's copy of the DOM may follow a moment later, and an
// action that looked up a node of the old one has done nothing yet.
func settled(a chromedp.Action) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for i := 0; ; i++ {
			err := a.Do(ctx)
			if err == nil || i == 20 || !strings.Contains(err.Error(), "Could not find node") && !strings.Contains(err.Error(), "No node with given id") {
				return err
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// text waits until the page has loaded and shows s.
func text(s string) chromedp.Action {
	// evaluated again and again, errors too: a click's navigation destroys the context it ran in
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(40 * time.Millisecond) {
			var ok bool
			if err := chromedp.Evaluate(`document.readyState == "complete" && document.body.innerText.includes(`+strconv.Quote(s)+`)`, &ok).Do(ctx); err == nil && ok {
				return nil
			}
		}
		return fmt.Errorf("no %q on the page within a minute", s)
	})
}

// check runs axe-core on the page shown (no serious or critical violation of WCAG 2.1 A/AA) and,
// with $NIANBAO_SHOTS, saves a full-page PNG of it.
func (k *walk) check(name string) {
	k.t.Helper()
	var ok bool
	var res string
	err := chromedp.Run(k.ctx,
		chromedp.Evaluate(k.axe+";true", &ok),
		chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.filter(v => v.impact == "serious" || v.impact == "critical").map(v => v.id + " " + v.help + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))`,
			&res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		k.t.Fatalf("%s: axe: %v", name, err)
	}
	var vs []string
	json.Unmarshal([]byte(res), &vs)
	for _, v := range vs {
		k.t.Errorf("%s: %s", name, v)
	}
	var wide int
	if chromedp.Run(k.ctx, chromedp.Evaluate(`document.documentElement.scrollWidth - window.innerWidth`, &wide)) == nil && wide > 0 {
		k.t.Logf("%s: the page is %d px wider than the window (1280 px)", name, wide) // told, not failed: a layout matter
	}
	k.audited++
	k.pages = append(k.pages, name)
	if k.shots != "" {
		var png []byte
		if err := chromedp.Run(k.ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			k.t.Errorf("%s: screenshot: %v", name, err)
		} else if err := os.WriteFile(filepath.Join(k.shots, fmt.Sprintf("%02d-%s.png", k.audited, name)), png, 0o644); err != nil {
			k.t.Error(err)
		}
	}
}

// open goes to path and waits for s on it.
func (k *walk) open(step, path, s string) {
	k.t.Helper()
	k.run(step, chromedp.Navigate(k.w.ts.URL+path), text(s))
}

// click clicks sel and waits for s.
func (k *walk) click(step, sel, s string) {
	k.t.Helper()
	k.run(step, chromedp.Click(sel, chromedp.ByQuery), text(s))
}

// typeIn clears a field and types v into it key by key, as a person does.
func typeIn(name, v string) chromedp.Action {
	sel := `[name="` + name + `"]`
	// (chromedp.SetValue cannot set "": it reads an empty answer back as a failure)
	return chromedp.Tasks{chromedp.Evaluate(`document.querySelector(`+strconv.Quote(sel)+`).value = ""`, nil), chromedp.SendKeys(sel, v, chromedp.ByQuery)}
}

// shows waits until a field shows v (a computed total, as form.js writes it).
func shows(name, v string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var got string
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(40 * time.Millisecond) {
			if err := chromedp.Evaluate(`document.querySelector(`+strconv.Quote(`[name="`+name+`"]`)+`).value`, &got).Do(ctx); err == nil && got == v {
				return nil
			}
		}
		return fmt.Errorf("%s shows %q, want %q", name, got, v)
	})
}

// paste puts a whole text into a field at once, as pasting from Word does.
func paste(name, v string) chromedp.Action {
	return chromedp.SetValue(`[name="`+name+`"]`, v, chromedp.ByQuery)
}

func (k *walk) login(name string) {
	k.t.Helper()
	k.open("login page ("+name+")", "/login", "用户名")
	k.run("login "+name, chromedp.SendKeys("#name", name, chromedp.ByID), chromedp.SendKeys("#password", "password-"+name, chromedp.ByID),
		chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), text("退出"))
}

func (k *walk) logout() {
	k.t.Helper()
	k.click("logout", `form[action="/logout"] button`, "密码")
}

// setup opens a one-time set-up link and sets the password the test logs in with later.
func (k *walk) setup(link, name, want string) {
	k.t.Helper()
	k.open("set-up link of "+name, link, name)
	k.check("setup-" + name)
	k.run("set-up "+name, chromedp.SendKeys("#password", "password-"+name, chromedp.ByID), chromedp.SendKeys("#password2", "password-"+name, chromedp.ByID),
		chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), text(want))
}

// account makes an account on the administration page and returns its set-up link.
func (k *walk) account(name, role, unit string) string {
	k.t.Helper()
	var link string
	as := []chromedp.Action{chromedp.SendKeys("#uname", name, chromedp.ByID), chromedp.SetValue("#role", role, chromedp.ByID)}
	if unit != "" {
		as = append(as, chromedp.SetValue("#unit", unit, chromedp.ByID))
	}
	as = append(as, chromedp.Click(`form[action="/admin/users"] button`, chromedp.ByQuery), text("请把下面的链接交给 "+name), chromedp.Value("#link", &link, chromedp.ByID))
	k.run("account "+name, as...)
	if !strings.HasPrefix(link, "/setup/") {
		k.t.Fatalf("set-up link of %s: %q", name, link)
	}
	return link
}

// upload chooses a file in the report page's upload form and sends it.
func (k *walk) upload(step, path, want string) {
	k.t.Helper()
	k.run(step, chromedp.SetUploadFiles("#file", []string{path}, chromedp.ByID),
		chromedp.Click(`form[action$="/upload"] button`, chromedp.ByQuery), text(want))
}

// submit submits the report shown, with a line on its warnings.
func (k *walk) submit(expl string) {
	k.t.Helper()
	k.run("submit", chromedp.SendKeys("#explanation", expl, chromedp.ByID),
		chromedp.Click(`form[action$="/submit"] button`, chromedp.ByQuery), text("已提交审核"))
}

// download fetches path in the browser, with its session, and gives the answer's status,
// Content-Type and body.
func (k *walk) download(path string) (int, string, []byte) {
	k.t.Helper()
	var res string
	k.run("download "+path, chromedp.Evaluate(`fetch(`+strconv.Quote(path)+`, {credentials: "same-origin"}).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer()); let s = "";
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
		return JSON.stringify({status: r.status, type: r.headers.get("content-type") || "", body: btoa(s)}) })`,
		&res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	var got struct {
		Status int
		Type   string
		Body   string
	}
	if err := json.Unmarshal([]byte(res), &got); err != nil {
		k.t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(got.Body)
	if err != nil {
		k.t.Fatal(err)
	}
	return got.Status, got.Type, b
}

// href is the address a link on the page shown points to.
func (k *walk) href(sel string) string {
	k.t.Helper()
	var h string
	k.run("link "+sel, chromedp.AttributeValue(sel, "href", &h, nil, chromedp.ByQuery))
	if !strings.HasPrefix(h, "/") {
		k.t.Fatalf("link %s: %q", sel, h)
	}
	return h
}

// summaryWorkbook checks the district workbook's 汇总 sheet: a row for each unit with its every
// table cell, and a 合计 row whose formulas compute the sum of the units' cells.
func summaryWorkbook(t *testing.T, book []byte, units []string, reports []*model.Report) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatalf("the summary workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(workbook.DistrictSheet)
	if err != nil {
		t.Fatalf("the summary workbook: %v", err)
	}
	at := map[string]int{} // unit (or 合计) → its row, 1-based
	for i, row := range rows {
		if len(row) > 0 {
			at[row[0]] = i + 1
		}
	}
	if at["合计"] == 0 {
		t.Fatalf("the sheet %s has no 合计 row: %q", workbook.DistrictSheet, rows)
	}
	cellAt := func(c, r int) string { s, _ := excelize.CoordinatesToCellName(c, r); return s }
	col, checked := 5, 0 // the first table cell's column, as workbook.District writes it
	for ti, def := range reports[0].Format.Tables {
		for k, rd := range def.Data {
			for c := range rd.Kinds {
				var want int64
				for i, u := range units {
					v := reports[i].Tables[ti].Values[k][c].Num()
					want += v
					if got, _ := f.GetCellValue(workbook.DistrictSheet, cellAt(col+c, at[u])); at[u] == 0 || got != strconv.FormatInt(v, 10) && !(v == 0 && got == "") {
						if rd.Kinds[c] == model.Count {
							t.Errorf("summary workbook, %s %s column %d: %q, want %d", u, rd.Key, c, got, v)
						}
					}
				}
				if rd.Kinds[c] != model.Count {
					continue // the fees amount, in 万元 with decimals: the TOML summary checks it
				}
				got, err := f.CalcCellValue(workbook.DistrictSheet, cellAt(col+c, at["合计"]))
				if err != nil || got != strconv.FormatInt(want, 10) {
					t.Errorf("summary workbook, 合计 of %s column %d: %q (%v), want %d (the sum of the five)", rd.Key, c, got, err, want)
				}
				checked++
			}
			col += len(rd.Kinds)
		}
	}
	if checked < 100 {
		t.Errorf("only %d cells of the summary workbook checked", checked)
	}
}

// tick moves the world's clock on, so that the audit log's times tell the order of the day.
func (w *world) tick(d time.Duration) { w.mu.Lock(); w.now = w.now.Add(d); w.mu.Unlock() }
func (w *world) set(t time.Time)      { w.mu.Lock(); w.now = t; w.mu.Unlock() }

// example is one of the repository's example reports moved to year (its dates and the years in
// its text with it) and given to organ — what a unit had at hand last January.
func example(t *testing.T, name string, year int, organ string) *model.Report {
	t.Helper()
	r, err := datafile.Load(filepath.Join("..", "examples", name, "report.toml"))
	if err != nil {
		t.Fatal(err)
	}
	shift := year - r.Year
	r.Date.Y += shift
	data := datafile.Encode(r, nil, nil)
	for _, y := range []int{r.Year + 1, r.Year, r.Year - 1} { // the later first: 2023→2026 must not meet 2024→2027
		data = strings.ReplaceAll(data, strconv.Itoa(y)+"年", strconv.Itoa(y+shift)+"年")
	}
	data = strings.Replace(data, "year = "+strconv.Itoa(r.Year), "year = "+strconv.Itoa(year), 1)
	data = strings.ReplaceAll(strings.ReplaceAll(data, r.Organ, organ), r.Short, organ)
	got, fs := validate(data)
	if got == nil {
		t.Fatalf("example %s moved to %d: %v", name, year, shown(fs, 0))
	}
	if e, _ := counts(fs); e > 0 {
		t.Fatalf("example %s moved to %d has errors: %v", name, year, shown(fs, 0))
	}
	return got
}

// units20 is the district's list of units, as the office pastes it.
var units20 = []string{"青山乡", "城关街道", "石桥镇", "县教育局", "河口镇", "白沙镇", "东岭乡", "西湖街道", "县财政局", "县民政局",
	"县人力资源和社会保障局", "县自然资源局", "县生态环境局", "县住房和城乡建设局", "县交通运输局", "县农业农村局", "县卫生健康委员会",
	"县应急管理局", "县市场监督管理局", "县医疗保障局"}

// TestJanuary is the district's whole January in a browser, from an empty data folder: issue 24's
// "Must show". A short prologue a year earlier (the server's first January) gives one unit an
// approved report of last year. Then the administrator loads the 20 units and makes the clerks'
// accounts; five clerks fill in — two typing into the form, one uploading a workbook, one a
// narrative file, one starting from last year's approved report; the reviewer returns one with a
// remark, its clerk fixes it; all five are approved; the PDFs and the summary are downloaded and
// checked (the summary's every cell is the sum of the five); the audit log is exported. axe-core
// runs on every page visited. With $NIANBAO_SHOTS every page is saved as a full-page PNG there,
// with the audit log as audit.csv.
func TestJanuary(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser and five builds")
	}
	start := time.Now()
	setup := func() (*theme.Theme, *fonts.Set, error) {
		set, err := fonts.Resolve(fonts.Options{NoSystem: true})
		return theme.New(), set, err
	}
	w := newWorldWith(t, setup) // a fresh database in an empty folder
	k := newWalk(t, w)
	dir := t.TempDir() // the files the clerks have on their own computers

	// ---- Last January (reporting year 2025): the server's first. ----
	w.set(time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC))
	// The first administrator as `nianbao serve --create-admin 管理员` makes it (cmd/nianbao):
	// an account without a password and a one-time set-up link printed to open in a browser.
	_, tok, err := w.store.CreateUser("管理员", Admin, "", w.clock())
	if err != nil {
		t.Fatal(err)
	}
	k.open("first page", "/", "用户名")
	k.check("login")
	k.setup(SetupPath(tok), "管理员", "单位名单")
	k.check("admin-empty")
	k.run("last year's unit", chromedp.SendKeys("#units", "河口镇", chromedp.ByID),
		chromedp.Click(`form[action="/admin/units"] button`, chromedp.ByQuery), text("新增 1 个单位"))
	unitID := func(name string) string {
		us, _ := w.store.Units()
		for _, u := range us {
			if u.Name == name {
				return u.ID
			}
		}
		t.Fatalf("no unit %s", name)
		return ""
	}
	linkReviewer := k.account("审核员", Reviewer, "")
	linkE := k.account("河口镇填报员", Clerk, unitID("河口镇"))
	k.check("admin-link")
	k.logout()

	lastYear := filepath.Join(dir, "河口镇2025年报.toml")
	os.WriteFile(lastYear, []byte(datafile.Encode(example(t, "qingshi-2023", 2025, "河口镇"), nil, nil)), 0o644)
	w.tick(time.Hour)
	k.setup(linkE, "河口镇填报员", "检查结果")
	k.upload("last year's report uploaded", lastYear, "已保存")
	k.submit("去年的报告已核实")
	k.logout()
	w.tick(time.Hour)
	k.setup(linkReviewer, "审核员", "最后修改")
	k.open("last year's report", "/r/"+unitID("河口镇")+"/2025", "退回意见")
	k.click("last year approved", `form[action$="/approve"] button`, "已通过")
	k.logout()

	phase := func(what string) { t.Logf("%v %s", time.Since(start).Round(100*time.Millisecond), what) }
	phase("last January")
	// ---- This January (reporting year 2026), from the administrator's list. ----
	w.set(time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC))
	k.login("管理员")
	list := filepath.Join(dir, "2026年度年报单位名单.txt")
	os.WriteFile(list, []byte(strings.Join(units20, "\r\n")+"\r\n"), 0o644) // as Notepad saves it
	k.run("20 units", chromedp.SetUploadFiles("#units-file", []string{list}, chromedp.ByID),
		chromedp.Click(`form[action="/admin/units/upload"] button`, chromedp.ByQuery), text("新增 19 个单位，1 个已在名单中"))
	if us, _ := w.store.Units(); len(us) != 20 {
		t.Fatalf("%d units, want 20", len(us))
	}
	links := map[string]string{}
	for _, u := range []string{"青山乡", "城关街道", "石桥镇", "县教育局"} {
		links[u] = k.account(u+"填报员", Clerk, unitID(u))
	}
	k.check("admin-20")
	k.logout()

	year := "/2026"
	phase("units and accounts")
	// Clerk A types the narrative and table 三 into the form.
	w.tick(time.Hour)
	k.setup(links["青山乡"], "青山乡填报员", "检查结果")
	k.check("form-new")
	k.run("青山乡 types", paste("text.overview", "（一）主动公开。本年度通过政府网站主动公开信息126条。\n\n（二）依申请公开。本年度收到政府信息公开申请3件，均已按时办结。\n\n（三）政府信息管理。完成规范性文件清理。\n\n（四）政府信息公开平台建设。更新政务公开专栏。\n\n（五）监督保障。开展业务培训2次。"),
		typeIn("text.problems", "公开栏更新不及时。下一步将按月更新。"),
		typeIn("table3.new#0", "3"), typeIn("table3.results.granted#0", "2"), typeIn("table3.results.partial#0", "1"),
		// the totals are computed as one types (form.js), the 勾稽关系 under 表三 hold
		shows("table3.new#6", "3"), shows("table3.results.total#0", "3"), shows("table3.results.total#6", "3"))
	k.check("form-typed")
	k.run("青山乡 saves", chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery), text("已保存"))
	k.check("form")
	k.submit("数据已与台账核对")
	k.check("form-submitted")
	k.logout()

	// Clerk B types too, and says nothing of substance on the problems.
	w.tick(time.Hour)
	k.setup(links["城关街道"], "城关街道填报员", "检查结果")
	k.run("城关街道 types", paste("text.overview", "（一）主动公开。本年度主动公开信息88条。\n\n（二）依申请公开。本年度收到政府信息公开申请1件。"),
		typeIn("text.problems", "无。"), typeIn("table2.normative_documents#0", "2"), typeIn("table2.normative_documents#2", "9"),
		typeIn("table3.new#0", "1"), typeIn("table3.results.granted#0", "1"),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery), text("已保存"))
	k.submit("数据已核实")
	k.logout()

	// Clerk C uploads the statistics workbook (made, as nianbao init --xlsx would, from last year's figures).
	w.tick(time.Hour)
	var book bytes.Buffer
	if err := workbook.Write(&book, example(t, "qingshi-2023", 2026, "石桥镇")); err != nil {
		t.Fatal(err)
	}
	bookPath := filepath.Join(dir, "石桥镇2026.xlsx")
	os.WriteFile(bookPath, book.Bytes(), 0o644)
	k.setup(links["石桥镇"], "石桥镇填报员", "检查结果")
	k.upload("workbook upload", bookPath, "已保存")
	k.check("form-workbook")
	k.submit("数据已核实")
	k.logout()

	// Clerk D uploads the narrative written in Word, then types the unit's figures.
	w.tick(time.Hour)
	docPath := filepath.Join(dir, "县教育局2026年报正文.docx")
	os.WriteFile(docPath, wordDoc("县教育局2026年政府信息公开工作年度报告",
		"根据《中华人民共和国政府信息公开条例》规定，现公布县教育局2026年政府信息公开工作年度报告。本报告中所列数据的统计期限自2026年1月1日起至2026年12月31日止。",
		"一、总体情况", "（一）主动公开。全年主动公开招生入学、教育收费等信息214条。", "（二）依申请公开。全年收到政府信息公开申请4件，均按期答复。",
		"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
		"五、存在的主要问题及改进情况", "一是学校信息公开栏目更新不及时；二是答复文书格式不统一。2027年将建立月度检查制度。",
		"六、其他需要报告的事项", "本年度未收取信息处理费。"), 0o644)
	k.setup(links["县教育局"], "县教育局填报员", "检查结果")
	k.upload("Word upload", docPath, "已保存")
	k.check("form-word")
	k.run("县教育局 types", typeIn("kind", "县级部门"), typeIn("table2.licensing#0", "37"),
		typeIn("table3.new#0", "4"), typeIn("table3.results.granted#0", "3"), typeIn("table3.results.unavailable.not_held#0", "1"),
		shows("table3.results.total#6", "4"),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery), text("已保存"))
	k.submit("数据已核实")
	k.logout()

	// Clerk E starts from last year's approved report and brings it up to date.
	w.tick(time.Hour)
	k.login("河口镇填报员")
	k.open("河口镇 2026", "/r/"+unitID("河口镇")+year, "以下为上年内容")
	k.check("form-from-last-year")
	var texts map[string]string
	k.run("read the carried text", chromedp.Evaluate(`Object.fromEntries([...document.querySelectorAll("textarea[name^='text.']")].map(t => [t.name, t.value]))`, &texts))
	var revise []chromedp.Action
	for name, v := range texts {
		if strings.Contains(v, datafile.Revise) {
			v = strings.TrimLeft(strings.Replace(v, datafile.Revise, "", 1), "\n")
			revise = append(revise, paste(name, strings.ReplaceAll(v, "2025年", "2026年")))
		}
	}
	if len(revise) == 0 {
		t.Fatal("nothing of last year's text is marked to revise")
	}
	// the two applications carried over from last year (R8) were granted this year
	revise = append(revise, typeIn("table3.results.granted#0", "2"), shows("table3.results.total#6", "2"),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery), text("已保存"))
	k.run("河口镇 revises", revise...)
	k.submit("正文中的申请数是上年的，已另行核实")
	k.logout()

	phase("five clerks")
	// The reviewer's day: the dashboard, four approved, one returned with a remark on a part.
	w.tick(time.Hour)
	k.login("审核员")
	k.open("dashboard", "/review", "尚未提交的单位")
	k.check("dashboard")
	for _, u := range []string{"青山乡", "石桥镇", "县教育局", "河口镇"} {
		k.open("open "+u, "/r/"+unitID(u)+year, "退回意见")
		k.check("review-" + u)
		k.click("approve "+u, `form[action$="/approve"] button`, "已通过")
	}
	k.open("open 城关街道", "/r/"+unitID("城关街道")+year, "退回意见")
	// a remark on one cell, chosen by clicking it, kept; then the return, with a remark on a section
	cell := `[name="table2.normative_documents#2"]`
	k.run("remark on a cell", chromedp.Click(cell, chromedp.ByQuery), shows("part", "table2.normative_documents#2"),
		typeIn("remark", "现行有效件数9件与上年报告的数字对不上，请核实。"),
		chromedp.Click("#keep-remark", chromedp.ByID), text("现行有效件数9件与上年报告的数字对不上"))
	k.run("return 城关街道", chromedp.SetValue("#part", "text.problems", chromedp.ByID),
		typeIn("remark", "“存在的主要问题及改进情况”只写了“无”，请写明本单位的问题和改进措施。"),
		chromedp.Click(`form[action$="/return"] button`, chromedp.ByQuery), text("已退回"))
	k.check("returned-reviewer")
	k.logout()

	// Clerk B reads the remark, fixes the part, submits again.
	w.tick(time.Hour)
	k.login("城关街道填报员")
	k.open("returned report", "/r/"+unitID("城关街道")+year, "审核意见")
	k.run("the remarks", text("请写明本单位的问题和改进措施"), text("请核实"))
	var marked bool
	k.run("the cell's remark beside it", chromedp.Evaluate(`!!document.querySelector('td.remarked `+cell+`')`, &marked))
	if !marked {
		t.Error("the returned report does not mark the cell its remark is about")
	}
	k.check("returned")
	k.run("城关街道 fixes", paste("text.problems", "一是政策解读形式单一；二是依申请公开答复文书不够规范。下一步将增加图解解读，每半年组织一次业务培训。"),
		typeIn("table2.normative_documents#2", "8"),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery), text("已保存"))
	k.submit("已按审核意见修改")
	k.logout()

	phase("review and return")
	// The reviewer approves it; everything is approved; the reports and the summary are downloaded.
	w.tick(time.Hour)
	k.login("审核员")
	k.open("open 城关街道 again", "/r/"+unitID("城关街道")+year, "退回意见")
	k.click("approve 城关街道", `form[action$="/approve"] button`, "已通过")
	k.open("dashboard approved", "/review?state=approved", "城关街道")
	k.check("dashboard-approved")
	five := []string{"青山乡", "城关街道", "石桥镇", "县教育局", "河口镇"}
	var reports []*model.Report
	for _, u := range five {
		rep, _ := w.store.Report(unitID(u), 2026)
		if rep == nil || rep.State != Approved {
			t.Fatalf("%s: not approved: %+v", u, rep)
		}
		r, _ := validate(rep.Data)
		if r == nil {
			t.Fatalf("%s: the approved report does not decode", u)
		}
		reports = append(reports, model.Completed(r)) // with the totals it left to be computed
	}
	// one report's PDF by its link on the report page, then all of them in one zip from the dashboard
	k.open("an approved report", "/r/"+unitID("青山乡")+year, "已通过")
	st, ct, pdf := k.download(k.href(`a[href$="/file/pdf"]`))
	if st != 200 || ct != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 5000 {
		t.Errorf("青山乡's PDF: %d %s, %d bytes", st, ct, len(pdf))
	}
	k.open("dashboard for the downloads", "/review", "最后修改")
	st, ct, zipped := k.download(k.href("#dl-zip-ofd"))
	if st != 200 || ct != "application/zip" {
		t.Fatalf("the zip: %d %s %.300s", st, ct, zipped)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatalf("the zip: %v", err)
	}
	inZip := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		inZip[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	for _, u := range five {
		for ext, magic := range map[string]string{".pdf": "%PDF-", ".docx": "PK\x03\x04", ".ofd": "PK\x03\x04"} {
			if b := inZip["2026-"+u+ext]; !bytes.HasPrefix(b, []byte(magic)) || len(b) < 5000 {
				t.Errorf("the zip's 2026-%s%s: %d bytes (the zip holds %d files)", u, ext, len(b), len(zr.File))
			}
		}
	}
	if len(zr.File) != 15 {
		t.Errorf("the zip holds %d files, want 15 (five reports as PDF, DOCX and OFD)", len(zr.File))
	}
	phase("PDF and zip")
	st, ct, xlsx := k.download(k.href("#dl-summary-xlsx"))
	if st != 200 || !bytes.HasPrefix(xlsx, []byte("PK\x03\x04")) {
		t.Fatalf("the summary workbook: %d %s", st, ct)
	}
	summaryWorkbook(t, xlsx, five, reports)
	st, _, sum := k.download(k.href("#dl-summary"))
	if st != 200 {
		t.Fatalf("summary: %d %.300s", st, sum)
	}
	total, err := datafile.Decode("汇总.toml", sum, nil)
	if total == nil {
		t.Fatalf("the summary does not decode: %v", err)
	}
	if len(total.Summary) != 5 {
		t.Errorf("the summary adds up %v, want the five", total.Summary)
	}
	cells, nonzero := 0, 0
	for ti := range total.Tables {
		for ri, row := range total.Tables[ti].Values {
			for c, v := range row {
				var want int64
				for _, r := range reports {
					want += r.Tables[ti].Values[ri][c].Num()
				}
				cells++
				if want != 0 {
					nonzero++
				}
				if v.Num() != want {
					t.Errorf("summary, table %s %s column %d: %d, want %d (the sum of the five)", total.Tables[ti].Def.ID, total.Tables[ti].Def.Data[ri].Key, c, v.Num(), want)
				}
			}
		}
	}
	if nonzero < 10 {
		t.Errorf("only %d of %d summed cells are not zero: the check proves little", nonzero, cells)
	}
	k.logout()

	// The administrator reads and exports the audit log of the month.
	k.login("管理员")
	k.open("audit", "/admin/audit", "导出 CSV")
	k.check("audit")
	st, ct, audit := k.download("/admin/audit?format=csv")
	if st != 200 || !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("audit CSV: %d %s", st, ct)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(audit, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("audit CSV: %v", err)
	}
	if want := []string{"time", "who", "unit", "year", "key", "old", "new"}; !slices.Equal(rows[0], want) {
		t.Fatalf("audit CSV columns %q, want %q", rows[0], want)
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if computedCell(r[4]) {
			t.Errorf("the audit log records a computed cell as an edit: %q", r)
		}
		seen[r[1]+" "+r[4]] = true
		seen[r[1]+" "+r[4]+"="+r[6]] = true
		seen[r[1]+" "+r[2]+" "+r[3]+" "+r[4]] = true
	}
	for _, want := range []string{
		// accounts and passwords are changes too, and a report's row names its unit and year
		"管理员 account 青山乡填报员=clerk 青山乡", "青山乡填报员 password=set", "青山乡填报员 青山乡 2026 table3.new#0",
		"青山乡填报员 table3.new#0=3", "青山乡填报员 text.problems=公开栏更新不及时。下一步将按月更新。",
		"石桥镇填报员 upload=石桥镇2026.xlsx", "县教育局填报员 upload-word=县教育局2026年报正文.docx", "县教育局填报员 table2.licensing#0=37",
		"城关街道填报员 table2.normative_documents#2=9", "城关街道填报员 table2.normative_documents#2=8",
	} {
		if !seen[want] {
			t.Errorf("the audit log has no %q", want)
		}
	}
	if k.shots != "" {
		os.WriteFile(filepath.Join(k.shots, "audit.csv"), audit, 0o644)
	}
	t.Logf("audit log: %d rows; pages audited: %d (%s); %v", len(rows)-1, k.audited, strings.Join(k.pages, " "), time.Since(start).Round(time.Second))
}

// TestAuditOneCell: a save that changes one cell logs that cell alone — not the computed cells
// the form sends along (read-only inputs are sent; the server computes them).
func TestAuditOneCell(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	for i, cell := range []string{"table3.new#0", "table4.review#1"} {
		_, body := a.get(page)
		v := form(body)
		if v.Get("table3.new#6") == "" {
			t.Fatal("the form does not send the computed 总计 (the case this test is about)")
		}
		v.Set(cell, "2")
		if st, _ := a.post(page+"/save", v); st != 200 {
			t.Fatalf("save: %d", st)
		}
		cs, _ := w.store.Audit(mustReport(t, w, unitA).ID, 100)
		var keys []string
		for _, c := range cs {
			keys = append(keys, c.Key)
		}
		if want := i + 1; len(cs) != want { // one row for each cell saved so far
			t.Errorf("after saving %s the audit log has %v, want %d rows", cell, keys, want)
		}
	}
}
