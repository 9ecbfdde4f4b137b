package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"nianbao/check"
	"nianbao/i18n"
	"nianbao/model"
	"nianbao/pipeline"
)

// diff lists the table cells that differ between two reports, or between the units of two
// folders (nianbao diff).
func (a *app) diff(args []string) int {
	fs := a.flags("diff", `nianbao diff LAST THIS —— 逐格比较两份报告的表格 / compare the tables of two reports
nianbao diff 去年/ 今年/ —— 逐个单位比较两个文件夹 / compare two folders unit by unit

列出每个数值不同的格子：官方标签、上一份的值 → 这一份的值，以及增减和百分比（+3，+25.0%）。两个文件夹按机关名称
（不是文件名）配对，另列只在一边的单位。两份报告的机关不同时不比较（确需比较请加 --force）。--json 在标准输出给出
机器可读的结果。
Lists every table cell whose value differs (official labels, LAST → THIS, the change and its percentage).
Two folders are paired unit by unit by organ name, not file name; units found on one side only are listed.
Reports of two different organs are refused unless --force. --json prints machine-readable results.
`)
	force := fs.Bool("force", false, "机关不同也比较 / compare reports of different organs")
	asJSON := fs.Bool("json", false, "以 JSON 输出结果（标准输出）/ print the changes as JSON on standard output")
	files, err := fs.parse(args)
	if err != nil {
		return usageStatus(err)
	}
	if len(files) != 2 {
		fs.Usage()
		return exitUsage
	}
	dirs := 0
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.IsDir() {
			dirs++
		}
	}
	var res diffResult
	status := exitOK
	switch dirs {
	case 0:
		var rs [2]*model.Report
		for i, f := range files {
			if rs[i], err = pipeline.LoadAny(f); err != nil {
				a.errorf(err)
				return statusOf(err)
			}
		}
		if !sameOrgan(rs[0], rs[1]) && !*force {
			fmt.Fprintln(a.stderr, a.t("%s 是“%s”的报告，%s 是“%s”的：不是同一单位，不比较（确需比较请加 --force）",
				"%s is %s's report and %s is %s's: not the same unit, not compared (use --force to compare anyway)", files[0], rs[0].Organ, files[1], rs[1].Organ))
			return exitUsage
		}
		p, err := pairOf(rs[0], rs[1])
		if err != nil {
			a.errorf(err)
			return exitData
		}
		res.Pairs = append(res.Pairs, p)
	case 2:
		var sides [2]map[string]*model.Report
		var order [2][]string
		for i, dir := range files {
			sides[i], order[i], status = a.folderUnits(dir, status)
		}
		for _, organ := range order[1] {
			last, ok := sides[0][organ]
			if !ok {
				res.OnlyThis = append(res.OnlyThis, sides[1][organ].File)
				continue
			}
			p, err := pairOf(last, sides[1][organ])
			if err != nil {
				a.errorf(err)
				status = max(status, exitData)
				continue
			}
			res.Pairs = append(res.Pairs, p)
		}
		for _, organ := range order[0] {
			if _, ok := sides[1][organ]; !ok {
				res.OnlyLast = append(res.OnlyLast, sides[0][organ].File)
			}
		}
	default:
		fmt.Fprintln(a.stderr, a.t("diff 比较两个文件或两个文件夹，不能一个文件一个文件夹", "diff compares two files or two folders, not a file with a folder"))
		return exitUsage
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(res)
		return status
	}
	n := 0
	for _, p := range res.Pairs {
		if dirs == 2 {
			fmt.Fprintln(a.stdout, a.t("== %s（%s → %s）：%d 处不同", "== %s (%s → %s): %d cells differ", p.Organ, p.Last, p.This, len(p.Changes)))
		}
		for _, c := range p.changes {
			fmt.Fprintln(a.stdout, c.String())
		}
		n += len(p.Changes)
	}
	if len(res.OnlyLast) > 0 {
		fmt.Fprintln(a.stdout, a.t("只在 %s 中：%s", "only in %s: %s", files[0], strings.Join(res.OnlyLast, "、")))
	}
	if len(res.OnlyThis) > 0 {
		fmt.Fprintln(a.stdout, a.t("只在 %s 中：%s", "only in %s: %s", files[1], strings.Join(res.OnlyThis, "、")))
	}
	if dirs == 2 {
		fmt.Fprintln(a.stderr, a.t("%d 个单位配对，%d 处不同；只在一边的 %d 个", "%d units paired, %d cells differ; %d on one side only", len(res.Pairs), n, len(res.OnlyLast)+len(res.OnlyThis)))
	} else {
		fmt.Fprintln(a.stderr, a.t("%d 处不同", "%d cells differ", n))
	}
	return status
}

// folderUnits reads the reports of a folder (data files, workbooks, sidecars) keyed by organ, in
// file order. A unit given by several files (its data file and its sidecar) is read from the
// first: .toml before .xlsx before .json. Files that are no report are skipped with a note;
// unreadable ones are named and raise the status.
func (a *app) folderUnits(dir string, status int) (map[string]*model.Report, []string, int) {
	units := map[string]*model.Report{}
	var order []string
	for _, in := range sumInputs([]string{dir}) {
		if s := pipeline.StrayOf(in.Path); s != nil {
			fmt.Fprintln(a.stderr, s.In(a.lang))
			continue
		}
		r, err := pipeline.LoadAny(in.Path)
		if err != nil {
			a.errorf(err)
			status = max(status, statusOf(err))
			continue
		}
		organ := strings.TrimSpace(r.Organ)
		if _, ok := units[organ]; !ok {
			units[organ] = r
			order = append(order, organ)
		}
	}
	return units, order, status
}

// sameOrgan reports whether two reports are of one unit: the same full name, or the same short
// name (a renamed organ keeps it).
func sameOrgan(a, b *model.Report) bool {
	return strings.TrimSpace(a.Organ) == strings.TrimSpace(b.Organ) || a.Short != "" && strings.TrimSpace(a.Short) == strings.TrimSpace(b.Short)
}

// diffResult is what diff --json prints.
type diffResult struct {
	Pairs    []diffPair `json:"pairs"`
	OnlyLast []string   `json:"only_last"`
	OnlyThis []string   `json:"only_this"`
}

// diffPair is one unit's two reports and their changes.
type diffPair struct {
	Organ    string       `json:"organ"`
	Last     string       `json:"last"`
	This     string       `json:"this"`
	LastYear int          `json:"last_year"`
	ThisYear int          `json:"this_year"`
	Changes  []diffChange `json:"changes"`
	changes  []check.Change
}

// diffChange is one cell's change: numbers as they print ("/" for not applicable), the delta and
// the percentage when both sides are numbers (and the last is not 0).
type diffChange struct {
	Table   string   `json:"table"`
	Row     string   `json:"row"`
	Column  string   `json:"column"`
	Label   string   `json:"label"`
	Last    string   `json:"last"`
	This    string   `json:"this"`
	Delta   string   `json:"delta,omitempty"`
	Percent *float64 `json:"percent,omitempty"`
	Zh      string   `json:"zh"`
}

func pairOf(last, this *model.Report) (diffPair, error) {
	cs, err := check.CellChanges(last, this)
	if err != nil {
		return diffPair{}, &i18n.Error{Text: i18n.Text{Zh: this.File + "：" + i18n.Message(err, i18n.Zh), En: this.File + ": " + i18n.Message(err, i18n.En)}, Err: err}
	}
	p := diffPair{Organ: this.Organ, Last: last.File, This: this.File, LastYear: last.Year, ThisYear: this.Year, Changes: []diffChange{}, changes: cs}
	for _, c := range cs {
		k := c.Kind()
		j := diffChange{Table: c.Table.Key, Row: c.Row.Key, Column: c.Row.Cols[c.Col], Label: c.Label(), Last: c.Last.Format(k), This: c.This.Format(k), Zh: c.String()}
		if d, ok := c.Delta(); ok {
			j.Delta = fmt.Sprint(d)
			if k == model.Money {
				j.Delta = model.FormatMoney(d, max(c.Last.Places, c.This.Places))
			}
		}
		if pc, ok := c.Percent(); ok {
			pc = float64(int64(pc*10+copySign(0.5, pc))) / 10
			j.Percent = &pc
		}
		p.Changes = append(p.Changes, j)
	}
	return p, nil
}

func copySign(x, y float64) float64 {
	if y < 0 {
		return -x
	}
	return x
}
