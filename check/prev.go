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
	return append(out, prevActive(r, prev)...)
}

// prevActive compares table 二 across years (official-format.md §7.8, R9's plausibility): last
// year's 现行有效件数 + this year's 本年制发件数 − 本年废止件数 should be this year's 现行有效件数,
// row by row (规章, 行政规范性文件). A warning: amendments and corrections make it approximate.
// Only where both years use the 2021 format (the 2019 columns count differently).
func prevActive(r, prev *model.Report) []Finding {
	if r.Format.ID != "2021" || prev.Format.ID != "2021" {
		return nil
	}
	var out []Finding
	t, pt := &r.Tables[0], &prev.Tables[0]
	for _, key := range []string{"regulations", "normative_documents"} {
		i, rd := t.Def.Row(key)
		j, _ := pt.Def.Row(key)
		if i < 0 || j < 0 || len(t.Values[i]) < 3 || len(pt.Values[j]) < 3 {
			continue
		}
		v, pv := t.Values[i], pt.Values[j]
		if v[0].Bad || v[1].Bad || v[2].Bad || pv[2].Bad {
			continue
		}
		want := pv[2].Num() + v[0].Num() - v[1].Num()
		if got := v[2].Num(); got != want {
			out = append(out, Finding{Rule: "R8", Severity: Warning, Location: r.At("table2." + key),
				Where: model.TableLabel(t.Def, rd, 2),
				Msg: i18n.F("上年度报告（%s）的现行有效件数 %d ＋ 本年制发 %d － 本年废止 %d ＝ %d，实际为 %d", "last year's (%s) 现行有效件数 %d + 本年制发 %d − 本年废止 %d = %d; is %d",
					prev.File, pv[2].Num(), v[0].Num(), v[1].Num(), want, got)})
		}
	}
	return out
}
