package check

import (
	"fmt"

	"nianbao/i18n"
	"nianbao/model"
)

// Change is one table cell whose value differs between two reports (nianbao diff).
type Change struct {
	Table      *model.TableDef
	Row        *model.RowDef
	Col        int
	Last, This model.Value
}

// Label is the cell's official labels: 表三「一、本年新收政府信息公开申请数量」「自然人」.
func (c Change) Label() string { return model.TableLabel(c.Table, c.Row, c.Col) }

// Kind is what the cell holds.
func (c Change) Kind() model.Kind { return c.Row.Kinds[c.Col] }

// Delta is This − Last, when both are numbers.
func (c Change) Delta() (int64, bool) {
	if c.Last.NA || c.This.NA {
		return 0, false
	}
	return c.This.N - c.Last.N, true
}

// Percent is the change relative to Last, when Last is a number other than 0.
func (c Change) Percent() (float64, bool) {
	d, ok := c.Delta()
	if !ok || c.Last.N == 0 {
		return 0, false
	}
	last := c.Last.N
	if last < 0 {
		last = -last
	}
	return float64(d) * 100 / float64(last), true
}

// String renders the change as diff prints it: 表三「…」「自然人」：12 → 15（+3，+25.0%）. An amount's
// change keeps the finer of the two decimals; a change from 0 or to or from "/" has no percentage.
func (c Change) String() string {
	k := c.Kind()
	s := fmt.Sprintf("%s：%s → %s", c.Label(), c.Last.Format(k), c.This.Format(k))
	d, ok := c.Delta()
	if !ok {
		return s
	}
	delta := fmt.Sprint(d)
	if k == model.Money {
		delta = model.FormatMoney(d, max(c.Last.Places, c.This.Places))
	}
	if d > 0 {
		delta = "+" + delta
	}
	if p, ok := c.Percent(); ok {
		return fmt.Sprintf("%s（%s，%+.1f%%）", s, delta, p)
	}
	return fmt.Sprintf("%s（%s）", s, delta)
}

// CellChanges lists every table cell that differs between two reports of the same format, in the
// tables' order, with the totals a data file may leave out computed first.
func CellChanges(last, this *model.Report) ([]Change, error) {
	if last.Format != this.Format {
		return nil, i18n.Errorf("两份报告的格式不同（%s 与 %s），无法逐格比较", "the reports are in different formats (%s and %s)", last.Format.ID, this.Format.ID)
	}
	last, this = model.Completed(last), model.Completed(this)
	var out []Change
	for ti := range this.Tables {
		t, lt := &this.Tables[ti], &last.Tables[ti]
		for i := range t.Def.Data {
			for c, v := range t.Values[i] {
				if lv := lt.Values[i][c]; lv.N != v.N || lv.NA != v.NA {
					out = append(out, Change{Table: t.Def, Row: &t.Def.Data[i], Col: c, Last: lv, This: v})
				}
			}
		}
	}
	return out, nil
}

// Changes is CellChanges as lines.
func Changes(last, this *model.Report) ([]string, error) {
	cs, err := CellChanges(last, this)
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return out, err
}
