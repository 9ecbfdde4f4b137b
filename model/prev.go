package model

import (
	"errors"
	"fmt"
	"path/filepath"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
)

// PrevPath is the file of last year's report the data file names (key prev), relative to it;
// "" if none.
func (r *Report) PrevPath() string {
	if r.Prev == "" || filepath.IsAbs(r.Prev) {
		return r.Prev
	}
	return filepath.Join(filepath.Dir(r.File), r.Prev)
}

// LoadPrev loads the file the prev key names. The data file comes from someone else, so the key
// may only reach a file inside the folder that holds the data file's folder — "../2023/x.toml"
// beside it, or a file in its own folder — and no further (README, 文件的读取范围).
func (r *Report) LoadPrev() (*Report, error) {
	abs, err := filepath.Abs(filepath.Dir(r.File))
	if err != nil {
		return nil, ioError(r.File, err)
	}
	if filepath.IsAbs(r.Prev) || filepath.VolumeName(r.Prev) != "" {
		return nil, ioError(r.Prev, &safefile.Error{Path: r.Prev, Kind: safefile.Escapes})
	}
	root := filepath.Dir(abs)
	data, err := safefile.ReadIn(root, filepath.Join(filepath.Base(abs), r.Prev), safefile.DataLimit)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) && se.Kind == safefile.Escapes {
			return nil, &input.Error{File: r.File, Line: r.Line("prev"), Msg: i18n.F(
				"“prev”（上年度数据文件）“%s”超出了允许的范围：只能是本文件夹或上一级文件夹中的文件（需要别处的文件请用 --prev）",
				"\"prev\" %q is out of bounds: it may name a file in this folder or beside it (use --prev for one elsewhere)", r.Prev)}
		}
		return nil, ioError(r.PrevPath(), err)
	}
	return Decode(r.PrevPath(), data, folderReader(r.PrevPath()))
}

// CheckPrev is rule R8: this year's 二、上年结转政府信息公开申请数量 equals last year's
// 四、结转下年度继续办理, column by column (official-format.md §7.7). sev is Error by default;
// a district may lower it to Warning where last year's report is known to be wrong.
func CheckPrev(r, prev *Report, sev Severity) []Finding {
	var out []Finding
	if prev.Year != 0 && r.Year != 0 && prev.Year != r.Year-1 {
		out = append(out, Finding{Rule: "R8", Severity: sev, File: r.File, Line: r.Line("prev"), Where: prev.File,
			Msg: i18n.F("上年度文件是 %d 年的报告，本报告是 %d 年", "last year's file is the %d report, this one is %d", prev.Year, r.Year)})
		return out
	}
	r, prev = Completed(r), Completed(prev)
	t, pt := &r.Tables[1], &prev.Tables[1]
	i, rd := t.Def.Row("carried_over")
	j, _ := pt.Def.Row("carried_forward")
	for c := range rd.Cols {
		this, last := t.Values[i][c].num(), pt.Values[j][c].num()
		if this != last {
			out = append(out, Finding{Rule: "R8", Severity: sev, File: r.File, Line: r.Line("table3.carried_over"),
				Where: fmt.Sprintf("表三「二、上年结转政府信息公开申请数量」「%s」", rd.Cols[c]),
				Msg: i18n.F("应等于上年度报告（%s）的「四、结转下年度继续办理」%d，实际为 %d", "should equal last year's 「四、结转下年度继续办理」 (%s), %d; is %d",
					prev.File, last, this)})
		}
	}
	return out
}

// Changes lists every table cell that differs between two reports of the same format, for
// `nianbao diff`: the official labels and both values.
func Changes(last, this *Report) ([]string, error) {
	if last.Format != this.Format {
		return nil, i18n.Errorf("两份报告的格式不同（%s 与 %s），无法逐格比较", "the reports are in different formats (%s and %s)", last.Format.ID, this.Format.ID)
	}
	last, this = Completed(last), Completed(this)
	var out []string
	for ti := range this.Tables {
		t, lt := &this.Tables[ti], &last.Tables[ti]
		for i := range t.Def.Data {
			rd := &t.Def.Data[i]
			for c, v := range t.Values[i] {
				if lv := lt.Values[i][c]; lv.N != v.N || lv.NA != v.NA {
					out = append(out, fmt.Sprintf("%s：%s → %s", TableLabel(t.Def, rd, c), lv.Format(rd.Kinds[c]), v.Format(rd.Kinds[c])))
				}
			}
		}
	}
	return out, nil
}
