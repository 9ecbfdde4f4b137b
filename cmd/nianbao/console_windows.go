package main

import (
	"os"
	"syscall"
)

var setConsoleMode = syscall.NewLazyDLL("kernel32.dll").NewProc("SetConsoleMode")

// enableVT switches on virtual-terminal processing (ENABLE_VIRTUAL_TERMINAL_PROCESSING, Windows
// 10 and later) so "\r\033[K" updates the progress line; false where the console cannot.
func enableVT(f *os.File) bool {
	const vt = 0x0004
	h := syscall.Handle(f.Fd())
	var mode uint32
	if err := syscall.GetConsoleMode(h, &mode); err != nil {
		return false
	}
	if mode&vt != 0 {
		return true
	}
	r, _, _ := setConsoleMode.Call(uintptr(h), uintptr(mode|vt))
	return r != 0
}
