// Package pdftext reads the text of a PDF file with its positions: the first stage of importing a
// published report (published.Read → pdftext → the core's table and narrative reading → a
// model.Report). It reads the file structure itself (PDF 32000-1 §7: classic cross-reference
// tables and cross-reference streams, object streams, incremental updates, FlateDecode), the
// fonts' ToUnicode CMaps and widths (§9.6–§9.10), and interprets the text operators of the page
// content streams (§9.4) into glyph runs placed in page coordinates, y growing downwards.
//
// It is made for files from unknown hands: every read is bounded (objects, inflated bytes,
// recursion, operators), references may be cyclic, and a damaged part leaves the rest readable.
package pdftext

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Limits on one file: what a real report needs many times over.
const (
	MaxObjects     = 1 << 20  // cross-reference entries
	MaxStream      = 64 << 20 // bytes of one stream after its filters
	MaxTotal       = 256 << 20
	MaxDepth       = 32 // nesting of arrays, dictionaries, page tree, form XObjects
	MaxPages       = 5000
	MaxOps         = 4 << 20  // content tokens per page
	MaxWork        = 32 << 20 // content tokens per file
	MaxGlyphs      = 1 << 20  // glyphs per file
	maxObjStmCache = 256
)

// ErrNotPDF: the bytes do not start a PDF file (no %PDF- header in the first KB).
var ErrNotPDF = errors.New("not a PDF file")

// ErrEncrypted: the file is encrypted; its strings cannot be read without the key.
var ErrEncrypted = errors.New("encrypted PDF")

// ErrTooLarge: a limit was reached.
var ErrTooLarge = errors.New("PDF exceeds a reading limit")

// object kinds
type name string

type ref struct{ num, gen int }

type dict map[name]any

type array []any

type stream struct {
	d        dict
	data     []byte // raw, still encoded
	num, gen int    // the object it is, for decryption
	enc      bool   // encrypted (decode decrypts first)
}

// keyword is a bare word that is not a name, number or boolean (obj, R, operators).
type keyword string

// lexer reads PDF tokens from a buffer (§7.2, §7.3).
type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
		} else if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		} else {
			return
		}
	}
}

var errEOF = errors.New("unexpected end of data")

type delim byte // '[' ']' '<' (<<) '>' (>>) '{' '}'

// token returns the next token: float64/int numbers, name, string ([]byte), bool, nil (null),
// keyword, or delim.
func (l *lexer) token() (any, error) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, errEOF
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		raw := l.b[start:l.pos]
		if bytes.IndexByte(raw, '#') < 0 {
			return name(raw), nil
		}
		var nb []byte
		for i := 0; i < len(raw); i++ {
			if raw[i] == '#' && i+2 < len(raw) {
				if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
					nb = append(nb, byte(v))
					i += 2
					continue
				}
			}
			nb = append(nb, raw[i])
		}
		return name(nb), nil
	case c == '(':
		return l.literal()
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return delim('<'), nil
		}
		return l.hexString()
	case c == '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return delim('>'), nil
		}
		l.pos++
		return keyword(">"), nil
	case c == '[' || c == ']' || c == '{' || c == '}':
		l.pos++
		return delim(c), nil
	case c == ')':
		l.pos++
		return keyword(")"), nil
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	w := l.b[start:l.pos]
	if len(w) == 0 { // a stray delimiter
		l.pos++
		return keyword(string(c)), nil
	}
	if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
		if n, ok := parseInt(w); ok {
			return n, nil
		}
		if f, ok := parseDecimal(w); ok {
			return f, nil
		}
		if f, err := strconv.ParseFloat(string(w), 64); err == nil {
			return f, nil
		}
		return 0.0, nil // a malformed number reads as 0 (as readers do)
	}
	switch string(w) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return keyword(w), nil
}

func parseInt(w []byte) (int, bool) {
	neg := false
	i := 0
	if w[0] == '-' || w[0] == '+' {
		neg = w[0] == '-'
		i = 1
	}
	if i == len(w) || len(w)-i > 15 {
		return 0, false
	}
	n := 0
	for ; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return 0, false
		}
		n = n*10 + int(w[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (l *lexer) literal() (any, error) {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return out, nil
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) hexString() (any, error) {
	l.pos++ // <
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, nil
}

// object parses one object at the lexer's position; refs (n g R) are recognised.
func (l *lexer) object(depth int) (any, error) {
	t, err := l.token()
	if err != nil {
		return nil, err
	}
	return l.objectFrom(t, depth)
}

func (l *lexer) objectFrom(t any, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, MaxDepth)
	}
	switch v := t.(type) {
	case delim:
		switch v {
		case '[':
			var a array
			for {
				t, err := l.token()
				if err != nil {
					return a, err
				}
				if d, ok := t.(delim); ok && d == ']' {
					return a, nil
				}
				o, err := l.objectFrom(t, depth+1)
				if err != nil {
					return a, err
				}
				a = append(a, o)
			}
		case '<':
			d := dict{}
			for {
				t, err := l.token()
				if err != nil {
					return d, err
				}
				if dl, ok := t.(delim); ok && dl == '>' {
					return d, nil
				}
				k, ok := t.(name)
				if !ok {
					continue // junk where a key should be: skip it
				}
				t, err = l.token()
				if err != nil {
					return d, err
				}
				if dl, ok := t.(delim); ok && dl == '>' {
					return d, nil
				}
				o, err := l.objectFrom(t, depth+1)
				if err != nil {
					return d, err
				}
				d[k] = o
			}
		}
		return nil, nil
	case int:
		// n g R ?
		save := l.pos
		t2, err := l.token()
		if g, ok := t2.(int); err == nil && ok && g >= 0 {
			t3, err := l.token()
			if kw, ok := t3.(keyword); err == nil && ok && kw == "R" {
				if v >= 0 {
					return ref{v, g}, nil
				}
				return nil, nil
			}
		}
		l.pos = save
		return v, nil
	}
	return t, nil
}

func num(o any) (float64, bool) {
	switch v := o.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// parseDecimal reads the common short decimals of content streams (-12.345) without strconv;
// anything else falls through to ParseFloat.
func parseDecimal(w []byte) (float64, bool) {
	neg := false
	i := 0
	if w[0] == '-' || w[0] == '+' {
		neg = w[0] == '-'
		i = 1
	}
	var n int64
	digits, frac := 0, -1
	for ; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			if digits++; digits > 15 {
				return 0, false
			}
			n = n*10 + int64(c-'0')
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f := float64(n)
	for ; frac > 0; frac-- {
		f /= 10
	}
	if neg {
		f = -f
	}
	return f, true
}
