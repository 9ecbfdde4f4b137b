package main

import (
	"fmt"

	"nianbao/check"
	"nianbao/model"
	"nianbao/pipeline"
)

// diff lists the table cells that differ between two reports (nianbao diff).
func (a *app) diff(args []string) int {
	fs := a.flags("diff", `nianbao diff LAST THIS —— 逐格比较两份报告的表格 / compare the tables of two reports

列出每个数值不同的格子（官方标签、上一份的值 → 这一份的值）。
Lists every table cell whose value differs (official labels, LAST → THIS).
`)
	files, err := fs.parse(args)
	if err != nil {
		return usageStatus(err)
	}
	if len(files) != 2 {
		fs.Usage()
		return exitUsage
	}
	var rs [2]*model.Report
	for i, f := range files {
		if rs[i], err = pipeline.Load(f); err != nil {
			a.errorf(err)
			return statusOf(err)
		}
	}
	changes, err := check.Changes(rs[0], rs[1])
	if err != nil {
		a.errorf(err)
		return exitData
	}
	for _, c := range changes {
		fmt.Fprintln(a.stdout, c)
	}
	fmt.Fprintln(a.stderr, a.t("%d 处不同", "%d cells differ", len(changes)))
	return exitOK
}
