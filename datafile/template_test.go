package datafile_test

import (
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/model"
)

func mustDecode(t *testing.T, src string) *model.Report {
	t.Helper()
	r, err := datafile.Decode("t.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTemplate: the template of every format decodes, its only findings are the placeholders
// left to fill in, and filled in it checks clean.
func TestTemplate(t *testing.T) {
	for _, f := range model.Formats {
		// the template of every format decodes, and its only findings are the placeholders left to fill in
		r, err := datafile.Decode("t.toml", []byte(datafile.Template(f)), nil)
		if err != nil {
			t.Fatalf("template %s: %v", f.ID, err)
		}
		fs := check.Check(r)
		for _, fd := range fs {
			if fd.Rule != "R13" {
				t.Errorf("template %s: %v", f.ID, fd)
			}
		}
		if len(fs) < 3 {
			t.Errorf("template %s: the placeholders are not reported: %v", f.ID, fs)
		}
		// filled in, it checks clean
		filled := strings.NewReplacer("某某", "青石", "（在此填写存在的主要问题及改进情况）", "公开栏更新不及时。", "（在此填写）", "有关情况。").Replace(datafile.Template(f))
		if fs := check.Check(mustDecode(t, filled)); len(fs) != 0 {
			t.Errorf("template %s filled in: %v", f.ID, fs)
		}
	}
}
