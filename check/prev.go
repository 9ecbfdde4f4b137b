package check

import (
	"fmt"
	"nianbao/model"
	"slices"

	"nianbao/i18n"
)

// CheckPrev compares this year's report with last year's: rule R8, and rule R16 (carryActive).
// R8: this year's 二、上年结转政府信息公开申请数量 equals last year's
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
	return append(out, carryActive(r, prev)...)
}

// carryActive is rule R16: table 二 across years (official-format.md §3, 第二十条第（一）项). In the
// 2021 format, last year's 现行有效件数 + this year's 本年制发件数 − 本年废止件数 should be this
// year's 现行有效件数, for 规章 and for 行政规范性文件. A warning, never an error: documents that
// expire by their own term (有效期届满) or are declared invalid leave the count without being
// 废止 this year, so a published report's numbers may be right and still not add up.
//
// The 2019 trial format has no such row: 规章 and 规范性文件 are counted as 本年新制作, 本年新公开
// and 对外公开总数量, with nothing abolished, and offices read 对外公开总数量 either as all
// documents ever published or as this year's; no identity holds. Its 第二十条第（五）（六）（八）项
// rows do carry a stock: last year's 上一年项目数量 + 本年增/减 is the number of items at the end of
// last year, which is this year's 上一年项目数量 — checked when both years use the 2019 format
// (the 2019 and 2020 reports). A 2020 report followed by a 2021 one changes format: skipped.
func carryActive(r, prev *model.Report) []Finding {
	if r.Format.ID != prev.Format.ID {
		return nil
	}
	var out []Finding
	t, pt := &r.Tables[0], &prev.Tables[0]
	ry, py := yearOf(r), yearOf(prev)
	if prev.File != "" { // a report read by itself (published.Read) may have no file name
		py.Zh += "，" + prev.File
		py.En += ", " + prev.File
	}
	// both are i18n.F's arguments in their own language
	both := func(zh, en string, args ...any) i18n.Text {
		za, ea := slices.Clone(args), slices.Clone(args)
		for k, a := range args {
			if y, ok := a.(i18n.Text); ok {
				za[k], ea[k] = y.Zh, y.En
			}
		}
		return i18n.Text{Zh: fmt.Sprintf(zh, za...), En: fmt.Sprintf(en, ea...)}
	}
	usable := func(vs ...model.Value) bool {
		for _, v := range vs {
			if v.Bad || v.NA {
				return false
			}
		}
		return true
	}
	for i, rd := range t.Def.Data {
		j, _ := pt.Def.Row(rd.Key)
		if j < 0 || len(t.Values[i]) < 2 || len(pt.Values[j]) < 2 {
			continue
		}
		v, pv := t.Values[i], pt.Values[j]
		switch {
		case r.Format.ID == "2021" && len(rd.Cols) == 3 && rd.Cols[2] == "现行有效件数":
			if !usable(v[0], v[1], v[2], pv[2]) {
				continue
			}
			want := pv[2].Num() + v[0].Num() - v[1].Num()
			if got := v[2].Num(); got != want {
				out = append(out, Finding{Rule: "R16", Severity: Warning, Location: r.CellAt("table2."+rd.Key, 2),
					Where: model.TableLabel(t.Def, &t.Def.Data[i], 2),
					Msg: both("上年度（%s）「%s」「现行有效件数」%d ＋ 本年度（%s）「本年制发件数」%d － 「本年废止件数」%d ＝ %d，本年度「现行有效件数」为 %d。"+
						"文件因有效期届满等原因失效时两年的数字可以不衔接，请核对并在报告中说明",
						"last year's (%s) 「%s」「现行有效件数」 %d + this year's (%s) 「本年制发件数」 %d − 「本年废止件数」 %d = %d; this year's 「现行有效件数」 is %d. "+
							"Documents that expire by their term make the years differ legitimately: check, and say so in the report",
						py, rd.Label, pv[2].Num(), ry, v[0].Num(), v[1].Num(), want, got),
					Expected: fmt.Sprint(want), Actual: fmt.Sprint(got)})
			}
		case r.Format.ID == "2019" && len(rd.Cols) >= 2 && rd.Cols[0] == "上一年项目数量" && rd.Cols[1] == "本年增/减":
			if !usable(v[0], pv[0], pv[1]) {
				continue
			}
			want := pv[0].Num() + pv[1].Num()
			if got := v[0].Num(); got != want {
				out = append(out, Finding{Rule: "R16", Severity: Warning, Location: r.CellAt("table2."+rd.Key, 0),
					Where: model.TableLabel(t.Def, &t.Def.Data[i], 0),
					Msg: both("上年度（%s）「%s」「上一年项目数量」%d ＋ 「本年增/减」%d ＝ %d，本年度（%s）「上一年项目数量」为 %d，请核对",
						"last year's (%s) 「%s」「上一年项目数量」 %d + 「本年增/减」 %d = %d; this year's (%s) 「上一年项目数量」 is %d: check",
						py, rd.Label, pv[0].Num(), pv[1].Num(), want, ry, got),
					Expected: fmt.Sprint(want), Actual: fmt.Sprint(got)})
			}
		}
	}
	return out
}

// yearOf names a report's year for messages: "2023年" (2023), or "?" when the file gives none.
func yearOf(r *model.Report) i18n.Text {
	if r.Year == 0 {
		return i18n.Text{Zh: "?", En: "?"}
	}
	return i18n.Text{Zh: fmt.Sprintf("%d年", r.Year), En: fmt.Sprint(r.Year)}
}
