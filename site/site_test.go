package site_test

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/internal/gen"
	"nianbao/pipeline"
	"nianbao/site"
	"nianbao/theme"
)

var threeYears = []int{2021, 2022, 2023}

// outputs builds units generated reports for each year into dir/YEAR (sidecar, HTML and, when
// docx, DOCX: what needs no layout, so the test stays quick) and returns the folders.
func outputs(t testing.TB, dir string, units int, years []int, docx bool) []string {
	t.Helper()
	var dirs []string
	for _, y := range years {
		out := filepath.Join(dir, fmt.Sprint(y))
		for i := range units {
			r, err := datafile.Decode(gen.Name(i), []byte(gen.ReportYear(i, 1, y)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if fs := check.Check(r); check.HasErrors(fs) {
				t.Fatalf("unit %d %d: %v", i, y, fs)
			}
			base := filepath.Join(out, pipeline.Name(r))
			if _, err := pipeline.Write(r, nil, base, pipeline.Options{Theme: theme.New(), JSON: true, HTML: true, DOCX: docx}); err != nil {
				t.Fatal(err)
			}
		}
		dirs = append(dirs, out)
	}
	return dirs
}

// readAll reads every file under dir: relative path → bytes.
func readAll(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = b
		}
		return nil
	})
	return out
}

// TestSite: three years of 20 units: every unit and year is on the index with links to its
// files, which are copied; the district's figures are the sums nianbao sum makes; a unit page
// holds the unit's figures; two runs give the same bytes.
func TestSite(t *testing.T) {
	dir := t.TempDir()
	dirs := outputs(t, dir, 20, threeYears, true)
	s, err := site.Load(dirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Units) != 20 || !slices.Equal(s.Years, threeYears) {
		t.Fatalf("%d units, years %v", len(s.Units), s.Years)
	}
	s.Name = "测试县"
	out := filepath.Join(dir, "site")
	pages, err := s.Write(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 22 {
		t.Errorf("%d pages, want 22 (index, district, 20 units)", len(pages))
	}
	index, _ := os.ReadFile(filepath.Join(out, site.Index))
	for _, u := range s.Units {
		if !strings.Contains(string(index), `<a href="`+u.Page+`">`+u.Short+`</a>`) {
			t.Errorf("the index does not link %s", u.Short)
		}
		for _, y := range threeYears {
			r := u.Reports[y]
			for _, ext := range []string{".html", ".docx"} {
				p := filepath.Join(out, "reports", fmt.Sprint(y), r.Base+ext)
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s not copied: %v", p, err)
				}
				if !strings.Contains(string(index), fmt.Sprintf(`href="reports/%d/%s"`, y, url.PathEscape(r.Base+ext))) {
					t.Errorf("the index does not link %s %d %s", u.Short, y, ext)
				}
			}
		}
	}
	// the district's sums are nianbao sum's
	for _, y := range threeYears {
		files, _ := filepath.Glob(filepath.Join(dir, fmt.Sprint(y), "*.json"))
		sum, errs := pipeline.Sum(inputs(files), pipeline.SumOptions{Out: filepath.Join(dir, "sum.toml")})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		got, n := s.Total(y)
		if want := site.FiguresOf(sum.Total); n != 20 || !reflect.DeepEqual(got, want) {
			t.Errorf("%d: the district's figures are %+v (%d units), nianbao sum's %+v", y, got, n, want)
		}
	}
	// a unit page has its figures, in its table of applications
	u := s.Units[3]
	page, _ := os.ReadFile(filepath.Join(out, u.Page))
	for _, y := range threeYears {
		f := u.Reports[y].Figures
		row := fmt.Sprintf(`<tr><th scope="row">%d年</th><td>%d</td><td>%d</td><td>%d</td></tr>`, y, f.New, f.CarriedOver, f.New+f.CarriedOver)
		if !strings.Contains(string(page), row) {
			t.Errorf("%s's page lacks %s", u.Short, row)
		}
	}
	for name, b := range readAll(t, out) {
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "reports") {
			for _, bad := range []string{"<script", "http:", "https:", "<img", "<link"} {
				if bytes.Contains(b, []byte(bad)) {
					t.Errorf("%s has %q", name, bad)
				}
			}
			if c := bytes.Count(b, []byte(`role="img"`)); c != bytes.Count(b, []byte("<desc id=")) {
				t.Errorf("%s: %d charts, %d text alternatives", name, c, bytes.Count(b, []byte("<desc id=")))
			}
		}
	}
	// the same input gives the same bytes
	out2 := filepath.Join(dir, "site2")
	s2, _ := site.Load(dirs)
	s2.Name = "测试县"
	if _, err := s2.Write(out2); err != nil {
		t.Fatal(err)
	}
	a, b := readAll(t, out), readAll(t, out2)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs wrote different sites")
	}
}

func inputs(files []string) []pipeline.Input {
	var in []pipeline.Input
	for _, f := range files {
		in = append(in, pipeline.Input{Path: f})
	}
	return in
}

// TestLoadErrors: a unit's year given twice (two folders) is an error naming both files; a
// broken sidecar is an error naming it; a summary made by nianbao sum is skipped, not counted.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	dirs := outputs(t, dir, 2, []int{2023}, false)
	copyDir := filepath.Join(dir, "copy")
	os.MkdirAll(copyDir, 0o755)
	files, _ := filepath.Glob(filepath.Join(dirs[0], "*.json"))
	b, _ := os.ReadFile(files[0])
	os.WriteFile(filepath.Join(copyDir, "again.json"), b, 0o644)
	_, err := site.Load([]string{dirs[0], copyDir})
	if err == nil || !strings.Contains(err.Error(), "出现了两次") || !strings.Contains(err.Error(), "again.json") || !strings.Contains(err.Error(), files[0]) {
		t.Errorf("a unit given twice: %v", err)
	}
	os.WriteFile(filepath.Join(copyDir, "again.json"), []byte(`{"format": "2021"`), 0o644)
	if _, err := site.Load([]string{dirs[0], copyDir}); err == nil || !strings.Contains(err.Error(), "again.json") {
		t.Errorf("a broken sidecar: %v", err)
	}
	sum, errs := pipeline.Sum(inputs(files), pipeline.SumOptions{Out: filepath.Join(dir, "sum.toml")})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	sum.Total.Organ, sum.Total.Short = "（汇总）", "汇总"
	if _, err := pipeline.Write(sum.Total, nil, filepath.Join(copyDir, "again"), pipeline.Options{JSON: true}); err != nil {
		t.Fatal(err)
	}
	s, err := site.Load([]string{dirs[0], copyDir})
	if err != nil || len(s.Units) != 2 || len(s.Skipped) != 1 {
		t.Errorf("with a summary: %v, %d units, skipped %v", err, len(s.Units), s.Skipped)
	}
	if _, err := site.Load([]string{filepath.Join(dir, "nothing")}); err == nil {
		t.Error("a missing folder is no error")
	}
}

// BenchmarkSite: the site of 3 years × 40 units (sidecars and HTML reports, built once): load
// every sidecar, write every page and copy the reports.
func BenchmarkSite(b *testing.B) {
	dir := b.TempDir()
	dirs := outputs(b, dir, 40, threeYears, false)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		s, err := site.Load(dirs)
		if err != nil {
			b.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprint("site", n))
		n++
		if _, err := s.Write(out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/site")
}

// TestFormats: a unit whose years use both formats (2020 in the 2019 trial format, 2023 in the
// 2021 one): one unit over two years; the trial format has no fee amount ("/"), and its
// （六）其他处理, a single row there, counts as the group does in 2021.
func TestFormats(t *testing.T) {
	dir := t.TempDir()
	var dirs []string
	for _, ex := range []string{"qingshi-2020", "qingshi-2023"} {
		r, err := datafile.Load(filepath.Join("../examples", ex, "report.toml"))
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, ex)
		if _, err := pipeline.Write(r, nil, filepath.Join(out, pipeline.Name(r)), pipeline.Options{Theme: theme.New(), JSON: true, HTML: true}); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, out)
	}
	s, err := site.Load(dirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Units) != 1 || !slices.Equal(s.Years, []int{2020, 2023}) {
		t.Fatalf("%d units, years %v", len(s.Units), s.Years)
	}
	u := s.Units[0]
	old, cur := u.Reports[2020].Figures, u.Reports[2023].Figures
	if old.HasFees || old.FeeText() != "/" || !cur.HasFees || cur.FeeText() != "0" {
		t.Errorf("fees: 2020 %q, 2023 %q", old.FeeText(), cur.FeeText())
	}
	for _, f := range []site.Figures{old, cur} {
		var sum int64
		for _, v := range f.Answers {
			sum += v
		}
		if sum != f.Answered || f.Answered == 0 {
			t.Errorf("the answers %v add up to %d, （七）总计 is %d", f.Answers, sum, f.Answered)
		}
	}
	if _, err := s.Write(filepath.Join(dir, "site")); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "site", u.Page))
	for _, want := range []string{`<tr><th scope="row">2020年</th><td>/</td></tr>`, `<tr><th scope="row">2023年</th><td>0</td></tr>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the unit page lacks %s", want)
		}
	}
}
