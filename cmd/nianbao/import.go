package main

import (
	"io"

	"nianbao/datafile"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/workbook"
)

// importWorkbook writes a workbook as a data file.
func (a *app) importWorkbook(args []string) int {
	if status, ok := a.importPublished(args); ok { // a published report (published.go)
		return status
	}
	fs := a.flags("import", `nianbao import FILE.xlsx -o FILE.toml —— 把统计工作簿转成数据文件 / a workbook as a data file
`)
	out := fs.String("o", "", "数据文件（.toml）/ the data file to write")
	files, status, ok := a.files(fs, args)
	if !ok {
		return status
	}
	if len(files) != 1 || *out == "" || !workbook.IsWorkbook(files[0]) {
		fs.Usage()
		return exitUsage
	}
	r, err := pipeline.Load(files[0])
	if err != nil {
		a.errorf(err)
		return statusOf(err)
	}
	r = model.Completed(r) // the totals the workbook computes with formulas are written out, as the report prints them
	src := datafile.Encode(r, []string{"由 nianbao import 从 " + files[0] + " 转成 / imported from " + files[0]}, nil)
	return a.writeNew(*out, func(w io.Writer) error { _, err := io.WriteString(w, src); return err })
}
