package testenv

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// threadTime runs f on one OS thread and returns the CPU time that thread spent in it
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID), nanoseconds): the time the scheduler gave the work,
// which other processes on the machine do not stretch as they stretch the wall clock.
func threadTime(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0, ok0 := clockThread()
	f()
	t1, ok1 := clockThread()
	if !ok0 || !ok1 {
		return -1
	}
	return t1 - t0
}

func clockThread() (time.Duration, bool) {
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID, linux/time.h
	var ts syscall.Timespec
	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
