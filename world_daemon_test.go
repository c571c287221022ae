package ecsstate

import (
	"strings"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// daemonTasks counts the daemon service's tasks ECS wants running, per
// instance.
func (f *fixture) daemonTasks(t testing.TB, name string) map[string]int {
	t.Helper()
	out := map[string]int{}
	l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: name}))(t)
	if len(l.TaskARNs) == 0 {
		return out
	}
	for _, tk := range ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: l.TaskARNs}))(t).Tasks {
		if tk.LastStatus != model.TaskStatusStopped {
			out[tk.ContainerInstanceARN]++
		}
	}
	return out
}

// A DAEMON service runs one task on every ACTIVE instance: instances that
// register get one, a DRAINING one loses its task, and the service's
// desired count follows.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
func TestWorldDaemonServiceFollowsInstances(t *testing.T) {
	f := newFixture(t, 2)
	r := ok(f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "agent", TaskDefinition: "web",
		SchedulingStrategy: model.SchedulingStrategyDaemon}))(t)
	dc := r.Service.DeploymentConfiguration
	if r.Service.SchedulingStrategy != model.SchedulingStrategyDaemon || *dc.MinimumHealthyPercent != 0 || *dc.MaximumPercent != 100 {
		t.Fatalf("created %s with %d%%/%d%%, want DAEMON 0%%/100%%", r.Service.SchedulingStrategy, *dc.MinimumHealthyPercent, *dc.MaximumPercent)
	}
	check := func(want []string) {
		t.Helper()
		got := f.daemonTasks(t, "agent")
		if len(got) != len(want) {
			t.Fatalf("tasks on %d instances (%v), want %d", len(got), got, len(want))
		}
		for _, a := range want {
			if got[a] != 1 {
				t.Fatalf("instance %s runs %d daemon tasks", a, got[a])
			}
		}
		s := f.describeService(t, "agent")
		if int(s.DesiredCount) != len(want) || service.Stable(&s) != service.WaiterSuccess {
			t.Fatalf("desired %d running %d deployments %d, want %d and stable", s.DesiredCount, s.RunningCount, len(s.Deployments), len(want))
		}
	}
	f.advance(t, 3*time.Minute)
	check(f.insts)
	third := f.addInstance(t, "us-east-1c")
	f.advance(t, 3*time.Minute)
	check(f.insts)
	ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c",
		ContainerInstances: []string{f.insts[0]}, Status: model.ContainerInstanceStatusDraining}))(t)
	f.advance(t, 3*time.Minute)
	check([]string{f.insts[1], third})
	// A new revision rolls out, one task per instance throughout.
	f.taskDef(t, "web", 256, 512, 0)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "agent", TaskDefinition: "web"}))(t)
	for range 6 {
		f.advance(t, 30*time.Second)
		for a, n := range f.daemonTasks(t, "agent") {
			if n > 1 {
				t.Fatalf("instance %s runs %d daemon tasks during the deployment", a, n)
			}
		}
	}
	check([]string{f.insts[1], third})
	if s := f.describeService(t, "agent"); !strings.HasSuffix(s.Deployments[0].TaskDefinition, ":2") {
		t.Fatalf("deployment on %s", s.Deployments[0].TaskDefinition)
	}
}

// UpdateTaskProtection and GetTaskProtection in the world: a scale-in
// leaves protected tasks running until protection lapses; unknown and
// standalone tasks are failures; expiresInMinutes is bounded.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection.html
func TestWorldTaskProtection(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 2*time.Minute)
	l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "s"}))(t)
	if len(l.TaskARNs) != 3 {
		t.Fatalf("%d tasks", len(l.TaskARNs))
	}
	rt := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web"}))(t)
	standalone := rt.Tasks[0].TaskARN
	protected := l.TaskARNs[:2]
	up := ok(f.w.UpdateTaskProtection(model.UpdateTaskProtectionRequest{Cluster: "c", ProtectionEnabled: true, ExpiresInMinutes: model.Int32(30),
		Tasks: append(append([]string{}, protected...), standalone, "0123456789abcdef0123456789abcdef")}))(t)
	if len(up.ProtectedTasks) != 2 || len(up.Failures) != 2 || up.Failures[0].Reason != "TASK_NOT_VALID" || up.Failures[1].Reason != "MISSING" {
		t.Fatalf("UpdateTaskProtection: %+v", up)
	}
	if !up.ProtectedTasks[0].ExpirationDate.Time.Equal(f.w.Now().Add(30 * time.Minute)) {
		t.Fatalf("expires %v, want now + 30 minutes", up.ProtectedTasks[0].ExpirationDate)
	}
	_, err := f.w.UpdateTaskProtection(model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: protected, ProtectionEnabled: true, ExpiresInMinutes: model.Int32(2881)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)

	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DesiredCount: model.Int32(1)}))(t)
	f.advance(t, 10*time.Minute)
	left := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "s"}))(t).TaskARNs
	if len(left) != 2 || !contains(left, protected[0]) || !contains(left, protected[1]) {
		t.Fatalf("tasks left %v, want the two protected ones", left)
	}
	s := f.describeService(t, "s")
	found := false
	for _, e := range s.Events {
		found = found || strings.Contains(e.Message, "was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.")
	}
	if !found {
		t.Fatalf("no protection event: %v", s.Events)
	}
	got := ok(f.w.GetTaskProtection(model.GetTaskProtectionRequest{Cluster: "c"}))(t)
	if len(got.ProtectedTasks) != 2 {
		t.Fatalf("GetTaskProtection lists %+v", got.ProtectedTasks)
	}
	f.advance(t, 25*time.Minute) // protection lapses after 30 minutes
	got = ok(f.w.GetTaskProtection(model.GetTaskProtectionRequest{Cluster: "c", Tasks: protected}))(t)
	for _, p := range got.ProtectedTasks {
		if p.ProtectionEnabled {
			t.Fatalf("protection still on after expiry: %+v", p)
		}
	}
	if left := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "s"}))(t).TaskARNs; len(left) != 1 {
		t.Fatalf("%d tasks after protection lapsed, want 1", len(left))
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// A DAEMON service in a snapshot is loaded and then kept at one task per
// eligible instance: the sample's four tasks, then one on every ACTIVE
// instance with a connected agent.
func TestLoadKeepsDaemonServices(t *testing.T) {
	_, s := readSample(t)
	s.Services[0].SchedulingStrategy = model.SchedulingStrategyDaemon
	s.Services[0].DeploymentConfiguration.MaximumPercent, s.Services[0].DeploymentConfiguration.MinimumHealthyPercent = model.Int32(100), model.Int32(0)
	w, warns, err := Load(Options{Seed: 1}, s)
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	if err := w.Advance(5 * time.Minute); err != nil {
		t.Fatal(err)
	}
	eligible := 0
	for _, ci := range s.ContainerInstances {
		if ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected {
			eligible++
		}
	}
	ds := ok(w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}}))(t)
	if sv := ds.Services[0]; int(sv.DesiredCount) != eligible || int(sv.RunningCount) != eligible {
		t.Fatalf("daemon desired %d running %d, want %d", sv.DesiredCount, sv.RunningCount, eligible)
	}
	l := ok(w.ListTasks(model.ListTasksRequest{Cluster: "prod", ServiceName: "web"}))(t)
	on := map[string]bool{}
	for _, tk := range ok(w.DescribeTasks(model.DescribeTasksRequest{Cluster: "prod", Tasks: l.TaskARNs}))(t).Tasks {
		if on[tk.ContainerInstanceARN] {
			t.Fatalf("two daemon tasks on %s", tk.ContainerInstanceARN)
		}
		on[tk.ContainerInstanceARN] = true
	}
}
