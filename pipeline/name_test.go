package pipeline

import (
	"strings"
	"testing"
	"unicode"
)

// TestPortableName: format controls never reach a file name, and no form of a Windows device
// name is left bare.
func TestPortableName(t *testing.T) {
	for in, want := range map[string]string{
		"一平垣乡\u202Efdp.exe-2022":       "一平垣乡fdp.exe-2022",
		"a\u2066b\u2069c\u200Fd\u061C": "abcd",
		"x\u2028y":                     "x_y",
		".\u200B.":                     "_",
		"CON .txt":                     "_CON .txt",
		"COM¹":                         "_COM¹",
		"lpt³.pdf":                     "_lpt³.pdf",
		"COM0":                         "_COM0",
		"CONIN$":                       "_CONIN$",
		"conout$.2023":                 "_conout$.2023",
		"Nul  .a.b":                    "_Nul  .a.b",
		"AUX. ":                        "_AUX",
		"COM10":                        "COM10",
		"CONSOLE":                      "CONSOLE",
		"COM¹-2023":                    "COM¹-2023",
		"PRN\u200B":                    "_PRN",
	} {
		if got := shorten(in); got != want {
			t.Errorf("shorten(%q) = %q, want %q", in, got, want)
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Cf, r) && strings.ContainsRune(shorten("a"+string(r)+"b"), r) {
			t.Errorf("U+%04X survives", r)
		}
	}
}
