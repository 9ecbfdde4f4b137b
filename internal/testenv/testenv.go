// Package testenv is what the tests of every package share about their surroundings: where the
// reference material (../shared beside the repository) is, what to do when an outside tool is
// missing — skip here, fail in CI (CI=true, set by .ci/run, which installs every tool) — and how
// to assert that work grows linearly without a wall-clock bound. It is imported by tests only.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// CI reports whether the tests run in CI (CI=true), where every outside tool must be present.
func CI() bool { return os.Getenv("CI") == "true" }

// Need skips the test when ok is false (something outside the repository is missing here), and
// fails it in CI, where .ci/run installs everything: a skip is never counted as a pass there.
func Need(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if CI() {
		t.Fatalf("%s is required in CI but missing", what)
	}
	t.Skipf("%s not installed here", what)
}

// Have reports whether a command is on PATH.
func Have(cmd string) bool { _, err := exec.LookPath(cmd); return err == nil }

// NeedCmd needs each command on PATH.
func NeedCmd(t testing.TB, cmds ...string) {
	t.Helper()
	for _, c := range cmds {
		Need(t, Have(c), c)
	}
}

// NeedPython needs /usr/bin/python3 with the modules named (import names: "docx", "pikepdf").
func NeedPython(t testing.TB, modules ...string) {
	t.Helper()
	code := "pass"
	for _, m := range modules {
		code += "; import " + m
	}
	Need(t, exec.Command("/usr/bin/python3", "-c", code).Run() == nil, "/usr/bin/python3 with "+filepath.Join(modules...))
}

// Root is the repository's root: the nearest folder above the working directory (a test runs
// in its package's folder) that holds go.mod; "" if there is none.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// SharedDir is the reference folder, absolute: $NIANBAO_SHARED if set, otherwise ../shared beside
// the repository's root; "" when neither holds tools/pdfcheck.py (the mark of the folder).
func SharedDir() string {
	var dirs []string
	if d := os.Getenv("NIANBAO_SHARED"); d != "" {
		dirs = append(dirs, d)
	} else if r := Root(); r != "" {
		dirs = append(dirs, filepath.Join(r, "..", "shared"))
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "tools", "pdfcheck.py")); err == nil {
			abs, _ := filepath.Abs(d)
			return abs
		}
	}
	return ""
}

// Shared is SharedDir for a test that needs it: skipped here when it is missing, failed in CI.
func Shared(t testing.TB) string {
	t.Helper()
	d := SharedDir()
	Need(t, d != "", "../shared beside the repository (or NIANBAO_SHARED): tools and reference")
	return d
}

// Growth measures f at two sizes and returns how much more work the large one took: the CPU time
// of the thread that ran it (Linux; the wall clock elsewhere), best of seven interleaved runs
// each, every run from a freshly collected heap — so that a loaded machine (two cores shared by
// many jobs) does not stretch one size more than the other. A linear f gives about large/small, a
// quadratic one its square; the test asserts the ratio, never a time.
func Growth(f func(n int), small, large int) float64 {
	run := func(n int) time.Duration {
		runtime.GC()
		gc := debug.SetGCPercent(-1) // no collection inside: its work depends on the heap's history
		defer debug.SetGCPercent(gc)
		d := threadTime(func() { f(n) })
		if d < 0 {
			start := time.Now()
			f(n)
			d = time.Since(start)
		}
		return d
	}
	s, l := time.Duration(1<<62), time.Duration(1<<62)
	for range 7 {
		s, l = min(s, run(small)), min(l, run(large))
	}
	return float64(l) / float64(max(s, time.Microsecond))
}

// CPU runs f on one OS thread and returns the CPU time that thread spent (Linux; the wall clock
// elsewhere): a bound that guards against a hang or a blow-up — "refused at once" — without
// failing when other jobs on a loaded machine stretch the wall clock.
func CPU(f func()) time.Duration {
	if d := threadTime(f); d >= 0 {
		return d
	}
	start := time.Now()
	f()
	return time.Since(start)
}
