package service_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// genWorld draws a cluster of 1 to 6 roomy instances over 1 to 3 zones
// and a service whose deployment configuration can always make progress
// for desired counts up to 8.
func genWorld(t *rapid.T) *world {
	zones := rapid.IntRange(1, 3).Draw(t, "zones")
	n := rapid.IntRange(1, 6).Draw(t, "instances")
	var insts []model.ContainerInstance
	for i := range n {
		insts = append(insts, instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i%zones), 4096, 8192))
	}
	minP := int32(rapid.IntRange(0, 100).Draw(t, "min"))
	maxP := int32(rapid.IntRange(100, 200).Draw(t, "max"))
	for d := int32(0); d <= 8; d++ {
		if p, _ := deployment.CheckProgress(d, deployment.Config{MinimumHealthyPercent: minP, MaximumPercent: maxP}); p.Stuck {
			maxP = 200
		}
	}
	w := newWorld(insts, minP, maxP)
	if rapid.Bool().Draw(t, "rebalancing") {
		w.svc.AvailabilityZoneRebalancing = model.AvailabilityZoneRebalancingEnabled
	}
	return w
}

// TestReconcileConvergesWithinBounds drives a service through random
// updates (desired count, new revisions, forced deployments) with a
// simple agent. Every step keeps the floor and the ceiling (world.bounds),
// and once the updates stop the service reaches a steady state the
// ServicesStable waiter accepts, with its PRIMARY COMPLETED, and stays
// there: a further step changes nothing.
func TestReconcileConvergesWithinBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		rev := int32(1)
		for i := range rapid.IntRange(1, 4).Draw(t, "updates") {
			var req model.UpdateServiceRequest
			switch rapid.IntRange(0, 2).Draw(t, fmt.Sprint("kind", i)) {
			case 0:
				req.DesiredCount = model.Int32(int32(rapid.IntRange(0, 8).Draw(t, fmt.Sprint("desired", i))))
			case 1:
				rev++
				w.tds = append(w.tds, taskDef("web", rev, 256))
				req.TaskDefinition = "web"
			case 2:
				req.ForceNewDeployment = model.Bool(true)
			}
			w.update(t, req)
			for range rapid.IntRange(0, 4).Draw(t, fmt.Sprint("rounds", i)) {
				w.step(t)
				w.agent(t)
			}
		}
		w.settle(t, 60)
		for _, tk := range w.tasks {
			if live(&tk) && tk.TaskDefinitionARN != w.svc.TaskDefinition {
				t.Fatalf("task %s of %s still live after convergence", tk.TaskARN, tk.TaskDefinitionARN)
			}
		}
		if w.svc.AvailabilityZoneRebalancing == model.AvailabilityZoneRebalancingEnabled {
			// Let a rebalancing finish too.
			for range 20 {
				w.step(t)
				w.agent(t)
			}
			w.settle(t, 20)
		}
		before := w.svc
		if st := w.step(t); st.Changed(&before) {
			t.Fatalf("steady service changed on a further step: %q\n%s", st.Events, w.describe())
		}
	})
}

// TestReconcileNeverMutatesItsInput checks every step of a random run,
// and that each step is deterministic.
func TestReconcileNeverMutatesItsInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(int32(rapid.IntRange(1, 6).Draw(t, "desired")))})
		for i := range 6 {
			if i == 3 {
				w.tds = append(w.tds, taskDef("web", 2, 256))
				w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
			}
			in := w.input()
			in.TargetHealth = map[string]deployment.TargetHealth{"x": deployment.TargetHealthy}
			before := deepCopy(t, *in)
			first, err := service.Reconcile(in, w.now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, *in, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("input changed:\n%s", diff)
			}
			// Deterministic: the same input gives the same step.
			again, _ := service.Reconcile(in, w.now)
			if diff := cmp.Diff(first, again); diff != "" {
				t.Fatalf("two calls differ:\n%s", diff)
			}
			w.step(t)
			w.agent(t)
		}
	})
}
