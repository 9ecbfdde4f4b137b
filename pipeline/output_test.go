package pipeline

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"nianbao/i18n"
	"nianbao/internal/gen"
)

// folder lists the names in dir, sorted.
func folder(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func writeGen(t *testing.T, dir string, is ...int) []string {
	t.Helper()
	var files []string
	for _, i := range is {
		p := filepath.Join(dir, gen.Name(i))
		if err := os.WriteFile(p, []byte(gen.Report(i, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

func run(t *testing.T, b *Batch, files []string, out string) []Result {
	t.Helper()
	res, err := b.Run(files, out)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestStaleOutputs: a unit that now fails loses the outputs an earlier run wrote for it — also
// when its data file no longer decodes (found by its sidecar) — and the result says so.
func TestStaleOutputs(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := writeGen(t, in, 0, 1, 2)
	b := batch(t)
	b.PDF, b.DOCX = false, true
	for _, r := range run(t, b, files, out) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got := folder(t, out); len(got) != 6 {
		t.Fatalf("first run: %v", got)
	}
	// 0: now inconsistent; 1: now broken TOML; 2: unchanged
	os.WriteFile(files[0], []byte(strings.Replace(gen.Report(0, 1), "\nreview = [", "\nreview = [1", 1)), 0o644)
	os.WriteFile(files[1], []byte("year = = 1\n"), 0o644)
	res := run(t, b, files, out)
	if len(res[0].Removed) != 2 || len(res[1].Removed) != 2 || res[2].Err != nil {
		t.Errorf("removed: %v / %v / %v", res[0].Removed, res[1].Removed, res[2].Err)
	}
	name2 := res[2].Name
	if got, want := folder(t, out), []string{name2 + ".docx", name2 + ".json"}; !slices.Equal(got, want) {
		t.Errorf("folder after the second run: %v, want %v", got, want)
	}
	var sum strings.Builder
	PrintResults(&sum, res, i18n.Zh)
	if !strings.Contains(sum.String(), "已删除上次生成的") {
		t.Errorf("the summary does not say what was removed:\n%s", sum.String())
	}
}

// TestDiskFull: the first write that finds the disk full stops the batch; no report leaves a
// partial set or a temporary, and Stopped names the folder.
func TestDiskFull(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := writeGen(t, in, 0, 1, 2, 3, 4, 5)
	defer func(w func(*os.File) io.Writer) { writer = w }(writer)
	n := 0
	writer = func(f *os.File) io.Writer {
		n++
		if n > 4 { // two reports' PDF and DOCX go through, then the disk is full
			return failing{}
		}
		return f
	}
	b := batch(t)
	b.Jobs = 1
	b.JSON = false
	res := run(t, b, files, out)
	if b.Stopped == nil || !strings.Contains(b.Stopped.In(i18n.Zh), out) || !strings.Contains(b.Stopped.In(i18n.Zh), "磁盘已满") ||
		!strings.Contains(b.Stopped.In(i18n.En), "no space left") {
		t.Fatalf("stopped: %v", b.Stopped)
	}
	built, stopped := 0, 0
	for _, r := range res {
		switch {
		case r.Err == nil:
			built++
		case strings.Contains(i18n.Message(r.Err, i18n.Zh), "批处理已停止"):
			stopped++
		}
	}
	if built != 2 || stopped != 3 {
		t.Errorf("built %d, stopped %d: %v", built, stopped, res)
	}
	if got := folder(t, out); len(got) != 4 {
		t.Errorf("folder: %v (want two complete sets, no temporaries)", got)
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
}

// TestLock: a folder held by a running build is refused, naming the holder; a lock left by a
// process that is gone is taken over; the lock goes when the run ends.
func TestLock(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := writeGen(t, in, 0)
	host, _ := os.Hostname()
	lock := filepath.Join(out, LockName)
	os.WriteFile(lock, []byte(fmt.Sprintf("%d %s 2026-01-01T00:00:00Z\n", os.Getpid(), host)), 0o644)
	b := batch(t)
	if _, err := b.Run(files, out); err == nil || !strings.Contains(i18n.Message(err, i18n.Zh), "正被另一个 nianbao build 使用") ||
		!strings.Contains(i18n.Message(err, i18n.Zh), fmt.Sprint(os.Getpid())) {
		t.Errorf("a held lock: %v", err)
	}
	if got := folder(t, out); !slices.Equal(got, []string{LockName}) {
		t.Errorf("the refused run wrote: %v", got)
	}
	// a dead holder (PIDs are below 2^22 on Linux)
	os.WriteFile(lock, []byte(fmt.Sprintf("%d %s 2026-01-01T00:00:00Z\n", 1<<22+7, host)), 0o644)
	// and a killed run's temporaries
	os.WriteFile(filepath.Join(out, ".nb-0badc0de.tmp"), []byte("half a PDF"), 0o644)
	run(t, b, files, out)
	if got := folder(t, out); len(got) != 3 || slices.Contains(got, LockName) || slices.Contains(got, ".nb-0badc0de.tmp") {
		t.Errorf("after taking over a stale lock: %v", got)
	}
}

// TestCaseClash: names that differ only in case are one file on Windows and macOS: both refused.
func TestCaseClash(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	src := gen.Report(0, 1)
	organ := strings.SplitN(strings.SplitN(src, "organ = \"", 2)[1], "\"", 2)[0]
	a := filepath.Join(in, "a.toml")
	c := filepath.Join(in, "c.toml")
	os.WriteFile(a, []byte(strings.Replace(src, organ, "ABC"+organ, 1)), 0o644)
	os.WriteFile(c, []byte(strings.Replace(src, organ, "abc"+organ, 1)), 0o644)
	res := run(t, batch(t), []string{a, c}, out)
	for _, r := range res {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "机关和年度相同") {
			t.Errorf("%s: %v", r.File, r.Err)
		}
	}
	if got := folder(t, out); len(got) != 0 {
		t.Errorf("folder: %v", got)
	}
}

// TestShardClash: two files of one unit in different shards are refused by both shards.
func TestShardClash(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := writeGen(t, in, 0, 1, 2, 3)
	dup := filepath.Join(in, "zz-copy.toml") // sorts last: shard 1 of 2 has 0 and 2, shard 2 has 1, 3 and the copy
	b0, _ := os.ReadFile(files[0])
	os.WriteFile(dup, b0, 0o644)
	files = append(files, dup)
	for i := 1; i <= 2; i++ {
		b := batch(t)
		b.Shard = [2]int{i, 2}
		for _, r := range run(t, b, files, out) {
			isDup := r.File == dup || r.File == files[0]
			if isDup != (r.Err != nil) {
				t.Errorf("shard %d: %s: %v", i, r.File, r.Err)
			}
		}
	}
	if got := folder(t, out); len(got) != 9 {
		t.Errorf("folder: %v", got)
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("𠮷", 60) + "-2023" // 245 bytes
	s := shorten(long)
	if len(s) > maxName || !strings.HasPrefix(s, strings.Repeat("𠮷", 45)) || s != shorten(long) || s == shorten(long+"x") {
		t.Errorf("shorten: %q (%d bytes)", s, len(s))
	}
	if shorten("青石镇-2023") != "青石镇-2023" {
		t.Error("a short name changed")
	}
}

// TestSumRefusesSummaries: a summary, as a data file or as the sidecar of its build, is never
// summed again.
func TestSumRefusesSummaries(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := writeGen(t, in, 0, 1)
	text := write(t, filepath.Join(in, "text.toml"), "organ = \"宁和县人民政府办公室\"\nkind = \"县级政府\"\ndate = 2024-01-30\n")
	sum, errs := Sum(Files(files...), SumOptions{TextFile: text, Out: filepath.Join(out, "sum.toml")})
	if errs != nil {
		t.Fatal(errs)
	}
	p := write(t, filepath.Join(out, "sum.toml"), sum.Source)
	b := batch(t)
	b.PDF, b.DOCX, b.Force = false, false, true
	res := run(t, b, []string{p}, out)
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	for _, in := range []string{p, res[0].Outputs[0]} {
		_, errs := Sum(Files(append([]string{in}, files...)...), SumOptions{Out: filepath.Join(out, "again.toml")})
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "这是 nianbao sum 生成的汇总（含 2 个单位）") {
			t.Errorf("%s: %v", in, errs)
		}
	}
}

func write(t *testing.T, p, s string) string {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
