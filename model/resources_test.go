package model_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

func TestResourcesOfFollowsNetworkMode(t *testing.T) {
	td := func(mode model.NetworkMode, pms ...model.PortMapping) *model.TaskDefinition {
		return &model.TaskDefinition{NetworkMode: mode, ContainerDefinitions: []model.ContainerDefinition{
			{Name: "a", CPU: 256, Memory: model.Int32(512), PortMappings: pms},
			{Name: "b", CPU: 128, MemoryReservation: model.Int32(128)},
		}}
	}
	p := func(c, h int32, proto model.TransportProtocol) model.PortMapping {
		return model.PortMapping{ContainerPort: model.Int32(c), HostPort: model.Int32(h), Protocol: proto}
	}
	cases := []struct {
		name string
		td   *model.TaskDefinition
		want model.TaskResources
	}{
		{"bridge static and dynamic", td(model.NetworkModeBridge, p(80, 8080, ""), p(53, 53, model.TransportProtocolUDP), p(81, 0, "")),
			model.TaskResources{CPU: 384, Memory: 640, TCPPorts: []int32{8080}, UDPPorts: []int32{53}}},
		{"host port defaults to container port", td(model.NetworkModeHost, model.PortMapping{ContainerPort: model.Int32(443)}),
			model.TaskResources{CPU: 384, Memory: 640, TCPPorts: []int32{443}}},
		{"awsvpc reserves no host ports", td(model.NetworkModeAwsvpc, p(80, 80, "")),
			model.TaskResources{CPU: 384, Memory: 640}},
	}
	for _, c := range cases {
		if diff := cmp.Diff(c.want, model.ResourcesOf(c.td)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
	withTaskLevel := td(model.NetworkModeAwsvpc)
	withTaskLevel.CPU, withTaskLevel.Memory = "1024", "2048"
	if got := model.ResourcesOf(withTaskLevel); got.CPU != 1024 || got.Memory != 2048 {
		t.Errorf("task-level size ignored: %+v", got)
	}
}

func TestFitsNamesTheShortfall(t *testing.T) {
	c := model.Capacity{CPU: 1024, Memory: 2048, TCPPorts: []int32{22, 80}, UDPPorts: []int32{53}}
	cases := map[string]model.TaskResources{
		"":       {CPU: 1024, Memory: 2048, TCPPorts: []int32{443}, UDPPorts: []int32{80}},
		"CPU":    {CPU: 1025},
		"memory": {Memory: 4096},
		"ports":  {TCPPorts: []int32{80}},
	}
	for want, task := range cases {
		ok, got := c.Fits(task)
		if got != want || ok != (want == "") {
			t.Errorf("Fits(%+v) = %v %q, want %q", task, ok, got, want)
		}
	}
	many := make([]int32, model.MaxReservedPorts-1)
	for i := range many {
		many[i] = int32(10000 + i)
	}
	if ok, why := (model.Capacity{TCPPorts: many}).Fits(model.TaskResources{TCPPorts: []int32{1, 2}}); ok || why != "ports" {
		t.Errorf("more than %d reserved ports accepted", model.MaxReservedPorts)
	}
}

// TestReserveThenReleaseRestoresTheInstance: reserving a fitting task and
// releasing it gives back the original resources and counts; only the
// version moves, by one per change.
func TestReserveThenReleaseRestoresTheInstance(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := gen.Cluster(1, 1).Draw(t, "cluster")
		ci := c.Instances[0]
		td := gen.TaskDefinition().Draw(t, "taskDefinition")
		res := model.ResourcesOf(&td)
		before := ci.Remaining()
		running := rapid.Bool().Draw(t, "running")
		reserved, err := model.ReserveTask(ci, res, running)
		if ok, _ := before.Fits(res); !ok {
			if !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("unfitting task reserved: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		after := reserved.Remaining()
		if after.CPU != before.CPU-res.CPU || after.Memory != before.Memory-res.Memory {
			t.Fatalf("remaining %+v after reserving %+v from %+v", after, res, before)
		}
		if reserved.RunningTasksCount+reserved.PendingTasksCount != ci.RunningTasksCount+ci.PendingTasksCount+1 {
			t.Fatalf("task counts did not grow by one")
		}
		released, err := model.ReleaseTask(reserved, res, running)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, released.Remaining()); diff != "" {
			t.Fatalf("release did not restore (-before +after):\n%s", diff)
		}
		if released.Version != ci.Version+2 || released.RunningTasksCount != ci.RunningTasksCount || released.PendingTasksCount != ci.PendingTasksCount {
			t.Fatalf("counts or version wrong after release: %+v", released)
		}
	})
}

// deepCopy copies v through JSON, which the round-trip property shows is
// exact for model values.
func deepCopy[T any](t *rapid.T, v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoExportedFunctionMutatesItsArguments calls every exported function
// of the package that takes a model value and checks the argument is
// deep-equal afterwards.
func TestNoExportedFunctionMutatesItsArguments(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ci := gen.ContainerInstance().Draw(t, "instance")
		task := gen.Task().Draw(t, "task")
		td := gen.TaskDefinition().Draw(t, "taskDefinition")
		svc := gen.Service().Draw(t, "service")
		req := gen.UpdateServiceRequest().Draw(t, "request")
		ci0, task0, td0, svc0, req0 := deepCopy(t, ci), deepCopy(t, task), deepCopy(t, td), deepCopy(t, svc), deepCopy(t, req)
		res := model.ResourcesOf(&td)
		res0 := deepCopy(t, res)

		running := rapid.Bool().Draw(t, "running")
		model.ReserveTask(ci, res, running)
		model.ReleaseTask(ci, res, running)
		model.StartTask(ci)
		model.TransitionContainerInstance(ci, rapid.SampledFrom(model.ContainerInstanceStatus("").Values()).Draw(t, "to"))
		model.TransitionTask(task, rapid.SampledFrom(model.TaskStatus("").Values()).Draw(t, "taskTo"), gen.Time().Draw(t, "now").Time)
		ci.Validate()
		task.Validate()
		td.Validate()
		svc.Validate()
		req.Validate()
		ci.Remaining()
		ci.AvailabilityZone()
		model.ValidateTags("tags", svc.Tags)
		model.ValidatePlacementConstraints("c", svc.PlacementConstraints, 0)
		model.ValidatePlacementStrategy("s", svc.PlacementStrategy)
		model.ValidateCapacityProviderStrategy("p", req.CapacityProviderStrategy)

		for name, pair := range map[string][2]any{
			"instance": {ci0, ci}, "task": {task0, task}, "taskDefinition": {td0, td},
			"service": {svc0, svc}, "request": {req0, req}, "resources": {res0, res},
		} {
			if diff := cmp.Diff(pair[0], pair[1]); diff != "" {
				t.Fatalf("%s mutated (-before +after):\n%s", name, diff)
			}
		}
	})
}

// TestCloneSharesNoMemory: editing every slice and pointer of a clone
// leaves the original as it was.
func TestCloneSharesNoMemory(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ci := gen.ContainerInstance().Draw(t, "instance")
		ci.Attachments = []model.Attachment{{ID: "a", Details: []model.KeyValuePair{{Name: "n", Value: "v"}}}}
		before := deepCopy(t, ci)
		c := ci.Clone()
		if diff := cmp.Diff(ci, c); diff != "" {
			t.Fatalf("clone differs:\n%s", diff)
		}
		c.Attributes[0].Value = "changed"
		c.RemainingResources[0].IntegerValue++
		c.RegisteredResources[2].StringSetValue[0] = "1"
		c.VersionInfo.AgentVersion = "0.0.0"
		c.Attachments[0].Details[0].Value = "changed"
		if len(c.Tags) > 0 {
			c.Tags[0].Value = "changed"
		}
		if c.HealthStatus != nil {
			c.HealthStatus.Details[0].Status = "changed"
		}
		if diff := cmp.Diff(before, ci); diff != "" {
			t.Fatalf("editing the clone changed the original:\n%s", diff)
		}
	})
}
