package i18n

import (
	"errors"
	"fmt"
	"testing"
)

// TestMessage: a localized error is said in the language asked for, also when it is wrapped —
// the wrapper's words kept around it — and any other error as it is.
func TestMessage(t *testing.T) {
	e := Errorf("文件不存在", "no such file")
	cases := []struct {
		err    error
		zh, en string
	}{
		{e, "文件不存在", "no such file"},
		{fmt.Errorf("a.toml: %w", e), "a.toml: 文件不存在", "a.toml: no such file"},
		{fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", e)), "outer: inner: 文件不存在", "outer: inner: no such file"},
		{errors.Join(errors.New("x"), e), "x\n文件不存在", "x\nno such file"},
		{errors.New("plain"), "plain", "plain"},
	}
	for _, c := range cases {
		if got := Message(c.err, Zh); got != c.zh {
			t.Errorf("Message(%q, Zh) = %q, want %q", c.err, got, c.zh)
		}
		if got := Message(c.err, En); got != c.en {
			t.Errorf("Message(%q, En) = %q, want %q", c.err, got, c.en)
		}
	}
}

// TestWrap: both languages, the cause said in each, and the cause reachable.
func TestWrap(t *testing.T) {
	cause := Errorf("子集无法解析", "the subset does not parse")
	err := Wrap(cause, "字体 %s", "font %s", "a.ttf")
	if Message(err, Zh) != "字体 a.ttf：子集无法解析" || Message(err, En) != "font a.ttf: the subset does not parse" || !errors.Is(err, cause) {
		t.Errorf("%q / %q", Message(err, Zh), Message(err, En))
	}
}
