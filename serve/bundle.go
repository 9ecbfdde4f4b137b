package serve

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/internal/zipfile"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/workbook"
)

// kindTypes are the files an approved report is built as, with their media types.
var kindTypes = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"ofd":  "application/ofd",
}

// build builds a checked report as nianbao build does (pipeline.Write, into a folder of its own
// that is removed after) and gives the files of the kinds asked for (pdf, docx, ofd). The files
// are all made before any is given: a failure gives none.
func (s *Server) build(rp *model.Report, fs []check.Finding, kinds ...string) (map[string][]byte, error) {
	if s.cfg.Setup == nil {
		return nil, errNoFonts
	}
	th, set, err := s.cfg.Setup()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "nianbao-serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	base := filepath.Join(dir, "report")
	opt := pipeline.Options{Theme: th, Fonts: set}
	for _, k := range kinds {
		switch k {
		case "pdf":
			opt.PDF = true
		case "docx":
			opt.DOCX = true
		case "ofd":
			opt.OFD = true
		}
	}
	if _, err := pipeline.Write(rp, fs, base, opt); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, k := range kinds {
		if out[k], err = os.ReadFile(base + "." + k); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// errNoFonts: the server was started without fonts for building.
var errNoFonts = i18n.Errorf("本服务器未配置字体，不能生成", "this server has no fonts set up for building")

// approvedSet are a year's approved reports that decode, in the order of the units, and the units
// left out (not started, not approved) with why — the strict rule of the district's summary:
// only what the district has approved is summed or handed out.
type approvedSet struct {
	Year    int
	Units   []Unit
	Reports []*Report
	Decoded []*model.Report
	Left    []workbook.Unit // for the district workbook: not started (缺报) or not approved (with its state)
}

func (s *Server) approved(w http.ResponseWriter, r *http.Request, l i18n.Lang) (approvedSet, bool) {
	year, units, reps, ok := s.yearReports(w, r, l)
	if !ok {
		return approvedSet{}, false
	}
	a := approvedSet{Year: year}
	for _, un := range units {
		rep := reps[un.ID]
		var rp *model.Report
		if rep != nil && rep.State == Approved {
			rp, _ = s.validated(rep.Data)
		}
		switch {
		case rp != nil:
			a.Units, a.Reports, a.Decoded = append(a.Units, un), append(a.Reports, rep), append(a.Decoded, rp)
		case rep == nil:
			a.Left = append(a.Left, workbook.Unit{Name: un.Name, State: workbook.Missing})
		default:
			a.Left = append(a.Left, workbook.Unit{Name: un.Name, State: workbook.Failed,
				Note: "未通过审核（" + stateText(i18n.Zh, rep.State) + "）"}) // the workbook is in Chinese
		}
	}
	if len(a.Decoded) == 0 {
		s.fail(w, r, l, http.StatusConflict, i18n.F("%d 年度还没有通过的报告", "no report of %d is approved yet", year))
		return a, false
	}
	return a, true
}

// approvedSum is the approved set of a request's year and its strict sum (datafile.Sum); it
// answers the request itself when there is none or the reports cannot be summed.
func (s *Server) approvedSum(w http.ResponseWriter, r *http.Request, l i18n.Lang) (approvedSet, *model.Report, bool) {
	a, ok := s.approved(w, r, l)
	if !ok {
		return a, nil, false
	}
	total, err := datafile.Sum(a.Decoded)
	if err != nil {
		s.fail(w, r, l, http.StatusConflict, i18n.Text{Zh: "无法汇总：" + i18n.Message(err, i18n.Zh), En: "cannot sum: " + i18n.Message(err, i18n.En)})
		return a, nil, false
	}
	return a, total, true
}

// stamp is the date of a set's files: the last approval, so the same reports give the same bytes.
func (a approvedSet) stamp() time.Time {
	var t time.Time
	for _, rep := range a.Reports {
		if rep.Updated.After(t) {
			t = rep.Updated
		}
	}
	return t
}

// reportsZip gives every approved report of a year as one zip: each unit's PDF and DOCX (and OFD
// with ?ofd=1), named YEAR-UNIT.pdf …, in the order of the units. Everything is built before the
// answer starts: a report that cannot be built fails the whole (never half a zip).
func (s *Server) reportsZip(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	a, ok := s.approved(w, r, l)
	if !ok {
		return
	}
	kinds := []string{"pdf", "docx"}
	if r.URL.Query().Get("ofd") == "1" {
		kinds = append(kinds, "ofd")
	}
	var entries []zipfile.Entry
	used := map[string]bool{}
	for i, rp := range a.Decoded {
		files, err := s.build(rp, s.findings(a.Reports[i].Data), kinds...)
		if err == errNoFonts {
			s.fail(w, r, l, http.StatusServiceUnavailable, textOf(err))
			return
		}
		if err != nil {
			s.internal(w, r, l, fmt.Errorf("%s: %w", a.Units[i].Name, err))
			return
		}
		name := fmt.Sprintf("%d-%s", a.Year, pipeline.CleanName(a.Units[i].Name))
		for n := 2; used[name]; n++ { // two names cleaned alike
			name = fmt.Sprintf("%d-%s-%d", a.Year, pipeline.CleanName(a.Units[i].Name), n)
		}
		used[name] = true
		for _, k := range kinds {
			entries = append(entries, zipfile.Entry{Name: name + "." + k, Data: files[k], Dense: true})
		}
	}
	var b bytes.Buffer
	if err := zipfile.Write(&b, entries, a.stamp()); err != nil {
		s.internal(w, r, l, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("%d-已通过的年报.zip", a.Year)))
	w.Write(b.Bytes())
}

// summaryBook gives the district workbook (nianbao sum --xlsx: 各单位情况, 汇总, 缺报与名单外) of a
// year, summed from the approved reports only; the others are listed as left out.
func (s *Server) summaryBook(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	a, total, ok := s.approvedSum(w, r, l)
	if !ok {
		return
	}
	total.Organ, total.Short, total.Kind = "（汇总）", "汇总", "其他"
	d := workbook.District{Total: total}
	for i, rp := range a.Decoded {
		d.Units = append(d.Units, workbook.Unit{Name: a.Units[i].Name, Report: rp, State: workbook.Summed})
	}
	d.Units = append(d.Units, a.Left...)
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		s.internal(w, r, l, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("%d-汇总.xlsx", a.Year)))
	w.Write(b.Bytes())
}
