package check

import (
	"fmt"
	"math"
	"nianbao/input"
	"nianbao/internal/lazy"
	"nianbao/model"
	"slices"
	"sort"
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
	input.Location
	Where string    // the official labels concerned
	Msg   i18n.Text // what is wrong, with expected and actual values
	// Expected and Actual: the two values compared, where the rule compares values (for --json)
	Expected, Actual string
}

// In renders a finding as FILE:LINE: 错误 [R1 勾稽关系] where: message.
func (f Finding) In(l i18n.Lang) string {
	sev := f.Severity.Text().In(l)
	name := ""
	if r, ok := RuleByID(f.Rule); ok {
		name = " " + r.Name.In(l)
	}
	loc := f.Location.String()
	where := ""
	if f.Where != "" {
		where = f.Where + "："
		if l == i18n.En {
			where = f.Where + ": "
		}
	}
	return fmt.Sprintf("%s: %s [%s%s] %s%s", loc, sev, f.Rule, name, where, f.Msg.In(l))
}

func (f Finding) String() string { return f.In(i18n.Zh) }

// SortFindings orders findings as a reader goes through the files: the data file's first, then
// each narrative file's; within a file by line, sheet and cell, or paragraph (those without a
// place last).
func SortFindings(fs []Finding, dataFile string) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Location, fs[j].Location
		if a.File != b.File {
			if a.File == dataFile || b.File == dataFile {
				return a.File == dataFile
			}
			return a.File < b.File
		}
		return input.Less(a, b)
	})
}

// merge makes one finding of the same finding repeated at one place — a placeholder left in five
// sentences of one workbook cell — saying how many times it occurs.
func merge(fs []Finding) []Finding {
	type key struct{ rule, at, msg string }
	n := map[key]int{}
	for _, f := range fs {
		n[key{f.Rule, f.Location.String(), f.Msg.Zh}]++
	}
	out := fs[:0]
	seen := map[key]bool{}
	for _, f := range fs {
		k := key{f.Rule, f.Location.String(), f.Msg.Zh}
		if seen[k] {
			continue
		}
		seen[k] = true
		if n[k] > 1 {
			f.Msg = i18n.Text{Zh: f.Msg.Zh + fmt.Sprintf("（这里共 %d 处）", n[k]), En: f.Msg.En + fmt.Sprintf(" (%d times here)", n[k])}
		}
		out = append(out, f)
	}
	return out
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Check applies every rule; findings come in rule order. It does not change r: the rules see
// the report as Complete makes it, on a copy. Completing the report for printing, summing or
// exporting is the caller's own step (Complete).
func Check(r *model.Report) []Finding {
	c := &checker{r: model.Completed(r)}
	for _, rule := range rules {
		if rule.apply != nil {
			rule.apply(c)
		}
	}
	c.shortRows()
	for _, n := range r.Notes {
		c.out = append(c.out, Finding{Rule: n.Rule, Severity: Warning, Location: n.At, Where: n.Where, Msg: n.Msg, Expected: n.Expected, Actual: n.Actual})
	}
	SortFindings(c.out, r.File)
	return merge(c.out)
}

type checker struct {
	r   *model.Report
	out []Finding
}

func (c *checker) add(rule string, sev Severity, at input.Location, where string, msg i18n.Text) {
	c.out = append(c.out, Finding{Rule: rule, Severity: sev, Location: at, Where: where, Msg: msg})
}

// values records the two values the last finding compared.
func (c *checker) values(expected, actual any) {
	f := &c.out[len(c.out)-1]
	f.Expected, f.Actual = fmt.Sprint(expected), fmt.Sprint(actual)
}

// shortRows blames a row given one number short, read as "总计 left out", when the sums of its
// table fail: the other errors are most likely its consequence, and the row is what to fix.
func (c *checker) shortRows() {
	for ti := range c.r.Tables {
		t := &c.r.Tables[ti]
		if len(t.Short) == 0 {
			continue
		}
		rules := map[string][]string{"三": {"R1", "R2", "R3"}, "四": {"R4"}}[t.Def.ID]
		failed := slices.ContainsFunc(c.out, func(f Finding) bool { return f.Severity == Error && slices.Contains(rules, f.Rule) })
		if !failed {
			continue
		}
		for _, i := range t.Short {
			rd := &t.Def.Data[i]
			c.add("R12", Error, c.rowAt(t, i), model.TableLabel(t.Def, rd, -1), i18n.Text{
				Zh: fmt.Sprintf("这一行只有 %d 个数，按省略“总计”读入；本表的其他行都填了总计，而合计对不上，很可能是这一行漏填了一个数（顺序：%s）", len(rd.Cols)-1, strings.Join(rd.Cols, "、")),
				En: fmt.Sprintf("this row has %d numbers and was read as leaving out 总计; the other rows give theirs and the sums fail, so this row most likely lacks a number (order: %s)", len(rd.Cols)-1, strings.Join(rd.Cols, ", "))})
		}
	}
}

// textAt is where a narrative key is, inline or as a file name.
func (c *checker) textAt(key string) input.Location {
	if l, ok := c.r.Locs["text."+key+"_file"]; ok {
		return l
	}
	return c.r.At("text." + key)
}

// rowAt is where row i of a table is; cellAt where its column col is (a workbook's own cell).
func (c *checker) rowAt(t *model.Table, i int) input.Location {
	return c.r.At(t.Def.Key + "." + t.Def.Data[i].Key)
}

func (c *checker) cellAt(t *model.Table, i, col int) input.Location {
	return c.r.CellAt(t.Def.Key+"."+t.Def.Data[i].Key, col)
}

// range0 is R0: counts and amounts are not negative (only 2019's 本年增/减 may be).
func (c *checker) range0() {
	for ti := range c.r.Tables {
		t := &c.r.Tables[ti]
		for i, rd := range t.Def.Data {
			for col, v := range t.Values[i] {
				if v.N < 0 && rd.Kinds[col] != model.Signed {
					c.add("R0", Error, c.cellAt(t, i, col), model.TableLabel(t.Def, &t.Def.Data[i], col),
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
			if rd.Total < 0 || !t.Values[i][rd.Total].Set || slices.ContainsFunc(t.Values[i], func(v model.Value) bool { return v.Bad }) {
				continue // a cell that could not be read is reported by decoding
			}
			want, got := model.RowSum(t.Values[i], rd.Total), t.Values[i][rd.Total].Num()
			if want != got {
				parts := make([]string, 0, len(rd.Cols)-1)
				for col := range rd.Cols {
					if col != rd.Total {
						parts = append(parts, rd.Cols[col])
					}
				}
				c.add(rule, Error, c.cellAt(t, i, rd.Total), model.TableLabel(t.Def, &t.Def.Data[i], rd.Total), i18n.Text{
					Zh: fmt.Sprintf("应为 %d（%s之和），实际为 %d", want, strings.Join(parts, "＋"), got),
					En: fmt.Sprintf("should be %d (the sum of %s), is %d", want, strings.Join(parts, " + "), got)})
				c.values(want, got)
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
				// the 总计 column follows from the others (R2 checks each row's 总计): checking it here
				// would blame （七）总计 for a blank 总计 cell above it
				if !v.Set || col == rd.Total || v.Bad || t.ColumnBad(rd.SumOf, col) {
					continue
				}
				if want := t.ColumnSum(rd.SumOf, col); want != v.Num() {
					c.add("R3", Error, c.cellAt(t, i, col), model.TableLabel(t.Def, &t.Def.Data[i], col),
						i18n.F("应为 %d（即（一）至（六）各项之和），实际为 %d", "should be %d (the sum of （一）…（六）), is %d", want, v.Num()))
					c.values(want, v.Num())
				}
			}
		}
	}
}

// balance is R1, the 勾稽关系 printed in table 三's corner: for every column,
// 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.
func (c *checker) balance() {
	t := &c.r.Tables[1]
	get := func(key string) (int, []model.Value) { i, _ := t.Def.Row(key); return i, t.Values[i] }
	_, nw := get("new")
	_, co := get("carried_over")
	_, tot := get("results.total")
	fi, fw := get("carried_forward")
	rd := &t.Def.Data[fi]
	for col := range nw {
		if col == rd.Total || nw[col].Bad || co[col].Bad || tot[col].Bad || fw[col].Bad {
			continue // 总计 follows from the six columns and R2; unreadable cells are reported by decoding
		}
		in, out := nw[col].Num()+co[col].Num(), tot[col].Num()+fw[col].Num()
		if in != out {
			c.add("R1", Error, c.cellAt(t, fi, col), fmt.Sprintf("表三「%s」列", rd.Cols[col]),
				i18n.F("一＋二＝%d，（七）总计＋四＝%d，两者应相等（相差 %d）", "一 + 二 = %d but （七）总计 + 四 = %d; they must be equal (difference %d)", in, out, in-out))
			c.values(in, out)
		}
	}
}

// structure is R11: the six sections are all there. Sections 二–四 are the tables, always present
// once decoded; 一, 五 and 六 need their text.
func (c *checker) structure() {
	for _, k := range []struct {
		key string
		sec int
	}{{model.TextOverview, 0}, {model.TextProblems, 4}, {model.TextOther, 5}} {
		if len(c.r.Text[k.key]) == 0 {
			at := c.textAt(k.key)
			msg := i18n.F("缺少这一部分的正文（text.%s 或 text.%s_file）", "this section has no text (text.%s or text.%s_file)", k.key, k.key)
			if at.Sheet != "" { // a workbook: no key names, the cell to fill in
				msg = i18n.F("缺少这一部分的正文：请填在这个格子里，或在“基本信息”中写出 Word 正文文件的名字",
					"this section has no text: fill in this cell, or name a Word file in 基本信息")
			}
			c.add("R11", Error, at, c.r.Format.Sections[k.sec], msg)
		}
	}
}

// sentenceEnd splits a paragraph into sentences.
var sentenceEnd = lazy.Regexp(`[。；;！？!?]`)

// Sentence is one sentence of the narrative with the line it starts on and the part it is in.
type Sentence struct {
	Text    string
	At      input.Location // where its paragraph is: a line of the data file or a narrative file, a Word paragraph, a cell
	Section string         // 一、总体情况 …, or 开头段落
}

// Sentences lists the sentences of every narrative part, in document order.
func Sentences(r *model.Report) []Sentence {
	var out []Sentence
	for _, tk := range model.TextKeys() {
		section := model.TextLabel(r.Format, tk.Key, tk.Section)
		for _, p := range r.Text[tk.Key] {
			text := p.Lead + p.Text
			for _, loc := range splitSentences(text) {
				out = append(out, Sentence{text[loc[0]:loc[1]], p.At, section})
			}
		}
	}
	return out
}

func splitSentences(text string) [][2]int {
	var out [][2]int
	start := 0
	for _, m := range sentenceEnd().FindAllStringIndex(text, -1) {
		out = append(out, [2]int{start, m[1]})
		start = m[1]
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// stated is what the tables hold for a kind of claim: the value, other values a report may
// mean by the same words (一＋二 for the applications it handled), and the table label.
type stated struct {
	want  int64
	alt   []int64
	where string
	unit  string
}

// holds returns what the tables say for q; ok is false where this format has no such cell.
// appeal says which appeal a 维持/纠正/尚未审结 belongs to (Review or Litigation; else none).
func (c *checker) holds(q Quantity, appeal Quantity) (st stated, ok bool) {
	r := c.r
	t3, t4, t2 := &r.Tables[1], &r.Tables[2], &r.Tables[0]
	bad := false // a cell involved could not be read: decoding reports it, R7 says nothing
	defer func() {
		if bad {
			ok = false
		}
	}()
	total := func(t *model.Table, key string) int64 {
		var s int64
		for i, rd := range t.Def.Data {
			if rd.Key == key || strings.HasPrefix(rd.Key, key+".") {
				if rd.Total >= 0 {
					s += model.RowSum(t.Values[i], rd.Total)
					bad = bad || slices.ContainsFunc(t.Values[i], func(v model.Value) bool { return v.Bad })
				}
			}
		}
		return s
	}
	col := func(t *model.Table, key string, col int) (int64, bool) {
		i, rd := t.Def.Row(key)
		if i < 0 || col >= len(rd.Cols) {
			return 0, false
		}
		bad = bad || t.Values[i][col].Bad
		return t.Values[i][col].Num(), true
	}
	label3 := func(l string) string { return "表三「" + l + "」「总计」" }
	switch q {
	case Applications:
		n, co := total(t3, "new"), total(t3, "carried_over")
		return stated{n, []int64{n + co}, label3("一、本年新收政府信息公开申请数量"), "件"}, true
	case CarriedOver:
		return stated{want: total(t3, "carried_over"), where: label3("二、上年结转政府信息公开申请数量"), unit: "件"}, true
	case CarriedFwd:
		return stated{want: total(t3, "carried_forward"), where: label3("四、结转下年度继续办理"), unit: "件"}, true
	case Handled:
		return stated{want: total(t3, "results.total"), where: label3("三、本年度办理结果 › （七）总计"), unit: "件"}, true
	case Granted:
		return stated{want: total(t3, "results.granted"), where: label3("（一）予以公开"), unit: "件"}, true
	case Partial:
		return stated{want: total(t3, "results.partial"), where: label3("（二）部分公开"), unit: "件"}, true
	case GrantedPlus:
		return stated{want: total(t3, "results.granted") + total(t3, "results.partial"), where: "表三「（一）予以公开」与「（二）部分公开」「总计」之和", unit: "件"}, true
	case Denied:
		return stated{want: total(t3, "results.denied"), where: label3("（三）不予公开") + "（8 项之和）", unit: "件"}, true
	case Unavailable:
		return stated{want: total(t3, "results.unavailable"), where: label3("（四）无法提供") + "（3 项之和）", unit: "件"}, true
	case NotProcessed:
		return stated{want: total(t3, "results.not_processed"), where: label3("（五）不予处理") + "（5 项之和）", unit: "件"}, true
	case OtherHandling:
		return stated{want: total(t3, "results.other"), where: label3("（六）其他处理"), unit: "件"}, true
	case Review:
		return stated{want: total(t4, "review"), where: "表四「行政复议」「总计」", unit: "件"}, true
	case Litigation:
		return stated{want: total(t4, "litigation_direct") + total(t4, "litigation_after_review"), where: "表四「行政诉讼」两种「总计」之和", unit: "件"}, true
	case Upheld, Corrected, Pending:
		ci := map[Quantity]int{Upheld: 0, Corrected: 1, Pending: 3}[q]
		name := []string{"结果维持", "结果纠正", "", "尚未审结"}[ci]
		switch appeal {
		case Review:
			v, _ := col(t4, "review", ci)
			return stated{want: v, where: "表四「行政复议」「" + name + "」", unit: "件"}, true
		case Litigation:
			a, _ := col(t4, "litigation_direct", ci)
			b, _ := col(t4, "litigation_after_review", ci)
			return stated{want: a + b, where: "表四「行政诉讼」两种「" + name + "」之和", unit: "件"}, true
		}
	case NormIssued, NormRepealed, NormValid:
		if r.Format.ID != "2021" {
			return stated{}, false // the 2019 columns count other things (新制作, 新公开, 对外公开总数)
		}
		ci := map[Quantity]int{NormIssued: 0, NormRepealed: 1, NormValid: 2}[q]
		v, _ := col(t2, "normative_documents", ci)
		return stated{want: v, where: "表二「行政规范性文件」「" + t2.Def.Data[1].Cols[ci] + "」", unit: "件"}, true
	case Licensing, Punishment, Coercion:
		key := map[Quantity]string{Licensing: "licensing", Punishment: "punishment", Coercion: "coercion"}[q]
		i, rd := t2.Def.Row(key)
		ci := len(rd.Cols) - 1 // 本年处理决定数量 (2021), 处理决定数量 (2019): the last column
		return stated{want: t2.Values[i][ci].Num(), where: "表二「" + rd.Label + "」「" + rd.Cols[ci] + "」", unit: "件"}, true
	}
	// FeeKind: 信息处理费 is not in the tables (表二's 行政事业性收费 is another thing); R10 reads it
	return stated{}, false
}

// narrative is R7: every number the narrative states that the tables hold agrees with them; a
// percentage stated with a count agrees with that count over the total it is a share of; and
// "未收到申请", "未发生行政复议、行政诉讼" and "未收取信息处理费" agree with zeros in the tables.
func (c *checker) narrative() {
	for _, s := range Sentences(c.r) {
		claims := Claims(s.Text)
		appeal := Quantity(-1)
		base := int64(-1) // the applications this paragraph counts, for percentages
		for _, cl := range claims {
			if cl.Kind == Review || cl.Kind == Litigation {
				appeal = cl.Kind
			}
			st, ok := c.holds(cl.Kind, appeal)
			if !ok {
				continue
			}
			if cl.Kind == Applications || cl.Kind == Handled {
				base = cl.N
			}
			if cl.N != st.want && !slices.Contains(st.alt, cl.N) {
				extra := i18n.Text{}
				if len(st.alt) > 0 {
					extra = i18n.F("（与上年结转合计为 %d）", " (%d with those carried over)", st.alt[0])
				}
				c.add("R7", Warning, s.At, quote(s), i18n.Text{
					Zh: fmt.Sprintf("正文说“%s”，而%s为 %d%s", cl.Text, st.where, st.want, extra.Zh),
					En: fmt.Sprintf("the text says “%s” but %s is %d%s", cl.Text, st.where, st.want, extra.En)})
				c.values(st.want, cl.N)
				continue
			}
			if cl.Pct >= 0 {
				c.percentage(s, cl, base)
			}
		}
		c.negatives(s)
	}
}

// percentage checks "予以公开12件，占80%": 12 over the total it is a share of — the applications
// the paragraph names, else （七）总计 — within the rounding of the stated figure.
func (c *checker) percentage(s Sentence, cl Claim, base int64) {
	var bases []int64
	if base > 0 {
		bases = append(bases, base)
	}
	for _, q := range []Quantity{Handled, Applications} {
		if st, _ := c.holds(q, -1); st.want > 0 {
			bases = append(bases, append([]int64{st.want}, st.alt...)...)
		}
	}
	if len(bases) == 0 {
		return
	}
	for _, b := range bases {
		if b > 0 && math.Abs(float64(cl.N)*100/float64(b)-cl.Pct) <= 0.5 {
			return
		}
	}
	c.add("R7", Warning, s.At, quote(s), i18n.F("“%s”：%d 件占 %d 件的 %.1f%%，不是 %g%%",
		"“%s”: %d of %d is %.1f%%, not %g%%", cl.Text, cl.N, bases[0], float64(cl.N)*100/float64(bases[0]), cl.Pct))
}

var (
	noApplications = lazy.Regexp(`(?:未|没有|无)(?:收到|受理|接到)[^。；]{0,8}(?:政府信息公开申请|依申请公开|公开申请)`)
	noAppeals      = lazy.Regexp(`(?:未|没有|无)(?:发生|出现|产生|收到)?[^。；]{0,6}(?:行政复议|行政诉讼)`)
)

// negatives: statements that something did not happen, against the tables.
func (c *checker) negatives(s Sentence) {
	if noClaim().MatchString(s.Text) {
		return
	}
	say := func(m string, st stated, value string) {
		c.add("R7", Warning, s.At, quote(s), i18n.F("正文说“%s”，而%s为 %s", "the text says “%s” but %s is %s", m, st.where, value))
	}
	if m := noApplications().FindString(s.Text); m != "" {
		if st, _ := c.holds(Applications, -1); st.want != 0 {
			say(m, st, fmt.Sprint(st.want))
		}
	}
	if m := noAppeals().FindString(s.Text); m != "" {
		rest := s.Text[strings.Index(s.Text, m):]
		for _, q := range []Quantity{Review, Litigation} {
			word := map[Quantity]string{Review: "行政复议", Litigation: "行政诉讼"}[q]
			if st, _ := c.holds(q, -1); strings.Contains(rest, word) && st.want != 0 {
				say(m, st, fmt.Sprint(st.want))
			}
		}
	}
}

// quote names a sentence in a finding: its part and its words, shortened to 40 characters.
func quote(s Sentence) string {
	rs := []rune(strings.TrimSpace(s.Text))
	if len(rs) > 40 {
		rs = append(rs[:39], '…')
	}
	return s.Section + "“" + string(rs) + "”"
}
