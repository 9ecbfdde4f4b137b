package examples

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestCrossArch: the same data and theme give byte-identical PDF, DOCX and JSON on amd64, arm64
// and loong64 (the 信创 machines). The binaries are cross-compiled and run under Debian's
// qemu-user-static on every example; Go may fuse x*y+z into one instruction on arm64, so layout
// rounds its products explicitly (theme's geometry explains).
func TestCrossArch(t *testing.T) {
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("the reference build is linux/amd64")
	}
	runners := map[string]string{"amd64": "", "arm64": "qemu-aarch64-static", "loong64": "qemu-loongarch64-static"}
	for _, r := range runners {
		if r != "" {
			need(t, have(r), r+" (Debian qemu-user-static)")
		}
	}
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	var files []string
	for _, e := range all(t) {
		if !e.bad {
			abs, _ := filepath.Abs(e.path)
			files = append(files, abs)
		}
	}
	outs := map[string]map[string][]byte{}
	for arch, runner := range runners {
		bin := filepath.Join(dir, "nianbao-"+arch)
		cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "../cmd/nianbao")
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", arch, err, out)
		}
		out := filepath.Join(dir, "out-"+arch)
		args := append([]string{"build", "--no-system-fonts", "-o", out}, files...)
		if runner != "" {
			args = append([]string{bin}, args...)
			bin = runner
		}
		run := exec.Command(bin, args...)
		run.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=", "NIANBAO_LANG=")
		if msg, err := run.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", arch, err, msg)
		}
		ents, _ := os.ReadDir(out)
		outs[arch] = map[string][]byte{}
		for _, e := range ents {
			b, _ := os.ReadFile(filepath.Join(out, e.Name()))
			outs[arch][e.Name()] = b
		}
	}
	if len(outs["amd64"]) != 3*len(files) {
		t.Fatalf("amd64 wrote %d files for %d examples", len(outs["amd64"]), len(files))
	}
	for _, arch := range []string{"arm64", "loong64"} {
		for name, want := range outs["amd64"] {
			if !bytes.Equal(outs[arch][name], want) {
				t.Errorf("%s differs on %s from amd64", name, arch)
			}
		}
	}
}
