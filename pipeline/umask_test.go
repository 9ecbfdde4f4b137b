//go:build unix

package pipeline

import (
	"os"
	"syscall"
	"testing"
)

// TestUmask: outputs have the permissions the user's umask gives any new file.
func TestUmask(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := writeGen(t, in, 0)
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	b := batch(t)
	b.PDF, b.DOCX = false, false
	res := run(t, b, files, out)
	st, err := os.Stat(res[0].Outputs[0])
	if err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v (%v), want 0640 under umask 027", st.Mode(), err)
	}
}
