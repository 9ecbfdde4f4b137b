package datafile

import (
	"fmt"
	"nianbao/model"
	"sort"
	"strings"
)

// Encode writes r as a data file: header comment lines, the organ's keys, [text] (files named by
// textFiles, or a placeholder), and every table with its values, each key commented with its
// official label. Encode of a report decodes to the same values (TestEncodeRoundTrip); a total
// the report leaves to be computed (a workbook's formula, a 总计 left out) is written as its
// computed value (model.Completed), never as the 0 of a value not given.
func Encode(r *model.Report, header []string, textFiles map[string]string) string {
	r = model.Completed(r)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	for _, h := range header {
		w("# %s\n", h)
	}
	w("\nformat = %q  # 年报格式：%s\n", r.Format.ID, r.Format.Name)
	w("year = %d\norgan = %q\nshort_name = %q\nkind = %q  # 可选 / one of: %s\n", r.Year, r.Organ, r.Short, r.Kind, strings.Join(model.OrganKinds(), "、"))
	if r.Title != "" && r.Title != r.DefaultTitle() {
		w("title = %q\n", r.Title)
	}
	if r.Date.Y != 0 {
		w("date = %04d-%02d-%02d  # 成文日期\n", r.Date.Y, r.Date.M, r.Date.D)
	}
	if r.Signature != "" && r.Signature != r.Organ {
		w("signature = %q\n", r.Signature)
	}
	if r.Prev != "" {
		w("prev = %q  # 上年度数据文件，用于核对“上年结转”（规则 R8）/ last year's file\n", r.Prev)
	}
	if r.Summary != nil {
		w("# 本文件是 nianbao sum 汇总的结果，不能再作为汇总的输入 / a summary: nianbao sum refuses it as input\nsummary = [")
		for i, u := range r.Summary {
			if i > 0 {
				w(", ")
			}
			w("%q", u)
		}
		w("]\n")
	}
	w("\n[text]\n")
	for _, tk := range model.TextKeys() {
		label := model.TextLabel(r.Format, tk.Key, tk.Section)
		switch {
		case textFiles[tk.Key] != "":
			w("%s_file = %q  # %s\n", tk.Key, textFiles[tk.Key], label)
		case len(r.Text[tk.Key]) > 0:
			w("%s = \"\"\"\n%s\"\"\"\n", tk.Key, paraText(r.Text[tk.Key]))
		}
	}
	for _, t := range r.Tables {
		w("\n# ==== %s ====\n", tableTitle(r.Format, t.Def))
		uniform := t.Def.ID != "二"
		if uniform {
			w("# 每行的列 / columns of every row: %s（总计可省略，自动计算；填了则核对 / 总计 may be left out）\n", strings.Join(t.Def.Data[0].Cols, "、"))
		}
		w("[%s]\n", t.Def.Key)
		// TOML needs a table's plain keys before its sub-tables, and each sub-table once.
		var order []string
		bySection := map[string][]int{}
		for i, rd := range t.Def.Data {
			sec := ""
			if j := strings.LastIndexByte(rd.Key, '.'); j >= 0 {
				sec = rd.Key[:j]
			}
			if _, ok := bySection[sec]; !ok {
				order = append(order, sec)
			}
			bySection[sec] = append(bySection[sec], i)
		}
		sort.SliceStable(order, func(i, j int) bool { return order[i] == "" && order[j] != "" })
		for _, sec := range order {
			rows := bySection[sec]
			if sec != "" {
				w("\n[%s.%s]  # %s\n", t.Def.Key, sec, strings.Join(t.Def.Data[rows[0]].Groups, " › "))
			}
			for _, i := range rows {
				w("%s\n", encodeRow(t.Def, &t.Def.Data[i], t.Values[i], uniform))
			}
		}
	}
	return b.String()
}

// paraText writes paragraphs back as a TOML multi-line string's text.
func paraText(ps []model.Para) string { return strings.ReplaceAll(model.TextOf(ps), `"""`, `""\"`) }

// encodeRow is one commented key of a table.
func encodeRow(t *model.TableDef, rd *model.RowDef, vals []model.Value, uniform bool) string {
	key := rd.Key[strings.LastIndexByte(rd.Key, '.')+1:]
	cells := make([]string, len(rd.Kinds))
	for i, k := range rd.Kinds {
		v := model.Value{}
		if i < len(vals) {
			v = vals[i]
		}
		cells[i] = v.Format(k)
		if v.NA {
			cells[i] = `"/"`
		} else if v.Blank {
			cells[i] = `""` // printed blank or 无: kept blank, not made 0 (published.Read)
		}
	}
	val := "[" + strings.Join(cells, ", ") + "]"
	if len(cells) == 1 {
		val = cells[0]
	}
	label := rd.Label
	if len(rd.Groups) > 0 && t.ID != "三" {
		label = rd.Groups[0] + " " + rd.Label
	}
	switch {
	case rd.SumOf != "":
		label += " —— 整行可省略，自动计算 / may be left out: computed"
	case !uniform:
		label += " —— 列 / columns: " + strings.Join(rd.Cols, "、")
	}
	return fmt.Sprintf("%s = %s  # %s", key, val, label)
}
