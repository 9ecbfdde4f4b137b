package serve

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"nianbao/datafile"
	"nianbao/i18n"
)

// summary gives the district's summary of a year (汇总, as nianbao sum writes it) made from the
// approved reports only — strict: a report not approved is not in it, and the file's header
// names the units left out.
func (s *Server) summary(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	a, total, ok := s.approvedSum(w, r, l)
	if !ok {
		return
	}
	var included, left []string
	for _, un := range a.Units {
		included = append(included, un.Name)
	}
	for _, un := range a.Left {
		left = append(left, un.Name)
	}
	total.Organ, total.Short, total.Kind = "（汇总）", "汇总", "其他"
	total.Summary = included
	header := []string{fmt.Sprintf("汇总：%d 个已通过的单位（nianbao serve）/ summary of %d approved units", len(included), len(included))}
	if len(left) > 0 {
		header = append(header, "未通过、未汇总 / not approved, left out: "+strings.Join(left, "、"))
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("%d-汇总.toml", a.Year)))
	io.WriteString(w, datafile.Encode(total, header, nil))
}
