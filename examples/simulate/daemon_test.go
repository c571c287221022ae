package main

import (
	"strings"
	"testing"
)

// A scenario can run a DAEMON service and protect tasks: one task per
// instance, and a deployment that waits for the protected task until its
// protection lapses.
func TestDaemonScenarioWithProtection(t *testing.T) {
	scn, err := parseScenario([]byte(`{
		"cluster": "demo", "region": "us-east-1", "accountId": "123456789012",
		"zones": ["us-east-1a", "us-east-1b", "us-east-1c"], "instances": 3,
		"instanceCpu": 2048, "instanceMemory": 4096, "agentVersion": "1.86.0", "latestAgentVersion": "1.87.0",
		"service": "agent", "schedulingStrategy": "DAEMON",
		"taskDefinitions": [{"revision": 1, "cpu": 128, "memory": 128}, {"revision": 2, "cpu": 128, "memory": 128}],
		"taskStart": ["5s", "10s"], "taskStop": ["2s", "5s"], "schedulerInterval": "15s",
		"actions": [
			{"at": "2m", "note": "protect one daemon task", "protectTasks": {"count": 1, "protectionEnabled": true, "expiresInMinutes": 10}},
			{"at": "3m", "note": "deploy agent:2", "updateService": {"taskDefinition": "agent:2"}}
		],
		"until": "14m"
	}`))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if _, err := simulate(scn, 1, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"protected until 12m0s", "was unable to scale in", "end: 3 tasks running"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The protection lapses at 12m; then the old task is replaced too.
	if !strings.Contains(text, "agent:2 3") || strings.Contains(text, "ACTIVE COMPLETED agent:1") {
		t.Errorf("the deployment did not finish once protection lapsed:\n%s", text)
	}
}
