//go:build unix

package main

import (
	"runtime"
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used so far, all threads and
// the garbage collector included, and the page faults the kernel served
// it (getrusage(2)).
func processCPU() (cpuUse, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return cpuUse{}, false
	}
	return cpuUse{User: time.Duration(ru.Utime.Nano()), System: time.Duration(ru.Stime.Nano()), Faults: int64(ru.Minflt) + int64(ru.Majflt)}, true
}

// peakRSS is the peak resident set size of the process so far, in bytes:
// getrusage's ru_maxrss, which Linux and the BSDs give in KiB and macOS
// (and iOS) in bytes (getrusage(2) on each).
func peakRSS() (uint64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil || ru.Maxrss <= 0 {
		return 0, false
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return uint64(ru.Maxrss), true
	}
	return uint64(ru.Maxrss) * 1024, true
}
