package site

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"nianbao/model"
	"nianbao/pipeline"
)

// District is the district page's file name; Index the index's.
const (
	Index    = "index.html"
	District = "district.html"
)

// Write writes the site into out: index.html, district.html, a page per unit, and the reports
// copied under reports/YEAR/. Every file is written atomically; the same sidecars and reports
// give the same bytes. It returns the pages written.
func (s *Site) Write(out string) ([]string, error) {
	var written []string
	put := func(name string, body string) error {
		p := filepath.Join(out, name)
		if err := pipeline.WriteAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, body); return err }); err != nil {
			return err
		}
		written = append(written, p)
		return nil
	}
	if err := put(Index, s.index()); err != nil {
		return nil, err
	}
	if err := put(District, s.district()); err != nil {
		return nil, err
	}
	for _, u := range s.Units {
		if err := put(u.Page, s.unit(u)); err != nil {
			return nil, err
		}
	}
	for _, u := range s.Units {
		for _, y := range s.Years {
			r := u.Reports[y]
			if r == nil {
				continue
			}
			for _, e := range exts {
				if src := r.Files[e[0]]; src != "" {
					if err := copyFile(src, filepath.Join(out, reportPath(y, r.Base+e[0]))); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return written, nil
}

// reportPath is where a report is copied in the site (slash-separated).
func reportPath(year int, name string) string { return "reports/" + strconv.Itoa(year) + "/" + name }

// reportHref is the link to a copied report, escaped.
func reportHref(year int, name string) string {
	return "reports/" + strconv.Itoa(year) + "/" + url.PathEscape(name)
}

func copyFile(src, dst string) error {
	f, err := os.Open(src) // a regular file beside its sidecar (Load checked)
	if err != nil {
		return err
	}
	defer f.Close()
	return pipeline.WriteAtomic(dst, func(w io.Writer) error { _, err := io.Copy(w, f); return err })
}

// title is the site's name.
func (s *Site) title() string { return s.Name + "政府信息公开工作年度报告" }

// span is the years covered: "2021—2023年" or "2023年".
func span(years []int) string {
	if len(years) == 0 {
		return ""
	}
	if len(years) == 1 {
		return strconv.Itoa(years[0]) + "年"
	}
	return strconv.Itoa(years[0]) + "—" + strconv.Itoa(years[len(years)-1]) + "年"
}

// page is one page being written.
type page struct {
	b      strings.Builder
	site   *Site
	charts int
}

func (p *page) w(format string, a ...any) { fmt.Fprintf(&p.b, format, a...) }

func (s *Site) newPage(title, current string) *page {
	p := &page{site: s}
	p.w("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	p.w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	p.w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	p.w("<meta name=\"generator\" content=\"nianbao\">\n<title>%s - %s</title>\n<style>\n%s</style>\n</head>\n<body>\n", esc(title), esc(s.title()), siteCSS)
	p.w("<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"top\">\n<p class=\"site\">%s</p>\n<nav aria-label=\"网站导航\">\n<ul>\n", esc(s.title()))
	for _, l := range [][2]string{{Index, "各单位报告"}, {District, "汇总与比较"}} {
		cur := ""
		if l[0] == current {
			cur = ` aria-current="page"`
		}
		p.w("<li><a href=\"%s\"%s>%s</a></li>\n", l[0], cur, l[1])
	}
	p.w("</ul>\n</nav>\n</header>\n<main id=\"main\">\n<h1>%s</h1>\n", esc(title))
	return p
}

func (p *page) end() string {
	p.w("</main>\n<footer>\n<p>本站由 nianbao 根据各单位年度报告的数据（build 写出的 .json）生成；数字与各单位报告中的表格一致。</p>\n</footer>\n</body>\n</html>\n")
	return p.b.String()
}

// index lists the units and their reports, one column a year.
func (s *Site) index() string {
	p := s.newPage(s.title()+"（"+span(s.Years)+"）", Index)
	reports := 0
	for _, u := range s.Units {
		reports += len(u.Reports)
	}
	p.w("<p>共 %d 个单位、%d 份报告。点单位名称查看它历年的主要数据；<a href=\"%s\">汇总与比较</a>页有全部单位的合计和各单位的对比。</p>\n", len(s.Units), reports, District)
	p.tableOpen("idx", "各单位各年度的报告（PDF、DOCX、OFD、HTML）")
	p.w("<thead>\n<tr><th scope=\"col\">单位</th>")
	for _, y := range s.Years {
		p.w("<th scope=\"col\">%d年</th>", y)
	}
	p.w("</tr>\n</thead>\n<tbody>\n")
	for _, u := range s.Units {
		p.w("<tr><th scope=\"row\" class=\"name\"><a href=\"%s\">%s</a></th>", u.Page, esc(u.Short))
		for _, y := range s.Years {
			r := u.Reports[y]
			if r == nil {
				p.w("<td class=\"none\">未报</td>")
				continue
			}
			p.w("<td class=\"files\">")
			n := 0
			for _, e := range exts {
				if r.Files[e[0]] == "" {
					continue
				}
				if n > 0 {
					p.w(" ")
				}
				n++
				p.w("<a href=\"%s\">%s<span class=\"vh\">（%s %d年）</span></a>", reportHref(y, r.Base+e[0]), e[1], esc(u.Short), y)
			}
			if n == 0 {
				p.w("仅有数据")
			}
			p.w("</td>")
		}
		p.w("</tr>\n")
	}
	p.w("</tbody>\n")
	p.tableClose()
	if len(s.Skipped) > 0 {
		p.w("<p>未收入的汇总文件（由 nianbao sum 生成，其中的单位已分别列出）：%s</p>\n", esc(strings.Join(s.Skipped, "、")))
	}
	return p.end()
}

// unit is one unit's page: its figures over the years it reported.
func (s *Site) unit(u *Unit) string {
	p := s.newPage(u.Short+" 主要数据（"+span(s.Years)+"）", "")
	p.w("<p>%s。", esc(u.Organ))
	var years []int
	var figs []Figures
	for _, y := range s.Years {
		if r := u.Reports[y]; r != nil {
			years, figs = append(years, y), append(figs, r.Figures)
		}
	}
	var missing []string
	for _, y := range s.Years {
		if u.Reports[y] == nil {
			missing = append(missing, strconv.Itoa(y)+"年")
		}
	}
	if len(missing) > 0 {
		p.w("没有 %s 的报告。", strings.Join(missing, "、"))
	}
	p.w("</p>\n")
	p.w("<section aria-labelledby=\"files-h\">\n<h2 id=\"files-h\">报告全文</h2>\n<ul class=\"files\">\n")
	for _, y := range years {
		r := u.Reports[y]
		p.w("<li>%d年：", y)
		n := 0
		for _, e := range exts {
			if r.Files[e[0]] != "" {
				if n > 0 {
					p.w("、")
				}
				n++
				p.w("<a href=\"%s\">%s<span class=\"vh\">（%d年）</span></a>", reportHref(y, r.Base+e[0]), e[1], y)
			}
		}
		if n == 0 {
			p.w("（报告文件未提供）")
		}
		p.w("</li>\n")
	}
	p.w("</ul>\n</section>\n")
	p.figures(u.Short, years, figs)
	return p.end()
}

// district is the district page: the figures summed over the units, and the units compared.
func (s *Site) district() string {
	p := s.newPage("全部单位汇总与比较（"+span(s.Years)+"）", District)
	var figs []Figures
	var counts []string
	for _, y := range s.Years {
		f, n := s.Total(y)
		figs = append(figs, f)
		counts = append(counts, fmt.Sprintf("%d年 %d 个", y, n))
	}
	p.w("<p>以下是各年度全部单位的合计（报送单位：%s）。</p>\n", strings.Join(counts, "，"))
	p.figures("全部单位", s.Years, figs)
	p.compare()
	p.corrected()
	return p.end()
}

// chartID numbers the page's charts.
func (p *page) chartID() string { p.charts++; return "c" + strconv.Itoa(p.charts) }

// tableOpen starts a table in its own scrolling box, labelled by its caption.
func (p *page) tableOpen(id, caption string) {
	p.w("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s-cap\">\n<table>\n<caption id=\"%s-cap\">%s</caption>\n", id, id, esc(caption))
}

func (p *page) tableClose() { p.w("</table>\n</div>\n") }

// block writes a section: heading, the chart with its caption, the data table beside it.
func (p *page) block(id, heading, chart, caption string, table func(), note string) {
	p.w("<section aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">%s</h2>\n<div class=\"pair\">\n", id, id, esc(heading))
	if chart != "" {
		p.w("<figure>\n%s\n<figcaption>%s</figcaption>\n</figure>\n", chart, esc(caption))
	}
	table()
	p.w("</div>\n")
	if note != "" {
		p.w("<p class=\"note\">%s</p>\n", esc(note))
	}
	p.w("</section>\n")
}

func count(n int64) string { return strconv.FormatInt(n, 10) }

func rate(a Appeal) string {
	r, ok := a.Rate()
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(100*r, 'f', 1, 64) + "%"
}

// figures writes the four key-figure sections for who over the years.
func (p *page) figures(who string, years []int, figs []Figures) {
	cats := make([]string, len(years))
	for i, y := range years {
		cats[i] = strconv.Itoa(y) + "年"
	}
	mk := func(name string, get func(Figures) int64) series {
		s := series{Name: name}
		for _, f := range figs {
			s.Values = append(s.Values, float64(get(f)))
			s.Labels = append(s.Labels, count(get(f)))
		}
		return s
	}
	words := func(ss []series, unit string) string {
		var parts []string
		for c, cat := range cats {
			var in []string
			for _, s := range ss {
				in = append(in, s.Name+" "+s.Labels[c]+unit)
			}
			parts = append(parts, cat+"："+strings.Join(in, "，"))
		}
		return strings.Join(parts, "；") + "。"
	}

	// applications received
	id := p.chartID()
	ss := []series{mk("本年新收", func(f Figures) int64 { return f.New }), mk("上年结转", func(f Figures) int64 { return f.CarriedOver })}
	title := who + "收到的政府信息公开申请（件）"
	p.block(id, "收到的申请", bars(id, title, words(ss, "件"), cats, ss, true), title, func() {
		p.tableOpen(id, title)
		p.w("<thead><tr><th scope=\"col\">年度</th><th scope=\"col\">本年新收</th><th scope=\"col\">上年结转</th><th scope=\"col\">合计</th></tr></thead>\n<tbody>\n")
		for i, f := range figs {
			p.w("<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td></tr>\n", cats[i], f.New, f.CarriedOver, f.New+f.CarriedOver)
		}
		p.w("</tbody>\n")
		p.tableClose()
	}, "")

	// how they were answered
	id = p.chartID()
	ss = nil
	for i, a := range answerGroups {
		ss = append(ss, mk(a[1], func(f Figures) int64 { return f.Answers[i] }))
	}
	title = who + "申请的办理结果（件）"
	var desc []string
	for c, cat := range cats {
		var in []string
		for _, s := range ss {
			if s.Values[c] > 0 {
				in = append(in, s.Name+" "+s.Labels[c]+"件")
			}
		}
		d := fmt.Sprintf("%s办结 %d 件", cat, figs[c].Answered)
		if len(in) > 0 {
			d += "：" + strings.Join(in, "，") + "，其余各项为 0"
		}
		desc = append(desc, d)
	}
	p.block(id, "办理结果", stacked(id, title, strings.Join(desc, "；")+"。", cats, ss), title+"：各项所占比例", func() {
		p.tableOpen(id, title)
		p.w("<thead><tr><th scope=\"col\">年度</th>")
		for _, a := range answerGroups {
			p.w("<th scope=\"col\">%s</th>", a[1])
		}
		p.w("<th scope=\"col\">总计</th></tr></thead>\n<tbody>\n")
		for i, f := range figs {
			p.w("<tr><th scope=\"row\">%s</th>", cats[i])
			for _, v := range f.Answers {
				p.w("<td>%d</td>", v)
			}
			p.w("<td>%d</td></tr>\n", f.Answered)
		}
		p.w("</tbody>\n")
		p.tableClose()
	}, "")

	// reviews and lawsuits
	id = p.chartID()
	ss = []series{
		mk("行政复议", func(f Figures) int64 { return f.Review.Total }),
		mk("复议结果纠正", func(f Figures) int64 { return f.Review.Corrected }),
		mk("行政诉讼", func(f Figures) int64 { return f.Litigation.Total }),
		mk("诉讼结果纠正", func(f Figures) int64 { return f.Litigation.Corrected }),
	}
	title = who + "的行政复议、行政诉讼（件）"
	desc = nil
	for c, cat := range cats {
		f := figs[c]
		desc = append(desc, fmt.Sprintf("%s：行政复议 %d 件，结果纠正 %d 件，纠错率 %s；行政诉讼 %d 件，结果纠正 %d 件，纠错率 %s",
			cat, f.Review.Total, f.Review.Corrected, rate(f.Review), f.Litigation.Total, f.Litigation.Corrected, rate(f.Litigation)))
	}
	p.block(id, "行政复议和行政诉讼", bars(id, title, strings.Join(desc, "；")+"。", cats, ss, true), title, func() {
		p.tableOpen(id, title+"与纠错率")
		p.w("<thead>\n<tr><td rowspan=\"2\"></td><th scope=\"colgroup\" colspan=\"4\" id=\"%s-r\">行政复议</th><th scope=\"colgroup\" colspan=\"4\" id=\"%s-l\">行政诉讼</th></tr>\n<tr>", id, id)
		for _, g := range []string{"r", "l"} {
			for k, h := range []string{"总计", "结果纠正", "尚未审结", "纠错率"} {
				p.w("<th scope=\"col\" id=\"%s-%s%d\" headers=\"%s-%s\">%s</th>", id, g, k, id, g, h)
			}
		}
		p.w("</tr>\n</thead>\n<tbody>\n")
		for i, f := range figs {
			rid := fmt.Sprintf("%s-y%d", id, i)
			p.w("<tr><th scope=\"row\" id=\"%s\">%s</th>", rid, cats[i])
			for _, g := range []struct {
				k string
				a Appeal
			}{{"r", f.Review}, {"l", f.Litigation}} {
				for k, v := range []string{count(g.a.Total), count(g.a.Corrected), count(g.a.Pending), rate(g.a)} {
					p.w("<td headers=\"%s %s-%s %s-%s%d\">%s</td>", rid, id, g.k, id, g.k, k, v)
				}
			}
			p.w("</tr>\n")
		}
		p.w("</tbody>\n")
		p.tableClose()
	}, "纠错率 ＝ 结果纠正 ÷（总计 − 尚未审结），即已审结案件中结果被纠正的比例；没有审结的案件时记为“—”。行政诉讼含未经复议直接起诉和复议后起诉。")

	// fees
	id = p.chartID()
	title = who + "的行政事业性收费（万元）"
	var fs series
	fs.Name = "收费金额"
	any := false
	for _, f := range figs {
		fs.Values = append(fs.Values, float64(f.Fees)/model.MoneyScale)
		fs.Labels = append(fs.Labels, f.FeeText())
		any = any || f.HasFees
	}
	chart := ""
	if any {
		chart = bars(id, title, words([]series{fs}, "万元"), cats, []series{fs}, false)
	}
	p.block(id, "行政事业性收费", chart, title, func() {
		p.tableOpen(id, title)
		p.w("<thead><tr><th scope=\"col\">年度</th><th scope=\"col\">本年收费金额（万元）</th></tr></thead>\n<tbody>\n")
		for i, f := range figs {
			p.w("<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", cats[i], f.FeeText())
		}
		p.w("</tbody>\n")
		p.tableClose()
	}, "表二第二十条第（八）项；2019、2020 年度的试行格式没有收费金额，记为“/”。")
}

// maxRanked is how many units the comparison chart shows (the table beside it has them all).
const maxRanked = 30

// compare sets the units side by side for the latest year: who received most applications.
func (p *page) compare() {
	s := p.site
	y := s.Latest()
	type row struct {
		u *Unit
		f Figures
	}
	var rows []row
	var missing []string
	for _, u := range s.Units {
		if r := u.Reports[y]; r != nil {
			rows = append(rows, row{u, r.Figures})
		} else {
			missing = append(missing, u.Short)
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		switch {
		case a.f.New > b.f.New:
			return -1
		case a.f.New < b.f.New:
			return 1
		}
		return 0
	})
	id := p.chartID()
	title := fmt.Sprintf("%d年各单位本年新收的申请（件），从多到少", y)
	if len(rows) > maxRanked {
		title = fmt.Sprintf("%d年本年新收申请最多的 %d 个单位（件）", y, maxRanked)
	}
	var names, labels, top []string
	var values []float64
	var total int64
	for i, r := range rows {
		total += r.f.New
		if i < maxRanked {
			names = append(names, r.u.Short)
			values = append(values, float64(r.f.New))
			labels = append(labels, count(r.f.New))
		}
		if i < 3 {
			top = append(top, fmt.Sprintf("%s（%d 件）", r.u.Short, r.f.New))
		}
	}
	desc := fmt.Sprintf("%d 个单位共新收申请 %d 件；最多的是 %s。各单位的数字见旁边的表格。", len(rows), total, strings.Join(top, "、"))
	note := ""
	if len(missing) > 0 {
		note = fmt.Sprintf("%d年未报送的单位：%s。", y, strings.Join(missing, "、"))
	}
	p.block(id, fmt.Sprintf("各单位比较（%d年）", y), ranking(id, title, desc, names, values, labels), title, func() {
		p.tableOpen(id, fmt.Sprintf("%d年各单位主要数据", y))
		p.w("<thead><tr><th scope=\"col\">单位</th><th scope=\"col\">本年新收</th><th scope=\"col\">办结</th><th scope=\"col\">行政复议</th><th scope=\"col\">复议结果纠正</th><th scope=\"col\">行政诉讼</th><th scope=\"col\">诉讼结果纠正</th><th scope=\"col\">收费（万元）</th></tr></thead>\n<tbody>\n")
		for _, r := range rows {
			p.w("<tr><th scope=\"row\" class=\"name\"><a href=\"%s\">%s</a></th><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>\n",
				r.u.Page, esc(r.u.Short), r.f.New, r.f.Answered, r.f.Review.Total, r.f.Review.Corrected, r.f.Litigation.Total, r.f.Litigation.Corrected, r.f.FeeText())
		}
		p.w("</tbody>\n")
		p.tableClose()
	}, note)
}

// corrected lists, for every year, the units whose reviews or lawsuits ended corrected.
func (p *page) corrected() {
	s := p.site
	p.w("<section aria-labelledby=\"fix-h\">\n<h2 id=\"fix-h\">行政复议、行政诉讼结果被纠正的单位</h2>\n")
	n := 0
	for _, y := range s.Years {
		for _, u := range s.Units {
			if r := u.Reports[y]; r != nil && (r.Figures.Review.Corrected > 0 || r.Figures.Litigation.Corrected > 0) {
				n++
			}
		}
	}
	if n == 0 {
		p.w("<p>各年度都没有单位的行政复议或行政诉讼结果被纠正。</p>\n</section>\n")
		return
	}
	p.w("<p>共 %d 个单位年度有结果被纠正的案件，按年度排列：</p>\n", n)
	p.tableOpen("fix", "各年度结果被纠正的单位及纠错率")
	p.w("<thead><tr><th scope=\"col\">年度</th><th scope=\"col\">单位</th><th scope=\"col\">复议结果纠正</th><th scope=\"col\">复议纠错率</th><th scope=\"col\">诉讼结果纠正</th><th scope=\"col\">诉讼纠错率</th></tr></thead>\n<tbody>\n")
	for i := len(s.Years) - 1; i >= 0; i-- {
		y := s.Years[i]
		for _, u := range s.Units {
			r := u.Reports[y]
			if r == nil || r.Figures.Review.Corrected == 0 && r.Figures.Litigation.Corrected == 0 {
				continue
			}
			f := r.Figures
			p.w("<tr><td>%d年</td><th scope=\"row\" class=\"name\"><a href=\"%s\">%s</a></th><td>%d</td><td>%s</td><td>%d</td><td>%s</td></tr>\n",
				y, u.Page, esc(u.Short), f.Review.Corrected, rate(f.Review), f.Litigation.Corrected, rate(f.Litigation))
		}
	}
	p.w("</tbody>\n")
	p.tableClose()
	p.w("</section>\n")
}

// siteCSS: system faces (the site is read on screen), relative sizes, a chart and its table side
// by side where there is room and one under the other where there is not (WCAG 1.4.10).
const siteCSS = `:root{color-scheme:light}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1a1a1a;font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC',SimHei,sans-serif;font-size:1.0625rem;line-height:1.7}
a{color:#0b4f9c}
a:visited{color:#5b2a86}
a:focus-visible,.scroll:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;left:-999em}
.skip:focus{position:static;display:block;padding:.5em 1em}
.top{background:#f3f5f8;border-bottom:1px solid #c8ced6;padding:.5em 1em}
.top .site{margin:0;font-weight:bold}
.top ul{list-style:none;margin:.25em 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25em 1.5em}
.top a[aria-current]{font-weight:bold;color:#1a1a1a}
main{display:block;max-width:68em;margin:0 auto;padding:1em}
footer{max-width:68em;margin:2em auto 0;padding:1em;border-top:1px solid #c8ced6;color:#444;font-size:.875em}
h1{font-size:1.5em;line-height:1.4;margin:.5em 0}
h2{font-size:1.2em;margin:1.5em 0 .5em;padding-bottom:.2em;border-bottom:2px solid #1f4e99}
.pair{display:flex;flex-wrap:wrap;gap:1em 2em;align-items:flex-start}
figure{flex:1 1 22em;min-width:0;max-width:34em;margin:0}
figcaption{font-size:.875em;color:#333;margin-top:.25em}
svg.chart{display:block;width:100%;height:auto;font-family:inherit}
.scroll{flex:1 1 20em;min-width:0;max-width:100%;overflow-x:auto}
table{border-collapse:collapse;font-size:.9375em}
caption{text-align:left;font-weight:bold;padding:.25em 0}
th,td{border:1px solid #8a939e;padding:.3em .6em}
th{font-weight:normal;background:#f3f5f8;text-align:center;white-space:nowrap}
th.name{text-align:left;white-space:nowrap}
td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.files{text-align:left}
td.none{text-align:center;color:#555}
.note{font-size:.875em;color:#333}
ul.files{padding-left:1.5em}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media print{.top nav,.skip{display:none}.scroll{overflow:visible}}
`
