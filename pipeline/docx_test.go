package pipeline

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/datafile"
	"nianbao/theme"
)

// TestDocxAlone: a DOCX built without PDF and without fonts given breaks the title as the
// composition does (the embedded faces' metrics), and a title too long for four lines stops the
// build before any file is written, as it does with a PDF.
func TestDocxAlone(t *testing.T) {
	r, err := datafile.Load("../examples/shichangjianguan-2023/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "r")
	if _, err := Write(r, nil, base, Options{Theme: theme.New(), DOCX: true}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(base + ".docx")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(b)
		}
	}
	if want := `宁和县市场监督管理局</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">2023年政府信息公开工作年度报告`; !strings.Contains(doc, want) {
		t.Errorf("the title is not broken after the organ's name:\n%.400s", doc)
	}
	r.Title = strings.Repeat("宁和县人民政府办公室", 10) + "2023年政府信息公开工作年度报告"
	long := filepath.Join(dir, "long")
	if _, err := Write(r, nil, long, Options{Theme: theme.New(), DOCX: true}); err == nil || !strings.Contains(err.Error(), "标题太长") {
		t.Errorf("a title of five lines: %v", err)
	}
	if _, err := os.Stat(long + ".docx"); !os.IsNotExist(err) {
		t.Errorf("a DOCX was written: %v", err)
	}
}
