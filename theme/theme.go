// Package theme holds every layout parameter a designer may change — sizes, margins, grid,
// spacing, table widths, fonts per role, page numbers, signature — as a TOML file. The GB/T 9704
// default is embedded (default.toml, printed by `nianbao theme`); a user theme overrides any subset.
//
// Pipeline: theme feeds layout (PDF geometry), docx (styles and page setup) and fonts (font files).
package theme

import (
	_ "embed"
	"errors"
	"reflect"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"nianbao/i18n"
	"nianbao/internal/safefile"
	"nianbao/model"
)

//go:embed default.toml
var Default string

const mm = 72 / 25.4 // points per millimetre

// Theme is the whole set of parameters. Lengths keep their unit in the key name.
type Theme struct {
	Page struct {
		WidthMM      float64 `toml:"width_mm"`
		HeightMM     float64 `toml:"height_mm"`
		TopMM        float64 `toml:"top_mm"`
		LeftMM       float64 `toml:"left_mm"`
		BodyWidthMM  float64 `toml:"body_width_mm"`
		BodyHeightMM float64 `toml:"body_height_mm"`
		Lines        int     `toml:"lines"`
		Chars        int     `toml:"chars"`
	} `toml:"page"`
	Fonts struct {
		Title  string `toml:"title"`
		Body   string `toml:"body"`
		H1     string `toml:"h1"`
		H2     string `toml:"h2"`
		PageNo string `toml:"pageno"`
		Table  string `toml:"table"`
	} `toml:"fonts"`
	Size struct {
		TitlePt  float64 `toml:"title_pt"`
		BodyPt   float64 `toml:"body_pt"`
		PageNoPt float64 `toml:"pageno_pt"`
		TablePt  float64 `toml:"table_pt"`
	} `toml:"size"`
	Title struct {
		LinePt          float64 `toml:"line_pt"`
		BlankLinesAfter int     `toml:"blank_lines_after"`
	} `toml:"title"`
	Text struct {
		IndentChars  float64 `toml:"indent_chars"`
		H3Bold       bool    `toml:"h3_bold"`
		H4Bold       bool    `toml:"h4_bold"`
		BoldStrokePt float64 `toml:"bold_stroke_pt"`
	} `toml:"text"`
	Table struct {
		LinePt        float64   `toml:"line_pt"`
		MinRowPt      float64   `toml:"min_row_pt"`
		PaddingPt     float64   `toml:"padding_pt"`
		BorderPt      float64   `toml:"border_pt"`
		SpaceBeforePt float64   `toml:"space_before_pt"`
		Continued     string    `toml:"continued"`
		Widths2       []float64 `toml:"widths2"`
		Widths3       []float64 `toml:"widths3"`
		Widths4       []float64 `toml:"widths4"`
	} `toml:"table"`
	PageNumber struct {
		Format     string  `toml:"format"`
		BelowMM    float64 `toml:"below_mm"`
		InsetChars float64 `toml:"inset_chars"`
	} `toml:"page_number"`
	Signature struct {
		Enabled          bool    `toml:"enabled"`
		BlankLinesBefore int     `toml:"blank_lines_before"`
		RightChars       float64 `toml:"right_chars"`
		DateShiftChars   float64 `toml:"date_shift_chars"`
	} `toml:"signature"`
}

// Derived geometry, in points.

func (t *Theme) PageW() float64 { return t.Page.WidthMM * mm }
func (t *Theme) PageH() float64 { return t.Page.HeightMM * mm }
func (t *Theme) Left() float64  { return t.Page.LeftMM * mm }
func (t *Theme) Top() float64   { return t.Page.TopMM * mm }
func (t *Theme) BodyW() float64 { return t.Page.BodyWidthMM * mm }
func (t *Theme) BodyH() float64 { return t.Page.BodyHeightMM * mm }

// LinePitch is the body grid's line pitch: the type area's height over the lines per page
// (GB/T 9704 §5.2.3: 22 lines fill 225 mm → 28.99 pt).
func (t *Theme) LinePitch() float64 { return t.BodyH() / float64(t.Page.Lines) }

// CharPitch is the body grid's character pitch: 28 characters fill 156 mm → 15.79 pt, so a 16 pt
// glyph is tracked by −0.21 pt.
func (t *Theme) CharPitch() float64 { return t.BodyW() / float64(t.Page.Chars) }

// Widths returns the column widths of table id ("二", "三", "四") in points.
func (t *Theme) Widths(id string) []float64 {
	var w []float64
	switch id {
	case "二":
		w = t.Table.Widths2
	case "三":
		w = t.Table.Widths3
	case "四":
		w = t.Table.Widths4
	}
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x * mm
	}
	return out
}

// FontFile returns the font file a role is set to, by role name ("" if unset).
func (t *Theme) FontFile(role string) string {
	return map[string]string{"title": t.Fonts.Title, "body": t.Fonts.Body, "h1": t.Fonts.H1, "h2": t.Fonts.H2,
		"pageno": t.Fonts.PageNo, "table": t.Fonts.Table}[role]
}

var defaultTheme = func() *Theme {
	var t Theme
	if _, err := toml.Decode(Default, &t); err != nil {
		panic("theme/default.toml: " + err.Error())
	}
	return &t
}()

// New returns a copy of the default theme.
func New() *Theme {
	t := *defaultTheme
	t.Table.Widths2 = append([]float64(nil), t.Table.Widths2...)
	t.Table.Widths3 = append([]float64(nil), t.Table.Widths3...)
	t.Table.Widths4 = append([]float64(nil), t.Table.Widths4...)
	return &t
}

// Load reads a theme file over the default: keys it gives replace the default's, unknown keys are
// errors with a suggestion, and the result is validated.
func Load(path string) (*Theme, error) {
	data, err := safefile.Read(path, safefile.ThemeLimit)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) {
			return nil, &model.InputError{File: path, Msg: i18n.Text{Zh: "主题文件：" + se.Reason().Zh, En: "theme file: " + se.Reason().En}}
		}
		return nil, &model.InputError{File: path, Msg: i18n.F("无法读取主题文件：%v", "cannot read the theme: %v", err)}
	}
	return Parse(path, string(data))
}

// Parse is Load on a string; name is used in messages.
func Parse(name, src string) (*Theme, error) {
	t := New()
	if err := model.Guard(name, src); err != nil {
		return nil, err
	}
	md, err := toml.Decode(src, t)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &model.InputError{File: name, Line: pe.Position.Line, Col: pe.Position.Col, Msg: i18n.F("主题文件有误：%s", "theme error: %s", pe.Message)}
		}
		return nil, &model.InputError{File: name, Msg: i18n.F("主题文件有误：%v", "theme error: %v", err)}
	}
	lines := model.KeyLines(src)
	valid := validKeys()
	var errs model.InputErrors
	for _, k := range md.Undecoded() {
		key := k.String()
		e := &model.InputError{File: name, Line: lines[key]}
		if s := model.Closest(key, valid); s != "" {
			e.Msg = i18n.F("未知的主题键“%s”，是否应为“%s”？", "unknown theme key %q; did you mean %q?", key, s)
		} else {
			e.Msg = i18n.F("未知的主题键“%s”", "unknown theme key %q", key)
		}
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := t.validate(name); err != nil {
		return nil, err
	}
	return t, nil
}

// validKeys lists every dotted key of the theme, from the struct tags.
func validKeys() []string {
	var out []string
	rt := reflect.TypeOf(Theme{})
	for i := 0; i < rt.NumField(); i++ {
		sec := rt.Field(i)
		for j := 0; j < sec.Type.NumField(); j++ {
			out = append(out, sec.Tag.Get("toml")+"."+sec.Type.Field(j).Tag.Get("toml"))
		}
	}
	sort.Strings(out)
	return out
}

func (t *Theme) validate(name string) error {
	bad := func(zh, en string, a ...any) error {
		return &model.InputError{File: name, Msg: i18n.F(zh, en, a...)}
	}
	pos := map[string]float64{"page.width_mm": t.Page.WidthMM, "page.height_mm": t.Page.HeightMM, "page.body_width_mm": t.Page.BodyWidthMM,
		"page.body_height_mm": t.Page.BodyHeightMM, "size.title_pt": t.Size.TitlePt, "size.body_pt": t.Size.BodyPt,
		"size.pageno_pt": t.Size.PageNoPt, "size.table_pt": t.Size.TablePt, "title.line_pt": t.Title.LinePt,
		"table.line_pt": t.Table.LinePt, "page.lines": float64(t.Page.Lines), "page.chars": float64(t.Page.Chars)}
	keys := make([]string, 0, len(pos))
	for k := range pos {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !(pos[k] > 0) || pos[k] > 2000 {
			return bad("主题键“%s”应为正数（实际 %v）", "theme key %q must be positive (is %v)", k, pos[k])
		}
	}
	if t.Page.LeftMM+t.Page.BodyWidthMM > t.Page.WidthMM || t.Page.TopMM+t.Page.BodyHeightMM > t.Page.HeightMM {
		return bad("版心超出了纸张", "the type area does not fit on the paper")
	}
	for _, w := range []struct {
		id   string
		n    int
		list []float64
	}{{"widths2", 4, t.Table.Widths2}, {"widths3", 10, t.Table.Widths3}, {"widths4", 15, t.Table.Widths4}} {
		sum := 0.0
		for _, x := range w.list {
			if !(x > 0) {
				return bad("主题键“table.%s”的列宽必须为正数", "theme key table.%s: widths must be positive", w.id)
			}
			sum += x
		}
		if len(w.list) != w.n {
			return bad("主题键“table.%s”应有 %d 个列宽（实际 %d 个）", "theme key table.%s needs %d widths (has %d)", w.id, w.n, len(w.list))
		}
		if sum > t.Page.BodyWidthMM+0.5 {
			return bad("主题键“table.%s”的列宽总和 %.1f 毫米超过版心宽 %.1f 毫米", "theme key table.%s: the widths add up to %.1f mm, wider than the type area (%.1f mm)", w.id, sum, t.Page.BodyWidthMM)
		}
	}
	if !strings.Contains(t.PageNumber.Format, "%d") {
		return bad("主题键“page_number.format”必须含有 %%d", "theme key page_number.format must contain %%d")
	}
	return nil
}
