package published

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"nianbao/i18n"
	"nianbao/internal/safefile"
	"nianbao/published/pdftext"
)

// MaxFile is the largest published file read (a report with scanned pages can be large).
const MaxFile = 256 << 20

// extensions are the file types Read takes; .doc and .wps go through LibreOffice.
var extensions = []string{".pdf", ".docx", ".ofd", ".html", ".htm", ".txt", ".doc", ".wps"}

// Is reports whether a file name has an extension Read takes.
func Is(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// Read reads a published report from a file, by its extension.
func Read(path string) (*Result, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".doc" || ext == ".wps" {
		return readViaOffice(path)
	}
	data, err := safefile.Read(path, MaxFile)
	if err != nil {
		return nil, err
	}
	return ReadData(path, data)
}

// ReadData reads a published report from its bytes (an upload, at most MaxFile), by the
// extension of name (.doc and .wps are not taken: they need LibreOffice and a file); name is
// for messages.
func ReadData(name string, data []byte) (*Result, error) {
	path := name
	ext := strings.ToLower(filepath.Ext(name))
	var res *Result
	var err error
	switch ext {
	case ".pdf":
		res, err = ReadPDF(data)
	case ".docx":
		res, err = ReadDOCX(data)
	case ".ofd":
		res, err = ReadOFD(data)
	case ".html", ".htm":
		res, err = ReadHTML(data)
	case ".txt":
		res, err = ReadTXT(data)
	default:
		return nil, i18n.Errorf("%s：不认识的文件类型（可读 %s）", "%s: unknown file type (readable: %s)", path, strings.Join(extensions, " "))
	}
	if err != nil {
		var e *i18n.Error
		switch {
		case errors.Is(err, pdftext.ErrEncrypted):
			e = i18n.Errorf("%s：PDF 设有打开密码（或用了不认识的加密方式），读不出文字；请用 PDF 阅读器另存一份不加密的副本",
				"%s: the PDF needs a password to open (or uses an unknown encryption): save an unencrypted copy with a PDF reader", path)
		case errors.Is(err, pdftext.ErrNotPDF):
			e = i18n.Errorf("%s：不是 PDF 文件（或已损坏）", "%s: not a PDF file (or damaged)", path)
		case errors.Is(err, pdftext.ErrTooLarge):
			e = i18n.Errorf("%s：文件超出读取限制（对象、解压后大小或嵌套层数过多）", "%s: the file exceeds the reading limits (objects, inflated size or nesting)", path)
		default:
			e = i18n.Errorf("%s：读不出报告：%v", "%s: cannot read the report: %v", path, err)
		}
		e.Err = err
		return nil, e
	}
	return res, nil
}

// readViaOffice converts a .doc or .wps with LibreOffice (headless) and reads the .docx.
func readViaOffice(path string) (*Result, error) {
	bin := ""
	for _, b := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(b); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return nil, i18n.Errorf("%s：读 .doc/.wps 需要 LibreOffice（请安装 LibreOffice，或在 Word/WPS 中另存为 .docx）",
			"%s: reading .doc/.wps needs LibreOffice (install LibreOffice, or save as .docx in Word/WPS)", path)
	}
	dir, err := os.MkdirTemp("", "nianbao-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// a profile of its own, so that a running LibreOffice does not swallow the conversion
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "docx", "--outdir", dir, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, i18n.Errorf("%s：LibreOffice 转换失败：%s", "%s: LibreOffice could not convert it: %s", path, strings.TrimSpace(string(out)))
	}
	conv := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".docx")
	data, err := safefile.Read(conv, MaxFile)
	if err != nil {
		return nil, errors.Join(i18n.Errorf("%s：LibreOffice 没有生成 .docx", "%s: LibreOffice wrote no .docx", path), err)
	}
	return ReadDOCX(data)
}
