package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"nianbao/fonts"
	"nianbao/input"
	"nianbao/pipeline"
)

// statusOf maps an error to an exit status, the same in every command: what is wrong inside a
// data file (its syntax, keys, values, numbers, characters no font has) is 1; a file that cannot
// be read or written, a bad flag, theme or font is 2.
func statusOf(err error) int {
	var ie *input.Error
	var ies input.Errors
	var fe *pipeline.ErrFindings
	var me fonts.MissingError
	switch {
	case errors.As(err, &ie):
		if ie.IO {
			return exitUsage
		}
		return exitData
	case errors.As(err, &ies), errors.As(err, &fe), errors.As(err, &me):
		return exitData
	}
	return exitUsage
}

// expand replaces folders by the *.toml files in them (sorted, not recursive).
func expand(args []string) []string { return expandExt(args, ".toml", ".xlsx") }

// expandExt replaces folders by the files in them with one of the extensions (sorted).
func expandExt(args []string, exts ...string) []string {
	var out []string
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, p)
			continue
		}
		for _, e := range exts {
			m, _ := filepath.Glob(filepath.Join(p, "*"+e))
			sort.Strings(m)
			out = append(out, m...)
		}
	}
	return out
}

// onInterrupt makes SIGINT and SIGTERM (Ctrl-C, a stopped job) end the run cleanly: the
// temporaries being written are removed and the output folder's lock is released, so nothing
// half-written is left behind. The returned function stops listening.
func onInterrupt(a *app) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			pipeline.Interrupt()
			fmt.Fprintln(a.stderr, a.t("\n已中断：未完成的文件已删除", "\ninterrupted: unfinished files removed"))
			os.Exit(130)
		case <-done:
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// isTerminal reports whether w is a terminal that understands the escape sequences of the
// updating progress line (on Windows, a console where virtual-terminal processing could be
// switched on; the classic console without it gets plain lines).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && enableVT(f)
}

// writeNew writes a file that must not exist yet, atomically.
func (a *app) writeNew(path string, write func(io.Writer) error) int {
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintln(a.stderr, a.t("%s 已存在，不会覆盖", "%s exists; not overwritten", path))
		return exitUsage
	}
	if err := pipeline.WriteAtomic(path, write); err != nil {
		a.errorf(err)
		return statusOf(err) // 1 for what the data file holds (a narrative no cell can hold), 2 for writing
	}
	fmt.Fprintln(a.stdout, path)
	return exitOK
}

// isXLSX reports whether an output name is a workbook's.
func isXLSX(p string) bool { return strings.EqualFold(p[max(0, len(p)-5):], ".xlsx") }
