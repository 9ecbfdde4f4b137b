package model

import (
	"strconv"
	"strings"
)

// Limits on names, in characters. The title is set in at most four balanced lines of about 20
// characters (2号 across 156 mm), the signature in at most two right-aligned lines of 24 (GB/T
// 9704 §7.3.5: nothing may leave the type area); the longest real organ names (…人民政府办公室,
// …管理委员会…) are under 40.
const (
	MaxOrgan     = 48
	MaxShort     = 24
	MaxTitle     = 72
	MaxSignature = 48
)

// Limits on numbers: beyond them a value is a typing slip, not a statistic.
const (
	MaxCount = 100_000_000                // 1亿件
	MaxMoney = 1_000_000_000 * MoneyScale // 10亿万元, in millionths
)

// MoneyScale: amounts (万元) are kept in millionths, exactly: real reports state 万元 to the
// yuan (four decimals) or the fen (six), and the report prints them as given.
const MoneyScale = 1_000_000

// MaxPlaces is the most decimals an amount may have (0.000001 万元 = 1 分).
const MaxPlaces = 6

// ParseMoney parses a decimal with at most MaxPlaces decimals into millionths, and how many
// decimals it was written with: "5125.1" → 5125100000, 1.
func ParseMoney(s string) (int64, int, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	_, frac, _ := strings.Cut(s, ".")
	n, ok := ParseDecimal(s, MaxPlaces)
	if !ok {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	return n, len(frac), true
}

// halfWidth maps full-width digits and points to ASCII and drops thousands separators.
var halfWidth = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7",
	"８", "8", "９", "9", "．", ".", ",", "", "，", "")

// ParseDecimal reads a non-negative decimal into units of 10^-places: ("1.5", 6) → 1500000.
func ParseDecimal(s string, places int) (int64, bool) {
	s = halfWidth.Replace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > places || len(whole) > 12 {
		return 0, false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + strings.Repeat("0", places))[:places], 10, 64)
	p := int64(1)
	for range places {
		p *= 10
	}
	return w*p + f, true
}

// ASCIIDigits maps full-width digits and points to ASCII and drops thousands separators: "１，２００" → "1200".
func ASCIIDigits(s string) string { return halfWidth.Replace(s) }

// ParseChinese reads Chinese numerals up to 万: 三, 十二, 二十, 一百零五, 两千三百, 一万二千.
func ParseChinese(s string) (int64, bool) {
	digit := map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	mult := map[rune]int64{'十': 10, '百': 100, '千': 1000, '万': 10000}
	var total, section, cur int64
	seen := false
	for _, r := range s {
		if d, ok := digit[r]; ok {
			cur, seen = d, true
			continue
		}
		m, ok := mult[r]
		if !ok {
			return 0, false
		}
		if m == 10000 {
			total += (section + cur) * m
			section, cur = 0, 0
		} else {
			if cur == 0 && !seen {
				cur = 1 // 十二 = 12
			}
			section += cur * m
			cur = 0
		}
		seen = true
	}
	return total + section + cur, seen
}
