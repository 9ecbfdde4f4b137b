// Package i18n holds the two languages every user-facing message is written in.
//
// It sits beside the pipeline: model, fonts, theme and build return errors and findings whose
// text exists in Chinese (the default) and English (--lang en); cmd/nianbao picks one.
package i18n

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Lang is a message language.
type Lang int

const (
	Zh Lang = iota // 中文 (default)
	En             // English
)

// Parse reads a --lang value ("zh", "en", "zh-CN", "en_US" …); anything else is Chinese.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return En
	}
	return Zh
}

// FromEnv returns En when NIANBAO_LANG says so, else Zh.
func FromEnv() Lang { return Parse(os.Getenv("NIANBAO_LANG")) }

// Text is one message in both languages.
type Text struct{ Zh, En string }

// F formats the same arguments into both templates.
func F(zh, en string, args ...any) Text {
	return Text{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}

// In returns the message in l.
func (t Text) In(l Lang) string {
	if l == En && t.En != "" {
		return t.En
	}
	return t.Zh
}

// Error is an error whose message exists in both languages.
type Error struct {
	Text
	Err error // the underlying cause, if any
}

// Errorf makes an *Error.
func Errorf(zh, en string, args ...any) *Error { return &Error{Text: F(zh, en, args...)} }

// Wrap is err with what was being done said before it, in both languages: "字体 X：…" and
// "font X: …", the cause itself said in each language too (Message); errors.Is and errors.As
// reach the cause.
func Wrap(err error, zh, en string, args ...any) *Error {
	t := F(zh, en, args...)
	return &Error{Text: Text{Zh: t.Zh + "：" + Message(err, Zh), En: t.En + ": " + Message(err, En)}, Err: err}
}

func (e *Error) Error() string { return e.Zh }
func (e *Error) Unwrap() error { return e.Err }

// Localized is implemented by errors that can speak both languages.
type Localized interface {
	error
	In(Lang) string
}

// Message renders any error in l: localized errors in their own words, others as they are. A
// localized error wrapped in another (fmt.Errorf("…: %w", err)) is found with errors.As and its
// part of the message is said in l, the wrapper's words kept around it.
func Message(err error, l Lang) string {
	if le, ok := err.(Localized); ok {
		return le.In(l)
	}
	var le Localized
	if !errors.As(err, &le) {
		return err.Error()
	}
	msg, inner := err.Error(), le.Error()
	if inner != "" && strings.Contains(msg, inner) {
		return strings.Replace(msg, inner, le.In(l), 1)
	}
	return le.In(l) // the wrapper rewrote the text: the localized cause is what can be said
}
