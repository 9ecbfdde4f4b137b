package html

import "strings"

// Font stacks: the official face's names on a government PC first (Windows, the 方正 and
// GB2312 versions), then macOS, then the free faces common on Linux (the same ones the tool
// embeds in the PDF), then the generic family. Single quotes, so a stack survives inside a
// style attribute.
const (
	fangsong = "'FangSong_GB2312','仿宋_GB2312',FangSong,'仿宋',STFangsong,'华文仿宋','Zhuque Fangsong','Noto Serif CJK SC','Source Han Serif SC','Songti SC',SimSun,'宋体',serif"
	heiti    = "SimHei,'黑体','Heiti SC',STHeiti,'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif"
	kaiti    = "'KaiTi_GB2312','楷体_GB2312',KaiTi,'楷体',STKaiti,'Kaiti SC','华文楷体','LXGW WenKai',serif"
	songti   = "'FZXiaoBiaoSong-B05S','方正小标宋简体','FZXiaoBiaoSong-B05','Noto Serif CJK SC','Source Han Serif SC','Songti SC',SimSun,'宋体',serif"
)

// look is a class and its declarations: the style sheet's rule in a page, the style attribute
// in a fragment. Order matters: a later look overrides an earlier one on the same element.
type look struct{ class, decl string }

const border = "border:1px solid #000;"

var looks = []look{
	{"nb-report", "display:block;max-width:40em;margin:0 auto;padding:1em 1em 2em;color:#000;background:#fff;font-family:" + fangsong +
		";font-size:1.125rem;line-height:1.9;overflow-wrap:break-word"},
	{"nb-title", "margin:.5em 0 1em;font-family:" + songti + ";font-size:1.5em;font-weight:bold;line-height:1.5;text-align:center;text-wrap:balance"},
	{"nb-nowrap", "display:inline-block"},
	// the six section headings (GB/T 9704 §7.3.3: 一、 in 黑体, indented two characters)
	{"nb-h1", "margin:0;text-indent:2em;font-family:" + heiti + ";font-size:1em;font-weight:normal;line-height:1.9"},
	// sub-headings, as headings or as the run-in words of a paragraph: （一） 楷体, 1. and （1） 仿宋
	{"nb-h2", "margin:0;text-indent:2em;font-family:" + kaiti + ";font-size:1em;font-weight:normal;line-height:1.9"},
	{"nb-h3", "margin:0;text-indent:2em;font-size:1em;font-weight:normal;line-height:1.9"},
	{"nb-h4", "margin:0;text-indent:2em;font-size:1em;font-weight:normal;line-height:1.9"},
	{"nb-bold", "font-weight:bold"},
	{"nb-p", "margin:0;text-indent:2em;text-align:justify"},
	{"nb-signature", "margin:2em 0 0;padding-right:2em;text-align:right"},
	// a table scrolls sideways in its own box on a narrow screen (WCAG 1.4.10)
	{"nb-scroll", "overflow-x:auto;max-width:100%;margin:.5em 0 1em"},
	{"nb-table", "width:100%;border-collapse:collapse;font-size:.8125em;line-height:1.45"},
	{"nb-table-2", "min-width:24em"},
	{"nb-table-3", "min-width:46em"},
	{"nb-table-4", "min-width:46em"},
	// the caption is for screen readers: the section heading just above says the same
	{"nb-caption", "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0"},
	{"nb-th", border + "padding:.3em .4em;font-weight:normal;text-align:left;vertical-align:middle"},
	{"nb-colhead", "text-align:center"},
	{"nb-num", border + "padding:.3em .5em;text-align:right;vertical-align:middle;font-variant-numeric:tabular-nums;white-space:nowrap"},
	{"nb-note", border + "padding:.3em .4em;font-size:.875em;text-align:left;vertical-align:middle"},
}

// inline is the declarations of a space-separated list of classes, for a style attribute.
func inline(classes string) string {
	var b []string
	for _, c := range strings.Fields(classes) {
		for _, l := range looks {
			if l.class == c {
				b = append(b, l.decl)
			}
		}
	}
	return strings.Join(b, ";")
}

// pageCSS is what only a page has: the screen's frame, focus, the phone and the printed page.
// Print (GB/T 9704 §5.2.1, §7.5): A4, margins 37 mm top and 28 mm left around the 156 × 225 mm
// type area, 3号 (16 pt) text on 22 lines a page, 2号 title, tables in 五号, page numbers 4号
// "— 1 —" outside (right on odd pages, left on even). Table 二's blocks (one 第二十条 item each)
// stay whole, as in the PDF; table 三 breaks between rows, its header rows repeated (a cell may
// not be kept whole: Chromium then moves the 22 rows that 三、本年度办理结果 spans as one).
const pageCSS = `:root{color-scheme:light}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff}
.nb-scroll:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
@media (max-width:30em){.nb-report{padding:.75em .75em 1.5em}}
@page{size:A4;margin:37mm 26mm 35mm 28mm}
@page:right{@bottom-right{content:"— " counter(page) " —";font-family:SimSun,'宋体','Noto Serif CJK SC',serif;font-size:14pt;padding-right:1em;vertical-align:top}}
@page:left{@bottom-left{content:"— " counter(page) " —";font-family:SimSun,'宋体','Noto Serif CJK SC',serif;font-size:14pt;padding-left:1em;vertical-align:top}}
@media print{
.nb-report{max-width:none;margin:0;padding:0;font-size:16pt;line-height:28.95pt}
.nb-title{font-size:22pt;line-height:1.5;margin:0 0 28.95pt}
.nb-h1,.nb-h2,.nb-h3,.nb-h4{line-height:28.95pt;break-after:avoid}
.nb-scroll{overflow:visible;margin:0 0 14pt}
.nb-table{font-size:10.5pt;line-height:1.35}
.nb-table-2,.nb-table-3,.nb-table-4{min-width:0}
thead{display:table-header-group}
.nb-table-2 tbody{break-inside:avoid}
.nb-signature{break-inside:avoid;margin-top:28.95pt}
}
`

// css is a page's style sheet: the looks as class rules, then pageCSS.
func css() string {
	var b strings.Builder
	for _, l := range looks {
		b.WriteString("." + l.class + "{" + l.decl + "}\n")
	}
	b.WriteString(pageCSS)
	return b.String()
}
