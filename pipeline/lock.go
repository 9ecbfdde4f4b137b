package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"nianbao/i18n"
)

// LockName is the file that marks an output folder as in use by a build.
const LockName = ".nianbao.lock"

// Lock makes outdir this process's for the length of a build: two builds writing one folder
// could leave the PDF of one version beside the DOCX of another. The lock is a file created
// exclusively, holding the process ID, host and start time; a lock whose process is gone (a
// killed run on this host) is taken over. The returned function releases it.
func Lock(outdir string) (unlock func(), err error) {
	if err := os.MkdirAll(outdir, 0o777); err != nil {
		return nil, ioErr(outdir, err)
	}
	p := filepath.Join(outdir, LockName)
	host, _ := os.Hostname()
	me := fmt.Sprintf("%d %s %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	for try := 0; ; try++ {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			_, werr := f.WriteString(me)
			if cerr := f.Close(); werr != nil || cerr != nil {
				os.Remove(p)
				return nil, ioErr(p, errors.Join(werr, cerr))
			}
			held.Store(p, struct{}{})
			return func() { held.Delete(p); os.Remove(p) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, ioErr(p, err)
		}
		b, _ := os.ReadFile(p) // our own small file; a folder or worse in its place is reported below
		fields := strings.Fields(string(b))
		stale := false
		if len(fields) >= 2 && fields[1] == host && try == 0 {
			if pid, err := strconv.Atoi(fields[0]); err == nil && !alive(pid) {
				stale = true
			}
		}
		if !stale {
			holder := strings.TrimSpace(string(b))
			return nil, &i18n.Error{Text: i18n.F(
				"输出文件夹 %s 正被另一个 nianbao build 使用（%s）。请等它结束；如果确认没有别的 build 在运行，删除 %s 后重试",
				"the output folder %s is in use by another nianbao build (%s). Wait for it to finish; if none is running, delete %s and try again",
				outdir, holder, p)}
		}
		os.Remove(p)
	}
}
