package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"nianbao/pipeline"
	"nianbao/preview"
)

// watch rebuilds a report's outputs on every save.
func (a *app) watch(args []string) int {
	fs := a.flags("watch", `nianbao watch FILE -o OUTDIR —— 保存时自动重新生成 / rebuild on every save
`)
	out := fs.String("o", "out", "输出文件夹 / output folder")
	setup, _ := a.fontFlags(fs)
	co := checkFlags(fs)
	formats := formatFlag(fs)
	files, copt, status, ok := a.checkedFiles(fs, args, co)
	if !ok {
		return status
	}
	opt := pipeline.Options{JSON: true, CheckOptions: copt}
	if err := formats(&opt); err != nil {
		a.errorf(err)
		return exitUsage
	}
	watched := []string{files[0]}
	rebuild := func() {
		th, set, err := setup()
		if err != nil {
			a.errorf(err)
			return
		}
		opt.Theme, opt.Fonts = th, set
		b := &pipeline.Batch{Options: opt, Jobs: 1, Lang: a.lang}
		start := time.Now()
		res, err := b.Run(files[:1], *out)
		if err != nil {
			a.errorf(err)
			return
		}
		for _, fd := range res[0].Findings {
			fmt.Fprintln(a.stderr, fd.In(a.lang))
		}
		if res[0].Err != nil {
			a.errorf(res[0].Err)
		} else {
			fmt.Fprintln(a.stderr, a.t("%s 已生成（%v）", "%s built (%v)", files[0], time.Since(start).Round(time.Millisecond)))
		}
		if c := pipeline.Check(files[0], copt); c.Report != nil {
			watched = []string{files[0]}
			for _, f := range c.Report.TextFiles {
				watched = append(watched, f)
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	first := true
	if err := preview.Watch(ctx, func() []string { return watched }, func() {
		rebuild()
		if first { // Watch builds once when its watchers are in place
			first = false
			fmt.Fprintln(a.stderr, a.t("正在监视 %s，保存后自动重新生成（Ctrl-C 结束）", "watching %s: every save rebuilds (Ctrl-C to stop)", files[0]))
		}
	}); err != nil {
		a.errorf(err)
		return exitUsage
	}
	return exitOK
}
