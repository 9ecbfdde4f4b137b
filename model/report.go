package model

import (
	"fmt"
	"strconv"
	"strings"

	"nianbao/i18n"
	"nianbao/input"
)

// Value is one number of a statistical table.
type Value struct {
	N      int64 // the number; for Money the amount in millionths of 万元 (MoneyScale)
	NA     bool  // "/": not applicable, printed as "/", counted as 0 in sums
	Set    bool  // given in the data file (a total may be omitted and is then computed)
	Blank  bool  // given as "" or "无": counted as 0, reported once per table (R5)
	Bad    bool  // could not be read (reported by decoding): the arithmetic rules skip it
	Places int   // Money: the decimals it was given with, printed as given (0 to MaxPlaces)
}

// Format renders v as printed in the report: "/", a whole number, or an amount with the
// decimals it was given with.
func (v Value) Format(k Kind) string {
	if v.NA {
		return "/"
	}
	if k == Money {
		return FormatMoney(v.N, v.Places)
	}
	return fmt.Sprint(v.N)
}

// Print renders v as the document shows it: Format, with a negative number's sign as U+2212
// MINUS SIGN (GB/T 15834 and every typeset table: "−1", not the hyphen "-1"). Format keeps the
// ASCII sign for data files and messages.
func (v Value) Print(k Kind) string {
	s := v.Format(k)
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// FormatMoney renders millionths with places decimals (at most MaxPlaces): (5125100000, 2) →
// "5125.10", (1250, 4) → "0.0013" is never asked for: an amount keeps the decimals it came with.
func FormatMoney(n int64, places int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	places = min(max(places, 0), MaxPlaces)
	whole, frac := n/MoneyScale, n%MoneyScale
	if places == 0 {
		return fmt.Sprintf("%s%d", sign, whole)
	}
	f := fmt.Sprintf("%06d", frac)
	return fmt.Sprintf("%s%d.%s", sign, whole, f[:places])
}

// Table holds one table's values: Values[i] belongs to Def.Data[i].
type Table struct {
	Def    *TableDef
	Values [][]Value
	Short  []int // rows given one number short while others give their 总计 (see Check)
}

// Para is one paragraph of narrative text. Level 0 is body text; 2, 3 and 4 are the sub-heading
// levels （一）, 1. and （1） of GB/T 9704 §7.3.3 (level 1, 一、, is reserved for the six sections).
type Para struct {
	Level int
	Lead  string         // the heading words printed in the heading's face ("（一）主动公开。"); may be empty
	Text  string         // the rest, in the body face
	At    input.Location // where its first line is
	// Marker and Number: a heading's number as written ("（三）", 3), for rule R14; "", 0 if none
	Marker string
	Number int
	// Malformed and Fix: a body paragraph that starts with a heading number written wrongly
	// ("一)", "1、") and how it should be written, for rule R14
	Malformed, Fix string
}

// Narrative keys: the parts of the report written in prose.
const (
	TextOpening      = "opening"      // the paragraph before 一、
	TextOverview     = "overview"     // 一、总体情况
	TextActive       = "active"       // optional words above table 二
	TextApplications = "applications" // optional words above table 三
	TextAppeals      = "appeals"      // optional words above table 四
	TextProblems     = "problems"     // 五、存在的主要问题及改进情况
	TextOther        = "other"        // 六、其他需要报告的事项
)

// TextKey is a narrative key and the section it belongs to (-1: none).
type TextKey struct {
	Key     string
	Section int
}

// TextKeys lists the narrative keys in document order (a copy: the caller may change it).
func TextKeys() []TextKey {
	return []TextKey{{TextOpening, -1}, {TextOverview, 0}, {TextActive, 1}, {TextApplications, 2}, {TextAppeals, 3}, {TextProblems, 4}, {TextOther, 5}}
}

// Date is a calendar date (成文日期).
type Date struct{ Y, M, D int }

// String renders the date as GB/T 9704 §7.3.5.4 wants it: full year, no leading zeros.
func (d Date) String() string {
	if d.Y == 0 {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Y, d.M, d.D)
}

// OrganKinds are the kinds of organ (本机关类型), as offices are: each level's government and its
// 办公厅/办公室, its departments, townships, streets and development zones. "市级" is a 设区的市.
// A copy: the caller may change it.
func OrganKinds() []string {
	return []string{"乡镇", "街道", "开发区管委会", "县级部门", "县级政府", "县级政府办公室",
		"市级部门", "市级政府", "市级政府办公室", "省级部门", "省级政府", "省级政府办公厅", "国务院部门", "其他"}
}

// KindMakesRules reports whether an organ of this kind makes 规章 or reports them for its
// government (立法法 第九十一条、第九十三条: 国务院部门, and the governments of provinces and
// 设区的市, whose offices publish them); "其他" is given the benefit of the doubt.
func KindMakesRules(kind string) bool {
	switch kind {
	case "国务院部门", "省级政府", "省级政府办公厅", "市级政府", "市级政府办公室", "其他":
		return true
	}
	return false
}

// Report is one organ's annual report for one year, decoded but not yet checked.
type Report struct {
	File      string // the data file, as named on the command line
	Format    *Format
	Year      int
	Organ     string   // 机关全称
	Short     string   // 简称 (for the summary tables and file names)
	Kind      string   // one of OrganKinds()
	Title     string   // defaults to Organ + Year + "年政府信息公开工作年度报告"
	Date      Date     // 成文日期
	Signature string   // 署名; defaults to Organ
	Prev      string   // last year's data file, for R8 (relative to File)
	Summary   []string // for a summary written by nianbao sum: the units it adds up; nil otherwise
	Text      map[string][]Para
	TextFiles map[string]string // narrative key → the file it was read from (*_file keys), for messages
	Fixes     map[string]Fix    // narrative key → what decoding fixed in its text (R14)
	Tables    [3]Table
	Locs      map[string]input.Location // dotted key → where it is; a table cell also as key#column
	Notes     []Note                    // what reading the file noticed (see Note)
}

// Note is something reading a file noticed that the reader should know — a workbook total saved
// with a stale value, a title dropped from a Word draft — reported by check as a warning under
// Rule.
type Note struct {
	Rule             string
	At               input.Location
	Where            string // the official labels concerned
	Msg              i18n.Text
	Expected, Actual string
}

// DefaultTitle is the title a report gets when the data file does not set one.
func (r *Report) DefaultTitle() string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", r.Organ, r.Year)
}

// At returns where a dotted key is, or its closest enclosing table; the file alone if neither
// is known.
func (r *Report) At(key string) input.Location {
	for k := key; k != ""; {
		if l, ok := r.Locs[k]; ok {
			return l
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return input.Location{File: r.File}
}

// CellAt returns where column col of a table row is (key "table3.new"): its own cell in a
// workbook, the row's line in a data file.
func (r *Report) CellAt(key string, col int) input.Location {
	if l, ok := r.Locs[CellKey(key, col)]; ok {
		return l
	}
	return r.At(key)
}

// CellKey is the key of one cell of a table row in Report.Locs: "table3.new#5".
func CellKey(key string, col int) string { return key + "#" + strconv.Itoa(col) }

// Get returns the value at (table index, row key, column); ok is false if there is no such cell.
func (r *Report) Get(t int, key string, col int) (Value, bool) {
	i, _ := r.Tables[t].Def.Row(key)
	if i < 0 || col >= len(r.Tables[t].Values[i]) {
		return Value{}, false
	}
	return r.Tables[t].Values[i][col], true
}
