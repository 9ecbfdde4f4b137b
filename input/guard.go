package input

import (
	"nianbao/i18n"
)

// Limits on a TOML file's shape. The decoder (BurntSushi/toml) parses nested arrays and inline
// tables recursively, and Go cannot recover from a stack overflow: a file of a million "[" would
// kill the process, batch and all. No data file or theme needs more than three levels.
const (
	MaxNesting  = 32 // arrays and inline tables inside each other
	MaxKeyParts = 32 // parts of one dotted key or table header (a.b.c …)
)

// Guard refuses TOML text nested deeper than the limits, naming the line, before the decoder
// sees it. It is a small scanner that knows strings and comments and nothing else of TOML.
func Guard(name, src string) error {
	depth, parts, line := 0, 1, 1
	keyCtx := true // reading a key: at a line's start (outside brackets), or after "{" or "," in an inline table
	var stack []byte
	deep := func() error {
		return &Error{Location: Location{File: name, Line: line}, Msg: i18n.F("嵌套太深（数组或表超过 %d 层，或键超过 %d 段），不是年报数据",
			"nested too deeply (over %d levels of arrays or tables, or keys of over %d parts): not report data", MaxNesting, MaxKeyParts)}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '\n':
			line++
			if depth == 0 {
				keyCtx, parts = true, 1
			}
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			multi := i+2 < len(src) && src[i+1] == c && src[i+2] == c
			if multi {
				i += 2
			}
			for i++; i < len(src); i++ {
				if src[i] == '\n' {
					line++
					if !multi {
						break // an unterminated string: the decoder reports it
					}
				}
				if c == '"' && src[i] == '\\' {
					i++
					if i < len(src) && src[i] == '\n' {
						line++
					}
					continue
				}
				if src[i] == c && (!multi || i+2 < len(src) && src[i+1] == c && src[i+2] == c) {
					if multi {
						i += 2
						for i+1 < len(src) && src[i+1] == c { // """a"""" ends with the last three quotes
							i++
						}
					}
					break
				}
			}
		case '[', '{':
			if c == '[' && depth == 0 && keyCtx {
				// a table header: its dotted key is counted, its brackets are not nesting
				for i+1 < len(src) && src[i+1] != '\n' && src[i+1] != ']' {
					i++
					if src[i] == '.' {
						if parts++; parts > MaxKeyParts {
							return deep()
						}
					}
				}
				continue
			}
			if depth++; depth > MaxNesting {
				return deep()
			}
			stack = append(stack, c)
			keyCtx, parts = c == '{', 1
		case ']', '}':
			if depth > 0 {
				depth--
				stack = stack[:len(stack)-1]
			}
			keyCtx = false
		case ',':
			if len(stack) > 0 && stack[len(stack)-1] == '{' {
				keyCtx, parts = true, 1
			}
		case '=':
			keyCtx = false
		case '.':
			if keyCtx {
				if parts++; parts > MaxKeyParts {
					return deep()
				}
			}
		}
	}
	return nil
}
