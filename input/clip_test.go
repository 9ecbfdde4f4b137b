package input

import (
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	if got := Clip("十二"); got != "十二" {
		t.Errorf("short: %q", got)
	}
	got := Clip(strings.Repeat("9", 32767))
	if got != strings.Repeat("9", 40)+"…（32767 个字符 / 32767 characters）" {
		t.Errorf("long: %q", got)
	}
	if got := Clip(strings.Repeat("很", 41)); !strings.HasPrefix(got, strings.Repeat("很", 40)+"…") {
		t.Errorf("runes: %q", got)
	}
}
