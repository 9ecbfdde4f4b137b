package main

import (
	"io"

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
