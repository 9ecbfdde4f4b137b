package build

import (
	"fmt"
	"os"
	"strings"

	"nianbao/model"
)

// Summary is the district summary (汇总) of many reports, ready to be written as a data file.
type Summary struct {
	Source   string          // the data file's text
	Included []string        // the units summed
	Missing  []string        // expected units with no report
	Findings []model.Finding // the checks on the summed tables
}

// Sum adds up the tables of data files and sidecars (.json). expected lists the units that should
// have reported (may be nil); textFile, if given, supplies the summary's organ, date and narrative.
// name names the summary in findings. Unreadable inputs are all reported, and nothing is summed.
func Sum(files, expected []string, textFile, name string) (*Summary, []error) {
	var reports []*model.Report
	var errs []error
	for _, f := range files {
		var r *model.Report
		var err error
		if strings.HasSuffix(f, ".json") {
			r, err = model.LoadSidecar(f)
		} else {
			r, err = model.Load(f)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		reports = append(reports, r)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	total, err := model.Sum(reports)
	if err != nil {
		return nil, []error{err}
	}
	s := &Summary{}
	s.Included, s.Missing = model.Units(reports, expected)
	total.Organ, total.Short, total.Kind = "（汇总）", "汇总", "其他"
	if textFile != "" {
		meta, err := model.LoadMeta(textFile)
		if err != nil {
			return nil, []error{err}
		}
		meta.Apply(total)
	}
	header := []string{
		fmt.Sprintf("汇总：%d 个单位（nianbao sum）/ summary of %d units", len(s.Included), len(s.Included)),
		"已汇总 / included: " + strings.Join(s.Included, "、")}
	if len(s.Missing) > 0 {
		header = append(header, "缺报 / missing: "+strings.Join(s.Missing, "、"))
	}
	s.Source = model.Encode(total, header, nil)
	// the summary is checked like any report; its narrative is the office's to write
	if r, err := model.Decode(name, []byte(s.Source), nil); err == nil {
		for _, f := range model.Check(r) {
			if f.Rule != "R10" && f.Rule != "R11" {
				s.Findings = append(s.Findings, f)
			}
		}
	}
	return s, nil
}

// ReadLines reads a list file: one entry a line.
func ReadLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(string(b), "\n"), nil
}
