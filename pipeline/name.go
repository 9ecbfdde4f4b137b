package pipeline

import (
	"strings"
	"unicode"
)

// portable makes a cleaned output base name (CleanName) safe to show and to open on every file
// system a district shares folders on:
//
//   - Unicode format characters (category Cf) are dropped: the bidirectional embeddings,
//     overrides and isolates (U+202A–202E, U+2066–2069), the marks U+200E/200F/061C, zero-width
//     and invisible characters — "一平垣乡\u202Efdp.exe" would show as a different name, and
//     names that look the same would be different files; line and paragraph separators become
//     "_";
//   - every form of a Windows reserved device name gets a "_" in front (Microsoft, "Naming Files,
//     Paths, and Namespaces"): CON, PRN, AUX, NUL, COM0–COM9 and LPT0–LPT9 with the superscript
//     digits ¹²³ too, CONIN$, CONOUT$ and CLOCK$, in any case, followed by spaces, dots, an
//     extension or nothing ("CON .txt", "com¹", "conin$.x" all name the device);
//   - trailing spaces and dots, which Windows strips, are removed.
func portable(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.In(r, unicode.Zl, unicode.Zp):
			return '_'
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, "..", "_") // a dropped character may have stood between two dots
	s = strings.TrimRight(s, " .")
	if s == "" {
		return "report"
	}
	if isDevice(s) {
		s = "_" + s
	}
	return s
}

// isDevice reports whether Windows takes a file name for a device: its part before the first dot,
// trailing spaces dropped, is a reserved name.
func isDevice(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$":
		return true
	}
	for _, p := range []string{"COM", "LPT"} {
		if d, ok := strings.CutPrefix(stem, p); ok {
			switch d {
			case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
				return true
			}
		}
	}
	return false
}
