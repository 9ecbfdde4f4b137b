package fonts

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"nianbao/fonts/sfnt"
	"nianbao/i18n"
	"nianbao/internal/safefile"
)

//go:embed default/OFL-*.txt
var licenseFS embed.FS

// The embedded open stand-ins (see scripts/fonts-subset.py). They are []byte variables, not an
// embed.FS, because FS.ReadFile copies: 12 MB copied and paged in at every start was most of a
// fresh process's time. Only the tables a report needs are ever touched.
var (
	//go:embed default/title.ttf
	titleTTF []byte
	//go:embed default/body.ttf
	bodyTTF []byte
	//go:embed default/song.ttf
	songTTF []byte
	//go:embed default/hei.ttf
	heiTTF []byte
	//go:embed default/kai.ttf
	kaiTTF []byte
)

// defaultFiles are the embedded open stand-ins per role, the primary first: 朱雀仿宋 for the
// body and tables, with the Song face for the symbols it lacks (①–⑳, ℃ …); the Song face for
// the page numbers (GB/T 9704 §7.5: 4号宋体).
var defaultFiles = [NumRoles][]string{Title: {"title.ttf"}, Body: {"body.ttf", "song.ttf"}, H1: {"hei.ttf"},
	H2: {"kai.ttf"}, PageNo: {"song.ttf"}, Table: {"body.ttf", "song.ttf"}}

var defaultData = map[string][]byte{"title.ttf": titleTTF, "body.ttf": bodyTTF, "song.ttf": songTTF, "hei.ttf": heiTTF, "kai.ttf": kaiTTF}

// Default returns the embedded stand-in face for a role; it is parsed once per process.
func Default(r Role) *Face { return embedded(defaultFiles[r][0]) }

// defaults returns all the embedded faces of a role's chain.
func defaults(r Role) []*Face {
	out := make([]*Face, len(defaultFiles[r]))
	for i, name := range defaultFiles[r] {
		out[i] = embedded(name)
	}
	return out
}

func embedded(name string) *Face {
	src := "embedded:" + name
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if f, ok := cache[src]; ok {
		return f
	}
	f, err := Parse(defaultData[name], 0, src)
	if err != nil {
		panic(fmt.Sprintf("embedded font %s: %v", name, err))
	}
	register(f)
	cache[src] = f
	return f
}

// Licenses returns the licence texts of the embedded fonts, by file name.
func Licenses() map[string]string {
	out := map[string]string{}
	ents, _ := fs.Glob(licenseFS, "default/OFL-*.txt")
	for _, e := range ents {
		b, _ := licenseFS.ReadFile(e)
		out[filepath.Base(e)] = string(b)
	}
	return out
}

// Options says where faces come from.
type Options struct {
	Files    map[Role]string // explicit choices (--font role=PATH, theme), highest priority
	Names    map[Role]string // explicit family names to look for (theme), before the official list
	Dirs     []string        // font folders to search; nil means the system's usual folders
	NoSystem bool            // use only explicit files and the embedded defaults
}

// Set resolves every role to a chain of faces: explicit choice → official face found on the
// machine → embedded default. A character the chain lacks falls back to the other found faces,
// then to every embedded default, then to the extension faces found on the machine (Face).
type Set struct {
	chains   [NumRoles][]*Face
	chosen   [NumRoles]*Face // given by Options.Files
	fallback []*Face

	// The extension faces are loaded when a character first needs them: they are large (Noto
	// CJK and HanaMin are 20–30 MB each) and most reports need none. A set is shared by a
	// batch's workers, hence the lock.
	extMu    sync.Mutex
	extPaths []string
	ext      []*Face // loaded so far, in extPaths order; nil where a file failed to load
}

// Primary is the face a role uses for the characters it has.
func (s *Set) Primary(r Role) *Face { return s.chains[r][0] }

// Face returns the face that draws c in role r, or nil if no face has it.
func (s *Set) Face(r Role, c rune) *Face {
	for _, f := range s.chains[r] {
		if f.Has(c) {
			return f
		}
	}
	for _, f := range s.fallback {
		if f.Has(c) {
			return f
		}
	}
	s.extMu.Lock()
	defer s.extMu.Unlock()
	for i, p := range s.extPaths {
		if i == len(s.ext) {
			f, err := Load(p)
			if err != nil {
				f = nil // unusable: skipped, as a bad system font always is
			}
			s.ext = append(s.ext, f)
		}
		if f := s.ext[i]; f != nil && f.Has(c) {
			return f
		}
	}
	return nil
}

// Faces lists every distinct face the set may use — of the extension faces, those loaded so
// far — in a fixed order.
func (s *Set) Faces() []*Face {
	var out []*Face
	seen := map[*Face]bool{}
	add := func(f *Face) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, c := range s.chains {
		for _, f := range c {
			add(f)
		}
	}
	for _, f := range s.fallback {
		add(f)
	}
	s.extMu.Lock()
	defer s.extMu.Unlock()
	for _, f := range s.ext {
		if f != nil {
			add(f)
		}
	}
	return out
}

// Resolve builds the Set. Errors name the font file and what is wrong with it.
func Resolve(opt Options) (*Set, error) {
	s := &Set{}
	var found map[string]string // normalised family name → path
	if !opt.NoSystem {
		dirs := opt.Dirs
		if dirs == nil {
			dirs = SystemDirs()
		}
		found = Discover(dirs)
	}
	for r := Role(0); r < NumRoles; r++ {
		if p, ok := opt.Files[r]; ok && p != "" {
			f, err := Load(p)
			if err != nil {
				return nil, err
			}
			s.chains[r] = append(s.chains[r], f)
			s.chosen[r] = f
		}
		names := r.officialFamilies()
		if n := opt.Names[r]; n != "" {
			names = append([]string{n}, names...)
		}
		for _, n := range names {
			p, ok := found[normName(n)]
			if !ok {
				continue
			}
			f, err := Load(p)
			if err != nil {
				continue // an unusable system font is skipped, not fatal: the stand-in follows
			}
			f.Official = true
			s.chains[r] = append(s.chains[r], f)
			break
		}
		s.chains[r] = append(s.chains[r], defaults(r)...)
	}
	for r := Role(0); r < NumRoles; r++ {
		for _, f := range s.chains[r] {
			if !slices.Contains(s.fallback, f) {
				s.fallback = append(s.fallback, f)
			}
		}
	}
	// last, for characters none of those has (生僻字 beyond the BMP, GB 18030-2022 level 2):
	// the extension fonts a machine may have
	for _, n := range extension {
		if p, ok := found[normName(n)]; ok && !slices.Contains(s.extPaths, p) {
			s.extPaths = append(s.extPaths, p)
		}
	}
	return s, nil
}

// extension are the families, in order of preference, that serve characters no role's face has:
// those that cover the CJK extension blocks (U+20000 and beyond) on common machines, Windows'
// SimSun-ExtB and SimSun-ExtG; then the Simplified Chinese Noto and Source Han faces a Linux
// machine may have (CFF .otf/.ttc: beyond GB2312, which the embedded stand-ins stop at); then the
// HanaMin fonts of Debian's fonts-hanazono, whose glyphs follow Japanese forms.
var extension = []string{"SimSun-ExtB", "SimSun-ExtG",
	"Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN",
	"HanaMinB", "HanaMinA"}

func normName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// SystemDirs are the usual font folders of Windows, macOS and Linux, including WPS Office's
// folders on 统信UOS and 麒麟 and the user's own folders. NIANBAO_FONT_DIRS (separated by the
// OS list separator) replaces them.
func SystemDirs() []string {
	if v, ok := os.LookupEnv("NIANBAO_FONT_DIRS"); ok {
		return filepath.SplitList(v)
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		return []string{filepath.Join(win, "Fonts"), filepath.Join(os.Getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts")}
	case "darwin":
		return []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts")}
	}
	return []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts"),
		"/opt/kingsoft/wps-office/office6/fonts", "/usr/share/fonts/wps-office", "/opt/apps/cn.wps.wps-office-pro/files/kingsoft/wps-office/office6/fonts"}
}

var (
	discoverMu   sync.Mutex
	discoverMemo = map[string]map[string]string{}
)

// Discover walks the folders and maps every family name found in a font file's name table
// (normalised) to that file ("path#N" for a collection face). The first file found wins, and
// folders are walked in the order given, files in name order, so the result is deterministic.
// The result is remembered for the process, and what each file holds between runs (cache.go).
func Discover(dirs []string) map[string]string {
	key := strings.Join(dirs, "\x00")
	discoverMu.Lock()
	defer discoverMu.Unlock()
	if m, ok := discoverMemo[key]; ok {
		return m
	}
	out := map[string]string{}
	regular := map[string]bool{} // source → its subfamily is Regular
	cpath := cachePath()
	cache := readCache(cpath)
	seen := map[string]bool{}
	changed := false
	for _, d := range dirs {
		var files []string
		_ = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && fontExt(p) {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		for _, p := range files {
			faces, ch := scanCached(&cache, p)
			seen[p], changed = true, changed || ch
			for _, fn := range faces {
				for _, n := range fn.names {
					k := normName(n)
					// a family's regular face beats its other weights, which claim the same
					// typographic family name (name ID 16) and sort before it: "Noto Serif CJK
					// SC" is NotoSerifCJK-Regular.ttc, not -Black.ttc
					if _, dup := out[k]; !dup || fn.regular && !regular[out[k]] {
						out[k] = fn.source
					}
				}
				regular[fn.source] = fn.regular
			}
		}
	}
	if cache.prune(dirs, seen) || changed {
		writeCache(cpath, cache)
	}
	discoverMemo[key] = out
	return out
}

type faceNames struct {
	source  string
	names   []string
	regular bool // subfamily (name ID 2 or 17) Regular
}

// scanNames reads the family names of each face of a font file (sfnt.ReadNames).
func scanNames(path string) []faceNames {
	f, err := safefile.Open(path) // a FIFO named like a font must not stop discovery
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []faceNames
	for _, fn := range sfnt.ReadNames(f) {
		src := path
		if fn.Collection {
			src = fmt.Sprintf("%s#%d", path, fn.Index)
		}
		out = append(out, faceNames{source: src, names: fn.Families, regular: fn.Regular})
	}
	return out
}

// Coverage says which face draws each distinct character of a text in a role.
type Coverage struct {
	Distinct int
	Faces    []FaceChars // in the order of Faces(), faces that draw nothing left out
	Missing  []rune      // characters no face has (or outside the BMP, which the PDF cannot take)
}

// FaceChars are the characters one face draws.
type FaceChars struct {
	Face  *Face
	Chars []rune
}

// Coverage reports, for `nianbao fonts FILE`, which face draws each character of text in role r.
func (s *Set) Coverage(r Role, text string) Coverage {
	var c Coverage
	by := map[*Face][]rune{}
	seen := map[rune]bool{}
	for _, ch := range text {
		if seen[ch] || ch == '\n' {
			continue
		}
		seen[ch] = true
		c.Distinct++
		if f := s.Face(r, ch); f != nil {
			by[f] = append(by[f], ch)
		} else {
			c.Missing = append(c.Missing, ch)
		}
	}
	for _, f := range s.Faces() {
		if len(by[f]) > 0 {
			c.Faces = append(c.Faces, FaceChars{f, by[f]})
		}
	}
	return c
}

// Missing is a character no font can draw, with where it occurs.
type Missing struct {
	Char  rune
	Where string
}

// MissingError lists characters that would print as empty boxes; nothing is written.
type MissingError []Missing

func (m MissingError) In(l i18n.Lang) string {
	var b strings.Builder
	for i, x := range m {
		if i > 0 {
			b.WriteByte('\n')
		}
		han := unicode.Is(unicode.Han, x.Char)
		switch {
		case x.Char > 0xFFFF && !han && l == i18n.En:
			fmt.Fprintf(&b, "%s: “%c” (U+%04X) is not a Chinese character but a symbol such as an emoji, which no font here can print and a 公文 should not use: remove it", x.Where, x.Char, x.Char)
		case x.Char > 0xFFFF && !han:
			fmt.Fprintf(&b, "%s：“%c”（U+%04X）不是汉字，是表情符号之类的特殊符号，没有字体能印出，公文中也不宜使用，请删除", x.Where, x.Char, x.Char)
		case x.Char > 0xFFFF && l == i18n.En:
			fmt.Fprintf(&b, "%s: the character “%c” (U+%04X) is an extension-plane Chinese character that no font here has; install an extension font (SimSun-ExtB on Windows, fonts-hanazono on Linux) or name one with --font", x.Where, x.Char, x.Char)
		case x.Char > 0xFFFF:
			fmt.Fprintf(&b, "%s：字符“%c”（U+%04X）属于扩展平面汉字，本机没有包含它的字体；请安装扩展字体（Windows 的 SimSun-ExtB，Linux 的 fonts-hanazono），或用 --font 指定", x.Where, x.Char, x.Char)
		case l == i18n.En:
			fmt.Fprintf(&b, "%s: no font has the character “%c” (U+%04X); it would print as an empty box", x.Where, x.Char, x.Char)
		default:
			fmt.Fprintf(&b, "%s：没有任何字体包含字符“%c”（U+%04X），印出来会是空白方框", x.Where, x.Char, x.Char)
		}
	}
	return b.String()
}
func (m MissingError) Error() string { return m.In(i18n.Zh) }
