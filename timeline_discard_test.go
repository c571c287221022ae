package ecsstate

import (
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/google/go-cmp/cmp"
)

// A world that discards its timeline ends in exactly the state of one that
// keeps it, through a deployment, a scale-in and a Predict; it only keeps
// no records, and its predictions are the same.
func TestDiscardTimelineSameState(t *testing.T) {
	type outcome struct {
		Services  model.DescribeServicesResponse
		Tasks     model.DescribeTasksResponse
		Instances model.DescribeContainerInstancesResponse
		Listed    model.ListTasksResponse
		Predicted Prediction
		Now       time.Time
	}
	runWorld := func(discard bool) (outcome, *World) {
		w := New(Options{Seed: 11, DiscardTimeline: discard})
		ok(w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))(t)
		var insts []string
		for i := range 6 {
			r := ok(w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
				TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
				Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: fixtureZones[i%3]}}}))(t)
			insts = append(insts, r.ContainerInstance.ContainerInstanceARN)
		}
		for range 2 {
			ok(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
				ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}}}))(t)
		}
		ok(w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(6)}))(t)
		if err := w.Advance(5 * time.Minute); err != nil {
			t.Fatal(err)
		}
		ok(w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "web", TaskDefinition: "web:2"}))(t)
		if err := w.Advance(3 * time.Minute); err != nil {
			t.Fatal(err)
		}
		ok(w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "web", DesiredCount: model.Int32(3)}))(t)
		if err := w.Advance(2 * time.Minute); err != nil {
			t.Fatal(err)
		}
		var o outcome
		o.Predicted = ok(w.Predict(model.UpdateServiceRequest{Cluster: "c", Service: "web", TaskDefinition: "web:1"}, time.Hour))(t)
		o.Listed = ok(w.ListTasks(model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped}))(t)
		all := o.Listed.TaskARNs
		all = append(all, ok(w.ListTasks(model.ListTasksRequest{Cluster: "c"}))(t).TaskARNs...)
		o.Tasks = ok(w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: all}))(t)
		o.Services = ok(w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"web"}}))(t)
		o.Instances = ok(w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "c", ContainerInstances: insts}))(t)
		o.Now = w.Now()
		return o, w
	}
	kept, wk := runWorld(false)
	discarded, wd := runWorld(true)
	if len(kept.Tasks.Tasks) == 0 || len(kept.Services.Services) != 1 || len(kept.Services.Services[0].Events) == 0 {
		t.Fatalf("the scenario did nothing: %d tasks, services %+v", len(kept.Tasks.Tasks), kept.Services)
	}
	if diff := cmp.Diff(kept, discarded); diff != "" {
		t.Errorf("discarding the timeline changed the world (-kept +discarded):\n%s", diff)
	}
	if n := len(wk.Timeline()); n == 0 {
		t.Error("the world that keeps its timeline has none")
	}
	if got := wd.Timeline(); len(got) != 0 {
		t.Errorf("DiscardTimeline kept %d records, first %v", len(got), got[0])
	}
	if got := wd.TimelineSince(0); len(got) != 0 {
		t.Errorf("DiscardTimeline: TimelineSince(0) gave %d records", len(got))
	}
	if wk.recSeq != wd.recSeq {
		t.Errorf("records numbered to %d when kept, %d when discarded", wk.recSeq, wd.recSeq)
	}
}
