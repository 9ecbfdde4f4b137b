package model

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"nianbao/i18n"
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
func NewSidecar(r *Report, fs []Finding) *Sidecar {
	s := &Sidecar{Source: r.File, Format: r.Format.ID, Year: r.Year, Organ: r.Organ, ShortName: r.Short, Kind: r.Kind,
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
				case rd.Kinds[c] == Money:
					row.Values = append(row.Values, FormatMoney(v.N))
				default:
					row.Values = append(row.Values, v.N)
				}
			}
			s.Tables = append(s.Tables, row)
		}
	}
	for _, f := range fs {
		sev := "warning"
		if f.Severity == Error {
			sev = "error"
		}
		s.Findings = append(s.Findings, SidecarFinding{f.Rule, sev, f.Line, f.Where, f.Msg.Zh, f.Msg.En})
	}
	return s
}

// LoadSidecar reads a sidecar back as a report (numbers only, no narrative).
func LoadSidecar(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, ioError(path, err)
	}
	var s Sidecar
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, &InputError{File: path, Msg: i18n.F("不是 nianbao 的 JSON 数据：%v", "not a nianbao JSON sidecar: %v", err)}
	}
	f := FormatByID(s.Format)
	if f == nil {
		return nil, &InputError{File: path, Msg: i18n.F("未知的格式“%s”", "unknown format %q", s.Format)}
	}
	r := &Report{File: path, Format: f, Year: s.Year, Organ: s.Organ, Short: s.ShortName, Kind: s.Kind, Text: map[string][]Para{}, Lines: map[string]int{}}
	for ti, def := range f.Tables {
		r.Tables[ti] = Table{Def: def, Values: make([][]Value, len(def.Data))}
		for k := range def.Data {
			r.Tables[ti].Values[k] = make([]Value, len(def.Data[k].Kinds))
		}
	}
	for _, row := range s.Tables {
		ti := -1
		for i, def := range f.Tables {
			if def.Key == row.Table {
				ti = i
			}
		}
		if ti < 0 {
			return nil, &InputError{File: path, Msg: i18n.F("未知的表“%s”", "unknown table %q", row.Table)}
		}
		k, rd := f.Tables[ti].Row(row.Key)
		if k < 0 || len(row.Values) != len(rd.Kinds) {
			return nil, &InputError{File: path, Msg: i18n.F("“%s.%s”与格式不符", "%s.%s does not match the format", row.Table, row.Key)}
		}
		for c, v := range row.Values {
			val := Value{Set: true}
			switch x := v.(type) {
			case float64:
				val.N = int64(x)
				if rd.Kinds[c] == Money {
					val.N *= 100
				}
			case string:
				if x == "/" {
					val.NA = true
				} else if h, ok := parseMoney(x); ok {
					val.N = h
				} else if n, err := strconv.ParseInt(x, 10, 64); err == nil {
					val.N = n
				} else {
					return nil, &InputError{File: path, Msg: i18n.F("“%s.%s”的值“%s”无法识别", "%s.%s: cannot read %q", row.Table, row.Key, x)}
				}
			}
			r.Tables[ti].Values[k][c] = val
		}
	}
	return r, nil
}
