package input

import (
	"strings"
)

// KeyLines finds the line of every key in a TOML document: "table3.results.total" → 41.
//
// BurntSushi/toml knows these positions but does not export them, and every finding must name the
// line of its key. This scanner understands what a data file contains: [table] headers, dotted and
// quoted keys, and values that span lines (multi-line strings and arrays); it does not validate —
// the TOML decoder has already accepted the document when this runs.
func KeyLines(src string) map[string]int {
	out := map[string]int{}
	var table []string
	depth := 0  // open [ and { of a value spanning lines
	inStr := "" // the delimiter of an open multi-line string
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		ln := i + 1
		s := line
		if inStr != "" {
			j := strings.Index(s, inStr)
			if j < 0 {
				continue
			}
			s = s[j+3:]
			inStr = ""
			depth, inStr = scanValue(s, depth)
			continue
		}
		if depth > 0 {
			depth, inStr = scanValue(s, depth)
			continue
		}
		t := strings.TrimSpace(s)
		if t == "" || t[0] == '#' {
			continue
		}
		if t[0] == '[' {
			h := strings.Trim(strings.SplitN(t, "#", 2)[0], " \t[]")
			table = splitKey(h)
			out[strings.Join(table, ".")] = ln
			continue
		}
		eq := keyEnd(t)
		if eq < 0 {
			continue
		}
		path := append(append([]string{}, table...), splitKey(t[:eq])...)
		out[strings.Join(path, ".")] = ln
		depth, inStr = scanValue(t[eq+1:], 0)
	}
	return out
}

// keyEnd returns the index of the '=' that ends the key at the start of t, or -1.
func keyEnd(t string) int {
	q := byte(0)
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted key, removing quotes: `a."b.c"` → [a b.c].
func splitKey(k string) []string {
	var parts []string
	var cur strings.Builder
	q := byte(0)
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

// scanValue follows a value to the end of its line and says whether it goes on: the bracket depth
// still open and the delimiter of a multi-line string still open.
func scanValue(s string, depth int) (int, string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '#':
			return depth, ""
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			if strings.HasPrefix(s[i:], strings.Repeat(string(c), 3)) {
				d := strings.Repeat(string(c), 3)
				j := strings.Index(s[i+3:], d)
				if j < 0 {
					return depth, d
				}
				i += 3 + j + 2
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		}
	}
	return max(depth, 0), ""
}

// LineOf returns the line of a dotted key in lines (from KeyLines), or of its closest enclosing
// table that has one; 0 if none.
func LineOf(lines map[string]int, key string) int {
	for k := key; k != ""; {
		if l, ok := lines[k]; ok {
			return l
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}
