package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"

	"nianbao/preview"
)

// preview serves the live preview of one report.
func (a *app) preview(args []string) int {
	fs := a.flags("preview", `nianbao preview FILE [--theme T] —— 实时预览 / live preview in the browser

在本机（127.0.0.1）打开一个网页：左边是报告各页，右边是检查出的问题（点击可在页面上标出对应的格子或段落）和所用字体。
每次保存数据文件、正文文件或主题文件，页面都会自动重新排版、就地更新。只有本机可以访问。
Serves a page on 127.0.0.1: the pages, the findings (a click marks the cell or paragraph) and the fonts;
every save of the data file, its narrative files or the theme redraws it in place. Loopback only.
`)
	port := fs.Int("port", 0, "端口（默认自动选一个空闲端口）/ port (default: a free one)")
	open := fs.Bool("open", false, "打开浏览器 / open the browser")
	setup, themePath := a.fontFlags(fs)
	co := checkFlags(fs)
	files, copt, status, ok := a.checkedFiles(fs, args, co)
	if !ok {
		return status
	}
	s := &preview.Server{File: files[0], Theme: *themePath, Check: copt, Lang: a.lang,
		Setup: setup}
	ln, err := s.Listen(*port)
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	s.Render()
	url := "http://" + s.Addr() + "/"
	fmt.Fprintln(a.stdout, url)
	fmt.Fprintln(a.stderr, a.t("预览：%s（Ctrl-C 结束）", "preview at %s (Ctrl-C to stop)", url))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go preview.Watch(ctx, s.Files, s.Render)
	if *open {
		openBrowser(url)
	}
	srv := s.HTTPServer() // capped streams and connections, idle timeouts
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		a.errorf(err)
		return exitUsage
	}
	return exitOK
}

func openBrowser(url string) {
	switch runtime.GOOS {
	case "windows":
		exec.Command("rundll32", "url.dll,FileProtocolHandler", url).Start()
	case "darwin":
		exec.Command("open", url).Start()
	default:
		exec.Command("xdg-open", url).Start()
	}
}
