package fonts

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"nianbao/i18n"
	"nianbao/internal/safefile"
)

// Face is one loaded font face: a standalone TrueType or CFF-flavoured OpenType file with its
// character map and advances.
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

	cmap charMap
	adv  []uint16 // advance per glyph, numGlyphs long
	upem float64
	cff  *cffFont // the parsed CFF table of a CFF face, for the subsetter

	glyf, loca []byte // a TrueType face's outlines, for Half
	longLoca   bool
	halvesOnce sync.Once
	halves     map[rune]Half
}

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool { g := f.cmap.lookup(r); return g != 0 && int(g) < len(f.adv) }

// Advance is r's advance width in em (0 if the face lacks it).
func (f *Face) Advance(r rune) float64 {
	g := f.cmap.lookup(r)
	if g == 0 || int(g) >= len(f.adv) {
		return 0
	}
	return float64(f.adv[g]) / f.upem
}

// Glyph is r's glyph ID in the face (0, .notdef, when it lacks r).
func (f *Face) Glyph(r rune) uint16 {
	if !f.Has(r) {
		return 0
	}
	return f.cmap.lookup(r)
}

// Table returns one of the face's tables ("CFF ", "glyf" …), nil if it has none.
func (f *Face) Table(tag string) []byte {
	sf, err := parseDir(f.Data, 0)
	if err != nil {
		return nil
	}
	return sf.table(tag)
}

// Metrics are the face-wide figures a PDF font descriptor needs (PDF 32000-1 §9.8.1), lengths in em.
type Metrics struct {
	PostScriptName             string // name ID 6, else the family name without spaces
	BBox                       [4]float64
	Ascent, Descent, CapHeight float64
}

// Metrics reads the face's head, hhea, OS/2 and name tables.
func (f *Face) Metrics() Metrics {
	m := Metrics{PostScriptName: strings.ReplaceAll(f.Family, " ", "")}
	sf, err := parseDir(f.Data, 0)
	if err != nil {
		return m
	}
	if ps := nameStrings(sf.table("name"), 6); len(ps) > 0 && ps[0] != "" {
		m.PostScriptName = ps[0]
	}
	i16 := func(t []byte, off int) float64 {
		v, ok := u16(t, off)
		if !ok {
			return 0
		}
		return float64(int16(v)) / f.upem
	}
	head, hhea, os2 := sf.table("head"), sf.table("hhea"), sf.table("OS/2")
	m.BBox = [4]float64{i16(head, 36), i16(head, 38), i16(head, 40), i16(head, 42)}
	m.Ascent, m.Descent = i16(hhea, 4), i16(hhea, 6)
	m.CapHeight = m.Ascent
	if v, ok := u16(os2, 0); ok && v >= 2 && len(os2) >= 90 {
		m.CapHeight = i16(os2, 88) // sCapHeight, OS/2 version 2 and later
	}
	return m
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*Face{} // by Source: each file is read and parsed once per process
	nextID  int
)

// Parse makes a Face from font bytes (a .ttf, or face index of a .ttc). source names it in messages.
func Parse(data []byte, index int, source string) (*Face, error) {
	tag, ok := u32(data, 0)
	if !ok {
		return nil, errTruncated
	}
	if tag == tagTTCF {
		var err error
		if data, err = Split(data, index); err != nil {
			return nil, err
		}
	} else if index != 0 {
		return nil, fmt.Errorf("face %d does not exist: not a collection", index)
	}
	sf, err := parseDir(data, 0)
	if err != nil {
		return nil, err
	}
	if err := sf.validate(); err != nil {
		return nil, err
	}
	cm, err := sf.cmap()
	if err != nil {
		return nil, err
	}
	upem, adv, err := sf.metrics()
	if err != nil {
		return nil, err
	}
	if sf.parsedCFF != nil {
		// every glyph's charstring, walked once now: no outline read later can run away
		if err := sf.parsedCFF.checkCharstrings(); err != nil {
			return nil, err
		}
	}
	names := sf.names()
	f := &Face{Names: names, Source: source, Data: data, cmap: cm, adv: adv, upem: float64(upem),
		Restricted: sf.fsType()&0x000F == 0x0002, CFF: sf.cff, cff: sf.parsedCFF}
	if !sf.cff {
		f.glyf, f.loca = sf.table("glyf"), sf.table("loca")
		f.longLoca = len(sf.table("head")) >= 54 && be.Uint16(sf.table("head")[50:]) == 1
	}
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
	var ce *CharstringError
	switch {
	case errors.As(err, &ce):
		return nil, fontError(source, ce.Text())
	case errors.Is(err, ErrCFF2):
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

// ext reports whether a file name looks like a font this package can read.
func fontExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ttf", ".ttc", ".otf", ".otc":
		return true
	}
	return false
}
