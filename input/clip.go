package input

import (
	"fmt"
	"unicode/utf8"
)

// clipRunes is how much of a value a message quotes.
const clipRunes = 40

// Clip is a value as a message quotes it: whole when short, else its first 40 characters, an
// ellipsis and the whole length — a cell of 32,767 digits is named, not printed.
func Clip(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= clipRunes {
		return s
	}
	cut := 0
	for range clipRunes {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	return fmt.Sprintf("%s…（%d 个字符 / %d characters）", s[:cut], n, n)
}
