//go:build unix

package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"nianbao/i18n"
)

// TestLockHostile: what may stand in the place of the lock file — a link to a secret or to
// /dev/zero, a FIFO, a folder, garbage — is read without blocking and without growing, and only a
// lock as Lock writes it is quoted; a live holder is named, a dead one's lock is taken over.
func TestLockHostile(t *testing.T) {
	host, _ := os.Hostname()
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("root:$6$hash:19000:0:99999:7:::\n"), 0o600)
	cases := []struct {
		name  string
		place func(p string)
		want  string
		taken bool // the lock is taken over
	}{
		{"a link to a secret", func(p string) { os.Symlink(secret, p) }, "不是 nianbao 写的锁文件（内容不是“进程号 主机 时间”）", false},
		{"a link to /dev/zero", func(p string) { os.Symlink("/dev/zero", p) }, "不是 nianbao 写的锁文件（不是普通文件", false},
		{"a FIFO", func(p string) { syscall.Mkfifo(p, 0o644) }, "不是 nianbao 写的锁文件（不是普通文件", false},
		{"a folder", func(p string) { os.Mkdir(p, 0o755) }, "这是一个文件夹", false},
		{"a big file", func(p string) { os.WriteFile(p, make([]byte, 1<<20), 0o644) }, "文件太大", false},
		{"a live build", func(p string) {
			os.WriteFile(p, fmt.Appendf(nil, "%d %s 2026-11-28T06:00:00Z\n", os.Getpid(), host), 0o644)
		}, fmt.Sprintf("正被另一个 nianbao build 使用（%d %s 2026-11-28T06:00:00Z）", os.Getpid(), host), false},
		{"a dead build", func(p string) { os.WriteFile(p, fmt.Appendf(nil, "999999999 %s 2026-11-28T06:00:00Z\n", host), 0o644) }, "", true},
	}
	for _, c := range cases {
		dir := t.TempDir()
		c.place(filepath.Join(dir, LockName))
		start := time.Now()
		unlock, err := Lock(dir)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: Lock took %v", c.name, d)
		}
		if c.taken {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else {
				unlock()
			}
			continue
		}
		if err == nil {
			unlock()
			t.Errorf("%s: the lock was taken", c.name)
			continue
		}
		zh, en := i18n.Message(err, i18n.Zh), i18n.Message(err, i18n.En)
		if !strings.Contains(zh, c.want) || strings.Contains(zh, "root:") || strings.Contains(en, "root:") || strings.ContainsAny(en, "锁进程") {
			t.Errorf("%s:\n%s\n%s", c.name, zh, en)
		}
	}
}
