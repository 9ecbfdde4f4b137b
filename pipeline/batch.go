package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"nianbao/check"
	"nianbao/i18n"
	"nianbao/input"
	"nianbao/internal/safefile"
)

// Batch builds many data files at once: every report checked, then the good ones laid out and
// written in parallel (PDF, DOCX and a JSON sidecar each). One bad file never stops the others.
type Batch struct {
	Options
	Jobs     int       // workers; 0 means one per core
	Shard    [2]int    // build only share i of n of the sorted file list ({i, n}, 1 ≤ i ≤ n); {0, 0}: all
	Progress io.Writer // progress output (nil: none)
	Terminal bool      // Progress is a terminal: one updating line instead of a line per file
	Lang     i18n.Lang
	Stopped  *ErrStopped // after Run: why the batch stopped early (a full disk), or nil
}

// CheckOptions are the options of the checks, shared by check and build.
type CheckOptions struct {
	Prev string         // last year's file for R8 (overrides the data file's prev key)
	R8   check.Severity // severity of R8
	R8On bool
}

// Files is the sorted, de-duplicated file list, and the indices in it of this shard's files.
func (b *Batch) Files(files []string) (all []string, mine []int) {
	all = slices.Clone(files)
	sort.Strings(all)
	all = slices.Compact(all)
	for i := range all {
		if b.Shard[1] <= 1 || i%b.Shard[1] == b.Shard[0]-1 {
			mine = append(mine, i)
		}
	}
	return all, mine
}

// Run builds this shard's share of files into outdir and returns a result per file, in sorted
// file order. It holds outdir's lock throughout (an error if another build holds it) and first
// removes the temporaries a killed run left there.
//
// Every file of the whole list is decoded and checked first — only its output name is kept — so
// that name clashes are found across all shards before anything is written. Then this shard's
// files are decoded again, one at a time per worker, and written: memory does not grow with the
// number of reports. After the run the folder holds, for each of this shard's units, either a
// complete set that agrees with its data or nothing: the outputs of a unit that now fails are
// removed (Result.Removed). A full disk stops the batch (Batch.Stopped).
func (b *Batch) Run(files []string, outdir string) ([]Result, error) {
	unlock, err := Lock(outdir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	CleanTemps(outdir)
	all, mine := b.Files(files)
	// (The garbage collector's settings are the program's to choose, not this package's: the
	// command sets them for a batch, see cmd/nianbao's tuneGC.)
	jobs := b.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	// 1: the output name of every file of the whole list
	names := make([]string, len(all))
	parallel(len(all), jobs, func(i int) {
		if r, err := Load(all[i]); err == nil {
			names[i] = Name(r)
		}
	})
	clash := clashes(all, names)
	// 2: check and write this shard's files, in parallel
	res := make([]Result, len(mine))
	start := time.Now()
	var done atomic.Int64
	var mu sync.Mutex
	var stop atomic.Pointer[IOError]
	progress := func(k int) {
		n := done.Add(1)
		if b.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		b.progress(n, len(mine), start, &res[k])
	}
	parallel(len(mine), jobs, func(k int) {
		i := mine[k]
		r := &res[k]
		r.File, r.Name = all[i], names[i]
		defer func() {
			// a bug met by one report must not take the others down with it
			if p := recover(); p != nil {
				r.Err = i18n.Errorf("内部错误（请报告此问题）：%v", "internal error (please report it): %v", p)
				r.Outputs = nil
			}
			if r.Err != nil {
				r.Removed = removeStale(outdir, r.Name, r.File)
			}
			progress(k)
		}()
		if stop.Load() != nil {
			r.Err = &ErrStopped{Dir: outdir}
			return
		}
		if r.Err = clash[i]; r.Err != nil {
			return
		}
		*r = b.one(all[i], names[i], outdir)
		var ie *IOError
		if errors.As(r.Err, &ie) && ie.DiskFull {
			stop.CompareAndSwap(nil, ie)
		}
	})
	if full := stop.Load(); full != nil {
		b.Stopped = &ErrStopped{Dir: outdir, Cause: full}
	}
	return res, nil
}

// one checks and writes one report. The report itself is not kept: only what the summary shows.
func (b *Batch) one(path, name, outdir string) Result {
	c := Check(path, b.CheckOptions)
	r := Result{File: path, Name: name, Findings: c.Findings, Err: c.Err}
	if c.Report == nil {
		if r.Err == nil { // what is wrong inside the file, as findings: never built, even with --force
			e := errFindings(c.Findings).(*ErrFindings)
			e.Unreadable = true
			r.Err = e
		}
		return r
	}
	r.Unit = c.Report.Short
	switch {
	case c.Err != nil:
	case Name(c.Report) != name:
		r.Err = i18n.Errorf("%s 在生成过程中被修改了（机关或年度变了），请重新运行", "%s changed during the build (its organ or year): run again", path)
	case check.HasErrors(c.Findings) && !b.Force:
		r.Err = errFindings(c.Findings)
	default:
		r.Outputs, r.Err = Write(c.Report, c.Findings, filepath.Join(outdir, name), b.Options)
	}
	return r
}

// clashes refuses every file whose output name another file has too. Names that differ only in
// case clash as well: Windows and macOS treat them as one file.
func clashes(all, names []string) []error {
	byName := map[string][]int{}
	for i, n := range names {
		if n != "" {
			k := strings.ToLower(n)
			byName[k] = append(byName[k], i)
		}
	}
	out := make([]error, len(all))
	for _, is := range byName {
		if len(is) < 2 {
			continue
		}
		var fs []string
		for _, i := range is {
			fs = append(fs, all[i])
		}
		for _, i := range is {
			out[i] = &input.Error{Location: input.Location{File: all[i]}, Msg: i18n.Text{
				Zh: fmt.Sprintf("与其他文件的机关和年度相同（输出文件名都是“%s”）：%s", names[i], strings.Join(fs, "、")),
				En: fmt.Sprintf("has the same organ and year as other files (all named %q): %s", names[i], strings.Join(fs, ", "))}}
		}
	}
	return out
}

// outputExts are the files one report's set may hold.
var outputExts = []string{".pdf", ".docx", ".ofd", ".json"}

// removeStale removes the outputs an earlier run wrote for a unit that now fails, so they cannot
// pass for the current data (nor be summed). name is the unit's output name; when the file could
// not even be decoded it is "", and the set is found by its sidecar's record of the data file.
func removeStale(outdir, name, path string) []string {
	if name == "" {
		name = sidecarOf(outdir, path)
	}
	if name == "" {
		return nil
	}
	var gone []string
	for _, ext := range outputExts {
		p := filepath.Join(outdir, name+ext)
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && os.Remove(p) == nil {
			gone = append(gone, p)
		}
	}
	return gone
}

// sidecarOf finds the output name of the set whose sidecar says it was built from path.
func sidecarOf(outdir, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	ms, _ := filepath.Glob(filepath.Join(outdir, "*.json"))
	for _, m := range ms {
		data, err := safefile.Read(m, safefile.SidecarLimit)
		if err != nil {
			continue
		}
		var s struct {
			Source string `json:"source"`
		}
		if json.Unmarshal(data, &s) != nil || s.Source == "" {
			continue
		}
		if src, err := filepath.Abs(s.Source); err == nil && src == abs {
			return strings.TrimSuffix(filepath.Base(m), ".json")
		}
	}
	return ""
}

// ErrStopped: the batch stopped because the disk is full; the report was not built.
type ErrStopped struct {
	Dir   string
	Cause *IOError // on Batch.Stopped: the write that failed
}

func (e *ErrStopped) Error() string { return e.In(i18n.Zh) }
func (e *ErrStopped) In(l i18n.Lang) string {
	if e.Cause == nil {
		return i18n.F("未生成：磁盘已满，批处理已停止", "not built: the disk is full, the batch stopped").In(l)
	}
	return i18n.Text{Zh: "输出文件夹 " + e.Dir + " 无法再写入（" + safefile.OSMessage(e.Cause.Err, i18n.Zh) + "），批处理已停止；腾出空间后重新运行",
		En: "the output folder " + e.Dir + " cannot be written to (" + safefile.OSMessage(e.Cause.Err, i18n.En) + "): the batch stopped; free some space and run again"}.In(l)
}

func errFindings(fs []check.Finding) error {
	n := 0
	for _, f := range fs {
		if f.Severity == check.Error {
			n++
		}
	}
	return &ErrFindings{N: n}
}

// progress prints one report's line: an updating line on a terminal, a line per report otherwise.
func (b *Batch) progress(n int64, total int, start time.Time, r *Result) {
	el := time.Since(start).Seconds()
	rate := float64(n) / max(el, 1e-9)
	eta := time.Duration(float64(total-int(n))/max(rate, 1e-9)) * time.Second
	status := "ok"
	if r.Err != nil {
		status = i18n.F("失败", "failed").In(b.Lang)
	}
	if b.Terminal {
		fmt.Fprintf(b.Progress, "\r\033[K[%d/%d] %.1f/s %s %v %s", n, total, rate, i18n.F("剩余", "ETA").In(b.Lang), eta.Round(time.Second), filepath.Base(r.File))
		if int(n) == total {
			fmt.Fprintln(b.Progress)
		}
	} else {
		fmt.Fprintf(b.Progress, "[%d/%d] %s %s\n", n, total, status, r.File)
	}
}

// parallel runs f(0) … f(n-1) on jobs goroutines.
func parallel(n, jobs int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(jobs, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// PrintResults prints the table at the end of a batch: file, organ, status, first finding.
func PrintResults(w io.Writer, res []Result, l i18n.Lang) (failed int) {
	t := func(zh, en string) string { return i18n.Text{Zh: zh, En: en}.In(l) }
	fmt.Fprintf(w, "\n%s\t%s\t%s\t%s\n", t("文件", "file"), t("机关", "organ"), t("结果", "status"), t("首条问题", "first finding"))
	for _, r := range res {
		organ, status, first := "-", t("已生成", "built"), ""
		if r.Unit != "" {
			organ = r.Unit
		}
		if len(r.Findings) > 0 {
			first = r.Findings[0].In(l)
		}
		if r.Err != nil {
			failed++
			status = t("失败", "failed")
			first = strings.SplitN(i18n.Message(r.Err, l), "\n", 2)[0]
			if len(r.Findings) > 0 && check.HasErrors(r.Findings) {
				first = r.Findings[0].In(l)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.File, organ, status, first)
		if len(r.Removed) > 0 {
			fmt.Fprintf(w, "\t\t%s\n", t("已删除上次生成的 ", "removed the earlier outputs ")+strings.Join(r.Removed, t("、", ", ")))
		}
	}
	fmt.Fprintf(w, "%s\n", i18n.F("共 %d 份，成功 %d 份，失败 %d 份", "%d reports: %d built, %d failed", len(res), len(res)-failed, failed).In(l))
	return failed
}
