package check

import (
	"fmt"
	"nianbao/input"
	"nianbao/internal/lazy"
	"nianbao/model"
	"strconv"
	"strings"

	"nianbao/i18n"
)

// blanks is R5: blank and "无" cells count as 0 — published tables often leave them so — with
// one warning per table naming the first few. The hint is 0, never "/" (not applicable), which
// would change the meaning.
func (c *checker) blanks() {
	for ti := range c.r.Tables {
		t := &c.r.Tables[ti]
		var cells []string
		var at input.Location
		for i := range t.Def.Data {
			for col, v := range t.Values[i] {
				if v.Blank {
					cells = append(cells, model.TableLabel(t.Def, &t.Def.Data[i], col))
					if !at.Known() && at.File == "" {
						at = c.cellAt(t, i, col)
					}
				}
			}
		}
		if len(cells) == 0 {
			continue
		}
		shown := strings.Join(cells[:min(3, len(cells))], "、")
		if len(cells) > 3 {
			shown += "……"
		}
		c.add("R5", Warning, at, "表"+t.Def.ID, i18n.F(
			"%d 个格子空白或写“无”，已按 0 计：%s。是 0 的请填 0；只有不适用的格子才写 \"/\"",
			"%d cells are blank or 无 and count as 0: %s. Write 0 where the count is zero; \"/\" only where a cell does not apply",
			len(cells), shown))
	}
}

// formatYear is R6: the 2019 trial format (国办公开办函〔2019〕60号) is for the 2019 and 2020
// reports, the 2021 format (〔2021〕30号) from 2021 on (official-format.md §7.10, §8); and the
// statistical period the opening states is the report's year.
func (c *checker) formatYear() {
	r := c.r
	switch {
	case r.Year == 0:
	case r.Format.ID == "2019" && (r.Year < 2019 || r.Year > 2020):
		c.add("R6", Error, c.r.At("format"), "format", i18n.F(
			"2019 格式（试行）只用于 2019、2020 年度的报告；%d 年度请用 2021 格式（format = \"2021\"）",
			"the 2019 trial format is for the 2019 and 2020 reports; a %d report uses the 2021 format (format = \"2021\")", r.Year))
	case r.Format.ID == "2021" && r.Year < 2021:
		c.add("R6", Error, c.r.At("format"), "format", i18n.F(
			"2021 格式从 2021 年度起使用；%d 年度的报告用 2019 格式（format = \"2019\"）",
			"the 2021 format is used from the 2021 report on; a %d report uses the 2019 format (format = \"2019\")", r.Year))
	}
	for _, s := range Sentences(r) {
		if s.Section != "开头段落" {
			continue
		}
		for _, m := range model.PeriodDates(s.Text) {
			if y, _ := strconv.Atoi(m[1]); y != r.Year && r.Year != 0 {
				c.add("R6", Error, s.At, quote(s), i18n.F("统计期限“%s”不是 %d 年度", "the period “%s” is not the year %d", m[0], r.Year))
			}
		}
	}
	c.staleYear()
}

// staleYearRE: a sentence that opens with a year, as a year's summary does: "2026年，…", "2026年度…".
var staleYearRE = lazy.Regexp(`^\s*(\d{4})\s*年度?[，,、]`)

// staleYear warns of text carried from last year (init --from) that still speaks of that year:
// a sentence opening with last year ("2026年，我乡……" in the 2027 report), the way a year's summary
// opens. Mentions of last year inside a sentence ("比2026年增加") are comparisons, not flagged.
func (c *checker) staleYear() {
	if c.r.Year == 0 {
		return
	}
	for _, s := range Sentences(c.r) {
		if m := staleYearRE().FindStringSubmatch(s.Text); m != nil {
			if y, _ := strconv.Atoi(m[1]); y == c.r.Year-1 {
				c.add("R6", Warning, s.At, quote(s), i18n.F("这句以“%d年”开头，而本报告是 %d 年度：是否沿用了上年的文字，忘了改？",
					"this sentence opens with %d, but the report is on %d: text carried over from last year?", y, c.r.Year))
			}
		}
	}
}

// regulations is R9: 立法法 第九十一条、第九十三条 — only 国务院部门 and the governments of
// provinces and 设区的市 make 规章; their offices report them on their behalf.
func (c *checker) regulations() {
	r := c.r
	if r.Kind == "" || model.KindMakesRules(r.Kind) {
		return
	}
	t := &r.Tables[0]
	if i, rd := t.Def.Row("regulations"); i >= 0 {
		for col, v := range t.Values[i] {
			if v.Num() != 0 {
				c.add("R9", Warning, c.cellAt(t, i, col), model.TableLabel(t.Def, rd, col),
					i18n.F("%s不能制定规章，此处通常应为 0（实际为 %d）", "a %s cannot make 规章; this is normally 0 (is %d)", r.Kind, v.Num()))
				break
			}
		}
	}
}

// fee is R10: the 2021 format's 六 says whether information processing fees were charged (国办
// 公开办函〔2021〕30号: 六、其他需要报告的事项 … 收取信息处理费的情况). It may say so anywhere;
// fee.go reads the statements.
func (c *checker) fee() {
	r := c.r
	if r.Format.ID != "2021" || len(r.Text[model.TextOther]) == 0 {
		return
	}
	for _, s := range Sentences(r) {
		if feeStatement(s.Text) {
			return
		}
	}
	c.add("R10", Warning, c.textAt(model.TextOther), r.Format.Sections[5],
		i18n.F("未说明收取信息处理费的情况（如“本年度未收取信息处理费。”）", "does not say whether information processing fees were charged (e.g. “本年度未收取信息处理费。”)"))
}

// placeholderRE finds what the template or a copied report leaves to be filled in.
var placeholderRE = lazy.Regexp(`某某|(?:^|[^A-Za-z])[XＸ]{2,}(?:[^A-Za-z]|$)|[（(【\[]\s*(?:在此|请)?填写[^）)】\]]*[）)】\]]|在此填写|此处填写|待填写|待补充|请修改后删除本行`)

// placeholders is R13: nothing the template asks to fill in is left in the report.
func (c *checker) placeholders() {
	r := c.r
	for _, f := range []struct{ key, label, text string }{{"organ", "机关名称", r.Organ}, {"short_name", "机关简称", r.Short},
		{"title", "标题", r.Title}, {"signature", "署名", r.Signature}} {
		if f.key == "title" && f.text == r.DefaultTitle() || f.key == "signature" && f.text == r.Organ || f.key == "short_name" && f.text == r.Organ {
			continue // the organ's name, reported once
		}
		if m := placeholderRE().FindString(f.text); m != "" {
			c.add("R13", Error, r.At(f.key), f.label, i18n.F("“%s”是模板中待填写的内容，请改为实际内容", "“%s” is a placeholder of the template: fill in the real text", strings.TrimSpace(m)))
		}
	}
	for _, s := range Sentences(r) {
		if m := placeholderRE().FindString(s.Text); m != "" {
			c.add("R13", Error, s.At, quote(s), i18n.F("“%s”是模板中待填写的内容，请改为实际内容", "“%s” is a placeholder of the template: fill in the real text", strings.TrimSpace(m)))
		}
	}
}

// numbering is R14: what decoding fixed in pasted text (half-width punctuation, "(一)"), heading
// numbers written wrongly, and heading sequences that skip or repeat (GB/T 9704 §7.3.3: 一、（一）
// 1.（1）).
func (c *checker) numbering() {
	r := c.r
	for _, tk := range model.TextKeys() {
		section := model.TextLabel(r.Format, tk.Key, tk.Section)
		if fx := r.Fixes[tk.Key]; fx.Count > 0 {
			c.add("R14", Warning, fx.At, section, i18n.F("%d 处半角标点或编号已改为全角（如“%s”→“%s”），请在原文中也改正",
				"%d half-width punctuation marks or numbers were made full-width (e.g. “%s” → “%s”); correct the source too", fx.Count, fx.Was, fx.Now))
		}
		var last [5]int // the last number seen at each level, reset below its parent
		for _, p := range r.Text[tk.Key] {
			if p.Malformed != "" {
				c.add("R14", Warning, p.At, section, i18n.F("标题编号“%s”写法不对，应写成“%s”", "the heading number “%s” is malformed; write “%s”", p.Malformed, p.Fix))
			}
			if p.Level < 2 || p.Number == 0 {
				continue
			}
			want := last[p.Level] + 1
			if p.Number != want {
				what := i18n.F("编号跳过了", "skips")
				if p.Number <= last[p.Level] {
					what = i18n.F("编号重复或倒退", "repeats or goes back")
				}
				c.add("R14", Warning, p.At, section, i18n.Text{
					Zh: fmt.Sprintf("%s：这里应是“%s”，写的是“%s”", what.Zh, model.Marker(p.Level, want), p.Marker),
					En: fmt.Sprintf("the numbering %s: “%s” is written where “%s” is due", what.En, p.Marker, model.Marker(p.Level, want))})
			}
			last[p.Level] = p.Number
			for l := p.Level + 1; l < len(last); l++ {
				last[l] = 0
			}
		}
	}
}
