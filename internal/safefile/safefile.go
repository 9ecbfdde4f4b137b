// Package safefile reads the files other people give the tool — data files, narrative files,
// themes, fonts, sidecars, lists — with the same guards everywhere: only regular files (after
// symbolic links), never blocking on open (a FIFO or a device is refused, not waited on), never
// more than a limit suited to the kind of file, and, for files a data file names, never outside
// the folder it may reach.
//
// It sits under every reader of the pipeline (model, theme, fonts, build); nothing else in the
// project opens an input file.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"nianbao/i18n"
)

// Limits on what one file of a kind may hold. A real data file is a few KB, a narrative file a
// few tens of KB; the limits leave room for a hundred times that and stop a /dev/zero link or a
// pasted log file before it costs memory.
const (
	DataLimit     = 4 << 20   // a data file (.toml)
	TextLimit     = 4 << 20   // a narrative file (*_file)
	ThemeLimit    = 1 << 20   // a theme
	SidecarLimit  = 8 << 20   // a JSON sidecar
	ListLimit     = 1 << 20   // a list of units
	FontLimit     = 256 << 20 // a font file (CJK collections reach 100 MB)
	WorkbookLimit = 16 << 20  // a statistics workbook (.xlsx) or a narrative document (.docx)
)

// Kind says why a file could not be read.
type Kind int

const (
	Other      Kind = iota
	NotExist        // no such file
	Permission      // not readable
	Directory       // a folder
	NotRegular      // a FIFO, socket or device
	TooLarge        // over the limit for its kind
	Escapes         // outside the folder it may be read from
)

// Error is a file that could not be read, in both languages.
type Error struct {
	Path  string
	Kind  Kind
	Limit int64 // for TooLarge
	Err   error // the operating system's error, if any
}

func (e *Error) Unwrap() error { return e.Err }
func (e *Error) Error() string { return e.In(i18n.Zh) }

// Reason is the message without the file name.
func (e *Error) Reason() i18n.Text {
	switch e.Kind {
	case NotExist:
		return i18n.F("文件不存在", "no such file")
	case Permission:
		return i18n.F("没有读取权限", "permission denied")
	case Directory:
		return i18n.F("这是一个文件夹，不是文件", "this is a folder, not a file")
	case NotRegular:
		return i18n.F("不是普通文件（可能是管道、设备或套接字），不会读取", "not a regular file (a pipe, device or socket): not read")
	case TooLarge:
		return i18n.F("文件太大（超过 %s），不会读取", "the file is too large (over %s): not read", size(e.Limit))
	case Escapes:
		return i18n.F("只能读取数据文件所在文件夹内的文件（不能用绝对路径或“..”跳出）",
			"only files inside the data file's folder may be read (no absolute paths, no \"..\" out of it)")
	}
	return i18n.Text{Zh: "无法读取：" + osMessage(e.Err, i18n.Zh), En: "cannot read: " + osMessage(e.Err, i18n.En)}
}

// In renders the error as "PATH: reason".
func (e *Error) In(l i18n.Lang) string { return e.Path + ": " + e.Reason().In(l) }

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// OSMessage renders an operating-system error in l: common causes (disk full, read-only, name
// too long …) in their own words, others as the system says them, without Go's "open PATH:".
func OSMessage(err error, l i18n.Lang) string { return osMessage(err, l) }

func osMessage(err error, l i18n.Lang) string {
	if err == nil {
		return ""
	}
	for _, c := range osCauses {
		if errors.Is(err, c.err) {
			return c.text.In(l)
		}
	}
	if errors.Is(err, fs.ErrPermission) { // EACCES, EPERM; Windows' access denied
		return i18n.F("没有权限（请检查文件或文件夹的权限、是否被其他程序占用）", "permission denied").In(l)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}

// Read reads a file named by the user (on the command line or in a theme): a regular file of at
// most limit bytes.
func Read(path string, limit int64) ([]byte, error) {
	return read(path, limit, os.Stat, os.OpenFile, classify)
}

// Open opens a regular file for reading without blocking, for readers that read only parts of
// a large file (a font's name table): a FIFO, device or folder is refused before it is opened,
// and checked again once it is (it may have been swapped in between).
func Open(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, classify(path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, classify(path, err)
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, &Error{Path: path, Kind: NotRegular, Err: err}
	}
	return f, nil
}

// ReadIn reads name, a path relative to dir that a file in dir gave (a data file's *_file key):
// absolute paths, ".." out of dir and symbolic links that lead out of it are refused (os.Root).
// The error names the file as dir/name.
func ReadIn(dir, name string, limit int64) ([]byte, error) {
	if name == "" || filepath.IsAbs(name) || filepath.VolumeName(name) != "" || strings.HasPrefix(name, `\`) || strings.HasPrefix(name, "/") {
		return nil, &Error{Path: name, Kind: Escapes}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, classify(dir, err)
	}
	defer root.Close()
	shown := filepath.Join(dir, name)
	return read(shown, limit,
		func(string) (fs.FileInfo, error) { return root.Stat(name) },
		func(_ string, flag int, perm fs.FileMode) (*os.File, error) { return root.OpenFile(name, flag, perm) },
		classifyRoot)
}

// read stats a file first (a FIFO or device is refused before it is opened: opening a FIFO
// blocks, opening some devices has effects), opens it without blocking and reads at most limit
// bytes; shown names it in errors.
func read(shown string, limit int64, stat func(string) (fs.FileInfo, error),
	open func(string, int, fs.FileMode) (*os.File, error), classify func(string, error) error) ([]byte, error) {
	st, err := stat(shown)
	if err != nil {
		return nil, classify(shown, err)
	}
	if err := regular(shown, st); err != nil {
		return nil, err
	}
	f, err := open(shown, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, classify(shown, err)
	}
	defer f.Close()
	return readAll(shown, f, limit)
}

// regular refuses what is not a regular file.
func regular(path string, st fs.FileInfo) error {
	switch {
	case st.IsDir():
		return &Error{Path: path, Kind: Directory}
	case !st.Mode().IsRegular():
		return &Error{Path: path, Kind: NotRegular}
	}
	return nil
}

// readAll checks the opened file again (it may have been swapped since Stat) and reads at most
// limit bytes of it.
func readAll(path string, f *os.File, limit int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, classify(path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, &Error{Path: path, Kind: TooLarge, Limit: limit}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, classify(path, err)
	}
	if int64(len(b)) > limit { // grew while being read
		return nil, &Error{Path: path, Kind: TooLarge, Limit: limit}
	}
	return b, nil
}

func classify(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Kind: NotExist, Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Path: path, Kind: Permission, Err: err}
	case isDirErr(err):
		return &Error{Path: path, Kind: Directory, Err: err}
	}
	return &Error{Path: path, Kind: Other, Err: err}
}

// classifyRoot is classify for os.Root, whose escapes are their own error.
func classifyRoot(path string, err error) error {
	if strings.Contains(err.Error(), "path escapes from parent") {
		return &Error{Path: path, Kind: Escapes, Err: err}
	}
	return classify(path, err)
}

// IsDir reports whether path is a folder (after symbolic links).
func IsDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
