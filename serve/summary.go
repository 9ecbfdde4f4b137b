package serve

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/model"
)

// summary gives the district's summary of a year (汇总, as nianbao sum writes it) made from the
// approved reports only — strict: a report not approved is not in it, and the file's header
// names the units left out.
func (s *Server) summary(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	year, units, reps, ok := s.yearReports(w, r, l)
	if !ok {
		return
	}
	var in []*model.Report
	var included, left []string
	for _, un := range units {
		rep := reps[un.ID]
		var rp *model.Report
		if rep != nil && rep.State == Approved {
			rp, _ = validate(rep.Data)
		}
		if rp == nil {
			left = append(left, un.Name)
			continue
		}
		in = append(in, rp)
		included = append(included, un.Name)
	}
	if len(in) == 0 {
		s.fail(w, r, l, http.StatusConflict, i18n.F("%d 年度还没有通过的报告", "no report of %d is approved yet", year))
		return
	}
	total, err := datafile.Sum(in)
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	total.Organ, total.Short, total.Kind = "（汇总）", "汇总", "其他"
	total.Summary = included
	header := []string{fmt.Sprintf("汇总：%d 个已通过的单位（nianbao serve）/ summary of %d approved units", len(included), len(included))}
	if len(left) > 0 {
		header = append(header, "未通过、未汇总 / not approved, left out: "+strings.Join(left, "、"))
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("%d-汇总.toml", year)))
	io.WriteString(w, datafile.Encode(total, header, nil))
}
