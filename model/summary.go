package model

import "math"

// Limits of a summary (nianbao sum): each of its n units holds at most MaxCount in a cell
// (MaxMoney for an amount), so a cell of the summary holds at most n times that. A report whose
// summary key names n units is decoded with these limits; any other report with the per-unit
// ones (n ≤ 1). The product saturates at the largest int64 rather than overflow.

// CountLimit is the largest count a cell may hold in a report of n units.
func CountLimit(n int) int64 { return scaled(MaxCount, n) }

// MoneyLimit is the largest amount (in millionths of 万元) a cell may hold in a report of n units.
func MoneyLimit(n int) int64 { return scaled(MaxMoney, n) }

// Limit is CountLimit or MoneyLimit, as a column of kind k holds.
func Limit(k Kind, n int) int64 {
	if k == Money {
		return MoneyLimit(n)
	}
	return CountLimit(n)
}

func scaled(limit int64, n int) int64 {
	m := int64(max(n, 1))
	if m > math.MaxInt64/limit {
		return math.MaxInt64
	}
	return limit * m
}
