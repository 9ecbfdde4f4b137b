package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportPublished: a report built as PDF, DOCX and OFD imports back to a data file that
// nianbao diff finds equal to the source; check reads a folder of published reports with one line
// per report, a tally, and --json; .doc without LibreOffice names what to install.
func TestImportPublished(t *testing.T) {
	dir := t.TempDir()
	src := "../../examples/qingshi-2023/report.toml"
	out := filepath.Join(dir, "out")
	if code, _, errs := cli("build", "--no-system-fonts", "--formats", "pdf,docx,ofd", src, "-o", out); code != 0 {
		t.Fatal(errs)
	}
	for _, ext := range []string{".pdf", ".docx", ".ofd"} {
		files, _ := filepath.Glob(filepath.Join(out, "*"+ext))
		if len(files) != 1 {
			t.Fatalf("%s: %v", ext, files)
		}
		back := filepath.Join(dir, "back"+strings.TrimPrefix(ext, ".")+".toml")
		code, stdout, errs := cli("import", files[0], "-o", back)
		if code != 0 {
			t.Fatalf("import %s: %d %s", ext, code, errs)
		}
		if !strings.Contains(stdout, "读到 200 个表格数字") {
			t.Errorf("import %s: %s", ext, stdout)
		}
		if code, diff, errs := cli("diff", src, back); code != 0 || strings.TrimSpace(diff) != "" {
			t.Errorf("import %s differs from the source: %d %s %s", ext, code, diff, errs)
		}
	}
	// a reviewer's folder: published reports only
	rev := filepath.Join(dir, "reviewer")
	os.Mkdir(rev, 0o755)
	for _, f := range []string{"../../published/testdata/corpus/hongze-2023.pdf", "../../published/testdata/corpus/hongze-2024.pdf"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(rev, filepath.Base(f)), b, 0o644)
	}
	code, _, errs := cli("check", rev)
	if code != 1 || strings.Count(errs, "（2021 格式）——") != 2 || !strings.Contains(errs, "共检查 2 份") ||
		!strings.Contains(errs, "hongze-2023.pdf 第4页") || !strings.Contains(errs, "[R4 表四总计]") {
		t.Errorf("check of a folder of published reports: %d\n%s", code, errs)
	}
	code, js, _ := cli("check", "--json", rev)
	var fs []map[string]any
	if err := json.Unmarshal([]byte(js), &fs); err != nil || code != 1 || len(fs) == 0 {
		t.Errorf("check --json: %d %v %s", code, err, js)
	}
	// .doc without LibreOffice
	t.Setenv("PATH", "")
	doc := filepath.Join(dir, "x.doc")
	os.WriteFile(doc, []byte("not really"), 0o644)
	if code, _, errs := cli("import", doc, "-o", filepath.Join(dir, "x.toml")); code == 0 || !strings.Contains(errs, "LibreOffice") {
		t.Errorf(".doc without LibreOffice: %d %s", code, errs)
	}
}
