package check

import (
	"fmt"

	"nianbao/i18n"
	"nianbao/model"
)

// Changes lists every table cell that differs between two reports of the same format, for
// `nianbao diff`: the official labels and both values.
func Changes(last, this *model.Report) ([]string, error) {
	if last.Format != this.Format {
		return nil, i18n.Errorf("两份报告的格式不同（%s 与 %s），无法逐格比较", "the reports are in different formats (%s and %s)", last.Format.ID, this.Format.ID)
	}
	last, this = model.Completed(last), model.Completed(this)
	var out []string
	for ti := range this.Tables {
		t, lt := &this.Tables[ti], &last.Tables[ti]
		for i := range t.Def.Data {
			rd := &t.Def.Data[i]
			for c, v := range t.Values[i] {
				if lv := lt.Values[i][c]; lv.N != v.N || lv.NA != v.NA {
					out = append(out, fmt.Sprintf("%s：%s → %s", model.TableLabel(t.Def, rd, c), lv.Format(rd.Kinds[c]), v.Format(rd.Kinds[c])))
				}
			}
		}
	}
	return out, nil
}
