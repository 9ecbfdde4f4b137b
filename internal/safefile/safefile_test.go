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
		b, err := readOrHang(t, in, c.name)
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

// readOrHang is ReadIn(dir, name, 1000), failing the test if it never returns: a read that blocks
// (a FIFO opened for reading waits for a writer forever) is the bug looked for. The guard is a
// liveness bound of a minute, not a measure of speed: a loaded machine only makes it wait longer.
func readOrHang(t *testing.T, dir, name string) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() { b, err := ReadIn(dir, name, 1000); ch <- result{b, err} }()
	select {
	case r := <-ch:
		return r.b, r.err
	case <-time.After(time.Minute):
		t.Fatalf("%s: the read blocks", name)
		return nil, nil
	}
}
