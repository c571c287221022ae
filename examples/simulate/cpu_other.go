//go:build !unix

package main

import "time"

// processCPU is not measured on this platform.
func processCPU() (cpuUse, bool) { return cpuUse{}, false }

// peakRSS is not measured on this platform.
func peakRSS() (uint64, bool) { return 0, false }
