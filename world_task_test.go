package ecsstate

import (
	"slices"
	"strings"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// RunTask reports tasks it cannot place as failures[] with ECS's reason,
// not as an error.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
func TestWorldRunTaskPlacementFailures(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(t *testing.T, f *fixture)
		req    model.RunTaskRequest
		placed int
		reason string
	}{
		{name: "cpu", req: model.RunTaskRequest{TaskDefinition: "big"}, reason: "RESOURCE:CPU"},
		{name: "memory", req: model.RunTaskRequest{TaskDefinition: "fat"}, reason: "RESOURCE:MEMORY"},
		{name: "cpu runs out", req: model.RunTaskRequest{TaskDefinition: "web", Count: model.Int32(10)}, placed: 8, reason: "RESOURCE:CPU"},
		{name: "ports", req: model.RunTaskRequest{TaskDefinition: "port", Count: model.Int32(3)}, placed: 2, reason: "RESOURCE:PORTS"},
		{name: "memberOf", req: model.RunTaskRequest{TaskDefinition: "web", PlacementConstraints: []model.PlacementConstraint{
			{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:ecs.availability-zone == us-east-1z"}}}, reason: "MemberOf placement constraint unsatisfied."},
		{name: "distinctInstance", req: model.RunTaskRequest{TaskDefinition: "web", Count: model.Int32(3), PlacementConstraints: []model.PlacementConstraint{
			{Type: model.PlacementConstraintTypeDistinctInstance}}}, placed: 2, reason: "DistinctInstance placement constraint unsatisfied."},
		{name: "agent", setup: func(t *testing.T, f *fixture) {
			for _, a := range f.insts {
				if err := f.w.SetAgentConnected("c", a, false); err != nil {
					t.Fatal(err)
				}
			}
		}, req: model.RunTaskRequest{TaskDefinition: "web"}, reason: "AGENT"},
		{name: "all draining", setup: func(t *testing.T, f *fixture) {
			ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c", ContainerInstances: f.insts, Status: model.ContainerInstanceStatusDraining}))(t)
		}, req: model.RunTaskRequest{TaskDefinition: "web"}, reason: string(placement.ReasonNoInstances)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 2)
			if c.setup != nil {
				c.setup(t, f)
			}
			c.req.Cluster = "c"
			r := ok(f.w.RunTask(c.req))(t)
			want := 1
			if c.req.Count != nil {
				want = int(*c.req.Count)
			}
			if len(r.Tasks) != c.placed || len(r.Failures) != want-c.placed {
				t.Fatalf("placed %d failed %d, want %d and %d", len(r.Tasks), len(r.Failures), c.placed, want-c.placed)
			}
			for _, fl := range r.Failures {
				if fl.Reason != c.reason {
					t.Errorf("reason %q, want %q", fl.Reason, c.reason)
				}
				if c.reason != string(placement.ReasonNoInstances) && !slices.Contains(f.insts, fl.ARN) {
					t.Errorf("failure ARN %q names no instance of the cluster", fl.ARN)
				}
			}
		})
	}
}

// RunTask's refusals: an unknown task definition is ClientException, an
// INACTIVE one too; count outside 1..10 and a bad group or startedBy are
// InvalidParameterException; Fargate is not modelled.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
func TestWorldRunTaskRefusals(t *testing.T) {
	f := newFixture(t, 1)
	ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:1"}))(t)
	cases := []struct {
		name string
		req  model.RunTaskRequest
		code ecserrors.Code
	}{
		{"unknown family", model.RunTaskRequest{TaskDefinition: "nope"}, ecserrors.CodeClient},
		{"inactive revision", model.RunTaskRequest{TaskDefinition: "web:1"}, ecserrors.CodeClient},
		{"family without active revision", model.RunTaskRequest{TaskDefinition: "web"}, ecserrors.CodeClient},
		{"no task definition", model.RunTaskRequest{}, ecserrors.CodeInvalidParameter},
		{"count 0", model.RunTaskRequest{TaskDefinition: "big", Count: model.Int32(0)}, ecserrors.CodeInvalidParameter},
		{"count 11", model.RunTaskRequest{TaskDefinition: "big", Count: model.Int32(11)}, ecserrors.CodeInvalidParameter},
		{"startedBy too long", model.RunTaskRequest{TaskDefinition: "big", StartedBy: strings.Repeat("a", 129)}, ecserrors.CodeInvalidParameter},
		{"bad memberOf", model.RunTaskRequest{TaskDefinition: "big", PlacementConstraints: []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "(("}}}, ecserrors.CodeInvalidParameter},
		{"fargate", model.RunTaskRequest{TaskDefinition: "big", LaunchType: model.LaunchTypeFargate}, ecserrors.CodeUnsupportedFeature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.Cluster = "c"
			_, err := f.w.RunTask(c.req)
			wantCode(t, err, c.code)
		})
	}
}

// StartTask places on the named instances only, reporting each one that
// cannot take the task; an INACTIVE task definition is refused as RunTask
// refuses it.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StartTask.html
func TestWorldStartTask(t *testing.T) {
	f := newFixture(t, 2)
	r := ok(f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "port", ContainerInstances: []string{f.insts[0], "0123456789abcdef0123456789abcdef"}}))(t)
	if len(r.Tasks) != 1 || r.Tasks[0].ContainerInstanceARN != f.insts[0] {
		t.Fatalf("tasks %+v", r.Tasks)
	}
	if len(r.Failures) != 1 || r.Failures[0].Reason != "MISSING" {
		t.Fatalf("failures %+v", r.Failures)
	}
	r = ok(f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "port", ContainerInstances: []string{f.insts[0]}}))(t)
	if len(r.Tasks) != 0 || len(r.Failures) != 1 || r.Failures[0].Reason != "RESOURCE:PORTS" {
		t.Fatalf("second task on the same host port: tasks %d failures %+v", len(r.Tasks), r.Failures)
	}
	ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:1"}))(t)
	_, err := f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web:1", ContainerInstances: []string{f.insts[1]}})
	wantCode(t, err, ecserrors.CodeClient)
}

// StopTask: an unknown task is InvalidParameterException; a stopped task
// has desiredStatus STOPPED at once, stopCode UserInitiated, and reaches
// STOPPED after the agent's stop delay; stopping again changes nothing.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
func TestWorldStopTask(t *testing.T) {
	f := newFixture(t, 1)
	_, err := f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: "0123456789abcdef0123456789abcdef"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: "not a task"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.StopTask(model.StopTaskRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	task := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web"}))(t).Tasks[0]
	_, err = f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: task.TaskARN, Reason: strings.Repeat("x", 256)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	f.advance(t, time.Minute)
	st := ok(f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: shortID(task.TaskARN), Reason: "done"}))(t).Task
	if st.DesiredStatus != model.DesiredStatusStopped || st.StopCode != model.TaskStopCodeUserInitiated || st.StoppedReason != "done" {
		t.Fatalf("after StopTask: desired %s stopCode %s reason %q", st.DesiredStatus, st.StopCode, st.StoppedReason)
	}
	if st.LastStatus != model.TaskStatusRunning {
		t.Fatalf("lastStatus %s right after StopTask, want RUNNING until the agent stops it", st.LastStatus)
	}
	f.advance(t, DefaultAgent().Stop.Min)
	d := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task.TaskARN}}))(t)
	if len(d.Tasks) != 1 || d.Tasks[0].LastStatus != model.TaskStatusStopped || d.Tasks[0].StoppedAt.IsZero() {
		t.Fatalf("after the stop delay: %+v", d)
	}
	ci := f.instance(t, f.insts[0])
	if ci.RunningTasksCount != 0 || ci.Remaining().CPU != 1024 || ci.Remaining().Memory != 2048 {
		t.Errorf("instance after the stop: running %d remaining %+v", ci.RunningTasksCount, ci.Remaining())
	}
	again := ok(f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: task.TaskARN, Reason: "again"}))(t).Task
	if again.StoppedReason != "done" || again.Version != d.Tasks[0].Version {
		t.Errorf("stopping a STOPPED task changed it: reason %q version %d → %d", again.StoppedReason, d.Tasks[0].Version, again.Version)
	}
	// The stopped task is listed under desiredStatus STOPPED, not RUNNING.
	if l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c"}))(t); len(l.TaskARNs) != 0 {
		t.Errorf("RUNNING list: %v", l.TaskARNs)
	}
	if l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped}))(t); !slices.Equal(l.TaskARNs, []string{task.TaskARN}) {
		t.Errorf("STOPPED list: %v", l.TaskARNs)
	}
	// An hour after it stopped it is gone (DescribeTasks shows stopped
	// tasks for at least an hour).
	f.advance(t, time.Hour+time.Minute)
	d = ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task.TaskARN}}))(t)
	if len(d.Tasks) != 0 || len(d.Failures) != 1 || d.Failures[0].Reason != "MISSING" {
		t.Errorf("an hour later: tasks %d failures %+v", len(d.Tasks), d.Failures)
	}
}

// ListTasks filters: containerInstance, family, startedBy, serviceName,
// launchType and desiredStatus (RUNNING when absent). An unknown service
// is ServiceNotFoundException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
func TestWorldListTasksFilters(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 2)
	f.advance(t, time.Minute)
	a := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "port", StartedBy: "me"}))(t).Tasks[0]
	b := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", StartedBy: "you"}))(t).Tasks[0]
	svc := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "s"}))(t).TaskARNs
	if len(svc) != 2 {
		t.Fatalf("service tasks %v", svc)
	}
	all := slices.Sorted(slices.Values(append(slices.Clone(svc), a.TaskARN, b.TaskARN)))
	sorted := func(xs ...string) []string { return slices.Sorted(slices.Values(xs)) }
	webTasks := sorted(append(slices.Clone(svc), b.TaskARN)...)
	cases := []struct {
		name string
		req  model.ListTasksRequest
		want []string
	}{
		{"all", model.ListTasksRequest{}, all},
		{"RUNNING", model.ListTasksRequest{DesiredStatus: model.DesiredStatusRunning}, all},
		{"PENDING matches nothing", model.ListTasksRequest{DesiredStatus: model.DesiredStatusPending}, nil},
		{"STOPPED", model.ListTasksRequest{DesiredStatus: model.DesiredStatusStopped}, nil},
		{"family", model.ListTasksRequest{Family: "web"}, webTasks},
		{"family other", model.ListTasksRequest{Family: "port"}, []string{a.TaskARN}},
		{"family unknown", model.ListTasksRequest{Family: "nope"}, nil},
		{"startedBy", model.ListTasksRequest{StartedBy: "me"}, []string{a.TaskARN}},
		{"service", model.ListTasksRequest{ServiceName: "s"}, sorted(svc...)},
		{"service ARN", model.ListTasksRequest{ServiceName: DefaultAccount.ServiceARN("c", "s")}, sorted(svc...)},
		{"instance", model.ListTasksRequest{ContainerInstance: a.ContainerInstanceARN}, f.filterTasks(t, all, func(x model.Task) bool { return x.ContainerInstanceARN == a.ContainerInstanceARN })},
		{"launch type EC2", model.ListTasksRequest{LaunchType: model.LaunchTypeEC2}, all},
		{"launch type FARGATE", model.ListTasksRequest{LaunchType: model.LaunchTypeFargate}, nil},
		{"family and startedBy", model.ListTasksRequest{Family: "web", StartedBy: "you"}, []string{b.TaskARN}},
	}
	for _, c := range cases {
		c.req.Cluster = "c"
		got := ok(f.w.ListTasks(c.req))(t).TaskARNs
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	ok(f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: a.TaskARN}))(t)
	if got := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped}))(t).TaskARNs; !slices.Equal(got, []string{a.TaskARN}) {
		t.Errorf("STOPPED after StopTask (still stopping): %v", got)
	}
	_, err := f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "nope"})
	wantCode(t, err, ecserrors.CodeServiceNotFound)
	_, err = f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ContainerInstance: "0123456789abcdef0123456789abcdef"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.ListTasks(model.ListTasksRequest{Cluster: "c", DesiredStatus: "running"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
}

func (f *fixture) filterTasks(t testing.TB, arns []string, keep func(model.Task) bool) []string {
	t.Helper()
	var out []string
	for _, x := range ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: arns}))(t).Tasks {
		if keep(x) {
			out = append(out, x.TaskARN)
		}
	}
	slices.Sort(out)
	return out
}
