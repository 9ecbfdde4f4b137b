package check

import (
	"testing"

	"nianbao/model"
)

// TestChangeString: a change prints both values, the difference with its sign and, when the last
// value is a number other than 0, the percentage; "/" and amounts are handled.
func TestChangeString(t *testing.T) {
	f := model.FormatByID("2021")
	t3, t2 := f.Tables[1], f.Tables[0]
	_, newRow := t3.Row("new")
	_, fees := t2.Row("fees")
	n := func(v int64) model.Value { return model.Value{N: v, Set: true} }
	for _, c := range []struct {
		ch   Change
		want string
	}{
		{Change{t3, newRow, 0, n(12), n(15)}, "表三「一、本年新收政府信息公开申请数量」「自然人」：12 → 15（+3，+25.0%）"},
		{Change{t3, newRow, 6, n(40), n(30)}, "表三「一、本年新收政府信息公开申请数量」「总计」：40 → 30（-10，-25.0%）"},
		{Change{t3, newRow, 1, n(0), n(5)}, "表三「一、本年新收政府信息公开申请数量」「商业企业」：0 → 5（+5）"},
		{Change{t3, newRow, 1, model.Value{NA: true, Set: true}, n(5)}, "表三「一、本年新收政府信息公开申请数量」「商业企业」：/ → 5"},
		{Change{t2, fees, 0, model.Value{N: 1_500_000, Places: 1, Set: true}, model.Value{N: 2_250_000, Places: 2, Set: true}},
			"表二「第二十条第（八）项 › 行政事业性收费」「本年收费金额（单位：万元）」：1.5 → 2.25（+0.75，+50.0%）"},
	} {
		if got := c.ch.String(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
