package serve

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFormScriptSave: in a browser, the form's save goes through the light save — the page is
// not loaded again (a mark left on it stays), every form of the page takes the new version, the
// aside shows the findings of what was stored — and a conflict falls back to the form post, whose
// page lists the edits not saved.
func TestFormScriptSave(t *testing.T) {
	ctx := browser(t)
	w := newWorld(t)
	w.store.AddUnits("甲镇", "admin", w.clock())
	us, _ := w.store.Units()
	unit := us[0].ID
	w.account("clerkA", Clerk, unit)
	if _, err := w.store.Save(unit, 2026, 0, cleanData(t, "甲镇"), 0, 0, nil, "clerkA", w.clock()); err != nil {
		t.Fatal(err)
	}
	var kept bool
	var versions []string
	var shown, live string
	err := chromedp.Run(ctx,
		chromedp.Navigate(w.ts.URL+"/login"), until(`!!document.querySelector("#name")`),
		chromedp.SendKeys("#name", "clerkA", chromedp.ByID), chromedp.SendKeys("#password", "password-clerkA", chromedp.ByID),
		chromedp.Click(`main button[type="submit"]`, chromedp.ByQuery), until(`!!document.querySelector("#report-form")`),
		chromedp.Evaluate(`window.notReloaded = true`, nil),
		chromedp.SetValue(`input[name="table2.regulations#0"]`, "3", chromedp.ByQuery),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery),
		until(`(document.querySelector(".flash[role=status]") || {}).textContent === "已保存"`),
		chromedp.Evaluate(`window.notReloaded === true`, &kept),
		chromedp.Evaluate(`[...document.querySelectorAll("input[name=version]")].map(e => e.value)`, &versions),
		chromedp.Text("#report-version", &shown, chromedp.ByID),
		chromedp.Text("#findings-live", &live, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	rep := mustReport(t, w, unit)
	fs, _ := fieldsOf(rep.Data)
	if rep.Version != 2 || fs["table2.regulations#0"] != "3" {
		t.Errorf("stored version %d, cell %q", rep.Version, fs["table2.regulations#0"])
	}
	if !kept {
		t.Error("the save loaded the page again")
	}
	if len(versions) < 3 || shown != "2" || live != "" {
		t.Errorf("after the save: versions %v (want all 2), shown %q, live note %q", versions, shown, live)
	}
	for _, v := range versions {
		if v != "2" {
			t.Errorf("a form of the page still carries version %s", v)
		}
	}
	audit, _ := w.store.Audit(rep.ID, 10)
	if len(audit) != 1 || audit[0].Key != "table2.regulations#0" || audit[0].New != "3" {
		t.Errorf("audit %+v", audit)
	}

	// a section with half-width marks: cleaned on save (R14), and the textarea shows it cleaned
	var cleaned, msg string
	err = chromedp.Run(ctx,
		chromedp.SetValue(`textarea[name="text.problems"]`, "人手不足,下一步加强培训.", chromedp.ByQuery),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery),
		until(`document.querySelector("#report-version").textContent === "3"`),
		chromedp.Value(`textarea[name="text.problems"]`, &cleaned, chromedp.ByQuery),
		chromedp.Text(".flash[role=status]", &msg, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if cleaned != "人手不足，下一步加强培训。" || !strings.Contains(msg, "R14") {
		t.Errorf("after the cleaning save: the section %q, the message %q", cleaned, msg)
	}

	// someone else saves; this browser's next save meets the conflict and shows the server's page
	rep = mustReport(t, w, unit)
	if _, err := w.store.Save(unit, 2026, 3, rep.Data, 0, 0, nil, "另一人", w.clock()); err != nil {
		t.Fatal(err)
	}
	var lost string
	err = chromedp.Run(ctx,
		chromedp.SetValue(`input[name="table2.regulations#0"]`, "4", chromedp.ByQuery),
		chromedp.Click(`#report-form button[type="submit"]`, chromedp.ByQuery),
		until(`!!document.querySelector("#lost-h")`),
		chromedp.Text(".conflict ul", &lost, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if lost != "table2.regulations#0：3 → 4" {
		t.Errorf("the conflict lists %q", lost)
	}
	if fs, _ := fieldsOf(mustReport(t, w, unit).Data); fs["table2.regulations#0"] != "3" {
		t.Errorf("the conflict overwrote: %q", fs["table2.regulations#0"])
	}
}
