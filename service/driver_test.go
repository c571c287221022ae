package service_test

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// tb is what the driver needs from *testing.T, *testing.B and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// world is a cluster, one service, its task definitions and the clock: a
// tiny simulator that applies reconcile steps and plays the agent's part
// of the task lifecycle.
type world struct {
	svc   model.Service
	insts []model.ContainerInstance
	tasks []model.Task
	tds   []model.TaskDefinition
	now   time.Time
	// failStart makes every new task of these task definitions stop
	// before it runs (TaskFailedToStart).
	failStart map[string]bool
	// check the floor and ceiling on every step.
	checkBounds bool
	// alarms are the CloudWatch alarms each step reads (Input.Alarms).
	alarms []service.Alarm
}

func (w *world) input() *service.Input {
	return &service.Input{Service: w.svc, Tasks: w.tasks, Instances: w.insts, TaskDefinitions: w.tds, Alarms: w.alarms}
}

// step runs one reconcile step and applies it.
func (w *world) step(t tb) service.Step {
	t.Helper()
	st, err := service.Reconcile(w.input(), w.now)
	if err != nil {
		t.Fatalf("reconcile at %s: %v", w.now.Format(time.TimeOnly), err)
	}
	if w.checkBounds {
		w.bounds(t, &st)
		// Stop candidates named by deployment (StopRequest.StartedBy)
		// are stopped exactly as when every one is listed.
		listed, err := service.ReconcileListingStops(w.input(), w.now)
		if diff := cmp.Diff(st, listed); err != nil || diff != "" {
			t.Fatalf("stop candidates named by deployment differ from listed (-named +listed): %v\n%s", err, diff)
		}
		w.checkReuse(t, &st)
	}
	insts, tasks, err := service.ApplyStep(w.insts, w.tasks, w.tds, &st, w.now)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	w.insts, w.tasks, w.svc = insts, tasks, st.Service
	return st
}

// checkReuse runs the step again lending it arrays (Input.Reuse): one
// full of another task, with room for every task the step tried to start
// (placed or not), which Start must be built in; one too small; the
// tasks' own, which must not be written; and the spare capacity of an
// array holding the tasks, where Start must be built right after them.
// Each must give the same step.
func (w *world) checkReuse(t tb, want *service.Step) {
	t.Helper()
	other := model.Task{TaskARN: "arn:aws:ecs:us-east-1:123456789012:task/other/0", Group: "other", Version: 99,
		Tags: []model.Tag{{Key: "k"}}, StoppedReason: "lent"}
	big := slices.Repeat([]model.Task{other}, len(want.Start)+want.Unplaced+2)
	small := slices.Repeat([]model.Task{other}, max(0, len(want.Start)-1))
	before := slices.Clone(w.tasks)
	spare := append(slices.Clone(w.tasks), big...)
	for _, reuse := range []struct {
		name  string
		tasks []model.Task
	}{{"a big enough array", big}, {"a small array", small}, {"the tasks' array", w.tasks}, {"the tasks' spare capacity", spare[len(w.tasks):]}} {
		in := w.input()
		in.Reuse = reuse.tasks
		if reuse.name == "the tasks' spare capacity" {
			in.Tasks = spare[:len(w.tasks)]
		}
		got, err := service.Reconcile(in, w.now)
		if diff := cmp.Diff(*want, got); err != nil || diff != "" {
			t.Fatalf("lent %s, the step differs (-without +lent): %v\n%s", reuse.name, err, diff)
		}
		built := len(got.Start) > 0 && cap(reuse.tasks) > 0 && &got.Start[:1][0] == &reuse.tasks[:1][0]
		// (With no tasks, the tasks' array is all spare capacity: the step
		// may build in it or not, as its size allows.)
		if emptyTasks := reuse.name == "the tasks' array" && len(w.tasks) == 0; !emptyTasks &&
			built != (reuse.name != "a small array" && reuse.name != "the tasks' array" && len(got.Start) > 0) {
			t.Fatalf("lent %s, Start built in it: %v", reuse.name, built)
		}
		if diff := cmp.Diff(before, in.Tasks); diff != "" && len(before)+len(in.Tasks) > 0 {
			t.Fatalf("lent %s, the step changed the tasks:\n%s", reuse.name, diff)
		}
	}
}

// live reports whether a task counts toward the ceiling: launched, not
// stopping or stopped.
func live(t *model.Task) bool {
	return t.DesiredStatus != model.DesiredStatusStopped && t.LastStatus != model.TaskStatusStopped
}

// healthy reports whether a task counts toward the floor: RUNNING for at
// least the settle time (the test services have no health checks), not
// stopping, and not on a DRAINING instance.
func (w *world) healthy(t *model.Task) bool {
	if !live(t) || t.LastStatus != model.TaskStatusRunning || w.now.Sub(t.StartedAt.Time) < deployment.SettleTime {
		return false
	}
	for i := range w.insts {
		if w.insts[i].ContainerInstanceARN == t.ContainerInstanceARN {
			return w.insts[i].Status != model.ContainerInstanceStatusDraining
		}
	}
	return true
}

// bounds checks one step against the floor and ceiling of the service's
// deployment configuration, computed here from the percentages.
func (w *world) bounds(t tb, st *service.Step) {
	t.Helper()
	dc := w.svc.DeploymentConfiguration
	minP, maxP := int64(100), int64(200)
	if dc != nil && dc.MinimumHealthyPercent != nil {
		minP = int64(*dc.MinimumHealthyPercent)
	}
	if dc != nil && dc.MaximumPercent != nil {
		maxP = int64(*dc.MaximumPercent)
	}
	d := int64(w.svc.DesiredCount)
	floor, ceiling := (d*minP+99)/100, d*maxP/100
	stopped := map[string]bool{}
	for _, s := range st.Stop {
		stopped[s.TaskARN] = true
	}
	var liveBefore, liveAfter, healthyBefore, healthyAfter int64
	for i := range w.tasks {
		tk := &w.tasks[i]
		if live(tk) {
			liveBefore++
			if !stopped[tk.TaskARN] {
				liveAfter++
			}
		}
		if w.healthy(tk) {
			healthyBefore++
			if !stopped[tk.TaskARN] {
				healthyAfter++
			}
		}
	}
	liveAfter += int64(len(st.Start))
	if liveAfter > max(ceiling, liveBefore) {
		t.Fatalf("step exceeds the ceiling %d: %d live tasks after it (%d before), starts %d stops %d", ceiling, liveAfter, liveBefore, len(st.Start), len(st.Stop))
	}
	if healthyAfter < min(healthyBefore, floor) {
		t.Fatalf("step drops under the floor %d: %d healthy tasks after it (%d before)", floor, healthyAfter, healthyBefore)
	}
}

// agent plays one minute of the agents' part: launched tasks run (or fail
// to start), stopping tasks stop and give their resources back.
func (w *world) agent(t tb) {
	t.Helper()
	tasks := slices.Clone(w.tasks)
	for i := range tasks {
		tk := &tasks[i]
		ci := -1
		for k := range w.insts {
			if w.insts[k].ContainerInstanceARN == tk.ContainerInstanceARN {
				ci = k
			}
		}
		switch {
		case tk.LastStatus == model.TaskStatusStopped:
		case tk.DesiredStatus == model.DesiredStatusStopped || w.failStart[tk.TaskDefinitionARN] && tk.LastStatus != model.TaskStatusRunning:
			wasRunning := tk.LastStatus == model.TaskStatusRunning
			if !wasRunning && tk.DesiredStatus != model.DesiredStatusStopped {
				tk.StopCode = model.TaskStopCodeTaskFailedToStart
				tk.StoppedReason = "Essential container in task exited"
			}
			tk.LastStatus, tk.DesiredStatus = model.TaskStatusStopped, model.DesiredStatusStopped
			tk.StoppedAt = model.At(w.now)
			if ci >= 0 {
				released, err := model.ReleaseTask(w.insts[ci], model.ResourcesOf(w.td(tk.TaskDefinitionARN)), wasRunning)
				if err != nil {
					t.Fatalf("release: %v", err)
				}
				w.insts[ci] = released
			}
		case tk.LastStatus != model.TaskStatusRunning:
			tk.LastStatus = model.TaskStatusRunning
			tk.StartedAt = model.At(w.now)
			if ci >= 0 {
				started, err := model.StartTask(w.insts[ci])
				if err != nil {
					t.Fatalf("start: %v", err)
				}
				w.insts[ci] = started
			}
		}
	}
	w.tasks = tasks
	w.now = w.now.Add(time.Minute)
}

func (w *world) td(arn string) *model.TaskDefinition {
	for i := range w.tds {
		if w.tds[i].TaskDefinitionARN == arn {
			return &w.tds[i]
		}
	}
	return &model.TaskDefinition{}
}

// update applies an UpdateService request to the world's service.
func (w *world) update(t tb, req model.UpdateServiceRequest) {
	t.Helper()
	ca, _ := model.ParseARN(w.svc.ClusterARN)
	req.Service, req.Cluster = w.svc.ServiceName, ca.Name
	res, err := service.UpdateService(req, service.State{
		Cluster: &model.Cluster{ClusterARN: w.svc.ClusterARN, ClusterName: ca.Name}, Service: &w.svc, TaskDefinitions: w.tds,
	}, w.now)
	if err != nil {
		t.Fatalf("update %+v: %v", req, err)
	}
	w.svc = *res.Response.Service
}

// settle steps and ages the world until the service is stable and its
// PRIMARY completed, or fails after rounds steps.
func (w *world) settle(t tb, rounds int) {
	t.Helper()
	for range rounds {
		st := w.step(t)
		p := w.svc.Deployments[0]
		if st.Steady && service.Stable(&w.svc) == service.WaiterSuccess && p.RolloutState == model.DeploymentRolloutStateCompleted {
			return
		}
		w.agent(t)
	}
	t.Fatalf("no steady state after %d steps: %s", rounds, w.describe())
}

func (w *world) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "desired %d running %d pending %d;", w.svc.DesiredCount, w.svc.RunningCount, w.svc.PendingCount)
	for _, d := range w.svc.Deployments {
		fmt.Fprintf(&b, " [%s %s %s run %d pend %d failed %d]", d.ID, d.Status, d.RolloutState, d.RunningCount, d.PendingCount, d.FailedTasks)
	}
	for i, e := range w.svc.Events {
		if i == 5 {
			break
		}
		fmt.Fprintf(&b, "\n  event: %s", e.Message)
	}
	return b.String()
}

// Fixtures.

var wacct = model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}

func instanceAt(i int, az string, cpu, mem int64) model.ContainerInstance {
	res := func() []model.Resource {
		return []model.Resource{
			model.IntegerResource(model.ResourceCPU, cpu), model.IntegerResource(model.ResourceMemory, mem),
			model.PortsResource(model.ResourcePorts, []int32{22}), model.PortsResource(model.ResourcePortsUDP, nil),
		}
	}
	return model.ContainerInstance{
		ContainerInstanceARN: wacct.ContainerInstanceARN("prod", fmt.Sprintf("%032x", i+1)),
		EC2InstanceID:        fmt.Sprintf("i-%017x", i+1),
		Status:               model.ContainerInstanceStatusActive, AgentConnected: true,
		Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}},
		RegisteredResources: res(), RemainingResources: res(), Version: 1,
	}
}

func taskDef(family string, rev int32, memory int32) model.TaskDefinition {
	return model.TaskDefinition{
		TaskDefinitionARN: wacct.TaskDefinitionARN(family, rev), Family: family, Revision: rev,
		Status: model.TaskDefinitionStatusActive, NetworkMode: model.NetworkModeBridge,
		ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 128, Memory: model.Int32(memory)}},
	}
}

// newWorld is a cluster "prod" of the given instances with service "web"
// at desired 0 on web:1, nothing running yet.
func newWorld(insts []model.ContainerInstance, minP, maxP int32) *world {
	td := taskDef("web", 1, 256)
	return &world{
		svc: model.Service{
			ServiceARN: wacct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: wacct.ClusterARN("prod"),
			Status: model.ServiceStatusActive, LaunchType: model.LaunchTypeEC2, TaskDefinition: td.TaskDefinitionARN,
			DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(minP), MaximumPercent: model.Int32(maxP)},
			Deployments: []model.Deployment{{ID: "ecs-svc/9223370000000000001", Status: model.DeploymentStatusPrimary, TaskDefinition: td.TaskDefinitionARN,
				LaunchType: model.LaunchTypeEC2, RolloutState: model.DeploymentRolloutStateCompleted, CreatedAt: model.At(t0.Add(-time.Hour))}},
			SchedulingStrategy:   model.SchedulingStrategyReplica,
			DeploymentController: &model.DeploymentController{Type: model.DeploymentControllerTypeECS},
		},
		insts: insts, tds: []model.TaskDefinition{td}, now: t0, checkBounds: true,
	}
}

func threeZones(perZone int, cpu, mem int64) []model.ContainerInstance {
	var out []model.ContainerInstance
	for i := range 3 * perZone {
		out = append(out, instanceAt(i, "us-east-1"+string(rune('a'+i%3)), cpu, mem))
	}
	return out
}
