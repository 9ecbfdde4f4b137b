package check_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"nianbao/check"
	"nianbao/datafile"
	"nianbao/model"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nianbao/i18n"
)

func base(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/base.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit applies old→new replacements, failing if an old string is absent (a stale test).
func edit(t testing.TB, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(src, pairs[i]) {
			t.Fatalf("test setup: %q not in base.toml", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

func decode(t testing.TB, src string) *model.Report {
	t.Helper()
	r, err := datafile.Decode("r.toml", []byte(src), nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return r
}

// TestRules has a passing and a failing case for every check rule.
func TestRules(t *testing.T) {
	cases := []struct {
		name  string
		edits []string
		rule  string // the rule expected to fire ("" for none)
		sev   check.Severity
		line  int    // expected line of the finding (0: not checked)
		where string // a label the finding must name
	}{
		{"clean", nil, "", 0, 0, ""},
		{"R0 negative count", []string{"punishment = 4", "punishment = -4"}, "R0", check.Error, 0, "行政处罚"},
		{"R0 negative fee", []string{"fees = 0", "fees = -1.5"}, "R0", check.Error, 0, "行政事业性收费"},
		{"R1 balance broken", []string{"carried_forward = [2, 0, 0, 0, 0, 0, 2]", "carried_forward = [1, 0, 0, 0, 0, 0, 1]"}, "R1", check.Error, 56, "自然人"},
		{"R1 holds with other numbers", []string{
			"carried_over = [1, 0, 0, 0, 0, 0, 1]", "carried_over = [2, 0, 0, 0, 0, 0, 2]",
			"carried_forward = [2, 0, 0, 0, 0, 0, 2]", "carried_forward = [3, 0, 0, 0, 0, 0, 3]",
			"上年结转1件", "上年结转2件", "结转下年度继续办理2件", "结转下年度继续办理3件"}, "", 0, 0, ""},
		{"R2 row total wrong", []string{"granted = [6, 1, 0, 0, 0, 0, 7]", "granted = [6, 1, 0, 0, 0, 0, 8]"}, "R2", check.Error, 59, "（一）予以公开"},
		{"R2 total left out is computed", []string{"granted = [6, 1, 0, 0, 0, 0, 7]", "granted = [6, 1, 0, 0, 0, 0]"}, "", 0, 0, ""},
		{"R3 results total wrong", []string{"total = [11, 2, 0, 0, 1, 0, 14]", "total = [10, 2, 0, 0, 1, 0, 13]"}, "R3", check.Error, 61, "（七）总计"},
		{"R3 results total left out", []string{"total = [11, 2, 0, 0, 1, 0, 14]\n", ""}, "", 0, 0, ""},
		{"R4 table 四 total wrong", []string{"review = [1, 0, 0, 0, 1]", "review = [1, 0, 0, 0, 3]"}, "R4", check.Error, 0, "行政复议"},
		{"R4 total left out", []string{"review = [1, 0, 0, 0, 1]", "review = [1, 0, 0, 0]"}, "", 0, 0, ""},
		{"R7 text disagrees", []string{"共收到政府信息公开申请15件", "共收到政府信息公开申请17件"}, "R7", check.Warning, 20, "一、总体情况“全年共收到政府信息公开申请17件"},
		{"R7 handled includes carried over", []string{"共收到政府信息公开申请15件", "共办理政府信息公开申请16件"}, "", 0, 0, ""},
		{"R7 says none received", []string{"全年共收到政府信息公开申请15件", "全年未收到政府信息公开申请"}, "R7", check.Warning, 0, "一、总体情况"},
		{"R9 township with 规章", []string{"regulations = [0, 0, 0]", "regulations = [1, 0, 1]"}, "R9", check.Warning, 0, "规章"},
		{"R9 city government may", []string{"regulations = [0, 0, 0]", "regulations = [1, 0, 1]", `kind = "乡镇"`, `kind = "市级政府"`}, "", 0, 0, ""},
		{"R10 no fee sentence", []string{"本年度未收取信息处理费。", "本年度无其他事项。"}, "R10", check.Warning, 0, "六、其他需要报告的事项"},
		{"R11 section 五 missing", []string{"problems = \"\"\"", "problems_x = \"\"\""}, "", 0, 0, ""}, // replaced below
	}
	cases[len(cases)-1] = struct {
		name  string
		edits []string
		rule  string
		sev   check.Severity
		line  int
		where string
	}{"R11 section 五 empty", []string{"problems = \"\"\"\n", "problems = \"\"\"\n\n\\\n", "强化业务培训。每半年组织一次依申请公开业务培训，规范答复文书。\n", ""}, "R11", check.Error, 0, "五、存在的主要问题及改进情况"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := edit(t, base(t), c.edits...)
			if c.rule == "R11" {
				// remove the whole text of 五 instead
				i := strings.Index(src, "problems = \"\"\"")
				j := strings.Index(src[i+15:], "\"\"\"") + i + 15
				src = src[:i] + "problems = \"\"\"\n" + src[j:]
			}
			fs := check.Check(decode(t, src))
			if c.rule == "" {
				if len(fs) != 0 {
					t.Fatalf("want no findings, got %v", fs)
				}
				return
			}
			var hit *check.Finding
			for i := range fs {
				if fs[i].Rule == c.rule {
					hit = &fs[i]
					break
				}
			}
			if hit == nil {
				t.Fatalf("want rule %s, got %v", c.rule, fs)
			}
			if hit.Severity != c.sev {
				t.Errorf("severity %v, want %v", hit.Severity, c.sev)
			}
			if c.line != 0 && hit.Line != c.line {
				t.Errorf("line %d, want %d: %s", hit.Line, c.line, hit)
			}
			for _, l := range []i18n.Lang{i18n.Zh, i18n.En} {
				if msg := hit.In(l); !strings.Contains(msg, c.where) || !strings.Contains(msg, "r.toml:") || !strings.Contains(msg, c.rule) {
					t.Errorf("message lacks label %q, file or rule: %s", c.where, msg)
				}
			}
		})
	}
}

func TestValuesAndTotals(t *testing.T) {
	src := edit(t, base(t),
		"fees = 0", `fees = 5125.1`,
		"licensing = 36", `licensing = "/"`,
		"granted = [6, 1, 0, 0, 0, 0, 7]", "granted = [6, 1, 0, 0, 0, 0]",
		"total = [11, 2, 0, 0, 1, 0, 14]\n", "")
	r := decode(t, src)
	if fs := check.Check(r); len(fs) != 0 {
		t.Fatalf("findings: %v", fs)
	}
	if v, _ := r.Get(1, "results.granted", 6); v.N != 0 || v.Set {
		t.Errorf("Check changed the report: the left-out total is %+v", v)
	}
	r = model.Completed(r)
	v, _ := r.Get(0, "fees", 0)
	if got := v.Format(model.Money); got != "5125.1" {
		t.Errorf("fee printed %q, want 5125.1 (as given)", got)
	}
	v, _ = r.Get(0, "licensing", 0)
	if !v.NA || v.Format(model.Count) != "/" {
		t.Errorf("licensing: %+v, want not applicable printed /", v)
	}
	v, _ = r.Get(1, "results.granted", 6)
	if v.N != 7 {
		t.Errorf("computed row total %d, want 7", v.N)
	}
	v, _ = r.Get(1, "results.total", 0)
	if v.N != 11 {
		t.Errorf("computed （七）总计 自然人 %d, want 11", v.N)
	}
	// every amount survives exactly as written, up to six decimals (万元 to the fen): no float
	// artefacts, no rounding, trailing zeros kept
	for _, s := range []string{"0", "0.1", "0.07", "1.10", "123456.78", "0.29", "1.15", "2.675", "0.000001", "12.500000", `"3.14"`, "0.1234567"} {
		want := strings.Trim(s, `"`)
		r, err := datafile.Decode("r.toml", []byte(edit(t, base(t), "fees = 0", "fees = "+s)), nil)
		if s == "0.1234567" {
			if err == nil || !strings.Contains(err.Error(), "6 位小数") {
				t.Errorf("fees = %s: want a six-places error, got %v", s, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("fees = %s: %v", s, err)
		}
		if v, _ := r.Get(0, "fees", 0); v.Format(model.Money) != want {
			t.Errorf("fees = %s printed %s, want %s", s, v.Format(model.Money), want)
		}
	}
}

// TestBadInput: every kind of bad data file gives FILE:LINE and a plain message, in both languages.
func TestBadInput(t *testing.T) {
	gbk := []byte("organ = \"\xd2\xbb\xc6\xbd\xd4\xab\"\n") // 一平垣 in GBK
	cases := []struct {
		name string
		data []byte
		line int
		zh   string // a phrase of the Chinese message
		en   string
	}{
		{"syntax", []byte(edit(t, base(t), "year = 2023", "year = = 2023")), 5, "TOML 语法错误", "syntax error"},
		{"unknown key", []byte(edit(t, base(t), "organ = ", "orgn = ")), 6, "是否应为“organ”", `did you mean "organ"`},
		{"unknown table key", []byte(edit(t, base(t), "state_secret =", "state_secrets =")), 63, "table3.results.denied.state_secret", "did you mean"},
		{"wrong type", []byte(edit(t, base(t), "year = 2023", `year = "2023"`)), 5, "应为整数", "must be an integer"},
		{"wrong cell type", []byte(edit(t, base(t), "licensing = 36", "licensing = true")), 48, "行政许可", "not a boolean"},
		{"missing field", []byte(edit(t, base(t), "organ = \"宁和县青石镇人民政府\"\n", "")), 0, "缺少“organ”（机关名称）", `"organ" (机关名称) is missing`},
		{"missing row", []byte(edit(t, base(t), "punishment = 4\n", "")), 0, "行政处罚", "is missing"},
		{"wrong count", []byte(edit(t, base(t), "new = [12, 2, 0, 0, 1, 0, 15]", "new = [12, 2, 0, 0, 1]")), 54, "应有 7（或不含总计的 6） 个数", "needs 7 (or 6 without 总计)"},
		{"duplicate key", []byte(edit(t, base(t), "year = 2023", "year = 2023\nyear = 2024")), 6, "同一个键写了两次", "given twice"},
		{"empty file", []byte("  \n\n"), 0, "文件为空", "empty"},
		{"GBK", gbk, 1, "GBK", "GBK"},
		{"not UTF-8", []byte("organ = \"\xff\xfe\xfd\"\n"), 1, "不是 UTF-8", "not UTF-8"},
		{"NUL byte", []byte("year = 2023\x00\n"), 1, "空字节", "NUL"},
		{"overflow", []byte(edit(t, base(t), "licensing = 36", "licensing = 99999999999999999999")), 48, "TOML 语法错误", "syntax error"},
		{"absurd number", []byte(edit(t, base(t), "licensing = 36", "licensing = 1000000000000")), 48, "数值过大", "implausibly large"},
		{"fraction count", []byte(edit(t, base(t), "licensing = 36", "licensing = 3.5")), 48, "应为整数", "whole number"},
		{"text instead of number", []byte(edit(t, base(t), "licensing = 36", `licensing = "很多"`)), 48, "不是数字", "not a number"},
		{"control character escaped", []byte(edit(t, base(t), "（五）监督保障。", `（五）监督\u0007保障。`)), 15, "控制字符 U+0007", "control character U+0007"},
		{"control character raw", []byte(edit(t, base(t), "（五）监督保障。", "（五）监督\u0007保障。")), 26, "control characters", "control characters"},
		{"GBK long", []byte("organ = \"\xd2\xbb\xc6\xbd\xd4\xab\xcf\xe7\xc8\xcb\xc3\xf1\xd5\xfe\xb8\xae\"\n"), 1, "GBK", "GBK"},
		{"control character in the organ", []byte(edit(t, base(t), `organ = "宁和县青石镇人民政府"`, `organ = "宁和县\u0001青石镇人民政府"`)), 6, "控制字符 U+0001", "control character U+0001"},
		{"bad date", []byte(edit(t, base(t), "date = 2024-01-22", `date = "2024年13月1日"`)), 9, "无法识别", "not a date"},
		{"bad kind", []byte(edit(t, base(t), `kind = "乡镇"`, `kind = "乡"`)), 8, "机关类型", "kind"},
		{"bad format", []byte(edit(t, base(t), `format = "2021"`, `format = "2020"`)), 0, "国办公开办函", "trial format"},
		{"Chinese comma in an array", []byte(edit(t, base(t), "new = [12, 2,", "new = [12，2,")), 54, "不能用中文逗号", "ASCII comma"},
		{"date without leading zeros", []byte(edit(t, base(t), "date = 2024-01-22", "date = 2024-1-22")), 9, "月和日都是两位数", "2025-01-20"},
		{"full-width digit bare", []byte(edit(t, base(t), "licensing = 36", "licensing = ３６")), 48, "全角数字", "ASCII digits"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := datafile.Decode("r.toml", c.data, nil)
			if err == nil {
				t.Fatal("no error")
			}
			zh, en := i18n.Message(err, i18n.Zh), i18n.Message(err, i18n.En)
			if !strings.Contains(zh, c.zh) || !strings.Contains(en, c.en) {
				t.Errorf("messages lack %q / %q:\n%s\n%s", c.zh, c.en, zh, en)
			}
			if !strings.HasPrefix(zh, "r.toml") {
				t.Errorf("message does not name the file: %s", zh)
			}
			if c.line > 0 && !strings.HasPrefix(zh, "r.toml:"+itoa(c.line)+":") {
				t.Errorf("want line %d: %s", c.line, zh)
			}
		})
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ path, want string }{
		{dir + "/none.toml", "文件不存在"},
		{dir, "文件夹"},
	} {
		_, err := datafile.Load(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%s): %v, want %q", c.path, err, c.want)
		}
	}
	// a narrative file that is missing is named with the key's line
	os.WriteFile(dir+"/r.toml", []byte(edit(t, base(t), "problems = \"\"\"", "problems_file = \"missing.txt\"\nx = \"\"\"")), 0o644)
	_, err := datafile.Load(dir + "/r.toml")
	if err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing narrative file: %v", err)
	}
}

func TestRuleTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), check.RuleTable()) {
		t.Errorf("README.md does not show the rule table of check.Rules; paste this:\n%s", check.RuleTable())
	}
	seen := map[string]bool{}
	for _, r := range check.Rules() {
		if seen[r.ID] || r.Name.Zh == "" || r.Name.En == "" || r.Desc.Zh == "" || r.Desc.En == "" {
			t.Errorf("rule %s: duplicate or incomplete", r.ID)
		}
		seen[r.ID] = true
		if !strings.Contains(check.RuleHelp(), r.ID+" ") {
			t.Errorf("--help lacks %s", r.ID)
		}
	}
	src, _ := os.ReadFile("check.go")
	more, _ := os.ReadFile("textcheck.go")
	prev, _ := os.ReadFile("prev.go")
	for _, m := range regexp.MustCompile(`"(R[0-9]+)"`).FindAllStringSubmatch(string(src)+string(more)+string(prev), -1) {
		if !seen[m[1]] {
			t.Errorf("findings of %s, which is not in the rule table", m[1])
		}
	}
}

// TestReview: what an expert reviewer catches, case by case — each edit of the clean base file
// must give the listed rules (at the given line where it matters) and nothing else.
func TestReview(t *testing.T) {
	cases := []struct {
		name  string
		edits []string
		want  []string // "R5", or "R2@59" with a line
	}{
		{"blank cell", []string{"punishment = 4", `punishment = ""`}, []string{"R5@49"}},
		{"无 and blank cells grouped", []string{"punishment = 4", `punishment = "无"`, "coercion = 0", `coercion = ""`}, []string{"R5@49"}},
		{"full-width digits", []string{"punishment = 4", `punishment = "４"`}, nil},
		{"blank 总计 is named, （七）总计 is not", []string{"granted = [6, 1, 0, 0, 0, 0, 7]", `granted = [6, 1, 0, 0, 0, 0, ""]`}, []string{"R2@59", "R5@59"}},
		{"a short row is named", []string{"granted = [6, 1, 0, 0, 0, 0, 7]", "granted = [6, 1, 0, 0, 0, 7]"}, []string{"R3@61", "R12@59"}},
		{"2021 format for 2020", []string{"year = 2023", "year = 2020", "date = 2024-01-22", "date = 2021-01-22", "2023年1月1日起至2023年12月31日", "2020年1月1日起至2020年12月31日"}, []string{"R6@4"}},
		{"opening's year", []string{"自2023年1月1日起", "自2022年1月1日起"}, []string{"R6@13"}},
		{"percentage right", []string{"均在法定期限内答复，", "予以公开7件，占50%，"}, nil},
		{"percentage wrong", []string{"均在法定期限内答复，", "予以公开7件，占60%，"}, []string{"R7@20"}},
		{"outcome wrong", []string{"均在法定期限内答复，", "予以公开和部分公开共8件，"}, []string{"R7@20"}},
		{"appeals: none said, one in the table", []string{"因政府信息公开被申请行政复议1件，被提起行政诉讼1件。", "未发生政府信息公开行政复议、行政诉讼。"}, []string{"R7@20", "R7@20"}},
		{"province office reports 规章", []string{"regulations = [0, 0, 0]", "regulations = [13, 2, 120]", `kind = "乡镇"`, `kind = "省级政府办公厅"`}, nil},
		{"county office cannot", []string{"regulations = [0, 0, 0]", "regulations = [1, 0, 1]", `kind = "乡镇"`, `kind = "县级政府办公室"`}, []string{"R9"}},
		{"fee said another way", []string{"本年度未收取信息处理费。", "本年度未收取任何费用。"}, nil},
		{"fee not said", []string{"本年度未收取信息处理费。", "本年度无其他事项。"}, []string{"R10"}},
		{"placeholder organ", []string{`organ = "宁和县青石镇人民政府"`, `organ = "某某镇人民政府"`}, []string{"R13@6"}},
		{"placeholder in text", []string{"设置政府信息查阅点1个。", "设置政府信息查阅点XX个。"}, []string{"R13@24"}},
		{"template's 在此填写", []string{"规范答复文书。", "（在此填写）"}, []string{"R13"}},
		{"pasted punctuation and (一)", []string{"（五）监督保障。将政务公开纳入各村", "(五)监督保障。将政务公开纳入各村,"}, []string{"R14@26"}},
		{"numbering skips", []string{"（三）政府信息管理。", "（四）政府信息管理。", "（四）政府信息公开平台建设。", "（五）政府信息公开平台建设。", "（五）监督保障。", "（六）监督保障。"}, []string{"R14@22"}},
		{"numbering repeats", []string{"（三）政府信息管理。", "（二）政府信息管理。"}, []string{"R14@22", "R14@24"}},
		{"malformed number", []string{"（五）监督保障。", "五)监督保障。"}, []string{"R14@26", "R14@26"}}, // the ) made full-width, and the number itself
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := datafile.Decode("r.toml", []byte(edit(t, base(t), c.edits...)), nil)
			var fs []check.Finding
			if err != nil {
				var ok bool
				if fs, ok = check.FindingsOf(err); !ok || r == nil {
					t.Fatal(err)
				}
			}
			fs = append(fs, check.Check(r)...)
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s@%d", f.Rule, f.Line))
			}
			slices.Sort(got)
			var want []string
			for _, w := range c.want {
				if !strings.Contains(w, "@") {
					for _, g := range got {
						if strings.HasPrefix(g, w+"@") {
							w = g
							break
						}
					}
				}
				want = append(want, w)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
				for _, f := range fs {
					t.Log(f)
				}
			}
		})
	}
}

// wordDoc is a minimal .docx whose paragraphs are the given texts, headings marked "H1:"/"H2:".
func wordDoc(paras ...string) []byte {
	var body strings.Builder
	for _, p := range paras {
		style := ""
		if h, rest, ok := strings.Cut(p, ":"); ok && (h == "H1" || h == "H2") {
			style, p = `<w:pPr><w:pStyle w:val="Heading`+h[1:]+`"/></w:pPr>`, rest
		}
		if strings.HasPrefix(p, "<") { // raw body XML
			body.WriteString(p)
			continue
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

// TestWordNarrative: a *_file naming a .docx, and text.file holding the whole narrative, split by
// the six section headings.
func TestWordNarrative(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "总体情况.docx"), wordDoc("全年工作平稳。", "H2:主动公开。", "公开信息286条。"), 0o644)
	src := strings.Replace(base(t), "overview = \"\"\"", "overview_file = \"总体情况.docx\"\noverview_old = \"\"\"", 1)
	src = strings.Replace(src, "overview_old", "# overview_old", 1)
	// drop the inline overview
	i := strings.Index(src, "# overview_old = \"\"\"")
	j := strings.Index(src[i+20:], "\"\"\"") + i + 20 + 3
	os.WriteFile(filepath.Join(dir, "a.toml"), []byte(src[:i]+src[j:]), 0o644)
	r, err := datafile.Load(filepath.Join(dir, "a.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := model.TextOf(r.Text[model.TextOverview]); got != "全年工作平稳。\n\n（一）主动公开。\n\n公开信息286条。\n" {
		t.Errorf("overview from .docx: %q", got)
	}
	// the whole narrative in one document
	os.WriteFile(filepath.Join(dir, "正文.docx"), wordDoc("本报告根据条例编制。", "H1:一、总体情况", "总体。",
		"H1:五、存在的主要问题及改进情况", "问题。", "H1:六、其他需要报告的事项", "本年度未收取信息处理费。"), 0o644)
	whole := "format = \"2021\"\nyear = 2023\norgan = \"宁和县青石镇人民政府\"\nkind = \"乡镇\"\ndate = 2024-01-22\n[text]\nfile = \"正文.docx\"\n"
	tables := base(t)[strings.Index(base(t), "[table2]"):]
	os.WriteFile(filepath.Join(dir, "b.toml"), []byte(whole+tables), 0o644)
	r, err = datafile.Load(filepath.Join(dir, "b.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if model.Plain(r.Text[model.TextOpening]) != "本报告根据条例编制。\n" || model.Plain(r.Text[model.TextProblems]) != "问题。\n" || model.Plain(r.Text[model.TextOther]) != "本年度未收取信息处理费。\n" {
		t.Errorf("split: %q %q %q", model.Plain(r.Text[model.TextOpening]), model.Plain(r.Text[model.TextProblems]), model.Plain(r.Text[model.TextOther]))
	}
	// a whole draft: the title, signature and date are dropped with a note (R15), located by
	// paragraph; a table under 四 is compared with the data cell by cell: the one that differs is
	// named by its Word cell and official label, the equal ones are not
	cell := func(s string) string { return `<w:tc><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>` }
	row := func(cells ...string) string {
		var b strings.Builder
		for _, c := range cells {
			b.WriteString(cell(c))
		}
		return "<w:tr>" + b.String() + "</w:tr>"
	}
	t4 := "<w:tbl>" + row("行政复议", "行政诉讼") + row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉") +
		row("", "", "", "", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计") +
		row("1", "0", "0", "0", "1", "0", "0", "0", "2", "1", "0", "0", "0", "0", "0") + "</w:tbl>"
	os.WriteFile(filepath.Join(dir, "正文.docx"), wordDoc("宁和县青石镇人民政府2023年政府信息公开工作年度报告", "本报告根据条例编制。", "H1:一、总体情况", "总体。",
		"H1:四、政府信息公开行政复议、行政诉讼情况", t4,
		"H1:五、存在的主要问题及改进情况", "问题。", "H1:六、其他需要报告的事项", "本年度未收取信息处理费。", "宁和县青石镇人民政府", "2024年1月22日"), 0o644)
	r, err = datafile.Load(filepath.Join(dir, "b.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if model.Plain(r.Text[model.TextOpening]) != "本报告根据条例编制。\n" || model.Plain(r.Text[model.TextOther]) != "本年度未收取信息处理费。\n" {
		t.Errorf("trimmed: %q %q", model.Plain(r.Text[model.TextOpening]), model.Plain(r.Text[model.TextOther]))
	}
	var got []string
	for _, f := range check.Check(r) {
		if f.Rule == "R15" {
			got = append(got, f.Location.String()+" "+f.Where)
		}
	}
	docx := filepath.Join(dir, "正文.docx")
	want := []string{
		docx + " 第1个表格第4行第9格 表四「行政诉讼 › 未经复议直接起诉」「尚未审结」",
		docx + " 第1段“宁和县青石镇人民政府20…” 正文文件",
		docx + " 第10段“宁和县青石镇人民政府” 正文文件",
		docx + " 第11段“2024年1月22日” 正文文件",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("R15 notes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOneWrongTotal (issue 20 point 2): rows that leave their 总计 out and one row that gives a
// wrong one: one error, at that row's 总计 — the other rows are not suspected of lacking a number
// (README: a row is suspect only when all the other rows give their 总计).
func TestOneWrongTotal(t *testing.T) {
	src := base(t)
	i, j := strings.Index(src, "[table3]"), strings.Index(src, "[table4]")
	seven := regexp.MustCompile(`= \[(\d+(?:, \d+){5}), \d+\]`)
	t3 := seven.ReplaceAllString(src[i:j], "= [$1]")
	t3 = strings.Replace(t3, "new = [12, 2, 0, 0, 1, 0]", "new = [12, 2, 0, 0, 1, 0, 16]", 1)
	fs := check.Check(decode(t, src[:i]+t3+src[j:]))
	var errs []string
	for _, f := range fs {
		if f.Severity == check.Error {
			errs = append(errs, f.Rule+" "+f.Where)
		}
	}
	if len(errs) != 1 || errs[0] != "R2 表三「一、本年新收政府信息公开申请数量」「总计」" {
		t.Errorf("want one R2 error at 一、本年新收's 总计, got %d: %v", len(errs), errs)
	}
	// one row short while every other row gives its 总计: that row is named (R12)
	short := strings.Replace(src, "granted = [6, 1, 0, 0, 0, 0, 7]", "granted = [6, 1, 0, 0, 0, 7]", 1)
	var named bool
	for _, f := range check.Check(decode(t, short)) {
		named = named || f.Rule == "R12" && strings.Contains(f.Where, "（一）予以公开")
	}
	if !named {
		t.Error("a row one number short among rows that give their 总计 is not named")
	}
}
