package model

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/lazy"
)

// Sub-heading markers of GB/T 9704 §7.3.3 at the start of a line: （一） level 2, 1. level 3,
// （1） level 4. "1." must not be followed by a digit (1.5万元 is a number, not a heading), and
// "2022年" is not "2." — the marker needs its full stop.
var headingRE = [...]struct {
	level int
	re    func() *regexp.Regexp
}{
	{2, lazy.Regexp(`^（[一二三四五六七八九十百]+）`)},
	{3, lazy.Regexp(`^[0-9０-９]+[.．]([^0-9０-９]|$)`)},
	{4, lazy.Regexp(`^[（(][0-9０-９]+[）)]`)},
}

// paste normalises what text copied from web pages and word processors carries invisibly: no-break
// spaces become spaces; zero-width spaces, joiners and byte-order marks go (they would split
// words for the line breaker and hide from the reader); line and paragraph separators
// (U+2028, U+2029) become the line breaks they stand for.
var paste = strings.NewReplacer(
	"\u00A0", " ", "\u202F", " ", "\u2007", " ",
	"\u200B", "", "\u2060", "", "\uFEFF", "", "\u00AD", "",
	"\u2028", "\n", "\u2029", "\n\n")

// Normalize applies the same to a one-line value (an organ's name, a title): separators
// become spaces.
func Normalize(s string) string { return oneLine.Replace(paste.Replace(s)) }

var oneLine = strings.NewReplacer("\n", " ")

// ParseText splits narrative text into paragraphs.
//
// Paragraphs are separated by blank lines. A line break inside a paragraph joins the lines with
// no space between Chinese characters; a space is kept only between two Latin words (a TOML
// multi-line string wrapped by an editor must not put stray spaces between Hanzi, cf. typst#792).
// A line starting with a sub-heading marker is a paragraph of its own; its heading words run to the
// first 。 and what follows on that line is body text. A line starting with a backslash is never
// a heading (the backslash is dropped). Leading and trailing blanks of lines (spaces, tabs,
// ideographic spaces used as manual indentation) are layout and are dropped; nothing else changes.
// at locates line n (1-based) of s in its file, as its reader finds it (a line of the data file, a
// paragraph of a Word document, a workbook cell), for Para.At and messages; nil gives lines of s.
// Fix says what was changed in pasted text (rule R14).
func ParseText(s string, at func(n int) input.Location) ([]Para, Fix, *i18n.Text) {
	if at == nil {
		at = func(n int) input.Location { return input.Location{Line: n} }
	}
	return parseText(s, at)
}

// Fix counts what parseText changed in pasted text: half-width punctuation between Chinese
// characters made full-width, and "(一)" made "（一）" (rule R14 reports it once per part).
type Fix struct {
	Count    int
	At       input.Location // where the first fix is
	Was, Now string         // the first fix
}

func parseText(s string, at func(n int) input.Location) ([]Para, Fix, *i18n.Text) {
	var fix Fix
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = paste.Replace(s)
	var paras []Para
	var cur *Para
	flush := func() {
		if cur != nil && (cur.Lead != "" || cur.Text != "") {
			paras = append(paras, *cur)
		}
		cur = nil
	}
	for i, raw := range strings.Split(s, "\n") {
		ln := i + 1
		for _, r := range raw {
			if r != '\t' && (unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF') {
				where := at(ln)
				where.File = ""
				t := i18n.F("%s含有控制字符 U+%04X，请删除", "%s contains the control character U+%04X: remove it", strings.TrimPrefix(where.String(), ":"), r)
				return nil, fix, &t
			}
		}
		line := strings.TrimFunc(strings.ReplaceAll(raw, "\t", " "), isBlank)
		if fixed, n := fullWidth(line); n > 0 {
			if fix.Count == 0 {
				fix.At, fix.Was, fix.Now = at(ln), excerpt(line, fixed), excerpt(fixed, line)
			}
			fix.Count += n
			line = fixed
		}
		if line == "" {
			flush()
			continue
		}
		escaped := strings.HasPrefix(line, `\`)
		if escaped {
			line = strings.TrimFunc(strings.TrimPrefix(line, `\`), isBlank)
			if line == "" {
				continue // a lone backslash: nothing to keep
			}
		}
		if level := HeadingLevel(line); level > 0 && !escaped {
			flush()
			p := Para{Level: level, Lead: line, At: at(ln)}
			p.Marker, p.Number = marker(level, line)
			if j := strings.Index(line, "。"); j >= 0 && j+len("。") < len(line) {
				p.Lead, p.Text = line[:j+len("。")], line[j+len("。"):]
			}
			paras = append(paras, p)
			continue
		}
		if cur == nil || cur.Level > 0 {
			flush()
			cur = &Para{At: at(ln)}
			cur.Text = line
			if !escaped {
				cur.Malformed, cur.Fix = malformed(line)
			}
			continue
		}
		cur.Text = joinLines(cur.Text, line)
	}
	flush()
	return paras, fix, nil
}

// fullWidth makes the half-width punctuation between Chinese characters full-width — text pasted
// from web pages keeps ",:;?!()" — and "(一)" at a line's start "（一）", so it is read as the
// heading it is. It returns the line and how many marks it changed. Decimal points, Latin text
// and numbers keep their punctuation.
func fullWidth(line string) (string, int) {
	rs := []rune(line)
	n := 0
	han := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.Is(unicode.Han, rs[i]) || strings.ContainsRune("，。、；：？！“”（）《》", rs[i]))
	}
	digit := func(i int) bool { return i >= 0 && i < len(rs) && (rs[i] >= '0' && rs[i] <= '9') }
	// brackets change in pairs, never one of them: "联系(电话0851-1234)。" becomes
	// "联系（电话0851-1234）。", both full-width, though a digit stands inside the closing one
	var open []int
	for i, r := range rs {
		switch r {
		case '(':
			open = append(open, i)
		case ')':
			if len(open) == 0 {
				// unpaired: full-width between Chinese ("一)标题" becomes "一）标题", which R14 names)
				if han(i-1) && (i+1 == len(rs) || han(i+1)) {
					rs[i] = '）'
					n++
				}
				continue
			}
			o := open[len(open)-1]
			open = open[:len(open)-1]
			if o == 0 && han(o+1) || han(o-1) && (han(o+1) || han(i-1)) || han(i+1) && han(o+1) {
				rs[o], rs[i] = '（', '）'
				n += 2
			}
		}
	}
	for _, o := range open { // unpaired opening brackets, as unpaired closing ones
		if han(o+1) && (o == 0 || han(o-1)) {
			rs[o] = '（'
			n++
		}
	}
	for i, r := range rs {
		var to rune
		switch r {
		case ',', ';', ':', '?', '!':
			// between Chinese, or after it before a number or at the end: 电话:0851 → 电话：0851
			if han(i-1) && (han(i+1) || i+1 == len(rs) || r != '?' && r != '!' && digit(i+1)) {
				to = map[rune]rune{',': '，', ';': '；', ':': '：', '?': '？', '!': '！'}[r]
			}
		case '.':
			// a full stop typed as "." after Chinese: at the end, or between Chinese (never in 1.5 or 1.标题)
			if han(i-1) && (i+1 == len(rs) || han(i+1)) {
				to = '。'
			}
		}
		if to != 0 {
			rs[i] = to
			n++
		}
	}
	return string(rs), n
}

// excerpt is a few characters of a around its first difference from b, for messages.
func excerpt(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return string(ra[max(0, i-3):min(len(ra), i+3)])
}

var (
	numeralRE   = lazy.Regexp(`^（([一二三四五六七八九十]+)）`)
	arabicRE    = lazy.Regexp(`^[（(]?([0-9０-９]+)[.．）)]`)
	malformedRE = [...]struct {
		re  func() *regexp.Regexp
		fix func(m []string) string
	}{
		{lazy.Regexp(`^([一二三四五六七八九十]+)[)）]`), func(m []string) string { return "（" + m[1] + "）" }},
		{lazy.Regexp(`^[（(]([一二三四五六七八九十]+)[、.．]`), func(m []string) string { return "（" + m[1] + "）" }},
		{lazy.Regexp(`^([0-9]+)、`), func(m []string) string { return m[1] + "." }},
	}
)

// marker returns a heading's number marker and its value: "（三）" 3, "2." 2, "（1）" 1.
func marker(level int, line string) (string, int) {
	if m := numeralRE().FindStringSubmatch(line); level == 2 && m != nil {
		n, _ := ParseChinese(m[1])
		return m[0], int(n)
	}
	if m := arabicRE().FindStringSubmatch(line); m != nil {
		n, _ := strconv.Atoi(halfWidth.Replace(m[1]))
		return m[0], n
	}
	return "", 0
}

// malformed recognises a heading number written the wrong way at a paragraph's start: "一)",
// "（一、", "1、" — and says how GB/T 9704 §7.3.3 writes it.
func malformed(line string) (was, fix string) {
	for _, m := range malformedRE {
		if s := m.re().FindStringSubmatch(line); s != nil {
			return s[0], m.fix(s)
		}
	}
	return "", ""
}

// Marker renders heading number n at a level: （三）, 3., （3）.
func Marker(level, n int) string {
	switch level {
	case 2:
		return "（" + chineseNumeral(n) + "）"
	case 3:
		return strconv.Itoa(n) + "."
	}
	return "（" + strconv.Itoa(n) + "）"
}

func chineseNumeral(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return d[n]
	case n < 20:
		return "十" + d[n%10]
	}
	return d[n/10] + "十" + d[n%10]
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' }

// HeadingLevel is the sub-heading level a line starts with (2, 3, 4), 0 for body text.
func HeadingLevel(line string) int {
	for _, h := range headingRE {
		if h.re().MatchString(line) {
			return h.level
		}
	}
	return 0
}

// joinLines joins two lines of one paragraph: a space only between two Latin (ASCII) words.
func joinLines(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	last := a[len(a)-1]
	first := b[0]
	if last < 0x80 && first < 0x80 && isWordByte(first) && last != '-' {
		return a + " " + b
	}
	return a + b
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Plain returns the paragraphs' text as one string (for searching the narrative).
func Plain(ps []Para) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Lead)
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// periodRE finds the statistical period's dates: 2023年1月1日, 2023年12月31日.
var periodRE = lazy.Regexp(`(\d{4})年(?:1月1日|12月31日)`)

// PeriodDates finds the dates of a statistical period in s ("2023年1月1日至12月31日"): each match
// and its year.
func PeriodDates(s string) [][]string { return periodRE().FindAllStringSubmatch(s, -1) }

// MovePeriod rewrites the period dates of year from in s to year to.
func MovePeriod(s string, from, to int) string {
	return periodRE().ReplaceAllStringFunc(s, func(m string) string {
		if n, _ := strconv.Atoi(m[:4]); n == from {
			return strconv.Itoa(to) + m[4:]
		}
		return m
	})
}

// TextOf writes paragraphs back as the narrative text they were read from (ParseText reads it
// back to the same paragraphs): blank lines between them, sub-headings on lines of their own, a
// leading backslash where body text would be read as a heading.
func TextOf(ps []Para) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		text := p.Lead + p.Text
		if p.Level == 0 && HeadingLevel(text) > 0 || strings.HasPrefix(text, `\`) {
			text = `\` + text
		}
		b.WriteString(text + "\n")
	}
	return b.String()
}
