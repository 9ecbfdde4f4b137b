package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/internal/gen"
	"nianbao/model"
	"nianbao/theme"
)

func batch(t testing.TB) *Batch {
	set, err := fonts.Resolve(fonts.Options{NoSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	return &Batch{Options: Options{Theme: theme.New(), Fonts: set, PDF: true, DOCX: true, JSON: true,
		CheckOptions: CheckOptions{R8: check.Error, R8On: true}}, Jobs: 2}
}

// TestMixedBatch: good files, broken TOML, inconsistent numbers, a missing glyph, a directory
// named *.toml, an unreadable file and two files for the same organ → every good report built,
// every bad one reported with its reason, nothing partial left in the output folder.
func TestMixedBatch(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := []string{write("a.toml", gen.Report(1, 7)), write("b.toml", gen.Report(2, 7)), write("c.toml", gen.Report(3, 7))}
	broken := write("broken.toml", "year = = 2023\n")
	bad := write("inconsistent.toml", strings.Replace(gen.Report(4, 7), "\nreview = [", "\nreview = [1", 1))
	glyph := write("glyph.toml", strings.Replace(gen.Report(5, 7), "一是公开栏", "一是𠮷公开栏", 1))
	dup := write("dup.toml", gen.Report(1, 8)) // same organ and year as a.toml
	dir := filepath.Join(in, "folder.toml")
	os.Mkdir(dir, 0o755)
	unreadable := filepath.Join(in, "gone.toml")
	os.Symlink(filepath.Join(in, "nowhere"), unreadable)

	var progress bytes.Buffer
	b := batch(t)
	b.Progress = &progress
	files := append([]string{broken, bad, glyph, dup, dir, unreadable}, good...)
	res, err := b.Run(files, out)
	if err != nil {
		t.Fatal(err)
	}
	why := map[string]string{}
	for _, r := range res {
		if r.Err != nil {
			why[filepath.Base(r.File)] = i18n.Message(r.Err, i18n.Zh)
			if len(r.Findings) > 0 {
				why[filepath.Base(r.File)] += "\n" + r.Findings[0].String()
			}
		} else if len(r.Outputs) != 3 {
			t.Errorf("%s: outputs %v", r.File, r.Outputs)
		}
	}
	want := map[string]string{
		"broken.toml":       "broken.toml:1:",
		"inconsistent.toml": "数据有",
		"glyph.toml":        "U+20BB7",
		"dup.toml":          "a.toml",
		"a.toml":            "dup.toml", // both of a clash are refused, naming each other
		"folder.toml":       "文件夹",
		"gone.toml":         "不存在",
	}
	for f, w := range want {
		if !strings.Contains(why[f], w) {
			t.Errorf("%s: reason %q, want it to mention %q", f, why[f], w)
		}
	}
	if len(why) != len(want) {
		t.Errorf("failed: %v", why)
	}
	ents, _ := os.ReadDir(out)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
		if strings.HasSuffix(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("partial file left: %s", e.Name())
		}
	}
	if len(names) != 6 { // b and c: PDF, DOCX, JSON each
		t.Errorf("output folder: %v", names)
	}
	if strings.Count(progress.String(), "\n") != len(files) {
		t.Errorf("progress lines: %q", progress.String())
	}
	var sum bytes.Buffer
	if failed := PrintResults(&sum, res, i18n.Zh); failed != 7 || !strings.Contains(sum.String(), "共 9 份，成功 2 份，失败 7 份") {
		t.Errorf("summary (%d failed):\n%s", failed, sum.String())
	}
}

func TestSidecarAndSum(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	var files []string
	for i := range 5 {
		p := filepath.Join(in, gen.Name(i))
		os.WriteFile(p, []byte(gen.Report(i, 3)), 0o644)
		files = append(files, p)
	}
	b := batch(t)
	b.DOCX, b.PDF = false, false // sidecars only
	res, err := b.Run(files, out)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	jsons, _ := filepath.Glob(filepath.Join(out, "*.json"))
	if len(jsons) != 5 {
		t.Fatalf("%d sidecars", len(jsons))
	}
	var side datafile.Sidecar
	data, _ := os.ReadFile(jsons[0])
	if err := json.Unmarshal(data, &side); err != nil || side.Year != 2023 || len(side.Tables) != 3+4+25+3-1 {
		t.Errorf("sidecar: %v %+v", err, side)
	}
	// summing the data files and summing the sidecars give the same tables
	var fromTOML, fromJSON []*model.Report
	for i := range files {
		r, err := datafile.Load(files[i])
		if err != nil {
			t.Fatal(err)
		}
		fromTOML = append(fromTOML, r)
		s, err := datafile.LoadSidecar(jsons[i])
		if err != nil {
			t.Fatal(err)
		}
		fromJSON = append(fromJSON, s)
	}
	a, err := datafile.Sum(fromTOML)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := datafile.Sum(fromJSON)
	if ch, _ := check.Changes(a, c); len(ch) != 0 {
		t.Errorf("sidecar sum differs from data-file sum: %v", ch)
	}
	for _, f := range check.Check(a) {
		if f.Rule != "R11" {
			t.Errorf("the sum of consistent reports is inconsistent: %s", f)
		}
	}
	// the sum of 新收 is the sum of the units'
	var want int64
	for _, r := range fromTOML {
		v, _ := model.Completed(r).Get(1, "new", 6) // the 总计 column may be left out
		want += v.N
	}
	if v, _ := a.Get(1, "new", 6); v.N != want {
		t.Errorf("sum of 新收 %d, want %d", v.N, want)
	}
	included, missing, extra := datafile.Units(fromTOML, []string{fromTOML[0].Short, "不存在的乡", "# comment", "", fromTOML[1].Organ, fromTOML[2].Short, fromTOML[3].Short, fromTOML[4].Short})
	if len(included) != 5 || len(missing) != 1 || missing[0] != "不存在的乡" || len(extra) != 0 {
		t.Errorf("units: %v, missing %v, not listed %v", included, missing, extra)
	}
	if _, _, extra := datafile.Units(fromTOML, []string{fromTOML[0].Organ}); len(extra) != 4 {
		t.Errorf("units not on the list: %v", extra)
	}
	// mixing years is refused
	other, err := datafile.Decode("y.toml", []byte(strings.NewReplacer("year = 2023", "year = 2022", "date = 2024-", "date = 2023-").Replace(gen.Report(9, 3))), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := datafile.Sum(append(fromTOML, other)); err == nil || !strings.Contains(err.Error(), "不同年度") {
		t.Errorf("mixing years: %v", err)
	}
}

func TestPrev(t *testing.T) {
	dir := t.TempDir()
	last := gen.Report(1, 5)
	os.WriteFile(filepath.Join(dir, "2022.toml"), []byte(strings.NewReplacer("year = 2023", "year = 2022", "date = 2024-", "date = 2023-").Replace(last)), 0o644)
	lr, err := datafile.Load(filepath.Join(dir, "2022.toml"))
	if err != nil {
		t.Fatal(err)
	}
	model.Complete(lr)
	i, _ := lr.Tables[1].Def.Row("carried_forward")
	fwd := lr.Tables[1].Values[i]
	this := gen.Report(2, 5)
	// this year's 上年结转 copied from last year's 结转下年度 satisfies R8 …
	var nums []string
	for _, v := range fwd[:6] {
		nums = append(nums, v.Format(model.Count))
	}
	carried := "carried_over = [" + strings.Join(nums, ", ") + "]"
	// … and table 二's 现行有效件数 carried on from last year's (R16): the generator draws each
	// report's own, so this year's is set to last year's + 本年制发 − 本年废止
	k, _ := lr.Tables[0].Def.Row("normative_documents")
	active := lr.Tables[0].Values[k][2].Num()
	var made, repealed int64
	lines := strings.Split(this, "\n")
	for k, l := range lines {
		if strings.HasPrefix(l, "carried_over = ") {
			lines[k] = carried
		}
		if _, err := fmt.Sscanf(l, "normative_documents = [%d, %d,", &made, &repealed); err == nil {
			lines[k] = fmt.Sprintf("normative_documents = [%d, %d, %d]", made, repealed, active+made-repealed)
		}
	}
	ok := strings.Join(lines, "\n")
	ok = strings.Replace(ok, "year = 2023\n", "year = 2023\nprev = \"2022.toml\"\n", 1)
	os.WriteFile(filepath.Join(dir, "2023.toml"), []byte(ok), 0o644)
	res := Check(filepath.Join(dir, "2023.toml"), CheckOptions{R8: check.Error, R8On: true})
	for _, f := range res.Findings {
		if f.Rule == "R8" || f.Rule == "R16" {
			t.Errorf("%s fired on a matching pair: %s", f.Rule, f)
		}
	}
	// a 现行有效件数 that does not carry on is one R16 warning at this year's row, naming last year's file
	wrongActive := fmt.Sprintf("normative_documents = [%d, %d, %d]", made, repealed, active+made-repealed+1)
	os.WriteFile(filepath.Join(dir, "2023.toml"), []byte(strings.Replace(ok, fmt.Sprintf("normative_documents = [%d, %d, %d]", made, repealed, active+made-repealed), wrongActive, 1)), 0o644)
	res = Check(filepath.Join(dir, "2023.toml"), CheckOptions{R8: check.Error, R8On: true})
	var r16 []check.Finding
	for _, f := range res.Findings {
		if f.Rule == "R16" {
			r16 = append(r16, f)
		}
	}
	if len(r16) != 1 || r16[0].Severity != check.Warning || r16[0].Line == 0 || !strings.Contains(r16[0].String(), "2022.toml") ||
		!strings.Contains(r16[0].Msg.Zh, fmt.Sprintf("＝ %d，本年度「现行有效件数」为 %d", active+made-repealed, active+made-repealed+1)) {
		t.Errorf("R16 on a 现行有效件数 that does not carry on: %v", r16)
	}
	// … and a different one breaks it (R1 too, so only R8 is looked at)
	os.WriteFile(filepath.Join(dir, "2023.toml"), []byte(strings.Replace(ok, carried, "carried_over = [9, 0, 0, 0, 0, 0]", 1)), 0o644)
	res = Check(filepath.Join(dir, "2023.toml"), CheckOptions{R8: check.Warning, R8On: true})
	found := false
	for _, f := range res.Findings {
		if f.Rule == "R8" {
			found = true
			if f.Severity != check.Warning || !strings.Contains(f.String(), "上年结转") || !strings.Contains(f.String(), "2022.toml") {
				t.Errorf("R8 finding: %s", f)
			}
		}
	}
	if !found {
		t.Error("R8 did not fire")
	}
	if res := Check(filepath.Join(dir, "2023.toml"), CheckOptions{R8On: false}); hasRule(res.Findings, "R8") {
		t.Error("R8 fired while off")
	}
	// --prev may name last year's folder: the file of the same name in it is last year's
	lastDir := filepath.Join(dir, "2022")
	os.Mkdir(lastDir, 0o755)
	b, _ := os.ReadFile(filepath.Join(dir, "2022.toml"))
	os.WriteFile(filepath.Join(lastDir, "2023.toml"), b, 0o644)
	noKey := strings.Replace(ok, "prev = \"2022.toml\"\n", "", 1)
	os.WriteFile(filepath.Join(dir, "2023.toml"), []byte(noKey), 0o644)
	if res := Check(filepath.Join(dir, "2023.toml"), CheckOptions{Prev: lastDir, R8: check.Error, R8On: true}); hasRule(res.Findings, "R8") {
		t.Errorf("R8 with a folder: %v", res.Findings)
	}
	os.Remove(filepath.Join(lastDir, "2023.toml"))
	if res := Check(filepath.Join(dir, "2023.toml"), CheckOptions{Prev: lastDir, R8: check.Error, R8On: true}); !hasRule(res.Findings, "R8") {
		t.Error("a missing file in last year's folder should be said")
	}
}

func hasRule(fs []check.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func TestShard(t *testing.T) {
	b := &Batch{}
	var all []string
	for i := range 10 {
		all = append(all, gen.Name(i))
	}
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		b.Shard = [2]int{i, 3}
		sorted, mine := b.Files(all)
		for _, k := range mine {
			seen[sorted[k]]++
		}
	}
	if len(seen) != 10 {
		t.Errorf("shards cover %d of 10 files", len(seen))
	}
	for f, n := range seen {
		if n != 1 {
			t.Errorf("%s in %d shards", f, n)
		}
	}
}
