package datafile

import (
	"nianbao/model"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
)

// Sum adds up the tables of reports of one year and one format into a new report (汇总): every
// cell is the sum of the units' cells; a cell stays "/" only if it is "/" in every unit. Mixing
// years or formats is an error naming the first file that differs, and so is a sum past the
// summary's limit (model.CountLimit of the number of units: reached only by units that are
// themselves past the per-unit limit). The result has no narrative and no organ: the caller
// supplies them.
func Sum(reports []*model.Report) (*model.Report, error) {
	if len(reports) == 0 {
		return nil, i18n.Errorf("没有可汇总的报告", "no reports to sum")
	}
	first := reports[0]
	out := &model.Report{Format: first.Format, Year: first.Year, Text: map[string][]model.Para{}, Locs: map[string]input.Location{}}
	for i, def := range first.Format.Tables {
		out.Tables[i] = model.Table{Def: def, Values: make([][]model.Value, len(def.Data))}
		for k := range def.Data {
			out.Tables[i].Values[k] = make([]model.Value, len(def.Data[k].Kinds))
			for c := range out.Tables[i].Values[k] {
				out.Tables[i].Values[k][c] = model.Value{NA: true, Set: true}
			}
		}
	}
	for _, r := range reports {
		switch {
		case r.Format != first.Format:
			return nil, &input.Error{Location: input.Location{File: r.File}, Msg: i18n.F("%s 是 %s 格式，本文件是 %s 格式：不同格式不能汇总", "%s is in the %s format, this file in the %s format: they cannot be summed",
				first.File, first.Format.ID, r.Format.ID)}
		case r.Year != first.Year:
			return nil, &input.Error{Location: input.Location{File: r.File}, Msg: i18n.F("%s 是 %d 年度，本文件是 %d 年度：不同年度不能汇总", "%s is for %d, this file for %d: different years cannot be summed",
				first.File, first.Year, r.Year)}
		}
		r = model.Completed(r)
		for ti := range r.Tables {
			for k, row := range r.Tables[ti].Values {
				for c, v := range row {
					o := &out.Tables[ti].Values[k][c]
					if !v.NA {
						limit := model.Limit(r.Tables[ti].Def.Data[k].Kinds[c], len(reports))
						n, ok := addWithin(o.N, v.N, limit)
						if !ok {
							return nil, &input.Error{Location: input.Location{File: r.File}, Msg: i18n.F("%s：汇总超出了 %d 个单位的上限（%d）",
								"%s: the sum passes the limit of %d units (%d)", model.TableLabel(r.Tables[ti].Def, &r.Tables[ti].Def.Data[k], c), len(reports), limit)}
						}
						o.NA = false
						o.N = n
						o.Places = max(o.Places, v.Places) // amounts keep the finest decimals given
					}
				}
			}
		}
	}
	return out, nil
}

// addWithin adds two numbers, reporting false past ±limit or on overflow.
func addWithin(a, b, limit int64) (int64, bool) {
	s := a + b
	if b > 0 && s < a || b < 0 && s > a {
		return 0, false
	}
	return s, s <= limit && s >= -limit
}

// Units returns the names of the units summed; and, given the list of expected units (one name a
// line, matched against short and full names; blank lines and # comments skipped), the expected
// units with no report and the units summed that are not on the list.
func Units(reports []*model.Report, expected []string) (included, missing, extra []string) {
	listed := map[string]bool{}
	for _, u := range expected {
		if u = strings.TrimSpace(u); u != "" && !strings.HasPrefix(u, "#") {
			listed[u] = true
		}
	}
	have := map[string]bool{}
	for _, r := range reports {
		included = append(included, r.Short)
		have[r.Short], have[r.Organ] = true, true
		if len(listed) > 0 && !listed[r.Short] && !listed[r.Organ] {
			extra = append(extra, r.Short)
		}
	}
	sort.Strings(included)
	sort.Strings(extra)
	for _, u := range expected {
		if u = strings.TrimSpace(u); listed[u] && !have[u] {
			missing = append(missing, u)
		}
	}
	return included, missing, extra
}

// Probe looks at a data file without decoding it as a report: whether it is a summary written by
// nianbao sum (and of how many units), and whether it looks like a unit's report at all — a file
// with neither a year nor a table (a summary's --text file, notes) does not. A file that does not
// parse is taken for a report (its decoding says what is wrong).
func Probe(path string) (units int, summary, report bool) {
	data, err := safefile.Read(path, safefile.DataLimit)
	if err != nil {
		return 0, false, true
	}
	src, err := checkText(path, data)
	if err != nil || input.Guard(path, src) != nil {
		return 0, false, true
	}
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return 0, false, true
	}
	v, summary := raw["summary"]
	list, _ := v.([]any)
	report = summary
	for _, k := range []string{"year", "table2", "table3", "table4"} {
		if _, ok := raw[k]; ok {
			report = true
		}
	}
	return len(list), summary, report
}

// SummaryOf reports whether a data file was written by nianbao sum (it has the summary key) and
// how many units it adds up, even when it does not decode as a report (a summary written without
// --text has no date yet).
func SummaryOf(path string) (units int, ok bool) {
	data, err := safefile.Read(path, safefile.DataLimit)
	if err != nil {
		return 0, false
	}
	src, err := checkText(path, data)
	if err != nil || input.Guard(path, src) != nil {
		return 0, false
	}
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return 0, false
	}
	v, ok := raw["summary"]
	list, _ := v.([]any)
	return len(list), ok
}

// Meta is what an office writes for its summary report: the organ, date and narrative.
type Meta struct{ r *model.Report }

// metaKeys are the keys a summary's --text file may have.
var metaKeys = []string{"organ", "short_name", "kind", "title", "date", "signature", "text"}

// LoadMeta reads a summary's organ, date and narrative (a data file without tables).
func LoadMeta(path string) (*Meta, error) {
	data, err := safefile.Read(path, safefile.DataLimit)
	if err != nil {
		return nil, ioError(path, err)
	}
	d, raw, err := parseTOML(path, data, folderReader(path))
	if err != nil {
		return nil, err
	}
	r := &model.Report{File: path, Format: model.Formats()[0], Text: map[string][]model.Para{}}
	d.unknown("", raw, metaKeys)
	r.Organ = d.str(raw, "organ", "机关名称", true)
	r.Short = d.str(raw, "short_name", "机关简称", false)
	r.Kind = d.str(raw, "kind", "机关类型", false)
	r.Title = d.str(raw, "title", "标题", false)
	r.Signature = d.str(raw, "signature", "署名", false)
	if _, ok := raw["date"]; ok {
		r.Date = d.date(raw)
	}
	d.text(r, raw)
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	return &Meta{r}, nil
}

// Apply puts the organ, date and narrative on a summed report.
func (m *Meta) Apply(r *model.Report) {
	r.Organ = m.r.Organ
	r.Short = m.r.Short
	if r.Short == "" {
		r.Short = r.Organ
	}
	if m.r.Kind != "" {
		r.Kind = m.r.Kind
	}
	r.Title, r.Signature, r.Date, r.Text = m.r.Title, m.r.Signature, m.r.Date, m.r.Text
}
