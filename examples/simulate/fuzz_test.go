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
// fuzzed too, and the blue/green, canary and linear scenarios, so are the
// loadBalancers, hookAnswers and stopServiceDeployment members.
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
	// The traffic-shifting members, valid and not.
	for _, path := range []string{blueGreenPath, canaryPath, linearPath} {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	canary, err := os.ReadFile(canaryPath)
	if err != nil {
		f.Fatal(err)
	}
	c := string(canary)
	for _, r := range [][2]string{
		{`"outcome": "SUCCEEDED"`, `"outcome": "FAILED"`},
		{`"after": "30s"`, `"after": "30s", "run": 2`},
		{`"stopType": "ROLLBACK"`, `"stopType": "ABORT"`},
		{`"canaryPercent": 20`, `"canaryPercent": 100`},
		{`"strategy": "CANARY"`, `"strategy": "LINEAR"`},
		{`"containerPort": 80`, `"containerPort": 0`},
		{`"at": "22m"`, `"at": "1m"`},
	} {
		f.Add([]byte(strings.Replace(c, r[0], r[1], 1)))
	}
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
