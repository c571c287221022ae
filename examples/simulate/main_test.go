package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestWalkthroughRuns checks the key facts of the README's main command:
// four tasks run, one per instance, the port conflict and the bad request
// are refused with ECS's codes, and the output is the same on every run.
func TestWalkthroughRuns(t *testing.T) {
	var a, b bytes.Buffer
	if err := run(&a); err != nil {
		t.Fatal(err)
	}
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("output differs between runs")
	}
	out := a.String()
	for _, want := range []string{
		"6 container instances ACTIVE",
		`"placementConstraints":[]`,
		"InvalidParameterException (HTTP 400)",
		"task 4 RUNNING on us-east-1a",
		"has insufficient ports",
		"instance 6 is DRAINING",
		"cannot move from DRAINING to REGISTERING",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "RUNNING on"); n != 4 {
		t.Errorf("%d tasks running, want 4", n)
	}
}
