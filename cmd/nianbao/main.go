// Command nianbao makes a Chinese government organ's annual report on government information
// disclosure (政府信息公开工作年度报告) from one TOML data file: it checks the numbers and writes a
// print-ready PDF and an editable DOCX (and OFD). It sits at the top of the pipeline and only
// reads the command line: the work is done by package pipeline and the packages it drives
// (model, layout, pdf, docx, ofd, ...). The commands are listed in one table, commands.go;
// each has its own file, NAME.go.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"nianbao/fonts"
	"nianbao/i18n"
)

// Exit statuses: 0 clean or warnings only, 1 errors in the data, 2 usage or I/O.
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

func main() {
	// NIANBAO_CPUPROFILE=FILE writes a CPU profile of the command: how the start-up budget in
	// BENCHMARKS.md finds what a fresh process spends its time on (one run is a few samples;
	// profile many runs and give them all to go tool pprof).
	if p := os.Getenv("NIANBAO_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil && pprof.StartCPUProfile(f) == nil {
			code := run(os.Args[1:], os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// app carries the global settings through a command.
type app struct {
	lang           i18n.Lang
	stdout, stderr io.Writer
	warned         map[*fonts.Face]bool // faces already warned about (warnRestricted)
}

func (a *app) t(zh, en string, args ...any) string { return i18n.F(zh, en, args...).In(a.lang) }

func (a *app) errorf(err error) { fmt.Fprintln(a.stderr, i18n.Message(err, a.lang)) }
