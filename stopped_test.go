package ecsstate

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// roundTrip stores t as a stopped task and gives it back.
func roundTrip(t *model.Task) (stoppedTask, model.Task) {
	st := compactStopped(t, map[taskShape]*taskShape{})
	return st, st.task()
}

// sameTask fails unless got is exactly want: reflect.DeepEqual also tells
// apart times go-cmp finds Equal (another location, a monotonic reading).
func sameTask(t interface {
	Helper()
	Fatalf(string, ...any)
}, want, got model.Task) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" || !reflect.DeepEqual(want, got) {
		t.Fatalf("stopped task round trip (-want +got):\n%s", diff)
	}
}

// Any task, stored as a stopped task, comes back deep-equal: the compact
// form for the tasks the world makes (no containers, millisecond UTC
// times), the whole task for the rest.
func TestStoppedTaskRoundTrip(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		task := gen.Task().Draw(rt, "task")
		if rapid.Bool().Draw(rt, "noContainers") {
			task.Containers = nil
		}
		for _, p := range stoppedTimes(&task) {
			switch rapid.IntRange(0, 5).Draw(rt, "time kind") {
			case 0: // as drawn
			case 1:
				*p = model.Time{}
			case 2:
				*p = model.At(time.UnixMilli(rapid.Int64Range(-1e13, 1e13).Draw(rt, "ms")))
			case 3: // not representable in milliseconds
				*p = model.Time{Time: time.Unix(1_800_000_000, int64(rapid.IntRange(1, 999_999).Draw(rt, "ns"))).UTC()}
			case 4: // another location
				*p = model.Time{Time: time.UnixMilli(1_800_000_000_000).In(time.FixedZone("x", 3600))}
			case 5: // a zero time in a location
				*p = model.Time{Time: time.Time{}.In(time.FixedZone("y", 60))}
			}
		}
		want := task.Clone()
		st, got := roundTrip(&task)
		sameTask(rt, want, got)
		sameTask(rt, want, task) // the input is not changed
		if (st.full == nil) != (task.Containers == nil && allCompactTimes(&task)) {
			rt.Fatalf("compact form: %v for a task with %d containers", st.full == nil, len(task.Containers))
		}
	})
}

func allCompactTimes(t *model.Task) bool {
	for _, p := range stoppedTimes(t) {
		if _, ok := compactTime(*p); !ok {
			return false
		}
	}
	return true
}

// Every member of model.Task survives the round trip, one at a time: a
// member added to model.Task that the compact form does not know fails
// here rather than disappearing from DescribeTasks.
func TestStoppedTaskEveryField(t *testing.T) {
	base := model.Task{TaskARN: "arn:aws:ecs:us-east-1:123456789012:task/c/0123", LastStatus: model.TaskStatusStopped}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		f := typ.Field(i)
		task := base
		v := reflect.ValueOf(&task).Elem().Field(i)
		switch {
		case f.Type == reflect.TypeOf(model.Time{}):
			v.Set(reflect.ValueOf(model.At(time.UnixMilli(1_800_000_000_123 + int64(i)))))
		case f.Type == reflect.TypeOf(json.RawMessage{}):
			v.Set(reflect.ValueOf(json.RawMessage(`{"x":1}`)))
		case v.Kind() == reflect.String:
			v.SetString("value of " + f.Name)
		case v.Kind() == reflect.Bool:
			v.SetBool(true)
		case v.CanInt():
			v.SetInt(int64(40 + i))
		case v.Kind() == reflect.Slice:
			v.Set(reflect.MakeSlice(f.Type, 1, 1))
		default:
			t.Fatalf("model.Task.%s: a %s this test cannot set", f.Name, f.Type)
		}
		want := task.Clone()
		_, got := roundTrip(&task)
		if !reflect.DeepEqual(want, got) {
			t.Errorf("model.Task.%s lost in the round trip:\n%s", f.Name, cmp.Diff(want, got))
		}
	}
}

// The stopped tasks of one service and revision share one shape, and a
// compact task is much smaller than a model.Task.
func TestStoppedTasksShareShape(t *testing.T) {
	shapes := map[taskShape]*taskShape{}
	mk := func(id string) model.Task {
		return model.Task{TaskARN: "arn:aws:ecs:us-east-1:123456789012:task/c/" + id, ClusterARN: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
			TaskDefinitionARN: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", Group: "service:web", StartedBy: "ecs-svc/1",
			LastStatus: model.TaskStatusStopped, DesiredStatus: model.DesiredStatusStopped, CPU: "256", Memory: "512",
			CreatedAt: model.At(time.Unix(1_800_000_000, 0)), StoppedAt: model.At(time.Unix(1_800_000_100, 0)), Version: 4}
	}
	a, b := mk("a"), mk("b")
	sa, sb := compactStopped(&a, shapes), compactStopped(&b, shapes)
	if sa.full != nil || sb.full != nil || sa.shape != sb.shape || len(shapes) != 1 {
		t.Errorf("two tasks of one service: shapes %p %p, %d interned", sa.shape, sb.shape, len(shapes))
	}
	if small, big := reflect.TypeFor[stoppedTask]().Size(), reflect.TypeFor[model.Task]().Size(); small*3 > big {
		t.Errorf("a stopped task takes %d bytes, a model.Task %d", small, big)
	}
}

// After a service's tasks have stopped and left the scheduler's view,
// DescribeTasks and ListTasks answer about them exactly as they did while
// the tasks were STOPPED but still live, until an hour has passed.
func TestStoppedTasksDescribeAsBefore(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "web", "web", 3)
	f.advance(t, 5*time.Minute)
	agent := f.w.Agent()
	agent.Stop = Fixed(7 * time.Second) // off the scheduler's 15-second beat, so a STOPPED task is seen live
	f.w.SetAgent(agent)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "web", DesiredCount: model.Int32(0)}))(t)
	var arns []string
	for _, t := range f.w.clusters["c"].tasks {
		arns = append(arns, t.TaskARN)
	}
	if len(arns) != 3 {
		t.Fatalf("%d tasks, want 3", len(arns))
	}
	// Each task is described the moment it is STOPPED, still live: the
	// scheduler forgets it at its next run.
	describeOne := func(w *World, arn string) model.Task {
		r := ok(w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{arn}, Include: []model.TaskField{model.TaskFieldTags}}))(t)
		if len(r.Tasks) != 1 {
			t.Fatalf("DescribeTasks %s: %+v", arn, r.Failures)
		}
		return r.Tasks[0]
	}
	live := map[string]model.Task{}
	if ok, err := f.w.RunUntil(func(w *World) bool {
		for _, task := range w.clusters["c"].tasks {
			if _, seen := live[task.TaskARN]; !seen && task.LastStatus == model.TaskStatusStopped {
				live[task.TaskARN] = describeOne(w, task.TaskARN)
			}
		}
		return len(live) == 3
	}, time.Hour); err != nil || !ok {
		t.Fatalf("tasks not STOPPED: %v", err)
	}
	f.advance(t, time.Minute) // the scheduler forgets them
	cs := f.w.clusters["c"]
	if len(cs.tasks) != 0 || len(cs.stopped) != 3 {
		t.Fatalf("after a minute: %d live, %d archived tasks", len(cs.tasks), len(cs.stopped))
	}
	for i := range cs.stopped {
		if cs.stopped[i].full != nil {
			t.Errorf("archived task %s kept whole", cs.stopped[i].taskARN())
		}
	}
	for _, arn := range arns {
		if diff := cmp.Diff(live[arn], describeOne(f.w, arn)); diff != "" {
			t.Errorf("DescribeTasks %s, live → archived (-live +archived):\n%s", arn, diff)
		}
	}
	sorted := slices.Sorted(slices.Values(arns))
	var onFirst []string
	for _, arn := range sorted {
		if live[arn].ContainerInstanceARN == f.insts[0] {
			onFirst = append(onFirst, arn)
		}
	}
	for _, c := range []struct {
		req  model.ListTasksRequest
		want []string
	}{
		{model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped}, sorted},
		{model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped, ServiceName: "web"}, sorted},
		{model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped, Family: "web"}, sorted},
		{model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped, Family: "port"}, nil},
		{model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped, ContainerInstance: f.insts[0]}, onFirst},
		{model.ListTasksRequest{Cluster: "c", DesiredStatus: model.DesiredStatusStopped, MaxResults: model.Int32(1)}, sorted[:1]},
		{model.ListTasksRequest{Cluster: "c"}, nil},
	} {
		got := ok(f.w.ListTasks(c.req))(t)
		if diff := cmp.Diff(c.want, got.TaskARNs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("ListTasks %+v (-want +got):\n%s", c.req, diff)
		}
	}
	liveD := model.DescribeTasksResponse{}
	for _, arn := range arns {
		liveD.Tasks = append(liveD.Tasks, live[arn])
	}
	describe := func() model.DescribeTasksResponse {
		return ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: append(arns, "0123456789abcdef0123456789abcdef"), Include: []model.TaskField{model.TaskFieldTags}}))(t)
	}
	// A clone answers the same, and its archive is its own.
	c := f.w.Clone()
	d, err := c.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: arns, Include: []model.TaskField{model.TaskFieldTags}})
	if err != nil || !cmp.Equal(d.Tasks, liveD.Tasks) {
		t.Errorf("clone: %v %s", err, cmp.Diff(liveD.Tasks, d.Tasks))
	}
	f.advance(t, time.Hour)
	if d := describe(); len(d.Tasks) != 0 || len(d.Failures) != 4 {
		t.Errorf("an hour later: %d described, %d failures", len(d.Tasks), len(d.Failures))
	}
}
