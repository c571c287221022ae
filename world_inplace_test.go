package ecsstate

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TestStepsBuildNewTasksInPlace follows a service through creation, a
// scale-out and a rolling deployment: every scheduler step that starts
// tasks builds them in the room the world keeps after its tasks (no array
// of their own to copy in), and once the step is applied the world holds
// the tasks it kept, in their order, then exactly the tasks the step
// started, whatever it forgot in between.
func TestStepsBuildNewTasksInPlace(t *testing.T) {
	// A third of web:1's tasks fail to start: the steps that replace them
	// also forget them.
	agent := DefaultAgent()
	agent.FailToStart = []Fault{{TaskDefinition: "web:1", Probability: 0.3}}
	w := New(Options{Seed: 7, Agent: &agent})
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}))
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	for i := range 6 {
		must(w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 4096), model.IntegerResource(model.ResourceMemory, 8192)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: zones[i%3]}}}))
	}
	for range 2 {
		must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 128, Memory: model.Int32(256)}}}))
	}
	var (
		kept    []string     // the ARNs of the tasks the step does not forget, in order
		started []model.Task // deep copies of what the step started
		steps   int
		both    int // steps that forgot tasks and started some
		forgot  int
	)
	stepCheck = func(in *service.Input, _ time.Time, st *service.Step) error {
		kept = kept[:0]
		for i := range in.Tasks {
			if !slices.Contains(st.Forget, in.Tasks[i].TaskARN) {
				kept = append(kept, in.Tasks[i].TaskARN)
			}
		}
		forgot = len(st.Forget)
		started = started[:0]
		for i := range st.Start {
			started = append(started, st.Start[i].Clone())
		}
		return nil
	}
	defer func() { stepCheck = nil }()
	w.onStep = func(cl string, st *service.Step) {
		if len(st.Start) == 0 {
			return
		}
		steps++
		if forgot > 0 {
			both++
		}
		cs := w.clusters[cl]
		n := len(cs.tasks) - len(st.Start)
		if &st.Start[0] != &cs.tasks[n] {
			t.Errorf("step %d: its %d new tasks were not built in the world's tasks", steps, len(st.Start))
		}
		var have []string
		for i := range cs.tasks[:n] {
			have = append(have, cs.tasks[i].TaskARN)
		}
		if !slices.Equal(have, kept) {
			t.Errorf("step %d: the world kept %v, want %v", steps, have, kept)
		}
		for i := range started {
			// The world's copy has moved on only in what applying a step
			// changes: nothing, for a task just started.
			if !reflect.DeepEqual(cs.tasks[n+i], started[i]) {
				t.Errorf("step %d: new task %d is\n%+v\nwant\n%+v", steps, i, cs.tasks[n+i], started[i])
			}
		}
	}
	must(w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(8)}))
	must(nil, w.Advance(10*time.Minute))
	must(w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", DesiredCount: model.Int32(20)}))
	must(nil, w.Advance(10*time.Minute))
	must(w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2"}))
	must(nil, w.Advance(20*time.Minute))
	if steps < 3 || both == 0 {
		t.Fatalf("%d steps started tasks, %d of them forgetting others; the scenario wants a creation, a scale-out and a deployment in batches", steps, both)
	}
	checkConsistent(t, w)
	d, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	if err != nil || len(d.Services) != 1 || d.Services[0].RunningCount != 20 || len(d.Services[0].Deployments) != 1 {
		t.Fatalf("the deployment did not complete: %v %+v", err, d)
	}
}
