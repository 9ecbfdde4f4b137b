package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/workbook"
)

// export writes a data file as a statistics workbook.
func (a *app) export(args []string) int {
	fs := a.flags("export", `nianbao export FILE.toml -o FILE.xlsx —— 把数据文件转成统计工作簿 / a data file as a workbook

工作簿各表按报告中的样子排好（标签、合并单元格、边框），只有要填的格子可以编辑并有数值校验；
“总计”和“（七）总计”是公式，表三下方一行用 ✓/✗ 显示勾稽关系。用 nianbao import 可以原样转回。
The tables laid out as in the report; input cells validated; totals as formulas; ✓/✗ for the 勾稽关系.
`)
	out := fs.String("o", "", "工作簿文件（.xlsx）/ the workbook to write")
	files, status, ok := a.files(fs, args)
	if !ok {
		return status
	}
	if len(files) != 1 || *out == "" {
		fs.Usage()
		return exitUsage
	}
	r, err := pipeline.Load(files[0])
	if err != nil {
		a.errorf(err)
		return statusOf(err)
	}
	return a.writeNew(*out, func(w io.Writer) error { return workbook.Write(w, r) })
}

// importWorkbook writes a workbook as a data file.
func (a *app) importWorkbook(args []string) int {
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
	src := model.Encode(r, []string{"由 nianbao import 从 " + files[0] + " 转成 / imported from " + files[0]}, nil)
	return a.writeNew(*out, func(w io.Writer) error { _, err := io.WriteString(w, src); return err })
}

// writeNew writes a file that must not exist yet, atomically.
func (a *app) writeNew(path string, write func(io.Writer) error) int {
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintln(a.stderr, a.t("%s 已存在，不会覆盖", "%s exists; not overwritten", path))
		return exitUsage
	}
	if err := pipeline.WriteAtomic(path, write); err != nil {
		a.errorf(err)
		return exitUsage
	}
	fmt.Fprintln(a.stdout, path)
	return exitOK
}

// isXLSX reports whether an output name is a workbook's.
func isXLSX(p string) bool { return strings.EqualFold(p[max(0, len(p)-5):], ".xlsx") }
