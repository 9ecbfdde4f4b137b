// Command nianbao makes a Chinese government organ's annual report on government information
// disclosure (政府信息公开工作年度报告) from one TOML data file: it checks the numbers and writes a
// print-ready PDF and an editable DOCX. This file only parses the command line; the work is in
// the build package and the pipeline packages it drives.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/model"
	"nianbao/pipeline"
	"nianbao/theme"
	"nianbao/workbook"
)

// Exit statuses: 0 clean or warnings only, 1 errors in the data, 2 usage or I/O.
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// app carries the global settings through a command.
type app struct {
	lang           i18n.Lang
	stdout, stderr io.Writer
	warned         map[*fonts.Face]bool // faces already warned about (warnRestricted)
}

func (a *app) t(zh, en string, args ...any) string { return i18n.F(zh, en, args...).In(a.lang) }

func (a *app) errorf(err error) { fmt.Fprintln(a.stderr, i18n.Message(err, a.lang)) }

const usage = `nianbao —— 政府信息公开工作年度报告生成工具
(annual report on government information disclosure: check, PDF, DOCX)

用法 / usage:
  nianbao init [-o FILE] [--from 去年.toml]  输出数据模板，或从去年的文件开始；-o 某某.xlsx 得到统计工作簿 / a template (.toml or .xlsx)
  nianbao check FILE...                     检查数据：勾稽关系、总计、结构 / check the numbers and structure
  nianbao build FILE|DIR... -o OUTDIR       检查并生成 PDF 和 DOCX / check and write PDF + DOCX
  nianbao sum FILE|DIR... -o summary.toml   汇总多份报告的表格 / sum the tables of many reports
  nianbao diff LAST THIS                    逐格列出两份报告表格的变化 / every table cell that changed
  nianbao fonts [FILE]                      各类文字使用的字体及覆盖情况 / fonts used per role and coverage
  nianbao fonts --licenses                  内置字体的许可证 / licences of the embedded fonts
  nianbao theme                             输出默认版式主题（带注释）/ print the default theme
  nianbao preview FILE                      浏览器中实时预览，保存即更新 / live preview in the browser
  nianbao watch FILE -o OUTDIR              保存时自动重新生成 / rebuild on every save
  nianbao export FILE.toml -o FILE.xlsx     转成统计工作簿（Excel/WPS）/ a data file as a workbook
  nianbao import FILE.xlsx -o FILE.toml     工作簿转回数据文件 / a workbook as a data file
  nianbao version                           版本、提交和日期 / version, commit and date
  nianbao FILE.toml                         不写命令：在文件所在的文件夹生成（可把文件拖到 nianbao.exe 上）/ no command: build next to the file

全局选项 / global options:
  --lang zh|en                              提示语言（默认中文）/ message language (default Chinese)

每个命令都有 --help / every command has --help.
退出状态 / exit status: 0 无错误或仅有警告 (clean or warnings), 1 数据有错误 (errors in the data), 2 用法或读写错误 (usage or I/O).
`

// commands are the command names, for suggestions.
var commands = []string{"check", "build", "init", "fonts", "theme", "sum", "diff", "export", "import", "preview", "watch", "version", "help"}

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
		fmt.Fprint(stderr, usage)
		a.pause() // double-clicked in Explorer: keep the window open to read
		return exitUsage
	}
	cmd, cargs := rest[0], rest[1:]
	if dropped(rest) {
		return a.dropped(rest)
	}
	switch cmd {
	case "check":
		return a.check(cargs)
	case "build":
		return a.build(cargs)
	case "init":
		return a.init(cargs)
	case "fonts":
		return a.fonts(cargs)
	case "theme":
		return a.theme(cargs)
	case "sum":
		return a.sum(cargs)
	case "diff":
		return a.diff(cargs)
	case "preview":
		return a.preview(cargs)
	case "watch":
		return a.watch(cargs)
	case "export":
		return a.export(cargs)
	case "import":
		return a.importWorkbook(cargs)
	case "version", "--version", "-version":
		return a.version(cargs)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if c := input.Closest(cmd, commands); c != "" {
		fmt.Fprintln(stderr, a.t("未知命令“%s”，是否应为“%s”？（nianbao help 查看全部命令）", "unknown command %q; did you mean %q? (nianbao help lists them)", cmd, c))
		return exitUsage
	}
	fmt.Fprintf(stderr, "%s\n\n%s", a.t("未知命令“%s”", "unknown command %q", cmd), usage)
	return exitUsage
}

// dropped reports whether the arguments are data files and no command: what a file dragged onto
// nianbao.exe (or opened with it) gives.
func dropped(args []string) bool {
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || st.IsDir() || !strings.EqualFold(filepath.Ext(a), ".toml") && !strings.EqualFold(filepath.Ext(a), ".xlsx") {
			return false
		}
	}
	return true
}

// dropped builds each file next to itself and says where; on Windows, where the console window
// of a dragged file closes when the program ends, it waits for Enter first.
func (a *app) dropped(files []string) int {
	status := exitOK
	for _, f := range files {
		dir := filepath.Dir(f)
		fmt.Fprintln(a.stderr, a.t("生成 %s，输出到它所在的文件夹 %s", "building %s into its own folder, %s", f, dir))
		status = max(status, a.build([]string{f, "-o", dir}))
	}
	a.pause()
	return status
}

// pause waits for Enter on Windows, where a console window opened by a double click or a drag
// closes the moment the program ends.
func (a *app) pause() {
	if st, err := os.Stdin.Stat(); runtime.GOOS == "windows" && err == nil && st.Mode()&os.ModeCharDevice != 0 {
		fmt.Fprint(a.stderr, a.t("\n按回车键关闭窗口……", "\nPress Enter to close this window…"))
		bufio.NewReader(os.Stdin).ReadString('\n')
	}
}

// flagSet is a command's flags, with its bilingual help and bilingual flag errors.
type flagSet struct {
	*flag.FlagSet
	a    *app
	help string
}

// flags makes a flag set whose --help prints the command's bilingual help. The flag package's
// own messages (English only, followed by the whole help) are replaced by one line in the
// user's language with a suggestion for a mistyped flag.
func (a *app) flags(name, help string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), a: a, help: help}
	fs.SetOutput(io.Discard)
	fs.FlagSet.Usage = func() {}
	return fs
}

// Usage prints the command's help and its options.
func (fs *flagSet) Usage() {
	fmt.Fprint(fs.a.stderr, fs.help)
	fmt.Fprintln(fs.a.stderr, "\n选项 / options:")
	fs.SetOutput(fs.a.stderr)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// files parses a command's flags and returns its file arguments; ok is false when the command
// must stop with status (after --help, a bad flag, or no file).
func (a *app) files(fs *flagSet, args []string) (files []string, status int, ok bool) {
	files, err := fs.parse(args)
	if err != nil {
		return nil, usageStatus(err), false
	}
	if len(files) == 0 {
		fs.Usage()
		return nil, exitUsage, false
	}
	return files, exitOK, true
}

// errHelp: --help was asked for; the command printed its help and exits 0.
var errHelp = flag.ErrHelp

// parse parses flags that may stand before or after the file arguments. --help prints the help;
// a bad flag is said in the user's language.
func (fs *flagSet) parse(args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, errHelp) {
				fs.Usage()
				return nil, err
			}
			fmt.Fprintln(fs.a.stderr, fs.flagError(err).In(fs.a.lang))
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

// flagErrorRE reads the flag package's messages (Go's flag: "flag provided but not defined: -x",
// "flag needs an argument: -o", "invalid value \"2x\" for flag -j: parse error", "bad flag syntax").
var flagErrorRE = regexp.MustCompile(`^(flag provided but not defined|flag needs an argument|invalid (?:boolean )?value "(.*)" for (?:flag )?|bad flag syntax)[: ]*-*([^:]*)`)

// flagError says what is wrong with a flag, in both languages, with the nearest flag's name for
// a mistyped one.
func (fs *flagSet) flagError(err error) i18n.Text {
	cmd := "nianbao " + fs.Name()
	m := flagErrorRE.FindStringSubmatch(err.Error())
	if m == nil {
		return i18n.F("%s：%v（nianbao %s --help 查看用法）", "%s: %v (see nianbao %s --help)", cmd, err, fs.Name())
	}
	name := dash(m[3])
	switch {
	case strings.HasPrefix(m[1], "flag provided"):
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := input.Closest(m[3], names); s != "" {
			s = dash(s)
			return i18n.F("%s：未知的选项 %s，是否应为 %s？", "%s: unknown flag %s; did you mean %s?", cmd, name, s)
		}
		return i18n.F("%s：未知的选项 %s（%s --help 查看全部选项）", "%s: unknown flag %s (see %s --help)", cmd, name, cmd)
	case strings.HasPrefix(m[1], "flag needs"):
		return i18n.F("%s：选项 %s 后面需要一个值", "%s: flag %s needs a value", cmd, name)
	case strings.HasPrefix(m[1], "invalid"):
		why := strings.TrimLeft(err.Error()[len(m[0]):], ": ")
		if why == "parse error" || why == "value out of range" {
			why = ""
		}
		if why != "" {
			why = "（" + why + "）"
		}
		return i18n.F("%s：选项 %s 的值“%s”无效%s", "%s: %q is not a valid value for %s%s", cmd, name, m[2], why)
	}
	return i18n.F("%s：选项写法有误：%s", "%s: malformed flag: %s", cmd, err.Error())
}

// dash writes a flag as it is typed: -o, --force.
func dash(name string) string {
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

func (a *app) check(args []string) int {
	fs := a.flags("check", `nianbao check FILE|DIR... —— 检查年报数据文件 / check report data files

一次列出每份文件的全部问题，按行号排列：“文件:行号: 错误/警告 [规则 名称] 官方标签：应为与实为”，最后一行是合计。
给出文件夹时只列出有问题的文件，最后汇总。--json 在标准输出给出机器可读的结果。
Lists every finding of each file in one pass, sorted by line, then a tally; for a folder, only the files
with findings. --json prints machine-readable findings on standard output.

规则 / rules:
`+model.RuleHelp())
	co := checkFlags(fs)
	asJSON := fs.Bool("json", false, "以 JSON 输出结果（标准输出）/ print the findings as JSON on standard output")
	files, opt, status, ok := a.checkedFiles(fs, args, co)
	if !ok {
		return status
	}
	list := expand(files)
	folder := len(list) > 1 || slices.ContainsFunc(files, func(f string) bool { st, err := os.Stat(f); return err == nil && st.IsDir() })
	var out []jsonFinding
	nErr, nWarn, withFindings := 0, 0, 0
	for _, f := range list {
		res := pipeline.Check(f, opt)
		if res.Err != nil {
			a.errorf(res.Err)
			status = max(status, statusOf(res.Err))
			nErr++
			withFindings++
			out = append(out, jsonFinding{File: f, Rule: "IO", Severity: "error", Zh: i18n.Message(res.Err, i18n.Zh), En: i18n.Message(res.Err, i18n.En)})
			continue
		}
		for _, fd := range res.Findings {
			if !*asJSON {
				fmt.Fprintln(a.stderr, fd.In(a.lang))
			}
			out = append(out, toJSON(fd))
			if fd.Severity == model.Error {
				nErr++
			} else {
				nWarn++
			}
		}
		if len(res.Findings) > 0 {
			withFindings++
		}
		if model.HasErrors(res.Findings) {
			status = max(status, exitData)
		} else if len(res.Findings) == 0 && !folder && !*asJSON {
			fmt.Fprintln(a.stderr, a.t("%s：检查通过", "%s: ok", f))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if out == nil {
			out = []jsonFinding{}
		}
		enc.Encode(out)
		return status
	}
	if folder {
		fmt.Fprintln(a.stderr, a.t("共检查 %d 份：%d 份通过，%d 份有问题", "%d files checked: %d clean, %d with findings", len(list), len(list)-withFindings, withFindings))
	}
	fmt.Fprintln(a.stderr, a.t("共 %d 处错误、%d 处警告", "%d error(s), %d warning(s)", nErr, nWarn))
	return status
}

// jsonFinding is one finding as check --json prints it.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Rule     string `json:"rule"`
	Name     string `json:"name,omitempty"`
	Severity string `json:"severity"`
	Labels   string `json:"labels,omitempty"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	Zh       string `json:"zh"`
	En       string `json:"en"`
}

func toJSON(f model.Finding) jsonFinding {
	j := jsonFinding{File: f.File, Line: f.Line, Rule: f.Rule, Severity: "warning", Labels: f.Where,
		Expected: f.Expected, Actual: f.Actual, Zh: f.Msg.Zh, En: f.Msg.En}
	if f.Severity == model.Error {
		j.Severity = "error"
	}
	if r := model.RuleByID(f.Rule); r != nil {
		j.Name = r.Name.Zh
	}
	return j
}

// usageStatus: 0 after --help, 2 for a bad flag.
func usageStatus(err error) int {
	if errors.Is(err, errHelp) {
		return exitOK
	}
	return exitUsage
}

// checkFlags adds --prev and --r8 to a command; the returned function reads them.
func checkFlags(fs *flagSet) func() (pipeline.CheckOptions, error) {
	prev := fs.String("prev", "", "上年度数据文件，或上年度的文件夹（取同名文件），用于核对“上年结转”（规则 R8；也可在数据文件中写 prev）/ last year's data file or folder (rule R8)")
	r8 := fs.String("r8", "error", "规则 R8 的级别：error、warning 或 off / severity of rule R8")
	return func() (pipeline.CheckOptions, error) {
		o := pipeline.CheckOptions{Prev: *prev, R8: model.Error, R8On: true}
		switch *r8 {
		case "error":
		case "warning":
			o.R8 = model.Warning
		case "off":
			o.R8On = false
		default:
			return o, i18n.Errorf("--r8 只能是 error、warning 或 off", "--r8 must be error, warning or off")
		}
		return o, nil
	}
}

// checkedFiles parses the arguments of a command with checkFlags: the files it names and the check
// options, or the exit status when either is unusable (the message is written).
func (a *app) checkedFiles(fs *flagSet, args []string, co func() (pipeline.CheckOptions, error)) ([]string, pipeline.CheckOptions, int, bool) {
	files, status, ok := a.files(fs, args)
	if !ok {
		return nil, pipeline.CheckOptions{}, status, false
	}
	opt, err := co()
	if err != nil {
		a.errorf(err)
		return nil, opt, exitUsage, false
	}
	return files, opt, status, true
}

// statusOf maps an error to an exit status, the same in every command: what is wrong inside a
// data file (its syntax, keys, values, numbers, characters no font has) is 1; a file that cannot
// be read or written, a bad flag, theme or font is 2.
func statusOf(err error) int {
	var ie *input.Error
	var ies input.Errors
	var fe *pipeline.ErrFindings
	var me fonts.MissingError
	switch {
	case errors.As(err, &ie):
		if ie.IO {
			return exitUsage
		}
		return exitData
	case errors.As(err, &ies), errors.As(err, &fe), errors.As(err, &me):
		return exitData
	}
	return exitUsage
}

// expand replaces folders by the *.toml files in them (sorted, not recursive).
func expand(args []string) []string { return expandExt(args, ".toml", ".xlsx") }

// fontFlags collects repeated --font role=PATH.
type fontFlags map[fonts.Role]string

func (f fontFlags) String() string { return "" }
func (f fontFlags) Set(v string) error {
	role, path, ok := strings.Cut(v, "=")
	r, known := fonts.RoleByName(role)
	if !ok || !known {
		return fmt.Errorf("--font ROLE=PATH, ROLE ∈ %s", strings.Join(fonts.RoleNames[:], ", "))
	}
	f[r] = path
	return nil
}

// fontFlags adds --theme, --font and --no-system-fonts to a command; the returned function loads
// the theme and resolves the fonts.
func (a *app) fontFlags(fs *flagSet) (setup func() (*theme.Theme, *fonts.Set, error), themePath *string) {
	themePath = fs.String("theme", "", "版式主题文件（见 nianbao theme）/ theme file (see nianbao theme)")
	noSystem := fs.Bool("no-system-fonts", false, "只用内置字体，不查找本机字体 / use only the embedded fonts")
	ff := fontFlags{}
	fs.Var(ff, "font", "指定字体文件 ROLE=PATH（ROLE：title body h1 h2 pageno table）/ font file for a role")
	return func() (*theme.Theme, *fonts.Set, error) { return a.setup(*themePath, ff, *noSystem) }, themePath
}

// setup loads the theme and resolves the fonts: --font beats the theme, which beats discovery.
func (a *app) setup(themePath string, ff fontFlags, noSystem bool) (*theme.Theme, *fonts.Set, error) {
	th := theme.New()
	if themePath != "" {
		var err error
		if th, err = theme.Load(themePath); err != nil {
			return nil, nil, err
		}
	}
	files := map[fonts.Role]string{}
	for r := fonts.Role(0); r < fonts.NumRoles; r++ {
		if p := th.FontFile(fonts.RoleNames[r]); p != "" {
			files[r] = p
		}
	}
	for r, p := range ff {
		files[r] = p
	}
	set, err := fonts.Resolve(fonts.Options{Files: files, NoSystem: noSystem})
	if err != nil {
		return nil, nil, err
	}
	a.warnRestricted(set)
	return th, set, nil
}

// warnRestricted warns once about each face of the set whose licence forbids embedding (OS/2
// fsType). It runs again after a build: extension faces load only when a character needs them.
func (a *app) warnRestricted(set *fonts.Set) {
	for _, f := range set.Faces() {
		if f.Restricted && !a.warned[f] {
			if a.warned == nil {
				a.warned = map[*fonts.Face]bool{}
			}
			a.warned[f] = true
			fmt.Fprintln(a.stderr, a.t("警告：字体 %s 的授权声明不允许嵌入（OS/2 fsType），请确认有权在 PDF 中使用它",
				"warning: font %s declares that it may not be embedded (OS/2 fsType); make sure you may use it in a PDF", f.Source))
		}
	}
}

func (a *app) build(args []string) int {
	fs := a.flags("build", `nianbao build FILE|DIR... -o OUTDIR —— 生成年报 PDF 和 DOCX / build the report PDF and DOCX

先检查数据；有错误时不生成（除非 --force）。输出文件名取自机关名称和年度。
Checks first; errors stop the build unless --force. Output names come from the organ and year.
`)
	out := fs.String("o", "out", "输出文件夹 / output folder")
	force := fs.Bool("force", false, "数据有错误也生成 / build despite errors in the data")
	jobs := fs.Int("j", runtime.NumCPU(), "同时生成的份数（默认每个 CPU 核一份）/ reports built at once")
	formats := fs.String("formats", "pdf,docx", "生成哪些格式，逗号分隔：pdf、docx、ofd（另外总会写 .json）/ formats to write: pdf, docx, ofd (the .json always)")
	shard := fs.String("shard", "", "只生成文件列表的第 i 份（共 n 份），如 2/8，供多台机器分工 / build only share i of n, e.g. 2/8")
	setup, _ := a.fontFlags(fs)
	co := checkFlags(fs)
	files, copt, status, ok := a.checkedFiles(fs, args, co)
	if !ok {
		return status
	}
	var sh [2]int
	if *shard != "" {
		var ok bool
		if sh, ok = parseShard(*shard); !ok {
			fmt.Fprintln(a.stderr, a.t("--shard 应写成 i/n，1 ≤ i ≤ n，如 2/8（实际为“%s”）", "--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/8 (not %q)", *shard))
			return exitUsage
		}
	}
	th, set, err := setup()
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	want := map[string]bool{}
	for _, f := range strings.Split(*formats, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f != "pdf" && f != "docx" && f != "ofd" {
			fmt.Fprintln(a.stderr, a.t("--formats 只能是 pdf、docx、ofd（用逗号分隔），不是“%s”", "--formats takes pdf, docx and ofd (comma-separated), not %q", f))
			return exitUsage
		}
		want[f] = true
	}
	b := &pipeline.Batch{Options: pipeline.Options{Theme: th, Fonts: set, Force: *force, PDF: want["pdf"], DOCX: want["docx"], OFD: want["ofd"], JSON: true, CheckOptions: copt},
		Jobs: *jobs, Shard: sh, Progress: a.stderr, Terminal: isTerminal(a.stderr), Lang: a.lang}
	list := expand(files)
	if len(list) == 0 {
		fmt.Fprintln(a.stderr, a.t("没有找到数据文件（.toml）", "no data files (.toml) found"))
		return exitUsage
	}
	if len(list) == 1 {
		b.Progress = nil // one report: its findings and outputs say it all
	}
	stop := onInterrupt(a)
	defer stop()
	res, err := b.Run(list, *out)
	a.warnRestricted(set)
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	for _, r := range res {
		for _, fd := range r.Findings {
			fmt.Fprintln(a.stderr, fd.In(a.lang))
		}
		var stopped *pipeline.ErrStopped
		if r.Err != nil && !errors.As(r.Err, &stopped) { // a full disk is said once, below
			a.errorf(r.Err)
			status = max(status, statusOf(r.Err))
		}
		for _, o := range r.Outputs {
			fmt.Fprintln(a.stdout, o)
		}
		if len(r.Removed) > 0 && len(res) == 1 {
			fmt.Fprintln(a.stderr, a.t("已删除上次生成的 %s（与现在的数据不符）", "removed the earlier %s (they no longer match the data)", strings.Join(r.Removed, "、")))
		}
	}
	if len(res) > 1 && pipeline.PrintResults(a.stderr, res, a.lang) > 0 {
		status = max(status, exitData) // in a batch, any failed report makes the run fail
	}
	if b.Stopped != nil {
		a.errorf(b.Stopped)
		status = exitUsage
	}
	return status
}

// parseShard reads "i/n" exactly (1 ≤ i ≤ n ≤ 100000): "2/2x", "2 /3" and "+1/2" are refused.
func parseShard(s string) ([2]int, bool) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || strings.ContainsAny(s, "+- ") || i < 1 || n < 1 || i > n || n > 100000 {
		return [2]int{}, false
	}
	return [2]int{i, n}, true
}

// onInterrupt makes SIGINT and SIGTERM (Ctrl-C, a stopped job) end the run cleanly: the
// temporaries being written are removed and the output folder's lock is released, so nothing
// half-written is left behind. The returned function stops listening.
func onInterrupt(a *app) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			pipeline.Interrupt()
			fmt.Fprintln(a.stderr, a.t("\n已中断：未完成的文件已删除", "\ninterrupted: unfinished files removed"))
			os.Exit(130)
		case <-done:
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// isTerminal reports whether w is a terminal that understands the escape sequences of the
// updating progress line (on Windows, a console where virtual-terminal processing could be
// switched on; the classic console without it gets plain lines).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && enableVT(f)
}

func (a *app) init(args []string) int {
	fs := a.flags("init", `nianbao init [-o FILE] —— 输出完整的数据模板 / print a complete data template

模板中每个键都有中文注释和对应的官方标签，数字为 0；待填写的地方写着“某某”“（在此填写）”，填好之前检查会报 R13。
Every key is commented with its official label, numbers are 0; the placeholders (某某, （在此填写）) are
reported by rule R13 until they are filled in.
`)
	out := fs.String("o", "", "写入文件（默认输出到屏幕）/ write to a file (default: standard output)")
	format := fs.String("format", "2021", "格式：2021 或 2019（试行）/ format: 2021 or 2019 (trial)")
	xlsxOut := fs.String("xlsx", "", "写成统计工作簿（.xlsx），同 -o 某某.xlsx / write the template as a workbook")
	from := fs.String("from", "", "从去年的数据文件开始：沿用机关、署名和正文（标记待修改），年度加一，填好“上年结转”，设置 prev / start from last year's data file")
	if _, err := fs.parse(args); err != nil {
		return usageStatus(err)
	}
	f := model.FormatByID(*format)
	if f == nil {
		fmt.Fprintln(a.stderr, a.t("未知的格式“%s”（可选 2021、2019）", "unknown format %q (2021 or 2019)", *format))
		return exitUsage
	}
	tpl := model.Template(f)
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
		tpl = model.Encode(model.NextYear(last, filepath.ToSlash(prev)), []string{
			fmt.Sprintf("由 nianbao init --from %s 生成：机关、署名和正文沿用 %d 年度（每部分第一行提示修改，改好后删除），表格已清零，“上年结转”取自上年的“结转下年度继续办理”", *from, last.Year),
			fmt.Sprintf("made by nianbao init --from %s: organ, signature and narrative carried from %d (each part marked to revise), tables zeroed, 上年结转 from last year's 结转下年度", *from, last.Year)}, nil)
	}
	if *out == "" {
		fmt.Fprint(a.stdout, tpl)
		return exitOK
	}
	if xlsx { // the template (or next year's file) as a workbook: nianbao init -o 某某乡2024.xlsx
		r, err := model.Decode(*out, []byte(tpl), nil)
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

func (a *app) theme(args []string) int {
	fs := a.flags("theme", `nianbao theme —— 输出默认版式主题（GB/T 9704-2012）/ print the default theme

复制后只保留要改的键，用 nianbao build --theme FILE 使用。
Copy it, keep the keys you change, and use it with nianbao build --theme FILE.
`)
	if _, err := fs.parse(args); err != nil {
		return usageStatus(err)
	}
	fmt.Fprint(a.stdout, theme.Default)
	return exitOK
}

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

func (a *app) sum(args []string) int {
	fs := a.flags("sum", `nianbao sum FILE|DIR... -o summary.toml —— 汇总 / district summary

把同一年度、同一格式的多份报告（数据文件 .toml，或 build 生成的 .json）的三张表逐格相加，写成一份新的数据文件，
汇总结果同样经过全部检查，可以像普通报告一样 build。机关名称、成文日期和正文从 --text 指定的文件取
（一个只含 organ、kind、date、title 和 [text] 的 TOML 文件）；没有时留待填写。
Adds up every table of the reports (data files or the .json sidecars of build) into one data file, checked
like any report and built like one; the organ, date and narrative come from the --text file.
`)
	out := fs.String("o", "", "汇总数据文件 / the summary data file to write")
	text := fs.String("text", "", "汇总报告的机关、日期和正文（TOML）/ organ, date and narrative of the summary (TOML)")
	units := fs.String("units", "", "应报单位名单（每行一个），列出缺报的单位 / expected units, one a line: lists the missing ones")
	xlsx := fs.String("xlsx", "", "另写一份汇总工作簿：每个单位一行、全部格子、合计行、缺报与名单外的单位 / also write the district workbook")
	files, status, ok := a.files(fs, args)
	if !ok {
		return status
	}
	if *out == "" {
		fs.Usage()
		return exitUsage
	}
	var expected []string
	if *units != "" {
		var err error
		if expected, err = pipeline.ReadLines(*units); err != nil {
			a.errorf(err)
			return exitUsage
		}
	}
	sum, errs := pipeline.Sum(expandExt(files, ".toml", ".xlsx", ".json"), expected, *text, *out)
	if errs != nil {
		status := exitOK
		for _, err := range errs {
			a.errorf(err)
			status = max(status, statusOf(err))
		}
		fmt.Fprintln(a.stderr, a.t("未汇总", "nothing summed"))
		return status
	}
	if len(sum.Missing) > 0 {
		fmt.Fprintln(a.stderr, a.t("缺报单位：%s", "units without a report: %s", strings.Join(sum.Missing, "、")))
	}
	if len(sum.Extra) > 0 {
		fmt.Fprintln(a.stderr, a.t("不在名单中的单位：%s", "units not on the list: %s", strings.Join(sum.Extra, "、")))
	}
	for _, f := range sum.Findings {
		fmt.Fprintln(a.stderr, f.In(a.lang))
	}
	if err := pipeline.WriteAtomic(*out, func(w io.Writer) error { _, err := io.WriteString(w, sum.Source); return err }); err != nil {
		a.errorf(err)
		return exitUsage
	}
	fmt.Fprintln(a.stdout, *out)
	if *xlsx != "" {
		if err := pipeline.WriteAtomic(*xlsx, func(w io.Writer) error {
			return workbook.WriteDistrict(w, sum.Units, sum.Total, sum.Missing, sum.Extra)
		}); err != nil {
			a.errorf(err)
			return exitUsage
		}
		fmt.Fprintln(a.stdout, *xlsx)
	}
	return exitOK
}

// expandExt replaces folders by the files in them with one of the extensions (sorted).
func expandExt(args []string, exts ...string) []string {
	var out []string
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, p)
			continue
		}
		for _, e := range exts {
			m, _ := filepath.Glob(filepath.Join(p, "*"+e))
			sort.Strings(m)
			out = append(out, m...)
		}
	}
	return out
}

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
	changes, err := model.Changes(rs[0], rs[1])
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
