package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"nianbao/check"
	"nianbao/i18n"
	"nianbao/pipeline"
	"nianbao/workbook"
)

// sum adds up the tables of many reports into one data file (nianbao sum).
func (a *app) sum(args []string) int {
	fs := a.flags("sum", `nianbao sum FILE|DIR... -o summary.toml —— 汇总 / district summary

把同一年度、同一格式的多份报告（数据文件 .toml、统计工作簿 .xlsx，或 build 生成的 .json）的三张表逐格相加，
写成一份新的数据文件，汇总结果同样经过全部检查，可以像普通报告一样 build。每份报告先检查：有错误的单位不会被
悄悄加进去——默认整份汇总不做，列出每个有错误的单位和它的第一处错误；--skip-failing 只汇总通过检查的单位，
并在汇总正文（六、其他需要报告的事项）和汇总工作簿中写明哪些单位未计入。文件夹中不是单位报告的文件（上次的
汇总、汇总工作簿、名单）跳过并说明。机关名称、成文日期和正文从 --text 指定的文件取（一个只含 organ、kind、
date、title 和 [text] 的 TOML 文件）；没有时留待填写。
Adds up every table of the reports (data files, workbooks or the .json sidecars of build) into one data
file, checked like any report and built like one. Each report is checked first: by default one unit with
errors refuses the summary (every failing unit is named with its first error); --skip-failing sums the
others and says in the summary's text and workbook which units were left out. Files in a folder that are
not units' reports (an earlier summary, a district workbook, a list) are skipped with a note.
`)
	out := fs.String("o", "", "汇总数据文件 / the summary data file to write")
	text := fs.String("text", "", "汇总报告的机关、日期和正文（TOML）/ organ, date and narrative of the summary (TOML)")
	units := fs.String("units", "", "应报单位名单（.txt 每行一个，或 .xlsx 每行一个），列出缺报的单位 / expected units (.txt or .xlsx, one a line): lists the missing ones")
	xlsx := fs.String("xlsx", "", "另写一份汇总工作簿：各单位情况（可打印）、全部格子、缺报与名单外 / also write the district workbook")
	skip := fs.Bool("skip-failing", false, "只汇总通过检查的单位，有错误的单位列为未计入 / sum the units that pass, list the failing ones as left out")
	files, status, ok := a.files(fs, args)
	if !ok {
		return status
	}
	if *out == "" {
		fs.Usage()
		return exitUsage
	}
	var expected []string
	if *units != "" {
		var err error
		if expected, err = pipeline.ReadUnits(*units); err != nil {
			a.errorf(err)
			return exitUsage
		}
	}
	inputs := sumInputs(files)
	if *units != "" {
		inputs = dropInput(inputs, *units)
	}
	sum, errs := pipeline.Sum(inputs, pipeline.SumOptions{Expected: expected, TextFile: *text, Out: *out, SkipFailing: *skip})
	if sum != nil {
		for _, s := range sum.Strays {
			fmt.Fprintln(a.stderr, s.In(a.lang))
		}
	}
	if errs != nil {
		status, failing := exitOK, 0
		for _, err := range errs {
			var fe *pipeline.FailingError
			if errors.As(err, &fe) {
				fmt.Fprintln(a.stderr, fe.In(a.lang))
				failing++
				status = max(status, exitData)
				if fe.Unit.Err != nil {
					status = max(status, statusOf(fe.Unit.Err)) // a file that cannot be read at all: 2
				}
				continue
			}
			a.errorf(err)
			status = max(status, statusOf(err))
		}
		if failing > 0 {
			fmt.Fprintln(a.stderr, a.t("未汇总：%d 个单位有错误。改正后重新汇总，或加 --skip-failing 只汇总通过检查的单位（未计入的单位会写进汇总）",
				"nothing summed: %d unit(s) have errors. Fix them and sum again, or add --skip-failing to sum the units that pass (the summary names those left out)", failing))
		} else {
			fmt.Fprintln(a.stderr, a.t("未汇总", "nothing summed"))
		}
		return status
	}
	for _, u := range sum.Left {
		fmt.Fprintln(a.stderr, a.t("%s: 未计入汇总（--skip-failing）：%s", "%s: left out of the summary (--skip-failing): %s", u.File, u.First(a.lang)))
	}
	if len(sum.Missing) > 0 {
		fmt.Fprintln(a.stderr, a.t("缺报单位：%s", "units without a report: %s", strings.Join(sum.Missing, "、")))
	}
	if len(sum.Extra) > 0 {
		fmt.Fprintln(a.stderr, a.t("不在名单中的单位：%s", "units not on the list: %s", strings.Join(sum.Extra, "、")))
	}
	for _, f := range sum.Findings {
		fmt.Fprintln(a.stderr, f.In(a.lang))
	}
	if check.HasErrors(sum.Findings) {
		fmt.Fprintln(a.stderr, a.t("汇总结果有错误，未写出 %s", "the summary has errors: %s not written", *out))
		return exitData
	}
	if err := pipeline.WriteAtomic(*out, func(w io.Writer) error { _, err := io.WriteString(w, sum.Source); return err }); err != nil {
		a.errorf(err)
		return exitUsage
	}
	fmt.Fprintln(a.stdout, *out)
	if *xlsx != "" {
		if err := pipeline.WriteAtomic(*xlsx, func(w io.Writer) error { return districtOf(sum).Write(w) }); err != nil {
			a.errorf(err)
			return exitUsage
		}
		fmt.Fprintln(a.stdout, *xlsx)
	}
	fmt.Fprintln(a.stderr, a.t("已汇总 %d 个单位", "%d units summed", len(sum.Units))+a.leftWords(sum))
	return exitOK
}

// leftWords says how many units the summary lacks.
func (a *app) leftWords(s *pipeline.Summary) string {
	out := ""
	if len(s.Left) > 0 {
		out += a.t("，%d 个有错误未计入", ", %d failing left out", len(s.Left))
	}
	if len(s.Missing) > 0 {
		out += a.t("，%d 个缺报", ", %d missing", len(s.Missing))
	}
	return out
}

// districtOf is the district workbook of a summary: every unit given, summed or left out, then
// the units missing.
func districtOf(s *pipeline.Summary) workbook.District {
	d := workbook.District{Total: s.Total, Extra: s.Extra}
	extra := map[string]bool{}
	for _, e := range s.Extra {
		extra[e] = true
	}
	for _, u := range s.Inputs {
		w := workbook.Unit{Name: u.Name, File: u.File, Report: u.Report}
		if u.Status >= pipeline.Failing {
			w.State, w.Note = workbook.Failed, u.Brief(i18n.Zh)
		}
		if extra[u.Name] {
			w.Note = strings.TrimPrefix(w.Note+"；不在名单中", "；")
		}
		d.Units = append(d.Units, w)
	}
	for _, m := range s.Missing {
		d.Units = append(d.Units, workbook.Unit{Name: m, State: workbook.Missing, Note: "未报送"})
	}
	return d
}

// sumInputs lists the inputs of sum: files named as they are, and in folders the .toml, .xlsx
// and .json files (sorted, not recursive), marked as found in a folder.
func sumInputs(args []string) []pipeline.Input {
	var out []pipeline.Input
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, pipeline.Input{Path: p})
			continue
		}
		for _, e := range []string{".toml", ".xlsx", ".json"} {
			m, _ := filepath.Glob(filepath.Join(p, "*"+e))
			sort.Strings(m)
			for _, f := range m {
				if !strings.HasPrefix(filepath.Base(f), "~$") { // Excel's lock file of an open workbook
					out = append(out, pipeline.Input{Path: f, InFolder: true})
				}
			}
		}
	}
	return out
}

// dropInput leaves out the list of units when it lies in a units folder.
func dropInput(in []pipeline.Input, path string) []pipeline.Input {
	var out []pipeline.Input
	for _, i := range in {
		if !(i.InFolder && sameFile(i.Path, path)) {
			out = append(out, i)
		}
	}
	return out
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
