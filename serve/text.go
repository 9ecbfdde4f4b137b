package serve

import (
	"net/http"
	"os"
	"strings"

	"nianbao/datafile"
	"nianbao/i18n"
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
	for _, tk := range model.TextKeys() {
		k := "text." + tk.Key
		var n int
		fs[k], n = cleanText(fs[k])
		fixed += n
	}
	return fs, fixed
}

// wordText reads the narrative of a Word document (.docx) as a data file's text.file is read —
// datafile's narrative code over wordtext: the six sections by their headings, the opening before
// 一、, a draft's title, signature and date left out — and gives the sections it holds as the
// form's text fields. The document is decoded with the template around it, so every problem is
// the document's: an input.Error or findings naming it.
func wordText(name string, data []byte, year int) (Fields, error) {
	fs, f := fieldsOf(startData(Unit{Name: "上传"}, year))
	for _, tk := range model.TextKeys() {
		fs["text."+tk.Key] = ""
	}
	raw := encodeRaw(fs, f, year)
	raw["text"] = map[string]any{"file": name}
	src, err := encodeTOML(raw)
	if err != nil {
		return nil, err
	}
	r, err := datafile.Decode("上传.toml", []byte(src), func(p string) ([]byte, error) {
		if p != name {
			return nil, os.ErrNotExist
		}
		return data, nil
	})
	if err != nil {
		return nil, err
	}
	out := Fields{}
	for _, tk := range model.TextKeys() {
		if ps := r.Text[tk.Key]; len(ps) > 0 {
			out["text."+tk.Key] = strings.TrimSuffix(model.TextOf(ps), "\n")
		}
	}
	if len(out) == 0 {
		return nil, i18n.Errorf("%s 中没有找到正文", "%s holds no narrative", name)
	}
	return out, nil
}
