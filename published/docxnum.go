package published

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// numbering is a .docx's automatic numbering (word/numbering.xml, ECMA-376 Part 1 §17.9): the
// marker Word shows before a numbered paragraph ("（一）", "1.") is not in the text, so the
// import writes it out as the published page shows it.
type numbering struct {
	abstract map[string]map[int]numLevel // abstractNumId → level → format
	nums     map[string]string           // numId → abstractNumId
	counters map[string][]int            // numId → counters per level
}

type numLevel struct {
	format, text string
	start        int
}

func readNumbering(r io.Reader) *numbering {
	n := &numbering{abstract: map[string]map[int]numLevel{}, nums: map[string]string{}, counters: map[string][]int{}}
	dec := xml.NewDecoder(r)
	var abs string
	var lvl int
	var cur numLevel
	var num string
	for {
		t, err := dec.Token()
		if err != nil {
			return n
		}
		switch v := t.(type) {
		case xml.StartElement:
			switch v.Name.Local {
			case "abstractNum":
				abs = attrOf(v, "abstractNumId")
				if n.abstract[abs] == nil && len(n.abstract) < 1000 {
					n.abstract[abs] = map[int]numLevel{}
				}
			case "lvl":
				lvl, _ = strconv.Atoi(attrOf(v, "ilvl"))
				cur = numLevel{start: 1}
			case "start":
				cur.start, _ = strconv.Atoi(attrOf(v, "val"))
			case "numFmt":
				cur.format = attrOf(v, "val")
			case "lvlText":
				cur.text = attrOf(v, "val")
			case "num":
				num = attrOf(v, "numId")
			case "abstractNumId":
				if num != "" && len(n.nums) < 10000 {
					n.nums[num] = attrOf(v, "val")
				}
			}
		case xml.EndElement:
			if v.Name.Local == "lvl" && n.abstract[abs] != nil && lvl >= 0 && lvl < 9 {
				n.abstract[abs][lvl] = cur
			}
		}
	}
}

// marker counts a numbered paragraph and returns its marker, "" when the numbering is unknown
// or shows nothing (a bullet).
func (n *numbering) marker(numID string, ilvl int) string {
	if n == nil || ilvl < 0 || ilvl > 8 || numID == "" || numID == "0" {
		return ""
	}
	levels := n.abstract[n.nums[numID]]
	if levels == nil {
		return ""
	}
	c := n.counters[numID]
	if c == nil {
		c = make([]int, 9)
		for i := range c {
			c[i] = levels[i].start - 1
		}
		n.counters[numID] = c
	}
	c[ilvl]++
	for i := ilvl + 1; i < 9; i++ {
		c[i] = levels[i].start - 1 // deeper levels restart
	}
	lv := levels[ilvl]
	if lv.format == "bullet" || lv.format == "none" {
		return ""
	}
	out := lv.text
	for i := 0; i <= ilvl; i++ {
		out = strings.ReplaceAll(out, fmt.Sprintf("%%%d", i+1), formatNumber(c[i], levels[i].format))
	}
	return out
}

var cnNumerals = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// formatNumber writes n as the level's format shows it: decimal, or Chinese counting (一 … 九十九).
func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified", "taiwaneseCounting":
		if n <= 0 || n >= 100 {
			return strconv.Itoa(n)
		}
		switch {
		case n < 10:
			return cnNumerals[n]
		case n == 10:
			return "十"
		case n < 20:
			return "十" + cnNumerals[n%10]
		case n%10 == 0:
			return cnNumerals[n/10] + "十"
		default:
			return cnNumerals[n/10] + "十" + cnNumerals[n%10]
		}
	case "decimalFullWidth":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(n))
	}
	return strconv.Itoa(n)
}
