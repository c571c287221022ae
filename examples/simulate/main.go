// Command simulate is the walkthrough a newcomer runs first:
//
//	go run ./examples/simulate
//
// It builds a small cluster over three Availability Zones, decodes an
// UpdateService request exactly as an AWS SDK sends it, validates it, and
// walks tasks and a container instance through their ECS lifecycles,
// printing each step. Everything is driven from here: the library holds no
// clock, no randomness and no state, so the output is the same on every run.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		os.Exit(1)
	}
}

// start is the simulated clock's starting point; the walkthrough owns time.
var start = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func run(w io.Writer) error {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	now := start
	say := func(format string, args ...any) {
		fmt.Fprintf(w, "%s  %s\n", now.Format("15:04:05"), fmt.Sprintf(format, args...))
	}

	// A cluster of six instances over three Availability Zones.
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	var instances []model.ContainerInstance
	for i := range 6 {
		ci := model.ContainerInstance{
			ContainerInstanceARN: acct.ContainerInstanceARN("demo", fmt.Sprintf("%032x", i+1)),
			Status:               model.ContainerInstanceStatusRegistering,
			AgentConnected:       true,
			Attributes:           []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: zones[i%3]}},
			RemainingResources: []model.Resource{
				model.IntegerResource(model.ResourceCPU, 2048),
				model.IntegerResource(model.ResourceMemory, 7680),
				model.PortsResource(model.ResourcePorts, []int32{22, 2375, 2376, 51678, 51679}),
			},
			Version: 1,
		}
		ci.RegisteredResources = ci.RemainingResources
		active, err := model.TransitionContainerInstance(ci, model.ContainerInstanceStatusActive)
		if err != nil {
			return err
		}
		instances = append(instances, active)
	}
	say("cluster demo: %d container instances ACTIVE over %v", len(instances), zones)

	// The UpdateService body an SDK sends for "scale web to 4 and remove
	// its placement constraints".
	body := `{"cluster":"demo","service":"web","desiredCount":4,"placementConstraints":[]}`
	var req model.UpdateServiceRequest
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	out, _ := json.Marshal(req)
	say("UpdateService request decoded and re-encoded key for key: %s", out)

	bad := model.UpdateServiceRequest{Service: "web", DesiredCount: model.Int32(-1)}
	err := bad.Validate()
	e := err.(*ecserrors.Error)
	say("a negative desiredCount is refused: %s (HTTP %d)", e.Code(), e.HTTPStatus())

	// Start four tasks of the web:1 task definition, one per instance in
	// zone order, reserving their resources and walking their lifecycle.
	td := model.TaskDefinition{
		Family: "web", Revision: 1, TaskDefinitionARN: acct.TaskDefinitionARN("web", 1),
		NetworkMode: model.NetworkModeBridge,
		ContainerDefinitions: []model.ContainerDefinition{{
			Name: "nginx", Image: "public.ecr.aws/nginx/nginx:1.27", CPU: 256, Memory: model.Int32(512),
			PortMappings: []model.PortMapping{{ContainerPort: model.Int32(80), HostPort: model.Int32(8080)}},
		}},
	}
	need := model.ResourcesOf(&td)
	for i := range 4 {
		ci := &instances[i]
		reserved, err := model.ReserveTask(*ci, need, false)
		if err != nil {
			return err
		}
		*ci = reserved
		task := model.Task{
			TaskARN: acct.TaskARN("demo", fmt.Sprintf("%032x", 100+i)), TaskDefinitionARN: td.TaskDefinitionARN,
			ContainerInstanceARN: ci.ContainerInstanceARN, AvailabilityZone: ci.AvailabilityZone(),
			Group: "service:web", LastStatus: model.TaskStatusProvisioning, DesiredStatus: model.DesiredStatusRunning,
		}
		for _, st := range []model.TaskStatus{model.TaskStatusPending, model.TaskStatusRunning} {
			now = now.Add(5 * time.Second)
			if task, err = model.TransitionTask(task, st, now); err != nil {
				return err
			}
		}
		if *ci, err = model.StartTask(*ci); err != nil {
			return err
		}
		rem := ci.Remaining()
		say("task %d RUNNING on %s: instance has CPU %d and memory %d left, host ports %v reserved", i+1, ci.AvailabilityZone(), rem.CPU, rem.Memory, rem.TCPPorts)
	}

	// The same port cannot be reserved twice on one instance.
	if _, err := model.ReserveTask(instances[0], need, false); err != nil {
		say("a second web task on instance 1 is refused: %v", err)
	}

	// Drain an instance, then try a move ECS does not allow.
	now = now.Add(time.Minute)
	drained, err := model.TransitionContainerInstance(instances[5], model.ContainerInstanceStatusDraining)
	if err != nil {
		return err
	}
	say("instance 6 is %s (version %d → %d)", drained.Status, instances[5].Version, drained.Version)
	if _, err := model.TransitionContainerInstance(drained, model.ContainerInstanceStatusRegistering); err != nil {
		say("and cannot go back to REGISTERING: %v", err)
	}
	return nil
}
