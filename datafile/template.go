package datafile

import (
	"fmt"
	"nianbao/model"
	"strings"
	"time"
)

// Template returns a complete data file for format f: every key, each commented in Chinese with
// its official label, all numbers 0, and placeholders (某某, （在此填写）) that rule R13 reports
// until they are filled in. It is generated from the format
// definition, so it always matches it.
//
// year is the reporting year the template is for (ReportingYear); the 2019 trial format's is at
// most 2020, its last year.
func Template(f *model.Format, year int) string {
	if f.ID == "2019" {
		year = min(year, 2020)
	}
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w(`# 政府信息公开工作年度报告 数据文件（nianbao）
# Data file of an annual report on government information disclosure.
#
# 填写说明 / how to fill in:
#   - 文字用英文双引号括起来；多段文字用三个双引号 """ … """，段与段之间空一行。
#     Text goes in "double quotes"; long text in """ … """, paragraphs separated by a blank line.
#   - 以（一）、1.、（1）开头的行是二、三、四级标题；不想当标题时在行首加反斜杠 \。
#     Lines starting with （一）, 1., （1） are sub-headings; start a line with \ to keep it plain text.
#   - 表格数字按注释中的列顺序填写；“总计”一列可以省略（自动计算），填了则会核对。
#     Numbers go in the column order given; the 总计 column may be left out (computed) or given (checked).
#   - 不适用的格子写 "/"（与 0 不同）。/ Write "/" for a cell that does not apply (not the same as 0).
#   - 检查：nianbao check 本文件；生成：nianbao build 本文件 -o 输出文件夹
#     Check: nianbao check FILE; build: nianbao build FILE -o OUTDIR

format = "%s"            # 年报格式：2021 = 国办公开办函〔2021〕30号（2021 年度起）；2019 = 国办公开办函〔2019〕60号（试行，2019、2020 年度）
year = %d                # 报告年度 / report year
organ = "某某乡人民政府"     # 机关全称（用于标题、署名）/ full name of the organ
short_name = "某某乡"       # 简称（用于汇总表和文件名）/ short name
kind = "乡镇"               # 机关类型 / kind of organ: %s
# title = ""               # 标题（默认：机关全称＋年度＋“年政府信息公开工作年度报告”）/ title override
date = %d-01-20          # 成文日期 / date of the report
# signature = ""           # 署名（默认为机关全称）/ signature (default: the organ)
# prev = "../%d/某某乡.toml"  # 上年度数据文件，用于核对“上年结转”/ last year's file (rule R8)

[text]
# 开头段落（可选）/ opening paragraph (optional)
opening = """
根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（%s）要求，编制本报告。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。
"""

# 一、总体情况（必填；可改用 overview_file = "总体情况.txt"）/ section 一 (required)
overview = """
（一）主动公开。（在此填写）

（二）依申请公开。（在此填写）

（三）政府信息管理。（在此填写）

（四）政府信息公开平台建设。（在此填写）

（五）监督保障。（在此填写）
"""

# active = ""          # 二、表格前的说明（可选）/ optional words above table 二
# applications = ""    # 三、表格前的说明（可选）/ optional words above table 三
# appeals = ""         # 四、表格前的说明（可选）/ optional words above table 四

# 五、存在的主要问题及改进情况（必填）/ section 五 (required)
problems = """
（在此填写存在的主要问题及改进情况）
"""

# 六、其他需要报告的事项（必填；应说明信息处理费收取情况）/ section 六 (required; state the fee)
other = """
本年度未收取信息处理费。
"""
`, f.ID, year, strings.Join(model.OrganKinds(), "、"), year+1, year-1, f.Name, year, year)
	// the tables, from an all-zero report
	r := &model.Report{Format: f}
	for i, def := range f.Tables {
		r.Tables[i] = model.Table{Def: def, Values: make([][]model.Value, len(def.Data))}
		for k := range def.Data {
			r.Tables[i].Values[k] = make([]model.Value, len(def.Data[k].Kinds))
		}
	}
	enc := Encode(r, nil, nil)
	b.WriteString(enc[strings.Index(enc, "\n# ===="):])
	return b.String()
}

func tableTitle(f *model.Format, t *model.TableDef) string {
	for i, x := range f.Tables {
		if x == t {
			return f.Sections[i+1]
		}
	}
	return t.ID
}

// ReportingYear is the year a report written on a given day is for: in January to June the year
// before (reports on a year are due by 31 January of the next, corrections come later), from July
// on the current year (a template made early).
func ReportingYear(now time.Time) int {
	if now.Month() <= time.June {
		return now.Year() - 1
	}
	return now.Year()
}
