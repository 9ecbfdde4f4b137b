// Package build runs the pipeline for data files: decode and check (model) → document tree (doc)
// → pages (layout) → PDF (pdf) and DOCX (docx), writing every output atomically. cmd/nianbao is a
// thin shell over it.
package build

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"nianbao/doc"
	"nianbao/docx"
	"nianbao/fonts"
	"nianbao/i18n"
	"nianbao/layout"
	"nianbao/model"
	"nianbao/pdf"
	"nianbao/theme"
)

// Options control a build.
type Options struct {
	Theme *theme.Theme
	Fonts *fonts.Set
	Force bool // build despite errors in the data
	PDF   bool
	DOCX  bool
	CheckOptions
}

// Result is what happened to one data file.
type Result struct {
	File     string
	Report   *model.Report // nil if the file could not be decoded
	Findings []model.Finding
	Outputs  []string
	Err      error // why nothing was written (decode error, errors in the data, missing glyphs, I/O)
}

// ErrFindings means the data has errors and --force was not given.
type ErrFindings struct{ N int }

func (e *ErrFindings) In(l i18n.Lang) string {
	return i18n.F("数据有 %d 处错误，未生成文件（确需生成请加 --force）", "the data has %d error(s); nothing was written (use --force to build anyway)", e.N).In(l)
}
func (e *ErrFindings) Error() string { return e.In(i18n.Zh) }

// Check decodes and checks one file, with R8 against last year's report when there is one.
func Check(path string, opt CheckOptions) Result {
	res := Result{File: path}
	r, err := model.Load(path)
	if err != nil {
		res.Err = err
		return res
	}
	res.Report = r
	res.Findings = model.Check(r)
	prev := opt.Prev
	if st, err := os.Stat(prev); err == nil && st.IsDir() {
		// a folder of last year's files: the one with this file's name
		prev = filepath.Join(prev, filepath.Base(path))
		if _, err := os.Stat(prev); err != nil && opt.R8On {
			res.Findings = append(res.Findings, model.Finding{Rule: "R8", Severity: model.Warning, File: path,
				Msg: i18n.F("上年度文件夹中没有同名文件 %s，未核对上年结转", "last year's folder has no %s: 上年结转 not checked", prev)})
			return res
		}
	}
	if prev == "" {
		prev = r.PrevPath()
	}
	if prev != "" && opt.R8On {
		p, err := model.Load(prev)
		if err != nil {
			res.Err = &i18n.Error{Text: i18n.Text{Zh: "上年度数据文件（规则 R8）：" + i18n.Message(err, i18n.Zh),
				En: "last year's data file (rule R8): " + i18n.Message(err, i18n.En)}, Err: err}
			return res
		}
		res.Findings = append(res.Findings, model.CheckPrev(r, p, opt.R8)...)
	}
	return res
}

// Name is the output base name of a report: organ and year, cleaned for every file system.
func Name(r *model.Report) string {
	return CleanName(fmt.Sprintf("%s-%d", r.Organ, r.Year))
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

// Write lays out a checked report and writes base.pdf and base.docx. Layout runs first, so a
// missing glyph stops the build before any file is touched.
func Write(r *model.Report, base string, opt Options) ([]string, error) {
	d := doc.Build(r)
	date := Date(r)
	if opt.DOCX { // refuse text XML cannot hold before any file is written
		if err := docx.CheckText(d); err != nil {
			return nil, err
		}
	}
	var outs []string
	if opt.PDF {
		pages, err := layout.Layout(d, opt.Theme, opt.Fonts)
		if err != nil {
			return nil, err
		}
		meta := pdf.Meta{Title: d.Title, Author: d.Author, Subject: d.Subject, Keywords: d.Keywords, Lang: d.Lang, Date: date}
		if err := WriteAtomic(base+".pdf", func(w io.Writer) error { return pdf.Write(w, pages, opt.Fonts.Faces(), meta) }); err != nil {
			return nil, err
		}
		outs = append(outs, base+".pdf")
	}
	if opt.DOCX {
		meta := docx.Meta{Title: d.Title, Author: d.Author, Subject: d.Subject, Keywords: d.Keywords, Lang: d.Lang, Date: date,
			Fonts: DocxFonts(opt.Theme)}
		if err := WriteAtomic(base+".docx", func(w io.Writer) error { return docx.Write(w, d, opt.Theme, meta) }); err != nil {
			return outs, err
		}
		outs = append(outs, base+".docx")
	}
	return outs, nil
}

// DocxFonts names the East Asian face of each role in the DOCX: the family of a font file the
// theme sets, else the official name (the office PC that edits the DOCX has the official fonts).
func DocxFonts(th *theme.Theme) [6]string {
	var out [6]string
	for r := fonts.Role(0); r < fonts.NumRoles; r++ {
		if p := th.FontFile(fonts.RoleNames[r]); p != "" {
			if f, err := fonts.Load(p); err == nil && f.Family != "" {
				out[r] = f.Family
			}
		}
	}
	return out
}

// Date is the documents' creation date: SOURCE_DATE_EPOCH if set (reproducible builds), else the
// report's 成文日期 at midnight UTC — never the clock, so the same input gives the same bytes.
func Date(r *model.Report) time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var sec int64
		if _, err := fmt.Sscan(s, &sec); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	if r.Date.Y == 0 {
		return time.Date(r.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(r.Date.Y, time.Month(r.Date.M), r.Date.D, 0, 0, 0, 0, time.UTC)
}

// WriteAtomic writes a file through a temporary file in the same folder and renames it into
// place: a failed write leaves no partial file and never replaces a good one.
func WriteAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ioErr(path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return ioErr(path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return ioErr(path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return ioErr(path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return ioErr(path, err)
	}
	return nil
}

func ioErr(path string, err error) error {
	return &i18n.Error{Text: i18n.F("无法写入 %s：%v", "cannot write %s: %v", path, err), Err: err}
}
