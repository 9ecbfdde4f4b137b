package model

import (
	"regexp"
	"strings"
	"unicode"

	"nianbao/i18n"
)

// Sub-heading markers of GB/T 9704 §7.3.3 at the start of a line: （一） level 2, 1. level 3,
// （1） level 4. "1." must not be followed by a digit (1.5万元 is a number, not a heading), and
// "2022年" is not "2." — the marker needs its full stop.
var headingRE = []struct {
	level int
	re    *regexp.Regexp
}{
	{2, regexp.MustCompile(`^（[一二三四五六七八九十百]+）`)},
	{3, regexp.MustCompile(`^[0-9０-９]+[.．]([^0-9０-９]|$)`)},
	{4, regexp.MustCompile(`^[（(][0-9０-９]+[）)]`)},
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
// firstLine is the line number of the text's first line in its file, for messages.
func ParseText(s string, firstLine int) ([]Para, *i18n.Text) {
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
		ln := firstLine + i
		for _, r := range raw {
			if r != '\t' && (unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF') {
				t := i18n.F("第 %d 行含有控制字符 U+%04X，请删除", "line %d contains the control character U+%04X: remove it", ln, r)
				return nil, &t
			}
		}
		line := strings.TrimFunc(strings.ReplaceAll(raw, "\t", " "), isBlank)
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
		if level := headingLevel(line); level > 0 && !escaped {
			flush()
			p := Para{Level: level, Lead: line, Line: ln}
			if j := strings.Index(line, "。"); j >= 0 && j+len("。") < len(line) {
				p.Lead, p.Text = line[:j+len("。")], line[j+len("。"):]
			}
			paras = append(paras, p)
			continue
		}
		if cur == nil || cur.Level > 0 {
			flush()
			cur = &Para{Line: ln}
			cur.Text = line
			continue
		}
		cur.Text = joinLines(cur.Text, line)
	}
	flush()
	return paras, nil
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' }

func headingLevel(line string) int {
	for _, h := range headingRE {
		if h.re.MatchString(line) {
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
