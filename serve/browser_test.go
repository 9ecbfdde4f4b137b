package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"nianbao/internal/testenv"
)

// axeSource is axe-core's script, from $NIANBAO_NODE_DIR (as .ci/run installs it) or the
// machine's shared npm folder.
func axeSource() ([]byte, error) {
	dirs := []string{os.Getenv("NIANBAO_NODE_DIR"), "/tmp/nianbao-node"}
	var err error
	for _, d := range dirs {
		if d == "" {
			continue
		}
		var b []byte
		if b, err = os.ReadFile(filepath.Join(d, "node_modules", "axe-core", "axe.min.js")); err == nil {
			return b, nil
		}
	}
	return nil, err
}

// TestBrowser: a short day in headless Chromium — the administrator loads the units and makes a
// clerk's account, the clerk sets a password through the link, fills in, saves and submits,
// the reviewer approves — with axe-core run on every page on the way: no serious or critical
// violation (WCAG 2.1 A and AA).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser")
	}
	chrome := ""
	for _, c := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(c); err == nil {
			chrome = p
			break
		}
	}
	axe, axeErr := axeSource()
	testenv.Need(t, chrome != "", "chromium")
	testenv.Need(t, axeErr == nil, "axe-core (npm, in $NIANBAO_NODE_DIR/node_modules)")

	w := newWorld(t)
	w.account("admin", Admin, "")
	w.account("审核员", Reviewer, "")
	// the test server is not TLS: cookies without Secure, as for plain http on loopback

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a liveness guard, not a measurement
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1280, 1000))...)
	defer acancel()
	// this chromedp's protocol tables lag the browser's (an unknown IPAddressSpace "Loopback"):
	// events it cannot decode are not the test's concern, everything else is reported
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(f string, a ...any) {
		if !strings.Contains(f+fmt.Sprint(a...), "could not unmarshal event") {
			t.Logf(f, a...)
		}
	}))
	defer bcancel()
	// the pages forbid scripts (Content-Security-Policy); the test's own (axe) is let in
	if err := chromedp.Run(bctx, cdpage.SetBypassCSP(true)); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("NIANBAO_SERVE_SHOTS") // a folder for screenshots, to look at the pages
	audited := 0
	check := func(name string) {
		t.Helper()
		var ok bool
		var res string
		err := chromedp.Run(bctx,
			chromedp.Evaluate(string(axe)+";true", &ok),
			chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.filter(v => v.impact == "serious" || v.impact == "critical").map(v => v.id + " " + v.help + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))`,
				&res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if err != nil {
			t.Fatalf("%s: axe: %v", name, err)
		}
		var vs []string
		json.Unmarshal([]byte(res), &vs)
		for _, v := range vs {
			t.Errorf("%s: %s", name, v)
		}
		audited++
		if shots != "" {
			var png []byte
			if err := chromedp.Run(bctx, chromedp.FullScreenshot(&png, 80)); err == nil {
				os.WriteFile(filepath.Join(shots, fmt.Sprintf("%02d-%s.jpg", audited, name)), png, 0o644)
			}
		}
	}
	waitText := func(s string) chromedp.Action {
		// evaluated again and again, errors too: a click's navigation destroys the context it ran in
		return chromedp.ActionFunc(func(ctx context.Context) error {
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				var ok bool
				if err := chromedp.Evaluate(`document.readyState == "complete" && document.body.innerText.includes(`+strconv.Quote(s)+`)`, &ok).Do(ctx); err == nil && ok {
					return nil
				}
			}
			return fmt.Errorf("no %q on the page within a minute", s)
		})
	}
	run := func(step string, as ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(bctx, as...); err != nil {
			var body string
			chromedp.Run(bctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &body))
			t.Fatalf("%s: %v\npage: %.600s", step, err, body)
		}
	}
	login := func(name string) {
		t.Helper()
		run("login "+name, chromedp.Navigate(w.ts.URL+"/login"), waitText("用户名"),
			chromedp.SendKeys("#name", name, chromedp.ByID), chromedp.SendKeys("#password", "password-"+name, chromedp.ByID),
			chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), waitText("退出"))
	}
	logout := func() {
		t.Helper()
		run("logout", chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), waitText("密码"))
	}

	run("login page", chromedp.Navigate(w.ts.URL+"/"), waitText("用户名"))
	check("login")
	login("admin")
	check("admin")
	run("units", chromedp.SendKeys("#units", "甲镇\n乙街道\n<b>丙</b>镇", chromedp.ByID),
		chromedp.Click(`form[action="/admin/units"] button`, chromedp.ByQuery), waitText("新增 3 个单位"))
	us, _ := w.store.Units()
	var unitA string
	for _, u := range us {
		if u.Name == "甲镇" {
			unitA = u.ID
		}
	}
	var link string
	run("clerk account", chromedp.SendKeys("#uname", "甲镇填报员", chromedp.ByID), chromedp.SetValue("#unit", unitA, chromedp.ByID),
		chromedp.Click(`form[action="/admin/users"] button`, chromedp.ByQuery), waitText("一次性设置链接"),
		chromedp.Value("#link", &link, chromedp.ByID))
	check("admin-link")
	run("audit", chromedp.Navigate(w.ts.URL+"/admin/audit"), waitText("导出 CSV"))
	check("audit")
	logout()

	run("set-up", chromedp.Navigate(w.ts.URL+link), waitText("甲镇填报员"))
	check("setup")
	run("set-up password", chromedp.SendKeys("#password", "a long password", chromedp.ByID), chromedp.SendKeys("#password2", "a long password", chromedp.ByID),
		chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), waitText("检查结果"))
	check("report-clerk")
	run("fill in", chromedp.SetValue(`textarea[name="text.overview"]`, "（一）主动公开。本年度主动公开信息120条。\n\n（二）依申请公开。收到申请0件。", chromedp.ByQuery),
		chromedp.SetValue(`textarea[name="text.problems"]`, "问题是人手不足，改进措施是培训。", chromedp.ByQuery),
		chromedp.SetValue(`input[name="table2.regulations#0"]`, "2", chromedp.ByQuery),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery), waitText("已保存"))
	check("report-saved")
	run("submit", chromedp.SendKeys("#explanation", "数据已核实", chromedp.ByID),
		chromedp.Click(`form[action$="/submit"] button`, chromedp.ByQuery), waitText("已提交审核"))
	check("report-submitted")
	logout()

	login("审核员")
	run("dashboard", chromedp.Navigate(w.ts.URL+"/review"), waitText("乙街道"))
	check("dashboard")
	run("open", chromedp.Click(`a[href^="/r/`+unitA+`"]`, chromedp.ByQuery), waitText("退回意见"))
	check("report-reviewer")
	run("approve", chromedp.Click(`form[action$="/approve"] button`, chromedp.ByQuery), waitText("已通过"))
	check("report-approved")
	run("HTML edition", chromedp.Navigate(w.ts.URL+"/r/"+unitA+"/2026/view"), waitText("人手不足"))
	check("view")
	run("english", chromedp.Navigate(w.ts.URL+"/review?lang=en"), waitText("Reports of"))
	check("dashboard-en")

	rep, _ := w.store.Report(unitA, 2026)
	if rep == nil || rep.State != Approved {
		t.Fatalf("the report is not approved: %+v", rep)
	}
	if fs, _ := fieldsOf(rep.Data); fs["table2.regulations#0"] != "2" {
		t.Errorf("the saved cell is %q", fs["table2.regulations#0"])
	}
	if audited != 13 {
		t.Errorf("%d pages audited", audited)
	}
}
