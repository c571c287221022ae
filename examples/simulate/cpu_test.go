package main

import (
	"bytes"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// The cost report's memory figure is the process's peak resident set, as
// the operating system counts it: on Linux it agrees with the VmHWM line
// of /proc/self/status (proc(5)), read independently, and it covers 64 MB
// the test has just touched.
func TestPeakRSS(t *testing.T) {
	const touched = 64 << 20
	b := touch(touched)
	got, ok := peakRSS()
	runtime.KeepAlive(b)
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && !ok {
		t.Skipf("peak RSS is not measured on %s", runtime.GOOS)
	}
	if !ok {
		t.Fatal("peakRSS: not measured")
	}
	if got < touched {
		t.Errorf("peakRSS = %d bytes, less than the %d the test touched", got, touched)
	}
	if runtime.GOOS != "linux" {
		return
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	m := regexp.MustCompile(`(?m)^VmHWM:\s+(\d+) kB$`).FindSubmatch(status)
	if m == nil {
		t.Skip("no VmHWM in /proc/self/status")
	}
	kb, _ := strconv.ParseUint(string(m[1]), 10, 64)
	// Read after peakRSS: the peak can only have grown, by a little.
	if hwm := kb << 10; got > hwm || hwm-got > 8<<20 {
		t.Errorf("peakRSS = %d bytes, /proc/self/status VmHWM = %d bytes", got, hwm)
	}
}

// processCPU counts the page faults of memory the process touches for the
// first time: at least one per 2 MiB (a huge page), one per 4 KiB where
// pages are small, as they are for the Go heap on Linux by default.
func TestProcessCPUCountsPageFaults(t *testing.T) {
	before, ok := processCPU()
	if !ok {
		t.Skipf("CPU use is not measured on %s", runtime.GOOS)
	}
	const touched = 32 << 20
	b := touch(touched)
	after, _ := processCPU()
	runtime.KeepAlive(b)
	d := after.minus(before)
	if d.Faults < touched>>21 {
		t.Errorf("%d page faults for %d bytes touched", d.Faults, touched)
	}
	if d.User < 0 || d.System < 0 {
		t.Errorf("CPU use went backwards: %+v", d)
	}
}

// The -size report states the peak resident memory figure peakRSS gives,
// in MB, and sets no memory limit beyond the run.
func TestSizeReportsPeakRSS(t *testing.T) {
	var out bytes.Buffer
	limit := debug.SetMemoryLimit(-1)
	if err := run([]string{"-size", "30"}, &out); err != nil {
		t.Fatal(err)
	}
	if l := debug.SetMemoryLimit(-1); l != limit {
		t.Errorf("memory limit %d after -size, %d before", l, limit)
	}
	after, ok := peakRSS()
	if !ok {
		t.Skip("peak RSS is not measured on this platform")
	}
	m := regexp.MustCompile(`peak resident memory ([\d.]+) MB \(the whole process`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no peak resident memory in:\n%s", out.String())
	}
	mb, _ := strconv.ParseFloat(m[1], 64)
	if mb <= 0 || mb*1e6 > float64(after)+0.05e6 {
		t.Errorf("reported %.1f MB; the process's peak is %.1f MB", mb, float64(after)/1e6)
	}
	if strings.Contains(out.String(), "peak heap") {
		t.Errorf("the report still gives a sampled heap figure:\n%s", out.String())
	}
}

// touch allocates n bytes and writes to every 4 KiB page of them, so that
// the process holds them resident.
func touch(n int) []byte {
	b := make([]byte, n)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	return b
}
