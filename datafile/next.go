package datafile

import (
	"nianbao/input"
	"nianbao/internal/lazy"
	"nianbao/model"
	"strconv"
)

// Revise is the line nianbao init --from puts above each part of last year's narrative: a
// placeholder (rule R13) until the clerk has brought the text up to date and removed it.
const Revise = "（以下为上年内容，请修改后删除本行）"

// NextYear starts next year's report from last year's (nianbao init --from): the organ, its
// names, kind and signature; the narrative, each part marked to revise (R13 reports the mark
// until it is removed) with the opening's statistical period moved on a year; the year and a
// date one year on; the 2021 format from 2021; empty tables except 二、上年结转, which is last
// year's 四、结转下年度继续办理 (rule R8), and table 二's stocks (carryStock, rule R16); and prev,
// last year's file relative to the new one.
func NextYear(last *model.Report, prev string) *model.Report {
	last = model.Completed(last)
	r := &model.Report{Format: last.Format, Year: last.Year + 1, Organ: last.Organ, Short: last.Short, Kind: last.Kind,
		Signature: last.Signature, Prev: prev, Text: map[string][]model.Para{}, Locs: map[string]input.Location{}}
	if r.Year >= 2021 {
		r.Format = model.FormatByID("2021")
	}
	if last.Title != last.DefaultTitle() {
		r.Title = yearRE().ReplaceAllStringFunc(last.Title, func(y string) string {
			if n, _ := strconv.Atoi(y[:4]); n == last.Year {
				return strconv.Itoa(r.Year) + "年"
			}
			return y
		})
	}
	if last.Date.Y != 0 {
		r.Date = model.Date{Y: last.Date.Y + 1, M: last.Date.M, D: last.Date.D}
		if r.Date.M == 2 && r.Date.D == 29 {
			r.Date.D = 28
		}
	}
	for key, ps := range last.Text {
		if len(ps) == 0 {
			continue
		}
		out := []model.Para{{Text: Revise}}
		for _, p := range ps {
			if key == model.TextOpening {
				p.Text = model.MovePeriod(p.Text, last.Year, r.Year)
			}
			out = append(out, p)
		}
		r.Text[key] = out
	}
	for i, def := range r.Format.Tables {
		r.Tables[i] = model.Table{Def: def, Values: make([][]model.Value, len(def.Data))}
		for k := range def.Data {
			r.Tables[i].Values[k] = make([]model.Value, len(def.Data[k].Kinds))
		}
	}
	t, lt := &r.Tables[1], &last.Tables[1]
	i, _ := t.Def.Row("carried_over")
	j, _ := lt.Def.Row("carried_forward")
	for c := range t.Values[i] {
		t.Values[i][c] = model.Value{N: lt.Values[j][c].Num(), Set: true}
	}
	carryStock(r, last)
	return r
}

// carryStock starts table 二's stocks where last year's ended (rule R16): 现行有效件数 is last
// year's (nothing made or repealed yet), and in the 2019 format 上一年项目数量 is last year's
// 上一年项目数量 + 本年增/减. Not across the change of format (2020 → 2021): the 2019 format has
// no 现行有效件数.
func carryStock(r, last *model.Report) {
	if r.Format.ID != last.Format.ID {
		return
	}
	t, lt := &r.Tables[0], &last.Tables[0]
	for i, rd := range t.Def.Data {
		j, _ := lt.Def.Row(rd.Key)
		if j < 0 || len(rd.Cols) < 2 || len(lt.Values[j]) != len(rd.Cols) {
			continue
		}
		lv := lt.Values[j]
		switch {
		case len(rd.Cols) == 3 && rd.Cols[2] == "现行有效件数" && !lv[2].NA && !lv[2].Bad:
			t.Values[i][2] = model.Value{N: lv[2].Num(), Set: true}
		case rd.Cols[0] == "上一年项目数量" && rd.Cols[1] == "本年增/减" && !lv[0].Bad && !lv[1].Bad && !lv[0].NA:
			t.Values[i][0] = model.Value{N: lv[0].Num() + lv[1].Num(), Set: true}
		}
	}
}

var yearRE = lazy.Regexp(`\d{4}年`)
