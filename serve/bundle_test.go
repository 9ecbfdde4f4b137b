package serve

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func getBytes(t *testing.T, c *client, path string) (int, string, []byte) {
	t.Helper()
	resp, err := c.http.Get(c.w.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// TestBundles: the approved reports of a year as one zip (PDF and DOCX, OFD when asked, named by
// unit, the same bytes twice), one report's OFD, and the district workbook summed from the
// approved units only — the others listed as left out; none of it for a clerk, nor before
// anything is approved.
func TestBundles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds")
	}
	w := newWorldWith(t, testSetup)
	w.account("审核员", Reviewer, "")
	w.store.AddUnits("甲镇\n乙/街道\n丁乡\n戊乡", "admin", w.clock())
	ids := map[string]string{}
	us, _ := w.store.Units()
	for _, u := range us {
		ids[u.Name] = u.ID
	}
	w.account("clerk丁", Clerk, ids["丁乡"])
	rv, cl := w.login("审核员"), w.login("clerk丁")
	if st, _ := rv.get("/review/reports.zip?year=2026"); st != 409 {
		t.Errorf("a zip of nothing approved: %d", st)
	}
	approvedReport(t, w, ids["甲镇"])
	approvedReport(t, w, ids["乙/街道"])
	w.store.Save(ids["丁乡"], 2026, 0, cleanData(t, "丁乡"), 0, 0, nil, "clerk丁", w.clock())

	st, ct, z := getBytes(t, rv, "/review/reports.zip?year=2026")
	if st != 200 || ct != "application/zip" {
		t.Fatalf("zip: %d %s %.300s", st, ct, z)
	}
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		magic := map[string]string{".pdf": "%PDF-", ".docx": "PK\x03\x04"}[f.Name[strings.LastIndexByte(f.Name, '.'):]]
		if !strings.HasPrefix(string(b), magic) || len(b) < 5000 {
			t.Errorf("%s: %d bytes, %q", f.Name, len(b), b[:min(8, len(b))])
		}
	}
	if want := []string{"2026-乙_街道.pdf", "2026-乙_街道.docx", "2026-甲镇.pdf", "2026-甲镇.docx"}; !slices.Equal(names, want) && !slices.Equal(names, append(want[2:], want[:2]...)) {
		t.Errorf("zip entries %q", names)
	}
	if _, _, z2 := getBytes(t, rv, "/review/reports.zip?year=2026"); !bytes.Equal(z, z2) {
		t.Error("the same reports gave another zip")
	}
	_, _, zo := getBytes(t, rv, "/review/reports.zip?year=2026&ofd=1")
	zr, _ = zip.NewReader(bytes.NewReader(zo), int64(len(zo)))
	ofds := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".ofd") {
			ofds++
		}
	}
	if ofds != 2 {
		t.Errorf("%d OFD in the zip with ofd=1", ofds)
	}
	// one report's OFD; a draft has none
	if st, ct, b := getBytes(t, rv, "/r/"+ids["甲镇"]+"/2026/file/ofd"); st != 200 || ct != "application/ofd" || !strings.HasPrefix(string(b), "PK\x03\x04") {
		t.Errorf("OFD: %d %s", st, ct)
	}
	if st, _, _ := getBytes(t, cl, "/r/"+ids["丁乡"]+"/2026/file/ofd"); st != 409 {
		t.Errorf("OFD of a draft: %d", st)
	}
	if st, _, _ := getBytes(t, cl, "/r/"+ids["甲镇"]+"/2026/file/ofd"); st != 404 {
		t.Errorf("a clerk gets another unit's OFD: %d", st)
	}
	// the district workbook: two units summed, two left out
	st, ct, x := getBytes(t, rv, "/review/summary.xlsx?year=2026")
	if st != 200 || !strings.Contains(ct, "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", st, ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); !slices.Equal(got, []string{"各单位情况", "汇总", "缺报与名单外"}) {
		t.Errorf("sheets %q", got)
	}
	var all strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			all.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	for _, want := range []string{"甲镇", "乙/街道", "戊乡", "缺报", "未通过审核（草稿）"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the workbook lacks %q:\n%s", want, all.String())
		}
	}
	rows, _ := f.GetRows("汇总")
	summed := 0
	for _, r := range rows {
		if len(r) > 0 && (strings.Contains(strings.Join(r, ""), "甲镇") || strings.Contains(strings.Join(r, ""), "乙/街道")) {
			summed++
		}
		if strings.Contains(strings.Join(r, ""), "丁乡") {
			t.Error("a draft is summed")
		}
	}
	if summed != 2 {
		t.Errorf("%d units on the 汇总 sheet", summed)
	}
	// not for a clerk
	for _, p := range []string{"/review/reports.zip?year=2026", "/review/summary.xlsx?year=2026", "/review/reports.zip?year=2026&ofd=1"} {
		if st, _, b := getBytes(t, cl, p); st != 403 || bytes.Contains(b, []byte("甲镇")) {
			t.Errorf("a clerk gets %s: %d", p, st)
		}
	}
}

// TestBundlesNoFonts: a server without fonts says so for the zip and an OFD, and still gives the
// district workbook (no fonts needed).
func TestBundlesNoFonts(t *testing.T) {
	w, unitA, _ := district(t)
	approvedReport(t, w, unitA)
	rv := w.login("审核员")
	for _, p := range []string{"/review/reports.zip?year=2026", "/r/" + unitA + "/2026/file/ofd"} {
		if st, body := rv.get(p); st != 503 || !strings.Contains(body, "未配置字体") {
			t.Errorf("%s without fonts: %d", p, st)
		}
	}
	if st, _, _ := getBytes(t, rv, "/review/summary.xlsx?year=2026"); st != 200 {
		t.Errorf("the workbook without fonts: %d", st)
	}
	if st, _ := rv.get("/review/summary.xlsx?year=2025"); st != 409 {
		t.Errorf("the workbook of a year with nothing approved: %d", st)
	}
}
