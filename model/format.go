package model

import (
	"slices"
	"strings"
	"sync"
)

// Kind says what a table value may hold.
type Kind int

const (
	Count  Kind = iota // a non-negative whole number (件, 个)
	Signed             // a whole number that may be negative (2019 format: 本年增/减)
	Money              // a non-negative decimal with at most six places (万元 to the fen), stored in millionths
)

// RowDef is one data row of a statistical table: the key it has in the data file, its official
// label and the labels of the row groups it belongs to, outermost first.
type RowDef struct {
	Key    string   // dotted key inside the table's TOML table, e.g. "results.denied.state_secret"
	Label  string   // the leaf label, verbatim, e.g. "1.属于国家秘密"
	Groups []string // enclosing group labels, e.g. {"三、本年度办理结果", "（三）不予公开"}
	Kinds  []Kind   // one per value column
	Cols   []string // the official labels of the value columns
	Total  int      // index of the 总计 column that sums the others, or -1
	SumOf  string   // for a total row: the key prefix of the rows it sums ("results.")
}

// FullLabel is the row's label with its groups, for messages: "三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密".
func (r *RowDef) FullLabel() string {
	return strings.Join(append(append([]string{}, r.Groups...), r.Label), " › ")
}

// Cell is one cell of a table's grid. A cell is a label (Text) or a value (Row ≥ 0).
type Cell struct {
	R, C          int    // top-left grid position
	RowSpan, Span int    // ≥ 1
	Text          string // fixed label text
	Row, Col      int    // the value shown: Rows[Row] column Col; Row = -1 for labels
	Header        bool   // in the header rows that repeat after a page break
	Group         bool   // a row-group label whose rows may be cut by a page break
	Note          bool   // the corner note of table 三 (smaller, left-aligned)
}

// TableDef is a statistical table of the format: its grid of cells and its data rows.
type TableDef struct {
	ID         string // "二", "三", "四": the section it belongs to
	Key        string // its TOML table: "table2" …
	Rows, Cols int    // grid size
	HeaderRows int    // rows at the top repeated on a continuation page
	KeepNext   []bool // per grid row: never break the table after this row
	Cells      []Cell
	Data       []RowDef
}

// Row finds a data row by key.
func (t *TableDef) Row(key string) (int, *RowDef) {
	for i := range t.Data {
		if t.Data[i].Key == key {
			return i, &t.Data[i]
		}
	}
	return -1, nil
}

// Format is one revision of the national format: its six section headings and three tables.
type Format struct {
	ID       string    // "2021" or "2019"
	Name     string    // the document that defines it
	Sections [6]string // 一、总体情况 …
	Tables   [3]*TableDef
}

// formats are the known revisions, the first the default, built on first use.
var formats = sync.OnceValue(func() []*Format { return []*Format{format2021(), format2019()} })

// Formats lists the known revisions; the first is the default. The slice is the caller's.
func Formats() []*Format { return slices.Clone(formats()) }

// FormatByID returns the format with that id, or nil.
func FormatByID(id string) *Format {
	for _, f := range formats() {
		if f.ID == id {
			return f
		}
	}
	return nil
}

var sections = [6]string{
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
}

// Table 三's seven value columns (official-format.md §4): six applicant kinds and 总计.
var applicantCols = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

// CornerNote is the fixed note in the top-left cell of table 三.
const CornerNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

func format2021() *Format {
	return &Format{
		ID:       "2021",
		Name:     "国办公开办函〔2021〕30号",
		Sections: sections,
		Tables:   [3]*TableDef{table2of2021(), table3(true), table4()},
	}
}

func format2019() *Format {
	return &Format{
		ID:       "2019",
		Name:     "国办公开办函〔2019〕60号（试行）",
		Sections: sections,
		Tables:   [3]*TableDef{table2of2019(), table3(false), table4()},
	}
}

// grid collects the cells of a table definition row by row.
type grid struct {
	t   *TableDef
	row int
}

func (g *grid) label(r, c, rs, cs int, text string) *Cell {
	g.t.Cells = append(g.t.Cells, Cell{R: r, C: c, RowSpan: rs, Span: cs, Text: text, Row: -1})
	return &g.t.Cells[len(g.t.Cells)-1]
}

func (g *grid) keep(r int) {
	for len(g.t.KeepNext) <= r {
		g.t.KeepNext = append(g.t.KeepNext, false)
	}
	g.t.KeepNext[r] = true
}

func (g *grid) value(r, c, span, row, col int) {
	g.t.Cells = append(g.t.Cells, Cell{R: r, C: c, RowSpan: 1, Span: span, Row: row, Col: col})
}

func (g *grid) data(key, label string, groups, cols []string, kinds ...Kind) int {
	g.t.Data = append(g.t.Data, RowDef{Key: key, Label: label, Groups: groups, Cols: cols, Kinds: kinds, Total: -1})
	return len(g.t.Data) - 1
}

// t2block adds one 第二十条第（N）项 block of table 二: a full-width item row, a 信息内容 row of column
// labels, and one data row per item. spans gives each value column's width in grid columns (sum 3).
func (g *grid) t2block(item string, cols []string, spans []int, kinds []Kind, rows [][2]string) {
	g.label(g.row, 0, 1, 4, item)
	g.keep(g.row)
	g.row++
	g.keep(g.row) // the item, its column labels and its first row stay on one page
	g.label(g.row, 0, 1, 1, "信息内容")
	c := 1
	for i, l := range cols {
		g.label(g.row, c, 1, spans[i], l)
		c += spans[i]
	}
	g.row++
	for k, kr := range rows {
		if k < len(rows)-1 {
			g.keep(g.row) // a block never splits: 规章 with 行政规范性文件, 行政许可 with 其他对外管理服务事项 (2019)
		}
		d := g.data(kr[0], kr[1], []string{item}, cols, kinds...)
		g.label(g.row, 0, 1, 1, kr[1])
		c := 1
		for i := range kinds {
			g.value(g.row, c, spans[i], d, i)
			c += spans[i]
		}
		g.row++
	}
}

func n(k Kind, times int) []Kind {
	ks := make([]Kind, times)
	for i := range ks {
		ks[i] = k
	}
	return ks
}

// table2of2021 is 二、主动公开政府信息情况 of the 2021 format: 14 rows × 4 columns (official-format.md §3).
func table2of2021() *TableDef {
	t := &TableDef{ID: "二", Key: "table2", Cols: 4}
	g := &grid{t: t}
	g.t2block("第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, []int{1, 1, 1}, n(Count, 3),
		[][2]string{{"regulations", "规章"}, {"normative_documents", "行政规范性文件"}})
	g.t2block("第二十条第（五）项", []string{"本年处理决定数量"}, []int{3}, n(Count, 1),
		[][2]string{{"licensing", "行政许可"}})
	g.t2block("第二十条第（六）项", []string{"本年处理决定数量"}, []int{3}, n(Count, 1),
		[][2]string{{"punishment", "行政处罚"}, {"coercion", "行政强制"}})
	g.t2block("第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, []int{3}, n(Money, 1),
		[][2]string{{"fees", "行政事业性收费"}})
	t.Rows = g.row
	return t
}

// table2of2019 is table 二 of the 2019 trial format (official-format.md §8): 18 rows × 4 columns.
func table2of2019() *TableDef {
	t := &TableDef{ID: "二", Key: "table2", Cols: 4}
	g := &grid{t: t}
	prevCols := []string{"上一年项目数量", "本年增/减", "处理决定数量"}
	prevKinds := []Kind{Count, Signed, Count}
	g.t2block("第二十条第（一）项", []string{"本年新制作数量", "本年新公开数量", "对外公开总数量"}, []int{1, 1, 1}, n(Count, 3),
		[][2]string{{"regulations", "规章"}, {"normative_documents", "规范性文件"}})
	g.t2block("第二十条第（五）项", prevCols, []int{1, 1, 1}, prevKinds,
		[][2]string{{"licensing", "行政许可"}, {"other_services", "其他对外管理服务事项"}})
	g.t2block("第二十条第（六）项", prevCols, []int{1, 1, 1}, prevKinds,
		[][2]string{{"punishment", "行政处罚"}, {"coercion", "行政强制"}})
	g.t2block("第二十条第（八）项", []string{"上一年项目数量", "本年增/减"}, []int{1, 2}, []Kind{Count, Signed},
		[][2]string{{"fees", "行政事业性收费"}})
	g.t2block("第二十条第（九）项", []string{"采购项目数量", "采购总金额"}, []int{1, 2}, []Kind{Count, Money},
		[][2]string{{"procurement", "政府集中采购"}})
	t.Rows = g.row
	return t
}

// table3 is 三、收到和处理政府信息公开申请情况: 10 columns (3 label columns and the 7 applicant columns),
// 3 header rows and 25 data rows in 2021 (23 in 2019, where （六）其他处理 has no sub-items).
func table3(with2021Other bool) *TableDef {
	t := &TableDef{ID: "三", Key: "table3", Cols: 10, HeaderRows: 3}
	g := &grid{t: t}
	hdr := func(r, c, rs, cs int, text string) *Cell {
		cell := g.label(r, c, rs, cs, text)
		cell.Header = true
		return cell
	}
	hdr(0, 0, 3, 3, CornerNote).Note = true
	hdr(0, 3, 1, 7, "申请人情况")
	hdr(1, 3, 2, 1, "自然人")
	hdr(1, 4, 1, 5, "法人或其他组织")
	hdr(1, 9, 2, 1, "总计")
	for i, l := range applicantCols[1:6] {
		hdr(2, 4+i, 1, 1, l)
	}
	g.row = 3
	row := func(key, label string, groups []string, labelCol int) {
		d := g.data(key, label, groups, applicantCols, n(Count, 7)...)
		t.Data[d].Total = 6
		g.label(g.row, labelCol, 1, 3-labelCol, label)
		for c := 0; c < 7; c++ {
			g.value(g.row, 3+c, 1, d, c)
		}
		g.row++
	}
	group := func(col, rows int, label string) {
		c := g.label(g.row, col, rows, 1, label)
		c.Group = true
	}
	const res = "三、本年度办理结果"
	row("new", "一、本年新收政府信息公开申请数量", nil, 0)
	row("carried_over", "二、上年结转政府信息公开申请数量", nil, 0)
	type sub struct{ key, label string }
	type grp struct {
		key, label string
		subs       []sub
	}
	other := grp{"other", "（六）其他处理", []sub{
		{"overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
		{"overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
		{"other", "3.其他"}}}
	if !with2021Other {
		other.subs = nil
	}
	groups := []grp{
		{"granted", "（一）予以公开", nil},
		{"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", nil},
		{"denied", "（三）不予公开", []sub{
			{"state_secret", "1.属于国家秘密"},
			{"prohibited", "2.其他法律行政法规禁止公开"},
			{"security", "3.危及“三安全一稳定”"},
			{"third_party", "4.保护第三方合法权益"},
			{"internal", "5.属于三类内部事务信息"},
			{"process", "6.属于四类过程性信息"},
			{"enforcement", "7.属于行政执法案卷"},
			{"inquiry", "8.属于行政查询事项"}}},
		{"unavailable", "（四）无法提供", []sub{
			{"not_held", "1.本机关不掌握相关政府信息"},
			{"needs_creation", "2.没有现成信息需要另行制作"},
			{"unclear", "3.补正后申请内容仍不明确"}}},
		{"not_processed", "（五）不予处理", []sub{
			{"petition", "1.信访举报投诉类申请"},
			{"repeated", "2.重复申请"},
			{"publications", "3.要求提供公开出版物"},
			{"massive", "4.无正当理由大量反复申请"},
			{"confirmation", "5.要求行政机关确认或重新出具已获取信息"}}},
		other,
		{"total", "（七）总计", nil},
	}
	span := 0
	for _, gr := range groups {
		span += max(1, len(gr.subs))
	}
	group(0, span, res)
	for _, gr := range groups {
		if gr.subs == nil {
			row("results."+gr.key, gr.label, []string{res}, 1)
			if gr.key == "total" {
				t.Data[len(t.Data)-1].SumOf = "results."
			}
			continue
		}
		group(1, len(gr.subs), gr.label)
		for _, s := range gr.subs {
			row("results."+gr.key+"."+s.key, s.label, []string{res, gr.label}, 2)
		}
	}
	row("carried_forward", "四、结转下年度继续办理", nil, 0)
	t.Rows = g.row
	return t
}

// table4 is 四、政府信息公开行政复议、行政诉讼情况: 4 rows × 15 columns, no row labels (§5).
func table4() *TableDef {
	outcome := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	t := &TableDef{ID: "四", Key: "table4", Rows: 4, Cols: 15, HeaderRows: 3}
	g := &grid{t: t}
	hdr := func(r, c, rs, cs int, text string) { g.label(r, c, rs, cs, text).Header = true }
	hdr(0, 0, 1, 5, "行政复议")
	hdr(0, 5, 1, 10, "行政诉讼")
	for i, l := range outcome {
		hdr(1, i, 2, 1, l)
	}
	hdr(1, 5, 1, 5, "未经复议直接起诉")
	hdr(1, 10, 1, 5, "复议后起诉")
	for i := 0; i < 10; i++ {
		hdr(2, 5+i, 1, 1, outcome[i%5])
	}
	for i, kr := range [][2]string{{"review", "行政复议"}, {"litigation_direct", "行政诉讼 › 未经复议直接起诉"}, {"litigation_after_review", "行政诉讼 › 复议后起诉"}} {
		d := g.data(kr[0], kr[1], nil, outcome, n(Count, 5)...)
		t.Data[d].Total = 4
		for c := 0; c < 5; c++ {
			g.value(3, i*5+c, 1, d, c)
		}
	}
	return t
}
