package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"nianbao/datafile"
	"nianbao/published"
	"nianbao/workbook"
)

// importPublished reads a published report (PDF, Word, HTML, OFD, text) into a data file or a
// workbook, and prints the import report. ok is false when the arguments name no published
// file: the workbook import handles them.
func (a *app) importPublished(args []string) (status int, ok bool) {
	hasPublished := false
	for _, x := range args {
		if !strings.HasPrefix(x, "-") && published.Is(x) {
			hasPublished = true
		}
	}
	if !hasPublished {
		return 0, false
	}
	fs := a.flags("import", `nianbao import 已发布的报告.pdf -o 数据.toml —— 把已发布的年报读回数据文件 / a published report as a data file

可读 .pdf .docx .html/.htm .ofd .txt；.doc 和 .wps 需要安装 LibreOffice。-o 为 .xlsx 时写统计工作簿。
表格按位置逐格读取，读不出的格子留空并列出；机关类型和简称由名称推断，请核对。
Reads .pdf .docx .html .ofd .txt (.doc/.wps through LibreOffice); -o FILE.xlsx writes a workbook.
Every cell is read by position; a cell that cannot be read is left blank and listed.
`)
	out := fs.String("o", "", "数据文件（.toml）或工作簿（.xlsx）/ the data file or workbook to write")
	quiet := fs.Bool("q", false, "只列出不确定和没找到的内容 / list only what is uncertain or missing")
	files, status, fine := a.files(fs, args)
	if !fine {
		return status, true
	}
	if len(files) != 1 || *out == "" {
		fs.Usage()
		return exitUsage, true
	}
	res, err := published.Read(files[0])
	if err != nil {
		a.errorf(err)
		return exitUsage, true
	}
	r := res.Report
	r.File = *out
	tally := [3]int{}
	for _, n := range res.Notes {
		tally[n.Severity]++
		if *quiet && n.Severity == published.Found {
			continue
		}
		mark := []string{"  ", "？", "✗ "}[n.Severity]
		where := n.Where
		if where != "" {
			where += "："
		}
		fmt.Fprintf(a.stdout, "%s%s%s\n", mark, where, n.What.In(a.lang))
	}
	fmt.Fprintln(a.stdout, a.t("读到 %d 个表格数字；%d 处需核对，%d 处没找到", "%d table values read; %d to review, %d not found", len(res.Cells), tally[published.Uncertain], tally[published.Missing]))
	if isXLSX(*out) {
		return a.writeNew(*out, func(w io.Writer) error { return workbook.Write(w, r) }), true
	}
	header := []string{
		"由 nianbao import 从 " + filepath.Base(files[0]) + " 读出 / read from a published report",
		fmt.Sprintf("表格数字 %d 个；需核对 %d 处，没找到 %d 处（kind 与 short_name 为推断）/ values read, to review, not found", len(res.Cells), tally[published.Uncertain], tally[published.Missing]),
	}
	src := datafile.Encode(r, header, nil)
	if _, err := datafile.Decode(*out, []byte(src), nil); err != nil {
		a.errorf(err) // never write a data file that does not read back
		return exitUsage, true
	}
	return a.writeNew(*out, func(w io.Writer) error { _, err := io.WriteString(w, src); return err }), true
}
