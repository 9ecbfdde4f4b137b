package published

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"

	"nianbao/i18n"
	"nianbao/model"
)

var valueRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-−－]?[0-9０-９][0-9０-９,，]*([.．][0-9０-９]+)?(件|个|条|项|次|万元|元)?$`)
})

// blankMarks are what reports print in a cell that has no number (official-format.md §7 R0).
var blankMarks = map[string]bool{"/": true, "／": true, "—": true, "——": true, "-": true, "－": true, "–": true, "无": true, "空": true, "": true}

// isValue reports whether a cell's text is a value (a number or a blank mark).
func isValue(s string) bool {
	s = stripSpace(s)
	return valueRE().MatchString(s) || s != "" && blankMarks[s]
}

// vrow is one row of values in a table as printed, with the labels found beside it.
type vrow struct {
	page  int
	y     float64
	vals  []item
	label string
}

// readTable reads table def from a block's items: values are grouped into rows by baseline
// (or grid row), each row gets the label text nearest to it on its left, rows are matched to
// the format's data rows by their labels in order, and values to columns by position.
func readTable(b block, def *model.TableDef, tab int, res *Result) ([][]model.Value, []bool) {
	vals := make([][]model.Value, len(def.Data))
	found := make([]bool, len(def.Data))
	for i := range def.Data {
		vals[i] = make([]model.Value, len(def.Data[i].Kinds))
	}
	var rows []vrow
	minX := math.Inf(1)
	for _, it := range b.table {
		if !it.value {
			continue
		}
		if it.text != "" {
			minX = min(minX, it.x1) // the first column holding a printed value (empty grid cells may be merged labels)
		}
		tol := 0.3 * it.size
		placed := false
		for k := range rows {
			r := &rows[k]
			if r.page == it.page && math.Abs(r.y-it.y) <= tol {
				r.vals = append(r.vals, it)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, vrow{page: it.page, y: it.y, vals: []item{it}})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].page != rows[j].page {
			return rows[i].page < rows[j].page
		}
		return rows[i].y < rows[j].y
	})
	for k := range rows {
		sort.SliceStable(rows[k].vals, func(i, j int) bool { return rows[k].vals[i].x1 < rows[k].vals[j].x1 })
	}
	// labels: what stands left of the first value column, to the nearest row of its page
	labels := make([][]item, len(rows))
	for _, it := range b.table {
		if it.value || it.x2 > minX+0.1*max(it.size, 0.01) || strings.Contains(it.text, "续") && len([]rune(stripSpace(it.text))) <= 4 {
			continue
		}
		best, bd := -1, math.Inf(1)
		for k, r := range rows {
			if r.page != it.page {
				continue
			}
			if d := math.Abs(r.y - it.y); d < bd {
				best, bd = k, d
			}
		}
		if best >= 0 {
			labels[best] = append(labels[best], it)
		}
	}
	for k := range rows {
		ls := labels[k]
		sort.SliceStable(ls, func(i, j int) bool {
			if math.Abs(ls[i].y-ls[j].y) > 0.2*max(ls[i].size, 0.01) {
				return ls[i].y < ls[j].y
			}
			return ls[i].x1 < ls[j].x1
		})
		var sb strings.Builder
		for _, l := range ls {
			sb.WriteString(stripSpace(l.text))
		}
		rows[k].label = sb.String()
	}
	// table 四 has no row labels: its one row of fifteen holds the three data rows
	if def.ID == "四" {
		var all []item
		for _, r := range rows {
			all = append(all, r.vals...)
		}
		if len(rows) > 1 {
			res.note(Uncertain, b.where, i18n.F("表四的数字分在 %d 行，按阅读顺序读取", "table 四's numbers stand on %d lines; read in reading order", len(rows)))
		}
		rows = []vrow{{vals: all}}
		if len(all) != 15 {
			res.note(Uncertain, b.where, i18n.F("表四应有 15 个数字，找到 %d 个", "table 四 should hold 15 numbers; %d found", len(all)))
		}
		for c := 0; c < 15 && c < len(all); c++ {
			i := c / 5
			res.set(tab, def, i, c%5, all[c], vals, found)
		}
		return vals, found
	}
	match := alignRows(rows, def)
	centers := columnCenters(rows, match, def)
	for k, r := range rows {
		i := match[k]
		if i < 0 {
			if anyText(r.vals) {
				res.note(Uncertain, r.vals[0].where, i18n.F("表%s中有一行数字认不出是哪一行（标签“%s”），未采用", "a row of numbers in table %s has no recognisable label (%q): not used", def.ID, r.label))
			}
			continue
		}
		rd := &def.Data[i]
		k := len(rd.Kinds)
		if len(r.vals) == k {
			for c, v := range r.vals {
				res.set(tab, def, i, c, v, vals, found)
			}
			continue
		}
		cs := centers[k]
		if len(cs) != k {
			res.note(Uncertain, r.vals[0].where, i18n.F("表%s「%s」应有 %d 个数字，找到 %d 个，无法确定各自的列，留空", "table %s %q should hold %d numbers, %d found; columns unknown, left blank", def.ID, rd.Label, k, len(r.vals)))
			continue
		}
		used := make([]bool, k)
		for _, v := range r.vals {
			c := nearest(cs, (v.x1+v.x2)/2)
			if used[c] {
				res.note(Uncertain, v.where, i18n.F("表%s「%s」两个数字落在同一列，后者未采用", "table %s %q: two numbers in one column; the second not used", def.ID, rd.Label))
				continue
			}
			used[c] = true
			res.set(tab, def, i, c, v, vals, found)
		}
	}
	return vals, found
}

// alignRows matches the value rows to the format's data rows in order, maximising how much of
// each data row's label the row's label text holds (an alignment, so that a short label such as
// “3.其他” is looked for only where it can be).
func alignRows(rows []vrow, def *model.TableDef) []int {
	n, m := len(rows), len(def.Data)
	score := make([][]float64, n)
	wants := make([][]rune, m)
	for j := range def.Data {
		wants[j] = []rune(stripSpace(def.Data[j].Label))
	}
	for i := range rows {
		score[i] = make([]float64, m)
		lr := []rune(rows[i].label)
		has := make(map[rune]bool, len(lr))
		for _, r := range lr {
			has[r] = true
		}
		for j, want := range wants {
			s := -1.0
			switch {
			case strings.Contains(rows[i].label, string(want)):
				s = 1
			default:
				// the characters of the label present at all bound the common subsequence
				n := 0
				for _, r := range want {
					if has[r] {
						n++
					}
				}
				if float64(n) >= 0.75*float64(len(want)) {
					if v := float64(lcs(want, lr)) / float64(len(want)); v >= 0.75 {
						s = v
					}
				}
			}
			score[i][j] = s
		}
	}
	dp := make([][]float64, n+1)
	for i := range dp {
		dp[i] = make([]float64, m+1)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := max(dp[i-1][j], dp[i][j-1])
			if s := score[i-1][j-1]; s > 0 {
				best = max(best, dp[i-1][j-1]+s)
			}
			dp[i][j] = best
		}
	}
	match := make([]int, n)
	for i := range match {
		match[i] = -1
	}
	for i, j := n, m; i > 0 && j > 0; {
		s := score[i-1][j-1]
		switch {
		case s > 0 && dp[i][j] == dp[i-1][j-1]+s:
			match[i-1] = j - 1
			i, j = i-1, j-1
		case dp[i][j] == dp[i-1][j]:
			i--
		default:
			j--
		}
	}
	return match
}

// columnCenters gives, per number of value columns, the columns' centres as the full rows with
// that many values print them (the median of each position).
func columnCenters(rows []vrow, match []int, def *model.TableDef) map[int][]float64 {
	xs := map[int][][]float64{}
	for k, r := range rows {
		if match[k] < 0 {
			continue
		}
		n := len(def.Data[match[k]].Kinds)
		if len(r.vals) != n {
			continue
		}
		if xs[n] == nil {
			xs[n] = make([][]float64, n)
		}
		for c, v := range r.vals {
			xs[n][c] = append(xs[n][c], (v.x1+v.x2)/2)
		}
	}
	out := map[int][]float64{}
	for n, cols := range xs {
		for _, c := range cols {
			sort.Float64s(c)
			out[n] = append(out[n], c[len(c)/2])
		}
	}
	return out
}

func nearest(cs []float64, x float64) int {
	best, bd := 0, math.Inf(1)
	for i, c := range cs {
		if d := math.Abs(c - x); d < bd {
			best, bd = i, d
		}
	}
	return best
}

// parseValue reads a printed cell as the data file would hold it.
func parseValue(s string, k model.Kind) (model.Value, bool) {
	s = stripSpace(s)
	s = strings.NewReplacer("，", "", ",", "", "．", ".", "−", "-", "－", "-").Replace(s)
	s = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
	switch s {
	case "/", "／":
		return model.Value{NA: true, Set: true}, true
	}
	if blankMarks[s] {
		return model.Value{Blank: true, Set: true}, true
	}
	// a unit printed with the number: the column's own is dropped; 元 in a 万元 column is not
	// converted (the cell is reported, not guessed)
	for _, u := range []string{"件", "个", "条", "项", "次"} {
		if k != model.Money {
			s = strings.TrimSuffix(s, u)
		}
	}
	if k == model.Money {
		s = strings.TrimSuffix(s, "万元")
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > model.MaxPlaces {
		return model.Value{}, false
	}
	var n int64
	for _, c := range whole {
		if c < '0' || c > '9' {
			return model.Value{}, false
		}
		n = n*10 + int64(c-'0')
	}
	v := model.Value{Set: true}
	if k == model.Money {
		f := frac + strings.Repeat("0", model.MaxPlaces-len(frac))
		var fn int64
		for _, c := range f {
			if c < '0' || c > '9' {
				return model.Value{}, false
			}
			fn = fn*10 + int64(c-'0')
		}
		n = n*model.MoneyScale + fn
		v.Places = len(frac)
	} else if hasFrac {
		return model.Value{}, false
	}
	if neg {
		n = -n
	}
	v.N = n
	return v, true
}

func anyText(vs []item) bool {
	for _, v := range vs {
		if v.text != "" {
			return true
		}
	}
	return false
}
