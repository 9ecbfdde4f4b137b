package input

import (
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	ok := []string{
		"a = [[1, 2], [3]]\n[table3.results.x]\ny = 1\n",
		`s = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["` + "\n",
		"s = '''\n" + strings.Repeat("[", 100) + "\n'''\n",
		"s = \"\"\"a\\\"" + strings.Repeat("{", 100) + "\"\"\"\n",
		"# " + strings.Repeat("[", 100) + "\n",
		"v = 1.5\nw = 3.14159\n" + strings.Repeat("x = [1.0, 2.0]\n", 3),
		"[[a]]\nb = 1\n",
	}
	for _, s := range ok {
		if err := Guard("f", s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	bad := map[string]int{
		"a = " + strings.Repeat("[", 40) + strings.Repeat("]", 40):    1,
		"x = 1\ny = " + strings.Repeat("{a=", 40):                     2,
		"\n\n" + strings.Repeat("a.", 40) + "b = 1":                   3,
		"[" + strings.Repeat("a.", 40) + "b]\n":                       1,
		"t = {" + strings.Repeat("k.", 40) + "x = 1}":                 1,
		"s = \"\"\"\n\n\"\"\"\na = " + strings.Repeat("[", 1_000_000): 4,
	}
	for s, line := range bad {
		err := Guard("f.toml", s)
		ie, isIE := err.(*Error)
		if !isIE || ie.Line != line || !strings.Contains(ie.Msg.Zh, "嵌套太深") {
			t.Errorf("%.40q…: %v, want an error at line %d", s, err, line)
		}
	}
}
