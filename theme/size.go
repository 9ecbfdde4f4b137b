package theme

import (
	"fmt"
	"sort"
	"strings"

	"nianbao/i18n"
	"nianbao/input"
)

// Sizes are the type sizes in points. In a theme file each may also be written as a 字号 name,
// the way Chinese designers and GB/T 9704 name sizes: "三号", "小四", "3号", "初号".
type Sizes struct {
	TitlePt  float64   `toml:"title_pt"`
	BodyPt   float64   `toml:"body_pt"`
	PageNoPt float64   `toml:"pageno_pt"`
	TablePt  float64   `toml:"table_pt"`
	err      *keyError // what UnmarshalTOML refused (the decoder would lose its type)
}

// zihao are the 字号 in points (the values GB/T 9704 and Word/WPS use).
var zihao = map[string]float64{
	"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
	"四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}

// ZihaoPt returns the size a 字号 name stands for ("三号", "3号", "小四", "小4").
func ZihaoPt(name string) (float64, bool) {
	s := strings.TrimSpace(name)
	s = strings.NewReplacer("1", "一", "2", "二", "3", "三", "4", "四", "5", "五", "6", "六", "7", "七", "8", "八",
		"０", "初").Replace(s) // 0号 is not a size, 初号 is
	if !strings.HasPrefix(s, "小") && !strings.HasSuffix(s, "号") {
		s += "号"
	}
	pt, ok := zihao[s]
	return pt, ok
}

// keyError is a problem with one theme key; Parse adds the file and line.
type keyError struct {
	key string
	msg i18n.Text
}

func (e *keyError) Error() string { return e.key + ": " + e.msg.Zh }

// UnmarshalTOML reads the [size] table: numbers in points, or 字号 names. A refusal is kept in
// s.err for Parse, which adds the file and line.
func (s *Sizes) UnmarshalTOML(v any) error {
	s.err = s.unmarshal(v)
	return nil
}

func (s *Sizes) unmarshal(v any) *keyError {
	m, ok := v.(map[string]any)
	if !ok {
		return &keyError{"size", i18n.F("[size] 应为表", "[size] must be a table")}
	}
	fields := map[string]*float64{"title_pt": &s.TitlePt, "body_pt": &s.BodyPt, "pageno_pt": &s.PageNoPt, "table_pt": &s.TablePt}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := "size." + k
		f, known := fields[k]
		if !known {
			return unknownKey(key)
		}
		switch x := m[k].(type) {
		case int64:
			*f = float64(x)
		case float64:
			*f = x
		case string:
			pt, ok := ZihaoPt(x)
			if !ok {
				return &keyError{key, i18n.F("“%s”“%s”不是字号：请写磅值（如 16）或字号（初号、小初、一号 … 八号，如“三号”“小四”）",
					"%s %q is not a 字号: give points (e.g. 16) or a 字号 name (初号, 小初, 一号 … 八号, e.g. \"三号\", \"小四\")", key, x)}
			}
			*f = pt
		default:
			return &keyError{key, i18n.F("“%s”应为数字（磅）或字号", "%s must be a number (points) or a 字号 name", key)}
		}
	}
	return nil
}

func unknownKey(key string) *keyError {
	if s := input.Closest(key, validKeys()); s != "" {
		return &keyError{key, i18n.F("未知的主题键“%s”，是否应为“%s”？", "unknown theme key %q; did you mean %q?", key, s)}
	}
	return &keyError{key, i18n.F("未知的主题键“%s”", "unknown theme key %q", key)}
}

// pageFormat checks the page-number format: exactly one %d, and no other verb (a second %d
// or a %s would print "%!d(MISSING)" on every page).
func pageFormat(f string) error {
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		if i+1 < len(f) && f[i+1] == '%' {
			i++
			continue
		}
		if i+1 < len(f) && f[i+1] == 'd' {
			n++
			i++
			continue
		}
		return fmt.Errorf("verb")
	}
	if n != 1 {
		return fmt.Errorf("count")
	}
	return nil
}
