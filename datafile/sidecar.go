package datafile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"nianbao/check"
	"nianbao/model"
	"slices"
	"strconv"
	"strings"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
)

// Sidecar is the JSON written next to each built report: the checked numbers and the findings,
// for the next level up to aggregate without retyping (nianbao sum reads it like a data file).
type Sidecar struct {
	Source    string           `json:"source"`
	Format    string           `json:"format"`
	Year      int              `json:"year"`
	Organ     string           `json:"organ"`
	ShortName string           `json:"short_name"`
	Kind      string           `json:"kind"`
	Date      string           `json:"date"`
	Summary   []string         `json:"summary,omitempty"` // the units a summary (nianbao sum) adds up
	Tables    []SidecarRow     `json:"tables"`
	Findings  []SidecarFinding `json:"findings"`
}

// SidecarRow is one data row: counts as numbers, amounts as exact decimal strings, "/" for not
// applicable.
type SidecarRow struct {
	Table  string `json:"table"`
	Key    string `json:"key"`
	Label  string `json:"label"`
	Values []any  `json:"values"`
}

// SidecarFinding is one finding of the checks.
type SidecarFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Line     int    `json:"line"`
	Where    string `json:"where"`
	Zh       string `json:"zh"`
	En       string `json:"en"`
}

// NewSidecar describes a checked report.
func NewSidecar(r *model.Report, fs []check.Finding) *Sidecar {
	s := &Sidecar{Source: r.File, Format: r.Format.ID, Year: r.Year, Organ: r.Organ, ShortName: r.Short, Kind: r.Kind, Summary: r.Summary,
		Tables: []SidecarRow{}, Findings: []SidecarFinding{}}
	if r.Date.Y != 0 {
		s.Date = fmt.Sprintf("%04d-%02d-%02d", r.Date.Y, r.Date.M, r.Date.D)
	}
	for _, t := range r.Tables {
		for i, rd := range t.Def.Data {
			row := SidecarRow{Table: t.Def.Key, Key: rd.Key, Label: rd.FullLabel(), Values: []any{}}
			for c, v := range t.Values[i] {
				switch {
				case v.NA:
					row.Values = append(row.Values, "/")
				case rd.Kinds[c] == model.Money:
					row.Values = append(row.Values, model.FormatMoney(v.N, v.Places))
				default:
					row.Values = append(row.Values, v.N)
				}
			}
			s.Tables = append(s.Tables, row)
		}
	}
	for _, f := range fs {
		sev := "warning"
		if f.Severity == check.Error {
			sev = "error"
		}
		s.Findings = append(s.Findings, SidecarFinding{f.Rule, sev, f.Line, f.Where, f.Msg.Zh, f.Msg.En})
	}
	return s
}

// LoadSidecar reads a sidecar back as a report (numbers only, no narrative). Sidecars come
// back from other offices and may have been edited by hand: the file is bounded, its shape is
// checked key by key, and every value must be what the tool writes — a whole number from 0 to
// MaxCount, an amount with at most six decimals, or "/" — or the file is refused, naming the key.
func LoadSidecar(path string) (*model.Report, error) {
	data, err := safefile.Read(path, safefile.SidecarLimit)
	if err != nil {
		return nil, ioError(path, err)
	}
	return DecodeSidecar(path, data)
}

// DecodeSidecar is LoadSidecar on bytes; name is used in messages.
func DecodeSidecar(name string, data []byte) (*model.Report, error) {
	bad := func(zh, en string, a ...any) error {
		return &input.Error{Location: input.Location{File: name}, Msg: i18n.F(zh, en, a...)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var s Sidecar
	if err := dec.Decode(&s); err != nil {
		return nil, bad("不是 nianbao 生成的 JSON 数据：%v", "not a JSON sidecar written by nianbao: %v", err)
	}
	if dec.More() {
		return nil, bad("JSON 数据之后还有多余的内容", "there is more after the JSON data")
	}
	f := model.FormatByID(s.Format)
	switch {
	case f == nil:
		return nil, bad("未知的格式“%s”", "unknown format %q", s.Format)
	case s.Year < 2008 || s.Year > 2100:
		return nil, bad("“year” %d 不是合理的年份", "\"year\" %d is not a plausible year", s.Year)
	case strings.TrimSpace(s.Organ) == "":
		return nil, bad("缺少“organ”（机关名称）", "\"organ\" is missing")
	}
	r := &model.Report{File: name, Format: f, Year: s.Year, Organ: s.Organ, Short: s.ShortName, Kind: s.Kind, Summary: s.Summary,
		Text: map[string][]model.Para{}, Locs: map[string]input.Location{}}
	if r.Short == "" {
		r.Short = r.Organ
	}
	seen := map[string]bool{}
	for ti, def := range f.Tables {
		r.Tables[ti] = model.Table{Def: def, Values: make([][]model.Value, len(def.Data))}
	}
	for _, row := range s.Tables {
		ti := slices.IndexFunc(f.Tables[:], func(d *model.TableDef) bool { return d.Key == row.Table })
		if ti < 0 {
			return nil, bad("未知的表“%s”", "unknown table %q", row.Table)
		}
		key := row.Table + "." + row.Key
		k, rd := f.Tables[ti].Row(row.Key)
		switch {
		case k < 0:
			return nil, bad("未知的行“%s”", "unknown row %q", key)
		case seen[key]:
			return nil, bad("“%s”出现了两次", "%q is given twice", key)
		case len(row.Values) != len(rd.Kinds):
			return nil, bad("“%s”（%s）应有 %d 个数，实际有 %d 个", "%q (%s) needs %d values, has %d", key, model.TableLabel(f.Tables[ti], rd, -1), len(rd.Kinds), len(row.Values))
		}
		seen[key] = true
		vals := make([]model.Value, len(rd.Kinds))
		for c, v := range row.Values {
			val, ok := sidecarValue(v, rd.Kinds[c], len(s.Summary))
			if !ok {
				return nil, bad("“%s”第 %d 个值 %s（%s）无法接受：应为 0 到 %d 的整数、最多六位小数的金额或 \"/\"",
					"%q value %d, %s (%s), is not accepted: it must be a whole number from 0 to %d, an amount with at most six decimals, or \"/\"",
					key, c+1, jsonText(v), model.TableLabel(f.Tables[ti], rd, c), model.CountLimit(len(s.Summary)))
			}
			vals[c] = val
		}
		r.Tables[ti].Values[k] = vals
	}
	for ti, def := range f.Tables {
		for k, rd := range def.Data {
			if r.Tables[ti].Values[k] == nil {
				return nil, bad("缺少“%s.%s”（%s）", "%s.%s (%s) is missing", def.Key, rd.Key, model.TableLabel(def, &def.Data[k], -1))
			}
		}
	}
	return r, nil
}

// sidecarValue accepts exactly what NewSidecar writes, within the limits of a report of units
// units (a summary's sidecar holds the sums of its units).
func sidecarValue(v any, k model.Kind, units int) (model.Value, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil || n < 0 && k != model.Signed || n > model.CountLimit(units) || n < -model.CountLimit(units) { // 本年增/减 (2019) may be negative
			return model.Value{}, false
		}
		if k == model.Money {
			if n > model.MoneyLimit(units)/model.MoneyScale {
				return model.Value{}, false
			}
			n *= model.MoneyScale
		}
		return model.Value{N: n, Set: true}, true
	case string:
		if x == "/" {
			return model.Value{NA: true, Set: true}, true
		}
		if k != model.Money {
			return model.Value{}, false
		}
		h, places, ok := model.ParseMoney(x)
		if !ok || h < 0 || h > model.MoneyLimit(units) {
			return model.Value{}, false
		}
		return model.Value{N: h, Set: true, Places: places}, true
	}
	return model.Value{}, false
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || len(b) > 40 {
		return fmt.Sprintf("%.40v", v)
	}
	return string(b)
}
