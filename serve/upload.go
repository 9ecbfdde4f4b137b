package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"path/filepath"
	"strings"

	"nianbao/check"
	"nianbao/datafile"
	"nianbao/html"
	"nianbao/i18n"
	"nianbao/internal/safefile"
	"nianbao/model"
	pubread "nianbao/published"
	"nianbao/tree"
)

// MaxPublished bounds an uploaded published report (PDF, DOCX, OFD, HTML). The command line
// reads up to published.MaxFile (256 MB, for scanned pages); a report with text, the only kind
// import can read, is a few MB, so a web upload is bounded lower. The readers' own limits
// (objects, inflated size, nesting; zip entries and ratio) are the CLI's.
const MaxPublished = 32 << 20

// MaxUpload bounds an upload's request: the largest file taken and the form around it.
const MaxUpload = MaxPublished + 64<<10

// uploadKinds say what an upload may be, for messages.
var uploadKinds = i18n.F("可上传：统计工作簿（.xlsx）、数据文件（.toml）、Word 正文（.docx），或上一年度已公开的年报（PDF、DOCX、OFD、HTML，选“上一年度已公开的年报”）",
	"upload a statistics workbook (.xlsx), a data file (.toml), a Word narrative (.docx), or last year's published report (PDF, DOCX, OFD, HTML: choose “last year's published report”)")

// upload fills the form from an uploaded file, read by the same code and within the same limits
// as on the command line, and saves it as a new version (with the version check of a save):
//   - a statistics workbook (.xlsx) or a data file (.toml): decoded by datafile as nianbao check
//     decodes it, the whole report;
//   - a Word narrative (.docx): its six sections, read as a data file's text.file is
//     (datafile → wordtext), replace the form's text; the tables stay;
//   - a published report (field as=published, or a .pdf, .ofd, .html file): read back as nianbao
//     import reads it (published); last year's is carried on a year as nianbao init --from does
//     (datafile.NextYear: 上年结转, R8), this year's is taken as it is; the import's notes (what
//     was uncertain or not found) are shown.
//
// A file that does not read cleanly is refused with its findings and nothing is saved. The
// file's name is used in messages only, never as a path.
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
	name := uploadName(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	published := r.PostFormValue("as") == "published" || ext == ".pdf" || ext == ".ofd" || ext == ".html" || ext == ".htm"
	var limit int64
	switch {
	case published && (ext == ".pdf" || ext == ".ofd" || ext == ".html" || ext == ".htm" || ext == ".docx"):
		limit = MaxPublished
	case ext == ".xlsx":
		limit = safefile.WorkbookLimit
	case ext == ".toml":
		limit = safefile.DataLimit
	case ext == ".docx":
		limit = safefile.TextLimit // as a data file's narrative file is read (datafile's folderReader)
	default:
		refuse(i18n.Text{Zh: name + "：" + uploadKinds.Zh, En: name + ": " + uploadKinds.En}, nil)
		return
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
	oldFields, f := fieldsOf(s.dataOf(un, year, rep))
	var fields Fields
	var notes []check.Finding
	var what string // the audit log's word for the upload
	unreadable := func(err error) {
		fs, isFindings := check.FindingsOf(err)
		if !isFindings {
			refuse(i18n.F("%s 无法读取：%s", "%s cannot be read: %s", name, i18n.Message(err, l)), nil)
			return
		}
		check.SortFindings(fs, name)
		refuse(i18n.F("%s 有 %d 处无法读取，未载入；改正后再上传", "%s has %d problems and was not loaded: correct them and upload it again", name, len(fs)), fs)
	}
	switch {
	case published:
		res, err := pubread.ReadData(name, data)
		if err != nil {
			unreadable(err)
			return
		}
		got := res.Report
		switch got.Year {
		case year - 1:
			got = datafile.NextYear(got, "")
			what = "upload-last-year"
		case year:
			what = "upload-published"
		default:
			refuse(i18n.F("%s 是 %d 年度的报告，这里是 %d 年度（可上传本年度或上一年度的）", "%s is the report for %d; this is %d (upload this year's or last year's)", name, got.Year, year), nil)
			return
		}
		fields, f = fieldsOf(datafile.Encode(got, nil, nil))
		for _, n := range res.Notes {
			if n.Severity == pubread.Found || n.Review {
				continue
			}
			msg := n.What
			if n.Where != "" {
				msg = i18n.Text{Zh: n.Where + "：" + n.What.Zh, En: n.Where + ": " + n.What.En}
			}
			notes = append(notes, check.Finding{Rule: "S", Severity: check.Warning, Msg: msg})
		}
	case ext == ".docx":
		text, err := wordText(name, data, year)
		if err != nil {
			unreadable(err)
			return
		}
		fields = maps.Clone(oldFields)
		for k, v := range text {
			fields[k] = v
		}
		what = "upload-word"
	default:
		var got *model.Report
		if ext == ".xlsx" {
			got, err = datafile.DecodeWorkbook(name, data, nil)
		} else {
			got, err = datafile.Decode(name, data, nil)
		}
		if err != nil {
			unreadable(err)
			return
		}
		if got.Year != year {
			refuse(i18n.F("%s 是 %d 年度的报告，这里是 %d 年度", "%s is the report for %d, this is %d", name, got.Year, year), nil)
			return
		}
		fields, f = fieldsOf(datafile.Encode(got, nil, nil))
		what = "upload"
	}
	out, err := encodeFields(fields, f, year)
	if err != nil {
		s.internal(w, r, l, err)
		return
	}
	fs := s.findings(out)
	errs, warns := counts(fs)
	cs := append([]Change{{Key: what, New: name}}, changes(oldFields, fields)...)
	saved, err := s.store.Save(un.ID, year, s.version(r), out, errs, warns, cs, u.Name, s.cfg.Now())
	switch {
	case errors.Is(err, ErrConflict):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告在您打开之后有了变化，未载入；请重新打开再上传", "the report changed after you opened it; nothing was loaded: open it again and upload"))
	case errors.Is(err, ErrState):
		s.fail(w, r, l, http.StatusConflict, i18n.F("报告已提交或已通过，不能再修改", "the report has been submitted or approved and cannot be changed"))
	case err != nil:
		s.internal(w, r, l, err)
	case len(notes) > 0:
		// the import's notes beside the form: what to look at before submitting
		s.showReportFindings(w, r, u, l, http.StatusOK, un, year, saved, nil,
			i18n.F("已从 %s 载入并保存；导入有 %d 处需要核对（见下）", "loaded from %s and saved; the import has %d things to check (below)", name, len(notes)).In(l), notes)
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
