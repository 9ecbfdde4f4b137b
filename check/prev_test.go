package check_test

import (
	"nianbao/check"
	"nianbao/datafile"
	"nianbao/model"
	"os"
	"strings"
	"testing"
)

// pairOf returns last year's report for r: the same report a year earlier, its 结转下年度
// equal to r's 上年结转 (so R8 holds) and table 二's rows set by set (key → values).
func pairOf(t *testing.T, src string, set map[string][]int64) (*model.Report, *model.Report) {
	t.Helper()
	r := decode(t, src)
	prev := decode(t, src)
	prev.Year, prev.File = r.Year-1, "last.toml"
	i, _ := r.Tables[1].Def.Row("carried_over")
	j, _ := prev.Tables[1].Def.Row("carried_forward")
	for c := range prev.Tables[1].Values[j] {
		prev.Tables[1].Values[j][c] = model.Value{N: r.Tables[1].Values[i][c].Num(), Set: true}
	}
	for key, vs := range set {
		k, _ := prev.Tables[0].Def.Row(key)
		if k < 0 {
			t.Fatalf("no row %s", key)
		}
		for c, v := range vs {
			prev.Tables[0].Values[k][c] = model.Value{N: v, Set: true}
		}
	}
	return r, prev
}

// TestCarryActive is R16 in the 2021 format: base.toml has 规章 [0, 0, 0] and 行政规范性文件
// [2, 1, 15]; last year's 现行有效件数 0 and 14 agree (0 + 0 − 0 = 0, 14 + 2 − 1 = 15), 2 and 10
// give one warning per row naming both years' cells and values.
func TestCarryActive(t *testing.T) {
	src := base(t)
	r, prev := pairOf(t, src, map[string][]int64{"regulations": {0, 0, 0}, "normative_documents": {3, 0, 14}})
	if fs := check.CheckPrev(r, prev, check.Error); len(fs) != 0 {
		t.Errorf("findings on a pair that agrees: %v", fs)
	}
	r, prev = pairOf(t, src, map[string][]int64{"regulations": {1, 0, 2}, "normative_documents": {3, 0, 10}})
	fs := check.CheckPrev(r, prev, check.Error)
	if len(fs) != 2 {
		t.Fatalf("want 2 R16 warnings, got %v", fs)
	}
	for k, want := range []struct{ where, msg string }{
		{"› 规章」「现行有效件数」", "上年度（2022年，last.toml）「规章」「现行有效件数」2 ＋ 本年度（2023年）「本年制发件数」0 － 「本年废止件数」0 ＝ 2，本年度「现行有效件数」为 0"},
		{"› 行政规范性文件」「现行有效件数」", "上年度（2022年，last.toml）「行政规范性文件」「现行有效件数」10 ＋ 本年度（2023年）「本年制发件数」2 － 「本年废止件数」1 ＝ 11，本年度「现行有效件数」为 15"},
	} {
		f := fs[k]
		if f.Rule != "R16" || f.Severity != check.Warning || !strings.Contains(f.Where, want.where) || !strings.Contains(f.Msg.Zh, want.msg) ||
			!strings.Contains(f.Msg.Zh, "有效期届满") || !strings.Contains(f.Msg.En, "expire") {
			t.Errorf("finding %d: %s\nwant %s: %s", k, f, want.where, want.msg)
		}
		if f.Location.File != "r.toml" || f.Location.Line == 0 {
			t.Errorf("finding %d not located at this year's row: %+v", k, f.Location)
		}
	}
	if !strings.Contains(fs[1].Msg.En, "last year's (2022, last.toml) 「行政规范性文件」「现行有效件数」 10 + this year's (2023) 「本年制发件数」 2 − 「本年废止件数」 1 = 11; this year's 「现行有效件数」 is 15") {
		t.Errorf("in English: %s", fs[1].Msg.En)
	}
	if fs[1].Expected != "11" || fs[1].Actual != "15" {
		t.Errorf("expected/actual: %q %q", fs[1].Expected, fs[1].Actual)
	}
	// a cell that could not be read, or "/", is not compared
	r, prev = pairOf(t, src, map[string][]int64{"normative_documents": {3, 0, 10}})
	k, _ := prev.Tables[0].Def.Row("normative_documents")
	prev.Tables[0].Values[k][2] = model.Value{NA: true, Set: true}
	if fs := check.CheckPrev(r, prev, check.Error); len(fs) != 0 {
		t.Errorf("a \"/\" cell compared: %v", fs)
	}
	// R8 and R16 side by side: R8 first
	r, prev = pairOf(t, src, map[string][]int64{"normative_documents": {3, 0, 10}})
	j, _ := prev.Tables[1].Def.Row("carried_forward")
	prev.Tables[1].Values[j][0].N++
	if fs := check.CheckPrev(r, prev, check.Error); len(fs) != 2 || fs[0].Rule != "R8" || fs[1].Rule != "R16" {
		t.Errorf("R8 and R16: %v", fs)
	}
}

// TestCarryItems is R16 in the 2019 format (2019 → 2020): last year's 上一年项目数量 + 本年增/减 is
// this year's 上一年项目数量; 规章 and 规范性文件 have no 废止 column there and are not compared.
func TestCarryItems(t *testing.T) {
	b, err := os.ReadFile("../examples/qingshi-2020/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b) // licensing = [12, 3, 30], other_services = [5, -1, 8], punishment = [2, 1, 3], normative_documents = [1, 1, 14]
	r, err := datafile.Decode("r.toml", b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Format.ID != "2019" {
		t.Fatalf("qingshi-2020 is in format %s", r.Format.ID)
	}
	agree := map[string][]int64{"licensing": {10, 2, 25}, "other_services": {3, 2, 8}, "punishment": {2, 0, 1}, "coercion": {0, 0, 0},
		"fees": {1, 0}, "normative_documents": {7, 7, 99}}
	r, prev := pairOf(t, src, agree)
	if fs := check.CheckPrev(r, prev, check.Error); len(fs) != 0 {
		t.Errorf("findings on a 2019-format pair that agrees: %v", fs)
	}
	agree["other_services"] = []int64{3, 1, 8}
	r, prev = pairOf(t, src, agree)
	fs := check.CheckPrev(r, prev, check.Error)
	if len(fs) != 1 || fs[0].Rule != "R16" || !strings.Contains(fs[0].Where, "› 其他对外管理服务事项」「上一年项目数量」") ||
		!strings.Contains(fs[0].Msg.Zh, "上年度（2019年，last.toml）「其他对外管理服务事项」「上一年项目数量」3 ＋ 「本年增/减」1 ＝ 4，本年度（2020年）「上一年项目数量」为 5") {
		t.Errorf("a 2019-format pair that does not agree: %v", fs)
	}
	// the format changes from 2020 to 2021: nothing to compare in table 二
	next := decode(t, base(t))
	last, _ := pairOf(t, src, nil)
	last.Year = 2022 // the year rule is R8's; only the formats differ here
	if fs := check.CheckPrev(next, last, check.Error); hasRule(fs, "R16") {
		t.Errorf("R16 across formats: %v", fs)
	}
}

func hasRule(fs []check.Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// TestNextYearCarries: the file init --from starts (datafile.NextYear) agrees with last year's
// under R8 and R16 — 现行有效件数 and 2019's 上一年项目数量 start where last year's ended — and
// a 制发 entered without its 现行有效件数 is named.
func TestNextYearCarries(t *testing.T) {
	b, err := os.ReadFile("../examples/qingshi-2020/report.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{base(t), strings.NewReplacer("year = 2020", "year = 2019", "date = 2021-", "date = 2020-").Replace(string(b))} {
		last := decode(t, src)
		last.File = "last.toml"
		next := datafile.NextYear(last, "last.toml")
		if fs := check.CheckPrev(next, last, check.Error); len(fs) != 0 {
			t.Errorf("%d → %d: findings on the new year's file: %v", last.Year, next.Year, fs)
		}
		if next.Format.ID != "2021" {
			continue
		}
		i, _ := next.Tables[0].Def.Row("normative_documents")
		next.Tables[0].Values[i][0] = model.Value{N: 3, Set: true}
		if fs := check.CheckPrev(next, last, check.Error); len(fs) != 1 || fs[0].Rule != "R16" {
			t.Errorf("3 made, 现行有效件数 left: %v", fs)
		}
	}
}
