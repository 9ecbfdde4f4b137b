package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func cli(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "syntax.toml"), []byte("year = = 1\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{[]string{"check", "../../examples/qingshi-2023/report.toml"}, 0, "检查通过"},
		{[]string{"check", "../../examples/yipingyuan-2022/report.toml"}, 0, "R10"},
		{[]string{"check", "../../examples/inconsistent/report.toml"}, 1, "report.toml:44: 错误 [R1 勾稽关系] 表三「自然人」列"},
		{[]string{"--lang", "en", "check", "../../examples/inconsistent/report.toml"}, 1, "error [R2 row total]"},
		{[]string{"check", filepath.Join(dir, "syntax.toml")}, 1, "syntax.toml:1:"},
		{[]string{"check", filepath.Join(dir, "none.toml")}, 2, "文件不存在"},
		{[]string{"check"}, 2, "nianbao check FILE"},
		{[]string{"check", "--help"}, 0, "勾稽关系"},
		{[]string{"build", "--help"}, 0, "OUTDIR"},
		{[]string{"frobnicate"}, 2, "未知命令"},
		{[]string{}, 2, "用法 / usage"},
		{[]string{"help"}, 0, "nianbao init"},
		{[]string{"theme"}, 0, "body_width_mm = 156"},
		{[]string{"fonts", "--licenses"}, 0, "SIL OPEN FONT LICENSE"},
		{[]string{"fonts", "--no-system-fonts", "../../examples/qingshi-2023/report.toml"}, 0, "Nianbao Fangsong"},
		{[]string{"build", "../../examples/inconsistent/report.toml", "-o", dir}, 1, "--force"},
		{[]string{"build", "--font", "nonsense=x.ttf", "../../examples/qingshi-2023/report.toml"}, 2, "ROLE=PATH"},
		{[]string{"init", "--format", "2020"}, 2, "可选 2021、2019"},
		{[]string{"bild", "x.toml"}, 2, "未知命令“bild”，是否应为“build”？"},
		{[]string{"build", "--forse", "x.toml"}, 2, "nianbao build：未知的选项 --forse，是否应为 --force？"},
		{[]string{"--lang", "en", "check", "--jsn", "x.toml"}, 2, "nianbao check: unknown flag --jsn; did you mean --json?"},
		{[]string{"build", "-j", "2x", "x.toml"}, 2, "nianbao build：选项 -j 的值“2x”无效"},
		{[]string{"build", "x.toml", "-o"}, 2, "nianbao build：选项 -o 后面需要一个值"},
		{[]string{"version"}, 0, "nianbao "},
	}
	for _, c := range cases {
		code, out, errs := cli(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("nianbao %s: exit %d, want %d; output lacks %q:\n%s%s", strings.Join(c.args, " "), code, c.code, c.want, out, errs)
		}
		if strings.Contains(out+errs, "goroutine") || strings.Contains(out+errs, "panic") {
			t.Errorf("nianbao %s printed a stack trace", strings.Join(c.args, " "))
		}
	}
}

func TestBuildAndInit(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := cli("build", "--no-system-fonts", "../../examples/shichangjianguan-2023/report.toml", "-o", dir)
	if code != 0 {
		t.Fatalf("build: %d %s %s", code, out, errs)
	}
	for _, ext := range []string{".pdf", ".docx"} {
		if st, err := os.Stat(filepath.Join(dir, "宁和县市场监督管理局-2023"+ext)); err != nil || st.Size() < 5000 {
			t.Errorf("%s: %v", ext, err)
		}
	}
	tpl := filepath.Join(dir, "new.toml")
	if code, _, errs := cli("init", "-o", tpl); code != 0 {
		t.Fatal(errs)
	}
	if code, _, _ := cli("init", "-o", tpl); code != 2 {
		t.Error("init must not overwrite a file")
	}
	// an untouched template is not a report: its placeholders are errors until filled in …
	if code, out, errs := cli("check", tpl); code != 1 || !strings.Contains(out+errs, "[R13 占位文字]") {
		t.Errorf("the untouched template: exit %d\n%s%s", code, out, errs)
	}
	// … but it is a complete, valid data file
	if code, _, errs := cli("build", "--force", tpl, "-o", dir); code != 0 {
		t.Errorf("the template does not build: %s", errs)
	}
}

func TestBatchSumDiff(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := cli("build", "--no-system-fonts", "-j", "2", "../../examples/", "-o", dir)
	if code != 2 || !strings.Contains(errs, "没有找到数据文件") { // examples/ holds folders, no .toml at its top
		t.Errorf("empty folder: %d %s", code, errs)
	}
	files := []string{"../../examples/qingshi-2023/report.toml", "../../examples/shichangjianguan-2023/report.toml", "../../examples/inconsistent/report.toml"}
	code, out, errs := cli(append([]string{"build", "--no-system-fonts"}, append(files, "-o", dir)...)...)
	if code != 1 || !strings.Contains(errs, "共 3 份，成功 2 份，失败 1 份") || !strings.Contains(out, ".json") {
		t.Errorf("batch: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := cli("build", "--shard", "3/2", files[0]); code != 2 || !strings.Contains(errs, "i/n") {
		t.Errorf("bad --shard: %d %s", code, errs)
	}
	units := filepath.Join(dir, "units.txt")
	os.WriteFile(units, []byte("青石镇\n县市场监管局\n白杨镇\n"), 0o644)
	text := filepath.Join(dir, "text.toml")
	os.WriteFile(text, []byte("organ = \"宁和县人民政府办公室\"\nkind = \"县级政府\"\ndate = 2024-01-30\n[text]\noverview = \"全县汇总。\"\nproblems = \"无。\"\nother = \"本年度未收取信息处理费。\"\n"), 0o644)
	sum := filepath.Join(dir, "sum.toml")
	code, _, errs = cli("sum", files[0], files[1], "--units", units, "--text", text, "-o", sum)
	if code != 0 || !strings.Contains(errs, "白杨镇") {
		t.Fatalf("sum: %d %s", code, errs)
	}
	if code, out, errs := cli("check", sum); code != 0 || !strings.Contains(errs, "检查通过") {
		t.Errorf("the summary does not check clean: %s%s", out, errs)
	}
	if code, _, errs := cli("build", "--no-system-fonts", sum, "-o", dir); code != 0 {
		t.Errorf("the summary does not build: %s", errs)
	}
	if code, _, errs := cli("sum", files[0], "../../examples/qingshi-2020/report.toml", "-o", filepath.Join(dir, "x.toml")); code != 1 || !strings.Contains(errs, "不能汇总") {
		t.Errorf("mixing formats: %d %s", code, errs)
	}
	code, out, _ = cli("diff", "../../examples/qingshi-2023/report.toml", "../../examples/inconsistent/report.toml")
	if code != 0 || !strings.Contains(out, "表三「三、本年度办理结果 › （一）予以公开」「自然人」：6 → 7") {
		t.Errorf("diff: %d\n%s", code, out)
	}
}

// TestInitFrom: next year's file starts from last year's — organ and narrative carried (marked
// to revise), year and date one on, 上年结转 from last year's 结转下年度, prev set — and R8 holds.
func TestInitFrom(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "2023"), 0o755)
	for _, f := range []string{"report.toml", "overview.txt"} {
		b, _ := os.ReadFile(filepath.Join("../../examples/qingshi-2023", f))
		os.WriteFile(filepath.Join(dir, "2023", f), b, 0o644)
	}
	next := filepath.Join(dir, "2024", "report.toml")
	if code, _, errs := cli("init", "--from", filepath.Join(dir, "2023", "report.toml"), "-o", next); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(next)
	src := string(b)
	for _, want := range []string{"year = 2024", `organ = "宁和县青石镇人民政府"`, "date = 2025-01-22", `prev = "../2023/report.toml"`,
		"carried_over = [2, 0, 0, 0, 0, 0, 2]", "new = [0, 0, 0, 0, 0, 0, 0]", "统计期限自2024年1月1日起至2024年12月31日止", "（一）主动公开。"} {
		if !strings.Contains(src, want) {
			t.Errorf("the new file lacks %q", want)
		}
	}
	code, out, errs := cli("check", next)
	if code != 1 || !strings.Contains(errs, "[R13 占位文字]") || strings.Contains(errs, "[R8") || !strings.Contains(errs, "[R7 正文与表格一致]") {
		t.Errorf("check of the new file: exit %d\n%s%s", code, out, errs)
	}
}

// TestDropped: a file with no command (dragged onto nianbao.exe) is built next to itself.
func TestDropped(t *testing.T) {
	dir := t.TempDir()
	b, _ := os.ReadFile("../../examples/shichangjianguan-2023/report.toml")
	f := filepath.Join(dir, "局.toml")
	os.WriteFile(f, b, 0o644)
	code, out, errs := cli(f)
	if code != 0 || !strings.Contains(errs, "输出到它所在的文件夹") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, ext := range []string{".pdf", ".docx", ".json"} {
		if _, err := os.Stat(filepath.Join(dir, "宁和县市场监督管理局-2023"+ext)); err != nil {
			t.Error(err)
		}
	}
	if code, _, _ := cli(filepath.Join(dir, "none.toml")); code != 2 {
		t.Error("a missing file with no command is an unknown command")
	}
}

// TestCheckList: one pass lists everything — a value error and the arithmetic together — each
// line "FILE:LINE: 错误/警告 [Rn 名称]", on stderr, with a tally; a folder shows only the files
// with findings; --json gives the same findings on stdout.
func TestCheckList(t *testing.T) {
	dir := t.TempDir()
	good, _ := os.ReadFile("../../examples/shichangjianguan-2023/report.toml")
	os.WriteFile(filepath.Join(dir, "a-good.toml"), good, 0o644)
	bad := strings.Replace(string(good), "licensing = ", "unknown_key = 1\nlicensing = ", 1)
	bad = strings.Replace(bad, "new = [40, 12,", "new = [40, \"很多\",", 1)
	bad = strings.Replace(bad, "carried_forward = [2, 2, 0, 0, 0, 1, 5]", "carried_forward = [3, 2, 0, 0, 0, 1, 6]", 1)
	os.WriteFile(filepath.Join(dir, "b-bad.toml"), []byte(bad), 0o644)
	code, out, errs := cli("check", dir)
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	for _, l := range lines[:len(lines)-2] {
		if !strings.Contains(l, "b-bad.toml:") || !(strings.Contains(l, ": 错误 [R") || strings.Contains(l, ": 警告 [R")) {
			t.Errorf("not a finding of b-bad.toml: %s", l)
		}
	}
	for _, want := range []string{"[R12 数据格式] 未知的键“table2.unknown_key”", "“很多”不是数字", "[R1 勾稽关系]", "共检查 2 份：1 份通过，1 份有问题"} {
		if !strings.Contains(errs, want) {
			t.Errorf("lacks %q:\n%s", want, errs)
		}
	}
	if !regexp.MustCompile(`共 \d+ 处错误、\d+ 处警告$`).MatchString(strings.TrimSpace(errs)) {
		t.Errorf("no tally at the end:\n%s", errs)
	}
	code, out, _ = cli("check", "--json", dir)
	var files []struct {
		File     string           `json:"file"`
		Status   string           `json:"status"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &files); err != nil || code != 1 || len(files) != 2 || files[0].Status != "passed" || len(files[0].Findings) != 0 ||
		files[1].Status != "errors" || len(files[1].Findings) < 3 {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
	}
	var r1 map[string]any
	for _, f := range files[1].Findings {
		if f["rule"] == "R1" {
			r1 = f
		}
	}
	if r1 == nil || r1["severity"] != "error" || r1["expected"] == "" || r1["actual"] == "" || r1["line"].(float64) == 0 || r1["labels"] == "" {
		t.Errorf("R1 in JSON: %v", r1)
	}
}

// TestWorkbook: init --xlsx, export, check and build a workbook, import it back.
func TestWorkbook(t *testing.T) {
	dir := t.TempDir()
	x := filepath.Join(dir, "q.xlsx")
	if code, _, errs := cli("export", "../../examples/qingshi-2023/report.toml", "-o", x); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli("check", x); code != 0 || !strings.Contains(errs, "q.xlsx：检查通过") {
		t.Errorf("check of the workbook: %d %s", code, errs)
	}
	if code, out, errs := cli("build", "--no-system-fonts", x, "-o", dir); code != 0 || !strings.Contains(out, ".pdf") {
		t.Errorf("build of the workbook: %d %s", code, errs)
	}
	back := filepath.Join(dir, "q.toml")
	if code, _, errs := cli("import", x, "-o", back); code != 0 {
		t.Fatal(errs)
	}
	if code, out, _ := cli("diff", "../../examples/qingshi-2023/report.toml", back); code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("the imported file differs: %s", out)
	}
	tpl := filepath.Join(dir, "t.xlsx")
	if code, _, errs := cli("init", "--xlsx", tpl); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli("check", tpl); code != 1 || !strings.Contains(errs, "t.xlsx!基本信息!C4: 错误 [R13 占位文字]") {
		t.Errorf("check of the template workbook: %d %s", code, errs)
	}
	dist := filepath.Join(dir, "d.xlsx")
	if code, _, errs := cli("sum", "../../examples/qingshi-2023/report.toml", "../../examples/shichangjianguan-2023/report.toml", "-o", filepath.Join(dir, "s.toml"), "--xlsx", dist); code != 0 {
		t.Errorf("sum --xlsx: %d %s", code, errs)
	}
	if _, err := os.Stat(dist); err != nil {
		t.Error(err)
	}
}

// TestRestrictedFontWarning: a face whose OS/2 fsType forbids embedding is named in a warning,
// once, even when a build uses it again after setup.
func TestRestrictedFontWarning(t *testing.T) {
	b, err := os.ReadFile("../../fonts/testdata/fangsong.ttf")
	if err != nil {
		t.Fatal(err)
	}
	n := int(b[4])<<8 | int(b[5])
	for i := 0; i < n; i++ {
		if p := 12 + 16*i; string(b[p:p+4]) == "OS/2" {
			off := int(b[p+8])<<24 | int(b[p+9])<<16 | int(b[p+10])<<8 | int(b[p+11])
			b[off+8], b[off+9] = 0, 2 // fsType: restricted licence embedding
		}
	}
	dir := t.TempDir()
	font := filepath.Join(dir, "restricted.ttf")
	os.WriteFile(font, b, 0o644)
	code, _, stderr := cli("build", "--no-system-fonts", "--formats", "pdf", "--font", "body="+font,
		"../../examples/qingshi-2023/report.toml", "-o", filepath.Join(dir, "out"))
	if code != 0 || strings.Count(stderr, "restricted.ttf 的授权声明不允许嵌入") != 1 {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// TestUnknownArgument: an argument that is neither a command nor a data file gets one short line,
// never the whole usage; a data file named without its extension is found beside it and built.
func TestUnknownArgument(t *testing.T) {
	dir := t.TempDir()
	b, _ := os.ReadFile("../../examples/shichangjianguan-2023/report.toml")
	base := filepath.Join(dir, "青山乡2026")
	os.WriteFile(base+".toml", b, 0o644)
	code, out, errs := cli(base)
	if code != 0 || !strings.Contains(errs, "不是命令；找到了 "+base+".toml，就生成它") {
		t.Fatalf("nianbao %s: exit %d\n%s%s", base, code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "宁和县市场监督管理局-2023.pdf")); err != nil {
		t.Error(err)
	}
	if code, _, errs := cli(base, "-o", dir); code != 2 || !strings.Contains(errs, "nianbao build "+base+".toml -o") {
		t.Errorf("with more arguments: exit %d\n%s", code, errs)
	}
	os.WriteFile(base+".xlsx", nil, 0o644)
	if code, _, errs := cli(base); code != 2 || !strings.Contains(errs, "都存在") {
		t.Errorf("both .toml and .xlsx: exit %d\n%s", code, errs)
	}
	for _, c := range []struct{ arg, want string }{
		{"青山乡2025", "命令有：init check build"},
		{"chek", "是否应为“check”"},
		{filepath.Join(dir, "none.toml"), "找不到文件"},
	} {
		code, _, errs := cli(c.arg)
		if code != 2 || !strings.Contains(errs, c.want) || strings.Contains(errs, "用法 / usage") || strings.Count(errs, "\n") != 1 {
			t.Errorf("nianbao %s: exit %d, want one line with %q:\n%s", c.arg, code, c.want, errs)
		}
	}
}

// TestUsageTable: every command of the table is in the usage text and runs; the usage lines align.
func TestUsageTable(t *testing.T) {
	u := usage()
	for _, c := range commands() {
		if c.name != "help" && !strings.Contains(u, "nianbao "+c.name) {
			t.Errorf("usage lacks %s", c.name)
		}
		if got, ok := lookup(c.name); !ok || got.name != c.name {
			t.Errorf("lookup(%q) failed", c.name)
		}
	}
	col := -1
	for _, l := range strings.Split(u, "\n") {
		if !strings.HasPrefix(l, "  nianbao ") {
			continue
		}
		pad := 2 + strings.Index(l[2:], "  ")
		w := width(l[:pad] + strings.Repeat(" ", len(l[pad:])-len(strings.TrimLeft(l[pad:], " "))))
		if col >= 0 && w != col {
			t.Errorf("misaligned usage line (column %d, want %d): %s", w, col, l)
		}
		col = w
	}
}
