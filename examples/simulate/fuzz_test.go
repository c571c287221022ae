package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

// FuzzScenario: any scenario file is either refused with an error or runs
// (shortened to ten minutes, on at most 30 instances, to keep each input
// fast) without panicking.
func FuzzScenario(f *testing.F) {
	f.Add(defaultScenario)
	f.Add([]byte(`{}`))
	f.Add([]byte(strings.Replace(string(defaultScenario), `"drainInstance": 2`, `"drainInstance": 6`, 1)))
	f.Add([]byte(strings.Replace(string(defaultScenario), `"taskDefinition": "web:3"`, `"taskDefinition": "api:1"`, 1)))
	f.Add([]byte(strings.Replace(string(defaultScenario), `"cpu": 256`, `"cpu": 4096`, 1)))
	f.Fuzz(func(t *testing.T, b []byte) {
		scn, err := parseScenario(b)
		if err != nil {
			return
		}
		scn.Until = min(scn.Until, Duration(10*time.Minute))
		if scn.Instances > 30 {
			return
		}
		_, _ = simulate(scn, 1, io.Discard)
	})
}
