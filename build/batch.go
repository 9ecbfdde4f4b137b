package build

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"nianbao/i18n"
	"nianbao/model"
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
}

// CheckOptions are the options of the checks, shared by check and build.
type CheckOptions struct {
	Prev string         // last year's file for R8 (overrides the data file's prev key)
	R8   model.Severity // severity of R8
	R8On bool
}

// Files selects this shard of the sorted, de-duplicated file list.
func (b *Batch) Files(files []string) []string {
	seen := map[string]bool{}
	var all []string
	for _, f := range files {
		if !seen[f] {
			seen[f] = true
			all = append(all, f)
		}
	}
	sort.Strings(all)
	if b.Shard[1] <= 1 {
		return all
	}
	var out []string
	for i, f := range all {
		if i%b.Shard[1] == b.Shard[0]-1 {
			out = append(out, f)
		}
	}
	return out
}

// Run builds files into outdir and returns a result per file, in file order.
func (b *Batch) Run(files []string, outdir string) []Result {
	files = b.Files(files)
	// fpdf allocates large short-lived buffers for every document: collecting less often trades
	// memory (about 100 MB for 200 reports, BENCHMARKS.md) for a fifth less CPU time
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	res := make([]Result, len(files))
	jobs := b.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	// 1: decode and check every file (fast), so output names are known before anything is written
	parallel(len(files), jobs, func(i int) { res[i] = Check(files[i], b.CheckOptions) })
	byName := map[string][]int{}
	for i := range res {
		if res[i].Err == nil {
			name := Name(res[i].Report)
			byName[name] = append(byName[name], i)
		}
	}
	for name, is := range byName {
		if len(is) > 1 {
			var fs []string
			for _, i := range is {
				fs = append(fs, files[i])
			}
			for _, i := range is {
				res[i].Err = &i18n.Error{Text: i18n.Text{
					Zh: fmt.Sprintf("%s 与其他文件的机关和年度相同（输出文件名都是“%s”）：%s", files[i], name, strings.Join(fs, "、")),
					En: fmt.Sprintf("%s has the same organ and year as other files (all named %q): %s", files[i], name, strings.Join(fs, ", "))}}
			}
		}
	}
	// 2: lay out and write, in parallel
	start := time.Now()
	var done atomic.Int64
	var mu sync.Mutex
	report := func(i int) {
		n := done.Add(1)
		if b.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		el := time.Since(start).Seconds()
		rate := float64(n) / max(el, 1e-9)
		eta := time.Duration(float64(len(files)-int(n))/max(rate, 1e-9)) * time.Second
		status := "ok"
		if res[i].Err != nil {
			status = i18n.F("失败", "failed").In(b.Lang)
		}
		if b.Terminal {
			fmt.Fprintf(b.Progress, "\r\033[K[%d/%d] %.1f/s %s %v %s", n, len(files), rate, i18n.F("剩余", "ETA").In(b.Lang), eta.Round(time.Second), filepath.Base(files[i]))
			if int(n) == len(files) {
				fmt.Fprintln(b.Progress)
			}
		} else {
			fmt.Fprintf(b.Progress, "[%d/%d] %s %s\n", n, len(files), status, files[i])
		}
	}
	parallel(len(files), jobs, func(i int) {
		r := &res[i]
		defer func() {
			// a bug met by one report must not take the others down with it
			if p := recover(); p != nil {
				r.Err = i18n.Errorf("内部错误（请报告此问题）：%v", "internal error (please report it): %v", p)
			}
			report(i)
		}()
		if r.Err == nil {
			if model.HasErrors(r.Findings) && !b.Force {
				r.Err = errFindings(r.Findings)
			} else {
				r.Outputs, r.Err = b.write(r, outdir)
			}
		}
	})
	return res
}

func errFindings(fs []model.Finding) error {
	n := 0
	for _, f := range fs {
		if f.Severity == model.Error {
			n++
		}
	}
	return &ErrFindings{N: n}
}

// write writes one checked report: PDF, DOCX and the JSON sidecar, all inside outdir.
func (b *Batch) write(r *Result, outdir string) ([]string, error) {
	base := filepath.Join(outdir, Name(r.Report))
	if rel, err := filepath.Rel(outdir, base); err != nil || strings.HasPrefix(rel, "..") || filepath.IsAbs(rel) {
		return nil, i18n.Errorf("输出文件名“%s”不在输出文件夹内", "output name %q escapes the output folder", base)
	}
	outs, err := Write(r.Report, base, b.Options)
	if err != nil {
		return outs, err
	}
	side := model.NewSidecar(r.Report, r.Findings)
	err = WriteAtomic(base+".json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		enc.SetEscapeHTML(false)
		return enc.Encode(side)
	})
	if err != nil {
		return outs, err
	}
	return append(outs, base+".json"), nil
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
		if r.Report != nil {
			organ = r.Report.Short
		}
		if len(r.Findings) > 0 {
			first = r.Findings[0].In(l)
		}
		if r.Err != nil {
			failed++
			status = t("失败", "failed")
			first = strings.SplitN(i18n.Message(r.Err, l), "\n", 2)[0]
			if len(r.Findings) > 0 && model.HasErrors(r.Findings) {
				first = r.Findings[0].In(l)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.File, organ, status, first)
	}
	fmt.Fprintf(w, "%s\n", i18n.F("共 %d 份，成功 %d 份，失败 %d 份", "%d reports: %d built, %d failed", len(res), len(res)-failed, failed).In(l))
	return failed
}
