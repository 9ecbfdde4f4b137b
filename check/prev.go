package check

import (
	"fmt"
	"nianbao/model"

	"nianbao/i18n"
)

// CheckPrev is rule R8: this year's 二、上年结转政府信息公开申请数量 equals last year's
// 四、结转下年度继续办理, column by column (official-format.md §7.7). sev is Error by default;
// a district may lower it to Warning where last year's report is known to be wrong.
func CheckPrev(r, prev *model.Report, sev Severity) []Finding {
	var out []Finding
	if prev.Year != 0 && r.Year != 0 && prev.Year != r.Year-1 {
		out = append(out, Finding{Rule: "R8", Severity: sev, Location: r.At("prev"), Where: prev.File,
			Msg: i18n.F("上年度文件是 %d 年的报告，本报告是 %d 年", "last year's file is the %d report, this one is %d", prev.Year, r.Year)})
		return out
	}
	r, prev = model.Completed(r), model.Completed(prev)
	t, pt := &r.Tables[1], &prev.Tables[1]
	i, rd := t.Def.Row("carried_over")
	j, _ := pt.Def.Row("carried_forward")
	for c := range rd.Cols {
		this, last := t.Values[i][c].Num(), pt.Values[j][c].Num()
		if this != last {
			out = append(out, Finding{Rule: "R8", Severity: sev, Location: r.At("table3.carried_over"),
				Where: fmt.Sprintf("表三「二、上年结转政府信息公开申请数量」「%s」", rd.Cols[c]),
				Msg: i18n.F("应等于上年度报告（%s）的「四、结转下年度继续办理」%d，实际为 %d", "should equal last year's 「四、结转下年度继续办理」 (%s), %d; is %d",
					prev.File, last, this)})
		}
	}
	return out
}
