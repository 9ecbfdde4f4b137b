package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/i18n"
	"nianbao/pipeline"
)

// check lists every finding of each file (nianbao check).
func (a *app) check(args []string) int {
	fs := a.flags("check", `nianbao check FILE|DIR... —— 检查年报数据文件 / check report data files

一次列出每份文件的全部问题，按行号排列：“文件:行号: 错误/警告 [规则 名称] 官方标签：应为与实为”，最后一行是合计。
给出文件夹时只列出有问题的文件，最后汇总；文件夹中不是报告的文件（汇总工作簿、名单）跳过并说明。
--units 名单.txt（或 .xlsx，每行一个单位）另在标准输出给出收件登记：已报送、通过、有错误、缺报、不在名单中。
--json 在标准输出给出机器可读的结果：每份文件一条（包括通过的），每条问题的文件、工作表、格子、段落、行号分开写。
Lists every finding of each file in one pass, then a tally; for a folder, only the files with findings
(files that are no report are skipped with a note). --units LIST adds a register on standard output:
submitted, passing, failing, missing, not on the list. --json prints one record per file (passing files
too) on standard output, each finding's file, sheet, cell, paragraph and line as separate fields.

规则 / rules:
`+check.RuleHelp())
	co := checkFlags(fs)
	asJSON := fs.Bool("json", false, "以 JSON 输出结果（标准输出）/ print the results as JSON on standard output")
	unitsFile := fs.String("units", "", "应报单位名单（.txt 每行一个，或 .xlsx 每行一个）：列出收件登记 / expected units: print the register")
	files, opt, status, ok := a.checkedFiles(fs, args, co)
	if !ok {
		return status
	}
	var list []string
	if *unitsFile != "" {
		var err error
		if list, err = pipeline.ReadUnits(*unitsFile); err != nil {
			a.errorf(err)
			return exitUsage
		}
	}
	folder := slices.ContainsFunc(files, func(f string) bool { st, err := os.Stat(f); return err == nil && st.IsDir() })
	var paths []string
	for _, in := range sumInputs(files) {
		if !in.InFolder || !strings.EqualFold(in.Path[max(0, len(in.Path)-5):], ".json") {
			paths = append(paths, in.Path)
		}
	}
	paths = append(paths, publishedIn(files)...) // folders holding only published reports (published.go)
	folder = folder || len(paths) > 1
	var units []pipeline.Unit
	var records []jsonFile
	nErr, nWarn, withFindings := 0, 0, 0
	for _, f := range paths {
		if folder && *unitsFile != "" && sameFile(f, *unitsFile) {
			continue
		}
		// in a folder, a workbook that is no report (a district workbook, a list) is skipped; with a
		// list of units, so is a summary (it is no unit)
		if folder && isXLSX(f) {
			if s := pipeline.StrayOf(f); s != nil {
				if !*asJSON {
					fmt.Fprintln(a.stderr, s.In(a.lang))
				}
				continue
			}
		}
		if folder && *unitsFile != "" && isSummary(f) {
			if !*asJSON {
				fmt.Fprintln(a.stderr, a.t("%s: 是 nianbao sum 生成的汇总，不是单位的报告，不列入收件登记", "%s: a summary made by nianbao sum, not a unit's report: not in the register", f))
			}
			continue
		}
		u := pipeline.CheckUnit(f, opt)
		units = append(units, u)
		records = append(records, fileRecord(u))
		if u.Err != nil {
			if !*asJSON {
				a.errorf(u.Err)
			}
			status = max(status, statusOf(u.Err))
			nErr++
			withFindings++
			continue
		}
		for _, fd := range u.Findings {
			if !*asJSON {
				fmt.Fprintln(a.stderr, fd.In(a.lang))
			}
		}
		nErr += u.Errors
		nWarn += u.Warnings
		if len(u.Findings) > 0 {
			withFindings++
		}
		a.publishedLine(u, *asJSON) // one line per published report (published.go)
		if u.Errors > 0 {
			status = max(status, exitData)
		} else if len(u.Findings) == 0 && !folder && !*asJSON {
			fmt.Fprintln(a.stderr, a.t("%s：检查通过", "%s: ok", f))
		}
	}
	var roll *pipeline.Roll
	if *unitsFile != "" {
		roll = pipeline.NewRoll(units, list)
		for i := range records {
			on := roll.Listed[i]
			records[i].Listed = &on
		}
		for _, m := range roll.Missing {
			on := true
			records = append(records, jsonFile{Unit: m, Status: "missing", Listed: &on, Findings: []jsonFinding{}})
		}
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if records == nil {
			records = []jsonFile{}
		}
		enc.Encode(records)
		return status
	}
	if folder {
		fmt.Fprintln(a.stderr, a.t("共检查 %d 份：%d 份通过，%d 份有问题", "%d files checked: %d clean, %d with findings", len(units), len(units)-withFindings, withFindings))
	}
	fmt.Fprintln(a.stderr, a.t("共 %d 处错误、%d 处警告", "%d error(s), %d warning(s)", nErr, nWarn))
	if roll != nil {
		a.printRoll(roll)
	}
	return status
}

// printRoll prints the 收件登记 on standard output: the tally, then a row per unit — those that
// reported in file order, then the missing ones.
func (a *app) printRoll(r *pipeline.Roll) {
	n := r.Count()
	var extra []string
	for i, u := range r.Units {
		if !r.Listed[i] {
			extra = append(extra, u.Name)
		}
	}
	w := a.stdout
	fmt.Fprintln(w, a.t("收件登记：名单 %d 个单位，已报送 %d 份（通过 %d，有错误 %d，无法读取 %d），缺报 %d 个，不在名单中 %d 个",
		"register: %d units listed, %d reports (%d passing, %d failing, %d unreadable), %d missing, %d not on the list",
		countListed(r), len(r.Units), n[pipeline.Passed]+n[pipeline.Warned], n[pipeline.Failing], n[pipeline.Unreadable], len(r.Missing), len(extra)))
	if len(r.Missing) > 0 {
		fmt.Fprintln(w, a.t("缺报：%s", "missing: %s", strings.Join(r.Missing, "、")))
	}
	if len(extra) > 0 {
		fmt.Fprintln(w, a.t("不在名单中：%s", "not on the list: %s", strings.Join(extra, "、")))
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", a.t("单位", "unit"), a.t("状态", "status"), a.t("文件", "file"), a.t("首条问题", "first finding"))
	for i, u := range r.Units {
		st := u.Status.Words().In(a.lang)
		if !r.Listed[i] {
			st += a.t("，不在名单中", ", not on the list")
		}
		first := ""
		if u.Status >= pipeline.Failing {
			first = u.Brief(a.lang)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Name, st, u.File, first)
	}
	for _, m := range r.Missing {
		fmt.Fprintf(w, "%s\t%s\t-\t\n", m, a.t("缺报", "missing"))
	}
}

// countListed is how many units the list has (those that reported and those missing).
func countListed(r *pipeline.Roll) int {
	seen := map[string]bool{}
	for i, u := range r.Units {
		if r.Listed[i] {
			seen[u.Name] = true
		}
	}
	return len(seen) + len(r.Missing)
}

// jsonFile is one file as check --json prints it: what it is, its status and its findings.
type jsonFile struct {
	File     string        `json:"file"`
	Unit     string        `json:"unit,omitempty"`
	Organ    string        `json:"organ,omitempty"`
	Year     int           `json:"year,omitempty"`
	Status   string        `json:"status"` // passed, warnings, errors, unreadable; missing (with --units)
	Listed   *bool         `json:"listed,omitempty"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Findings []jsonFinding `json:"findings"`
}

// jsonFinding is one finding as check --json prints it, its place in separate fields.
type jsonFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Col       int    `json:"col,omitempty"`
	Sheet     string `json:"sheet,omitempty"`
	Cell      string `json:"cell,omitempty"`
	Paragraph int    `json:"paragraph,omitempty"`
	Quote     string `json:"quote,omitempty"`
	Rule      string `json:"rule"`
	Name      string `json:"name,omitempty"`
	Severity  string `json:"severity"`
	Labels    string `json:"labels,omitempty"`
	Expected  string `json:"expected,omitempty"`
	Actual    string `json:"actual,omitempty"`
	Zh        string `json:"zh"`
	En        string `json:"en"`
}

func fileRecord(u pipeline.Unit) jsonFile {
	j := jsonFile{File: u.File, Unit: u.Name, Organ: u.Organ, Status: u.Status.Words().En, Errors: u.Errors, Warnings: u.Warnings, Findings: []jsonFinding{}}
	if u.Report != nil {
		j.Year = u.Report.Year
	} else {
		j.Unit = ""
	}
	if u.Err != nil {
		j.Errors = 1
		j.Findings = append(j.Findings, jsonFinding{File: u.File, Rule: "IO", Severity: "error", Zh: i18n.Message(u.Err, i18n.Zh), En: i18n.Message(u.Err, i18n.En)})
	}
	for _, f := range u.Findings {
		j.Findings = append(j.Findings, toJSON(f))
	}
	return j
}

func toJSON(f check.Finding) jsonFinding {
	j := jsonFinding{File: f.File, Line: f.Line, Col: f.Col, Sheet: f.Sheet, Cell: f.Cell, Paragraph: f.Para, Quote: f.Quote,
		Rule: f.Rule, Severity: "warning", Labels: f.Where, Expected: f.Expected, Actual: f.Actual, Zh: f.Msg.Zh, En: f.Msg.En}
	if f.Severity == check.Error {
		j.Severity = "error"
	}
	if parts := strings.SplitN(j.File, "!", 3); j.Sheet == "" && len(parts) > 1 { // a place given in the file's name: 文件.xlsx!表三!D12
		j.File, j.Sheet = parts[0], parts[1]
		if len(parts) == 3 {
			j.Cell = parts[2]
		}
	}
	if r, ok := check.RuleByID(f.Rule); ok {
		j.Name = r.Name.Zh
	}
	return j
}

// isSummary reports whether a data file was written by nianbao sum.
func isSummary(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".toml") {
		return false
	}
	_, summary, _ := datafile.Probe(path)
	return summary
}
