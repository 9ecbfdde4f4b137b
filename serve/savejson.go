package serve

import (
	"encoding/json"
	"net/http"
	"strings"

	"nianbao/i18n"
)

// The light save: form.js posts the form with Accept: application/json and gets the findings
// of what was saved (the shape of GET findings) instead of a redirect to the whole page, which
// it does not need (it shows the findings and the new version itself). The save is the same
// one — rights, CSRF, version, validation and audit are those of the form post (save); only the
// answer differs. Rendering the page was most of a save's CPU time (BENCHMARKS.md, nbload).

// wantsJSON tells whether a request asks for a JSON answer (form.js, cmd/nbload).
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// savedJSON is the answer of a light save: the findings of the data as stored (version and
// state after the save), and what the page would have said.
type savedJSON struct {
	findingsJSON
	Saved   bool              `json:"saved"`
	Message string            `json:"message"`        // the flash the page would show (已保存, a conflict …)
	Text    map[string]string `json:"text,omitempty"` // the sections as stored, when cleaning (R14) changed what was sent
	Lost    []lostEdit        `json:"lost,omitempty"` // on a conflict: the edits not saved
}

// lostEdit is one edit a conflict did not save.
type lostEdit struct {
	Key string `json:"key"`
	Old string `json:"old"` // what is stored now
	New string `json:"new"` // what was sent
}

// answerJSON writes v as JSON with the status.
func answerJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// errorJSON is what a request asking for JSON gets instead of the message page (fail).
type errorJSON struct {
	Error string `json:"error"`
}

// savedAnswer answers a light save that was stored.
func (s *Server) savedAnswer(w http.ResponseWriter, l i18n.Lang, data string, version int, state string, msg string, text map[string]string) {
	answerJSON(w, http.StatusOK, savedJSON{findingsJSON: s.findingsOf(data, l, version, state), Saved: true, Message: msg, Text: text})
}

// conflictAnswer answers a light save that met a newer version: nothing saved, the findings of
// what is stored now, and the edits that were not saved.
func (s *Server) conflictAnswer(w http.ResponseWriter, l i18n.Lang, cur *Report, msg string, lost []Change) {
	a := savedJSON{findingsJSON: s.findingsOf(cur.Data, l, cur.Version, cur.State), Message: msg}
	for _, c := range lost {
		a.Lost = append(a.Lost, lostEdit{Key: c.Key, Old: c.Old, New: c.New})
	}
	answerJSON(w, http.StatusConflict, a)
}
