package main

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzScenario: any scenario file is either refused with an error or runs
// (shortened to ten minutes, on at most 30 instances, to keep each input
// fast) without panicking. The seeds include the daemon scenario, so the
// daemons and the registerInstances and protectTasks actions are
// fuzzed too.
func FuzzScenario(f *testing.F) {
	f.Add(defaultScenario)
	f.Add([]byte(`{}`))
	f.Add([]byte(strings.Replace(string(defaultScenario), `"drainInstance": 2`, `"drainInstance": 6`, 1)))
	f.Add([]byte(strings.Replace(string(defaultScenario), `"taskDefinition": "web:3"`, `"taskDefinition": "api:1"`, 1)))
	f.Add([]byte(strings.Replace(string(defaultScenario), `"cpu": 256`, `"cpu": 4096`, 1)))
	// The daemon and protection members, valid and not.
	daemons, err := os.ReadFile(daemonScenarioPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(daemons)
	f.Add([]byte(strings.Replace(string(daemons), `"registerInstances": 1`, `"registerInstances": 5000`, 1)))
	f.Add([]byte(strings.Replace(string(daemons), `"count": 2, "protectionEnabled": true`, `"count": 10, "protectionEnabled": true`, 1)))
	f.Add([]byte(strings.Replace(string(daemons), `"service": "log-router", "taskDefinition"`, `"service": "db", "taskDefinition"`, 1)))
	f.Add([]byte(strings.Replace(string(daemons), `"cpu": 128`, `"cpu": 4096`, 1)))
	f.Fuzz(func(t *testing.T, b []byte) {
		scn, err := parseScenario(b)
		if err != nil {
			return
		}
		scn.Until = min(scn.Until, Duration(10*time.Minute))
		registered := scn.Instances
		for _, a := range scn.Actions {
			registered += a.RegisterInstances
		}
		if registered > 30 {
			return
		}
		_, _ = simulate(scn, 1, io.Discard)
	})
}
