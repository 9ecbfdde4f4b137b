package check

import (
	"nianbao/internal/lazy"
	"nianbao/model"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// A Claim is a number the narrative states that the tables also hold: "共收到政府信息公开申请
// 15件", "予以公开12件，占80%", "行政复议1件，维持1件", "收取信息处理费0元". Rule R7 compares each with
// the tables.
type Claim struct {
	Kind Quantity
	N    int64   // the count; for FeeKind the amount in millionths of 万元
	Pct  float64 // a percentage stated with it ("占80%"), or -1
	Text string  // the words that state it, as written
	At   int     // byte offset of Text in the sentence
}

// Quantity is what a claim counts.
type Quantity int

const (
	Applications  Quantity = iota // 收到/受理 … 申请 N件: 一 (or 一+二 when the report counts what it handled)
	CarriedOver                   // 上年结转 N件: 二
	Handled                       // 办结/答复 N件: （七）总计
	CarriedFwd                    // 结转下年度 N件: 四
	Granted                       // 予以公开 N件
	Partial                       // 部分公开 N件
	GrantedPlus                   // 予以公开和部分公开 N件 (combined)
	Denied                        // 不予公开 N件
	Unavailable                   // 无法提供 N件
	NotProcessed                  // 不予处理 N件
	OtherHandling                 // 其他处理 N件
	Review                        // 行政复议 N件
	Litigation                    // 行政诉讼 N件
	Upheld                        // (复议/诉讼) 维持 N件
	Corrected                     // (复议/诉讼) 纠正 N件
	Pending                       // (复议/诉讼) 尚未审结 N件
	NormIssued                    // 制发 (行政)规范性文件 N件
	NormRepealed                  // 废止 (行政)规范性文件 N件
	NormValid                     // 现行有效 (行政)规范性文件 N件
	Licensing                     // 行政许可 N件
	Punishment                    // 行政处罚 N件
	Coercion                      // 行政强制 N件
	FeeKind                       // 信息处理费 N元/万元
)

var quantityNames = [...]string{"applications", "carried-over", "handled", "carried-forward", "granted", "partial",
	"granted+partial", "denied", "unavailable", "not-processed", "other-handling", "review", "litigation",
	"upheld", "corrected", "pending", "norm-issued", "norm-repealed", "norm-valid", "licensing", "punishment",
	"coercion", "fee"}

func (q Quantity) String() string { return quantityNames[q] }

// num is a number as reports write it: digits (half or full width, with thousands commas) or
// Chinese numerals (三, 十二, 两百零五).
const num = `([0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万]+)`

// unit is what a count is counted in.
const unit = `(?:件|条|份|个|宗|起|项|例)`

// gap is a short stretch without a number or a sentence break, between a word and its number.
const gap = `[^0-9０-９零〇一二两三四五六七八九十百千万。；;！？\n]{0,%d}?`

func g(n int) string { return strings.Replace(gap, "%d", strconv.Itoa(n), 1) }

// pct is a percentage after a count: "，占80%", "（占比20.5%）".
const pct = `(?:[，,（(]?\s*(?:占|约占|占比|比例为|比重为)[^0-9０-９。；]{0,8}?([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％])?`

type claimRule struct {
	kind Quantity
	re   *regexp.Regexp
}

func rule(kind Quantity, expr string) claimRule {
	return claimRule{kind, regexp.MustCompile(expr)}
}

// claimRules, most specific first: a span claimed by one rule is not claimed again by a later one.
// They are compiled on first use (a command that reads no narrative compiles none).
var claimRules = sync.OnceValue(func() []claimRule {
	return []claimRule{
		// combined outcomes: 予以公开和部分公开 / 予以公开、部分公开共 N件
		rule(GrantedPlus, `(?:全部公开|予以公开)(?:和|及|与|、|或)(?:部分公开)`+g(6)+num+unit+pct),
		rule(Granted, `(?:予以公开|全部公开|同意公开)`+g(4)+num+unit+pct),
		rule(Partial, `部分公开`+g(4)+num+unit+pct),
		rule(Denied, `不予公开`+g(4)+num+unit+pct),
		rule(Unavailable, `无法提供`+g(4)+num+unit+pct),
		rule(NotProcessed, `不予处理`+g(4)+num+unit+pct),
		rule(OtherHandling, `其他处理`+g(4)+num+unit+pct),
		rule(CarriedOver, `(?:上年(?:度)?结转|上一年度结转|结转上年)`+g(12)+num+unit),
		rule(CarriedFwd, `(?:结转(?:至|到)?下(?:一)?年(?:度)?|转入下(?:一)?年(?:度)?)`+g(8)+num+unit),
		rule(Handled, `(?:办结|答复完毕|已答复|全部答复|按时答复|办理完毕)`+g(12)+num+unit),
		rule(Applications, `(?:收到|受理|新收|接收|接到|共收|办理)`+g(14)+`(?:政府信息公开申请|依申请公开申请|信息公开申请|依申请公开|公开申请|申请)`+
			`(?:共计|共|合计|总计|累计)?`+g(3)+num+unit+`(?:申请)?`),
		rule(Applications, `(?:政府信息公开申请|依申请公开申请|依申请公开)(?:共计|共|合计|总计|累计)`+g(2)+num+unit),
		// appeals: the numbers of 行政复议 and 行政诉讼 cases, and their outcomes
		rule(Review, `行政复议(?:案件|申请)?(?:共计|共|合计)?`+g(2)+num+unit),
		rule(Litigation, `行政诉讼(?:案件)?(?:共计|共|合计)?`+g(2)+num+unit),
		rule(Upheld, `(?:维持|驳回)`+g(4)+num+unit),
		rule(Corrected, `(?:纠正|撤销|确认违法|责令)`+g(6)+num+unit),
		rule(Pending, `(?:尚未审结|未审结|正在审理)`+g(4)+num+unit),
		// table 二
		rule(NormIssued, `(?:制发|印发|出台|制定|发布)`+g(4)+`(?:行政)?规范性文件`+g(3)+num+unit),
		rule(NormIssued, `(?:制发|印发|出台|制定|发布)`+g(2)+num+unit+`(?:行政)?规范性文件`),
		rule(NormRepealed, `废止`+g(4)+`(?:行政)?规范性文件`+g(3)+num+unit),
		rule(NormRepealed, `废止`+g(2)+num+unit),
		rule(NormValid, `现行有效`+g(4)+`(?:行政)?规范性文件`+g(3)+num+unit),
		rule(NormValid, `现行有效`+g(2)+num+unit),
		rule(Licensing, `行政许可(?:决定)?`+g(6)+num+unit),
		rule(Punishment, `行政处罚(?:决定)?`+g(6)+num+unit),
		rule(Coercion, `行政强制(?:决定|措施)?`+g(6)+num+unit),
		rule(FeeKind, `信息处理费`+g(6)+num+`\s*(万元|元)`),
	}
})

// noClaim are words that make a sentence's numbers something else: counts of enquiries, visits or
// published items are not applications, and 政策性文件 are not 规范性文件.
var noClaim = lazy.Regexp(`咨询|来电|来访|人次|浏览|访问量|政策性文件|其他文件`)

// notCount: a number whose 个 or 项 begins another word counts something else: "7个工作日",
// "3个月", "12个乡镇", "5项制度".
func notCount(after string) bool {
	for _, w := range []string{"工作日", "月", "小时", "百分点", "乡", "镇", "村", "街道", "社区", "部门", "单位", "方面", "制度", "措施", "重点", "平台", "栏目", "专栏"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

// Claims finds the numbers a sentence states that the tables hold. A sentence about enquiries
// (咨询) or visits claims nothing.
func Claims(sentence string) []Claim {
	var out []Claim
	var taken [][2]int
	overlaps := func(a, b int) bool {
		for _, t := range taken {
			if a < t[1] && t[0] < b {
				return true
			}
		}
		return false
	}
	for _, cr := range claimRules() {
		for _, m := range cr.re.FindAllStringSubmatchIndex(sentence, -1) {
			if overlaps(m[0], m[1]) {
				continue
			}
			text := sentence[m[0]:m[1]]
			if noClaim().MatchString(text) || notCount(sentence[m[1]:]) {
				continue
			}
			c := Claim{Kind: cr.kind, Pct: -1, Text: text, At: m[0]}
			numStr := sentence[m[2]:m[3]]
			if cr.kind == FeeKind {
				v, ok := model.ParseDecimal(numStr, 6)
				if !ok {
					continue
				}
				if sentence[m[4]:m[5]] == "元" {
					v /= 10000 // yuan → 万元; the table's unit
				}
				c.N = v
			} else {
				n, ok := parseCount(numStr)
				if !ok {
					continue
				}
				c.N = n
				if len(m) >= 6 && m[4] >= 0 {
					if p, ok := model.ParseDecimal(sentence[m[4]:m[5]], 6); ok {
						c.Pct = float64(p) / 1e6
					}
				}
			}
			taken = append(taken, [2]int{m[0], m[1]})
			out = append(out, c)
		}
	}
	// in sentence order
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].At < out[j-1].At; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// parseCount reads a whole number in digits or Chinese numerals.
func parseCount(s string) (int64, bool) {
	s = model.ASCIIDigits(s)
	if s == "" {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n <= model.MaxCount
	}
	return model.ParseChinese(s)
}
