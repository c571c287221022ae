package service_test

import (
	"strings"
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

func zoneCounts(w *world) map[string]int {
	out := map[string]int{}
	for i := range w.tasks {
		if live(&w.tasks[i]) {
			out[azOf(w, w.tasks[i].ContainerInstanceARN)]++
		}
	}
	return out
}

// imbalancedWorld runs 6 tasks in us-east-1a, then adds instances in
// us-east-1b and us-east-1c.
func imbalancedWorld(t *testing.T, maxP int32) *world {
	w := newWorld([]model.ContainerInstance{instanceAt(0, "us-east-1a", 4096, 8192)}, 100, maxP)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(6)})
	w.settle(t, 10)
	w.insts = append(w.insts, instanceAt(1, "us-east-1b", 4096, 8192), instanceAt(2, "us-east-1c", 4096, 8192))
	w.svc.AvailabilityZoneRebalancing = model.AvailabilityZoneRebalancingEnabled
	return w
}

// The rebalancing process of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html:
// start in the zones with the fewest, stop in the zones with the most once
// the new tasks are healthy, with the events of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/track-service-rebalancing.html
func TestRebalanceEvensOutZones(t *testing.T) {
	w := imbalancedWorld(t, 200)
	var all []string
	for range 12 {
		st := w.step(t)
		for i := len(st.Events) - 1; i >= 0; i-- {
			all = append(all, st.Events[i].Message)
		}
		w.agent(t)
	}
	got := zoneCounts(w)
	if got["us-east-1a"] != 2 || got["us-east-1b"] != 2 || got["us-east-1c"] != 2 {
		t.Fatalf("zones %v; events:\n%s", got, strings.Join(all, "\n"))
	}
	log := strings.Join(all, "\n")
	for _, want := range []string{
		"service (web) is not AZ balanced with 6 tasks in us-east-1a, 0 in us-east-1b, and 0 in us-east-1c. AZ Rebalancing in progress.",
		"web has started 2 tasks in us-east-1b to AZ Rebalance: ",
		"web has started 2 tasks in us-east-1c to AZ Rebalance: ",
		"web has stopped 4 running tasks in us-east-1a due to AZ rebalancing: ",
		"service (web) is AZ balanced with 2 tasks in us-east-1a, 2 tasks in us-east-1b, and 2 tasks in us-east-1c.",
		"(service web) has reached a steady state.",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("missing event %q in:\n%s", want, log)
		}
	}
	if service.Stable(&w.svc) != service.WaiterSuccess {
		t.Errorf("not stable: %s", w.describe())
	}
	before := w.svc
	if st := w.step(t); st.Changed(&before) {
		t.Errorf("balanced service is not a fixed point: %q", st.Events)
	}
}

// With maximumPercent 100 there is no room to start a task first: the
// service reports the imbalance once and waits.
func TestRebalanceWaitsWithoutRoom(t *testing.T) {
	w := imbalancedWorld(t, 100)
	st := w.step(t)
	if len(st.Start)+len(st.Stop) != 0 || len(st.Events) != 1 || !strings.HasPrefix(st.Events[0].Message, "service (web) is not AZ balanced with 6 tasks in us-east-1a") {
		t.Fatalf("step %+v", st)
	}
	before := w.svc
	if st = w.step(t); st.Changed(&before) {
		t.Fatalf("second step changed: %q", st.Events)
	}
}

// Rebalancing never runs during a deployment, nor when disabled or when
// the first strategy rule is not the zone spread.
func TestRebalanceNeverDuringADeployment(t *testing.T) {
	w := imbalancedWorld(t, 200)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	for w.svc.Deployments[0].RolloutState == model.DeploymentRolloutStateInProgress {
		st := w.step(t)
		for _, e := range st.Events {
			if strings.Contains(e.Message, "AZ") {
				t.Fatalf("rebalancing event during a deployment: %q", e.Message)
			}
		}
		w.agent(t)
	}
	for _, c := range []func(*world){
		func(w *world) { w.svc.AvailabilityZoneRebalancing = model.AvailabilityZoneRebalancingDisabled },
		func(w *world) {
			w.svc.PlacementStrategy = []model.PlacementStrategy{{Type: model.PlacementStrategyTypeBinpack, Field: "memory"}}
		},
	} {
		w := imbalancedWorld(t, 200)
		c(w)
		if st := w.step(t); len(st.Start)+len(st.Stop)+len(st.Events) != 0 {
			t.Errorf("acted: %q", st.Events)
		}
	}
}
