package serve

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"testing"

	"nianbao/workbook"
)

// upload posts a file the way the report page's upload form does.
func (c *client) upload(path, name string, data []byte, version string) (int, string) {
	c.w.t.Helper()
	return c.uploadAs(path, name, data, version, "")
}

// cleanData is a data file of 2026 without errors, 5 in table 三's first cell, for unit name.
func cleanData(t *testing.T, name string) string {
	t.Helper()
	fs, f := fieldsOf(startData(Unit{Name: name}, 2026))
	fs["text.overview"] = "（一）主动公开。本年度主动公开信息120条。"
	fs["text.problems"] = "问题是人手不足，改进措施是培训。"
	fs["table2.regulations#0"] = "4"
	data, err := encodeFields(fs, f, 2026)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestUpload: a workbook and a data file fill the form through datafile, as nianbao check reads
// them; the change is audited; a file of another year, a file that does not decode, a zip bomb
// and a file over the CLI's limit are refused with a message and save nothing; another unit's
// clerk cannot upload into this report, whatever the file is called.
func TestUpload(t *testing.T) {
	w, unitA, _ := district(t)
	a, b := w.login("clerkA"), w.login("clerkB")
	page := "/r/" + unitA + "/2026"
	r, fs := validate(cleanData(t, "甲镇"))
	if r == nil {
		t.Fatal(shown(fs, 0))
	}
	var book bytes.Buffer
	if err := workbook.Write(&book, r); err != nil {
		t.Fatal(err)
	}
	if st, body := b.upload(page+"/upload", "../"+unitA+"/甲镇.xlsx", book.Bytes(), "0"); st != 404 || strings.Contains(body, "甲镇") {
		t.Errorf("clerk B uploads into unit A: %d", st)
	}
	if rep, _ := w.store.Report(unitA, 2026); rep != nil {
		t.Fatal("clerk B's upload was stored")
	}
	st, body := a.upload(page+"/upload", "甲镇.xlsx", book.Bytes(), "0")
	if st != 200 || !strings.Contains(body, "已保存") {
		t.Fatalf("workbook upload: %d %.500s", st, body)
	}
	rep := mustReport(t, w, unitA)
	if got, _ := fieldsOf(rep.Data); got["table2.regulations#0"] != "4" || !strings.Contains(got["text.problems"], "人手不足") {
		t.Errorf("the workbook did not fill the form: %q %q", got["table2.regulations#0"], got["text.problems"])
	}
	cs, _ := w.store.Audit(rep.ID, 100)
	var keys []string
	for _, c := range cs {
		keys = append(keys, c.Key+"="+c.New)
	}
	if all := strings.Join(keys, " "); !strings.Contains(all, "upload=甲镇.xlsx") || !strings.Contains(all, "table2.regulations#0=4") {
		t.Errorf("audit log: %s", all)
	}
	// a data file with a word in a cell: refused, its finding named, nothing saved
	bad := strings.Replace(cleanData(t, "甲镇"), `regulations = ["4"`, `regulations = ["四个"`, 1)
	if bad == cleanData(t, "甲镇") {
		t.Fatal("the test's replacement did not apply")
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"坏.toml", []byte(bad), "四个"},
		{"去年.toml", []byte(strings.Replace(cleanData(t, "甲镇"), "year = 2026", "year = 2025", 1)), "2025"},
		{"假.xlsx", []byte("PK\x03\x04 not a zip"), "假.xlsx"},
		{"炸弹.xlsx", zipBomb(t), "炸弹.xlsx"},
		{"正文.docx", []byte("x"), ".xlsx"},
		{"<script>alert(1)</script>.toml", []byte("year = ["), "script&gt;.toml"},
	} {
		st, body := a.upload(page+"/upload", c.name, c.data, "1")
		if st != 422 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want 422 naming %q", c.name, st, c.want)
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("%s: the file name is live markup", c.name)
		}
	}
	if v := mustReport(t, w, unitA).Version; v != 1 {
		t.Errorf("refused uploads changed the report: version %d", v)
	}
	// over the limit: the body is cut at MaxUpload
	big := bytes.Repeat([]byte("a"), MaxUpload+1)
	if st, _ := a.upload(page+"/upload", "大.xlsx", big, "1"); st != http.StatusRequestEntityTooLarge && st != 403 && st != 422 {
		t.Errorf("an upload over the limit: %d", st)
	}
	// a stale version: the upload is a save like any other
	if st, _ := a.upload(page+"/upload", "甲镇.xlsx", book.Bytes(), "0"); st != 409 {
		t.Errorf("upload on a stale version: %d, want 409", st)
	}
	// the HTML edition of the report, for anyone who may see it
	st, body = a.get(page + "/view")
	if st != 200 || !strings.Contains(body, "甲镇") || !strings.Contains(body, "人手不足") {
		t.Errorf("HTML edition: %d", st)
	}
	if st, _ := b.get(page + "/view"); st != 404 {
		t.Errorf("clerk B views unit A's report: %d", st)
	}
}

// zipBomb is an .xlsx-looking zip whose one entry unzips to 128 MB of zeros (over zipcheck.MaxUnzipped).
func zipBomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	fw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for range 128 {
		fw.Write(zero)
	}
	zw.Close()
	return b.Bytes()
}
