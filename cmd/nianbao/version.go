package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"
)

// version is stamped by the release build (scripts/release: -ldflags -X main.version=…); a
// build from a checkout says what the build info knows.
var version = ""

// buildInfo is the version, commit and commit date of this binary, from the build information
// Go embeds (vcs.revision, vcs.time): stamped by the build, never edited by hand, and the same
// for every build of one commit (the date is the commit's, not the clock's).
func buildInfo() (ver, commit, date string) {
	ver, commit, date = version, "unknown", "unknown"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	if ver == "" {
		ver = bi.Main.Version // "(devel)" for a build from a checkout
	}
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				date = t.UTC().Format("2006-01-02")
			}
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified {
		commit += "+modified"
	}
	return
}

func (a *app) version(args []string) int {
	fs := a.flags("version", `nianbao version —— 版本、提交和构建日期 / version, commit and build date
`)
	if _, err := fs.parse(args); err != nil {
		return usageStatus(err)
	}
	ver, commit, date := buildInfo()
	fmt.Fprintf(a.stdout, "nianbao %s\n%s %s\n%s %s\n%s %s/%s, %s\n", ver, a.t("提交", "commit"), commit,
		a.t("日期", "date"), date, a.t("平台", "platform"), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return exitOK
}
