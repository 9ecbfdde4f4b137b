package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"nianbao/pipeline"
)

// build checks and writes the outputs of each file (nianbao build).
func (a *app) build(args []string) int {
	fs := a.flags("build", `nianbao build FILE|DIR... -o OUTDIR —— 生成年报 PDF 和 DOCX / build the report PDF and DOCX

先检查数据；有错误时不生成（除非 --force）。输出文件名取自机关名称和年度。
Checks first; errors stop the build unless --force. Output names come from the organ and year.
`)
	out := fs.String("o", "out", "输出文件夹 / output folder")
	force := fs.Bool("force", false, "数据有错误也生成 / build despite errors in the data")
	jobs := fs.Int("j", runtime.NumCPU(), "同时生成的份数（默认每个 CPU 核一份）/ reports built at once")
	formats := formatFlag(fs)
	shard := fs.String("shard", "", "只生成文件列表的第 i 份（共 n 份），如 2/8，供多台机器分工 / build only share i of n, e.g. 2/8")
	setup, _ := a.fontFlags(fs)
	co := checkFlags(fs)
	files, copt, status, ok := a.checkedFiles(fs, args, co)
	if !ok {
		return status
	}
	var sh [2]int
	if *shard != "" {
		var ok bool
		if sh, ok = parseShard(*shard); !ok {
			fmt.Fprintln(a.stderr, a.t("--shard 应写成 i/n，1 ≤ i ≤ n，如 2/8（实际为“%s”）", "--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/8 (not %q)", *shard))
			return exitUsage
		}
	}
	opt := pipeline.Options{Force: *force, JSON: true, CheckOptions: copt}
	if err := formats(&opt); err != nil {
		a.errorf(err)
		return exitUsage
	}
	th, set, err := setup()
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	opt.Theme, opt.Fonts = th, set
	b := &pipeline.Batch{Options: opt,
		Jobs: *jobs, Shard: sh, Progress: a.stderr, Terminal: isTerminal(a.stderr), Lang: a.lang}
	list := expand(files)
	if len(list) == 0 {
		fmt.Fprintln(a.stderr, a.t("没有找到数据文件（.toml）", "no data files (.toml) found"))
		return exitUsage
	}
	if len(list) == 1 {
		b.Progress = nil // one report: its findings and outputs say it all
	}
	stop := onInterrupt(a)
	defer stop()
	tuneGC()
	res, err := b.Run(list, *out)
	a.warnRestricted(set)
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	for _, r := range res {
		for _, fd := range r.Findings {
			fmt.Fprintln(a.stderr, fd.In(a.lang))
		}
		var stopped *pipeline.ErrStopped
		if r.Err != nil && !errors.As(r.Err, &stopped) { // a full disk is said once, below
			a.errorf(r.Err)
			status = max(status, statusOf(r.Err))
		}
		for _, o := range r.Outputs {
			fmt.Fprintln(a.stdout, o)
		}
		if len(r.Removed) > 0 && len(res) == 1 {
			fmt.Fprintln(a.stderr, a.t("已删除上次生成的 %s（与现在的数据不符）", "removed the earlier %s (they no longer match the data)", strings.Join(r.Removed, "、")))
		}
	}
	if len(res) > 1 && pipeline.PrintResults(a.stderr, res, a.lang) > 0 {
		status = max(status, exitData) // in a batch, any failed report makes the run fail
	}
	if b.Stopped != nil {
		a.errorf(b.Stopped)
		status = exitUsage
	}
	return status
}

// parseShard reads "i/n" exactly (1 ≤ i ≤ n ≤ 100000): "2/2x", "2 /3" and "+1/2" are refused.
func parseShard(s string) ([2]int, bool) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || strings.ContainsAny(s, "+- ") || i < 1 || n < 1 || i > n || n > 100000 {
		return [2]int{}, false
	}
	return [2]int{i, n}, true
}

// tuneGC sets the garbage collector for a build, once for the process (a library leaves this to
// the program). The writers allocate short-lived buffers for every document: collecting less
// often (GOGC 200) trades memory for less CPU time (BENCHMARKS.md); the soft limit of 80 MB keeps
// the peaks of that trade from growing with the length of a batch, whose live heap is a few MB a
// worker. A GOGC or GOMEMLIMIT set by the user wins.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(80 << 20)
	}
}
