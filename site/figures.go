package site

import (
	"strings"

	"nianbao/model"
)

// answerGroups are the groups of table 三's 三、本年度办理结果, in the format's order, with their keys.
var answerGroups = [][2]string{
	{"results.granted", "予以公开"},
	{"results.partial", "部分公开"},
	{"results.denied", "不予公开"},
	{"results.unavailable", "无法提供"},
	{"results.not_processed", "不予处理"},
	{"results.other", "其他处理"},
}

// Figures are the key figures of one report (or of several, summed).
type Figures struct {
	New, CarriedOver int64   // table 三: 一、本年新收 and 二、上年结转, all applicants (总计 column)
	Answers          []int64 // table 三: the groups of answerGroups, 总计 column
	Answered         int64   // （七）总计
	Review           Appeal  // table 四: 行政复议
	Litigation       Appeal  // table 四: 行政诉讼, 未经复议直接起诉 and 复议后起诉 together
	Fees             int64   // table 二: 本年收费金额 (万元, in millionths, model.MoneyScale)
	FeePlaces        int     // the decimals the amount was given with
	HasFees          bool    // the format has the amount (2021) and it is not "/"
}

// Appeal is one column group of table 四.
type Appeal struct{ Upheld, Corrected, Other, Pending, Total int64 }

// Decided is how many were decided (总计 less 尚未审结).
func (a Appeal) Decided() int64 { return a.Total - a.Pending }

// Rate is the 纠错率: 结果纠正 over the cases decided; ok is false when none was decided.
func (a Appeal) Rate() (rate float64, ok bool) {
	if d := a.Decided(); d > 0 {
		return float64(a.Corrected) / float64(d), true
	}
	return 0, false
}

func (a Appeal) add(b Appeal) Appeal {
	return Appeal{a.Upheld + b.Upheld, a.Corrected + b.Corrected, a.Other + b.Other, a.Pending + b.Pending, a.Total + b.Total}
}

// FiguresOf reads the key figures from a report's tables ("/" counts as 0).
func FiguresOf(r *model.Report) Figures {
	r = model.Completed(r)
	var f Figures
	t2, t3, t4 := &r.Tables[0], &r.Tables[1], &r.Tables[2]
	f.New = sum(t3, "new", -1)
	f.CarriedOver = sum(t3, "carried_over", -1)
	for _, a := range answerGroups {
		f.Answers = append(f.Answers, sum(t3, a[0], -1))
	}
	if i, rd := t3.Def.Row("results.total"); rd != nil && rd.Total >= 0 && !t3.Values[i][rd.Total].NA {
		f.Answered = t3.Values[i][rd.Total].N
	}
	appeal := func(key string) Appeal {
		return Appeal{sum(t4, key, 0), sum(t4, key, 1), sum(t4, key, 2), sum(t4, key, 3), sum(t4, key, 4)}
	}
	f.Review = appeal("review")
	f.Litigation = appeal("litigation_direct").add(appeal("litigation_after_review"))
	if i, rd := t2.Def.Row("fees"); rd != nil && len(rd.Kinds) == 1 && rd.Kinds[0] == model.Money && !t2.Values[i][0].NA {
		f.Fees, f.FeePlaces, f.HasFees = t2.Values[i][0].N, t2.Values[i][0].Places, true
	}
	return f
}

// sum adds column col (-1: the row's 总计 column) of the data rows whose key is key or lies
// under it (key + "."), leaving out total rows.
func sum(t *model.Table, key string, col int) int64 {
	var n int64
	for i, rd := range t.Def.Data {
		if rd.SumOf != "" || rd.Key != key && !strings.HasPrefix(rd.Key, key+".") {
			continue
		}
		c := col
		if c < 0 {
			c = rd.Total
		}
		if c < 0 || c >= len(t.Values[i]) {
			continue
		}
		if v := t.Values[i][c]; !v.NA {
			n += v.N
		}
	}
	return n
}

// Add is the sum of two reports' figures.
func (f Figures) Add(g Figures) Figures {
	out := Figures{New: f.New + g.New, CarriedOver: f.CarriedOver + g.CarriedOver, Answered: f.Answered + g.Answered,
		Review: f.Review.add(g.Review), Litigation: f.Litigation.add(g.Litigation),
		Fees: f.Fees + g.Fees, FeePlaces: max(f.FeePlaces, g.FeePlaces), HasFees: f.HasFees || g.HasFees}
	out.Answers = make([]int64, len(answerGroups))
	for i := range out.Answers {
		if i < len(f.Answers) {
			out.Answers[i] += f.Answers[i]
		}
		if i < len(g.Answers) {
			out.Answers[i] += g.Answers[i]
		}
	}
	return out
}

// FeeText is the amount as printed, in 万元, or "/" when there is none.
func (f Figures) FeeText() string {
	if !f.HasFees {
		return "/"
	}
	return model.FormatMoney(f.Fees, f.FeePlaces)
}
