//go:build !unix

package pipeline

import "os"

// alive reports whether a process with this ID runs on this host (Windows: FindProcess opens it).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
