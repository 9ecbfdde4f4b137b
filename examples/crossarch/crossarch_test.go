package crossarch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"nianbao/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestCrossArch: the same data and theme give byte-identical PDF, DOCX and JSON on amd64, arm64
// and loong64 (the 信创 machines). The binaries are cross-compiled and run under Debian's
// qemu-user-static on every consistent example; Go may fuse x*y+z into one instruction on arm64,
// so layout rounds its products explicitly (theme's geometry explains). It is a package of its
// own so that its cold cost (two cross-compilations of everything, then emulation) has a test
// timeout of its own beside the examples' outside checks, and runs beside them.
func TestCrossArch(t *testing.T) {
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("the reference build is linux/amd64")
	}
	runners := map[string]string{"amd64": "", "arm64": "qemu-aarch64-static", "loong64": "qemu-loongarch64-static"}
	for _, r := range runners {
		if r != "" {
			testenv.Need(t, testenv.Have(r), r+" (Debian qemu-user-static)")
		}
	}
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	var files []string
	paths, _ := filepath.Glob("../*/report.toml")
	for _, p := range paths {
		if !strings.HasPrefix(filepath.Base(filepath.Dir(p)), "inconsistent") {
			abs, _ := filepath.Abs(p)
			files = append(files, abs)
		}
	}
	if len(files) < 3 {
		t.Fatalf("only %d examples", len(files))
	}
	outs := map[string]map[string][]byte{}
	for arch, runner := range runners {
		key := ""
		if arch != "amd64" {
			key = crossKey(t, files)
			if o := readCross(key, arch); o != nil {
				t.Logf("%s: the outputs of an earlier run of the same sources (cache %s)", arch, key[:12])
				outs[arch] = o
				continue
			}
		}
		start := time.Now()
		outs[arch] = runArch(t, dir, arch, runner, files)
		t.Logf("%s: built and ran in %v", arch, time.Since(start).Round(time.Millisecond))
		if key != "" {
			writeCross(key, arch, outs[arch])
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

// runArch cross-compiles nianbao for arch, builds the files with it (under runner, a qemu-user
// emulator, unless arch is the machine's) and returns the outputs by name.
func runArch(t *testing.T, dir, arch, runner string, files []string) map[string][]byte {
	t.Helper()
	bin := filepath.Join(dir, "nianbao-"+arch)
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "../../cmd/nianbao")
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
	outs := map[string][]byte{}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(out, e.Name()))
		outs[e.Name()] = b
	}
	return outs
}

// The emulated runs take most of this test (a minute or more, on a cold build cache several), and
// their outputs are a function of the sources alone: the Go version, every non-test file of the
// module (code, embedded fonts and theme, go.sum), the examples built and where they are (a
// sidecar names its data file by path). They are kept in the
// user's cache folder (nianbao/crossarch/KEY/ARCH), KEY hashing all of that, so a second run of
// unchanged sources — another package's change, a fresh clone of the same commit — compares
// today's amd64 outputs with them instead of emulating again. NIANBAO_CROSSARCH_CACHE=off
// disables it.

// crossKey hashes what the outputs depend on.
func crossKey(t *testing.T, files []string) string {
	t.Helper()
	h := sha256.New()
	root := testenv.Root()
	// the sidecars name their data file as given, an absolute path here: the outputs depend on
	// where the clone is, so that is part of the key (a clone elsewhere emulates again)
	fmt.Fprintf(h, "%s\x00%s\x00", runtime.Version(), root)
	var paths []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "out") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && !strings.HasSuffix(name, "_test.go") {
			paths = append(paths, p)
		}
		return nil
	})
	paths = append(paths, files...) // the examples, in case they live elsewhere
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func crossDir(key, arch string) string {
	if os.Getenv("NIANBAO_CROSSARCH_CACHE") == "off" {
		return ""
	}
	c, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(c, "nianbao", "crossarch", key, arch)
}

// readCross is the outputs kept for key and arch, nil if there are none (or they cannot be read).
func readCross(key, arch string) map[string][]byte {
	d := crossDir(key, arch)
	if d == "" {
		return nil
	}
	ents, err := os.ReadDir(d)
	if err != nil || len(ents) == 0 {
		return nil
	}
	outs := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(d, e.Name()))
		if err != nil {
			return nil
		}
		outs[e.Name()] = b
	}
	return outs
}

// writeCross keeps the outputs: written beside, then renamed into place, so a reader never sees
// half of them. Keys not written for a week are removed (several checkouts may share the folder).
func writeCross(key, arch string, outs map[string][]byte) {
	d := crossDir(key, arch)
	if d == "" {
		return
	}
	top := filepath.Dir(filepath.Dir(d))
	if olds, err := os.ReadDir(top); err == nil {
		for _, o := range olds {
			if st, err := o.Info(); err == nil && o.Name() != key && time.Since(st.ModTime()) > 7*24*time.Hour {
				os.RemoveAll(filepath.Join(top, o.Name()))
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(d), 0o755); err != nil {
		return
	}
	tmp, err := os.MkdirTemp(filepath.Dir(d), arch+".tmp")
	if err != nil {
		return
	}
	for name, b := range outs {
		if os.WriteFile(filepath.Join(tmp, name), b, 0o644) != nil {
			os.RemoveAll(tmp)
			return
		}
	}
	if os.Rename(tmp, d) != nil {
		os.RemoveAll(tmp)
	}
}
