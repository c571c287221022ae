package service_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

func messages(evs []model.ServiceEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Message
	}
	return out
}

func azOf(w *world, arn string) string {
	for i := range w.insts {
		if w.insts[i].ContainerInstanceARN == arn {
			return w.insts[i].AvailabilityZone()
		}
	}
	return ""
}

// Scale-out from 0 to 3 on three zones: one task per zone (the default
// placement of the UpdateService reference), the started event,
// then "deployment completed." and "has reached a steady state.", then a
// fixed point.
func TestReconcileScaleOutToSteadyState(t *testing.T) {
	w := newWorld(threeZones(2, 2048, 4096), 100, 200)
	w.svc.Deployments[0].RolloutState = model.DeploymentRolloutStateInProgress
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(3)})
	st := w.step(t)
	if len(st.Start) != 3 {
		t.Fatalf("started %d, want 3", len(st.Start))
	}
	zones := map[string]int{}
	ids := []string{}
	for _, tk := range st.Start {
		zones[azOf(w, tk.ContainerInstanceARN)]++
		ids = append(ids, "(task "+tk.TaskARN[strings.LastIndexByte(tk.TaskARN, '/')+1:]+")")
		if tk.StartedBy != w.svc.Deployments[0].ID || tk.Group != "service:web" || tk.LastStatus != model.TaskStatusProvisioning {
			t.Errorf("new task %+v", tk)
		}
	}
	if len(zones) != 3 {
		t.Errorf("zones %v, want one task in each of three", zones)
	}
	want := []string{"(service web) has started 3 tasks: " + strings.Join(ids, " ") + "."}
	if diff := cmp.Diff(want, messages(st.Events)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	w.agent(t)     // RUNNING for a minute: past the 40 s settle time
	st = w.step(t) // healthy: steady
	p := w.svc.Deployments[0]
	want = []string{
		"(service web) has reached a steady state.",
		fmt.Sprintf("(service web) (deployment %s) deployment completed.", p.ID),
	}
	if diff := cmp.Diff(want, messages(st.Events)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if !st.Steady || p.RolloutState != model.DeploymentRolloutStateCompleted || w.svc.RunningCount != 3 || p.RunningCount != 3 {
		t.Errorf("after steady state: %s", w.describe())
	}
	if service.Stable(&w.svc) != service.WaiterSuccess {
		t.Error("waiter does not accept the steady service")
	}
	before := w.svc
	st = w.step(t)
	if st.Changed(&before) || !cmp.Equal(before, w.svc) {
		t.Errorf("a second step changed something: %+v\n%s", st, cmp.Diff(before, w.svc))
	}
}

// Steady state is announced again once RepeatInterval has passed.
func TestSteadyStateIsReannouncedAfterSixHours(t *testing.T) {
	w := newWorld(threeZones(1, 2048, 4096), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(1)})
	w.settle(t, 10)
	w.now = w.now.Add(5 * time.Hour)
	if st := w.step(t); len(st.Events) != 0 {
		t.Fatalf("events after 5 h: %v", messages(st.Events))
	}
	w.now = w.now.Add(time.Hour)
	if st := w.step(t); !cmp.Equal(messages(st.Events), []string{"(service web) has reached a steady state."}) {
		t.Fatalf("events after 6 h: %v", messages(st.Events))
	}
}

// The placement failure event names the closest matching instance and the
// resource, as in the Developer Guide's service event messages
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html),
// and is not repeated while nothing changes.
func TestReconcileReportsPlacementFailureOnce(t *testing.T) {
	w := newWorld([]model.ContainerInstance{instanceAt(0, "us-east-1a", 2048, 300)}, 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	st := w.step(t)
	if len(st.Start) != 1 {
		t.Fatalf("started %d, want 1", len(st.Start))
	}
	fail := "(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 00000000000000000000000000000001) has insufficient memory available."
	got := messages(st.Events)
	if len(got) != 2 || got[0] != fail || !strings.HasPrefix(got[1], "(service web) has started 1 tasks: (task ") {
		t.Fatalf("events %q", got)
	}
	w.agent(t)
	st = w.step(t)
	if len(st.Start) != 0 || len(st.Events) != 0 {
		t.Fatalf("second step: starts %d events %q", len(st.Start), messages(st.Events))
	}
}

// Desired 4 at minimum 50% and maximum 100%: two old tasks stop before
// two new start; desired 4 at maximum 200%: four new start before the
// old stop. Both from the UpdateService reference.
func TestReconcileRollingUpdateDocumentedExamples(t *testing.T) {
	for _, c := range []struct {
		minP, maxP          int32
		firstStops, firstUp int
	}{
		{50, 100, 2, 2},
		{100, 200, 0, 4},
	} {
		t.Run(fmt.Sprintf("min%d_max%d", c.minP, c.maxP), func(t *testing.T) {
			w := newWorld(threeZones(2, 4096, 8192), c.minP, c.maxP)
			w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(4)})
			w.settle(t, 10)
			w.tds = append(w.tds, taskDef("web", 2, 256))
			w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
			old := w.svc.Deployments[1].ID
			st := w.step(t)
			stopsOld := 0
			for _, s := range st.Stop {
				if s.DeploymentID == old {
					stopsOld++
				}
			}
			if stopsOld != c.firstStops || len(st.Start) != c.firstUp {
				t.Fatalf("first step stops %d old and starts %d, want %d and %d", stopsOld, len(st.Start), c.firstStops, c.firstUp)
			}
			w.agent(t)
			w.settle(t, 20)
			if len(w.svc.Deployments) != 2 || w.svc.Deployments[1].Status != model.DeploymentStatusInactive {
				t.Errorf("deployments after the rollout: %s", w.describe())
			}
			for _, tk := range w.tasks {
				if live(&tk) && tk.TaskDefinitionARN != wacct.TaskDefinitionARN("web", 2) {
					t.Errorf("old task still live: %s", tk.TaskARN)
				}
			}
		})
	}
}

// minimumHealthyPercent 100 with maximumPercent 100 lets a deployment
// neither stop nor start a task: ECS's message, once.
func TestReconcileNoProgressMessage(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 100)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	w.settle(t, 10)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	st := w.step(t)
	want := []string{"(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."}
	if diff := cmp.Diff(want, messages(st.Events)); diff != "" || len(st.Start)+len(st.Stop) != 0 {
		t.Fatalf("events (-want +got):\n%s\nstarts %d stops %d", diff, len(st.Start), len(st.Stop))
	}
	if st = w.step(t); len(st.Events) != 0 {
		t.Fatalf("repeated: %q", messages(st.Events))
	}
}

// Tasks on a DRAINING instance move to other instances: replacements
// start first within maximumPercent, the drained tasks stop once the
// replacements are healthy, never below the floor.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func TestReconcileMovesTasksOffDrainingInstances(t *testing.T) {
	w := newWorld(threeZones(2, 4096, 8192), 50, 150)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(6)})
	w.settle(t, 10)
	drained := w.insts[0].ContainerInstanceARN
	w.insts[0].Status = model.ContainerInstanceStatusDraining
	for range 20 {
		st := w.step(t)
		for _, tk := range st.Start {
			if tk.ContainerInstanceARN == drained {
				t.Fatal("placed a task on the draining instance")
			}
		}
		w.agent(t)
	}
	n := 0
	for _, tk := range w.tasks {
		if live(&tk) {
			n++
			if tk.ContainerInstanceARN == drained {
				t.Errorf("task %s still on the draining instance", tk.TaskARN)
			}
		}
	}
	if n != 6 || service.Stable(&w.svc) != service.WaiterSuccess {
		t.Errorf("%d live tasks; %s", n, w.describe())
	}
}

// Tasks that never start trip the circuit breaker at its threshold (3
// for a small desired count, BOUNDED_PERCENT default) and, with rollback,
// the service returns to the last COMPLETED deployment's task definition.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestReconcileCircuitBreakerRollsBack(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 200)
	w.svc.DeploymentConfiguration.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, Rollback: true}
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	w.settle(t, 10)
	bad := taskDef("web", 2, 256)
	w.tds = append(w.tds, bad)
	w.failStart = map[string]bool{bad.TaskDefinitionARN: true}
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	failedID := w.svc.Deployments[0].ID
	var trip service.Step
	lastCount := int32(0)
	for i := 0; i < 20 && trip.Events == nil; i++ {
		if d := find(w.svc.Deployments, failedID); d != nil {
			lastCount = d.FailedTasks
		}
		st := w.step(t)
		if strings.Contains(strings.Join(messages(st.Events), "|"), "deployment failed: tasks failed to start.") {
			trip = st
		}
		w.agent(t)
	}
	if trip.Events == nil || lastCount >= 3 {
		t.Fatalf("breaker did not trip when failures reached 3 (count before the trip step %d): %s", lastCount, w.describe())
	}
	want := fmt.Sprintf("(service web) (deployment %s) rolling back to deployment ecs-svc/9223370000000000001.", failedID)
	if !strings.Contains(strings.Join(messages(trip.Events), "|"), want) {
		t.Errorf("trip events %q", messages(trip.Events))
	}
	p := w.svc.Deployments[0]
	if p.ID == failedID || p.TaskDefinition != wacct.TaskDefinitionARN("web", 1) || p.Status != model.DeploymentStatusPrimary {
		t.Fatalf("no rollback to web:1: %s", w.describe())
	}
	w.settle(t, 20)
}

func find(ds []model.Deployment, id string) *model.Deployment {
	for i := range ds {
		if ds[i].ID == id {
			return &ds[i]
		}
	}
	return nil
}

// The service keeps the 100 newest events, newest first.
func TestReconcileKeepsTheHundredNewestEvents(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 200)
	for i := range 100 {
		w.svc.Events = append(w.svc.Events, model.ServiceEvent{ID: fmt.Sprint(i), CreatedAt: model.At(t0.Add(-time.Duration(i+1) * time.Minute)), Message: fmt.Sprint("old ", i)})
	}
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(1)})
	st := w.step(t)
	evs := w.svc.Events
	if len(st.Events) != 1 || len(evs) != service.MaxEvents || evs[0].Message != st.Events[0].Message || evs[1].Message != "old 0" || evs[99].Message != "old 98" {
		t.Fatalf("events: %d, first %q, second %q, last %q", len(evs), evs[0].Message, evs[1].Message, evs[99].Message)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(evs[0].ID) || !evs[0].CreatedAt.Equal(w.now) {
		t.Errorf("event %+v", evs[0])
	}
}

func TestReconcileRefusesWhatItDoesNotModel(t *testing.T) {
	for _, c := range []struct {
		name   string
		mutate func(*service.Input)
	}{
		{"daemon", func(in *service.Input) { in.Service.SchedulingStrategy = model.SchedulingStrategyDaemon }},
		{"code deploy", func(in *service.Input) {
			in.Service.DeploymentController = &model.DeploymentController{Type: model.DeploymentControllerTypeCodeDeploy}
		}},
		{"no primary", func(in *service.Input) { in.Service.Deployments = nil }},
		{"primary task definition unknown", func(in *service.Input) { in.TaskDefinitions = nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(threeZones(1, 4096, 8192), 100, 200)
			in := w.input()
			c.mutate(in)
			if _, err := service.Reconcile(in, w.now); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if _, err := service.Reconcile(nil, t0); err == nil {
		t.Fatal("nil input accepted")
	}
}

// A DRAINING service (being deleted) stops all its tasks; an INACTIVE one
// is left alone.
func TestReconcileDrainingServiceStopsEverything(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(3)})
	w.settle(t, 10)
	w.svc.Status = model.ServiceStatusDraining
	w.checkBounds = false
	st := w.step(t)
	if len(st.Stop) != 3 {
		t.Fatalf("stopped %d of 3", len(st.Stop))
	}
	w.svc.Status = model.ServiceStatusInactive
	if st = w.step(t); st.Changed(&w.svc) {
		t.Fatal("an INACTIVE service changed")
	}
}

// A service on two Auto Scaling group capacity providers of weight 1
// each puts its tasks on each provider's instances by Split.
func TestReconcileSplitsStartsOverCapacityProviders(t *testing.T) {
	insts := threeZones(2, 4096, 8192)
	for i := range insts {
		insts[i].CapacityProviderName = []string{"asg-a", "asg-b"}[i%2]
	}
	w := newWorld(insts, 100, 200)
	strategy := []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1, Base: 1}, {CapacityProvider: "asg-b", Weight: 1}}
	w.svc.LaunchType, w.svc.CapacityProviderStrategy = "", strategy
	w.svc.Deployments[0].LaunchType, w.svc.Deployments[0].CapacityProviderStrategy = "", strategy
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(5)})
	st := w.step(t)
	perProvider := map[string]int{}
	for _, tk := range st.Start {
		perProvider[tk.CapacityProviderName]++
		for _, ci := range w.insts {
			if ci.ContainerInstanceARN == tk.ContainerInstanceARN && ci.CapacityProviderName != tk.CapacityProviderName {
				t.Errorf("task of %s placed on an instance of %s", tk.CapacityProviderName, ci.CapacityProviderName)
			}
		}
	}
	// Base 1 on asg-a, then 4 split 1:1.
	if perProvider["asg-a"] != 3 || perProvider["asg-b"] != 2 {
		t.Fatalf("split %v, want asg-a 3, asg-b 2", perProvider)
	}
	w.agent(t)
	w.settle(t, 5)
}

// A Fargate service starts tasks without container instances, on the
// platform version of its deployment.
func TestReconcileStartsFargateTasksWithoutInstances(t *testing.T) {
	w := newWorld(nil, 100, 200)
	w.svc.LaunchType = model.LaunchTypeFargate
	w.svc.Deployments[0].LaunchType = model.LaunchTypeFargate
	w.svc.Deployments[0].PlatformVersion = "1.4.0"
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	st := w.step(t)
	if len(st.Start) != 2 {
		t.Fatalf("started %d", len(st.Start))
	}
	for _, tk := range st.Start {
		if tk.ContainerInstanceARN != "" || tk.LaunchType != model.LaunchTypeFargate || tk.PlatformVersion != "1.4.0" {
			t.Errorf("task %+v", tk)
		}
	}
	w.agent(t)
	w.settle(t, 5)
}

// With resetOnHealthyTask (the default) a PRIMARY task that turned
// healthy since the deployment last changed sets failedTasks back to 0
// before new failures count; with it off, failures add up and trip the
// breaker at 3.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
func TestCircuitBreakerResetsOnHealthyTask(t *testing.T) {
	for _, reset := range []bool{true, false} {
		t.Run(fmt.Sprint("reset=", reset), func(t *testing.T) {
			w := newWorld(threeZones(1, 4096, 8192), 100, 200)
			w.svc.DeploymentConfiguration.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, ResetOnHealthyTask: model.Bool(reset)}
			w.svc.DesiredCount = 2
			p := &w.svc.Deployments[0]
			p.DesiredCount, p.RolloutState, p.FailedTasks, p.UpdatedAt = 2, model.DeploymentRolloutStateInProgress, 2, model.At(t0)
			w.now = t0.Add(time.Minute)
			w.tasks = []model.Task{
				{TaskARN: wacct.TaskARN("prod", "aaaa"), TaskDefinitionARN: p.TaskDefinition, ContainerInstanceARN: w.insts[0].ContainerInstanceARN,
					LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning, Group: "service:web", StartedBy: p.ID,
					StartedAt: model.At(t0.Add(10 * time.Second))}, // healthy since t0+50s, after updatedAt
				{TaskARN: wacct.TaskARN("prod", "bbbb"), TaskDefinitionARN: p.TaskDefinition, LastStatus: model.TaskStatusStopped,
					DesiredStatus: model.DesiredStatusStopped, Group: "service:web", StartedBy: p.ID, StopCode: model.TaskStopCodeTaskFailedToStart},
			}
			st, err := service.Reconcile(w.input(), w.now)
			if err != nil {
				t.Fatal(err)
			}
			d := find(st.Service.Deployments, p.ID)
			switch {
			case reset && (d == nil || d.FailedTasks != 1 || d.RolloutState != model.DeploymentRolloutStateInProgress):
				t.Fatalf("with reset: %+v", d)
			case !reset && (d == nil || d.FailedTasks != 3 || d.RolloutState != model.DeploymentRolloutStateFailed):
				t.Fatalf("without reset: %+v", d)
			}
		})
	}
}

// A task belongs to the service its group names. ECS draws deployment IDs
// at random, but a caller's input may reuse one across services; a
// service scaled to 0 must then leave another service's task alone, and
// still stop its own.
func TestReconcileLeavesAnotherServicesTaskAlone(t *testing.T) {
	w := newWorld(threeZones(1, 2048, 4096), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(1)})
	w.step(t)
	w.agent(t)
	w.step(t)
	if len(w.tasks) != 1 {
		t.Fatalf("%d tasks, want 1", len(w.tasks))
	}
	other := w.tasks[0]
	other.TaskARN += "0"
	other.Group = "service:api"
	w.tasks = append(w.tasks, other)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(0)})
	st := w.step(t)
	if len(st.Stop) != 1 || st.Stop[0].TaskARN != w.tasks[0].TaskARN {
		t.Fatalf("stops %+v, want only web's own task %s", st.Stop, w.tasks[0].TaskARN)
	}
}
