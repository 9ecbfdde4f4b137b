package published

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/model"
)

// Result is a published report read back: the report, where each value was found, and the notes
// of the import report.
type Result struct {
	Report  *model.Report
	Cells   []Cell
	Notes   []Note
	Variant bool // table 三 printed （六）其他处理 as one row (a 23-row table in the 2021 format)
}

func (r *Result) note(s Severity, where string, what i18n.Text) {
	r.Notes = append(r.Notes, Note{Severity: s, Where: where, What: what})
}

// set stores a printed value in data row i, column c.
func (r *Result) set(tab int, def *model.TableDef, i, c int, it item, vals [][]model.Value, found []bool) {
	rd := &def.Data[i]
	v, ok := parseValue(it.text, rd.Kinds[c])
	if !ok {
		r.note(Missing, it.where, i18n.F("%s：“%s”读不出数字，留空", "%s: %q is not a number; left blank", model.TableLabel(def, rd, c), it.text))
		return
	}
	if v.Blank && stripSpace(it.text) != "" {
		r.note(Uncertain, it.where, i18n.F("%s 印为“%s”，按空格处理", "%s is printed %q: read as blank", model.TableLabel(def, rd, c), it.text))
	}
	vals[i][c] = v
	if !found[i] {
		r.Report.Locs[def.Key+"."+rd.Key] = input.Location{Place: it.where}
	}
	found[i] = true
	r.Cells = append(r.Cells, Cell{Table: tab, Key: rd.Key, Col: c, Text: it.text, Where: it.where})
}

var (
	titleRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(.*?)(\d{4})年度?(.*?)(政府信息公开|政务公开)(工作)?(年度)?(报告|年报)`)
	})
	dateRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d{4}|[〇○零一二三四五六七八九]{4})年([0-9]{1,2}|[一二三四五六七八九十]{1,3})月([0-9]{1,2}|[一二三四五六七八九十]{1,3})日$`)
	})
	yearRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`统计期限自(\d{4})年`) })
)

// build turns blocks into a report.
func build(bs []block, res *Result) {
	rep := &model.Report{Text: map[string][]model.Para{}, Locs: map[string]input.Location{}}
	res.Report = rep
	// the format: from table 二's column labels (the 2019 format counts 本年新制作数量 …)
	format := "2021"
	for _, b := range bs {
		if b.tab == 0 {
			for _, it := range b.table {
				x := stripSpace(it.text)
				if strings.Contains(x, "新制作") || strings.Contains(x, "对外公开总数量") || strings.Contains(x, "政府集中采购") || strings.Contains(x, "上一年项目数量") {
					format = "2019"
				}
			}
		}
	}
	rep.Format = model.FormatByID(format)
	// title
	title, titleWhere := "", ""
	first := 0
	for i, b := range bs {
		if b.size == -1 || b.tab < 0 && headingOf(b.text) < 0 && titleRE().MatchString(stripSpace(b.text)) && len([]rune(b.text)) < 80 {
			title, titleWhere = stripSpace(b.text), b.where
			first = i + 1
			break
		}
		if b.tab >= 0 || headingOf(b.text) >= 0 {
			break
		}
	}
	if m := titleRE().FindStringSubmatch(title); m != nil {
		rep.Organ = m[1]
		rep.Year, _ = strconv.Atoi(m[2])
		if rep.Organ == "" {
			rep.Organ = m[3] // the year first: 2019年上海市人民政府办公厅政府信息公开工作年度报告
		}
		res.note(Found, titleWhere, i18n.F("标题：%s", "title: %s", title))
	} else {
		res.note(Missing, "", i18n.F("没有找到标题（某某某年政府信息公开工作年度报告）", "no title found (…年政府信息公开工作年度报告)"))
	}
	// sections, narrative, tables
	sec := -1
	var paras = map[string][]string{}
	var wheres = map[string][]string{}
	var tail []block // the paragraphs of the last section, for the signature and date
	seen := [6]bool{}
	tables := [3]bool{}
	for _, b := range bs[first:] {
		if b.tab >= 0 {
			if tables[b.tab] {
				res.note(Uncertain, b.where, i18n.F("又一张表%s，未采用", "another table %s: not used", []string{"二", "三", "四"}[b.tab]))
				continue
			}
			tables[b.tab] = true
			readInto(b, rep, res)
			continue
		}
		if h := headingOf(b.text); h > sec {
			if stripSpace(b.text) != rep.Format.Sections[h] {
				res.note(Uncertain, b.where, i18n.F("标题“%s”与格式的“%s”不同", "heading %q differs from the format's %q", stripSpace(b.text), rep.Format.Sections[h]))
			}
			res.note(Found, b.where, i18n.F("%s", "%s", rep.Format.Sections[h]))
			sec, seen[h] = h, true
			continue
		}
		if h := headingOf(b.text); h >= 0 && h <= sec {
			res.note(Uncertain, b.where, i18n.F("“%s”出现在“%s”之后（顺序不对或重复），按正文读入", "%q stands after %q (out of order or repeated): read as text",
				stripSpace(b.text), rep.Format.Sections[sec]))
		}
		if sec == 5 || sec >= 0 && b.right {
			tail = append(tail, b)
			continue
		}
		k := narrativeKey(sec)
		paras[k] = append(paras[k], b.text)
		wheres[k] = append(wheres[k], b.where)
	}
	// signature and date: the last short lines
	for len(tail) > 0 {
		last := tail[len(tail)-1]
		x := stripSpace(last.text)
		if rep.Date.Y == 0 {
			if d, ok := parseDate(x); ok {
				rep.Date = d
				res.note(Found, last.where, i18n.F("成文日期：%s", "date: %s", d))
				tail = tail[:len(tail)-1]
				continue
			}
		}
		if rep.Date.Y != 0 && rep.Signature == "" && (last.right || len([]rune(x)) <= 40 && !strings.ContainsAny(x, "。；")) {
			sig := x
			tail = tail[:len(tail)-1]
			for len(tail) > 0 && tail[len(tail)-1].right {
				sig = stripSpace(tail[len(tail)-1].text) + sig
				tail = tail[:len(tail)-1]
			}
			rep.Signature = sig
			res.note(Found, last.where, i18n.F("署名：%s", "signature: %s", sig))
		}
		break
	}
	for _, b := range tail {
		paras[model.TextOther] = append(paras[model.TextOther], b.text)
		wheres[model.TextOther] = append(wheres[model.TextOther], b.where)
	}
	for k, ps := range paras {
		text := strings.Join(ps, "\n\n")
		parsed, _, err := model.ParseText(text, nil)
		if err != nil {
			lbl := model.TextLabel(rep.Format, k, -1)
			res.note(Uncertain, "", i18n.Text{Zh: lbl + "：" + err.Zh, En: lbl + ": " + err.En})
			continue
		}
		// each paragraph is one line of text: line 2i+1 is paragraph i
		for i := range parsed {
			if j := (parsed[i].At.Line - 1) / 2; j >= 0 && j < len(wheres[k]) {
				parsed[i].At = input.Location{Place: wheres[k][j]}
			}
		}
		rep.Text[k] = parsed
		rep.Locs["text."+k] = parsed[0].At
	}
	for i, ok := range seen {
		if !ok {
			res.note(Missing, "", i18n.F("没有找到“%s”", "%q not found", rep.Format.Sections[i]))
		}
	}
	for t, def := range rep.Format.Tables {
		if rep.Tables[t].Def == nil {
			rep.Tables[t] = emptyTable(def)
			res.note(Missing, "", i18n.F("没有找到表%s，各格留空", "table %s not found; its cells are blank", def.ID))
		}
	}
	// organ, year, kind
	if rep.Organ == "" && rep.Signature != "" {
		rep.Organ = rep.Signature
		res.note(Uncertain, "", i18n.F("标题中没有机关名称，取署名“%s”", "no organ in the title: the signature %q is taken", rep.Signature))
	}
	if rep.Year == 0 {
		for _, ps := range rep.Text {
			for _, p := range ps {
				if m := yearRE().FindStringSubmatch(p.Text); m != nil && rep.Year == 0 {
					rep.Year, _ = strconv.Atoi(m[1])
				}
			}
		}
		if rep.Year != 0 {
			res.note(Uncertain, "", i18n.F("年度 %d 取自统计期限", "year %d taken from the statistics period", rep.Year))
		} else {
			res.note(Missing, "", i18n.F("没有找到年度", "no year found"))
		}
	}
	if rep.Organ != "" && rep.Signature != rep.Organ && strings.HasPrefix(rep.Signature, rep.Organ) {
		// the title names the organ short (一平垣乡), the signature in full (一平垣乡人民政府)
		rep.Organ = rep.Signature
	}
	if rep.Signature == rep.Organ {
		rep.Signature = ""
	}
	rep.Kind = KindOf(rep.Organ)
	rep.Short = ShortOf(rep.Organ)
	res.note(Uncertain, "", i18n.F("机关类型“%s”和简称“%s”由机关名称推断，请核对", "kind %q and short name %q are inferred from the organ's name: review them", rep.Kind, rep.Short))
	res.Notes[len(res.Notes)-1].Review = true
	if title != "" && title != rep.DefaultTitle() {
		rep.Title = title
	}
	if rep.Date.Y == 0 {
		res.note(Missing, "", i18n.F("没有找到成文日期", "no date found"))
	} else if late := lateAfter(rep); rep.Year > 0 && late.Y > 0 && dateAfter(rep.Date, late) {
		res.note(Uncertain, "", i18n.F("成文日期 %s 晚于 %s（条例第四十九条的发布期限）", "the date %s is after %s (the deadline of 条例 art. 49)", rep.Date, late))
	}
	if f := rep.Format; f.ID == "2019" && rep.Year >= 2021 || f.ID == "2021" && rep.Year > 0 && rep.Year < 2021 {
		res.note(Uncertain, "", i18n.F("%d 年度的报告使用了 %s 格式", "a report for %d in the %s format", rep.Year, f.ID))
	}
}

func emptyTable(def *model.TableDef) model.Table {
	t := model.Table{Def: def, Values: make([][]model.Value, len(def.Data))}
	for i := range def.Data {
		t.Values[i] = make([]model.Value, len(def.Data[i].Kinds))
	}
	return t
}

// readInto reads a table block into the report's table.
func readInto(b block, rep *model.Report, res *Result) {
	def := rep.Format.Tables[b.tab]
	if b.tab == 1 && rep.Format.ID == "2021" && variant(b) {
		// （六）其他处理 printed as one row: read with the 2019 table 三 (same rows otherwise)
		res.Variant = true
		res.note(Uncertain, b.where, i18n.F("表三把“（六）其他处理”印为一行（23 行的表三）：2021 年格式把它分为三行；该行的数字记在“3.其他”下，另两行留空",
			"table 三 prints （六）其他处理 as one row (a 23-row table): the 2021 format splits it in three; its numbers are kept under 3.其他, the other two rows left blank"))
		v19 := model.FormatByID("2019").Tables[1]
		vals, found := readTable(b, v19, b.tab, res)
		t := emptyTable(def)
		for i, rd := range v19.Data {
			key := rd.Key
			if key == "results.other" {
				key = "results.other.other"
			}
			if j, _ := def.Row(key); j >= 0 {
				t.Values[j] = vals[i]
				if !found[i] {
					markMissing(def, j, res)
				}
			}
		}
		for _, k := range []string{"results.other.overdue_correction", "results.other.overdue_fee"} {
			j, _ := def.Row(k)
			if j < 0 {
				continue // a format without the row (the 2019 trial format)
			}
			for c := range t.Values[j] {
				t.Values[j][c] = model.Value{Blank: true, Set: true}
			}
		}
		rep.Tables[b.tab] = t
		return
	}
	vals, found := readTable(b, def, b.tab, res)
	t := model.Table{Def: def, Values: vals}
	for i := range def.Data {
		if !found[i] {
			markMissing(def, i, res)
		}
	}
	rep.Tables[b.tab] = t
	res.note(Found, b.where, i18n.F("表%s", "table %s", def.ID))
}

func markMissing(def *model.TableDef, i int, res *Result) {
	res.note(Missing, "", i18n.F("表%s「%s」没有读到数字，留空", "table %s %q: no numbers read; left blank", def.ID, def.Data[i].FullLabel()))
}

// variant reports whether table 三 prints （六）其他处理 without its three sub-rows.
func variant(b block) bool {
	var all strings.Builder
	for _, it := range b.table {
		all.WriteString(stripSpace(it.text))
	}
	s := all.String()
	return strings.Contains(s, "其他处理") && !strings.Contains(s, "逾期不补正") && !strings.Contains(s, "缴纳费用") && !strings.Contains(s, "逾期未按收费")
}

var cnDigit = map[rune]int{'〇': 0, '○': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func cnNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	rs := []rune(s)
	if len(rs) == 4 { // a year, digit by digit
		n := 0
		for _, r := range rs {
			n = n*10 + cnDigit[r]
		}
		return n
	}
	n, cur := 0, 0
	for _, r := range rs {
		if r == '十' {
			n += max(cur, 1) * 10
			cur = 0
			continue
		}
		cur = cnDigit[r]
	}
	return n + cur
}

func parseDate(s string) (model.Date, bool) {
	m := dateRE().FindStringSubmatch(s)
	if m == nil {
		return model.Date{}, false
	}
	d := model.Date{Y: cnNumber(m[1]), M: cnNumber(m[2]), D: cnNumber(m[3])}
	if d.M < 1 || d.M > 12 || d.D < 1 || d.D > 31 || d.Y < 1990 {
		return model.Date{}, false
	}
	return d, true
}

// KindOf infers the kind of organ from its name (a reviewer confirms it).
// kindREs are the patterns of KindOf, compiled on first use (not at start-up).
var kindREs = sync.OnceValue(func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range []string{`[（(][^（）()]*[）)]$`, `[乡镇](人民政府)?$`, `[县区旗]人民政府$`, `^[^市]{2,4}市人民政府$`, `[县区旗]人民政府办公室$`, `^.{1,8}[县区旗]`, `^.{1,8}市`, `^.{1,8}(省|自治区)`} {
		out = append(out, regexp.MustCompile(p))
	}
	return out
})

func KindOf(organ string) string {
	o := kindREs()[0].ReplaceAllString(organ, "") // a remark in brackets
	switch {
	case strings.HasSuffix(o, "街道办事处") || strings.HasSuffix(o, "街道"):
		return "街道"
	case kindREs()[1].MatchString(o):
		return "乡镇"
	case strings.Contains(o, "管委会") || strings.Contains(o, "管理委员会"):
		return "开发区管委会"
	case strings.HasSuffix(o, "省人民政府") || strings.HasSuffix(o, "自治区人民政府") || municipality(o, "人民政府"):
		return "省级政府"
	case strings.HasSuffix(o, "省人民政府办公厅") || strings.HasSuffix(o, "自治区人民政府办公厅") || municipality(o, "人民政府办公厅"):
		return "省级政府办公厅"
	case kindREs()[2].MatchString(o) || kindREs()[3].MatchString(o) && strings.Contains(o, "县级"):
		return "县级政府"
	case kindREs()[4].MatchString(o):
		return "县级政府办公室"
	case strings.HasSuffix(o, "市人民政府"):
		return "市级政府"
	case strings.HasSuffix(o, "市人民政府办公室"):
		return "市级政府办公室"
	case kindREs()[5].MatchString(o):
		return "县级部门"
	case kindREs()[6].MatchString(o):
		return "市级部门"
	case kindREs()[7].MatchString(o):
		return "省级部门"
	}
	return "其他"
}

// ShortOf guesses a short name: the name without its county and without 人民政府 or 办事处.
func ShortOf(organ string) string {
	s := strings.TrimSuffix(strings.TrimSuffix(organ, "人民政府"), "办事处")
	rs := []rune(s)
	for i, r := range rs {
		if (r == '县' || r == '区' || r == '市') && len(rs)-i-1 >= 3 && i >= 1 {
			if rest := string(rs[i+1:]); !strings.HasPrefix(rest, "人民政府") {
				return rest
			}
			return strings.Replace(organ, "人民政府", "政府", 1) // 上海市人民政府办公厅 → 上海市政府办公厅
		}
	}
	return s
}

func (n Note) String() string {
	return fmt.Sprintf("%s %s", n.Where, n.What.Zh)
}

// lateAfter is the last day a report may be published (条例第四十九条): 31 January of the next
// year; 31 March for a government's own report (published by its office in charge).
func lateAfter(r *model.Report) model.Date {
	switch r.Kind {
	case "县级政府", "市级政府", "省级政府":
		return model.Date{Y: r.Year + 1, M: 3, D: 31}
	}
	return model.Date{Y: r.Year + 1, M: 1, D: 31}
}

func dateAfter(a, b model.Date) bool {
	return a.Y*10000+a.M*100+a.D > b.Y*10000+b.M*100+b.D
}

// municipality reports whether an organ is a 直辖市's own (省级): 上海市 + suffix.
func municipality(o, suffix string) bool {
	for _, m := range []string{"北京市", "上海市", "天津市", "重庆市"} {
		if o == m+suffix {
			return true
		}
	}
	return false
}
