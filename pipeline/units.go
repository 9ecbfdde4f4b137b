package pipeline

import (
	"path/filepath"
	"strings"
	"unicode"

	"nianbao/check"
	"nianbao/i18n"
	"nianbao/model"
	"nianbao/workbook"
)

// Status is what checking a unit's file found.
type Status int

const (
	Passed     Status = iota // no finding
	Warned                   // warnings only
	Failing                  // errors
	Unreadable               // the file could not be read at all (missing, a pipe, not a workbook …)
)

// Words of a status: the English one is check --json's.
func (s Status) Words() i18n.Text {
	return [...]i18n.Text{{Zh: "通过", En: "passed"}, {Zh: "通过（有警告）", En: "warnings"}, {Zh: "有错误", En: "errors"}, {Zh: "无法读取", En: "unreadable"}}[s]
}

// Unit is one unit's file and what its check found.
type Unit struct {
	File     string
	Name     string        // the organ's short name; the file's name when it could not be read
	Organ    string        // the organ's full name, "" when unknown
	Report   *model.Report // nil when the file could not be read or decoded (its R12 findings say why)
	Status   Status
	Errors   int
	Warnings int
	Findings []check.Finding
	Err      error // why the file could not be read at all
}

// unitOf describes a unit's file from its check.
func unitOf(path string, r *model.Report, fs []check.Finding, err error) Unit {
	u := Unit{File: path, Report: r, Findings: fs, Err: err, Name: fileUnit(path)}
	if r != nil {
		u.Name, u.Organ = r.Short, r.Organ
	}
	for _, f := range fs {
		if f.Severity == check.Error {
			u.Errors++
		} else {
			u.Warnings++
		}
	}
	switch {
	case err != nil:
		u.Status = Unreadable
	case u.Errors > 0 || r == nil:
		u.Status = Failing
	case u.Warnings > 0:
		u.Status = Warned
	}
	return u
}

// CheckUnit checks one unit's file as check does.
func CheckUnit(path string, opt CheckOptions) Unit {
	c := Check(path, opt)
	return unitOf(path, c.Report, c.Findings, c.Err)
}

// First is the unit's first error (its first finding when it has no error), as a line.
func (u Unit) First(l i18n.Lang) string {
	if u.Err != nil {
		return strings.SplitN(i18n.Message(u.Err, l), "\n", 2)[0]
	}
	for _, f := range u.Findings {
		if f.Severity == check.Error {
			return f.In(l)
		}
	}
	if len(u.Findings) > 0 {
		return u.Findings[0].In(l)
	}
	return ""
}

// fileUnit is the unit a file's name suggests, for a file that cannot be read: 白杨镇2024.toml →
// 白杨镇 (the year and separators dropped).
func fileUnit(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	name := strings.TrimRightFunc(base, func(r rune) bool { return unicode.IsDigit(r) || strings.ContainsRune("-_ .年", r) })
	if name == "" {
		return base
	}
	return name
}

// ReadUnits reads a list of units (--units): a text file, one unit a line (blank lines and
// # comments skipped), or a workbook (名单.xlsx) with one unit a row (workbook.ReadList).
func ReadUnits(path string) ([]string, error) {
	if workbook.IsWorkbook(path) {
		return workbook.ReadList(path)
	}
	return ReadLines(path)
}

// Roll is the 收件登记 of a district: which listed units sent a report, which of those pass,
// which fail, which are missing, and which reports come from units not on the list.
type Roll struct {
	Units   []Unit   // every file, in order
	Listed  []bool   // per unit: on the list (always true without a list)
	Missing []string // listed units with no file
}

// NewRoll matches checked units against a list of units (nil: no list). A unit matches by its
// short or full name; a file that could not be read matches by the name its file suggests.
func NewRoll(units []Unit, list []string) *Roll {
	roll := &Roll{Units: units}
	listed := map[string]bool{}
	var order []string
	for _, u := range list {
		if u = strings.TrimSpace(u); u != "" && !strings.HasPrefix(u, "#") && !listed[u] {
			listed[u] = true
			order = append(order, u)
		}
	}
	have := map[string]bool{}
	for _, u := range units {
		on := len(listed) == 0 || listed[u.Name] || listed[u.Organ]
		roll.Listed = append(roll.Listed, on)
		have[u.Name], have[u.Organ] = true, true
	}
	for _, u := range order {
		if !have[u] {
			roll.Missing = append(roll.Missing, u)
		}
	}
	return roll
}

// Count returns how many units have each status.
func (r *Roll) Count() map[Status]int {
	n := map[Status]int{}
	for _, u := range r.Units {
		n[u.Status]++
	}
	return n
}

// Brief is First without the file's name, for a table whose row names the unit already:
// "第39行 [R2 行总计] 表三…", "表三!F9 [R1 勾稽关系] …".
func (u Unit) Brief(l i18n.Lang) string {
	s := u.First(l)
	rest, ok := strings.CutPrefix(s, u.File)
	if !ok {
		return s
	}
	var place string
	switch {
	case strings.HasPrefix(rest, ":"):
		num := strings.TrimLeft(rest, ":")
		i := strings.IndexFunc(num, func(r rune) bool { return !unicode.IsDigit(r) })
		if i > 0 {
			place = i18n.F("第%s行", "line %s", num[:i]).In(l)
			rest = num[i:]
			if j := strings.Index(rest, ": "); j >= 0 {
				rest = rest[j:]
			}
		}
	case strings.HasPrefix(rest, "!"):
		j := strings.Index(rest, ": ")
		if j > 0 {
			place, rest = rest[1:j], rest[j:]
		}
	}
	rest = strings.TrimPrefix(rest, ": ")
	for _, sev := range []string{"错误 ", "error "} {
		rest = strings.TrimPrefix(rest, sev)
	}
	return strings.TrimSpace(place + " " + rest)
}
