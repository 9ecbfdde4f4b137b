package main

import (
	"fmt"

	"nianbao/theme"
)

// theme prints the default theme (nianbao theme).
func (a *app) theme(args []string) int {
	fs := a.flags("theme", `nianbao theme —— 输出默认版式主题（GB/T 9704-2012）/ print the default theme

复制后只保留要改的键，用 nianbao build --theme FILE 使用。
Copy it, keep the keys you change, and use it with nianbao build --theme FILE.
`)
	if _, err := fs.parse(args); err != nil {
		return usageStatus(err)
	}
	fmt.Fprint(a.stdout, theme.Default())
	return exitOK
}
