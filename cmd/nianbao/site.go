package main

import (
	"fmt"
	"strings"

	"nianbao/site"
)

// site makes the district's static website from build's output folders, one a year.
func (a *app) site(args []string) int {
	fs := a.flags("site", `nianbao site 输出/ [去年/ …] -o 网站/ —— 用各年度的生成结果做一个静态网站 / a static website from build's output folders

读取每个文件夹中 nianbao build 写出的 .json（一个文件夹一个年度），生成：各单位报告的索引（PDF、DOCX、OFD、HTML，
报告文件复制到 网站/reports/年度/）；每个单位历年的主要数据（收到的申请、办理结果、行政复议和行政诉讼及纠错率、
收费），每张图旁边有数据表；全部单位的合计和各单位的比较。网页不需要 JavaScript，不访问其他网站。
Reads the .json sidecars build wrote (one folder a year) and writes an index of the reports, a page of key
figures over the years per unit (SVG charts with a data table beside each) and a district page. No JavaScript.
`)
	out := fs.String("o", "", "网站文件夹 / the site's folder")
	name := fs.String("name", "", "地区名称，用于网页标题，如“宁和县” / the district's name, for titles")
	dirs, status, ok := a.files(fs, args)
	if !ok {
		return status
	}
	if *out == "" {
		fs.Usage()
		return exitUsage
	}
	s, err := site.Load(dirs)
	if err != nil {
		errs := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
		for _, e := range errs {
			a.errorf(e)
		}
		return statusOf(err)
	}
	s.Name = *name
	pages, err := s.Write(*out)
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	years := make([]string, len(s.Years))
	for i, y := range s.Years {
		years[i] = fmt.Sprint(y)
	}
	fmt.Fprintln(a.stderr, a.t("网站已写入 %s：%d 个网页，%d 个单位，年度 %s", "site written to %s: %d pages, %d units, years %s",
		*out, len(pages), len(s.Units), strings.Join(years, ", ")))
	return exitOK
}
