package model

import (
	"slices"
	"strings"
)

// Complete fills the totals the data file left out: each row's 总计 column and whole sum rows,
// as the report prints them (pipeline.Write), sums them and exports them. Check verifies the
// totals that were given, against a completed copy.
func Complete(r *Report) {
	for ti := range r.Tables {
		t := &r.Tables[ti]
		for i := range t.Def.Data {
			if sum := t.Def.Data[i].SumOf; sum != "" {
				for c := range t.Values[i] {
					if !t.Values[i][c].Set {
						t.Values[i][c].N = t.ColumnSum(sum, c)
						t.Values[i][c].Bad = t.ColumnBad(sum, c)
					}
				}
			}
		}
		for i := range t.Def.Data {
			rd := &t.Def.Data[i]
			if rd.Total >= 0 && !t.Values[i][rd.Total].Set {
				t.Values[i][rd.Total].N = RowSum(t.Values[i], rd.Total)
				t.Values[i][rd.Total].Bad = slices.ContainsFunc(t.Values[i], func(v Value) bool { return v.Bad })
			}
		}
	}
}

// Completed is a copy of r with its totals completed (Complete); r is not changed.
func Completed(r *Report) *Report {
	cp := *r // the tables are an array: copied; their rows are cloned below
	for i, t := range r.Tables {
		cp.Tables[i].Values = make([][]Value, len(t.Values))
		for j, row := range t.Values {
			cp.Tables[i].Values[j] = slices.Clone(row)
		}
	}
	Complete(&cp)
	return &cp
}

// ColumnSum adds column c over the rows whose key starts with prefix (the sum row itself excluded).
func (t *Table) ColumnSum(prefix string, c int) int64 {
	var s int64
	for i, rd := range t.Def.Data {
		if strings.HasPrefix(rd.Key, prefix) && rd.SumOf == "" {
			s += t.Values[i][c].Num()
		}
	}
	return s
}

// ColumnBad reports whether a cell of column c that ColumnSum adds could not be read.
func (t *Table) ColumnBad(prefix string, c int) bool {
	for i, rd := range t.Def.Data {
		if strings.HasPrefix(rd.Key, prefix) && rd.SumOf == "" && t.Values[i][c].Bad {
			return true
		}
	}
	return false
}

// RowSum adds a row's cells except its total column.
func RowSum(vs []Value, total int) int64 {
	var s int64
	for c, v := range vs {
		if c != total {
			s += v.Num()
		}
	}
	return s
}

// Num is the value as sums count it: "/" counts as 0.
func (v Value) Num() int64 {
	if v.NA {
		return 0
	}
	return v.N
}
