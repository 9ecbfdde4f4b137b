package check_test

import (
	"nianbao/check"
	"strings"
	"testing"
)

// TestFeeCorpus is R10 on the ways reports word the information fee situation in 六 (true
// positives: no warning) and on 六s that do not state it — with nothing on fees, or only on
// fees of something else (true negatives: one R10 warning). base.toml's own statement
// “本年度未收取信息处理费。” gives way to each text.
func TestFeeCorpus(t *testing.T) {
	statements := []string{
		// no fee event rather than no fee charged (issue 22)
		"本年度未发生收取信息处理费的情况。",
		"本年度没有产生信息处理费。",
		"本机关无信息处理费收费情况。",
		"本年度依申请公开工作未涉及信息处理费。",
		"信息处理费0元。",
		"不存在收取信息处理费的情况。",
		"本机关没有收取信息处理费。",
		"本年度办理政府信息公开申请均未收费。",
		"本年度未产生政府信息公开信息处理费。",
		"本年度信息处理费收取情况：无。",
		"本年度信息处理费：0元。",
		// 费用 / 费 variations, without naming the fee
		"本年度未收取信息处理费用。",
		"没有收取任何信息处理费用。",
		"我局未向申请人收取任何费用。",
		"依申请公开工作中未发生收费情况。",
		"本年度无收费情况。",
		"全年未产生费用。",
		"本年度依申请公开不涉及收费。",
		"本年度不存在收取费用的情况。",
		"本单位对政府信息公开申请一律不收费。",
		"本机关本年度未收取检索、复制、邮寄等费用。",
		"本年度政府信息公开工作中，未收取信息公开相关费用。",
		"政府信息公开申请办理中，没有向申请人收取过费用。",
		"全年免收信息处理费。",
		"本年度未收取政府信息公开处理费。",
		"申请人无需缴纳任何费用。",
		"本年度依申请公开零收费。",
		// amounts
		"2023年度收取信息处理费0元。",
		"本年度共收取信息处理费120元。",
		"依申请公开收费金额为0元。",
		"本年度发出收费通知0件，收取费用0元。",
		"依申请公开产生的费用为零。",
		"全年收取费用 0 元。",
		// as the 洪泽区 reports print it (published/testdata/corpus)
		"2023 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。",
		// a statement in a longer paragraph, after other matters
		"我镇认真落实2023年政务公开工作要点；本年度行政事业性收费项目未发生变化；依申请公开均未收取任何费用。",
	}
	silent := []string{
		"本年度无其他需要报告的事项。",
		"我镇认真落实政务公开工作要点，加大重点领域公开力度。",
		"严格执行《政府信息公开信息处理费管理办法》。",
		"本年度收到申请12件，全部按时答复。",
		// fees of something else
		"本年度行政事业性收费0元。",
		"本年度行政事业性收费项目未发生变化。",
		"严禁乱收费，未发现乱收费问题。",
		"辖区内收费公路均已公示，无收费公路违规情况。",
		"免费向群众提供政府公报。",
		"公开停车收费标准，不收取停车费。",
		"本年度部门经费预算已公开。",
		"我镇对困难群众免收医疗费用。",
		"学校未收取学费以外的费用。",
		"涉企收费目录清单已全部公开，无违规收费项目。",
	}
	src := base(t)
	r10 := func(text string) int {
		t.Helper()
		r := decode(t, edit(t, src, "本年度未收取信息处理费。", text))
		n := 0
		for _, f := range check.Check(r) {
			if f.Rule == "R10" {
				n++
			}
		}
		return n
	}
	for _, s := range statements {
		if n := r10(s); n != 0 {
			t.Errorf("R10 on a statement of the fee situation: %s", s)
		}
	}
	for _, s := range silent {
		if n := r10(s); n != 1 {
			t.Errorf("no R10 on a 六 that does not state the fee situation: %s", s)
		}
	}
	if len(statements) < 20 || len(silent) < 10 {
		t.Errorf("the corpus shrank: %d statements, %d without", len(statements), len(silent))
	}
	// the other sections do not say it either: base.toml has no second fee sentence
	if strings.Contains(src[strings.Index(src, "[text]"):strings.Index(src, "other = ")], "费") {
		t.Error("base.toml mentions a fee outside 六: the corpus would not test R10")
	}
}
