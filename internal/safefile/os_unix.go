//go:build unix

package safefile

import (
	"errors"
	"syscall"

	"nianbao/i18n"
)

// openFlags: O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer;
// O_NOCTTY keeps a terminal device from becoming the process's controlling terminal.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY

func isDirErr(err error) bool { return errors.Is(err, syscall.EISDIR) }

var osCauses = []struct {
	err  error
	text i18n.Text
}{
	{syscall.ENOSPC, i18n.F("磁盘已满", "no space left on the disk")},
	{syscall.EDQUOT, i18n.F("超出磁盘配额", "disk quota exceeded")},
	{syscall.EROFS, i18n.F("文件系统只读", "read-only file system")},
	{syscall.ENAMETOOLONG, i18n.F("文件名太长", "file name too long")},
	{syscall.ENOTDIR, i18n.F("路径中有一段不是文件夹", "a part of the path is not a folder")},
	{syscall.EIO, i18n.F("读写设备出错", "input/output error")},
	{syscall.ELOOP, i18n.F("符号链接循环", "too many levels of symbolic links")},
}

// IsNoSpace reports whether err means nothing more can be written: the disk or the quota is
// full, or the file system is read-only.
func IsNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EROFS)
}
