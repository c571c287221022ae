package deployment

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

var t0 = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

const (
	tdV1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
	tdV2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"
	tdV3 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"
)

// stableService is a service whose deployment ecs-svc/1 (tdV1) completed
// with desired running tasks.
func stableService(desired int32, dc *model.DeploymentConfiguration) model.Service {
	return model.Service{
		ServiceName: "web", Status: model.ServiceStatusActive, DesiredCount: desired, RunningCount: desired,
		TaskDefinition: tdV1, DeploymentConfiguration: dc, LaunchType: model.LaunchTypeEC2,
		Deployments: []model.Deployment{{
			ID: "ecs-svc/1", Status: model.DeploymentStatusPrimary, TaskDefinition: tdV1, LaunchType: model.LaunchTypeEC2,
			DesiredCount: desired, RunningCount: desired, RolloutState: model.DeploymentRolloutStateCompleted,
			RolloutStateReason: "ECS deployment ecs-svc/1 completed.", CreatedAt: model.At(t0.Add(-time.Hour)),
		}},
	}
}

func breakerConfig(rollback bool, reset *bool, tc *model.ThresholdConfiguration) *model.DeploymentConfiguration {
	return &model.DeploymentConfiguration{DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{
		Enable: true, Rollback: rollback, ResetOnHealthyTask: reset, ThresholdConfiguration: tc}}
}

func mustApply(t *testing.T, svc model.Service, evs ...Event) (model.Service, Result) {
	t.Helper()
	var r Result
	for i, ev := range evs {
		var err error
		r, err = Apply(svc, ev, t0.Add(time.Duration(i)*time.Second))
		if err != nil {
			t.Fatalf("event %d %+v: %v", i, ev, err)
		}
		svc = r.Service
	}
	return svc, r
}

func deploymentByID(s model.Service, id string) *model.Deployment {
	for i := range s.Deployments {
		if s.Deployments[i].ID == id {
			return &s.Deployments[i]
		}
	}
	return nil
}

func TestNewDeploymentSupersedesThePrimary(t *testing.T) {
	svc, r := mustApply(t, stableService(2, nil), Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
	want := []Change{
		{DeploymentID: "ecs-svc/1", From: primaryCompleted, To: activeCompleted, On: Superseded, Reason: "ECS deployment ecs-svc/1 completed."},
		{DeploymentID: "ecs-svc/2", To: primaryInProgress, On: Created, Reason: "ECS deployment ecs-svc/2 in progress."},
	}
	if diff := cmp.Diff(want, r.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if svc.Deployments[0].ID != "ecs-svc/2" || svc.Deployments[0].DesiredCount != 2 || svc.TaskDefinition != tdV2 {
		t.Errorf("new primary %+v, service task definition %s", svc.Deployments[0], svc.TaskDefinition)
	}
	if old := deploymentByID(svc, "ecs-svc/1"); old.DesiredCount != 0 || old.RunningCount != 2 {
		t.Errorf("old deployment %+v: want desired 0, running 2", old)
	}
}

func TestTaskMovesKeepCountsAndDrain(t *testing.T) {
	svc, _ := mustApply(t, stableService(1, nil),
		Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2},
		Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Gone, To: Pending},
	)
	if p := svc.Deployments[0]; p.PendingCount != 1 || svc.PendingCount != 1 || svc.RunningCount != 1 {
		t.Fatalf("after launch: primary %+v, service pending %d running %d", p, svc.PendingCount, svc.RunningCount)
	}
	svc, r := mustApply(t, svc,
		Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Pending, To: Settling},
		Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Settling, To: Healthy},
		Event{Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Healthy, To: Stopping},
	)
	// ecs-svc/1 has no pending or running task left: INACTIVE, but kept as
	// the last COMPLETED deployment.
	if diff := cmp.Diff([]Change{{DeploymentID: "ecs-svc/1", From: activeCompleted, To: State{model.DeploymentStatusInactive, model.DeploymentRolloutStateCompleted}, On: Drained, Reason: "ECS deployment ecs-svc/1 completed."}}, r.Changes); diff != "" {
		t.Errorf("drain (-want +got):\n%s", diff)
	}
	if svc.RunningCount != 1 || svc.PendingCount != 0 || svc.Deployments[0].RunningCount != 1 || len(svc.Deployments) != 2 {
		t.Errorf("service %+v", svc)
	}
	svc, r = mustApply(t, svc, Event{Kind: SteadyStateReached})
	if p := svc.Deployments[0]; p.RolloutState != model.DeploymentRolloutStateCompleted || p.RolloutStateReason != "ECS deployment ecs-svc/2 completed." {
		t.Errorf("primary after steady state: %+v", p)
	}
	if diff := cmp.Diff([]string{"(service web) (deployment ecs-svc/2) deployment completed."}, r.Messages); diff != "" {
		t.Errorf("messages: %s", diff)
	}
	// ecs-svc/1 is no longer the most recent COMPLETED non-PRIMARY… it
	// still is (the PRIMARY does not count), so it stays; a further
	// deployment makes ecs-svc/2 the target and drops ecs-svc/1.
	svc, _ = mustApply(t, svc, Event{Kind: NewDeployment, DeploymentID: "ecs-svc/3", TaskDefinition: tdV3})
	if deploymentByID(svc, "ecs-svc/1") != nil {
		t.Errorf("ecs-svc/1 kept after a newer COMPLETED deployment: %+v", svc.Deployments)
	}
}

func TestApplyRejectsInvalidEvents(t *testing.T) {
	base := stableService(1, nil)
	for name, ev := range map[string]Event{
		"unknown kind":            {},
		"unknown deployment":      {Kind: TaskMoved, DeploymentID: "ecs-svc/9", From: Gone, To: Pending},
		"move not in table":       {Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Healthy, To: Pending},
		"count would go negative": {Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Pending, To: Settling},
		"failure that does not fit": {Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Healthy, To: Stopping,
			Failure: FailedToStart},
		"launch failure on a move":  {Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Healthy, To: Gone, Failure: FailedToLaunch},
		"duplicate deployment":      {Kind: NewDeployment, DeploymentID: "ecs-svc/1", TaskDefinition: tdV2},
		"empty deployment id":       {Kind: NewDeployment, TaskDefinition: tdV2},
		"no task definition":        {Kind: NewDeployment, DeploymentID: "ecs-svc/2"},
		"negative desired":          {Kind: DesiredCountChanged, DesiredCount: -1},
		"steady with missing tasks": {Kind: DesiredCountChanged, DesiredCount: 3},
	} {
		t.Run(name, func(t *testing.T) {
			svc := base
			if name == "steady with missing tasks" {
				svc, _ = mustApply(t, svc, Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
				ev = Event{Kind: SteadyStateReached}
			}
			if _, err := Apply(svc, ev, t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
				t.Errorf("Apply = %v, want InvalidParameterException", err)
			}
		})
	}
}

// The breaker trips when failedTasks reaches the threshold: default 50%
// bounded to at least 3, so desired 1 fails on the third failure.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestBreakerTripsAtThresholdAndRollsBack(t *testing.T) {
	svc, _ := mustApply(t, stableService(1, breakerConfig(true, nil, nil)),
		Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
	fail := Event{Kind: LaunchFailed, DeploymentID: "ecs-svc/2"}
	svc, r := mustApply(t, svc, fail, fail)
	if p := svc.Deployments[0]; p.FailedTasks != 2 || p.RolloutState != model.DeploymentRolloutStateInProgress || len(r.Changes) != 0 {
		t.Fatalf("after 2 failures: %+v", p)
	}
	svc, r = mustApply(t, svc, Event{Kind: LaunchFailed, DeploymentID: "ecs-svc/2", RollbackID: "ecs-svc/3"})
	if r.RolledBackTo != "ecs-svc/1" || r.NoRollbackTarget {
		t.Fatalf("result %+v", r)
	}
	p := svc.Deployments[0]
	if p.ID != "ecs-svc/3" || p.TaskDefinition != tdV1 || p.RolloutStateReason != "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1." || svc.TaskDefinition != tdV1 {
		t.Errorf("rollback primary %+v (service task definition %s)", p, svc.TaskDefinition)
	}
	// The failed deployment had no task: it drains at once and, not being
	// COMPLETED, is dropped.
	if failed := deploymentByID(svc, "ecs-svc/2"); failed != nil {
		t.Errorf("failed deployment kept: %+v", failed)
	}
	wantOn := []Trigger{CircuitBreakerTripped, RolledBackTo, Superseded, Created, Drained}
	var gotOn []Trigger
	for _, c := range r.Changes {
		gotOn = append(gotOn, c.On)
	}
	if diff := cmp.Diff(wantOn, gotOn); diff != "" {
		t.Errorf("triggers (-want +got):\n%s", diff)
	}
	if r.Changes[0].Reason != "ECS deployment circuit breaker: tasks failed to start." {
		t.Errorf("reason %q", r.Changes[0].Reason)
	}
}

func TestBreakerResetOnHealthyTask(t *testing.T) {
	count := &model.ThresholdConfiguration{Type: model.ThresholdTypeCount, Value: 2}
	run := func(reset *bool) model.Deployment {
		svc, _ := mustApply(t, stableService(3, breakerConfig(false, reset, count)),
			Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Gone, To: Pending},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Pending, To: Gone, Failure: FailedToStart},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Gone, To: Pending},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Pending, To: Settling},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Settling, To: Healthy},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Gone, To: Pending},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Pending, To: Settling},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Settling, To: Unhealthy},
			Event{Kind: TaskMoved, DeploymentID: "ecs-svc/2", From: Unhealthy, To: Stopping, Failure: FailedHealthCheck},
		)
		return svc.Deployments[0]
	}
	// Default (reset on): the healthy task wiped the first failure; 1 < 2.
	if d := run(nil); d.FailedTasks != 1 || d.RolloutState != model.DeploymentRolloutStateInProgress {
		t.Errorf("reset on: %+v", d)
	}
	// Reset off: failures add up to 2 = threshold; FAILED without rollback.
	d := run(model.Bool(false))
	if d.FailedTasks != 2 || d.RolloutState != model.DeploymentRolloutStateFailed || d.Status != model.DeploymentStatusPrimary {
		t.Errorf("reset off: %+v", d)
	}
}

func TestBreakerUsesLatestDesiredCount(t *testing.T) {
	// Desired 10 → threshold 5; 4 failures; scaling to 6 gives 3 ≤ 4: trip.
	svc, _ := mustApply(t, stableService(10, breakerConfig(false, nil, nil)),
		Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
	f := Event{Kind: LaunchFailed, DeploymentID: "ecs-svc/2"}
	svc, _ = mustApply(t, svc, f, f, f, f)
	if svc.Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress {
		t.Fatal("tripped below the threshold")
	}
	svc, _ = mustApply(t, svc, Event{Kind: DesiredCountChanged, DesiredCount: 6})
	if p := svc.Deployments[0]; p.RolloutState != model.DeploymentRolloutStateFailed || p.DesiredCount != 6 {
		t.Errorf("after scaling in: %+v", p)
	}
}

func TestRollbackWithoutCompletedDeployment(t *testing.T) {
	svc := model.Service{ServiceName: "web", DesiredCount: 1, DeploymentConfiguration: breakerConfig(true, nil, nil)}
	f := Event{Kind: LaunchFailed, DeploymentID: "ecs-svc/1"}
	svc, r := mustApply(t, svc, Event{Kind: NewDeployment, DeploymentID: "ecs-svc/1", TaskDefinition: tdV1}, f, f, f)
	if !r.NoRollbackTarget || len(svc.Deployments) != 1 || svc.Deployments[0].RolloutState != model.DeploymentRolloutStateFailed {
		t.Errorf("result %+v, deployments %+v", r, svc.Deployments)
	}
	// A FAILED primary counts no more failures and the planner halts.
	svc2, _ := mustApply(t, svc, f)
	if svc2.Deployments[0].FailedTasks != 3 {
		t.Errorf("failedTasks %d after FAILED", svc2.Deployments[0].FailedTasks)
	}
}

func TestFailedRollbackDoesNotRollBackAgain(t *testing.T) {
	svc, _ := mustApply(t, stableService(1, breakerConfig(true, nil, nil)),
		Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
	f2 := Event{Kind: LaunchFailed, DeploymentID: "ecs-svc/2"}
	svc, r := mustApply(t, svc, f2, f2, f2)
	rb := svc.Deployments[0].ID
	if r.RolledBackTo != "ecs-svc/1" || !strings.HasPrefix(rb, "ecs-svc/") || rb == "ecs-svc/2" {
		t.Fatalf("first rollback %+v", r)
	}
	f3 := Event{Kind: LaunchFailed, DeploymentID: rb}
	svc, r = mustApply(t, svc, f3, f3, f3)
	if !r.NoRollbackTarget || svc.Deployments[0].ID != rb || svc.Deployments[0].RolloutState != model.DeploymentRolloutStateFailed {
		t.Errorf("second failure %+v, primary %+v", r, svc.Deployments[0])
	}
}

// A monitored alarm in ALARM fails the deployment like the breaker, with
// rollback when configured.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
func TestAlarmFailsTheDeployment(t *testing.T) {
	dc := &model.DeploymentConfiguration{Alarms: &model.DeploymentAlarms{Enable: true, Rollback: true, AlarmNames: []string{"5xx", "latency"}}}
	svc, _ := mustApply(t, stableService(2, dc), Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
	same, r := mustApply(t, svc, Event{Kind: AlarmFired, AlarmNames: []string{"unrelated"}})
	if len(r.Changes) != 0 || same.Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress {
		t.Errorf("an unmonitored alarm changed the deployment: %+v", r.Changes)
	}
	svc, r = mustApply(t, svc, Event{Kind: AlarmFired, AlarmNames: []string{"latency", "5xx", "latency"}, RollbackID: "ecs-svc/3"})
	if r.Changes[0].Reason != "ECS deployment alarms triggered: latency, 5xx." || r.Changes[0].On != AlarmTripped {
		t.Errorf("change %+v", r.Changes[0])
	}
	if r.RolledBackTo != "ecs-svc/1" || svc.Deployments[0].TaskDefinition != tdV1 ||
		svc.Deployments[0].RolloutStateReason != "ECS deployment alarms: rolling back to deploymentId ecs-svc/1." {
		t.Errorf("rollback %+v", svc.Deployments[0])
	}
}

func TestTransitionTable(t *testing.T) {
	states := []State{{}}
	for _, st := range model.DeploymentStatus("").Values() {
		for _, ro := range append(model.DeploymentRolloutState("").Values(), "") {
			states = append(states, State{st, ro})
		}
	}
	triggers := []Trigger{Created, Superseded, SteadyState, CircuitBreakerTripped, AlarmTripped, StopRequested, Drained, RolledBackTo}
	allowed := 0
	for _, s := range states {
		for _, on := range triggers {
			to, ok := Next(s, on)
			if !ok {
				continue
			}
			allowed++
			// Status only moves forward and an INACTIVE deployment is final,
			// but for a rollback reopening the COMPLETED target it keeps.
			rank := map[model.DeploymentStatus]int{"": 0, model.DeploymentStatusPrimary: 1, model.DeploymentStatusActive: 2, model.DeploymentStatusInactive: 3}
			if rank[to.Status] < rank[s.Status] || s.Status == model.DeploymentStatusInactive && on != RolledBackTo {
				t.Errorf("%v --%s--> %v goes backwards", s, on, to)
			}
			// A rollback reopens only a COMPLETED deployment that is not
			// PRIMARY, and keeps its status.
			if on == RolledBackTo && (s.Rollout != model.DeploymentRolloutStateCompleted || to.Rollout != model.DeploymentRolloutStateInProgress ||
				s.Status != to.Status || s.Status == model.DeploymentStatusPrimary) {
				t.Errorf("%v --%s--> %v is not a reopening", s, on, to)
			}
			// Only a trigger that fails or completes changes the rollout state.
			if s.Rollout != to.Rollout && on != SteadyState && on != CircuitBreakerTripped && on != AlarmTripped && on != StopRequested && on != Created && on != RolledBackTo {
				t.Errorf("%v --%s--> %v changes the rollout state", s, on, to)
			}
		}
	}
	if allowed != len(Transitions()) {
		t.Errorf("Next allows %d moves, the table has %d", allowed, len(Transitions()))
	}
	ts := Transitions()
	ts[0].To = State{}
	if Transitions()[0].To != primaryInProgress {
		t.Error("Transitions returned the table itself")
	}
}

// ECS omits rolloutState for services behind a Classic Load Balancer; such
// a deployment is still superseded and drained.
func TestDeploymentWithoutRolloutState(t *testing.T) {
	svc := stableService(1, nil)
	svc.Deployments[0].RolloutState, svc.Deployments[0].RolloutStateReason = "", ""
	svc, r := mustApply(t, svc,
		Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2},
		Event{Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Healthy, To: Gone})
	want := []Change{{DeploymentID: "ecs-svc/1", From: State{Status: model.DeploymentStatusActive}, To: State{Status: model.DeploymentStatusInactive}, On: Drained}}
	if diff := cmp.Diff(want, r.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if len(svc.Deployments) != 1 {
		t.Errorf("deployments %+v", svc.Deployments)
	}
	bad := stableService(1, nil)
	bad.Deployments[0].Status = "DRAINING"
	if _, err := Apply(bad, Event{Kind: SteadyStateReached}, t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("unknown status: %v", err)
	}
	two := stableService(1, nil)
	two.Deployments = append(two.Deployments, two.Deployments[0])
	two.Deployments[1].ID = "ecs-svc/0"
	if _, err := Apply(two, Event{Kind: SteadyStateReached}, t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("two primaries: %v", err)
	}
}

func TestNamesAndStages(t *testing.T) {
	if Gone.String() != "GONE" || Stopping.String() != "STOPPING" || TaskState(42).String() != "TaskState(42)" {
		t.Error("TaskState names")
	}
	for f, stage := range map[Failure]int{NoFailure: 0, FailedToLaunch: 1, FailedToStart: 1, FailedHealthCheck: 2, Failure(9): 0} {
		if f.Stage() != stage {
			t.Errorf("%v stage %d, want %d", f, f.Stage(), stage)
		}
	}
	if FailedHealthCheck.String() != "FAILED_HEALTH_CHECK" || Failure(9).String() != "Failure(?)" {
		t.Error("Failure names")
	}
	moves := TaskMoves()
	for _, m := range moves {
		if !CanMove(m.From, m.To) || m.From == m.To {
			t.Errorf("move %v", m)
		}
	}
	if CanMove(Stopping, Healthy) || CanMove(Gone, Healthy) || CanMove(Healthy, Pending) {
		t.Error("a task moved backwards or skipped its launch")
	}
	moves[0] = TaskMove{}
	if TaskMoves()[0] == (TaskMove{}) {
		t.Error("TaskMoves returned the table itself")
	}
}
