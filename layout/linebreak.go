package layout

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
	// noStart: never at the start of a line (行首禁则).
	noStart = "，。、；：？！）》」』】〕〗〉”’…—·%‰℃,.;:?!)]}％～々〃ー"
	// noEnd: never at the end of a line (行尾禁则).
	noEnd = "（《「『【〔〖〈“‘([{"
)

// breaks returns, for each rune of text, whether a line may break before it. breaks[0] is false.
func breaks(text []rune) []bool {
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
		case strings.ContainsRune(noStart, cur):
			out[i] = false
		case strings.ContainsRune(noEnd, prev):
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
