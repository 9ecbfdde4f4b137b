package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/html"
	"nianbao/i18n"
	"nianbao/internal/safefile"
	"nianbao/model"
	"nianbao/tree"
)

// MaxUpload bounds an upload's request: the CLI's limit for a workbook (safefile.WorkbookLimit)
// and the form around it. A workbook is then read through the same guards as on the command
// line (zipcheck: entries, unzipped size, ratio).
const MaxUpload = safefile.WorkbookLimit + 64<<10

// upload fills the form from an uploaded statistics workbook (.xlsx) or data file (.toml): it is
// decoded by datafile exactly as nianbao check decodes it and saved as a new version (with the
// version check of a save); one that does not decode cleanly is refused with its findings and
// nothing is saved. The file's name is used in messages only, never as a path.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	un, year, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	refuse := func(msg i18n.Text, fs []check.Finding) {
		var f Fields
		if rep == nil {
			f, _ = fieldsOf(s.firstData(un, year))
		}
		s.showReportFindings(w, r, u, l, http.StatusUnprocessableEntity, un, year, rep, f, msg.In(l), fs)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		refuse(i18n.F("请选择要上传的文件", "choose a file to upload"), nil)
		return
	}
	defer file.Close()
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	if len([]rune(name)) > 100 {
		name = string([]rune(name)[:100])
	}
	limit := int64(safefile.DataLimit)
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" {
		limit = safefile.WorkbookLimit
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	if int64(len(data)) > limit {
		refuse(i18n.F("%s 超过 %d MB，不予读取", "%s is over %d MB and is not read", name, limit>>20), nil)
		return
	}
	var got *model.Report
	switch ext {
	case ".xlsx":
		got, err = datafile.DecodeWorkbook(name, data, nil)
	case ".toml":
		got, err = datafile.Decode(name, data, nil)
	default:
		refuse(i18n.F("只能上传统计工作簿（.xlsx）或数据文件（.toml）：%s", "upload a statistics workbook (.xlsx) or a data file (.toml): %s", name), nil)
		return
	}
	if err != nil {
		fs, isFindings := check.FindingsOf(err)
		if !isFindings {
			refuse(i18n.F("%s 无法读取：%s", "%s cannot be read: %s", name, i18n.Message(err, i18n.Zh)), nil)
			return
		}
		check.SortFindings(fs, name)
		refuse(i18n.F("%s 有 %d 处无法读取，未载入；改正后再上传", "%s has %d problems and was not loaded: correct them and upload it again", name, len(fs)), fs)
		return
	}
	if got.Year != year {
		refuse(i18n.F("%s 是 %d 年度的报告，这里是 %d 年度", "%s is the report for %d, this is %d", name, got.Year, year), nil)
		return
	}
	oldFields, _ := fieldsOf(s.dataOf(un, year, rep))
	fields, f := fieldsOf(datafile.Encode(got, nil, nil))
	out, err := encodeFields(fields, f, year)
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	fs := s.findings(out)
	errs, warns := counts(fs)
	cs := append([]Change{{Key: "upload", New: name}}, changes(oldFields, fields)...)
	_, err = s.store.Save(un.ID, year, s.version(r), out, errs, warns, cs, u.Name, s.cfg.Now())
	switch {
	case errors.Is(err, ErrConflict):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告在您打开之后有了变化，未载入；请重新打开再上传", "the report changed after you opened it; nothing was loaded: open it again and upload"))
	case errors.Is(err, ErrState):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告已提交或已通过，不能再修改", "the report has been submitted or approved and cannot be changed"))
	case err != nil:
		s.internal(w, r, l, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/r/%s/%d?done=saved", un.ID, year), http.StatusSeeOther)
	}
}

// htmlCSP is the policy of the report's HTML edition: still no script and nothing from
// elsewhere; its own inline styles and embedded fonts allowed.
const htmlCSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// reportHTML shows a report that decodes as the accessible HTML edition nianbao build writes
// (html.Write): the read-only view of a report, no second renderer.
func (s *Server) reportHTML(w http.ResponseWriter, r *http.Request, u *User, l i18n.Lang) {
	_, _, rep, ok := s.reportFor(w, r, u, l)
	if !ok {
		return
	}
	if rep == nil {
		s.notFound(w, r, l)
		return
	}
	rp, _ := validate(rep.Data)
	if rp == nil {
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告还有无法读取的数据，改正后才能显示", "the report has data that cannot be read yet"))
		return
	}
	var b bytes.Buffer
	if err := html.Write(&b, tree.Build(rp), html.Options{}); err != nil {
		s.internal(w, r, l, err)
		return
	}
	w.Header().Set("Content-Security-Policy", htmlCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}
