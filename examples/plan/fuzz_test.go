package main

import (
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/ecsstate/ecsstate"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// FuzzPlan: any UpdateService request body against the sample service is
// answered (a prediction, or ECS's exception), never with a panic.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		`{"cluster":"prod","service":"web","taskDefinition":"web:8"}`,
		`{"cluster":"prod","service":"web","desiredCount":0}`,
		`{"cluster":"prod","service":"web","desiredCount":2147483647}`,
		`{"service":"web","deploymentConfiguration":{"minimumHealthyPercent":0,"maximumPercent":2147483647}}`,
		`{"cluster":"prod","service":"web","placementStrategy":[{"type":"binpack","field":"memory"}],"forceNewDeployment":true}`,
		`{"cluster":"prod","service":"web","placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.availability-zone == eu-west-1a"}],"forceNewDeployment":true}`,
	} {
		f.Add([]byte(s))
	}
	var snap ecsstate.Snapshot
	for _, n := range []string{"services.json", "container-instances.json", "tasks.json", "task-definition-web-7.json", "task-definition-web-8.json"} {
		b, _ := samples.ReadFile("sample/" + n)
		if err := snap.AddJSON(b); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req model.UpdateServiceRequest
		if err := json.Unmarshal(body, &req); err != nil {
			return
		}
		err := plan(io.Discard, io.Discard, snap, req, options{output: "text", limit: 20 * 60e9})
		var e *ecserrors.Error
		if err != nil && !errors.As(err, &e) && !errors.Is(err, errNotDone) {
			t.Fatalf("neither a prediction nor ECS's exception: %v", err)
		}
	})
}
