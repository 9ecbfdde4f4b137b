package datafile

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"nianbao/i18n"
	"nianbao/input"
	"nianbao/model"
	"nianbao/wordtext"

	"github.com/BurntSushi/toml"
)

// body is one narrative part as read: its text and where each of its lines is.
type body struct {
	text string
	at   func(n int) input.Location // line n (1-based) of text, as its reader finds it
	file string                     // the narrative file it was read from; "" for the data file itself
}

func (d *decoder) text(r *model.Report, raw map[string]any) {
	v, ok := raw["text"]
	if !ok {
		return // missing sections are reported by the structure check, with their official headings
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.wrongType("text", "正文", "表 / a table ([text])", v)
		return
	}
	valid := []string{"file"}
	for _, tk := range model.TextKeys() {
		valid = append(valid, tk.Key, tk.Key+"_file")
	}
	d.unknown("text", m, valid)
	whole := d.wholeText(r, m)
	for _, tk := range model.TextKeys() {
		key := "text." + tk.Key
		label := model.TextLabel(r.Format, tk.Key, tk.Section)
		inline, hasInline := m[tk.Key]
		file, hasFile := m[tk.Key+"_file"]
		if hasInline && hasFile {
			d.errAt(key, i18n.F("“%s”与“%s_file”（%s）只能写一个", "give either %q or %q_file (%s), not both", key, key, label))
			continue
		}
		var b body
		w, inWhole := whole[tk.Key]
		switch {
		case hasInline:
			s, ok := inline.(string)
			if !ok {
				d.wrongType(key, label, "文字 / a string", inline)
				continue
			}
			if inWhole {
				// the template's placeholder left beside a Word file that holds the part: the file
				// is what the clerk wrote; two real texts for one part are a mistake to point out
				if !templateText(r, tk.Key, s) {
					d.errAt(key, i18n.F("%s 既写在这里，又在正文文件“%s”中：只能保留一处（删去这里的文字，或删去文件中的这一部分）",
						"%s is both here and in the narrative file %q: keep one (delete the text here, or that part of the file)", label, w.file))
					continue
				}
				b = w
				break
			}
			b = d.inline(key, s)
		case hasFile:
			fkey := key + "_file"
			p, ok := file.(string)
			if !ok {
				d.wrongType(fkey, label, "文件名 / a file name", file)
				continue
			}
			var err error
			b, err = d.readBody(p)
			if err != nil {
				d.errAt(fkey, i18n.Text{Zh: fmt.Sprintf("无法读取“%s”（%s）：%s", p, label, reason(err, i18n.Zh)),
					En: fmt.Sprintf("cannot read %q (%s): %s", p, label, reason(err, i18n.En))})
				continue
			}
		case inWhole:
			b = w
		default:
			continue
		}
		if b.file != "" {
			if r.TextFiles == nil {
				r.TextFiles = map[string]string{}
			}
			r.TextFiles[tk.Key] = b.file
		}
		paras, fix, err := model.ParseText(b.text, b.at)
		if err != nil {
			d.errAt(key, i18n.Text{Zh: label + "：" + err.Zh, En: label + ": " + err.En})
			continue
		}
		r.Text[tk.Key] = paras
		if fix.Count > 0 {
			if r.Fixes == nil {
				r.Fixes = map[string]model.Fix{}
			}
			r.Fixes[tk.Key] = fix
		}
	}
}

// templateText reports whether an inline text is only what the template (or init --xlsx) put
// there: its text for that part, or a placeholder left to fill in.
func templateText(r *model.Report, key, s string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), "") }
	s = norm(s)
	if s == "" || strings.Contains(s, "在此填写") && len([]rune(s)) < 200 {
		return true
	}
	var raw struct{ Text map[string]any }
	if _, err := toml.Decode(Template(r.Format, r.Year), &raw); err != nil {
		return false
	}
	t, _ := raw.Text[key].(string)
	return t != "" && norm(t) == s
}

// inline is a narrative part written in the data file itself: a TOML string, whose lines are
// the file's, or a workbook cell, where a line break (Alt+Enter) starts a paragraph.
func (d *decoder) inline(key, s string) body {
	at := d.at(key)
	if d.cells {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\n\n")
		return body{text: s, at: func(int) input.Location { return at }}
	}
	first := at.Line
	if l := strings.TrimRight(d.sourceLine(first), " \t\r"); strings.HasSuffix(l, `"""`) || strings.HasSuffix(l, "'''") {
		first++ // TOML drops the newline that opens a multi-line string: its text starts below
	}
	return body{text: s, at: func(n int) input.Location { return input.Location{File: d.name, Line: first + n - 1} }}
}

// readBody reads a narrative file: Word (.docx), located by paragraph, or text, by line.
func (d *decoder) readBody(p string) (body, error) {
	path := filepath.Join(filepath.Dir(d.name), p)
	doc, isWord, err := d.readWord(p)
	if err != nil {
		return body{}, err
	}
	if isWord {
		d.wordTables(path, doc.Tables)
		return d.wordBody(path, doc.Paras), nil
	}
	data, err := d.readFile(p)
	if err != nil {
		return body{}, ioError(p, err)
	}
	s, err := checkText(path, data)
	if err != nil {
		return body{}, err
	}
	return body{text: s, at: func(n int) input.Location { return input.Location{File: path, Line: n} }, file: path}, nil
}

// wordBody is the text of Word paragraphs, each line located by its paragraph; a draft's title,
// signature and date are dropped with a note (the report prints its own from the data).
func (d *decoder) wordBody(path string, ps []wordtext.Para) body {
	kept := d.dropped(path, ps, true)
	text, from := wordtext.Lines(kept)
	return body{text: text, file: path, at: func(n int) input.Location {
		if n >= 1 && n <= len(from) && from[n-1] != nil {
			return wordAt(path, from[n-1])
		}
		return input.Location{File: path}
	}}
}

// dropped notes what Trim drops of a draft — its title, signature and date — and returns the rest.
// A text file's paragraphs are its lines (isWord false).
func (d *decoder) dropped(path string, ps []wordtext.Para, isWord bool) []wordtext.Para {
	kept, dropped := wordtext.Trim(ps)
	for _, p := range dropped {
		at := wordAt(path, &p)
		if !isWord {
			at = input.Location{File: path, Line: p.N}
		}
		d.notes = append(d.notes, model.Note{Rule: "R15", At: at, Where: "正文文件",
			Msg: i18n.F("“%s”像是文稿的标题、署名或日期，报告按数据文件印出这些内容，这一段不再作为正文印出",
				"“%s” looks like the draft's title, signature or date; the report prints those from the data, so this paragraph is left out of the narrative", input.QuoteOf(p.Text, 30))})
	}
	return kept
}

func wordAt(path string, p *wordtext.Para) input.Location {
	return input.Location{File: path, Para: p.N, Quote: input.QuoteOf(p.Text, 12)}
}

// readWord reads a narrative file written in Word or WPS (.docx); isWord is false for another file.
func (d *decoder) readWord(p string) (doc wordtext.Doc, isWord bool, err error) {
	if d.readFile == nil {
		return doc, false, i18n.Errorf("这里不能引用文件", "files cannot be named here")
	}
	if !strings.EqualFold(filepath.Ext(p), ".docx") {
		return doc, false, nil
	}
	b, err := d.readFile(p)
	if err != nil {
		return doc, true, ioError(p, err)
	}
	doc, err = wordtext.Read(b)
	if pr, ok := err.(*wordtext.Problem); ok {
		return doc, true, &input.Error{Location: input.Location{File: filepath.Join(filepath.Dir(d.name), p)}, Msg: i18n.Text{Zh: pr.Zh, En: pr.En}}
	}
	return doc, true, err
}

// wholeText reads text.file: the whole narrative in one document (.docx, or text), split by the
// six section headings (一、总体情况 …; the text before 一、 is the opening).
func (d *decoder) wholeText(r *model.Report, m map[string]any) map[string]body {
	v, ok := m["file"]
	if !ok {
		return nil
	}
	p, ok := v.(string)
	if !ok {
		d.wrongType("text.file", "正文文件", "文件名 / a file name", v)
		return nil
	}
	path := filepath.Join(filepath.Dir(d.name), p)
	doc, isWord, err := d.readWord(p)
	if err == nil && !isWord { // plain text: a paragraph a line
		var b body
		if b, err = d.readBody(p); err == nil {
			for i, l := range strings.Split(b.text, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					doc.Paras = append(doc.Paras, wordtext.Para{Text: l, N: i + 1})
				}
			}
		}
	}
	if err != nil {
		d.errAt("text.file", i18n.Text{Zh: fmt.Sprintf("无法读取正文文件“%s”：%s", p, reason(err, i18n.Zh)),
			En: fmt.Sprintf("cannot read the narrative file %q: %s", p, reason(err, i18n.En))})
		return nil
	}
	// the draft's title, signature and date first, so the opening does not begin with the title
	doc.Paras = d.dropped(path, doc.Paras, isWord)
	parts, missing, _ := wordtext.Sections(doc)
	headingKey := map[string]string{"一、": model.TextOverview, "五、": model.TextProblems, "六、": model.TextOther}
	for _, h := range missing {
		// a part the data file (or the workbook's cell) gives itself need not be in the document
		if v, ok := m[headingKey[h]].(string); ok && !templateText(r, headingKey[h], v) {
			continue
		}
		d.errAt("text.file", i18n.F("正文文件“%s”中找不到“%s”开头的部分标题（如“一、总体情况”），无法分成各部分",
			"the narrative file %q has no section heading starting %q (e.g. 一、总体情况): it cannot be split", p, h))
	}
	d.wordTables(path, doc.Tables)
	out := map[string]body{}
	keys := make([]string, 0, len(parts))
	for k := range parts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		text, from := wordtext.Lines(parts[k])
		if text == "" {
			continue
		}
		out[k] = body{text: text, file: path, at: func(n int) input.Location {
			if n >= 1 && n <= len(from) && from[n-1] != nil {
				if isWord {
					return wordAt(path, from[n-1])
				}
				return input.Location{File: path, Line: from[n-1].N}
			}
			return input.Location{File: path}
		}}
	}
	return out
}
