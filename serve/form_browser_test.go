package serve

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"nianbao/internal/testenv"
)

// browser is a headless Chromium for a test, or a skip (a failure under CI=true) without one.
// Unlike TestBrowser it keeps the pages' Content-Security-Policy: the form's script must run
// under it.
func browser(t *testing.T) context.Context {
	t.Helper()
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
	testenv.Need(t, chrome != "", "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a liveness guard
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1280, 1000))...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(f string, a ...any) {
		if !strings.Contains(f+fmt.Sprint(a...), "could not unmarshal event") {
			t.Logf(f, a...)
		}
	}))
	t.Cleanup(bcancel)
	return bctx
}

// until evaluates a JavaScript condition again and again until it holds (a minute at most).
func until(cond string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			var ok bool
			if err := chromedp.Evaluate(cond, &ok).Do(ctx); err == nil && ok {
				return nil
			}
		}
		return fmt.Errorf("not within a minute: %s", cond)
	})
}

// TestFormScript: in a browser under the pages' own policy, the form's script computes the
// totals and the ✓/✗ of the 勾稽关系 as one types, shows the findings of what is typed, loads
// the preview's pages, and makes each line of a paste its own paragraph.
func TestFormScript(t *testing.T) {
	ctx := browser(t)
	w := newWorldWith(t, testSetup)
	w.store.AddUnits("甲镇", "admin", w.clock())
	us, _ := w.store.Units()
	w.account("clerkA", Clerk, us[0].ID)
	if _, err := w.store.Save(us[0].ID, 2026, 0, cleanData(t, "甲镇"), 0, 0, nil, "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	var total, r1, live, text string
	var imgs int
	err := chromedp.Run(ctx,
		chromedp.Navigate(w.ts.URL+"/login"), until(`!!document.querySelector("#name")`),
		chromedp.SendKeys("#name", "clerkA", chromedp.ByID), chromedp.SendKeys("#password", "password-clerkA", chromedp.ByID),
		chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), until(`!!document.querySelector("#report-form")`),
		until(`document.querySelectorAll("#preview-pages img.page").length > 1`),
		chromedp.Evaluate(`document.querySelectorAll("#preview-pages img.page").length`, &imgs),
		chromedp.Evaluate(`for (const [n, v] of [["table3.new#0", "5"], ["table3.new#2", "７"]]) {
			const el = document.querySelector('input[name="' + n + '"]'); el.value = v; el.dispatchEvent(new Event("input", {bubbles: true})) }`, nil),
		until(`document.querySelector('input[name="table3.new#6"]').value == "12"`),
		chromedp.Value(`input[name="table3.new#6"]`, &total, chromedp.ByQuery),
		chromedp.Text(`td.chk[data-l="table3.new#0 table3.carried_over#0"]`, &r1, chromedp.ByQuery),
		until(`document.getElementById("findings-live").textContent != "" && document.getElementById("findings").textContent.includes("一＋二＝5")`),
		chromedp.Text("#findings-live", &live, chromedp.ByID),
	)
	if err != nil {
		var page string
		chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("findings-side").innerText`, &page))
		t.Fatalf("%v\n%.1500s", err, page)
	}
	if total != "12" || r1 != "✗" || !strings.Contains(live, "尚未保存") || imgs < 2 {
		t.Errorf("total %q, R1 %q, live %q, %d pages", total, r1, live, imgs)
	}
	// a word in a cell: marked as one types (its finding names it)
	var cls string
	err = chromedp.Run(ctx, chromedp.Evaluate(`(() => { const el = document.querySelector('input[name="table3.new#3"]'); el.value = "几"; el.dispatchEvent(new Event("input", {bubbles: true})) })()`, nil),
		until(`document.querySelector('input[name="table3.new#3"]').parentElement.classList.contains("flag-error")`),
		chromedp.Evaluate(`document.querySelector('input[name="table3.new#3"]').getAttribute("aria-describedby")`, &cls))
	if err != nil || !strings.HasPrefix(cls, "f-") {
		t.Errorf("the cell with a word is not marked: %v %q", err, cls)
	}
	// a paste of three lines becomes three paragraphs
	err = chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const ta = document.querySelector('textarea[name="text.other"]'); ta.value = ""; ta.focus();
		const dt = new DataTransfer(); dt.setData("text/plain", "第一段。\r\n第二段。\r\n\r\n第三段。");
		ta.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		return ta.value })()`, &text))
	if err != nil || text != "第一段。\n\n第二段。\n\n第三段。" {
		t.Errorf("paste: %v %q", err, text)
	}
}

// TestPagesAxe: axe-core on the pages this file's features add or change — the administrator's
// page after a list with bad lines, the reviewer's page of a submitted report (the select of
// cells and paragraphs), the clerk's page of a returned report (remarks at cells and sections),
// the preview page: no serious or critical violation (WCAG 2.1 A and AA).
func TestPagesAxe(t *testing.T) {
	ctx := browser(t)
	axe, axeErr := axeSource()
	testenv.Need(t, axeErr == nil, "axe-core (npm, in $NIANBAO_NODE_DIR/node_modules)")
	if err := chromedp.Run(ctx, cdpage.SetBypassCSP(true)); err != nil { // to let axe in
		t.Fatal(err)
	}
	w := newWorldWith(t, testSetup)
	w.account("admin", Admin, "")
	w.account("审核员", Reviewer, "")
	w.store.AddUnits("甲镇", "admin", w.clock())
	us, _ := w.store.Units()
	unitA := us[0].ID
	w.account("clerkA", Clerk, unitA)
	page := "/r/" + unitA + "/2026"
	w.store.Save(unitA, 2026, 0, cleanData(t, "甲镇"), 0, 0, nil, "clerkA", w.clock())
	w.store.Transition(unitA, 2026, 1, []string{Draft}, Submitted, "", "clerkA", w.clock())
	w.store.AddRemark(unitA, 2026, 2, "table3.new#0", "请核对本格", "审核员", w.clock())

	audit := func(name string) {
		t.Helper()
		var ok bool
		var res string
		err := chromedp.Run(ctx, chromedp.Evaluate(string(axe)+";true", &ok),
			chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.filter(v => v.impact == "serious" || v.impact == "critical").map(v => v.id + " " + v.help + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))`,
				&res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		if err != nil {
			t.Fatalf("%s: axe: %v", name, err)
		}
		if res != "[]" {
			t.Errorf("%s: %s", name, res)
		}
	}
	login := func(name string) {
		t.Helper()
		if err := chromedp.Run(ctx, chromedp.Navigate(w.ts.URL+"/login"), until(`!!document.querySelector("#name")`),
			chromedp.SendKeys("#name", name, chromedp.ByID), chromedp.SendKeys("#password", "password-"+name, chromedp.ByID),
			chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), until(`document.body.innerText.includes("退出")`)); err != nil {
			t.Fatal(err)
		}
	}
	logout := func() {
		chromedp.Run(ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), until(`!!document.querySelector("#name")`))
	}
	login("admin")
	if err := chromedp.Run(ctx, chromedp.SendKeys("#units", "乙街道\n12\n", chromedp.ByID),
		chromedp.Click(`form[action="/admin/units"] button`, chromedp.ByQuery), until(`document.body.innerText.includes("未载入")`)); err != nil {
		t.Fatal(err)
	}
	audit("admin-bad-lines")
	logout()
	login("审核员")
	if err := chromedp.Run(ctx, chromedp.Navigate(w.ts.URL+page), until(`!!document.querySelector("#part optgroup")`),
		chromedp.Click(`input[name="table3.new#1"]`, chromedp.ByQuery), until(`document.getElementById("part").value == "table3.new#1"`)); err != nil {
		t.Fatal(err)
	}
	audit("review-submitted")
	if err := chromedp.Run(ctx, chromedp.SendKeys("#remark", "这一格也请核对", chromedp.ByID),
		chromedp.Click(`form[action$="/return"] button`, chromedp.ByQuery), until(`document.body.innerText.includes("已退回")`)); err != nil {
		t.Fatal(err)
	}
	logout()
	login("clerkA")
	if err := chromedp.Run(ctx, chromedp.Navigate(w.ts.URL+page), until(`document.querySelectorAll("td.remarked").length == 2`)); err != nil {
		t.Fatal(err)
	}
	audit("clerk-returned")
	if err := chromedp.Run(ctx, chromedp.Navigate(w.ts.URL+page+"/preview"), until(`document.querySelectorAll("img.page").length > 1`)); err != nil {
		t.Fatal(err)
	}
	audit("preview")
}
