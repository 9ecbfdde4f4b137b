//go:build !linux

package testenv

import "time"

// threadTime is the wall-clock time of f where there is no per-thread CPU clock at hand.
func threadTime(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}
