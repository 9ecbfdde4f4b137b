package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// dropped reports whether the arguments are data files and no command: what a file dragged onto
// nianbao.exe (or opened with it) gives.
func dropped(args []string) bool {
	for _, a := range args {
		if !isData(a) || !regular(a) {
			return false
		}
	}
	return true
}

// dropped builds each file next to itself and says where; on Windows, where the console window
// of a dragged file closes when the program ends, it waits for Enter first.
func (a *app) dropped(files []string) int {
	status := exitOK
	for _, f := range files {
		dir := filepath.Dir(f)
		fmt.Fprintln(a.stderr, a.t("生成 %s，输出到它所在的文件夹 %s", "building %s into its own folder, %s", f, dir))
		status = max(status, a.build([]string{f, "-o", dir}))
	}
	a.pause()
	return status
}

// pause waits for Enter on Windows, where a console window opened by a double click or a drag
// closes the moment the program ends.
func (a *app) pause() {
	if st, err := os.Stdin.Stat(); runtime.GOOS == "windows" && err == nil && st.Mode()&os.ModeCharDevice != 0 {
		fmt.Fprint(a.stderr, a.t("\n按回车键关闭窗口……", "\nPress Enter to close this window…"))
		bufio.NewReader(os.Stdin).ReadString('\n')
	}
}
