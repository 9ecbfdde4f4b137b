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
	"nianbao/internal/testenv"
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
	_, out, _ = cli("check", "--json", units, "--units", filepath.Join(units, "名单.xlsx"))
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
	testenv.NeedCmd(t, "soffice", "pdftotext")
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

// TestSumCap (issue 26 point 6): two units of 100,000,000 行政许可 each — the per-unit cap — sum
// to a summary of 200,000,000 that its own check accepts, and that check and build accept too; a
// unit past the cap is still refused.
func TestSumCap(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := range 2 {
		src := regexp.MustCompile(`(?m)^licensing = \d+$`).ReplaceAllString(gen.Report(i, 3), "licensing = 100000000")
		files = append(files, filepath.Join(dir, fmt.Sprintf("u%d.toml", i)))
		os.WriteFile(files[i], []byte(src), 0o644)
	}
	text := filepath.Join(dir, "text.toml")
	os.WriteFile(text, []byte("organ = \"宁和县人民政府办公室\"\nkind = \"县级政府\"\ndate = 2024-01-30\n[text]\noverview = \"全县汇总。\"\nproblems = \"无。\"\nother = \"本年度未收取信息处理费。\"\n"), 0o644)
	sum := filepath.Join(dir, "sum.toml")
	if code, _, errs := cli("sum", files[0], files[1], "--text", text, "-o", sum); code != 0 {
		t.Fatalf("sum of two units at the cap: exit %d\n%s", code, errs)
	}
	b, _ := os.ReadFile(sum)
	if !strings.Contains(string(b), "licensing = 200000000") {
		t.Errorf("the summary lacks licensing = 200000000")
	}
	if code, _, errs := cli("check", sum); code != 0 {
		t.Errorf("check refuses the summary sum wrote: %s", errs)
	}
	if code, _, errs := cli("build", "--no-system-fonts", "--formats", "pdf", sum, "-o", filepath.Join(dir, "out")); code != 0 {
		t.Errorf("build refuses the summary sum wrote: %s", errs)
	}
	// the summary's limit is its units' number times the cap; a unit keeps its own
	over := strings.Replace(string(b), "licensing = 200000000", "licensing = 200000001", 1)
	os.WriteFile(sum, []byte(over), 0o644)
	if code, _, errs := cli("check", sum); code != 1 || !strings.Contains(errs, "数值过大") {
		t.Errorf("a summary past 2 × the cap: exit %d\n%s", code, errs)
	}
	unit := regexp.MustCompile(`(?m)^licensing = \d+$`).ReplaceAllString(gen.Report(5, 3), "licensing = 100000001")
	os.WriteFile(files[0], []byte(unit), 0o644)
	if code, _, errs := cli("check", files[0]); code != 1 || !strings.Contains(errs, "数值过大") {
		t.Errorf("a unit past the cap: exit %d\n%s", code, errs)
	}
}

// TestSumSidecars: a sidecar carries its unit's findings — one built with --force from data with
// errors fails the summary, named — and a .json that is no sidecar, a --text file and a summary in
// the units folder are skipped with a note, while a summary named on the command line is refused.
func TestSumSidecars(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "输出")
	if code, _, errs := cli("build", "--no-system-fonts", "--formats", "pdf", "--force", "../../examples/inconsistent/report.toml",
		"../../examples/shichangjianguan-2023/report.toml", "-o", out); code != 0 {
		t.Fatalf("build --force: %s", errs)
	}
	os.WriteFile(filepath.Join(out, "notes.json"), []byte(`{"a": 1}`), 0o644)
	text := filepath.Join(out, "正文.toml")
	os.WriteFile(text, []byte("organ = \"宁和县人民政府办公室\"\nkind = \"县级政府\"\ndate = 2024-01-30\n[text]\noverview = \"全县汇总。\"\nproblems = \"无。\"\nother = \"本年度未收取信息处理费。\"\n"), 0o644)
	code, _, errs := cli("sum", out, "--text", text, "-o", filepath.Join(dir, "sum.toml"))
	for _, want := range []string{"-2023.json: 青石镇 有 ", "第一处：../../examples/inconsistent/report.toml:44: 错误 [R1 勾稽关系]", "notes.json: 不是单位的报告，已跳过（不是 build 生成的 .json）",
		"正文.toml: 不是单位的报告，已跳过（是 --text 指定的汇总正文）", "未汇总：1 个单位有错误"} {
		if !strings.Contains(errs, want) {
			t.Errorf("sum of the sidecars lacks %q:\n%s", want, errs)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	code, _, errs = cli("sum", out, "--text", text, "-o", filepath.Join(out, "sum.toml"), "--skip-failing")
	if code != 0 || !strings.Contains(errs, "已汇总 1 个单位，1 个有错误未计入") {
		t.Fatalf("--skip-failing: exit %d\n%s", code, errs)
	}
	// the summary now lies in the folder: skipped there, refused when named
	code, _, errs = cli("sum", out, "--text", text, "-o", filepath.Join(dir, "again.toml"), "--skip-failing")
	if code != 0 || !strings.Contains(errs, "sum.toml: 不是单位的报告，已跳过（是 nianbao sum 生成的汇总，含 1 个单位）") {
		t.Errorf("a summary in the folder: exit %d\n%s", code, errs)
	}
	// summing again into the same file inside the folder replaces it
	code, _, errs = cli("sum", out, "--text", text, "-o", filepath.Join(out, "sum.toml"), "--skip-failing")
	if code != 0 || !strings.Contains(errs, "sum.toml: 不是单位的报告，已跳过（是上次写出的汇总，这次将被替换）") {
		t.Errorf("the earlier summary as -o: exit %d\n%s", code, errs)
	}
	code, _, errs = cli("sum", filepath.Join(out, "sum.toml"), "../../examples/qingshi-2023/report.toml", "-o", filepath.Join(dir, "again.toml"))
	if code != 1 || !strings.Contains(errs, "这是 nianbao sum 生成的汇总（含 1 个单位）") {
		t.Errorf("a summary named: exit %d\n%s", code, errs)
	}
}

// TestDiffFolders: diff DIR DIR pairs units by organ whatever their files are called (a data
// file last year, a workbook this year), with ± and %; units on one side are listed; --json gives
// the same; two files of different organs are refused unless --force.
func TestDiffFolders(t *testing.T) {
	dir := t.TempDir()
	last, this := filepath.Join(dir, "去年"), filepath.Join(dir, "今年")
	os.Mkdir(last, 0o755)
	os.Mkdir(this, 0o755)
	a, b := gen.Report(0, 4), gen.Report(1, 4)
	os.WriteFile(filepath.Join(last, "甲2023.toml"), []byte(a), 0o644)
	os.WriteFile(filepath.Join(last, "乙2023.toml"), []byte(b), 0o644)
	os.WriteFile(filepath.Join(last, "丙.toml"), []byte(gen.Report(2, 4)), 0o644)
	nums := regexp.MustCompile(`(?m)^new = \[(\d+), `)
	first := nums.FindStringSubmatch(a)[1]
	var n int
	fmt.Sscan(first, &n)
	changed := nums.ReplaceAllString(a, fmt.Sprintf("new = [%d, ", n+3))
	changed = regexp.MustCompile(`(?m)^carried_forward = \[(\d+), `).ReplaceAllStringFunc(changed, func(s string) string {
		var m int
		fmt.Sscan(strings.TrimSuffix(strings.TrimPrefix(s, "carried_forward = ["), ", "), &m)
		return fmt.Sprintf("carried_forward = [%d, ", m+3)
	})
	p := filepath.Join(this, "a.toml")
	os.WriteFile(p, []byte(changed), 0o644)
	if code, _, errs := cli("export", p, "-o", filepath.Join(this, "甲.xlsx")); code != 0 {
		t.Fatal(errs)
	}
	os.Remove(p)
	os.WriteFile(filepath.Join(this, "乙.toml"), []byte(b), 0o644)
	os.WriteFile(filepath.Join(this, "丁.toml"), []byte(gen.Report(3, 4)), 0o644)
	code, out, errs := cli("diff", last, this)
	t.Logf("nianbao diff 去年/ 今年/ → exit %d\n%s%s", code, out, errs)
	pct := ""
	if n > 0 {
		pct = fmt.Sprintf("，%+.1f%%", float64(300)/float64(n))
	}
	want := fmt.Sprintf("表三「一、本年新收政府信息公开申请数量」「自然人」：%d → %d（+3%s）", n, n+3, pct)
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "甲2023.toml → "+filepath.Join(this, "甲.xlsx")) ||
		!strings.Contains(out, "只在 "+last+" 中："+filepath.Join(last, "丙.toml")) || !strings.Contains(out, "只在 "+this+" 中："+filepath.Join(this, "丁.toml")) ||
		!strings.Contains(errs, "2 个单位配对") {
		t.Errorf("diff of folders lacks %q or the pairing", want)
	}
	code, out, _ = cli("diff", "--json", last, this)
	var res diffResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || len(res.Pairs) != 2 || len(res.OnlyLast) != 1 || len(res.OnlyThis) != 1 {
		t.Fatalf("diff --json: %v\n%s", err, out)
	}
	var got *diffChange
	for _, p := range res.Pairs {
		for i, c := range p.Changes {
			if c.Row == "new" && c.Column == "自然人" {
				got = &p.Changes[i]
			}
		}
	}
	if got == nil || got.Delta != "3" || got.Last != first || (n > 0) != (got.Percent != nil) {
		t.Errorf("the change in JSON: %+v", got)
	}
	// two units' files
	code, _, errs = cli("diff", filepath.Join(last, "甲2023.toml"), filepath.Join(last, "乙2023.toml"))
	if code != 2 || !strings.Contains(errs, "不是同一单位，不比较（确需比较请加 --force）") {
		t.Errorf("different organs: exit %d\n%s", code, errs)
	}
	if code, _, _ := cli("diff", "--force", filepath.Join(last, "甲2023.toml"), filepath.Join(last, "乙2023.toml")); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
	if code, _, _ := cli("diff", last, filepath.Join(last, "乙2023.toml")); code != 2 {
		t.Errorf("a folder and a file: exit %d", code)
	}
}

// TestCheckJSONPlaces: check --json gives a workbook finding's sheet and cell as fields of their
// own, not inside the file's name.
func TestCheckJSONPlaces(t *testing.T) {
	dir := t.TempDir()
	src := regexp.MustCompile(`(?m)^new = \[(\d+), `).ReplaceAllString(gen.Report(0, 5), "new = [$1$1, ")
	p := filepath.Join(dir, "a.toml")
	os.WriteFile(p, []byte(src), 0o644)
	x := filepath.Join(dir, "a.xlsx")
	if code, _, errs := cli("export", p, "-o", x); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ := cli("check", "--json", x)
	var recs []jsonFile
	if err := json.Unmarshal([]byte(out), &recs); err != nil || code != 1 || len(recs) != 1 || recs[0].Status != "errors" {
		t.Fatalf("check --json: exit %d %v\n%s", code, err, out)
	}
	for _, f := range recs[0].Findings {
		if f.File != x || strings.Contains(f.File, "!") || f.Sheet == "" || f.Cell == "" {
			t.Errorf("finding's place: file %q, sheet %q, cell %q", f.File, f.Sheet, f.Cell)
		}
	}
}
