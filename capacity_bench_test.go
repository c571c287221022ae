package ecsstate

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// benchTerminating is a cluster of 1,000 instances of one capacity
// provider with 2,000 service tasks, 20 of its instances draining for
// termination and kept busy by a standalone task each (so they stay
// draining): the state settleTerminations looks at after every event.
func benchTerminating(b *testing.B) *World {
	b.Helper()
	w := New(Options{Seed: 1})
	must := func(_ any, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))
	must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
		ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 128, Memory: model.Int32(256)}}}))
	must(w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "asg", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}}))
	must(w.PutClusterCapacityProviders(model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"asg"}, DefaultCapacityProviderStrategy: []model.CapacityProviderStrategyItem{}}))
	var insts []string
	for i := range 1000 {
		r, err := w.LaunchInstance("asg", model.RegisterContainerInstanceRequest{Cluster: "c",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: fmt.Sprintf("us-east-1%c", 'a'+i%3)}}})
		must(r, err)
		insts = append(insts, r.ContainerInstance.ContainerInstanceARN)
	}
	must(w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "s", TaskDefinition: "web", DesiredCount: model.Int32(2000)}))
	must(nil, w.Advance(5*time.Minute))
	for i := 0; i < 20; i += 10 {
		must(w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web", ContainerInstances: insts[i : i+10]}))
	}
	must(nil, w.Advance(time.Minute))
	for _, arn := range insts[:20] {
		must(nil, w.TerminateInstance("c", arn))
	}
	if len(w.capacity.terminating) != 20 {
		b.Fatalf("%d terminating, want 20", len(w.capacity.terminating))
	}
	return w
}

// settleNaive is the baseline: for every terminating instance, a scan of
// the cluster's tasks for one still on it.
func settleNaive(w *World) int {
	busy := 0
	for _, arn := range slices.Sorted(maps.Keys(w.capacity.terminating)) {
		cs := w.clusters[w.capacity.terminating[arn].cluster]
		if slices.ContainsFunc(cs.tasks, func(t model.Task) bool {
			return t.ContainerInstanceARN == arn && t.LastStatus != model.TaskStatusStopped
		}) {
			busy++
		}
	}
	return busy
}

// BenchmarkSettleTerminations is the check that runs after every event
// while instances drain for termination, against the naive scan.
func BenchmarkSettleTerminations(b *testing.B) {
	w := benchTerminating(b)
	b.Run("counts", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := w.settleTerminations(); err != nil {
				b.Fatal(err)
			}
		}
		if len(w.capacity.terminating) != 20 {
			b.Fatal("an instance finished draining during the benchmark")
		}
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if settleNaive(w) != 20 {
				b.Fatal("an instance finished draining")
			}
		}
	})
}
