package serve

import (
	"net/http"
	"strings"

	"nianbao/model"
)

// cleanText is a narrative section as typed or pasted into the form, cleaned the way decoding
// cleans a data file's text and rule R14 reports it (model.ParseText: what pasting carries
// invisibly, half-width punctuation between Chinese characters made full-width, "(一)" made
// "（一）", indentation dropped) and written back as the data file writes paragraphs
// (model.TextOf). In a text area a line is a paragraph (what Word puts on the clipboard, what one
// types with Enter), so every line becomes one; blank lines only separate. fixed counts the
// punctuation made full-width. Text with a control character is kept as typed: its finding names it.
func cleanText(s string) (text string, fixed int) {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	ps, fix, err := model.ParseText(strings.Join(lines, "\n\n"), nil)
	if err != nil {
		return s, 0
	}
	return strings.TrimSuffix(model.TextOf(ps), "\n"), fix.Count
}

// formFields takes the fields of format f from a submitted form, its narrative cleaned
// (cleanText); fixed counts what the cleaning made full-width.
func (s *Server) formFields(r *http.Request, f *model.Format) (fs Fields, fixed int) {
	fs = formFields(r.PostFormValue, f)
	for _, tk := range model.TextKeys {
		k := "text." + tk.Key
		var n int
		fs[k], n = cleanText(fs[k])
		fixed += n
	}
	return fs, fixed
}
