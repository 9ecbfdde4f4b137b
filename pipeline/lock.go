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
	"nianbao/internal/safefile"
)

// lockHolder is what a lock file says: the process, host and start time of the build holding
// the folder.
type lockHolder struct {
	pid  int
	host string
	text string    // "PID HOST TIME", as written
	why  i18n.Text // why the file is not a lock, when it is not
}

// readLock reads a lock file through safefile (a regular file of at most 4 KB, opened without
// blocking) and parses it; ok is false, with the reason, for anything that is not one line of
// "PID HOST TIME" as Lock writes it — whose content is then never shown.
func readLock(p string) (h lockHolder, ok bool) {
	b, err := safefile.Read(p, 4<<10)
	for try := 0; err == nil && len(b) == 0 && try < 5; try++ {
		time.Sleep(20 * time.Millisecond) // created, not yet written: a build is starting
		b, err = safefile.Read(p, 4<<10)
	}
	var se *safefile.Error
	if errors.As(err, &se) {
		h.why = se.Reason()
		return h, false
	} else if err != nil {
		h.why = i18n.F("无法读取", "cannot be read")
		return h, false
	}
	h.why = i18n.F("内容不是“进程号 主机 时间”", "its content is not \"PID HOST TIME\"")
	fields := strings.Fields(string(b))
	if len(fields) != 3 || strings.Count(string(b), "\n") > 1 {
		return h, false
	}
	pid, err := strconv.Atoi(fields[0])
	if err != nil || pid <= 0 || len(fields[1]) > 255 || !printable(fields[1]) {
		return h, false
	}
	if _, err := time.Parse(time.RFC3339, fields[2]); err != nil {
		return h, false
	}
	h.pid, h.host, h.text = pid, fields[1], strings.Join(fields, " ")
	return h, true
}

// printable reports whether a host name is plain ASCII a message may show.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

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
		// the lock may not be ours: a link to a device or to a secret, a FIFO, a folder. It is
		// read as any file another person placed (regular only, never blocking, 4 KB), and shown
		// only if it reads as a lock this tool writes.
		holder, ok := readLock(p)
		stale := false
		if ok && holder.host == host && try == 0 && !alive(holder.pid) {
			stale = true
		}
		if !stale {
			if !ok {
				m := i18n.F("输出文件夹 %s 中有 %s，但它不是 nianbao 写的锁文件（", "the output folder %s holds %s, which is not a lock file nianbao wrote (", outdir, LockName)
				return nil, &i18n.Error{Text: i18n.Text{Zh: m.Zh + holder.why.Zh + "）。如果确认没有别的 build 在运行，删除它后重试",
					En: m.En + holder.why.En + "). If no build is running, delete it and try again"}}
			}
			return nil, &i18n.Error{Text: i18n.F(
				"输出文件夹 %s 正被另一个 nianbao build 使用（%s）。请等它结束；如果确认没有别的 build 在运行，删除 %s 后重试",
				"the output folder %s is in use by another nianbao build (%s). Wait for it to finish; if none is running, delete %s and try again",
				outdir, holder.text, p)}
		}
		os.Remove(p)
	}
}
