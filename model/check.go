package model

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"nianbao/i18n"
)

// Severity of a finding: errors block a build (unless forced), warnings do not.
type Severity int

const (
	Warning Severity = iota
	Error
)

// Finding is one result of a check rule.
type Finding struct {
	Rule     string // R0 … R12, S (structure)
	Severity Severity
	File     string
	Line     int
	Where    string    // the official labels concerned
	Msg      i18n.Text // what is wrong, with expected and actual values
}

// Rule names, as printed.
var ruleNames = map[string]i18n.Text{
	"R0":  {Zh: "数值范围", En: "value range"},
	"R1":  {Zh: "勾稽关系", En: "balance (一+二=（七）+四)"},
	"R2":  {Zh: "行总计", En: "row total"},
	"R3":  {Zh: "办理结果总计", En: "results total"},
	"R4":  {Zh: "表四总计", En: "table 四 totals"},
	"R7":  {Zh: "正文与表格一致", En: "text agrees with tables"},
	"R8":  {Zh: "上年结转", En: "carried over from last year"},
	"R9":  {Zh: "规章制定权限", En: "power to make 规章"},
	"R10": {Zh: "信息处理费", En: "information processing fee"},
	"R11": {Zh: "结构完整", En: "structure"},
}

// In renders a finding as FILE:LINE: 错误 [R1 勾稽关系] where: message.
func (f Finding) In(l i18n.Lang) string {
	sev := map[Severity]i18n.Text{Error: {Zh: "错误", En: "error"}, Warning: {Zh: "警告", En: "warning"}}[f.Severity].In(l)
	loc := f.File
	if f.Line > 0 {
		loc = fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	where := ""
	if f.Where != "" {
		where = f.Where + "："
		if l == i18n.En {
			where = f.Where + ": "
		}
	}
	return fmt.Sprintf("%s: %s [%s %s] %s%s", loc, sev, f.Rule, ruleNames[f.Rule].In(l), where, f.Msg.In(l))
}

func (f Finding) String() string { return f.In(i18n.Zh) }

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Complete fills the totals the data file left out: each row's 总计 column and whole sum rows.
// It runs before Check, which then verifies the totals that were given.
func Complete(r *Report) {
	for ti := range r.Tables {
		t := &r.Tables[ti]
		for i := range t.Def.Data {
			if sum := t.Def.Data[i].SumOf; sum != "" {
				for c := range t.Values[i] {
					if !t.Values[i][c].Set {
						t.Values[i][c].N = t.columnSum(sum, c)
					}
				}
			}
		}
		for i := range t.Def.Data {
			rd := &t.Def.Data[i]
			if rd.Total >= 0 && !t.Values[i][rd.Total].Set {
				t.Values[i][rd.Total].N = rowSum(t.Values[i], rd.Total)
			}
		}
	}
}

// columnSum adds column c over the rows whose key starts with prefix (the sum row itself excluded).
func (t *Table) columnSum(prefix string, c int) int64 {
	var s int64
	for i, rd := range t.Def.Data {
		if strings.HasPrefix(rd.Key, prefix) && rd.SumOf == "" {
			s += t.Values[i][c].num()
		}
	}
	return s
}

func rowSum(vs []Value, total int) int64 {
	var s int64
	for c, v := range vs {
		if c != total {
			s += v.num()
		}
	}
	return s
}

func (v Value) num() int64 {
	if v.NA {
		return 0
	}
	return v.N
}

// Check completes the totals and applies every rule; findings come in rule order.
func Check(r *Report) []Finding {
	Complete(r)
	c := &checker{r: r}
	c.range0()
	c.rowTotals()
	c.sumRows()
	c.balance()
	c.structure()
	c.soft()
	sort.SliceStable(c.out, func(i, j int) bool { return c.out[i].Line < c.out[j].Line })
	return c.out
}

type checker struct {
	r   *Report
	out []Finding
}

func (c *checker) add(rule string, sev Severity, line int, where string, msg i18n.Text) {
	c.out = append(c.out, Finding{Rule: rule, Severity: sev, File: c.r.File, Line: line, Where: where, Msg: msg})
}

// textLine is the line of a narrative key, inline or as a file name.
func (c *checker) textLine(key string) int {
	if l, ok := c.r.Lines["text."+key+"_file"]; ok {
		return l
	}
	return c.r.Line("text." + key)
}

func (c *checker) line(t *Table, i int) int { return c.r.Line(t.Def.Key + "." + t.Def.Data[i].Key) }

// range0 is R0: counts and amounts are not negative (only 2019's 本年增/减 may be).
func (c *checker) range0() {
	for ti := range c.r.Tables {
		t := &c.r.Tables[ti]
		for i, rd := range t.Def.Data {
			for col, v := range t.Values[i] {
				if v.N < 0 && rd.Kinds[col] != Signed {
					c.add("R0", Error, c.line(t, i), TableLabel(t.Def, &t.Def.Data[i], col),
						i18n.F("不能为负数（%s）", "must not be negative (%s)", v.Format(rd.Kinds[col])))
				}
			}
		}
	}
}

// rowTotals is R2 (table 三) and R4 (table 四): a given 总计 equals the sum of its row.
func (c *checker) rowTotals() {
	for ti := range c.r.Tables {
		t := &c.r.Tables[ti]
		rule := map[string]string{"三": "R2", "四": "R4"}[t.Def.ID]
		for i, rd := range t.Def.Data {
			if rd.Total < 0 || !t.Values[i][rd.Total].Set {
				continue
			}
			want, got := rowSum(t.Values[i], rd.Total), t.Values[i][rd.Total].num()
			if want != got {
				parts := make([]string, 0, len(rd.Cols)-1)
				for col := range rd.Cols {
					if col != rd.Total {
						parts = append(parts, rd.Cols[col])
					}
				}
				c.add(rule, Error, c.line(t, i), TableLabel(t.Def, &t.Def.Data[i], rd.Total), i18n.Text{
					Zh: fmt.Sprintf("应为 %d（%s之和），实际为 %d", want, strings.Join(parts, "＋"), got),
					En: fmt.Sprintf("should be %d (the sum of %s), is %d", want, strings.Join(parts, " + "), got)})
			}
		}
	}
}

// sumRows is R3: （七）总计 equals the sum of the 22 result rows, column by column.
func (c *checker) sumRows() {
	for ti := range c.r.Tables {
		t := &c.r.Tables[ti]
		for i, rd := range t.Def.Data {
			if rd.SumOf == "" {
				continue
			}
			for col, v := range t.Values[i] {
				if !v.Set {
					continue
				}
				if want := t.columnSum(rd.SumOf, col); want != v.num() {
					c.add("R3", Error, c.line(t, i), TableLabel(t.Def, &t.Def.Data[i], col),
						i18n.F("应为 %d（即（一）至（六）各项之和），实际为 %d", "should be %d (the sum of （一）…（六）), is %d", want, v.num()))
				}
			}
		}
	}
}

// balance is R1, the 勾稽关系 printed in table 三's corner: for every column,
// 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.
func (c *checker) balance() {
	t := &c.r.Tables[1]
	get := func(key string) (int, []Value) { i, _ := t.Def.Row(key); return i, t.Values[i] }
	_, nw := get("new")
	_, co := get("carried_over")
	_, tot := get("results.total")
	fi, fw := get("carried_forward")
	rd := &t.Def.Data[fi]
	for col := range nw {
		in, out := nw[col].num()+co[col].num(), tot[col].num()+fw[col].num()
		if in != out {
			c.add("R1", Error, c.line(t, fi), fmt.Sprintf("表三「%s」列", rd.Cols[col]),
				i18n.F("一＋二＝%d，（七）总计＋四＝%d，两者应相等（相差 %d）", "一 + 二 = %d but （七）总计 + 四 = %d; they must be equal (difference %d)", in, out, in-out))
		}
	}
}

// structure is R11: the six sections are all there. Sections 二–四 are the tables, always present
// once decoded; 一, 五 and 六 need their text.
func (c *checker) structure() {
	for _, k := range []struct {
		key string
		sec int
	}{{TextOverview, 0}, {TextProblems, 4}, {TextOther, 5}} {
		if len(c.r.Text[k.key]) == 0 {
			c.add("R11", Error, c.textLine(k.key), c.r.Format.Sections[k.sec],
				i18n.F("缺少这一部分的正文（text.%s 或 text.%s_file）", "this section has no text (text.%s or text.%s_file)", k.key, k.key))
		}
	}
}

// soft are the warnings: R9 规章, R10 信息处理费, R7 numbers quoted in 一、总体情况.
func (c *checker) soft() {
	r := c.r
	switch r.Kind {
	case "国务院部门", "省级政府", "市级政府", "":
	default:
		// 立法法 第九十一条、第九十三条: only 国务院部门 and 省、设区的市 governments make 规章.
		t := &r.Tables[0]
		if i, rd := t.Def.Row("regulations"); i >= 0 {
			for col, v := range t.Values[i] {
				if v.num() != 0 {
					c.add("R9", Warning, c.line(t, i), TableLabel(t.Def, rd, col),
						i18n.F("%s不能制定规章，此处通常应为 0（实际为 %d）", "a %s cannot make 规章; this is normally 0 (is %d)", r.Kind, v.num()))
					break
				}
			}
		}
	}
	if other := Plain(r.Text[TextOther]); other != "" && !strings.Contains(other, "信息处理费") {
		c.add("R10", Warning, c.textLine(TextOther), r.Format.Sections[5],
			i18n.F("未说明收取信息处理费的情况（如“本年度未收取信息处理费。”）", "does not say whether information processing fees were charged (e.g. “本年度未收取信息处理费。”)"))
	}
	c.quoted()
}

// quotedRules match numbers stated in 一、总体情况 against table 三 (R7).
var quotedRules = []struct {
	re    *regexp.Regexp
	row   string
	label string
}{
	{regexp.MustCompile(`(?:新收|收到|受理)[^。；，、0-9]{0,10}?政府信息公开申请(?:共)?(\d+)件`), "new", "一、本年新收政府信息公开申请数量"},
	{regexp.MustCompile(`(?:共|累计)?(?:收到|受理)(?:政府信息)?(?:公开)?申请(?:共)?(\d+)件`), "new", "一、本年新收政府信息公开申请数量"},
}

func (c *checker) quoted() {
	text := Plain(c.r.Text[TextOverview])
	t := &c.r.Tables[1]
	for _, q := range quotedRules {
		m := q.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		n, _ := strconv.ParseInt(m[1], 10, 64)
		i, rd := t.Def.Row(q.row)
		if got := t.Values[i][rd.Total].num(); got != n {
			c.add("R7", Warning, c.textLine(TextOverview), c.r.Format.Sections[0],
				i18n.F("正文说“%s”，而表三「%s」「总计」为 %d", "the text says “%s” but table 三 「%s」「总计」 is %d", m[0], q.label, got))
		}
		return
	}
	if strings.Contains(text, "未收到政府信息公开申请") || strings.Contains(text, "未收到依申请公开") {
		i, rd := t.Def.Row("new")
		if got := t.Values[i][rd.Total].num(); got != 0 {
			c.add("R7", Warning, c.textLine(TextOverview), c.r.Format.Sections[0],
				i18n.F("正文说未收到申请，而表三「一、本年新收政府信息公开申请数量」「总计」为 %d", "the text says no requests were received but table 三 「一、本年新收…」「总计」 is %d", got))
		}
	}
}
