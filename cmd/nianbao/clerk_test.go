package main

import (
	"archive/zip"
	"bytes"
	"nianbao/datafile"
	"nianbao/model"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// wordDraft is a minimal .docx whose paragraphs are the given texts; "H1:" marks a heading.
func wordDraft(paras ...string) []byte {
	var body strings.Builder
	for _, p := range paras {
		style := ""
		if rest, ok := strings.CutPrefix(p, "H1:"); ok {
			style, p = `<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>`, rest
		}
		body.WriteString(`<w:p>` + style + `<w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`))
	zw.Close()
	return b.Bytes()
}

// TestClerkWalk (issue 20): a clerk who knows Excel/WPS and Word, never TOML. init --xlsx, the
// workbook filled (a date typed as a date, a line break in a cell, one wrong 总计, a number typed
// as text), a Word draft with the title, signature and date beside it, named in 基本信息; check
// names every finding as the clerk sees it (文件.xlsx!表三!J5, 正文.docx 第1段); once the total
// is corrected, build; next year init --from the workbook into a workbook, and R8 reads last
// year's workbook.
func TestClerkWalk(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "青山乡2026.xlsx")
	if code, _, errs := cli("init", "--xlsx", book, "--year", "2026"); code != 0 {
		t.Fatal(errs)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	set := func(sh, cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("基本信息", "C4", "青山乡人民政府")
	set("基本信息", "C5", "青山乡")
	set("基本信息", "C8", time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)) // a date cell (a serial number in the file)
	set("基本信息", "C11", "正文.docx")
	set("表三", "D5", 14)
	set("表三", "E5", 1)
	set("表三", "J5", 16) // 总计 typed over its formula, wrongly
	set("表三", "D7", 12)
	set("表三", "E7", "1") // a number typed as text
	set("表三", "D8", 2)
	set("正文", "C7", "公开栏更新不及时。\n下一步将按月更新。") // Alt+Enter: two paragraphs
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "正文.docx"), wordDraft("青山乡人民政府2026年政府信息公开工作年度报告",
		"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为2026年1月1日至12月31日。",
		"H1:一、总体情况", "2026年，青山乡收到政府信息公开申请15件。",
		"H1:六、其他需要报告的事项", "本年度未收取信息处理费。", "青山乡人民政府", "2027年1月20日"), 0o644)

	code, _, errs := cli("check", book)
	docx := filepath.Join(dir, "正文.docx")
	for _, want := range []string{
		book + "!表三!J5: 错误 [R2 行总计] 表三「一、本年新收政府信息公开申请数量」「总计」：应为 15",
		book + "!表三!E7: 警告 [R12 数据格式]", "以文字形式存的数字",
		docx + " 第1段“青山乡人民政府2026年…”: 警告 [R15 Word 文稿]",
		docx + " 第7段“青山乡人民政府”: 警告 [R15 Word 文稿]",
		docx + " 第8段“2027年1月20日”: 警告 [R15 Word 文稿]",
		"共 1 处错误、4 处警告",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("check lacks %q:\n%s", want, errs)
		}
	}
	if code != 1 || strings.Contains(errs, "text.") || strings.Contains(errs, "无法识别") {
		t.Errorf("check: exit %d, or TOML words / a refused date:\n%s", code, errs)
	}

	// the clerk puts the formula back: it builds; the narrative has no title, signature or date,
	// and 五 has two paragraphs from one cell
	f.SetCellFormula("表三", "J5", "SUM(D5,E5,F5,G5,H5,I5)")
	f.Save()
	out := filepath.Join(dir, "输出")
	if code, _, errs := cli("build", "--no-system-fonts", "--formats", "pdf,docx", book, "-o", out); code != 0 {
		t.Fatalf("build: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "青山乡人民政府-2026.pdf")); err != nil {
		t.Fatal(err)
	}
	r, err := datafile.Load(book)
	if err != nil {
		t.Fatal(err)
	}
	if got := model.Plain(r.Text[model.TextProblems]); got != "公开栏更新不及时。\n下一步将按月更新。\n" {
		t.Errorf("五 from one cell with a line break: %q", got)
	}
	if got := model.Plain(r.Text[model.TextOpening]) + model.Plain(r.Text[model.TextOther]); strings.Contains(got, "年度报告") || strings.Contains(got, "2027年1月20日") || strings.Contains(got, "青山乡人民政府\n") {
		t.Errorf("the draft's title, signature or date became narrative: %q", got)
	}
	if r.Date.String() != "2027年1月20日" {
		t.Errorf("date: %v", r.Date)
	}

	// next year, workbook to workbook: prev names last year's workbook, and check reads it for R8
	next := filepath.Join(dir, "2027", "青山乡2027.xlsx")
	os.Mkdir(filepath.Dir(next), 0o755)
	if code, _, errs := cli("init", "--from", book, "-o", next); code != 0 {
		t.Fatalf("init --from: %s", errs)
	}
	_, _, errs = cli("check", next)
	if strings.Contains(errs, "UTF-8") || strings.Contains(errs, "R8") || !strings.Contains(errs, "[R6 格式与年度]") || !strings.Contains(errs, "这句以“2026年”开头") {
		t.Errorf("next year's check (prev read as a workbook, R8 passes, last year's text flagged):\n%s", errs)
	}
	nf, _ := excelize.OpenFile(next)
	if v, _ := nf.GetCellValue("基本信息", "C10"); v != "../青山乡2026.xlsx" {
		t.Errorf("prev: %q", v)
	}
	// R8 compares: a wrong 上年结转 is an error naming last year's workbook
	nf.SetCellValue("表三", "D6", 3)
	nf.Save()
	if _, _, errs := cli("check", next); !strings.Contains(errs, "[R8 上年结转]") {
		t.Errorf("R8 against last year's workbook:\n%s", errs)
	}
}
