package fonts

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"nianbao/fonts/sfnt"
	"nianbao/i18n"
	"nianbao/internal/safefile"
)

// Face is one loaded font face: a standalone TrueType or CFF-flavoured OpenType file (sfnt.Font)
// with what the rest of the program knows of it: its key, where it came from, whether it is an
// official face.
type Face struct {
	ID       string   // short ASCII key, unique in the process ("F3"): the PDF writer's family name
	Family   string   // the first family name in its name table
	Names    []string // every family name it declares (Chinese and English)
	Source   string   // file path ("path#N" for a collection face), or "embedded:NAME"
	Official bool     // an official face (仿宋_GB2312 …) rather than an open stand-in
	Data     []byte   // the sfnt bytes to embed
	CFF      bool     // PostScript (CFF) outlines: subsets embed as CIDFontType0C, not TrueType
	// Restricted is set when OS/2 fsType forbids embedding (bit 1, "restricted licence").
	Restricted bool

	font *sfnt.Font
}

// Font is the parsed font: glyph IDs, metrics, bounds, half-width forms, subsetting by glyph.
func (f *Face) Font() *sfnt.Font { return f.font }

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool { return f.font.Has(r) }

// Advance is r's advance width in em (0 if the face lacks it).
func (f *Face) Advance(r rune) float64 { return f.font.Advance(r) }

// Glyph is r's glyph ID in the face (0, .notdef, when it lacks r).
func (f *Face) Glyph(r rune) uint16 { return uint16(f.font.Glyph(r)) }

// Table returns one of the face's tables ("CFF ", "glyf" …), nil if it has none.
func (f *Face) Table(tag string) []byte { return f.font.Table(tag) }

// Metrics are the face-wide figures a PDF font descriptor needs (sfnt.Metrics).
type Metrics = sfnt.Metrics

// Metrics reads the face's head, hhea, OS/2 and name tables.
func (f *Face) Metrics() Metrics { return f.font.Metrics() }

// Half says which half of r's em holds its ink, if r is one-em punctuation (sfnt.Font.Half).
func (f *Face) Half(r rune) Half { return f.font.Half(r) }

// Half is the half of an em that holds a full-width punctuation glyph's ink (sfnt.Half).
type Half = sfnt.Half

// The halves (sfnt.NoHalf …).
const (
	NoHalf    = sfnt.NoHalf
	HalfLeft  = sfnt.HalfLeft
	HalfRight = sfnt.HalfRight
)

var (
	cacheMu sync.Mutex
	cache   = map[string]*Face{} // by Source: each file is read and parsed once per process
	nextID  int
)

// Parse makes a Face from font bytes (a .ttf, or face index of a .ttc). source names it in messages.
func Parse(data []byte, index int, source string) (*Face, error) {
	font, err := sfnt.Parse(data, index)
	if err != nil {
		return nil, err
	}
	names := font.FamilyNames()
	f := &Face{Names: names, Source: source, Data: font.Data(), CFF: font.CFF(), Restricted: font.Restricted(), font: font}
	if len(names) > 0 {
		f.Family = names[0]
	}
	return f, nil
}

// Load reads a font file once per process. A path may end in "#N" to pick face N of a collection.
func Load(path string) (*Face, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if f, ok := cache[path]; ok {
		return f, nil
	}
	file, index := path, 0
	if i := strings.LastIndexByte(path, '#'); i > 0 {
		if n, err := strconv.Atoi(path[i+1:]); err == nil {
			file, index = path[:i], n
		}
	}
	f, err := loadFile(file, index, path)
	if err != nil {
		return nil, err
	}
	register(f)
	cache[path] = f
	return f, nil
}

func register(f *Face) {
	nextID++
	f.ID = "F" + strconv.Itoa(nextID)
}

func loadFile(file string, index int, source string) (*Face, error) {
	data, err := safefile.Read(file, safefile.FontLimit)
	var se *safefile.Error
	switch {
	case errors.As(err, &se) && se.Kind == safefile.NotExist:
		return nil, fontError(source, i18n.F("字体文件不存在", "no such font file"))
	case errors.As(err, &se) && se.Kind == safefile.Directory:
		return nil, fontError(source, i18n.F("这是一个文件夹，不是字体文件", "this is a directory, not a font file"))
	case errors.As(err, &se):
		return nil, fontError(source, se.Reason())
	case err != nil:
		return nil, fontError(source, i18n.F("无法读取：%v", "cannot read: %v", err))
	}
	f, err := Parse(data, index, source)
	var ce *sfnt.CharstringError
	switch {
	case errors.As(err, &ce):
		return nil, fontError(source, charstringText(ce))
	case errors.Is(err, sfnt.ErrCFF2):
		return nil, fontError(source, i18n.F("这是 CFF2 轮廓的可变 OpenType 字体，无法嵌入；请改用同一字体的静态版本（.otf/.ttf/.ttc）",
			"a variable OpenType font with CFF2 outlines cannot be embedded; use a static version of the font (.otf/.ttf/.ttc)"))
	case err != nil:
		return nil, fontError(source, i18n.F("不是可用的 TrueType 或 OpenType 字体：%v", "not a usable TrueType or OpenType font: %v", err))
	}
	return f, nil
}

// FontError is a font file that cannot be used.
type FontError struct {
	Path string
	Msg  i18n.Text
}

func fontError(path string, m i18n.Text) *FontError { return &FontError{Path: path, Msg: m} }

func (e *FontError) In(l i18n.Lang) string {
	if l == i18n.En {
		return "font " + e.Path + ": " + e.Msg.En
	}
	return "字体 " + e.Path + "：" + e.Msg.Zh
}
func (e *FontError) Error() string { return e.In(i18n.Zh) }

// charstringText says in both languages why a CFF face was refused.
func charstringText(e *sfnt.CharstringError) i18n.Text {
	switch e.Err {
	case sfnt.ErrCharstringRecursive:
		return i18n.F("字形 %d 的轮廓（CFF 字符串）中有调用自身的子程序（无限循环），字体已损坏或被篡改，不能使用",
			"the outline (CFF charstring) of glyph %d has a subroutine that calls itself (an endless loop): the font is damaged or tampered with and cannot be used", e.Glyph)
	case sfnt.ErrCharstringDeep:
		return i18n.F("字形 %d 的轮廓（CFF 字符串）子程序嵌套超过 10 层，字体已损坏，不能使用",
			"the outline (CFF charstring) of glyph %d nests subroutines more than 10 deep: the font is damaged and cannot be used", e.Glyph)
	case sfnt.ErrCharstringLong:
		return i18n.F("字形 %d 的轮廓（CFF 字符串）展开后过长（子程序层层重复调用），字体已损坏或被篡改，不能使用",
			"the outline (CFF charstring) of glyph %d is too long once its subroutines are expanded (they call each other over and over): the font is damaged or tampered with and cannot be used", e.Glyph)
	}
	return i18n.F("字形 %d 的轮廓（CFF 字符串）无法读取，字体已损坏，不能使用",
		"the outline (CFF charstring) of glyph %d cannot be read: the font is damaged and cannot be used", e.Glyph)
}

// fontExt reports whether a file name looks like a font this package can read.
func fontExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ttf", ".ttc", ".otf", ".otc":
		return true
	}
	return false
}
