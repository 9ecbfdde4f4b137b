// Package linebreak says where a line of Chinese text may break: the Unicode line-breaking
// algorithm (UAX #14, go-text/typesetting's segmenter) with the Chinese tailoring, and the
// balanced breaking of titles. It knows text only — no fonts, no geometry: layout uses it to set
// the PDF, docx to break the title the same way.
package linebreak

import (
	"math"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/segmenter"
)

// Chinese tailoring of UAX #14 (clreq §3.1.7 "Prohibition rules for line start and end";
// GB/T 15834 punctuation). The Unicode rules already keep closing punctuation off a line start
// (LB13, LB15 …); these sets make the Chinese rules explicit and cover what the default classes
// leave open: the quotation marks “” ‘’ are class QU, which Unicode 15.1's LB19a lets break next to
// ideographs, and the dash and ellipsis must never be split or start a line.
const (
	// NoStart: never at the start of a line (行首禁则).
	NoStart = "，。、；：？！）》」』】〕〗〉”’…—·%‰℃,.;:?!)]}％～々〃ー"
	// NoEnd: never at the end of a line (行尾禁则).
	NoEnd = "（《「『【〔〖〈“‘([{"
)

// Opportunities returns, for each rune of text, whether a line may break before it; [0] is false.
func Opportunities(text []rune) []bool {
	out := make([]bool, len(text))
	var seg segmenter.Segmenter
	seg.Init(text)
	it := seg.LineIterator()
	for it.Next() {
		l := it.Line()
		if l.Offset > 0 && l.Offset < len(text) {
			out[l.Offset] = true // UAX #14 opportunity
		}
	}
	for i := 1; i < len(text); i++ {
		prev, cur := text[i-1], text[i]
		switch {
		case strings.ContainsRune(NoStart, cur):
			out[i] = false
		case strings.ContainsRune(NoEnd, prev):
			out[i] = false
		// A number is never split from its unit or sign (GB/T 9704-1999 "数字、年份不能回行"):
		// 2022年, 15件, 3.5万元 stay together.
		case isDigit(prev) && (unicode.Is(unicode.Han, cur) || isDigit(cur)):
			out[i] = false
			// Between two ideographs (and ideograph ↔ Latin), UAX #14 already allows a break (LB31);
			// after a Latin word followed by an ideograph too. Inside a Latin word it never does.
		}
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// protected are words a title line must not be broken inside (GB/T 9704 §7.3.1: "回行时，要做到
// 词意完整").
var protected = []string{"政府信息公开", "工作年度报告", "年度报告", "人民政府", "办公室", "委员会", "管理局"}

// TitleOpportunities are the places a title may break: Opportunities minus those inside a
// protected word.
func TitleOpportunities(rs []rune) []bool {
	br := Opportunities(rs)
	text := string(rs)
	for _, w := range protected {
		for from := 0; ; {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			start := len([]rune(text[:from+i]))
			for k := start + 1; k < start+len([]rune(w)); k++ {
				br[k] = false
			}
			from += i + len(w)
		}
	}
	return br
}

// Balance breaks a title into the fewest lines no wider than max, choosing among the
// opportunities br the breaks that make the longest line shortest; among equals it prefers a
// shorter first line (梯形, each line no longer than the next; GB/T 9704 §7.3.1 "排列对称"). widths
// are the characters' advances. It returns the lines as [start, end) rune ranges, or nil when no
// choice of at most four lines fits.
func Balance(widths []float64, br []bool, max float64) [][2]int {
	n := len(widths)
	pre := make([]float64, n+1)
	for i, w := range widths {
		pre[i+1] = pre[i] + w
	}
	w := func(a, b int) float64 { return pre[b] - pre[a] }
	if w(0, n) <= max+0.01 {
		return [][2]int{{0, n}}
	}
	var cands []int
	for i := 1; i < n; i++ {
		if br[i] {
			cands = append(cands, i)
		}
	}
	var best [][2]int
	bestMax, bestFirst := math.Inf(1), math.Inf(1)
	for nl := 2; nl <= 4 && best == nil; nl++ {
		var rec func(start, from int, acc [][2]int)
		rec = func(start, from int, acc [][2]int) {
			if len(acc) == nl-1 {
				all := append(append([][2]int{}, acc...), [2]int{start, n})
				m := 0.0
				for _, l := range all {
					lw := w(l[0], l[1])
					if lw > max+0.01 {
						return
					}
					m = math.Max(m, lw)
				}
				first := w(all[0][0], all[0][1])
				if m < bestMax-0.01 || math.Abs(m-bestMax) <= 0.01 && first < bestFirst {
					best, bestMax, bestFirst = all, m, first
				}
				return
			}
			for ci := from; ci < len(cands); ci++ {
				rec(cands[ci], ci+1, append(acc, [2]int{start, cands[ci]}))
			}
		}
		rec(0, 0, nil)
	}
	return best
}
