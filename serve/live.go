package serve

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"nianbao/i18n"
	"nianbao/layout"
	"nianbao/model"
	"nianbao/svg"
	"nianbao/tree"
)

// formJS is the form's script: totals and ✓/✗ as one types, the findings of what is typed
// (POST check) beside the form, the preview's pages after it, paste from Word cleaned. The
// form works without it: the server computes the totals on save and shows the findings on
// every page.
//
//go:embed form.js
var formJS string

func (s *Server) script(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write([]byte(formJS))
}

// findingsJSON is the answer of the findings and check routes.
type findingsJSON struct {
	Version  int       `json:"version"`
	State    string    `json:"state"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Findings []finding `json:"findings"`
	HTML     string    `json:"html"` // the same as <li> elements, escaped
}

// findingsOf is what the findings routes answer for a data file.
func (s *Server) findingsOf(data string, l i18n.Lang, version int, state string) findingsJSON {
	fs := s.findings(data)
	out := findingsJSON{Version: version, State: state, Findings: shown(fs, l)}
	out.Errors, out.Warnings = counts(fs)
	var b bytes.Buffer
	if err := pages().ExecuteTemplate(&b, "findings", page{L: l, Data: out.Findings}); err == nil {
		out.HTML = b.String()
	}
	return out
}

func (s *Server) answerFindings(w http.ResponseWriter, r *http.Request, f findingsJSON) {
	if r.URL.Query().Get("format") == "html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(f.HTML))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(f)
}

// findingsPage gives the findings of a report as stored (or as it starts): JSON, or with
// ?format=html the list of <li> the form's aside shows.
func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	version, state := 0, NotStarted
	if rep != nil {
		version, state = rep.Version, rep.State
	}
	s.answerFindings(w, r, s.findingsOf(s.dataOf(un, year, rep), l, version, state))
}

// checkForm gives the findings of a form as typed, not saved (form.js asks while one types).
func (s *Server) checkForm(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	_, f := s.fieldsOf(s.dataOf(un, year, rep))
	fields, _ := s.formFields(r, f)
	data, err := encodeFields(fields, f, year)
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	version, state := 0, NotStarted
	if rep != nil {
		version, state = rep.Version, rep.State
	}
	s.answerFindings(w, r, s.findingsOf(data, l, version, state))
}

// pagesCache keeps the laid-out pages of the last data files previewed, as SVG, by the data's
// SHA-256: every page of a preview is one request.
type pagesCache struct {
	mu sync.Mutex
	m  map[[32]byte][][]byte
}

// maxPreviews bounds the pages cache.
const maxPreviews = 32

// previewPages lays a data file out as nianbao build would and gives its pages as SVG files;
// msg says why not (the data has errors, no fonts).
func (s *Server) previewPages(data string) ([][]byte, *i18n.Text, error) {
	key := sha256.Sum256([]byte(data))
	s.laid.mu.Lock()
	got, ok := s.laid.m[key]
	s.laid.mu.Unlock()
	if ok {
		return got, nil, nil
	}
	if s.cfg.Setup == nil {
		t := i18n.F("本服务器未配置字体，不能排版预览", "this server has no fonts set up for the preview")
		return nil, &t, nil
	}
	rp, _ := s.validated(data)
	if rp == nil {
		t := i18n.F("数据还有错误，改正后才能排版预览（见检查结果）", "the data has errors: correct them to see the pages (see the findings)")
		return nil, &t, nil
	}
	th, set, err := s.cfg.Setup()
	if err != nil {
		return nil, nil, err
	}
	laid, err := layout.Layout(tree.Build(model.Completed(rp)), th, set)
	if err != nil {
		t := i18n.Text{Zh: "无法排版：" + i18n.Message(err, i18n.Zh), En: "cannot lay out: " + i18n.Message(err, i18n.En)}
		return nil, &t, nil
	}
	out := make([][]byte, len(laid.Pages))
	for i := range laid.Pages {
		var b bytes.Buffer
		if err := svg.WritePage(&b, laid, i); err != nil {
			return nil, nil, err
		}
		out[i] = b.Bytes()
	}
	if len(data) > maxCachedData {
		return out, nil, nil
	}
	s.laid.mu.Lock()
	if s.laid.m == nil || len(s.laid.m) >= maxPreviews {
		s.laid.m = map[[32]byte][][]byte{}
	}
	s.laid.m[key] = out
	s.laid.mu.Unlock()
	return out, nil, nil
}

// previewView is what the preview page and fragment show.
type previewView struct {
	Base    string // /r/UNIT/YEAR
	Version int
	Pages   []int
	Msg     string
}

// preview shows the pages of the report as stored, as images of the laid-out pages (SVG); with
// ?fragment=1 only the images, for the form's aside.
func (s *Server) preview(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	pv := previewView{Base: fmt.Sprintf("/r/%s/%d", un.ID, year)}
	if rep != nil {
		pv.Version = rep.Version
	}
	svgs, msg, err := s.previewPages(s.dataOf(un, year, rep))
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	if msg != nil {
		pv.Msg = msg.In(l)
	}
	for i := range svgs {
		pv.Pages = append(pv.Pages, i+1)
	}
	p := page{L: l, User: u, Title: i18n.F("%s %d 年度报告预览", "%s: preview of the report for %d", un.Name, year).In(l), Data: pv}
	if r.URL.Query().Get("fragment") != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := pages().ExecuteTemplate(w, "preview-pages", p); err != nil {
			s.cfg.Log.Printf("template preview-pages: %v", err)
		}
		return
	}
	s.render(w, r, http.StatusOK, "preview", p)
}

// pageSVG gives page n of the preview as an SVG file (fonts embedded as data: URLs).
func (s *Server) pageSVG(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.notFound(w, r, l)
		return
	}
	svgs, msg, err := s.previewPages(s.dataOf(un, year, rep))
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	if msg != nil || n < 1 || n > len(svgs) {
		s.notFound(w, r, l)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; font-src data:")
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(svgs[n-1])
}

// pageTemplates are the templates of this file, parsed with the others.
const pageTemplates = `
{{define "findings"}}{{range $i, $f := .Data}}<li class="{{if .Error}}error{{else}}warning{{end}}" id="f-{{$i}}">{{if .Error}}{{t $.L "错误" "Error"}}{{else}}{{t $.L "提醒" "Warning"}}{{end}} {{.Text}}</li>{{end}}{{end}}

{{define "preview-pages"}}{{$d := .Data}}{{if $d.Msg}}<p class="note">{{$d.Msg}}</p>{{end}}{{range $d.Pages}}<img class="page" src="{{$d.Base}}/page/{{.}}?v={{$d.Version}}" alt="{{t $.L "第 " "page "}}{{.}}{{t $.L " 页" ""}}" loading="lazy">{{end}}{{end}}

{{define "preview"}}{{template "head" .}}<p><a href="{{.Data.Base}}">{{t .L "返回报告" "Back to the report"}}</a></p>
<div class="pages">{{template "preview-pages" .}}</div>{{template "foot" .}}{{end}}
`
