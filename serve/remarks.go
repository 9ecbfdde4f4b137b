package serve

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao/i18n"
	"nianbao/model"
)

// A reviewer's remark is about a part of the report, named by its key:
//
//	""               the whole report
//	organ            基本信息
//	text.KEY         a section (text.overview …)
//	text.KEY@N       its N-th paragraph (1-based, as the form's text shows it: a line each)
//	tableN           a table
//	tableN.ROW#COL   one cell (the form's field name: table, row, column)
//
// A review is several remarks (POST remark, kept at the version reviewed), then one return
// (POST return, with or without a last remark). The clerk sees the last review's remarks at the
// cells and paragraphs they are about, each linked to the list at the top.

// remarkPart is one part of a report a remark may be about.
type remarkPart struct{ Key, Label string }

// remarkGroup is the parts of one kind, an <optgroup> of the reviewer's select.
type remarkGroup struct {
	Label string
	Parts []remarkPart
}

// remarkParts are the parts of format f a remark may name as a whole: the organ, each
// narrative key, each table.
func remarkParts(f *model.Format) []remarkPart {
	ps := []remarkPart{{"organ", "基本信息"}}
	for _, tk := range model.TextKeys() {
		ps = append(ps, remarkPart{"text." + tk.Key, model.TextLabel(f, tk.Key, tk.Section)})
	}
	for _, def := range f.Tables {
		ps = append(ps, remarkPart{def.Key, "表" + def.ID})
	}
	return ps
}

// cellLabels are the table cells of each format by field name, with their labels.
var cellLabels sync.Map // *model.Format → map[string]string

func cellsOf(f *model.Format) map[string]string {
	if m, ok := cellLabels.Load(f); ok {
		return m.(map[string]string)
	}
	m := map[string]string{}
	for _, def := range f.Tables {
		for i := range def.Data {
			for c := range def.Data[i].Kinds {
				m[cellName(def, &def.Data[i], c)] = model.TableLabel(def, &def.Data[i], c)
			}
		}
	}
	got, _ := cellLabels.LoadOrStore(f, m)
	return got.(map[string]string)
}

// MaxParagraph bounds a paragraph's number in a remark's key.
const MaxParagraph = 10_000

// partLabel names a remark's part; ok is false for a key that is not one.
func partLabel(f *model.Format, key string) (string, bool) {
	if key == "" {
		return "", true
	}
	for _, p := range remarkParts(f) {
		if p.Key == key {
			return p.Label, true
		}
	}
	if l, ok := cellsOf(f)[key]; ok {
		return l, true
	}
	if sec, n, ok := strings.Cut(key, "@"); ok && strings.HasPrefix(sec, "text.") {
		k, err := strconv.Atoi(n)
		for _, tk := range model.TextKeys() {
			if "text."+tk.Key == sec && err == nil && k >= 1 && k <= MaxParagraph && strconv.Itoa(k) == n {
				return i18n.F("%s 第 %d 段", "%s, paragraph %d", model.TextLabel(f, tk.Key, tk.Section), k).Zh, true
			}
		}
	}
	return "", false
}

// paragraphs are a section's paragraphs as the form shows them: its lines.
func paragraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// remarkGroups are what a reviewer may remark on, for the select: the parts as a whole, each
// paragraph of the text as it stands, each cell of each table.
func remarkGroups(f *model.Format, fs Fields) []remarkGroup {
	gs := []remarkGroup{{Label: "部分", Parts: remarkParts(f)}}
	text := remarkGroup{Label: "正文段落"}
	for _, tk := range model.TextKeys() {
		for i, p := range paragraphs(fs["text."+tk.Key]) {
			if i >= MaxParagraph {
				break
			}
			q := []rune(p)
			if len(q) > 16 {
				q = append(q[:16], '…')
			}
			text.Parts = append(text.Parts, remarkPart{fmt.Sprintf("text.%s@%d", tk.Key, i+1),
				fmt.Sprintf("%s 第 %d 段“%s”", model.TextLabel(f, tk.Key, tk.Section), i+1, string(q))})
		}
	}
	if len(text.Parts) > 0 {
		gs = append(gs, text)
	}
	for _, def := range f.Tables {
		g := remarkGroup{Label: "表" + def.ID + "的格子"}
		for i := range def.Data {
			for c := range def.Data[i].Kinds {
				g.Parts = append(g.Parts, remarkPart{cellName(def, &def.Data[i], c), model.TableLabel(def, &def.Data[i], c)})
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// shownRemark is a remark with the label of the part it is about and its number in the list.
type shownRemark struct {
	Remark
	Part string
	N    int
}

// visibleRemarks are the remarks on rep u may see, numbered: a clerk does not see the remarks
// of a review still going on (made on the version submitted, not returned yet).
func visibleRemarks(rs []Remark, rep *Report, u *User) []shownRemark {
	f := model.FormatByID("2021")
	if _, ff := fieldsOf(rep.Data); ff != nil {
		f = ff
	}
	var out []shownRemark
	for _, rm := range rs {
		if u.Role == Clerk && rep.State == Submitted && rm.Version == rep.Version {
			continue
		}
		label, _ := partLabel(f, rm.Key)
		out = append(out, shownRemark{Remark: rm, Part: label, N: len(out) + 1})
	}
	return out
}

// placeRemarks puts the last review's remarks at the parts they are about: the cells of the
// tables, and (RemarksAt) the sections, paragraphs, the organ and the tables as a whole. Once a
// report is approved its remarks are history, listed only.
func (v *reportView) placeRemarks() {
	if v.State == Approved || len(v.Remarks) == 0 {
		return
	}
	last := 0
	for _, rm := range v.Remarks {
		last = max(last, rm.Version)
	}
	v.At = map[string][]shownRemark{}
	for _, rm := range v.Remarks {
		if rm.Version == last && rm.Key != "" {
			v.At[rm.Key] = append(v.At[rm.Key], rm)
		}
	}
	for i := range v.Tables {
		for _, rows := range [][][]gridCell{v.Tables[i].Rows, v.Tables[i].Checks} {
			for _, row := range rows {
				for k := range row {
					if row[k].Input {
						row[k].Remarks = v.At[row[k].Name]
					}
				}
			}
		}
	}
}

// RemarksAt are the last review's remarks about a part as a whole: the organ, a table, or a
// section with its paragraphs.
func (v reportView) RemarksAt(key string) []shownRemark {
	out := slices.Clone(v.At[key])
	if strings.HasPrefix(key, "text.") {
		for k, rs := range v.At {
			if strings.HasPrefix(k, key+"@") {
				out = append(out, rs...)
			}
		}
		slices.SortFunc(out, func(a, b shownRemark) int { return a.N - b.N })
	}
	return out
}

// remarkInput reads and checks a remark's part and text from a form for report rep; on a return
// the text may be empty when the review has remarks already. It answers the request itself when
// they are not right.
func (s *Server) remarkInput(w http.ResponseWriter, r *http.Request, l i18n.Lang, rep *Report, note string, returning bool) (string, bool) {
	key := r.PostFormValue("part")
	f := model.FormatByID("2021")
	if rep != nil {
		_, f = fieldsOf(rep.Data)
	}
	if _, ok := partLabel(f, key); !ok {
		s.fail(w, r, l, http.StatusUnprocessableEntity, i18n.F("意见针对的部分不存在", "no such part of the report"))
		return "", false
	}
	if utf8.RuneCountInString(note) > MaxRemark {
		s.fail(w, r, l, http.StatusUnprocessableEntity, i18n.F("意见最多 %d 字", "a remark has at most %d characters", MaxRemark))
		return "", false
	}
	if note == "" {
		pending := false
		if returning && rep != nil {
			rs, err := s.store.Remarks(rep.ID)
			if err != nil {
				s.internal(w, r, l, err)
				return "", false
			}
			pending = slices.ContainsFunc(rs, func(rm Remark) bool { return rm.Version == rep.Version })
		}
		if !pending {
			s.fail(w, r, l, http.StatusUnprocessableEntity, i18n.F("退回时请写明意见（最多 %d 字）", "say why it is returned (at most %d characters)", MaxRemark))
			return "", false
		}
	}
	return key, true
}

// remark keeps a reviewer's remark on a submitted report without returning it yet.
func (s *Server) remark(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	note := strings.TrimSpace(r.PostFormValue("remark"))
	if note == "" {
		s.fail(w, r, l, http.StatusUnprocessableEntity, i18n.F("请写下意见", "write the remark"))
		return
	}
	key, ok := s.remarkInput(w, r, l, rep, note, false)
	if !ok {
		return
	}
	s.done(w, r, l, un, year, "remarked", s.store.AddRemark(un.ID, year, s.version(r), key, note, u.Name, s.cfg.Now()))
}
