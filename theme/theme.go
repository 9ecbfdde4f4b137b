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
	"sync"

	"github.com/BurntSushi/toml"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
)

//go:embed default.toml
var defaultTOML string

// Default is the default theme's text (default.toml, with its comments): what nianbao theme prints.
func Default() string { return defaultTOML }

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
	Size  Sizes `toml:"size"`
	Title struct {
		LinePt          float64 `toml:"line_pt"`
		BlankLinesAfter int     `toml:"blank_lines_after"`
	} `toml:"title"`
	Text struct {
		IndentChars  float64 `toml:"indent_chars"`
		H3Bold       bool    `toml:"h3_bold"`
		H4Bold       bool    `toml:"h4_bold"`
		BoldStrokePt float64 `toml:"bold_stroke_pt"`
		// Squeeze is how a line that must take one more character squeezes the marks inside it
		// (clreq §3.1.6): SqueezeNational, SqueezeAll or SqueezeNone
		Squeeze string `toml:"squeeze"`
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

// Squeeze styles (text.squeeze): which marks inside a line may be squeezed — several together,
// by the same amount, never one to half width (layout's breakLines).
const (
	// SqueezeNational, the default: 。？！ keep their full width inside a line (a stop ends a
	// sentence and must read as one); ，、；： and closing brackets and quotes may be squeezed.
	SqueezeNational = "national"
	// SqueezeAll: every closing mark, the 句号 included.
	SqueezeAll = "all"
	// SqueezeNone: no mark inside a line; only line ends and adjacent marks are compressed.
	SqueezeNone = "none"
)

// Derived geometry, in points. Every product is rounded explicitly (float64(…)): Go may fuse
// x*y+z into one FMA instruction on arm64 but not on amd64 (the Go spec, "Arithmetic operators":
// an explicit conversion rounds and prevents fusion), and the same data must give the same bytes
// on every architecture.

func (t *Theme) PageW() float64 { return float64(t.Page.WidthMM * mm) }
func (t *Theme) PageH() float64 { return float64(t.Page.HeightMM * mm) }
func (t *Theme) Left() float64  { return float64(t.Page.LeftMM * mm) }
func (t *Theme) Top() float64   { return float64(t.Page.TopMM * mm) }
func (t *Theme) BodyW() float64 { return float64(t.Page.BodyWidthMM * mm) }
func (t *Theme) BodyH() float64 { return float64(t.Page.BodyHeightMM * mm) }

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
		out[i] = float64(x * mm)
	}
	return out
}

// FontFile returns the font file set for a role under [fonts] ("" if none). key is the role's
// name (fonts.Role.Name): the role table in fonts spells the names, the struct above is their
// TOML schema, and TestFontKeys holds the two together.
func (t *Theme) FontFile(key string) string {
	v := reflect.ValueOf(t.Fonts)
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("toml") == key {
			return v.Field(i).String()
		}
	}
	return ""
}

// defaultTheme is default.toml decoded, on first use: a command that lays nothing out (version,
// check, init) does not pay for it at start-up.
var defaultTheme = sync.OnceValue(func() *Theme {
	var t Theme
	if _, err := toml.Decode(defaultTOML, &t); err != nil {
		panic("theme/default.toml: " + err.Error())
	}
	return &t
})

// New returns a copy of the default theme.
func New() *Theme {
	t := *defaultTheme()
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
			return nil, &input.Error{Location: input.Location{File: path}, Msg: i18n.Text{Zh: "主题文件：" + se.Reason().Zh, En: "theme file: " + se.Reason().En}}
		}
		return nil, &input.Error{Location: input.Location{File: path}, Msg: i18n.F("无法读取主题文件：%v", "cannot read the theme: %v", err)}
	}
	return Parse(path, string(data))
}

// Parse is Load on a string; name is used in messages.
func Parse(name, src string) (*Theme, error) {
	t := New()
	if err := input.Guard(name, src); err != nil {
		return nil, err
	}
	md, err := toml.Decode(src, t)
	lines := input.KeyLines(src)
	if ke := t.Size.err; ke != nil {
		return nil, &input.Error{Location: input.Location{File: name, Line: input.LineOf(lines, ke.key)}, Msg: ke.msg}
	}
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &input.Error{Location: input.Location{File: name, Line: pe.Position.Line, Col: pe.Position.Col}, Msg: i18n.F("主题文件有误：%s", "theme error: %s", pe.Message)}
		}
		return nil, &input.Error{Location: input.Location{File: name}, Msg: i18n.F("主题文件有误：%v", "theme error: %v", err)}
	}
	var errs input.Errors
	for _, k := range md.Undecoded() {
		ke := unknownKey(k.String())
		errs = append(errs, &input.Error{Location: input.Location{File: name, Line: input.LineOf(lines, ke.key)}, Msg: ke.msg})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if ke := t.validate(); ke != nil {
		return nil, &input.Error{Location: input.Location{File: name, Line: input.LineOf(lines, ke.key)}, Msg: ke.msg}
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

// The printable floors of a theme's sizes, in points.
const (
	MinPt     = 5.0 // type: 八号, the smallest 字号
	MinRulePt = 0.1 // a table rule, when there is one
)

// validate checks that the theme can make a readable page: every length in range, the type
// area on the paper, the body type no wider than the grid's character pitch (GB/T 9704 §5.2.3:
// 28 characters fill a line, so a larger size would overlap), the page number on the paper, and
// a page-number format with exactly one %d. The error names the key.
func (t *Theme) validate() *keyError {
	bad := func(key, zh, en string, a ...any) *keyError { return &keyError{key, i18n.F(zh, en, a...)} }
	type rng struct {
		key      string
		v        float64
		min, max float64 // min excluded when open
		open     bool
	}
	checks := []rng{
		{"page.width_mm", t.Page.WidthMM, 0, 2000, true}, {"page.height_mm", t.Page.HeightMM, 0, 2000, true},
		{"page.top_mm", t.Page.TopMM, 0, 2000, false}, {"page.left_mm", t.Page.LeftMM, 0, 2000, false},
		{"page.body_width_mm", t.Page.BodyWidthMM, 0, 2000, true}, {"page.body_height_mm", t.Page.BodyHeightMM, 0, 2000, true},
		{"page.lines", float64(t.Page.Lines), 0, 100, true}, {"page.chars", float64(t.Page.Chars), 0, 100, true},
		{"size.title_pt", t.Size.TitlePt, 0, 100, true}, {"size.body_pt", t.Size.BodyPt, 0, 100, true},
		{"size.pageno_pt", t.Size.PageNoPt, 0, 100, true}, {"size.table_pt", t.Size.TablePt, 0, 100, true},
		{"title.line_pt", t.Title.LinePt, 0, 300, true}, {"title.blank_lines_after", float64(t.Title.BlankLinesAfter), 0, 10, false},
		{"text.indent_chars", t.Text.IndentChars, 0, 10, false}, {"text.bold_stroke_pt", t.Text.BoldStrokePt, 0, 2, false},
		{"table.line_pt", t.Table.LinePt, 0, 300, true}, {"table.min_row_pt", t.Table.MinRowPt, 0, 300, false},
		{"table.padding_pt", t.Table.PaddingPt, 0, 50, false}, {"table.border_pt", t.Table.BorderPt, 0, 5, false},
		{"table.space_before_pt", t.Table.SpaceBeforePt, 0, 300, false},
		{"page_number.below_mm", t.PageNumber.BelowMM, 0, 100, false}, {"page_number.inset_chars", t.PageNumber.InsetChars, 0, 10, false},
		{"signature.blank_lines_before", float64(t.Signature.BlankLinesBefore), 0, 10, false},
		{"signature.right_chars", t.Signature.RightChars, 0, 10, false}, {"signature.date_shift_chars", t.Signature.DateShiftChars, 0, 10, false},
	}
	for _, c := range checks {
		low := c.v < c.min || c.open && c.v <= c.min
		if low || c.v > c.max || c.v != c.v {
			if c.open {
				return bad(c.key, "主题键“%s”应大于 %g、不超过 %g（实际 %g）", "theme key %s must be above %g and at most %g (is %g)", c.key, c.min, c.max, c.v)
			}
			return bad(c.key, "主题键“%s”应在 %g 到 %g 之间（实际 %g）", "theme key %s must be from %g to %g (is %g)", c.key, c.min, c.max, c.v)
		}
	}
	// a printable floor: a positive size can still be too small to see (title_pt = 1e-300 is an
	// invisible title). 八号, 5 pt, is the smallest 字号 there is; a rule under 0.1 pt does not print.
	for _, c := range []struct {
		key string
		v   float64
	}{{"size.title_pt", t.Size.TitlePt}, {"size.body_pt", t.Size.BodyPt}, {"size.pageno_pt", t.Size.PageNoPt}, {"size.table_pt", t.Size.TablePt}} {
		if c.v < MinPt {
			return bad(c.key, "主题键“%s”是 %g 磅，小于最小的字号八号（%g 磅），印出来看不清", "theme key %s is %g pt, below the smallest 字号 (八号, %g pt): it would not print legibly", c.key, c.v, MinPt)
		}
	}
	if b := t.Table.BorderPt; b > 0 && b < MinRulePt {
		return bad("table.border_pt", "主题键“table.border_pt”是 %g 磅，太细，印不出来：请写 0（不画线）或不小于 %g 磅", "theme key table.border_pt is %g pt, too thin to print: give 0 (no rule) or at least %g pt", b, MinRulePt)
	}
	if t.Page.LeftMM+t.Page.BodyWidthMM > t.Page.WidthMM {
		return bad("page.left_mm", "版心超出了纸张：左白边 %g + 版心宽 %g 毫米大于纸宽 %g 毫米", "the type area does not fit on the paper: left margin %g + width %g mm exceed the paper's %g mm",
			t.Page.LeftMM, t.Page.BodyWidthMM, t.Page.WidthMM)
	}
	if t.Page.TopMM+t.Page.BodyHeightMM > t.Page.HeightMM {
		return bad("page.top_mm", "版心超出了纸张：上白边 %g + 版心高 %g 毫米大于纸高 %g 毫米", "the type area does not fit on the paper: top margin %g + height %g mm exceed the paper's %g mm",
			t.Page.TopMM, t.Page.BodyHeightMM, t.Page.HeightMM)
	}
	if t.Size.BodyPt > t.CharPitch()*1.05 { // 3号 (16 pt) in a 15.79 pt pitch is the standard's own tracking
		return bad("size.body_pt", "正文字号 %g 磅大于每行 %d 字的字距 %.2f 磅，字会重叠：请减小字号或每行字数", "the body size %g pt is wider than the character pitch of %d characters a line, %.2f pt: the characters would overlap",
			t.Size.BodyPt, t.Page.Chars, t.CharPitch())
	}
	if t.Size.BodyPt > t.LinePitch() {
		return bad("size.body_pt", "正文字号 %g 磅大于每页 %d 行的行距 %.2f 磅，行会重叠", "the body size %g pt is taller than the line pitch of %d lines a page, %.2f pt: lines would overlap",
			t.Size.BodyPt, t.Page.Lines, t.LinePitch())
	}
	if t.Text.Squeeze != SqueezeNational && t.Text.Squeeze != SqueezeAll && t.Text.Squeeze != SqueezeNone {
		return bad("text.squeeze", "主题键“text.squeeze”应为 \"national\"（国家标准默认）、\"all\" 或 \"none\"（实际“%s”）",
			"theme key text.squeeze must be \"national\" (the national default), \"all\" or \"none\" (is %q)", t.Text.Squeeze)
	}
	if t.Text.IndentChars >= float64(t.Page.Chars) {
		return bad("text.indent_chars", "段首缩进 %g 字不小于每行字数 %d", "the indent of %g characters is not less than the %d characters of a line", t.Text.IndentChars, t.Page.Chars)
	}
	if t.Size.TitlePt*2 > t.BodyW() {
		return bad("size.title_pt", "标题字号 %g 磅太大：版心一行放不下两个字", "the title size %g pt is too large: two characters do not fit across the type area", t.Size.TitlePt)
	}
	if t.Title.LinePt < t.Size.TitlePt {
		return bad("title.line_pt", "标题行距 %g 磅小于标题字号 %g 磅，行会重叠", "the title line pitch %g pt is less than the title size %g pt: lines would overlap", t.Title.LinePt, t.Size.TitlePt)
	}
	if t.Table.LinePt < t.Size.TablePt {
		return bad("table.line_pt", "表内行距 %g 磅小于表格字号 %g 磅，行会重叠", "the table line pitch %g pt is less than the table size %g pt: lines would overlap", t.Table.LinePt, t.Size.TablePt)
	}
	if 2*t.Table.PaddingPt+t.Size.TablePt > 10*mm {
		return bad("table.padding_pt", "单元格内边距 %g 磅太大：最窄的列放不下一个字", "the cell padding %g pt is too large: the narrowest column cannot hold a character", t.Table.PaddingPt)
	}
	if (t.Page.TopMM+t.Page.BodyHeightMM+t.PageNumber.BelowMM)*mm+t.Size.PageNoPt > t.PageH() {
		return bad("page_number.below_mm", "页码在纸张之外：版心下 %g 毫米处已超出纸张", "the page number falls off the paper: %g mm below the type area is past its edge", t.PageNumber.BelowMM)
	}
	if float64(t.Signature.BlankLinesBefore) >= float64(t.Page.Lines)-2 || t.Title.BlankLinesAfter >= t.Page.Lines-2 {
		return bad("signature.blank_lines_before", "空行数不能接近每页行数", "blank lines must be far fewer than the lines of a page")
	}
	if len([]rune(t.Table.Continued)) > 10 {
		return bad("table.continued", "“table.continued”最多 10 个字", "table.continued may have at most 10 characters")
	}
	for _, w := range []struct {
		id   string
		n    int
		list []float64
	}{{"widths2", 4, t.Table.Widths2}, {"widths3", 10, t.Table.Widths3}, {"widths4", 15, t.Table.Widths4}} {
		key := "table." + w.id
		sum := 0.0
		for _, x := range w.list {
			if !(x >= 5) || x > 2000 {
				return bad(key, "主题键“%s”的每个列宽应至少 5 毫米（实际 %g）", "theme key %s: every width must be at least 5 mm (is %g)", key, x)
			}
			sum += x
		}
		if len(w.list) != w.n {
			return bad(key, "主题键“%s”应有 %d 个列宽（实际 %d 个）", "theme key %s needs %d widths (has %d)", key, w.n, len(w.list))
		}
		if sum > t.Page.BodyWidthMM+0.5 {
			return bad(key, "主题键“%s”的列宽总和 %.1f 毫米超过版心宽 %.1f 毫米", "theme key %s: the widths add up to %.1f mm, wider than the type area (%.1f mm)", key, sum, t.Page.BodyWidthMM)
		}
	}
	if pageFormat(t.PageNumber.Format) != nil {
		return bad("page_number.format", "主题键“page_number.format”必须含有且只含有一个 %%d（页码），其他 %% 写成 %%%%（实际“%s”）",
			"theme key page_number.format must hold exactly one %%d (the page number) and write any other %% as %%%% (is %q)", t.PageNumber.Format)
	}
	if len([]rune(t.PageNumber.Format)) > 20 {
		return bad("page_number.format", "页码样式最多 20 个字", "the page-number format may have at most 20 characters")
	}
	return nil
}
