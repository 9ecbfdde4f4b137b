package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"time"

	"nianbao/fonts"
	"nianbao/serve"
	"nianbao/theme"
)

// serve runs the district's web application (package serve), or makes its first administrator,
// or backs up its database.
func (a *app) serve(args []string) int {
	fs := a.flags("serve", `nianbao serve [--data DIR] [--addr HOST:PORT] —— 网上填报 / the district's web application

各单位在网页上填报年报，区县审核、退回、通过，通过的报告可下载 PDF、DOCX。数据保存在 DIR 中的 SQLite 数据库。
Units fill in their reports in the browser; the district reviews, returns and approves them; approved
reports download as PDF and DOCX. The data lives in an SQLite database in DIR.

  nianbao serve --create-admin 姓名     创建第一个管理员，输出一次性设置链接 / make an administrator
  nianbao serve --backup 备份.db        在运行中也可备份数据库（不阻塞写入）/ back up, also while running
`)
	dir := fs.String("data", "nianbao-data", "数据文件夹 / data folder")
	addr := fs.String("addr", "127.0.0.1:8080", "监听地址 / address to listen on")
	admin := fs.String("create-admin", "", "创建管理员账号并输出一次性设置链接 / make an administrator account")
	backup := fs.String("backup", "", "把数据库备份到此文件后退出 / back the database up to FILE and exit")
	certFile := fs.String("tls-cert", "", "TLS 证书文件 / TLS certificate")
	keyFile := fs.String("tls-key", "", "TLS 私钥文件 / TLS key")
	proxy := fs.Bool("behind-proxy", false, "在终止 TLS 的反向代理之后：信任其追加的 X-Forwarded-For，Cookie 加 Secure / behind a TLS-terminating reverse proxy")
	setup, _ := a.fontFlags(fs)
	rest, err := fs.parse(args)
	if err != nil {
		return usageStatus(err)
	}
	if len(rest) > 0 || (*certFile == "") != (*keyFile == "") {
		fs.Usage()
		return exitUsage
	}
	store, err := serve.Open(*dir)
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	defer store.Close()
	scheme := "http"
	if *certFile != "" {
		scheme = "https"
	}
	base := scheme + "://" + *addr
	switch {
	case *backup != "":
		if err := store.Backup(context.Background(), *backup); err != nil {
			a.errorf(err)
			return exitUsage
		}
		fmt.Fprintln(a.stderr, a.t("已备份到 %s", "backed up to %s", *backup))
		return exitOK
	case *admin != "":
		_, tok, err := store.CreateUser(*admin, serve.Admin, "", time.Now())
		what := "account " + *admin
		if errors.Is(err, serve.ErrExists) {
			// a forgotten password: a new link for the same administrator
			tok, err = store.NewSetup(*admin, time.Now())
			what = "set-up link " + *admin
		}
		if err != nil {
			a.errorf(err)
			return exitUsage
		}
		store.Log("nianbao serve --create-admin", what, "", serve.Admin, time.Now())
		fmt.Fprintln(a.stdout, base+serve.SetupPath(tok))
		fmt.Fprintln(a.stderr, a.t("管理员 %s 的一次性设置链接（7 天内有效）如上；启动 nianbao serve 后在浏览器中打开。",
			"the one-time set-up link of administrator %s (valid 7 days) is above; open it once nianbao serve runs.", *admin))
		return exitOK
	}
	users, err := store.Users()
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	srv := &http.Server{
		Addr: *addr,
		Handler: serve.New(serve.Config{Store: store, Secure: *certFile != "", BehindProxy: *proxy,
			Setup: onceSetup(setup)}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      5 * time.Minute, // a PDF build
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		a.errorf(err)
		return exitUsage
	}
	fmt.Fprintln(a.stderr, a.t("网上填报：%s（数据在 %s；Ctrl-C 结束）", "serving at %s (data in %s; Ctrl-C to stop)", base+"/", *dir))
	if len(users) == 0 {
		fmt.Fprintln(a.stderr, a.t("还没有账号：先运行 nianbao serve --data %s --create-admin 姓名，打开它输出的链接设置密码。",
			"no accounts yet: run nianbao serve --data %s --create-admin NAME and open the link it prints.", *dir))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if *certFile != "" {
		err = srv.ServeTLS(ln, *certFile, *keyFile)
	} else {
		err = srv.Serve(ln)
	}
	if err != nil && err != http.ErrServerClosed {
		a.errorf(err)
		return exitUsage
	}
	return exitOK
}

// onceSetup resolves the theme and fonts once, at the first build, for every later one.
func onceSetup(setup func() (*theme.Theme, *fonts.Set, error)) func() (*theme.Theme, *fonts.Set, error) {
	var once sync.Once
	var th *theme.Theme
	var set *fonts.Set
	var err error
	return func() (*theme.Theme, *fonts.Set, error) {
		once.Do(func() { th, set, err = setup() })
		return th, set, err
	}
}
