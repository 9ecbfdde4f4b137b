// Package pipeline runs the pipeline for data files: decode and check (model) → document tree
// (tree) → pages (layout) → PDF, OFD (pdf, ofd) and DOCX (docx), writing every output atomically. cmd/nianbao is a
// thin shell over it.
package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"nianbao/check"
	"nianbao/compose"
	"nianbao/datafile"
	"nianbao/docx"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/internal/safefile"
	"nianbao/layout"
	"nianbao/model"
	"nianbao/ofd"
	"nianbao/pdf"
	"nianbao/published"
	"nianbao/theme"
	"nianbao/tree"
)

// Options control a build.
type Options struct {
	Theme *theme.Theme
	Fonts *fonts.Set
	Force bool // build despite errors in the data
	PDF   bool
	DOCX  bool
	JSON  bool // the sidecar: checked numbers and findings, for nianbao sum
	OFD   bool // the OFD (GB/T 33190), from the same pages as the PDF
	SVG   bool // the pages as one SVG file (svg.go)

	HTML, HTMLFragment bool // the web page and the article for a site's editor (html.go)
	CheckOptions
}

// Result is what happened to one data file.
type Result struct {
	File     string
	Report   *model.Report // Check only: the decoded report, nil if the file could not be decoded
	Name     string        // the output base name, "" if the file could not be decoded
	Unit     string        // the organ's short name, "" if unknown
	Findings []check.Finding
	Outputs  []string
	Removed  []string // outputs of an earlier run removed because the unit now fails
	Err      error    // why nothing was written (decode error, errors in the data, missing glyphs, I/O)
}

// ErrFindings means the data has errors and --force was not given — or errors --force cannot
// help with: a file that could not be read through (Unreadable, rule R12).
type ErrFindings struct {
	N          int
	Unreadable bool
}

func (e *ErrFindings) In(l i18n.Lang) string {
	if e.Unreadable {
		return i18n.F("有 %d 处错误，其中有读不出的内容（文件、键、数值或缺少的正文文件），未生成文件；改正后再生成（--force 也不能跳过）",
			"%d error(s), some of which leave part of the file unread (a file, key, value or missing narrative file); nothing was written: correct them first (--force cannot skip these)", e.N).In(l)
	}
	return i18n.F("数据有 %d 处错误，未生成文件（确需生成请加 --force）", "the data has %d error(s); nothing was written (use --force to build anyway)", e.N).In(l)
}
func (e *ErrFindings) Error() string { return e.In(i18n.Zh) }

// Check decodes and checks one file, with R8 against last year's report when there is one: every
// finding in one pass. What is wrong inside the file — its syntax, keys and values (rule R12) — is
// a finding like the others, and the rest of the file is still checked; Report is then nil (the
// file cannot be built). Err is left for a file that cannot be read at all.
func Check(path string, opt CheckOptions) Result {
	res := Result{File: path}
	r, err := Load(path)
	if err != nil {
		fs, ok := check.FindingsOf(err)
		if !ok {
			res.Err = err
			return res
		}
		if r != nil {
			fs = append(fs, check.Check(r)...)
		}
		check.SortFindings(fs, path)
		res.Findings = fs
		return res
	}
	res.Report = r
	res.Findings = check.Check(r)
	var prev *model.Report
	switch {
	case !opt.R8On:
		return res
	case opt.Prev != "":
		// the user's own choice on the command line: a file, or last year's folder
		p := opt.Prev
		if safefile.IsDir(p) {
			// a folder of last year's files: the one of this organ and the year before (prev.go)
			var missing *check.Finding
			if p, missing = PrevIn(p, r); missing != nil {
				res.Findings = append(res.Findings, *missing)
				return res
			}
		}
		prev, err = loadPrev(p)
	case r.Prev != "":
		// named by the data file: confined like its narrative files (datafile.LoadPrev)
		prev, err = datafile.LoadPrev(r)
	default:
		return res
	}
	if err != nil {
		res.Err = &i18n.Error{Text: i18n.Text{Zh: "上年度数据文件（规则 R8）：" + i18n.Message(err, i18n.Zh),
			En: "last year's data file (rule R8): " + i18n.Message(err, i18n.En)}, Err: err}
		return res
	}
	res.Findings = append(res.Findings, check.CheckPrev(r, prev, opt.R8)...)
	return res
}

// Load reads a data file: a TOML data file, or a statistics workbook (.xlsx), whose problems name
// their cells (文件.xlsx!表三!F9).
// A published report (PDF, Word, HTML, OFD, text) is read back through published, its problems
// named by page and position.
func Load(path string) (*model.Report, error) {
	if published.Is(path) { // a published report: published.go
		return loadPublished(path)
	}
	return datafile.Load(path)
}

// Name is the output base name of a report: organ and year, cleaned for every file system and
// shortened (with a hash of the whole) when too long for one.
func Name(r *model.Report) string {
	return shorten(CleanName(fmt.Sprintf("%s-%d", r.Organ, r.Year)))
}

// CleanName removes path separators, "..", control characters and characters Windows refuses,
// and avoids Windows' reserved device names.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, "..", "_")
	s = strings.Trim(s, " .")
	if s == "" {
		s = "report"
	}
	base := strings.ToUpper(strings.SplitN(s, ".", 2)[0])
	switch base {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		s = "_" + s
	}
	return s
}

// Write lays out a checked report and writes its outputs as one set — base.pdf, base.docx,
// base.ofd and base.json (the sidecar, with findings), as opt asks — through temporaries renamed
// into place only when every one of them is written. Layout runs first, once for every writer
// that draws pages, so a missing glyph stops the build before any file is touched.
func Write(r *model.Report, findings []check.Finding, base string, opt Options) ([]string, error) {
	r = model.Completed(r) // the totals the data file left out, in the sidecar as in print
	j := &job{r: r, d: tree.Build(r), opt: opt}
	var chosen []format
	for _, w := range formats {
		if w.on(opt) {
			chosen = append(chosen, w)
		}
	}
	if opt.DOCX { // refuse text XML cannot hold before any file is written
		if err := docx.CheckText(j.d); err != nil {
			return nil, err
		}
	}
	if opt.JSON || opt.OFD { // the sidecar, written beside the report and attached to its OFD
		var err error
		if j.side, err = sidecarJSON(r, findings); err != nil {
			return nil, err
		}
	}
	if slices.ContainsFunc(chosen, func(w format) bool { return w.pages }) {
		var err error
		if j.laid, err = layout.Layout(j.d, opt.Theme, opt.Fonts); err != nil {
			return nil, err
		}
		j.laid.Meta.Date = Date(j.d.Date)
	}
	if opt.DOCX { // the title's lines and the signature block where the PDF has them (docx.go)
		var err error
		if j.laid != nil {
			j.comp = j.laid.Composition // decided once: what the pages were set from
		} else if j.comp, err = docxComposition(j.d, opt); err != nil {
			return nil, err
		}
	}
	var files []file
	for _, w := range chosen {
		files = append(files, file{base + w.ext, func(out io.Writer) error { return w.write(out, j) }})
	}
	return writeSet(files)
}

// A format is one output of a report and the writer that makes it. The writers are siblings:
// PDF and OFD draw the laid-out pages, DOCX writes the document tree (Word and WPS lay it out
// themselves), the sidecar the checked data.
type format struct {
	ext   string
	on    func(Options) bool // whether opt asks for it
	pages bool               // it draws laid-out pages
	write func(io.Writer, *job) error
}

// job is what the writers of one report share.
type job struct {
	r    *model.Report // completed
	d    *tree.Document
	laid *layout.Document     // when a writer draws pages
	comp *compose.Composition // the DOCX's title lines, signature block and grid
	side []byte               // the sidecar's JSON, when a writer needs it
	opt  Options
}

var formats = []format{
	{".pdf", func(o Options) bool { return o.PDF }, true, func(w io.Writer, j *job) error {
		return pdf.Write(w, j.laid)
	}},
	{".ofd", func(o Options) bool { return o.OFD }, true, func(w io.Writer, j *job) error {
		return ofd.Write(w, j.laid, j.side)
	}},
	{".docx", func(o Options) bool { return o.DOCX }, false, func(w io.Writer, j *job) error {
		meta := j.d.Meta
		meta.Date = Date(meta.Date)
		return docx.Write(w, j.d, j.comp, j.opt.Theme, docx.Meta{Meta: meta, Fonts: docxFonts(j.opt.Fonts)})
	}},
	{".json", func(o Options) bool { return o.JSON }, false, func(w io.Writer, j *job) error {
		_, err := w.Write(j.side)
		return err
	}},
}

// sidecarJSON is the sidecar's text (datafile.Sidecar): written beside the report, and attached to
// its OFD.
func sidecarJSON(r *model.Report, findings []check.Finding) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(datafile.NewSidecar(r, findings))
	return b.Bytes(), err
}

// Date is the documents' creation date: SOURCE_DATE_EPOCH if set (reproducible builds), else the
// document's own (tree.Meta.Date: the 成文日期) — never the clock, so the same input gives the
// same bytes.
func Date(own time.Time) time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var sec int64
		if _, err := fmt.Sscan(s, &sec); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return own
}
