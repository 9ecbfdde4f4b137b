package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"nianbao/i18n"
	"nianbao/input"
)

// command is one row of the command table.
type command struct {
	name    string
	aliases []string    // other spellings that run it (--version); never suggested
	usage   []usageLine // its lines in the usage text; none for a command not listed there
	run     func(a *app, args []string) int
}

// usageLine is one line of the usage text: the synopsis after "nianbao ", and what it does.
type usageLine struct{ synopsis, zh, en string }

// commands is THE command table: the usage text, the "did you mean" suggestions and the dispatch
// in run are all made from it, in this order. To add a command, add one row here and put its
// method, (a *app) NAME(args []string) int, in a file of its own, NAME.go — nothing else.
// (A function rather than a variable: help's row refers back to the table.)
func commands() []command {
	return []command{
		{name: "init", run: (*app).init, usage: []usageLine{{"init [-o FILE] [--from 去年.toml]",
			"输出数据模板，或从去年的文件开始；-o 某某.xlsx 得到统计工作簿", "a template (.toml or .xlsx)"}}},
		{name: "check", run: (*app).check, usage: []usageLine{{"check FILE...",
			"检查数据：勾稽关系、总计、结构", "check the numbers and structure"}}},
		{name: "build", run: (*app).build, usage: []usageLine{{"build FILE|DIR... -o OUTDIR",
			"检查并生成 PDF 和 DOCX", "check and write PDF + DOCX"}}},
		{name: "sum", run: (*app).sum, usage: []usageLine{{"sum FILE|DIR... -o summary.toml",
			"汇总多份报告的表格", "sum the tables of many reports"}}},
		{name: "diff", run: (*app).diff, usage: []usageLine{{"diff LAST THIS",
			"逐格列出两份报告表格的变化", "every table cell that changed"}}},
		{name: "fonts", run: (*app).fonts, usage: []usageLine{
			{"fonts [FILE]", "各类文字使用的字体及覆盖情况", "fonts used per role and coverage"},
			{"fonts --licenses", "内置字体的许可证", "licences of the embedded fonts"}}},
		{name: "theme", run: (*app).theme, usage: []usageLine{{"theme",
			"输出默认版式主题（带注释）", "print the default theme"}}},
		{name: "preview", run: (*app).preview, usage: []usageLine{{"preview FILE",
			"浏览器中实时预览，保存即更新", "live preview in the browser"}}},
		{name: "watch", run: (*app).watch, usage: []usageLine{{"watch FILE -o OUTDIR",
			"保存时自动重新生成", "rebuild on every save"}}},
		{name: "export", run: (*app).export, usage: []usageLine{{"export FILE.toml -o FILE.xlsx",
			"转成统计工作簿（Excel/WPS）", "a data file as a workbook"}}},
		{name: "import", run: (*app).importWorkbook, usage: []usageLine{{"import FILE.xlsx -o FILE.toml",
			"工作簿转回数据文件", "a workbook as a data file"}, {"import 年报.pdf|docx|html|ofd -o FILE.toml",
			"读回已发布的年报，逐格读表", "a published report back as a data file"}}},
		{name: "site", run: (*app).site, usage: []usageLine{{"site 输出/ [去年/ …] -o 网站/",
			"各单位报告和历年主要数据的静态网站", "a static site of the reports and key figures"}}},
		{name: "serve", run: (*app).serve, usage: []usageLine{{"serve [--data DIR] [--addr HOST:PORT]",
			"网上填报：各单位填报、区县审核（内嵌数据库）", "the district's web application"}}},
		{name: "version", aliases: []string{"--version", "-version"}, run: (*app).version, usage: []usageLine{{"version",
			"版本、提交和日期", "version, commit and date"}}},
		{name: "help", aliases: []string{"-h", "--help", "-help"}, run: (*app).help},
	}
}

// lookup finds the command a name (or an alias) runs.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
		for _, al := range c.aliases {
			if al == name {
				return c, true
			}
		}
	}
	return command{}, false
}

// commandNames are the names of the table, for suggestions and the short listing.
func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// usage is the usage text, made from the command table.
func usage() string {
	var lines []usageLine
	for _, c := range commands() {
		lines = append(lines, c.usage...)
	}
	lines = append(lines, usageLine{"FILE.toml", "不写命令：在文件所在的文件夹生成（可把文件拖到 nianbao.exe 上）", "no command: build next to the file"})
	col := 0
	for _, l := range lines {
		col = max(col, width("nianbao "+l.synopsis))
	}
	var b strings.Builder
	b.WriteString("nianbao —— 政府信息公开工作年度报告生成工具\n(annual report on government information disclosure: check, PDF, DOCX)\n\n用法 / usage:\n")
	for _, l := range lines {
		s := "nianbao " + l.synopsis
		sep := " / "
		if strings.HasSuffix(l.zh, "）") {
			sep = "/ " // the fullwidth parenthesis has its own space
		}
		fmt.Fprintf(&b, "  %s%s  %s%s%s\n", s, strings.Repeat(" ", col-width(s)), l.zh, sep, l.en)
	}
	b.WriteString(`
全局选项 / global options:
  --lang zh|en` + strings.Repeat(" ", col-len("--lang zh|en")) + `  提示语言（默认中文）/ message language (default Chinese)

每个命令都有 --help / every command has --help.
退出状态 / exit status: 0 无错误或仅有警告 (clean or warnings), 1 数据有错误 (errors in the data), 2 用法或读写错误 (usage or I/O).
`)
	return b.String()
}

// width is the width of s in a terminal's columns: CJK characters and fullwidth forms take two.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 && r <= 0xFFEF || r >= 0x20000 {
			n++
		}
	}
	return n
}

func (a *app) help(args []string) int {
	fmt.Fprint(a.stdout, usage())
	return exitOK
}

func run(args []string, stdout, stderr io.Writer) int {
	a := &app{lang: i18n.FromEnv(), stdout: stdout, stderr: stderr}
	// --lang may stand anywhere; take it out first.
	var rest []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--lang" || args[i] == "-lang":
			if i+1 < len(args) {
				a.lang = i18n.Parse(args[i+1])
				i++
			}
		case strings.HasPrefix(args[i], "--lang="):
			a.lang = i18n.Parse(strings.TrimPrefix(args[i], "--lang="))
		default:
			rest = append(rest, args[i])
		}
	}
	if len(rest) == 0 {
		fmt.Fprint(stderr, usage())
		a.pause() // double-clicked in Explorer: keep the window open to read
		return exitUsage
	}
	if dropped(rest) {
		return a.dropped(rest)
	}
	if c, ok := lookup(rest[0]); ok {
		return c.run(a, rest[1:])
	}
	return a.unknown(rest)
}

// unknown answers a first argument that is neither a command nor data files to build: a data
// file named without its extension (nianbao 青山乡2026) is found beside it and built; otherwise
// one short line names the nearest command, or lists them all — never the whole usage.
func (a *app) unknown(args []string) int {
	name := args[0]
	if isData(name) {
		for _, f := range args {
			if !isData(f) || !regular(f) {
				fmt.Fprintln(a.stderr, a.t("找不到文件“%s”（不写命令时，每个参数都应是已有的 .toml 或 .xlsx 文件）",
					"%s: no such file (with no command, every argument must be an existing .toml or .xlsx file)", f))
				return exitUsage
			}
		}
	}
	var found []string
	for _, ext := range []string{".toml", ".xlsx"} {
		if !isData(name) && regular(name+ext) {
			found = append(found, name+ext)
		}
	}
	switch {
	case len(found) == 1 && len(args) == 1:
		fmt.Fprintln(a.stderr, a.t("“%s”不是命令；找到了 %s，就生成它", "%q is not a command; found %s, building it", name, found[0]))
		return a.dropped(found)
	case len(found) == 1:
		fmt.Fprintln(a.stderr, a.t("“%s”不是命令。要生成 %s，请用 nianbao build %s -o 输出文件夹", "%q is not a command. To build %s: nianbao build %s -o OUTDIR", name, found[0], found[0]))
		return exitUsage
	case len(found) > 1:
		fmt.Fprintln(a.stderr, a.t("“%s”不是命令；%s 和 %s 都存在，请写出要用的那一个，如 nianbao %s", "%q is not a command; both %s and %s exist: name the one you mean, e.g. nianbao %s", name, found[0], found[1], found[0]))
		return exitUsage
	}
	if c := input.Closest(name, commandNames()); c != "" {
		fmt.Fprintln(a.stderr, a.t("未知命令“%s”，是否应为“%s”？（nianbao help 查看全部命令）", "unknown command %q; did you mean %q? (nianbao help lists them)", name, c))
		return exitUsage
	}
	fmt.Fprintln(a.stderr, a.t("未知命令“%s”。命令有：%s（nianbao help 查看用法）", "unknown command %q. The commands: %s (nianbao help shows the usage)", name, strings.Join(commandNames(), " ")))
	return exitUsage
}

// isData reports whether a name has a data file's extension.
func isData(name string) bool {
	ext := filepath.Ext(name)
	return strings.EqualFold(ext, ".toml") || strings.EqualFold(ext, ".xlsx")
}

// regular reports whether a file exists and is not a folder.
func regular(name string) bool {
	st, err := os.Stat(name)
	return err == nil && !st.IsDir()
}
