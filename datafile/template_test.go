package datafile_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/input"
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
	for _, f := range model.Formats() {
		// the template of every format decodes, and its only findings are the placeholders left to fill in
		r, err := datafile.Decode("t.toml", []byte(datafile.Template(f, 2024)), nil)
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
		filled := strings.NewReplacer("某某", "青石", "（在此填写存在的主要问题及改进情况）", "公开栏更新不及时。", "（在此填写）", "有关情况。").Replace(datafile.Template(f, 2024))
		if fs := check.Check(mustDecode(t, filled)); len(fs) != 0 {
			t.Errorf("template %s filled in: %v", f.ID, fs)
		}
	}
}

// TestReportingYear: January to June is last year's report, July on this year's; the template
// carries the year it is given.
func TestReportingYear(t *testing.T) {
	for _, c := range []struct {
		day  string
		want int
	}{{"2027-01-20", 2026}, {"2027-06-30", 2026}, {"2027-07-01", 2027}, {"2026-12-06", 2026}} {
		d, _ := time.Parse("2006-01-02", c.day)
		if got := datafile.ReportingYear(d); got != c.want {
			t.Errorf("%s: %d, want %d", c.day, got, c.want)
		}
	}
	r := mustDecode(t, datafile.Template(model.FormatByID("2021"), 2026))
	if r.Year != 2026 || r.Date.Y != 2027 {
		t.Errorf("template for 2026: year %d, date %v", r.Year, r.Date)
	}
	if r := mustDecode(t, datafile.Template(model.FormatByID("2019"), 2026)); r.Year != 2020 {
		t.Errorf("2019 format: year %d", r.Year)
	}
}

// TestSyntaxErrors (issue 20 point 12): every syntax slip of a file at once, each in Chinese with
// what to change, at its line.
func TestSyntaxErrors(t *testing.T) {
	src := strings.NewReplacer("year = 2026", "year = 2026年", "punishment = 0", "punishment = 12件", "kind = \"乡镇\"", "kind = \"乡镇\",").
		Replace(datafile.Template(model.FormatByID("2021"), 2026))
	_, err := datafile.Decode("a.toml", []byte(src), nil)
	var es input.Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("want three errors, got %v", err)
	}
	for i, want := range []string{"“year”的值后面多了“年”", "“kind”这一行末尾多了逗号", "“punishment”的值后面多了“件”"} {
		if !strings.Contains(es[i].Msg.Zh, want) || es[i].Line == 0 || !strings.Contains(es[i].Msg.En, "TOML syntax error") {
			t.Errorf("error %d: %s (line %d), want %q", i, es[i].Msg.Zh, es[i].Line, want)
		}
	}
}

// TestDates (issue 20 point 4): a date typed as text the ways people type it is a date.
func TestDates(t *testing.T) {
	tpl := datafile.Template(model.FormatByID("2021"), 2026)
	for _, d := range []string{`"2027年1月20日"`, `"2027-1-20"`, `"2027/01/20"`, `"2027.1.20"`, `"２０２７年１月２０日"`, "2027-01-20"} {
		src := strings.Replace(tpl, "date = 2027-01-20", "date = "+d, 1)
		r, err := datafile.Decode("a.toml", []byte(src), nil)
		if err != nil || r.Date.String() != "2027年1月20日" {
			t.Errorf("%s: %v %v", d, r.Date, err)
		}
	}
}
