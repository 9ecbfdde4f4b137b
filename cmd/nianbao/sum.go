package main

import (
	"fmt"
	"io"
	"strings"

	"nianbao/pipeline"
	"nianbao/workbook"
)

// sum adds up the tables of many reports into one data file (nianbao sum).
func (a *app) sum(args []string) int {
	fs := a.flags("sum", `nianbao sum FILE|DIR... -o summary.toml —— 汇总 / district summary

把同一年度、同一格式的多份报告（数据文件 .toml，或 build 生成的 .json）的三张表逐格相加，写成一份新的数据文件，
汇总结果同样经过全部检查，可以像普通报告一样 build。机关名称、成文日期和正文从 --text 指定的文件取
（一个只含 organ、kind、date、title 和 [text] 的 TOML 文件）；没有时留待填写。
Adds up every table of the reports (data files or the .json sidecars of build) into one data file, checked
like any report and built like one; the organ, date and narrative come from the --text file.
`)
	out := fs.String("o", "", "汇总数据文件 / the summary data file to write")
	text := fs.String("text", "", "汇总报告的机关、日期和正文（TOML）/ organ, date and narrative of the summary (TOML)")
	units := fs.String("units", "", "应报单位名单（每行一个），列出缺报的单位 / expected units, one a line: lists the missing ones")
	xlsx := fs.String("xlsx", "", "另写一份汇总工作簿：每个单位一行、全部格子、合计行、缺报与名单外的单位 / also write the district workbook")
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
		if expected, err = pipeline.ReadLines(*units); err != nil {
			a.errorf(err)
			return exitUsage
		}
	}
	sum, errs := pipeline.Sum(expandExt(files, ".toml", ".xlsx", ".json"), expected, *text, *out)
	if errs != nil {
		status := exitOK
		for _, err := range errs {
			a.errorf(err)
			status = max(status, statusOf(err))
		}
		fmt.Fprintln(a.stderr, a.t("未汇总", "nothing summed"))
		return status
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
	if err := pipeline.WriteAtomic(*out, func(w io.Writer) error { _, err := io.WriteString(w, sum.Source); return err }); err != nil {
		a.errorf(err)
		return exitUsage
	}
	fmt.Fprintln(a.stdout, *out)
	if *xlsx != "" {
		if err := pipeline.WriteAtomic(*xlsx, func(w io.Writer) error {
			return workbook.WriteDistrict(w, sum.Units, sum.Total, sum.Missing, sum.Extra)
		}); err != nil {
			a.errorf(err)
			return exitUsage
		}
		fmt.Fprintln(a.stdout, *xlsx)
	}
	return exitOK
}
