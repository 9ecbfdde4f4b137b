package check

import (
	"fmt"
	"slices"
	"strings"

	"nianbao/i18n"
)

// Rule is one check: its ID, name, severity and what it says, and the function that applies it
// (nil for rules applied elsewhere: R8 and R16 need last year's file, R12 is decoding itself). The
// table feeds Check, `nianbao check --help` and the README's rule table (TestRuleTable keeps
// the README equal to it).
type Rule struct {
	ID       string
	Name     i18n.Text
	Severity Severity
	Desc     i18n.Text
	apply    func(*checker)
}

// rules, in the order Check applies them (Rules gives a copy).
var rules = []Rule{
	{"R0", i18n.Text{Zh: "数值范围", En: "value range"}, Error,
		i18n.Text{Zh: "数字不能为负", En: "no negative numbers"}, (*checker).range0},
	{"R1", i18n.Text{Zh: "勾稽关系", En: "balance (一+二=（七）+四)"}, Error,
		i18n.Text{Zh: "勾稽关系：每一列 一＋二 ＝（七）总计＋四", En: "every column: 一 + 二 = （七）总计 + 四"}, (*checker).balance},
	{"R2", i18n.Text{Zh: "行总计", En: "row total"}, Error,
		i18n.Text{Zh: "表三每行“总计”＝六类申请人之和", En: "table 三: each row's 总计 = the six applicant columns"}, (*checker).rowTotals},
	{"R3", i18n.Text{Zh: "办理结果总计", En: "results total"}, Error,
		i18n.Text{Zh: "（七）总计＝（一）至（六）各项之和", En: "（七）总计 = the sum of （一）…（六）"}, (*checker).sumRows},
	{"R4", i18n.Text{Zh: "表四总计", En: "table 四 totals"}, Error,
		i18n.Text{Zh: "表四三组各自的“总计”＝四种结果之和", En: "table 四: each 总计 = its four outcomes"}, nil}, // with R2, in rowTotals
	{"R5", i18n.Text{Zh: "空白格子", En: "blank cells"}, Warning,
		i18n.Text{Zh: "空白或“无”的格子按 0 计，每张表提示一次", En: "blank or 无 cells count as 0, one warning per table"}, (*checker).blanks},
	{"R6", i18n.Text{Zh: "格式与年度", En: "format and year"}, Error,
		i18n.Text{Zh: "2019 格式只用于 2019、2020 年度，2021 格式用于 2021 年度起；开头段落的年份与年度一致；以上一年开头的句子（沿用上年文字）提示", En: "the 2019 format is for 2019–2020, the 2021 format from 2021; the opening's year is the report's; a sentence opening with last year (text carried over) is a warning"}, (*checker).formatYear},
	{"R7", i18n.Text{Zh: "正文与表格一致", En: "text agrees with tables"}, Warning,
		i18n.Text{Zh: "正文中的申请数、办理结果、复议诉讼、规范性文件等数字与表格一致，百分比与数字相符", En: "the counts the text states (applications, outcomes, appeals, 规范性文件 …) and their percentages agree with the tables"}, (*checker).narrative},
	{"R8", i18n.Text{Zh: "上年结转", En: "carried over from last year"}, Error,
		i18n.Text{Zh: "今年“上年结转”＝去年“结转下年度继续办理”（--prev 或 prev 键；--r8 可设为 warning 或 off）", En: "this year's 上年结转 = last year's 结转下年度 (--prev or the prev key; --r8 warning|off)"}, nil},
	{"R9", i18n.Text{Zh: "规章制定权限", En: "power to make 规章"}, Warning,
		i18n.Text{Zh: "不能制定规章的机关（县级政府及其办公室、各级部门、乡镇、街道等），表二“规章”应为 0", En: "organs that cannot make 规章 report 0 规章 in table 二"}, (*checker).regulations},
	{"R10", i18n.Text{Zh: "信息处理费", En: "information processing fee"}, Warning,
		i18n.Text{Zh: "2021 格式的六、其他需要报告的事项应说明信息处理费收取情况", En: "in the 2021 format, 六 says whether information processing fees were charged"}, (*checker).fee},
	{"R11", i18n.Text{Zh: "结构完整", En: "structure"}, Error,
		i18n.Text{Zh: "六个部分齐全、有内容", En: "all six sections present, with text"}, (*checker).structure},
	{"R12", i18n.Text{Zh: "数据格式", En: "data format"}, Error,
		i18n.Text{Zh: "数据文件的语法、键、类型和数值可以读懂（一次列出所有问题）；工作簿中公式保存的值与数据不符时警告", En: "the data file's syntax, keys, types and values can be read (all problems at once); a workbook's stale formula values are a warning"}, nil},
	{"R13", i18n.Text{Zh: "占位文字", En: "placeholders"}, Error,
		i18n.Text{Zh: "没有留下模板的占位文字（某某、XX、（在此填写）……）", En: "no template placeholders left (某某, XX, （在此填写） …)"}, (*checker).placeholders},
	{"R14", i18n.Text{Zh: "标点与编号", En: "punctuation and numbering"}, Warning,
		i18n.Text{Zh: "汉字间的半角标点改为全角；标题编号格式正确、不跳号不重号", En: "half-width punctuation between Chinese becomes full-width; heading numbers well-formed, in sequence"}, (*checker).numbering},
	{"R15", i18n.Text{Zh: "Word 文稿", En: "Word draft"}, Warning,
		i18n.Text{Zh: "Word 正文中的标题、署名和日期不再作为正文印出；文稿中的表二、表三、表四与数据逐格核对", En: "a Word draft's title, signature and date are not printed as narrative; its tables 二, 三, 四 are compared with the data cell by cell"}, nil}, // notes of reading (datafile)
	{"R16", i18n.Text{Zh: "现行有效件数衔接", En: "table 二 across years"}, Warning,
		i18n.Text{Zh: "有上年度报告时（同 R8）：上年“现行有效件数”＋本年“本年制发件数”－“本年废止件数”＝本年“现行有效件数”（规章、行政规范性文件）；2019 格式两年：上年“上一年项目数量”＋“本年增/减”＝本年“上一年项目数量”。文件到期失效也会使数字不衔接，所以只是警告",
			En: "with last year's report (as R8): last year's 现行有效件数 + 本年制发件数 − 本年废止件数 = this year's 现行有效件数 (规章, 行政规范性文件); 2019 format both years: last year's 上一年项目数量 + 本年增/减 = this year's 上一年项目数量. Documents expiring by their term also break it: a warning"}, nil}, // with R8, in CheckPrev (prev.go)
}

// Rules returns the rule table, in the order Check applies them: a copy, which the caller may change.
func Rules() []Rule { return slices.Clone(rules) }

// RuleByID returns a rule of the table.
func RuleByID(id string) (Rule, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

func (s Severity) Text() i18n.Text {
	if s == Error {
		return i18n.Text{Zh: "错误", En: "error"}
	}
	return i18n.Text{Zh: "警告", En: "warning"}
}

// RuleTable is the rule table as Markdown, in Chinese: the README shows it verbatim.
func RuleTable() string {
	var b strings.Builder
	b.WriteString("| 规则 | 名称 | 内容 | 级别 |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.ID, r.Name.Zh, r.Desc.Zh, r.Severity.Text().Zh)
	}
	return b.String()
}

// RuleHelp lists the rules for --help, one a line, in both languages.
func RuleHelp() string {
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "  %-4s %s（%s）/ %s: %s\n", r.ID, r.Name.Zh, r.Severity.Text().Zh, r.Name.En, r.Desc.En)
	}
	return b.String()
}
