package service_test

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// A rolling update's steps carry the floor and ceiling: minimumHealthyPercent
// rounded up and maximumPercent rounded down, of the desired count, as
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
// states it; nothing blocks a rollout that has room.
func TestStepBoundsAndNotBlocked(t *testing.T) {
	for _, tc := range []struct {
		desired, minP, maxP int32
		floor, ceiling      int64
	}{
		{4, 50, 150, 2, 6},
		{3, 50, 125, 2, 3}, // 1.5 rounds up, 3.75 rounds down
		{6, 100, 200, 6, 12},
	} {
		w := newWorld(threeZones(2, 4096, 8192), tc.minP, tc.maxP)
		w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(tc.desired)})
		w.settle(t, 10)
		w.tds = append(w.tds, taskDef("web", 2, 256))
		w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
		st := w.step(t)
		if st.Bounds != (deployment.Bounds{Floor: tc.floor, Ceiling: tc.ceiling}) {
			t.Errorf("desired %d min %d max %d: bounds %+v, want floor %d ceiling %d", tc.desired, tc.minP, tc.maxP, st.Bounds, tc.floor, tc.ceiling)
		}
		if st.Blocked != "" || st.BlockedReason != "" || st.Unplaced != 0 {
			t.Errorf("desired %d min %d max %d: blocked %q %q unplaced %d", tc.desired, tc.minP, tc.maxP, st.Blocked, st.BlockedReason, st.Unplaced)
		}
		if len(st.Start)+len(st.Stop) == 0 {
			t.Errorf("desired %d min %d max %d: the first step of the rollout does nothing", tc.desired, tc.minP, tc.maxP)
		}
	}
}

// minimumHealthyPercent 100 with maximumPercent 100 blocks a deployment
// (the documented case); the step says so on every step, while the event
// is written once.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func TestStepBlockedByDeploymentConfiguration(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 100)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	w.settle(t, 10)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	const msg = "(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
	for i := range 3 {
		st := w.step(t)
		if st.Blocked != service.BlockedByDeploymentConfiguration || st.BlockedReason != msg {
			t.Fatalf("step %d: blocked %q %q", i, st.Blocked, st.BlockedReason)
		}
		if st.Bounds != (deployment.Bounds{Floor: 2, Ceiling: 2}) {
			t.Errorf("step %d: bounds %+v", i, st.Bounds)
		}
		if wantEvents := i == 0; (len(st.Events) > 0) != wantEvents {
			t.Errorf("step %d: events %q", i, messages(st.Events))
		}
	}
}

// One instance with room for one task, two desired: one starts, one is
// unplaced, with ECS's placement failure as the reason, on every step.
func TestStepBlockedByPlacement(t *testing.T) {
	w := newWorld([]model.ContainerInstance{instanceAt(0, "us-east-1a", 2048, 300)}, 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	st := w.step(t)
	if len(st.Start) != 1 || st.Unplaced != 1 || st.Blocked != service.BlockedByPlacement ||
		!strings.HasPrefix(st.BlockedReason, "(service web) was unable to place a task because no container instance met all of its requirements.") {
		t.Fatalf("first step: started %d unplaced %d blocked %q %q", len(st.Start), st.Unplaced, st.Blocked, st.BlockedReason)
	}
	w.agent(t)
	st = w.step(t)
	if len(st.Start) != 0 || st.Unplaced != 1 || st.Blocked != service.BlockedByPlacement || len(st.Events) != 0 {
		t.Fatalf("second step: started %d unplaced %d blocked %q events %q", len(st.Start), st.Unplaced, st.Blocked, messages(st.Events))
	}
}

// Tasks that fail to start trip the circuit breaker: the trip step is
// blocked by it; without rollback the PRIMARY is FAILED and every later
// step is blocked with its rolloutStateReason.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestStepBlockedByCircuitBreaker(t *testing.T) {
	for _, rollback := range []bool{true, false} {
		w := newWorld(threeZones(1, 4096, 8192), 100, 200)
		w.svc.DeploymentConfiguration.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, Rollback: rollback}
		w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
		w.settle(t, 10)
		bad := taskDef("web", 2, 256)
		w.tds = append(w.tds, bad)
		w.failStart = map[string]bool{bad.TaskDefinitionARN: true}
		w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
		var trip *service.Step
		for i := 0; i < 20 && trip == nil; i++ {
			st := w.step(t)
			if st.Blocked != "" {
				trip = &st
			}
			w.agent(t)
		}
		if trip == nil || trip.Blocked != service.BlockedByCircuitBreaker || !strings.HasSuffix(trip.BlockedReason, "deployment failed: tasks failed to start.") {
			t.Fatalf("rollback %v: trip %+v", rollback, trip)
		}
		st := w.step(t)
		if rollback {
			if st.Blocked != "" {
				t.Errorf("after the rollback: blocked %q %q", st.Blocked, st.BlockedReason)
			}
			continue
		}
		p := w.svc.Deployments[0]
		if p.RolloutState != model.DeploymentRolloutStateFailed || st.Blocked != service.BlockedByCircuitBreaker || st.BlockedReason != p.RolloutStateReason || st.BlockedReason == "" {
			t.Errorf("after the trip without rollback: primary %s %q, step blocked %q %q", p.RolloutState, p.RolloutStateReason, st.Blocked, st.BlockedReason)
		}
	}
}

// Over random services, updates and agents (small instances, so that
// placement fails at times; any percentages, so that some deployments
// cannot progress; a revision whose tasks fail to start, so that the
// circuit breaker trips), every step's Blocked agrees with what it did:
//   - the bounds are minimumHealthyPercent of the desired count rounded up
//     and maximumPercent of it rounded down, whenever the step planned;
//   - a deployment-configuration block starts and stops nothing and says
//     ECS's no-progress message;
//   - tasks left unplaced mean a placement block, and a placement block
//     means tasks left unplaced, with ECS's placement message;
//   - a steady step is not blocked, and an unblocked step has no reason.
func TestStepBlockedProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var insts []model.ContainerInstance
		for i := range rapid.IntRange(1, 4).Draw(t, "instances") {
			insts = append(insts, instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i%3), 1024, int64(rapid.IntRange(256, 2048).Draw(t, fmt.Sprint("mem", i)))))
		}
		w := newWorld(insts, int32(rapid.IntRange(0, 100).Draw(t, "min")), int32(rapid.IntRange(100, 200).Draw(t, "max")))
		w.checkBounds = false // a stuck configuration may hold tasks above its ceiling
		w.svc.DeploymentConfiguration.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: rapid.Bool().Draw(t, "breaker"), Rollback: rapid.Bool().Draw(t, "rollback")}
		rev := int32(1)
		for i := range rapid.IntRange(1, 4).Draw(t, "updates") {
			var req model.UpdateServiceRequest
			switch rapid.IntRange(0, 1).Draw(t, fmt.Sprint("kind", i)) {
			case 0:
				req.DesiredCount = model.Int32(int32(rapid.IntRange(0, 6).Draw(t, fmt.Sprint("desired", i))))
			case 1:
				rev++
				td := taskDef("web", rev, int32(rapid.IntRange(128, 1024).Draw(t, fmt.Sprint("tdmem", i))))
				w.tds = append(w.tds, td)
				if rapid.IntRange(0, 3).Draw(t, fmt.Sprint("bad", i)) == 0 {
					if w.failStart == nil {
						w.failStart = map[string]bool{}
					}
					w.failStart[td.TaskDefinitionARN] = true
				}
				req.TaskDefinition = "web"
			}
			w.update(t, req)
			for range rapid.IntRange(1, 8).Draw(t, fmt.Sprint("rounds", i)) {
				before := w.svc
				st := w.step(t)
				check(t, &before, &st)
				w.agent(t)
			}
		}
	})
}

func check(t *rapid.T, before *model.Service, st *service.Step) {
	dc := before.DeploymentConfiguration
	d := int64(before.DesiredCount)
	floor, ceiling := (d*int64(*dc.MinimumHealthyPercent)+99)/100, d*int64(*dc.MaximumPercent)/100
	if st.Bounds != (deployment.Bounds{}) && st.Bounds != (deployment.Bounds{Floor: floor, Ceiling: ceiling}) {
		t.Fatalf("bounds %+v, want floor %d ceiling %d", st.Bounds, floor, ceiling)
	}
	switch st.Blocked {
	case service.BlockedByDeploymentConfiguration:
		if len(st.Start)+len(st.Stop) > 0 || st.BlockedReason != deployment.NoProgressMessage(before.ServiceName) {
			t.Fatalf("blocked by the configuration, yet starts %d stops %d, reason %q", len(st.Start), len(st.Stop), st.BlockedReason)
		}
	case service.BlockedByPlacement:
		if st.Unplaced == 0 || !strings.HasPrefix(st.BlockedReason, "(service web) was unable to place a task") {
			t.Fatalf("blocked by placement with %d unplaced, reason %q", st.Unplaced, st.BlockedReason)
		}
	case service.BlockedByCircuitBreaker:
		if st.BlockedReason == "" {
			t.Fatal("circuit breaker block without a reason")
		}
	case "":
		if st.BlockedReason != "" || st.Unplaced != 0 {
			t.Fatalf("not blocked, yet reason %q unplaced %d", st.BlockedReason, st.Unplaced)
		}
	default:
		t.Fatalf("unknown block %q", st.Blocked)
	}
	if st.Unplaced > 0 && st.Blocked != service.BlockedByPlacement {
		t.Fatalf("%d unplaced, blocked %q", st.Unplaced, st.Blocked)
	}
	if st.Steady && st.Blocked != "" {
		t.Fatalf("steady and blocked %q", st.Blocked)
	}
}

// Two services whose deployments share an ID (deployment IDs come from
// the time, so services deployed in the same millisecond share one) each
// keep their own tasks: a task's group names its service, whatever its
// startedBy.
func TestReconcileKeepsOtherServicesTasksWithTheSameDeploymentID(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 0, 100)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	w.settle(t, 10)
	// Service "api", desired 0, on a deployment with web's ID.
	api := w.svc
	api.ServiceName, api.ServiceARN = "api", wacct.ServiceARN("prod", "api")
	api.DesiredCount = 0
	api.Deployments = []model.Deployment{w.svc.Deployments[0]}
	api.Deployments[0].DesiredCount, api.Deployments[0].RunningCount = 0, 0
	api.Events = nil
	st, err := service.Reconcile(&service.Input{Service: api, Tasks: w.tasks, Instances: w.insts, TaskDefinitions: w.tds}, w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Stop)+len(st.Start)+len(st.Forget) != 0 || !st.Steady {
		t.Errorf("api's step stops %d starts %d forgets %d, steady %v: it took web's tasks", len(st.Stop), len(st.Start), len(st.Forget), st.Steady)
	}
}
