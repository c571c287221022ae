package ecsstate

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/service"
)

// TestKeptPlacementIndexMatchesFromScratch drives a world through random
// operations that change instances and tasks in every way the world knows
// (registration, draining, agent disconnects, attributes, forced
// deregistration, RunTask, StopTask, service updates and deployments,
// what-if clones) and checks every scheduler step: the step computed with
// the cluster's kept placement index is exactly the step computed by
// indexing the cluster from scratch.
func TestKeptPlacementIndexMatchesFromScratch(t *testing.T) {
	steps := 0
	stepCheck = func(in *service.Input, now time.Time, st *service.Step) error {
		if in.Index == nil {
			return fmt.Errorf("the step had no kept index")
		}
		scratch := *in
		scratch.Index = nil
		want, err := service.Reconcile(&scratch, now)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(want, *st) {
			return fmt.Errorf("the step with the kept index differs from the step from scratch:\n%+v\n%+v", want, *st)
		}
		steps++
		return nil
	}
	defer func() { stepCheck = nil }()
	rapid.Check(t, func(t *rapid.T) {
		w := New(Options{Seed: rapid.Uint64().Draw(t, "seed")})
		must := func(_ any, err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}))
		zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
		register := func(i int) {
			must(w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
				TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
				Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: zones[i%3]}}}))
		}
		for i := range rapid.IntRange(1, 6).Draw(t, "instances") {
			register(i)
		}
		td := func() {
			must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
				ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 128, Memory: model.Int32(256)}}}))
		}
		td()
		// Two services: one tick reconciles both, the second seeing what
		// the first placed.
		for _, name := range []string{"api", "web"} {
			must(w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: name, TaskDefinition: "web",
				DesiredCount: model.Int32(int32(rapid.IntRange(0, 6).Draw(t, "desired")))}))
		}
		svc := func() string { return rapid.SampledFrom([]string{"api", "web"}).Draw(t, "service") }
		pick := func(arns []string, label string) string {
			if len(arns) == 0 {
				return ""
			}
			return arns[rapid.IntRange(0, len(arns)-1).Draw(t, label)]
		}
		instances := func() []string {
			r, _ := w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "prod"})
			return r.ContainerInstanceARNs
		}
		for range rapid.IntRange(1, 25).Draw(t, "ops") {
			switch rapid.IntRange(0, 10).Draw(t, "op") {
			case 0, 1:
				// the scheduler runs on the way; stepCheck sees each step
			case 2:
				w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: svc(), DesiredCount: model.Int32(int32(rapid.IntRange(0, 8).Draw(t, "newDesired")))})
			case 3:
				td()
				w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: svc(), TaskDefinition: "web"})
			case 4:
				if ci := pick(instances(), "drain"); ci != "" {
					w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "prod", ContainerInstances: []string{ci},
						Status: rapid.SampledFrom([]model.ContainerInstanceStatus{model.ContainerInstanceStatusDraining, model.ContainerInstanceStatusActive}).Draw(t, "state")})
				}
			case 5:
				if ci := pick(instances(), "agent"); ci != "" {
					w.SetAgentConnected("prod", ci, rapid.Bool().Draw(t, "connected"))
				}
			case 6:
				register(rapid.IntRange(0, 2).Draw(t, "zone"))
			case 7:
				if ci := pick(instances(), "deregister"); ci != "" {
					w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "prod", ContainerInstance: ci, Force: model.Bool(true)})
				}
			case 8:
				w.RunTask(model.RunTaskRequest{Cluster: "prod", TaskDefinition: "web", Count: model.Int32(int32(rapid.IntRange(1, 2).Draw(t, "run")))})
			case 9:
				r, _ := w.ListTasks(model.ListTasksRequest{Cluster: "prod"})
				if task := pick(r.TaskARNs, "stop"); task != "" {
					w.StopTask(model.StopTaskRequest{Cluster: "prod", Task: task})
				}
			case 10:
				if ci := pick(instances(), "attribute"); ci != "" {
					w.PutAttributes(model.PutAttributesRequest{Cluster: "prod", Attributes: []model.Attribute{{Name: "team",
						Value: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "team"), TargetType: model.TargetTypeContainerInstance, TargetID: ci}}})
				}
			}
			if rapid.IntRange(0, 5).Draw(t, "clone?") == 0 {
				w = w.Clone() // a what-if copy carries its own index on
			}
			if err := w.Advance(time.Duration(rapid.IntRange(1, 5).Draw(t, "minutes")) * time.Minute); err != nil {
				t.Fatal(err)
			}
			// Brought up to date, the kept index holds exactly what an
			// index built now from the world's instances and tasks does.
			cs := w.clusters["prod"]
			fresh, err := placement.NewIndex(cs.instances, cs.tasks)
			if err != nil {
				t.Fatal(err)
			}
			if kept := cs.placementIndex(); !kept.Equal(fresh) {
				t.Fatalf("the kept index differs from one built from scratch")
			}
		}
	})
	if steps < 100 {
		t.Fatalf("only %d scheduler steps were checked", steps)
	}
	t.Logf("%d scheduler steps checked", steps)
}
