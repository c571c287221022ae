package main

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// FuzzPlan: any UpdateService request body against the sample service is
// answered (accepted with a prediction, or refused with ECS's exception),
// never with a panic.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		`{"cluster":"prod","service":"web","taskDefinition":"web:8"}`,
		`{"cluster":"prod","service":"web","desiredCount":0}`,
		`{"cluster":"prod","service":"web","desiredCount":2147483647}`,
		`{"service":"web","deploymentConfiguration":{"minimumHealthyPercent":0,"maximumPercent":2147483647}}`,
		`{"service":"web","placementStrategy":[{"type":"binpack","field":"memory"}],"forceNewDeployment":true}`,
		`{"service":"web","placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.availability-zone == eu-west-1a"}],"forceNewDeployment":true}`,
	} {
		f.Add([]byte(s))
	}
	base, err := readInput(sampleOpen, "sample/services.json", "sample/container-instances.json", "sample/tasks.json",
		"sample/update-service.json", []string{"sample/task-definition-web-7.json", "sample/task-definition-web-8.json"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in := base
		in.services.Services = append(in.services.Services[:0:0], base.services.Services...)
		in.request = model.UpdateServiceRequest{}
		if err := json.Unmarshal(body, &in.request); err != nil {
			return
		}
		_ = predict(io.Discard, &in, options{seed: 1, start: 30e9, stop: 30e9})
	})
}
