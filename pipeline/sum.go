package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
	"nianbao/model"
	"nianbao/workbook"
)

// Input is one file given to Sum: named on the command line, or found in a folder named there
// (InFolder). A folder may hold files that are not units' reports — the district's own summary
// or workbook, a list of units — and those are skipped with a note; named on the command line
// they are refused.
type Input struct {
	Path     string
	InFolder bool
}

// SumOptions are the options of Sum.
type SumOptions struct {
	Expected    []string // the units that should have reported (--units); nil: no list
	TextFile    string   // the summary's organ, date and narrative (--text); "" for none yet
	Out         string   // the file the summary will be written to: it may not be an input
	SkipFailing bool     // sum the units that pass and list the others as left out (--skip-failing)
}

// Summary is the district summary (汇总) of many reports, ready to be written as a data file.
type Summary struct {
	Source   string          // the data file's text
	Included []string        // the units summed
	Missing  []string        // expected units with no report
	Extra    []string        // units summed that are not on the list of expected units
	Left     []Unit          // units left out because they fail their checks (SkipFailing)
	Strays   []Stray         // files in the folders that are not units' reports, skipped
	Findings []check.Finding // the checks on the summary itself
	Inputs   []Unit          // every unit given, in file order, with what its check found
	Units    []*model.Report // the units summed, in file order
	Total    *model.Report   // their sum
}

// Stray is a file in a units folder that is not a unit's report.
type Stray struct {
	File string
	Why  i18n.Text
}

func (s Stray) In(l i18n.Lang) string {
	return s.File + ": " + i18n.F("不是单位的报告，已跳过（%s）", "not a unit's report, skipped (%s)", s.Why.In(l)).In(l)
}

// Sum adds up the tables of data files, workbooks and sidecars (.json). Every unit is checked
// first, as check would (without R8, whose last year's files are not the district's): a unit
// with errors is never summed silently. By default one failing unit refuses the whole summary —
// the errors are one *FailingError per failing unit, naming its first error; with SkipFailing
// the others are summed and the summary's text says which units were left out (Summary.Left).
// A sidecar carries its unit's findings; its numbers are checked again as well (it may have been
// edited by hand).
//
// Every other input problem is an error too, and then nothing is summed: a summary made by this
// tool named as an input (summing it would count its units again), one unit (organ and year) given
// twice — two data files, a data file and its sidecar, a copy under another name —, the output
// among the inputs, units of different years or formats. The summary is checked like any report
// before it is returned (Findings); the caller writes it only without errors.
func Sum(inputs []Input, opt SumOptions) (*Summary, []error) {
	s := &Summary{}
	var errs []error
	for _, in := range inputs {
		f := in.Path
		if same(f, opt.Out) {
			if _, summary, _ := datafile.Probe(f); in.InFolder && summary {
				// the summary of an earlier run, about to be replaced
				s.Strays = append(s.Strays, Stray{f, i18n.F("是上次写出的汇总，这次将被替换", "the summary of an earlier run, now replaced")})
				continue
			}
			errs = append(errs, i18n.Errorf("%s 既是输入又是输出（-o）：请换一个输出文件名", "%s is both an input and the output (-o): choose another output name", f))
			continue
		}
		if opt.TextFile != "" && same(f, opt.TextFile) {
			if in.InFolder {
				s.Strays = append(s.Strays, Stray{f, i18n.F("是 --text 指定的汇总正文", "it is the summary's --text file")})
				continue
			}
			errs = append(errs, i18n.Errorf("%s 是 --text 指定的汇总正文，不是单位的报告", "%s is the summary's --text file, not a unit's report", f))
			continue
		}
		u, stray, err := sumInput(in)
		switch {
		case err != nil:
			errs = append(errs, err)
		case stray != nil:
			s.Strays = append(s.Strays, *stray)
		default:
			s.Inputs = append(s.Inputs, u)
		}
	}
	var readable []*model.Report
	for _, u := range s.Inputs {
		if u.Report != nil {
			readable = append(readable, u.Report)
		}
	}
	errs = append(errs, duplicates(readable)...)
	if len(errs) > 0 {
		return nil, errs
	}
	for _, u := range s.Inputs {
		if u.Status >= Failing {
			if !opt.SkipFailing {
				errs = append(errs, &FailingError{u})
			}
			s.Left = append(s.Left, u)
			continue
		}
		s.Units = append(s.Units, u.Report)
	}
	if len(errs) > 0 {
		return s, errs
	}
	total, err := datafile.Sum(s.Units)
	if err != nil {
		return nil, []error{err}
	}
	s.Total = total
	s.Included, _, _ = datafile.Units(s.Units, nil)
	_, s.Missing, s.Extra = datafile.Units(readable, opt.Expected)
	s.Missing = notLeft(s.Missing, s.Left)
	total.Organ, total.Short, total.Kind = "（汇总）", "汇总", "其他"
	total.Summary = s.Included
	if opt.TextFile != "" {
		meta, err := datafile.LoadMeta(opt.TextFile)
		if err != nil {
			return nil, []error{err}
		}
		meta.Apply(total)
	}
	if note := s.leftOut(); note != "" {
		// said in the report itself, under 六、其他需要报告的事项, where a reader of the summary looks
		total.Text["other"] = append(total.Text["other"], model.Para{Text: note})
	}
	header := []string{fmt.Sprintf("汇总：%d 个单位（nianbao sum）/ summary of %d units", len(s.Included), len(s.Included))}
	if len(s.Left) > 0 {
		header = append(header, "有错误、未汇总 / left out, failing: "+strings.Join(names(s.Left), "、"))
	}
	if len(s.Missing) > 0 {
		header = append(header, "缺报 / missing: "+strings.Join(s.Missing, "、"))
	}
	if len(s.Extra) > 0 {
		header = append(header, "不在名单中 / not on the list: "+strings.Join(s.Extra, "、"))
	}
	s.Source = datafile.Encode(total, header, nil)
	// the summary is checked like any report, from the text that will be written: what does not
	// decode or has errors is never written. Its date and narrative are the office's to write:
	// without --text, a date stands in for the check, and the rules of the narrative's presence
	// (R10, R11) wait for it.
	src := s.Source
	if total.Date.Y == 0 {
		dated := *total
		dated.Date = model.Date{Y: total.Year + 1, M: 1, D: 1}
		src = datafile.Encode(&dated, header, nil)
	}
	r, err := datafile.Decode(opt.Out, []byte(src), nil)
	if err != nil {
		return nil, []error{i18n.Errorf("汇总结果无法通过自身的检查，未写出（请报告此问题）：%s", "the summary fails its own decoding, not written (please report it): %s", i18n.Message(err, i18n.Zh))}
	}
	for _, f := range check.Check(r) {
		if opt.TextFile != "" || f.Rule != "R10" && f.Rule != "R11" {
			s.Findings = append(s.Findings, f)
		}
	}
	return s, nil
}

// leftOut is the sentence of the summary's text naming the units it does not include.
func (s *Summary) leftOut() string {
	var parts []string
	if len(s.Left) > 0 {
		parts = append(parts, "以下单位的报告有错误，未计入本汇总："+strings.Join(names(s.Left), "、")+"。")
	}
	if len(s.Missing) > 0 {
		parts = append(parts, "以下单位未报送报告，未计入本汇总："+strings.Join(s.Missing, "、")+"。")
	}
	return strings.Join(parts, "")
}

// notLeft drops from the missing units those that reported but were left out.
func notLeft(missing []string, left []Unit) []string {
	var out []string
	for _, m := range missing {
		if !slices.ContainsFunc(left, func(u Unit) bool { return u.Name == m || u.Organ == m }) {
			out = append(out, m)
		}
	}
	return out
}

func names(us []Unit) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

// FailingError: a unit has errors, so the summary is refused (nianbao sum without --skip-failing).
type FailingError struct{ Unit Unit }

func (e *FailingError) In(l i18n.Lang) string {
	if e.Unit.Err != nil || e.Unit.Errors == 0 {
		return e.Unit.File + ": " + i18n.F("无法读取，不能汇总：%s", "cannot be read, not summed: %s", e.Unit.First(l)).In(l)
	}
	return e.Unit.File + ": " + i18n.F("%s 有 %d 处错误，不能汇总；第一处：%s", "%s has %d error(s) and cannot be summed; the first: %s",
		e.Unit.Name, max(e.Unit.Errors, 1), e.Unit.First(l)).In(l)
}
func (e *FailingError) Error() string { return e.In(i18n.Zh) }

// sumInput reads one input of Sum: a unit (checked), a stray file to skip, or an error that
// stops the summary.
func sumInput(in Input) (Unit, *Stray, error) {
	f := in.Path
	strayOr := func(why i18n.Text, err error) (Unit, *Stray, error) {
		if in.InFolder {
			return Unit{}, &Stray{f, why}, nil
		}
		return Unit{}, nil, err
	}
	summaryErr := func(n int) error {
		return &input.Error{Location: input.Location{File: f}, Msg: i18n.F("这是 nianbao sum 生成的汇总（含 %d 个单位），不能再作为汇总的输入，否则这些单位会被重复计算",
			"this is a summary made by nianbao sum (of %d units): summing it again would count those units twice", n)}
	}
	summaryWhy := func(n int) i18n.Text {
		return i18n.F("是 nianbao sum 生成的汇总，含 %d 个单位", "a summary made by nianbao sum, of %d units", n)
	}
	switch strings.ToLower(filepath.Ext(f)) {
	case ".json":
		if !isSidecar(f) {
			return strayOr(i18n.F("不是 build 生成的 .json", "not a .json written by build"), nil)
		}
		r, err := datafile.LoadSidecar(f)
		if err != nil {
			return unitOf(f, nil, nil, err), nil, nil
		}
		if r.Summary != nil {
			return strayOr(summaryWhy(len(r.Summary)), summaryErr(len(r.Summary)))
		}
		return unitOf(f, r, sidecarFindings(f, r), nil), nil, nil
	case ".xlsx":
	default:
		if n, summary, _ := datafile.Probe(f); summary {
			return strayOr(summaryWhy(n), summaryErr(n))
		}
	}
	if why, ok := notReport(f); ok {
		return strayOr(why, &input.Error{Location: input.Location{File: f}, Msg: i18n.Text{Zh: "不是单位的报告（" + why.Zh + "）", En: "not a unit's report (" + why.En + ")"}})
	}
	c := Check(f, CheckOptions{})
	return unitOf(f, c.Report, c.Findings, c.Err), nil, nil
}

// notReport tells a data file or workbook that is no report at all — a district workbook (sum
// --xlsx), another workbook (a 名单.xlsx), a TOML file with neither year nor tables (a summary's
// --text), a .json that is no sidecar — and why. Summaries are reports: whether they may be given is the caller's to say.
func notReport(path string) (i18n.Text, bool) {
	if workbook.IsWorkbook(path) {
		switch workbook.KindOf(path) {
		case workbook.DistrictBook:
			return i18n.F("是 nianbao sum --xlsx 生成的汇总工作簿", "a district workbook made by nianbao sum --xlsx"), true
		case workbook.OtherBook:
			return i18n.F("没有“基本信息”和表二至表四，不是统计工作簿", "no 基本信息 sheet and no tables: not a report workbook"), true
		}
		return i18n.Text{}, false
	}
	if strings.EqualFold(filepath.Ext(path), ".json") && !isSidecar(path) {
		return i18n.F("不是 build 生成的 .json", "not a .json written by build"), true
	}
	if strings.EqualFold(filepath.Ext(path), ".toml") {
		if _, _, report := datafile.Probe(path); !report {
			return i18n.F("没有年度和表格", "no year and no tables"), true
		}
	}
	return i18n.Text{}, false
}

// StrayOf says why a file found in a folder of reports is none (a district workbook, a list, a
// --text file), so check and sum skip it with a note; nil for a report, readable or not.
func StrayOf(path string) *Stray {
	if why, ok := notReport(path); ok {
		return &Stray{path, why}
	}
	return nil
}

// isSidecar reports whether a .json file is shaped like a sidecar (it has tables and a format);
// its values are checked when it is read.
func isSidecar(path string) bool {
	data, err := safefile.Read(path, safefile.SidecarLimit)
	if err != nil {
		return true // reading it says what is wrong
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) // a broken sidecar, not some other file
	}
	_, t := m["tables"]
	_, f := m["format"]
	return t && f
}

// sidecarFindings are the findings a sidecar carries (those of its unit's build), and those of
// the table rules on its numbers: a sidecar may have been edited by hand after its build.
func sidecarFindings(path string, r *model.Report) []check.Finding {
	var out []check.Finding
	data, err := safefile.Read(path, safefile.SidecarLimit)
	if err == nil {
		var side struct {
			Source   string                    `json:"source"`
			Findings []datafile.SidecarFinding `json:"findings"`
		}
		json.Unmarshal(data, &side)
		for _, f := range side.Findings {
			sev := check.Warning
			if f.Severity == "error" {
				sev = check.Error
			}
			at := input.Location{File: r.File}
			if side.Source != "" && f.Line > 0 { // the line is the data file's the sidecar was built from
				at = input.Location{File: side.Source, Line: f.Line}
			}
			out = append(out, check.Finding{Rule: f.Rule, Severity: sev, Location: at, Where: f.Where,
				Msg: i18n.Text{Zh: f.Zh, En: f.En}})
		}
	}
	for _, f := range check.Check(r) {
		if slices.Contains(tableRules, f.Rule) && f.Severity == check.Error && !slices.ContainsFunc(out, func(g check.Finding) bool { return g.Rule == f.Rule && g.Msg == f.Msg }) {
			out = append(out, f)
		}
	}
	return out
}

// tableRules are the rules of the tables alone, which a sidecar's numbers can be checked by.
var tableRules = []string{"R0", "R1", "R2", "R3", "R4"}

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

// Files are inputs named one by one (not found in a folder).
func Files(paths ...string) []Input {
	out := make([]Input, len(paths))
	for i, p := range paths {
		out[i] = Input{Path: p}
	}
	return out
}
