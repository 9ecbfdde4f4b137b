package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao/pipeline"

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
	if r.Date.Y == 0 {
		// no date printed: nothing is invented; the line says what to fill in (check names it too)
		src = strings.Replace(src, "\n[text]\n", "# date = ？  没有找到成文日期，请填写 / no date found: fill it in\n\n[text]\n", 1)
	} else if _, err := datafile.Decode(*out, []byte(src), nil); err != nil {
		a.errorf(err) // never write a data file that does not read back
		return exitUsage, true
	}
	return a.writeNew(*out, func(w io.Writer) error { _, err := io.WriteString(w, src); return err }), true
}

// publishedIn lists, for check, the published reports in the folders named that hold no data
// file, workbook or sidecar (a reviewer's folder of downloaded reports); a folder of data files
// is checked as before.
func publishedIn(args []string) []string {
	var out []string
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() || len(sumInputs([]string{p})) > 0 {
			continue
		}
		out = append(out, expandExt([]string{p}, ".pdf", ".docx", ".ofd", ".html", ".htm", ".doc", ".wps")...)
	}
	return out
}

// publishedLine prints one line for a published report checked: its organ and year as read and
// its tally, so that a folder of reports reads as a list.
func (a *app) publishedLine(u pipeline.Unit, asJSON bool) {
	if asJSON || !published.Is(u.File) || u.Report == nil {
		return
	}
	r := u.Report
	fmt.Fprintln(a.stderr, a.t("%s：%s %d 年（%s 格式）—— %d 处错误、%d 处警告", "%s: %s %d (format %s) — %d error(s), %d warning(s)",
		u.File, r.Organ, r.Year, r.Format.ID, u.Errors, u.Warnings))
}
