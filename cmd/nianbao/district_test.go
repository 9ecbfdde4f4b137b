package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/internal/gen"
	"nianbao/workbook"
)

// shortName is the short_name of a generated report.
func shortName(src string) string {
	return regexp.MustCompile(`short_name = "([^"]*)"`).FindStringSubmatch(src)[1]
}

// districtFolder lays out the district walk of issue 20: ten units in 各乡镇/, eight data files
// and two workbooks (made by nianbao export), one data file with a wrong 总计; a list of eleven
// units, one of which sent nothing; and last year's district workbook left in the folder.
// It returns the folder, the list and the units' short names (the one with the wrong total
// first, the missing one last).
func districtFolder(t *testing.T, dir string) (units, list string, names []string) {
	t.Helper()
	units = filepath.Join(dir, "各乡镇")
	os.MkdirAll(units, 0o755)
	for i := range 10 {
		src := gen.Report(i, 20)
		name := shortName(src)
		p := filepath.Join(units, name+".toml")
		if i == 4 { // a mistyped 总计 of 一、本年新收: the cells give less
			src = regexp.MustCompile(`(?m)^new = \[(.*)\]$`).ReplaceAllString(src, "new = [$1, 999]")
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if i == 6 || i == 8 {
			if code, _, errs := cli("export", p, "-o", filepath.Join(units, name+".xlsx")); code != 0 {
				t.Fatal(errs)
			}
			os.Remove(p)
		}
		names = append(names, name)
	}
	names[0], names[4] = names[4], names[0]
	names = append(names, "金沙青石乡")
	list = filepath.Join(dir, "名单.txt")
	os.WriteFile(list, []byte(strings.Join(names, "\n")+"\n"), 0o644)
	return units, list, names
}

// TestDistrictWalk is the district walk of issue 20: a stray district workbook does not block
// sum; one unit with a wrong total refuses the summary, naming the unit, its file and the first
// error; --skip-failing sums the other nine and says which unit was left out and which is
// missing, in the summary's text (六、其他需要报告的事项) and in the district workbook, whose
// first sheet prints on one A4 page with every unit's state; check --units gives the register.
func TestDistrictWalk(t *testing.T) {
	dir := t.TempDir()
	units, list, names := districtFolder(t, dir)
	bad, missing := names[0], names[len(names)-1]
	// last year's district workbook, and a list as a workbook, left in the units folder
	if code, _, errs := cli("sum", filepath.Join(units, names[1]+".toml"), filepath.Join(units, names[2]+".toml"), "-o", filepath.Join(dir, "old.toml"),
		"--xlsx", filepath.Join(units, "汇总.xlsx")); code != 0 {
		t.Fatal(errs)
	}
	lf := excelize.NewFile()
	for i, n := range append([]string{"单位"}, names...) {
		lf.SetCellValue("Sheet1", fmt.Sprintf("B%d", i+1), n)
		lf.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), i)
	}
	lf.SaveAs(filepath.Join(units, "名单.xlsx"))
	text := filepath.Join(dir, "汇总正文.toml")
	os.WriteFile(text, []byte("organ = \"宁和县人民政府办公室\"\nkind = \"县级政府\"\ndate = 2024-01-30\n[text]\noverview = \"全县汇总。\"\nproblems = \"无。\"\nother = \"本年度未收取信息处理费。\"\n"), 0o644)
	sum := filepath.Join(dir, "汇总.toml")

	// 1. sum refuses, naming the failing unit, its file, the first error; nothing is written
	code, out, errs := cli("sum", units, "--units", list, "--text", text, "-o", sum)
	t.Logf("nianbao sum 各乡镇/ --units 名单.txt --text 汇总正文.toml -o 汇总.toml → exit %d\n%s%s", code, out, errs)
	for _, want := range []string{
		filepath.Join(units, bad+".toml") + ": " + bad + " 有 ",
		"错误 [R2 行总计] 表三「一、本年新收政府信息公开申请数量」「总计」",
		"汇总.xlsx: 不是单位的报告，已跳过（是 nianbao sum --xlsx 生成的汇总工作簿）",
		"名单.xlsx: 不是单位的报告，已跳过（没有“基本信息”和表二至表四",
		"未汇总：1 个单位有错误",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("sum's refusal lacks %q", want)
		}
	}
	if code != 1 || out != "" {
		t.Errorf("sum with a failing unit: exit %d, stdout %q", code, out)
	}
	if _, err := os.Stat(sum); err == nil {
		t.Error("a refused summary was written")
	}

	// 2. --skip-failing: the nine others summed; the summary says who is left out and missing
	xlsx := filepath.Join(dir, "汇总.xlsx")
	code, out, errs = cli("sum", units, "--units", list, "--text", text, "-o", sum, "--xlsx", xlsx, "--skip-failing")
	t.Logf("… --skip-failing --xlsx 汇总.xlsx → exit %d\n%s%s", code, out, errs)
	if code != 0 || !strings.Contains(errs, "已汇总 9 个单位，1 个有错误未计入，1 个缺报") || !strings.Contains(errs, "缺报单位："+missing) {
		t.Fatalf("--skip-failing: exit %d\n%s", code, errs)
	}
	b, _ := os.ReadFile(sum)
	src := string(b)
	for _, want := range []string{"以下单位的报告有错误，未计入本汇总：" + bad + "。", "以下单位未报送报告，未计入本汇总：" + missing + "。",
		"# 有错误、未汇总 / left out, failing: " + bad} {
		if !strings.Contains(src, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(src, `"`+bad+`"`) {
		t.Errorf("the failing unit is among the summary's units")
	}
	if code, _, errs := cli("check", sum); code != 0 {
		t.Errorf("the summary does not check: %s", errs)
	}

	// 3. the district workbook: its first sheet is the overview, one row per unit and a total
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if s := f.GetSheetList(); len(s) != 3 || s[0] != workbook.OverviewSheet || s[1] != workbook.DistrictSheet {
		t.Errorf("sheets: %v", s)
	}
	rows, _ := f.GetRows(workbook.OverviewSheet)
	states := map[string]string{}
	for _, r := range rows[3:] {
		if len(r) > 2 {
			states[r[1]] = r[2]
		}
	}
	if len(rows) != 3+11+1 || states[bad] != "有错误，未汇总" || states[missing] != "缺报" || states[names[1]] != "通过" || rows[len(rows)-1][0] != "合计" {
		t.Errorf("overview rows: %q", rows)
	}
	for i, r := range rows[3:14] {
		cell := fmt.Sprintf("C%d", i+4)
		style, _ := f.GetCellStyle(workbook.OverviewSheet, cell)
		st, _ := f.GetStyle(style)
		filled := len(st.Fill.Color) > 0
		if filled != (r[2] != "通过") {
			t.Errorf("%s (%s): filled %v", r[1], r[2], filled)
		}
	}
	layout, _ := f.GetPageLayout(workbook.OverviewSheet)
	if *layout.Size != 9 || *layout.FitToWidth != 1 {
		t.Errorf("overview page layout: size %d, fit to width %d", *layout.Size, *layout.FitToWidth)
	}

	// 4. the register
	code, out, errs = cli("check", units, "--units", list)
	t.Logf("nianbao check 各乡镇/ --units 名单.txt → exit %d\n%s", code, out)
	for _, want := range []string{"收件登记：名单 11 个单位，已报送 10 份（通过 9，有错误 1，无法读取 0），缺报 1 个，不在名单中 0 个",
		"缺报：" + missing, bad + "\t有错误\t" + filepath.Join(units, bad+".toml") + "\t第",
		missing + "\t缺报\t-"} {
		if !strings.Contains(out, want) {
			t.Errorf("the register lacks %q", want)
		}
	}
	if code != 1 || !strings.Contains(errs, "汇总.xlsx: 不是单位的报告，已跳过") {
		t.Errorf("check --units: exit %d\n%s", code, errs)
	}
	// the list may be a workbook too, and check --json gives every file with its status
	code, out, _ = cli("check", "--json", units, "--units", filepath.Join(units, "名单.xlsx"))
	var recs []jsonFile
	if err := json.Unmarshal([]byte(out), &recs); err != nil || len(recs) != 11 {
		t.Fatalf("check --json --units 名单.xlsx: %v, %d records\n%s", err, len(recs), out)
	}
	count := map[string]int{}
	for _, r := range recs {
		count[r.Status]++
		if r.Listed == nil || !*r.Listed {
			t.Errorf("%s: listed %v", r.Unit, r.Listed)
		}
	}
	if count["passed"]+count["warnings"] != 9 || count["errors"] != 1 || count["missing"] != 1 {
		t.Errorf("statuses: %v", count)
	}

	// 5. the overview rendered by LibreOffice: one A4 page holds it
	need(t, have("soffice") && have("pdftotext"), "LibreOffice (libreoffice-calc) and poppler-utils")
	pdf := renderPDF(t, xlsx, dir)
	first, _ := exec.Command("pdftotext", "-f", "1", "-l", "1", "-layout", pdf, "-").Output()
	for _, want := range []string{"各单位情况", bad, "有错误，未汇总", missing, "缺报", "合计", "已汇总的 9 个单位"} {
		if !strings.Contains(string(first), want) {
			t.Errorf("page 1 of the rendered workbook lacks %q:\n%s", want, first)
		}
	}
}

// renderPDF converts a workbook to PDF with LibreOffice.
func renderPDF(t *testing.T, xlsx, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "render")
	cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", out, xlsx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(xlsx), ".xlsx")+".pdf")
	if st, err := os.Stat(pdf); err != nil || st.Size() == 0 { // soffice exits 0 even when it fails
		t.Fatalf("soffice wrote no PDF: %v", err)
	}
	return pdf
}

// need skips a test when an outside tool is missing here, and fails it in CI (CI=true).
func need(t *testing.T, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI but missing", what)
	}
	t.Skipf("%s not installed here", what)
}

func have(cmd string) bool { _, err := exec.LookPath(cmd); return err == nil }
