package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/internal/gen"
)

// TestPrevByOrgan: --prev 去年/ finds last year's report by organ and year, whatever its file is
// called (某某乡2023.toml beside this year's 某某乡2024.toml), and never takes a file of another
// organ that happens to have this year's file name; a folder without the organ is a warning.
func TestPrevByOrgan(t *testing.T) {
	dir := t.TempDir()
	last, this := filepath.Join(dir, "2023"), filepath.Join(dir, "2024")
	os.Mkdir(last, 0o755)
	os.Mkdir(this, 0o755)
	a := write(t, filepath.Join(last, "青石2023.toml"), gen.Report(0, 1))
	write(t, filepath.Join(last, "青石2024.toml"), gen.Report(1, 1)) // another organ, with this year's file name
	write(t, filepath.Join(last, "名单.toml"), "# 不是报告\nunits = [\"甲\"]\n")
	lr, err := datafile.Load(a)
	if err != nil {
		t.Fatal(err)
	}
	next := datafile.Encode(datafile.NextYear(lr, ""), nil, nil)
	p := write(t, filepath.Join(this, "青石2024.toml"), next)
	r8 := func(path, prev string) []check.Finding {
		t.Helper()
		res := Check(path, CheckOptions{Prev: prev, R8: check.Error, R8On: true})
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		var out []check.Finding
		for _, f := range res.Findings {
			if f.Rule == "R8" {
				out = append(out, f)
			}
		}
		return out
	}
	errors := func(fs []check.Finding) (n int) {
		for _, f := range fs {
			if f.Severity == check.Error {
				n++
			}
		}
		return n
	}
	if fs := r8(p, last); errors(fs) != 0 || len(fs) > 0 && strings.Contains(fs[0].Msg.Zh, "未核对") {
		t.Errorf("last year's report of the same organ agrees, yet: %v", fs)
	}
	// 上年结转 changed: R8 against 青石2023.toml (the organ's), not 青石2024.toml (the name's)
	i := strings.Index(next, "carried_over = [")
	write(t, p, strings.Replace(next, next[i:i+len("carried_over = [")+1], "carried_over = [9", 1))
	if fs := r8(p, last); errors(fs) == 0 {
		t.Errorf("a changed 上年结转 is not found: %v", fs)
	}
	// only a sidecar of the organ: it is used
	side := filepath.Join(dir, "sidecars")
	os.Mkdir(side, 0o755)
	b, _ := sidecarJSON(lr, nil)
	write(t, filepath.Join(side, "x.json"), string(b))
	if fs := r8(p, side); errors(fs) == 0 {
		t.Errorf("the sidecar of last year is not used: %v", fs)
	}
	// no report of the organ: a warning that names the organ
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	write(t, filepath.Join(empty, "青石2024.toml"), strings.Replace(gen.Report(2, 1), "year = 2023", "year = 2022", 1))
	if fs := r8(p, empty); len(fs) != 1 || fs[0].Severity != check.Warning || !strings.Contains(fs[0].Msg.Zh, lr.Organ) {
		t.Errorf("a folder without the organ: %v", fs)
	}
}
