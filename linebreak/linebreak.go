// Package linebreak says where a line of Chinese text may break: the Unicode line-breaking
// algorithm (UAX #14, go-text/typesetting's segmenter) with the Chinese tailoring, and the
// balanced breaking of titles. It knows text only — no fonts, no geometry: layout uses it to set
// the PDF, docx to break the title the same way.
package linebreak

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
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
	for _, sp := range Addresses(text) {
		addressBreaks(out, text, sp[0], sp[1])
	}
	return out
}

// addressRE finds web addresses and e-mail addresses in running text: scheme or www. up to the
// first space or Chinese character, or local@domain.
var addressRE = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not at start-up
	return regexp.MustCompile(`(?i:https?://|ftp://|www\.)[!-~]+|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
})

// Addresses returns the [start, end) rune ranges of the web and e-mail addresses in text.
func Addresses(text []rune) [][2]int {
	// every match holds "@", "//" or a "." (www.): text without them, nearly every paragraph
	// and table label, is not searched
	if !slices.ContainsFunc(text, func(r rune) bool { return r == '@' || r == '/' || r == '.' }) {
		return nil
	}
	s := string(text)
	var out [][2]int
	for _, m := range addressRE().FindAllStringIndex(s, -1) {
		// a sentence's own punctuation after an address is not part of it
		end := strings.TrimRight(s[m[0]:m[1]], ".,;:!?)]'\"")
		a := len([]rune(s[:m[0]]))
		out = append(out, [2]int{a, a + len([]rune(end))})
	}
	return out
}

// addressBreaks replaces the breaks inside an address (text[a:b]) by the ones address style
// allows (Chicago Manual of Style 6.76, clreq): before "/", "?", "#", "%", "~", "&" and "@",
// after "=" — so that the mark starting the next line shows the address goes on. Never at a dot:
// after it, "gov." at a line end reads as a full stop, and before it the dot would start a line,
// which the prohibition rules forbid (行首禁则, GB/T 15834). Never inside the scheme
// ("https://"), never at a hyphen, which a reader would take as part of the address.
func addressBreaks(br []bool, text []rune, a, b int) {
	scheme := a
	for i := a; i+2 < b; i++ {
		if text[i] == ':' && text[i+1] == '/' && text[i+2] == '/' {
			scheme = i + 3
			break
		}
	}
	for i := a + 1; i < b; i++ {
		br[i] = false
		switch {
		case i <= scheme:
		case strings.ContainsRune("/?#%~&@", text[i]) && !strings.ContainsRune("./?#%~&@=", text[i-1]):
			br[i] = true
		case text[i-1] == '=' && text[i] != '&':
			br[i] = true
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// protected are words a title line must not be broken inside (GB/T 9704 §7.3.1: "回行时，要做到
// 词意完整").
var protected = []string{"政府信息公开", "工作年度报告", "年度报告", "人民政府", "办公室", "委员会", "管理局"}

// organEnds are the words an organ's name is made of end with (GB/T 9704 §7.3.1: "回行时，要做
// 到词意完整"): inside the organ's part of a title a line breaks only after one of them, so never
// "管理|委员会" or "驻|宁和". The longest match counts (管理委员会 before 委员会).
var organEnds = []string{"人民政府", "办事处", "管理委员会", "委员会", "管委会", "办公厅", "办公室", "自治区", "自治州", "自治县",
	"街道", "中心", "政府", "省", "市", "州", "盟", "县", "区", "旗", "乡", "镇", "局", "厅", "部", "署", "院", "所", "站", "处", "队"}

// notEnds are words that begin with a one-character organ ending but are not one: 市场监督, 区域,
// 部门 … — no break after their first character.
var notEnds = []string{"市场", "市政", "市容", "市民", "区域", "县域", "镇区", "乡村", "局面", "部门", "处理", "处置", "所有", "所属", "站点", "院校", "署名", "队伍"}

// TitleLines breaks a title into lines no wider than max (rune widths in any unit): the organ's
// part — what stands before the year ("2023年"), or before "政府信息公开" — breaks only between
// the words of its name, and a title too long for one line breaks between the organ and
// "2023年政府信息公开工作年度报告" whenever that costs no extra line (梯形, GB/T 9704 §7.3.1).
// Otherwise the whole title is balanced (Balance). nil when no choice of at most MaxTitleLines
// lines fits.
func TitleLines(widths []float64, rs []rune, max float64) [][2]int {
	br := TitleOpportunities(rs)
	cut := organEnd(rs)
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if cut > 0 && cut < len(rs) && total > max+0.01 { // one line when it fits
		whole := Balance(widths, br, max)
		head := Balance(widths[:cut], br[:cut], max)
		tail := Balance(widths[cut:], br[cut:], max)
		// the break between organ and year, unless it costs a line
		if head != nil && tail != nil && (whole == nil || len(head)+len(tail) <= len(whole)) && len(head)+len(tail) <= MaxTitleLines {
			if !shapely(widths, head, tail, cut) {
				// 梯形 or 菱形 (GB/T 9704 §7.3.1), never an hourglass: the organ's lines chosen again
				for n := len(head); n+len(tail) <= MaxTitleLines; n++ { // one line more if need be
					if h := shapedHead(widths, br, cut, n, tail, max); h != nil {
						head = h
						break
					}
				}
			}
			for _, l := range tail {
				head = append(head, [2]int{l[0] + cut, l[1] + cut})
			}
			return head
		}
		return whole
	}
	return Balance(widths, br, max)
}

// unimodal: do the line widths ws rise (or stay) and then fall (or stay) — a trapezoid (梯形) or a
// diamond (菱形), not an hourglass (17/15/13/15.4 em)? Differences under tol do not count.
func unimodal(ws []float64, tol float64) bool {
	i := 0
	for i+1 < len(ws) && ws[i+1] >= ws[i]-tol {
		i++
	}
	for i+1 < len(ws) && ws[i+1] <= ws[i]+tol {
		i++
	}
	return i == len(ws)-1
}

// lineWidths are the widths of lines of widths, the lines offset by off.
func lineWidths(widths []float64, lines [][2]int, off int) []float64 {
	out := make([]float64, 0, len(lines))
	for _, l := range lines {
		w := 0.0
		for _, x := range widths[l[0]+off : l[1]+off] {
			w += x
		}
		out = append(out, w)
	}
	return out
}

// shapely: do the organ's lines head and the lines tail (from cut on) make a 梯形 or 菱形?
func shapely(widths []float64, head, tail [][2]int, cut int) bool {
	ws := append(lineWidths(widths, head, 0), lineWidths(widths, tail, cut)...)
	return unimodal(ws, titleTol(widths))
}

// titleTol is half a character of the title: line widths closer than that are alike.
func titleTol(widths []float64) float64 {
	m := 0.0
	for _, w := range widths {
		m = max(m, w)
	}
	return m / 2
}

// shapedHead chooses the organ's n lines (widths[:cut], breaks br) anew: among the choices no
// wider than max that make a 梯形 or 菱形 with the tail, the one whose longest line is shortest.
// nil when there is none, or too many choices to try (more than 24 places to break).
func shapedHead(widths []float64, br []bool, cut, n int, tail [][2]int, max float64) [][2]int {
	var pos []int
	for i := 1; i < cut; i++ {
		if br[i] {
			pos = append(pos, i)
		}
	}
	if len(pos) > 24 || n-1 > len(pos) {
		return nil
	}
	tailW := lineWidths(widths, tail, cut)
	tol := titleTol(widths)
	var best [][2]int
	bestW := 0.0
	pick := make([]int, n-1)
	var try func(k, from int)
	try = func(k, from int) {
		if k == n-1 {
			lines := make([][2]int, 0, n)
			a := 0
			for _, b := range pick {
				lines = append(lines, [2]int{a, b})
				a = b
			}
			lines = append(lines, [2]int{a, cut})
			ws := lineWidths(widths, lines, 0)
			longest := 0.0
			for _, w := range ws {
				longest = math.Max(longest, w)
			}
			if longest <= max+0.01 && unimodal(append(ws, tailW...), tol) && (best == nil || longest < bestW-0.01) {
				best, bestW = lines, longest
			}
			return
		}
		for i := from; i < len(pos); i++ {
			pick[k] = pos[i]
			try(k+1, i+1)
		}
	}
	try(0, 0)
	return best
}

// organEnd is where the organ's part of a title ends: at its first "NNNN年", else at
// "政府信息公开"; 0 if neither is there.
func organEnd(rs []rune) int {
	for i := 0; i+4 < len(rs); i++ {
		if isDigit(rs[i]) && isDigit(rs[i+1]) && isDigit(rs[i+2]) && isDigit(rs[i+3]) && rs[i+4] == '年' && (i == 0 || !isDigit(rs[i-1])) {
			return i
		}
	}
	if i := strings.Index(string(rs), "政府信息公开"); i > 0 {
		return len([]rune(string(rs)[:i]))
	}
	return 0
}

// TitleOpportunities are the places a title may break: Opportunities minus those inside a
// protected word, and inside the organ's part only after the words of an organ's name.
func TitleOpportunities(rs []rune) []bool {
	br := Opportunities(rs)
	organWords(br, rs, organEnd(rs))
	protect(br, string(rs), protected)
	return br
}

// NameOpportunities are the places an organ's name (a signature) may break: only between the
// words of the name.
func NameOpportunities(rs []rune) []bool {
	br := TitleOpportunities(rs)
	organWords(br, rs, len(rs))
	return br
}

// organWords keeps the breaks among rs[:cut] that follow a word of an organ's name.
func organWords(br []bool, rs []rune, cut int) {
	for i := 1; i < cut; i++ {
		if br[i] && !afterOrganWord(rs, i) {
			br[i] = false
		}
	}
}

// afterOrganWord: does a word of an organ's name end just before rune i?
func afterOrganWord(rs []rune, i int) bool {
	before := string(rs[:i])
	for _, w := range organEnds {
		if strings.HasSuffix(before, w) {
			if len([]rune(w)) == 1 {
				next := string(rs[i-1 : min(i+1, len(rs))])
				if slices.Contains(notEnds, next) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// labelWords are the words of the table labels that narrow cells set (表三's header and group
// cells, 表四's headers): a narrow cell breaks between them, never inside one — "（三）|不予|公开",
// not "（三）不|予公开"; "自然人" whole.
var labelWords = []string{"申请人", "自然人", "本年度", "法人", "其他", "组织", "商业", "企业", "科研", "机构", "社会", "公益", "法律",
	"服务", "总计", "情况", "办理", "结果", "不予", "公开", "予以", "部分", "无法", "提供", "处理", "行政", "复议", "诉讼", "维持",
	"纠正", "尚未", "审结", "未经", "直接", "起诉"}

// LabelOpportunities are the places a table label may break: Opportunities minus those inside
// its words. A word wider than its cell is still cut (layout's fill), never lost.
func LabelOpportunities(rs []rune) []bool {
	br := Opportunities(rs)
	protect(br, string(rs), labelWords)
	return br
}

// protect removes the breaks inside each occurrence of the words in text (whose runes br
// follows).
func protect(br []bool, text string, words []string) {
	at := make([]int, len(text)+1) // rune index of every byte offset
	k := 0
	for i := range text {
		at[i] = k
		k++
	}
	at[len(text)] = k
	for _, w := range words {
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
