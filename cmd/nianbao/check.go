package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"nianbao/check"
	"nianbao/i18n"
	"nianbao/pipeline"
)

// check lists every finding of each file (nianbao check).
func (a *app) check(args []string) int {
	fs := a.flags("check", `nianbao check FILE|DIR... —— 检查年报数据文件 / check report data files

一次列出每份文件的全部问题，按行号排列：“文件:行号: 错误/警告 [规则 名称] 官方标签：应为与实为”，最后一行是合计。
给出文件夹时只列出有问题的文件，最后汇总。--json 在标准输出给出机器可读的结果。
Lists every finding of each file in one pass, sorted by line, then a tally; for a folder, only the files
with findings. --json prints machine-readable findings on standard output.

规则 / rules:
`+check.RuleHelp())
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
			if fd.Severity == check.Error {
				nErr++
			} else {
				nWarn++
			}
		}
		if len(res.Findings) > 0 {
			withFindings++
		}
		if check.HasErrors(res.Findings) {
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

func toJSON(f check.Finding) jsonFinding {
	j := jsonFinding{File: f.File, Line: f.Line, Rule: f.Rule, Severity: "warning", Labels: f.Where,
		Expected: f.Expected, Actual: f.Actual, Zh: f.Msg.Zh, En: f.Msg.En}
	if f.Severity == check.Error {
		j.Severity = "error"
	}
	if r := check.RuleByID(f.Rule); r != nil {
		j.Name = r.Name.Zh
	}
	return j
}
