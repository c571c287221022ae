package service_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/service"
)

// newDaemonWorld is a DAEMON service "web" on the given instances with the
// API's daemon defaults (minimumHealthyPercent 0, maximumPercent 100) and
// a memberOf constraint "attribute:role == edge" when constrained.
func newDaemonWorld(insts []model.ContainerInstance, constrained bool) *world {
	w := newWorld(insts, 0, 100)
	w.svc.SchedulingStrategy = model.SchedulingStrategyDaemon
	w.svc.DeploymentConfiguration = nil
	w.checkBounds = false // the replica floor/ceiling check reads desiredCount, which the daemon sets
	if constrained {
		w.svc.PlacementConstraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:role == edge"}}
	}
	return w
}

func withRole(ci model.ContainerInstance, role string) model.ContainerInstance {
	ci.Attributes = append(ci.Attributes, model.Attribute{Name: "role", Value: role})
	return ci
}

// perInstance counts the live tasks of the service per instance.
func perInstance(w *world) map[string]int {
	out := map[string]int{}
	for _, tk := range w.tasks {
		if tk.LastStatus != model.TaskStatusStopped {
			out[tk.ContainerInstanceARN]++
		}
	}
	return out
}

// daemonStep steps, checks that no instance runs two tasks of the service,
// and plays a minute of the agents.
func daemonStep(t tb, w *world) service.Step {
	t.Helper()
	// The same step from a kept placement index (Input.Index).
	x, err := placement.NewIndex(w.insts, w.tasks)
	if err != nil {
		t.Fatalf("index: %v", err)
	}
	in := w.input()
	in.Index = x
	kept, err := service.Reconcile(in, w.now)
	if err != nil {
		t.Fatalf("reconcile with an index: %v", err)
	}
	st := w.step(t)
	if diff := cmp.Diff(st, kept); diff != "" {
		t.Fatalf("the step with a kept index differs (-without +with):\n%s", diff)
	}
	for arn, n := range perInstance(w) {
		if n > 1 {
			t.Fatalf("instance %s runs %d tasks of the daemon service", arn, n)
		}
	}
	w.agent(t)
	return st
}

func settleDaemon(t tb, w *world, rounds int) {
	t.Helper()
	for range rounds {
		st := daemonStep(t, w)
		if st.Steady && w.svc.Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted {
			return
		}
	}
	t.Fatalf("daemon service not steady after %d steps: %s", rounds, w.describe())
}

// "The daemon scheduling strategy deploys exactly one task on each active
// container instance that meets all of the task placement constraints
// that you specify in your cluster." … "When you stop a container
// instance / drain it, the daemon task is stopped", and the scheduler
// starts a task on an instance that joins.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
func TestDaemonOneTaskPerMatchingInstance(t *testing.T) {
	insts := []model.ContainerInstance{
		withRole(instanceAt(0, "us-east-1a", 2048, 4096), "edge"),
		withRole(instanceAt(1, "us-east-1b", 2048, 4096), "edge"),
		withRole(instanceAt(2, "us-east-1c", 2048, 4096), "batch"),
	}
	w := newDaemonWorld(insts, true)
	st := w.step(t)
	if len(st.Start) != 2 || w.svc.DesiredCount != 2 {
		t.Fatalf("started %d, desired %d; want 2 on the edge instances", len(st.Start), w.svc.DesiredCount)
	}
	for _, tk := range st.Start {
		if tk.ContainerInstanceARN == insts[2].ContainerInstanceARN {
			t.Fatalf("started a task on the instance that does not match")
		}
	}
	w.agent(t)
	settleDaemon(t, w, 5)
	if service.Stable(&w.svc) != service.WaiterSuccess {
		t.Fatalf("ServicesStable does not accept the steady daemon: %s", w.describe())
	}
	// An instance joins: it gets a task.
	w.insts = append(w.insts, withRole(instanceAt(3, "us-east-1a", 2048, 4096), "edge"))
	st = daemonStep(t, w)
	if len(st.Start) != 1 || st.Start[0].ContainerInstanceARN != w.insts[3].ContainerInstanceARN || w.svc.DesiredCount != 3 {
		t.Fatalf("join: starts %v desired %d", st.Start, w.svc.DesiredCount)
	}
	settleDaemon(t, w, 5)
	// An instance drains: its task stops, the desired count drops.
	w.insts[0].Status = model.ContainerInstanceStatusDraining
	st = daemonStep(t, w)
	if len(st.Stop) != 1 || st.Stop[0].Reason != "Container instance is being drained" || w.svc.DesiredCount != 2 {
		t.Fatalf("drain: stops %+v desired %d", st.Stop, w.svc.DesiredCount)
	}
	settleDaemon(t, w, 5)
	// An instance stops matching: the scheduler re-evaluates constraints.
	for i := range w.insts[1].Attributes {
		if w.insts[1].Attributes[i].Name == "role" {
			w.insts[1].Attributes[i].Value = "batch"
		}
	}
	st = daemonStep(t, w)
	if len(st.Stop) != 1 || w.svc.DesiredCount != 1 || !strings.Contains(st.Stop[0].Reason, "placement constraints") {
		t.Fatalf("unmatch: stops %+v desired %d", st.Stop, w.svc.DesiredCount)
	}
	settleDaemon(t, w, 5)
	if n := len(liveTasks(w)); n != 1 {
		t.Fatalf("%d live tasks, want 1", n)
	}
}

// Daemon deployments: "the default minimum healthy percent is 0% … and the
// maximum percent is 100%": all old tasks may stop at once, and a new task
// starts on an instance only after its old task stopped. With 50% of four
// instances, at most two stop at a time.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
func TestDaemonDeploymentWithinPercentages(t *testing.T) {
	for _, c := range []struct {
		minP     *int32
		maxStops int
	}{{nil, 4}, {model.Int32(50), 2}} {
		w := newDaemonWorld(threeZones(1, 2048, 4096)[:2], false)
		w.insts = append(w.insts, instanceAt(5, "us-east-1c", 2048, 4096), instanceAt(6, "us-east-1a", 2048, 4096))
		if c.minP != nil {
			w.svc.DeploymentConfiguration = &model.DeploymentConfiguration{MinimumHealthyPercent: c.minP, MaximumPercent: model.Int32(100)}
		}
		settleDaemon(t, w, 5)
		w.tds = append(w.tds, taskDef("web", 2, 256))
		w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
		st := daemonStep(t, w)
		if len(st.Stop) != c.maxStops || len(st.Start) != 0 {
			t.Fatalf("min %v: first deployment step stops %d starts %d, want %d and 0", c.minP, len(st.Stop), len(st.Start), c.maxStops)
		}
		settleDaemon(t, w, 10)
		for _, tk := range liveTasks(w) {
			if tk.TaskDefinitionARN != w.tds[1].TaskDefinitionARN {
				t.Fatalf("old task left: %s", w.describe())
			}
		}
	}
}

// An instance without room for the daemon task gets the placement failure
// event naming it.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func TestDaemonReportsAnInstanceWithoutRoom(t *testing.T) {
	w := newDaemonWorld([]model.ContainerInstance{instanceAt(0, "us-east-1a", 2048, 4096), instanceAt(1, "us-east-1b", 2048, 100)}, false)
	st := w.step(t)
	want := "(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 00000000000000000000000000000002) has insufficient memory available."
	if len(st.Start) != 1 || st.Blocked != service.BlockedByPlacement || !contains(messages(st.Events), want) {
		t.Fatalf("starts %d blocked %q events %q", len(st.Start), st.Blocked, messages(st.Events))
	}
}

// TestDaemonConvergesToOnePerEligibleInstance drives a daemon service
// through instances joining, draining, coming back, changing attributes,
// and new revisions. No step ever leaves two live tasks of the service on
// one instance; once the changes stop, every instance a brute-force
// reading of the rule picks (ACTIVE, agent connected, role edge) runs
// exactly one RUNNING task of the current revision and no other
// instance runs one.
func TestDaemonConvergesToOnePerEligibleInstance(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var insts []model.ContainerInstance
		role := func(i int) string {
			return []string{"edge", "batch"}[rapid.IntRange(0, 1).Draw(t, fmt.Sprint("role", i))]
		}
		n := rapid.IntRange(0, 4).Draw(t, "instances")
		for i := range n {
			insts = append(insts, withRole(instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i%3), 2048, 4096), role(i)))
		}
		w := newDaemonWorld(insts, true)
		if rapid.Bool().Draw(t, "minHealthy") {
			w.svc.DeploymentConfiguration = &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(int32(rapid.IntRange(0, 100).Draw(t, "min"))), MaximumPercent: model.Int32(100)}
		}
		rev := int32(1)
		for k := range rapid.IntRange(0, 8).Draw(t, "actions") {
			switch a := rapid.IntRange(0, 4).Draw(t, fmt.Sprint("action", k)); {
			case a == 0 || len(w.insts) == 0:
				i := len(w.insts)
				w.insts = append(w.insts, withRole(instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i%3), 2048, 4096), role(100+k)))
			case a == 1:
				i := rapid.IntRange(0, len(w.insts)-1).Draw(t, fmt.Sprint("drain", k))
				w.insts[i].Status = []model.ContainerInstanceStatus{model.ContainerInstanceStatusDraining, model.ContainerInstanceStatusActive}[rapid.IntRange(0, 1).Draw(t, fmt.Sprint("to", k))]
			case a == 2:
				i := rapid.IntRange(0, len(w.insts)-1).Draw(t, fmt.Sprint("flip", k))
				for j := range w.insts[i].Attributes {
					if at := &w.insts[i].Attributes[j]; at.Name == "role" {
						at.Value = map[string]string{"edge": "batch", "batch": "edge"}[at.Value]
					}
				}
			case a == 3:
				rev++
				w.tds = append(w.tds, taskDef("web", rev, 256))
				w.update(t, model.UpdateServiceRequest{TaskDefinition: "web"})
			case a == 4:
				i := rapid.IntRange(0, len(w.insts)-1).Draw(t, fmt.Sprint("agent", k))
				w.insts[i].AgentConnected = !w.insts[i].AgentConnected
			}
			for range rapid.IntRange(0, 3).Draw(t, fmt.Sprint("rounds", k)) {
				daemonStep(t, w)
			}
		}
		for i := range w.insts { // agents reconnect so that the world can settle
			w.insts[i].AgentConnected = true
		}
		// With one task per instance, any minimum above 0 can forbid every
		// stop (one instance, 1%): TestDaemonReportsNoProgress covers that.
		w.svc.DeploymentConfiguration = nil
		settleDaemon(t, w, 30)
		want := map[string]bool{}
		for _, ci := range w.insts {
			if v, _ := ci.Attribute("role"); ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected && v == "edge" {
				want[ci.ContainerInstanceARN] = true
			}
		}
		got := map[string]bool{}
		for _, tk := range w.tasks {
			if tk.LastStatus == model.TaskStatusStopped {
				continue
			}
			if tk.LastStatus != model.TaskStatusRunning || tk.TaskDefinitionARN != w.svc.TaskDefinition || got[tk.ContainerInstanceARN] {
				t.Fatalf("unexpected task %s (%s, %s)", tk.TaskARN, tk.LastStatus, tk.TaskDefinitionARN)
			}
			got[tk.ContainerInstanceARN] = true
		}
		if len(got) != len(want) || int(w.svc.DesiredCount) != len(want) {
			t.Fatalf("tasks on %d instances, desired %d, want %d: %s", len(got), w.svc.DesiredCount, len(want), w.describe())
		}
		for a := range want {
			if !got[a] {
				t.Fatalf("eligible instance %s runs no task", a)
			}
		}
	})
}

// With minimumHealthyPercent 50 a one-instance daemon can neither stop its
// old task (the floor is 1) nor start a second one (maximumPercent 100):
// ECS's no-progress event.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func TestDaemonReportsNoProgress(t *testing.T) {
	w := newDaemonWorld([]model.ContainerInstance{instanceAt(0, "us-east-1a", 2048, 4096)}, false)
	w.svc.DeploymentConfiguration = &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(100)}
	settleDaemon(t, w, 5)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	st := daemonStep(t, w)
	want := "(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
	if len(st.Stop)+len(st.Start) != 0 || st.Blocked != service.BlockedByDeploymentConfiguration || !contains(messages(st.Events), want) {
		t.Fatalf("stops %d starts %d blocked %q events %q", len(st.Stop), len(st.Start), st.Blocked, messages(st.Events))
	}
}
