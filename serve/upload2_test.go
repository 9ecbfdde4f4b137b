package serve

import (
	"archive/zip"
	"bytes"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testenv"
)

// uploadAs posts a file with the upload form's "as" field (none when as is "").
func (c *client) uploadAs(path, name string, data []byte, version, as string) (int, string) {
	c.w.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("version", version)
	if as != "" {
		mw.WriteField("as", as)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	resp, err := c.http.Post(c.w.ts.URL+path, mw.FormDataContentType(), &b)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// wordDoc is a minimal Word document of paragraphs.
func wordDoc(paras ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	var body strings.Builder
	for _, p := range paras {
		body.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`))
	zw.Close()
	return b.Bytes()
}

// TestUploadWord: a Word narrative fills the six sections (read as a data file's text.file is:
// the draft's title left out), the tables stay as they were; a damaged one, one with nothing
// of the narrative, and another unit's clerk change nothing; markup in the text is text.
func TestUploadWord(t *testing.T) {
	w, unitA, _ := district(t)
	a, b := w.login("clerkA"), w.login("clerkB")
	page := "/r/" + unitA + "/2026"
	_, body := a.get(page)
	v := form(body)
	v.Set("table2.regulations#0", "3")
	a.post(page+"/save", v)
	doc := wordDoc("甲镇2026年政府信息公开工作年度报告",
		"本报告依据《条例》编制。",
		"一、总体情况", "（一）主动公开。全年主动公开信息120条。", "（二）依申请公开。收到申请2件&lt;script&gt;alert(1)&lt;/script&gt;。",
		"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
		"五、存在的主要问题及改进情况", "问题是人手不足，改进措施是加强培训。",
		"六、其他需要报告的事项", "本年度未收取信息处理费。")
	if st, _ := b.uploadAs(page+"/upload", "甲镇正文.docx", doc, "1", ""); st != 404 {
		t.Errorf("clerk B uploads a Word file into A's report: %d", st)
	}
	st, body := a.uploadAs(page+"/upload", "甲镇正文.docx", doc, "1", "")
	if st != 200 || !strings.Contains(body, "已保存") {
		t.Fatalf("Word upload: %d %.1500s", st, body)
	}
	rep := mustReport(t, w, unitA)
	fs, _ := fieldsOf(rep.Data)
	if !strings.Contains(fs["text.overview"], "（一）主动公开。全年主动公开信息120条。") || !strings.Contains(fs["text.problems"], "人手不足") ||
		fs["text.other"] != "本年度未收取信息处理费。" || fs["table2.regulations#0"] != "3" || strings.Contains(fs["text.opening"]+fs["text.overview"], "年度报告") {
		t.Errorf("fields after the Word upload: %q", fs)
	}
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)") {
		t.Error("markup from the Word file is not inert")
	}
	cs, _ := w.store.Audit(rep.ID, 100)
	found := false
	for _, c := range cs {
		found = found || c.Key == "upload-word" && c.New == "甲镇正文.docx"
	}
	if !found {
		t.Error("the Word upload is not audited")
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"坏.docx", []byte("not a zip"), "无法读取"},
		{"空.docx", wordDoc("这份文件没有六个部分的标题。"), "未载入"},
		{"大.docx", bytes.Repeat([]byte("x"), 4<<20+1), "超过 4 MB"},
		{"正文.doc", []byte("x"), "可上传"},
	} {
		st, body := a.uploadAs(page+"/upload", c.name, c.data, "2", "")
		if st != 422 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d, want 422 with %q: %.1200s", c.name, st, c.want, body)
		}
	}
	if mustReport(t, w, unitA).Version != 2 {
		t.Error("a refused Word upload was saved")
	}
}

// TestUploadPublished: last year's published report (a real PDF) starts this year's as nianbao
// init --from does (organ, narrative marked to revise, tables zeroed, 上年结转 from 结转下年度);
// this year's published report is taken as it is; another year's is refused.
func TestUploadPublished(t *testing.T) {
	pdf, err := os.ReadFile(filepath.Join("..", "published", "testdata", "corpus", "hongze-2023.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pdf24, err := os.ReadFile(filepath.Join("..", "published", "testdata", "corpus", "hongze-2024.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	w, unitA, unitB := district(t)
	a := w.login("clerkA")
	st, body := a.uploadAs("/r/"+unitA+"/2024/upload", "洪泽2023.pdf", pdf, "0", "published")
	if st != 200 || !strings.Contains(body, "已从 洪泽2023.pdf 载入并保存") {
		t.Fatalf("last year's PDF: %d %.2000s", st, body)
	}
	rep, _ := w.store.Report(unitA, 2024)
	if rep == nil {
		t.Fatal("not saved")
	}
	fs, _ := fieldsOf(rep.Data)
	if !strings.Contains(fs["organ"], "洪泽区") || fs["table3.new#0"] != "0" && fs["table3.new#0"] != "" {
		t.Errorf("carried on: organ %q, new %q", fs["organ"], fs["table3.new#0"])
	}
	// this year's published report: its figures
	st, body = a.uploadAs("/r/"+unitA+"/2024/upload", "洪泽2024.pdf", pdf24, "1", "")
	if st != 200 {
		t.Fatalf("this year's PDF: %d %.2000s", st, body)
	}
	rep, _ = w.store.Report(unitA, 2024)
	if fs, _ = fieldsOf(rep.Data); fs["table3.new#0"] != "95" || fs["table2.licensing#0"] != "9487" {
		t.Errorf("this year's figures: new %q, licensing %q", fs["table3.new#0"], fs["table2.licensing#0"])
	}
	// another year, another unit
	if st, body = a.uploadAs("/r/"+unitA+"/2026/upload", "洪泽2023.pdf", pdf, "0", "published"); st != 422 || !strings.Contains(body, "是 2023 年度的报告") {
		t.Errorf("a report two years old: %d %.600s", st, body)
	}
	if st, _ = a.uploadAs("/r/"+unitB+"/2024/upload", "洪泽2023.pdf", pdf, "0", "published"); st != 404 {
		t.Errorf("into unit B: %d", st)
	}
	if r, _ := w.store.Report(unitB, 2024); r != nil {
		t.Error("stored into unit B")
	}
	// a damaged PDF, a published DOCX that is not one
	for _, c := range []struct{ name, data, as string }{{"坏.pdf", "%PDF-1.7 garbage", ""}, {"坏.docx", "PK nothing", "published"}, {"坏.ofd", "x", ""}} {
		if st, body := a.uploadAs("/r/"+unitA+"/2025/upload", c.name, []byte(c.data), "0", c.as); st != 422 || !strings.Contains(body, c.name) {
			t.Errorf("%s: %d %.800s", c.name, st, body)
		}
	}
	// the HTML of a published report
	html, err := os.ReadFile(filepath.Join("..", "published", "testdata", "corpus", "shanghai-office-2019.html"))
	testenv.Need(t, err == nil, "the published corpus")
	if st, body = a.uploadAs("/r/"+unitA+"/2020/upload", "上海2019.html", html, "0", ""); st != 200 {
		t.Errorf("last year's HTML: %d %.1500s", st, body)
	}
}

// bombNamed is a zip whose entry name unzips to 128 MB of zeros (over zipcheck.MaxUnzipped).
func bombNamed(t *testing.T, name string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	fw, err := zw.Create(name)
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

// TestUploadHostile: zip bombs as a Word narrative, a published DOCX and an OFD, a PDF that is
// none, an OFD over the limit: refused with a message naming the file, nothing saved, nothing
// unzipped past the CLI's limits.
func TestUploadHostile(t *testing.T) {
	w, unitA, _ := district(t)
	a := w.login("clerkA")
	page := "/r/" + unitA + "/2026"
	for _, c := range []struct {
		name, as string
		data     []byte
	}{
		{"炸弹.docx", "", bombNamed(t, "word/document.xml")},
		{"炸弹.docx", "published", bombNamed(t, "word/document.xml")},
		{"炸弹.ofd", "", bombNamed(t, "Doc_0/Pages/Page_0/Content.xml")},
		{"假.pdf", "", []byte("%PDF-1.7\n1 0 obj << /Length 999999999 >> stream\nx")},
		{"大.ofd", "", bytes.Repeat([]byte("a"), MaxPublished+1)},
	} {
		st, body := a.uploadAs(page+"/upload", c.name, c.data, "0", c.as)
		if st != 422 && st != 413 || st == 422 && !strings.Contains(body, c.name) {
			t.Errorf("%s (%s): %d %.600s", c.name, c.as, st, body)
		}
	}
	if rep, _ := w.store.Report(unitA, 2026); rep != nil {
		t.Error("a hostile upload was stored")
	}
}
