package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"nianbao/datafile"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/workbook"
)

// init writes a data template, or next year's file from last year's (nianbao init).
func (a *app) init(args []string) int {
	fs := a.flags("init", `nianbao init [-o FILE] —— 输出完整的数据模板 / print a complete data template

模板中每个键都有中文注释和对应的官方标签，数字为 0；待填写的地方写着“某某”“（在此填写）”，填好之前检查会报 R13。
Every key is commented with its official label, numbers are 0; the placeholders (某某, （在此填写）) are
reported by rule R13 until they are filled in.
`)
	out := fs.String("o", "", "写入文件（默认输出到屏幕）/ write to a file (default: standard output)")
	format := fs.String("format", "2021", "格式：2021 或 2019（试行）/ format: 2021 or 2019 (trial)")
	xlsxOut := fs.String("xlsx", "", "写成统计工作簿（.xlsx），同 -o 某某.xlsx / write the template as a workbook")
	year := fs.Int("year", datafile.ReportingYear(time.Now()), "年度（默认：1—6 月为上一年，7—12 月为当年）/ the reporting year (default: last year in January–June, else this year)")
	from := fs.String("from", "", "从去年的数据文件开始：沿用机关、署名和正文（标记待修改），年度加一，填好“上年结转”，设置 prev / start from last year's data file")
	if _, err := fs.parse(args); err != nil {
		return usageStatus(err)
	}
	f := model.FormatByID(*format)
	if f == nil {
		fmt.Fprintln(a.stderr, a.t("未知的格式“%s”（可选 2021、2019）", "unknown format %q (2021 or 2019)", *format))
		return exitUsage
	}
	tpl := datafile.Template(f, *year)
	if *xlsxOut != "" {
		*out = *xlsxOut
	}
	xlsx := *out != "" && isXLSX(*out)
	if *from != "" {
		last, err := pipeline.Load(*from)
		if err != nil {
			a.errorf(err)
			return statusOf(err)
		}
		dir := "."
		if *out != "" {
			dir = filepath.Dir(*out)
		}
		prev, err := filepath.Rel(dir, *from)
		if err != nil {
			prev = *from
		}
		tpl = datafile.Encode(datafile.NextYear(last, filepath.ToSlash(prev)), []string{
			fmt.Sprintf("由 nianbao init --from %s 生成：机关、署名和正文沿用 %d 年度（每部分第一行提示修改，改好后删除），表格已清零，“上年结转”取自上年的“结转下年度继续办理”", *from, last.Year),
			fmt.Sprintf("made by nianbao init --from %s: organ, signature and narrative carried from %d (each part marked to revise), tables zeroed, 上年结转 from last year's 结转下年度", *from, last.Year)}, nil)
	}
	if *out == "" {
		fmt.Fprint(a.stdout, tpl)
		return exitOK
	}
	if xlsx { // the template (or next year's file) as a workbook: nianbao init -o 某某乡2024.xlsx
		r, err := datafile.Decode(*out, []byte(tpl), nil)
		if r == nil {
			a.errorf(err)
			return exitUsage
		}
		return a.writeNew(*out, func(w io.Writer) error { return workbook.Write(w, r) })
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintln(a.stderr, a.t("%s 已存在，不会覆盖", "%s exists; not overwritten", *out))
		return exitUsage
	}
	if err := pipeline.WriteAtomic(*out, func(w io.Writer) error { _, err := io.WriteString(w, tpl); return err }); err != nil {
		a.errorf(err)
		return exitUsage
	}
	fmt.Fprintln(a.stdout, *out)
	return exitOK
}
