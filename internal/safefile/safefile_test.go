//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"nianbao/i18n"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "ok.txt"), []byte("正文"), 0o644)
	os.WriteFile(filepath.Join(in, "big.txt"), make([]byte, 2000), 0o644)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644)
	syscall.Mkfifo(filepath.Join(in, "fifo.txt"), 0o644)
	os.Symlink("/dev/zero", filepath.Join(in, "zero.txt"))
	os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(in, "out.txt"))
	os.Symlink("ok.txt", filepath.Join(in, "inside.txt"))
	os.Mkdir(filepath.Join(in, "sub"), 0o755)
	cases := []struct {
		name string
		kind Kind // -1: read fine
	}{
		{"ok.txt", -1}, {"inside.txt", -1}, {"big.txt", TooLarge}, {"fifo.txt", NotRegular}, {"zero.txt", Escapes},
		{"sub", Directory}, {"none.txt", NotExist}, {"../secret.txt", Escapes}, {"out.txt", Escapes},
		{"/etc/passwd", Escapes}, {"sub/../../secret.txt", Escapes},
	}
	for _, c := range cases {
		start := time.Now()
		b, err := ReadIn(in, c.name, 1000)
		if time.Since(start) > time.Second {
			t.Errorf("%s: took %v", c.name, time.Since(start))
		}
		var se *Error
		switch {
		case c.kind == -1 && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.kind == -1 && strings.Contains(string(b), "secret"):
			t.Errorf("%s: read a file outside the folder", c.name)
		case c.kind != -1 && (!errors.As(err, &se) || se.Kind != c.kind):
			t.Errorf("%s: %v, want kind %d", c.name, err, c.kind)
		case c.kind != -1 && (se.Reason().Zh == "" || se.Reason().En == "" || !strings.HasPrefix(i18n.Message(err, i18n.En), filepath.Join(in, c.name)) && c.kind != Escapes):
			t.Errorf("%s: message %q", c.name, i18n.Message(err, i18n.En))
		}
	}
	// Read, for files the user names: no folder confinement, the same guards
	if _, err := Read(filepath.Join(dir, "secret.txt"), 100); err != nil {
		t.Error(err)
	}
	for _, p := range []string{filepath.Join(in, "fifo.txt"), "/dev/zero", filepath.Join(in, "big.txt")} {
		if _, err := Read(p, 1000); err == nil {
			t.Errorf("%s read", p)
		}
	}
}
