package main

import (
	"fmt"
	"sort"
	"strings"

	"nianbao/fonts"
	"nianbao/model"
	"nianbao/pipeline"
)

// fonts lists the font of each role and the coverage of a report's characters (nianbao fonts).
func (a *app) fonts(args []string) int {
	fs := a.flags("fonts", `nianbao fonts [FILE] —— 各类文字使用的字体 / the font each role uses

列出每类文字（标题、正文、一级标题、二级标题、页码、表格）实际使用的字体文件，以及它是标准字体还是内置替代字体；
给出数据文件时，再列出报告中用到的字符由哪个字体提供、哪些字符没有字体。
For each role: the font file used and whether it is the official face or a stand-in; with FILE, which of
the report's characters each font covers.
`)
	licenses := fs.Bool("licenses", false, "输出内置字体的许可证 / print the embedded fonts' licences")
	setup, _ := a.fontFlags(fs)
	files, err := fs.parse(args)
	if err != nil {
		return usageStatus(err)
	}
	if *licenses {
		lic := fonts.Licenses()
		names := make([]string, 0, len(lic))
		for n := range lic {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(a.stdout, "==== %s ====\n%s\n", n, lic[n])
		}
		return exitOK
	}
	_, set, err := setup()
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	roleLabel := [fonts.NumRoles]string{"标题 title", "正文 body", "一级标题 h1", "二级标题 h2", "页码 pageno", "表格 table"}
	for r := fonts.Role(0); r < fonts.NumRoles; r++ {
		f := set.Primary(r)
		kind := a.t("指定的字体", "the font you chose")
		switch {
		case strings.HasPrefix(f.Source, "embedded:"):
			kind = a.t("内置替代字体", "embedded stand-in")
		case f.Official:
			kind = a.t("本机的标准字体", "official face found here")
		}
		fmt.Fprintf(a.stdout, "%-14s %s (%s) — %s\n", roleLabel[r], f.Family, f.Source, kind)
	}
	if len(files) == 0 {
		return exitOK
	}
	r, err := pipeline.Load(files[0])
	if err != nil {
		a.errorf(err)
		return statusOf(err)
	}
	cov := set.Coverage(fonts.Body, reportText(r))
	fmt.Fprintln(a.stdout, a.t("\n报告用到 %d 个不同字符（正文字体链）：", "\nThe report uses %d distinct characters (body chain):", cov.Distinct))
	for _, fc := range cov.Faces {
		fmt.Fprintf(a.stdout, "  %s: %d %s\n", fc.Face.Family, len(fc.Chars), sample(fc.Chars, fc.Face != set.Primary(fonts.Body)))
	}
	for _, c := range cov.Missing {
		fmt.Fprintln(a.stdout, a.t("  没有字体包含：%c (U+%04X)", "  no font has: %c (U+%04X)", c, c))
	}
	if len(cov.Missing) > 0 {
		return exitData
	}
	return exitOK
}

// sample lists the characters a fallback face supplies (at most 40); nothing for the primary face.
func sample(cs []rune, show bool) string {
	if !show {
		return ""
	}
	if len(cs) > 40 {
		return string(cs[:40]) + "…"
	}
	return string(cs)
}

// reportText is all the text of a report, for the coverage listing.
func reportText(r *model.Report) string {
	var b strings.Builder
	b.WriteString(r.Title + r.Organ + r.Signature + r.Date.String())
	for _, ps := range r.Text {
		b.WriteString(model.Plain(ps))
	}
	for _, t := range r.Tables {
		for _, c := range t.Def.Cells {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}
