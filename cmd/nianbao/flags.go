package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"nianbao/check"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/pipeline"
	"nianbao/theme"
)

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
var flagErrorRE = sync.OnceValue(func() *regexp.Regexp { // compiled when a flag is wrong, not at start-up
	return regexp.MustCompile(`^(flag provided but not defined|flag needs an argument|invalid (?:boolean )?value "(.*)" for (?:flag )?|bad flag syntax)[: ]*-*([^:]*)`)
})

// flagError says what is wrong with a flag, in both languages, with the nearest flag's name for
// a mistyped one.
func (fs *flagSet) flagError(err error) i18n.Text {
	cmd := "nianbao " + fs.Name()
	m := flagErrorRE().FindStringSubmatch(err.Error())
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
		o := pipeline.CheckOptions{Prev: *prev, R8: check.Error, R8On: true}
		switch *r8 {
		case "error":
		case "warning":
			o.R8 = check.Warning
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

// fontFlags collects repeated --font role=PATH.
type fontFlags map[fonts.Role]string

func (f fontFlags) String() string { return "" }
func (f fontFlags) Set(v string) error {
	role, path, ok := strings.Cut(v, "=")
	r, known := fonts.RoleByName(role)
	if !ok || !known {
		return fmt.Errorf("--font ROLE=PATH, ROLE ∈ %s", strings.Join(fonts.RoleNames(), ", "))
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
	fs.Var(ff, "font", "指定字体文件 ROLE=PATH（ROLE："+strings.Join(fonts.RoleNames(), " ")+"）/ font file for a role")
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
		if p := th.FontFile(r.Name()); p != "" {
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

// formatFlag adds --formats to a command; the returned function sets the output formats of the
// options from it. This is the one place the list is read.
func formatFlag(fs *flagSet) func(*pipeline.Options) error {
	formats := fs.String("formats", "pdf,docx", "生成哪些格式，逗号分隔：pdf、docx、ofd、svg、html、html-fragment（另外总会写 .json）/ formats to write: pdf, docx, ofd, svg, html, html-fragment (the .json always)")
	return func(o *pipeline.Options) error {
		o.PDF, o.DOCX, o.OFD, o.SVG, o.HTML, o.HTMLFragment = false, false, false, false, false, false
		for _, f := range strings.Split(*formats, ",") {
			switch strings.ToLower(strings.TrimSpace(f)) {
			case "pdf":
				o.PDF = true
			case "docx":
				o.DOCX = true
			case "ofd":
				o.OFD = true
			case "svg": // the pages as one SVG file
				o.SVG = true
			case "html": // the web page (html package)
				o.HTML = true
			case "html-fragment": // the article alone, for a site's editor: NAME.fragment.html
				o.HTMLFragment = true
			default:
				return i18n.Errorf("--formats 只能是 pdf、docx、ofd、svg、html、html-fragment（用逗号分隔），不是“%s”", "--formats takes pdf, docx, ofd, svg, html and html-fragment (comma-separated), not %q", strings.TrimSpace(f))
			}
		}
		return nil
	}
}
