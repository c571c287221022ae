package ecsstate_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// snapshotOf is the snapshot a caller builds from a generated world.
func snapshotOf(ws gen.WorldState) ecsstate.Snapshot {
	s := ecsstate.Snapshot{
		Clusters:           []model.Cluster{ws.Cluster},
		ContainerInstances: ws.Instances,
		Services:           ws.Services,
		Tasks:              ws.Tasks,
	}
	for _, td := range ws.TaskDefinitions {
		s.TaskDefinitions = append(s.TaskDefinitions, model.DescribeTaskDefinitionResponse{TaskDefinition: &td})
	}
	return s
}

// A generated world is coherent, so Load takes it as it is: no warning,
// every instance keeps its remaining resources and task counts, every
// service its counts, and, since every service already runs its desired
// count on a COMPLETED deployment, the scheduler starts and stops nothing
// when every instance is ACTIVE and connected and AZ rebalancing is off.
// steadyChecked counts the worlds the steadiness check ran on.
var steadyChecked int

func TestLoadTakesGeneratedWorldsAsTheyAre(t *testing.T) {
	defer func() {
		if steadyChecked == 0 {
			t.Error("no generated world had every instance ACTIVE and connected: the steadiness check never ran")
		}
	}()
	rapid.Check(t, func(t *rapid.T) {
		ws := gen.World(gen.WorldSpec{}).Draw(t, "world")
		// A generated world need not be balanced over its zones; AZ
		// rebalancing would then move tasks, as ECS does. Off, nothing
		// should move.
		for i := range ws.Services {
			ws.Services[i].AvailabilityZoneRebalancing = model.AvailabilityZoneRebalancingDisabled
		}
		w, warnings, err := ecsstate.Load(ecsstate.Options{Account: ws.Account, Start: ws.Now, Seed: 1}, snapshotOf(ws))
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) > 0 {
			t.Fatalf("warnings for a coherent world: %v", warnings)
		}
		cluster := ws.Cluster.ClusterName
		var arns []string
		for _, ci := range ws.Instances {
			arns = append(arns, ci.ContainerInstanceARN)
		}
		if len(arns) > 0 {
			got, err := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: cluster, ContainerInstances: arns})
			if err != nil {
				t.Fatal(err)
			}
			for i, ci := range got.ContainerInstances {
				want := ws.Instances[i]
				if d := cmp.Diff(want.RemainingResources, ci.RemainingResources); d != "" {
					t.Errorf("%s remaining resources (-generated +loaded):\n%s", want.ContainerInstanceARN, d)
				}
				if ci.RunningTasksCount != want.RunningTasksCount || ci.PendingTasksCount != want.PendingTasksCount {
					t.Errorf("%s counts running %d pending %d, generated %d %d", want.ContainerInstanceARN,
						ci.RunningTasksCount, ci.PendingTasksCount, want.RunningTasksCount, want.PendingTasksCount)
				}
			}
		}
		for _, ci := range ws.Instances {
			if ci.Status != model.ContainerInstanceStatusActive || !ci.AgentConnected {
				return // draining moves tasks: not a steady world
			}
		}
		steadyChecked++
		seq := uint64(0)
		if tl := w.Timeline(); len(tl) > 0 {
			seq = tl[len(tl)-1].Seq
		}
		if err := w.Advance(5 * time.Minute); err != nil {
			t.Fatal(err)
		}
		for _, r := range ecsstate.Filter(w.TimelineSince(seq), ecsstate.OfKind(ecsstate.RecordTaskStatus)) {
			t.Errorf("a steady generated world changed a task: %s", r)
		}
		for _, svc := range ws.Services {
			got, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: cluster, Services: []string{svc.ServiceName}})
			if err != nil || len(got.Services) != 1 {
				t.Fatal(err, got.Failures)
			}
			if g := got.Services[0]; g.RunningCount != svc.RunningCount || g.DesiredCount != svc.DesiredCount {
				t.Errorf("%s running %d desired %d, generated %d %d", svc.ServiceName, g.RunningCount, g.DesiredCount, svc.RunningCount, svc.DesiredCount)
			}
		}
	})
}
