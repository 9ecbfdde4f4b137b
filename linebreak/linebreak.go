// Package linebreak says where a line of Chinese text may break: the Unicode line-breaking
// algorithm (UAX #14, go-text/typesetting's segmenter) with the Chinese tailoring, and the
// balanced breaking of titles. It knows text only — no fonts, no geometry: layout uses it to set
// the PDF, docx to break the title the same way.
package linebreak

import (
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
	// rune index of every byte offset, so each match is placed in constant time
	at := make([]int, len(text)+1)
	k := 0
	for i := range text {
		at[i] = k
		k++
	}
	at[len(text)] = k
	for _, w := range protected {
		n := len([]rune(w))
		for from := 0; ; {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			start := at[from+i]
			for k := start + 1; k < start+n; k++ {
				br[k] = false
			}
			from += i + len(w)
		}
	}
	return br
}

// MaxTitleLines is the most lines Balance breaks a title into.
const MaxTitleLines = 4

// Balance breaks a title into the fewest lines no wider than max, choosing among the
// opportunities br the breaks that make the longest line shortest; among equals it prefers
// shorter lines first (梯形, each line no longer than the next; GB/T 9704 §7.3.1 "排列对称").
// widths are the characters' advances. It returns the lines as [start, end) rune ranges, or nil
// when no choice of at most MaxTitleLines lines fits.
//
// It runs in O(n log(W/ε)): for a number of lines, the shortest longest line is found by
// bisection, each step a greedy pass (the fewest lines of width ≤ M are found by breaking as
// late as possible, and a split into exactly k lines exists when that fewest number ≤ k ≤ the
// number of opportunities + 1: a line can always be split further without growing).
func Balance(widths []float64, br []bool, max float64) [][2]int {
	const eps = 0.01
	n := len(widths)
	pre := make([]float64, n+1)
	for i, w := range widths {
		pre[i+1] = pre[i] + w
	}
	w := func(a, b int) float64 { return pre[b] - pre[a] }
	if w(0, n) <= max+eps {
		return [][2]int{{0, n}}
	}
	pos := []int{0} // the places a line may start or end
	for i := 1; i < n; i++ {
		if br[i] {
			pos = append(pos, i)
		}
	}
	pos = append(pos, n)
	// fewest[i]: the fewest lines no wider than m from pos[i] to the end (-1: impossible)
	fewest := func(m float64) []int {
		f := make([]int, len(pos))
		last := len(pos) - 1
		f[last] = 0
		j := last
		for i := last - 1; i >= 0; i-- {
			// the farthest end reachable from pos[i]: it only moves left as i does
			for j > i && w(pos[i], pos[j]) > m+eps {
				j--
			}
			// a rest that cannot be set from pos[j] cannot be set from any nearer end either (the
			// line that covers pos[j] in such a setting could end where that one does)
			if j == i || f[j] < 0 {
				f[i] = -1
			} else {
				f[i] = f[j] + 1
			}
		}
		return f
	}
	fits := func(lines int, m float64) bool {
		f := fewest(m)[0]
		return f > 0 && f <= lines && lines <= len(pos)-1
	}
	for lines := 2; lines <= MaxTitleLines; lines++ {
		if !fits(lines, max) {
			continue
		}
		lo, hi := 0.0, max
		for hi-lo > eps/4 {
			if mid := (lo + hi) / 2; fits(lines, mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		// shortest lines first: at each line, the nearest end that leaves a feasible rest
		f := fewest(hi)
		var out [][2]int
		i := 0
		for left := lines; left > 1; left-- {
			k := i + 1
			for ; k < len(pos)-1; k++ {
				if w(pos[i], pos[k]) > hi+eps {
					return nil // cannot happen: fits said a split exists
				}
				if f[k] > 0 && f[k] <= left-1 && left-1 <= len(pos)-1-k {
					break
				}
			}
			out = append(out, [2]int{pos[i], pos[k]})
			i = k
		}
		return append(out, [2]int{pos[i], n})
	}
	return nil
}
