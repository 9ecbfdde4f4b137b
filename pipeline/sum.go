package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
	"nianbao/model"
)

// Summary is the district summary (汇总) of many reports, ready to be written as a data file.
type Summary struct {
	Source   string          // the data file's text
	Included []string        // the units summed
	Missing  []string        // expected units with no report
	Extra    []string        // units summed that are not on the list of expected units
	Findings []check.Finding // the checks on the summed tables
	Units    []*model.Report // the units summed, in file order (for the district workbook)
	Total    *model.Report   // their sum
}

// Sum adds up the tables of data files and sidecars (.json). expected lists the units that should
// have reported (may be nil); textFile, if given, supplies the summary's organ, date and narrative.
// name is the file the summary will be written to: it may not be one of the inputs. Every input
// problem is reported, and then nothing is summed: an unreadable file, a summary made by this
// tool (summing it would count its units again), and one unit (organ and year) given twice — two
// data files, a data file and its sidecar, a copy under another name.
func Sum(files, expected []string, textFile, name string) (*Summary, []error) {
	var reports []*model.Report
	var errs []error
	for _, f := range files {
		if same(f, name) {
			errs = append(errs, i18n.Errorf("%s 既是输入又是输出（-o）：请换一个输出文件名", "%s is both an input and the output (-o): choose another output name", f))
			continue
		}
		var r *model.Report
		var err error
		n, summary := 0, false
		if strings.HasSuffix(strings.ToLower(f), ".json") {
			r, err = datafile.LoadSidecar(f)
			if err == nil && r.Summary != nil {
				n, summary = len(r.Summary), true
			}
		} else {
			// recognised even when it does not decode (a summary written without --text)
			r, err = Load(f)
			n, summary = datafile.SummaryOf(f)
		}
		if summary {
			errs = append(errs, &input.Error{Location: input.Location{File: f}, Msg: i18n.F("这是 nianbao sum 生成的汇总（含 %d 个单位），不能再作为汇总的输入，否则这些单位会被重复计算",
				"this is a summary made by nianbao sum (of %d units): summing it again would count those units twice", n)})
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		reports = append(reports, r)
	}
	errs = append(errs, duplicates(reports)...)
	if len(errs) > 0 {
		return nil, errs
	}
	total, err := datafile.Sum(reports)
	if err != nil {
		return nil, []error{err}
	}
	s := &Summary{}
	s.Included, s.Missing, s.Extra = datafile.Units(reports, expected)
	s.Units, s.Total = reports, total
	total.Organ, total.Short, total.Kind = "（汇总）", "汇总", "其他"
	total.Summary = s.Included
	if textFile != "" {
		meta, err := datafile.LoadMeta(textFile)
		if err != nil {
			return nil, []error{err}
		}
		meta.Apply(total)
	}
	header := []string{fmt.Sprintf("汇总：%d 个单位（nianbao sum）/ summary of %d units", len(s.Included), len(s.Included))}
	if len(s.Missing) > 0 {
		header = append(header, "缺报 / missing: "+strings.Join(s.Missing, "、"))
	}
	if len(s.Extra) > 0 {
		header = append(header, "不在名单中 / not on the list: "+strings.Join(s.Extra, "、"))
	}
	s.Source = datafile.Encode(total, header, nil)
	// the summary is checked like any report; its narrative is the office's to write
	if r, err := datafile.Decode(name, []byte(s.Source), nil); err == nil {
		for _, f := range check.Check(r) {
			if f.Rule != "R10" && f.Rule != "R11" {
				s.Findings = append(s.Findings, f)
			}
		}
	}
	return s, nil
}

// duplicates finds units given more than once: the same organ (full name, or short name) for the
// same year. Each is one error naming all of its files.
func duplicates(reports []*model.Report) []error {
	type unit struct {
		name string
		year int
	}
	var order []unit
	files := map[unit][]string{}
	for _, r := range reports {
		u := unit{strings.TrimSpace(r.Organ), r.Year}
		if _, ok := files[u]; !ok {
			order = append(order, u)
		}
		files[u] = append(files[u], r.File)
	}
	var errs []error
	for _, u := range order {
		if fs := files[u]; len(fs) > 1 {
			errs = append(errs, &input.Error{Location: input.Location{File: fs[0]}, Msg: i18n.F("“%s”%d 年度的报告出现了 %d 次：%s（同一单位只能汇总一次；数据文件和 build 生成的 .json 不要同时给出）",
				"%s's %d report is given %d times: %s (a unit is summed once; do not give both its data file and the .json build wrote)",
				u.name, u.year, len(fs), strings.Join(fs, "、"))})
		}
	}
	return errs
}

// same reports whether two paths name one file (the same path, or the same file by another name).
func same(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// ReadLines reads a list file (at most safefile.ListLimit bytes): one entry a line.
func ReadLines(path string) ([]string, error) {
	b, err := safefile.Read(path, safefile.ListLimit)
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimPrefix(string(b), "\ufeff"), "\n"), nil
}
