package published

import (
	"fmt"
	"strings"

	"nianbao/model"
)

// sectionHeadings are the six headings and the variants seen in real reports
// (official-format.md §2), without their numbers.
var sectionHeadings = [6][]string{
	{"总体情况"},
	{"主动公开政府信息情况", "主动公开政府信息的情况"},
	{"收到和处理政府信息公开申请情况", "收到和处理政府信息公开的申请情况"},
	{"政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"},
	{"存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"},
	{"其他需要报告的事项"},
}

var numerals = []string{"一", "二", "三", "四", "五", "六"}

// headingOf returns the section a line or paragraph heads (0–5), or -1. The number may be
// written 一、 or 1、 (real reports misnumber them); the words must be close to a known heading.
func headingOf(text string) int {
	s := stripSpace(text)
	rest := ""
	k := -1
	for i, n := range numerals {
		for _, p := range []string{n + "、", n + "．", n + ".", fmt.Sprint(i+1) + "、", fmt.Sprint(i+1) + "．", fmt.Sprint(i+1) + "."} {
			if strings.HasPrefix(s, p) {
				rest, k = strings.TrimPrefix(s, p), i
			}
		}
	}
	rest = strings.TrimRight(rest, "。：:")
	if rest == "" {
		return -1
	}
	// the number may be wrong (the seed numbers its sections 1, 4, 5, 6): the words decide
	best, at := 0.0, -1
	for i, hs := range sectionHeadings {
		for _, h := range hs {
			if len([]rune(rest)) > len([]rune(h))+8 {
				continue
			}
			sc := similarity(h, rest)
			if sc > best || sc == best && i == k {
				best, at = sc, i
			}
		}
	}
	if best >= 0.75 {
		return at
	}
	return -1
}

// similarity is the share of a's characters found in order in b (the longest common
// subsequence over len(a)), penalised when b is much longer.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 {
		return 0
	}
	n := lcs(ra, rb)
	return float64(n) / float64(len(ra))
}

func lcs(a, b []rune) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// anchor reports whether a line holds the first cells of table t (0, 1, 2).
func anchor(t int, segs []item) bool {
	for _, s := range segs {
		x := stripSpace(s.text)
		switch t {
		case 0:
			if strings.HasPrefix(x, "第二十条第") || x == "信息内容" {
				return true
			}
		case 1:
			if strings.Contains(x, "申请人情况") || strings.HasPrefix(x, "（本列数据") || strings.HasPrefix(x, "本列数据") || strings.HasPrefix(x, "(本列数据") {
				return true
			}
		case 2:
			if x == "行政复议" || x == "行政诉讼" {
				return true
			}
		}
	}
	return false
}

// positionedBlocks turns the lines of a PDF or OFD into blocks: the title, headings,
// paragraphs (a paragraph ends at a short line; one starts at an indented line), right-set
// lines (signature, date), and the three tables' segments.
func positionedBlocks(ls []line) []block {
	size, left, right := bodyMetrics(ls)
	var bs []block
	sec, tab := -1, -1
	para := -1 // index of the paragraph being built
	started := false
	for i, l := range ls {
		where := fmt.Sprintf("第%d页 y=%.0f", l.page+1, l.y)
		if !started && l.size > 1.1*size {
			if n := len(bs); n > 0 && bs[n-1].size == -1 {
				bs[n-1].text += stripSpace(l.text)
			} else {
				bs = append(bs, block{text: stripSpace(l.text), where: where, size: -1, tab: -1})
			}
			continue
		}
		started = true
		if h := headingOf(l.text); h > sec && len(l.segs) == 1 {
			bs = append(bs, block{text: l.text, where: where, size: l.size, tab: -1})
			sec, tab, para = h, -1, -1
			continue
		}
		if tab < 0 && sec >= 1 && sec <= 3 && anchor(sec-1, l.segs) {
			tab = sec - 1
			bs = append(bs, block{tab: tab, where: where})
		}
		if tab >= 0 {
			b := &bs[len(bs)-1]
			b.table = append(b.table, l.segs...)
			continue
		}
		if l.x1 > left+3*size && len(l.segs) <= 2 {
			bs = append(bs, block{text: stripSpace(l.text), where: where, size: l.size, right: true, tab: -1})
			para = -1
			continue
		}
		newPara := para < 0 || l.x1 > left+0.9*size
		if i > 0 && !newPara {
			prev := ls[i-1]
			if prev.x2 < right-1.2*size {
				newPara = true
			}
		}
		if newPara {
			bs = append(bs, block{text: l.text, where: where, size: l.size, tab: -1})
			para = len(bs) - 1
			continue
		}
		bs[para].text = joinText(bs[para].text, l.text, true)
	}
	return bs
}

// narrativeKey is the narrative a paragraph belongs to in section sec (-1 before 一).
func narrativeKey(sec int) string {
	for _, tk := range model.TextKeys() {
		if tk.Section == sec {
			return tk.Key
		}
	}
	return model.TextOpening
}
