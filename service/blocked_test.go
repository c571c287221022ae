package service_test

import (
	"strings"
	"testing"

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
