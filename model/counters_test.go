package model_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

const ciARN = "arn:aws:ecs:us-east-1:123456789012:container-instance/c/0123456789abcdef0123456789abcdef"

func instance(cpu, mem int64) model.ContainerInstance {
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, cpu), model.IntegerResource(model.ResourceMemory, mem)}
	return model.ContainerInstance{
		ContainerInstanceARN: ciARN, Status: model.ContainerInstanceStatusActive, Version: 1,
		RegisteredResources: res, RemainingResources: append([]model.Resource(nil), res...),
	}
}

// TestCountersNeverWrap: each counter at its maximum (int32 for the task
// counts, int64 for the version, as the API types them) is refused with a
// LimitExceededException and the input comes back unchanged; one below
// the maximum still works and reaches it exactly.
func TestCountersNeverWrap(t *testing.T) {
	task := model.TaskResources{CPU: 1, Memory: 1}
	type op func(model.ContainerInstance) (model.ContainerInstance, error)
	reserve := func(running bool) op {
		return func(ci model.ContainerInstance) (model.ContainerInstance, error) {
			return model.ReserveTask(ci, task, running)
		}
	}
	release := func(running bool) op {
		return func(ci model.ContainerInstance) (model.ContainerInstance, error) {
			return model.ReleaseTask(ci, task, running)
		}
	}
	drain := func(ci model.ContainerInstance) (model.ContainerInstance, error) {
		return model.TransitionContainerInstance(ci, model.ContainerInstanceStatusDraining)
	}
	cases := []struct {
		name  string
		set   func(*model.ContainerInstance, int64) // puts the counter at a value
		max   int64
		op    op
		check func(model.ContainerInstance) int64 // reads the counter after the op
	}{
		{"ReserveTask running count", func(ci *model.ContainerInstance, v int64) { ci.RunningTasksCount = int32(v) }, math.MaxInt32, reserve(true),
			func(ci model.ContainerInstance) int64 { return int64(ci.RunningTasksCount) }},
		{"ReserveTask pending count", func(ci *model.ContainerInstance, v int64) { ci.PendingTasksCount = int32(v) }, math.MaxInt32, reserve(false),
			func(ci model.ContainerInstance) int64 { return int64(ci.PendingTasksCount) }},
		{"StartTask running count", func(ci *model.ContainerInstance, v int64) { ci.RunningTasksCount, ci.PendingTasksCount = int32(v), 1 }, math.MaxInt32, model.StartTask,
			func(ci model.ContainerInstance) int64 { return int64(ci.RunningTasksCount) }},
		{"ReserveTask version", func(ci *model.ContainerInstance, v int64) { ci.Version = v }, math.MaxInt64, reserve(true),
			func(ci model.ContainerInstance) int64 { return ci.Version }},
		{"StartTask version", func(ci *model.ContainerInstance, v int64) { ci.Version, ci.PendingTasksCount = v, 1 }, math.MaxInt64, model.StartTask,
			func(ci model.ContainerInstance) int64 { return ci.Version }},
		{"ReleaseTask version", func(ci *model.ContainerInstance, v int64) { ci.Version, ci.RunningTasksCount = v, 1 }, math.MaxInt64, release(true),
			func(ci model.ContainerInstance) int64 { return ci.Version }},
		{"TransitionContainerInstance version", func(ci *model.ContainerInstance, v int64) { ci.Version = v }, math.MaxInt64, drain,
			func(ci model.ContainerInstance) int64 { return ci.Version }},
	}
	for _, c := range cases {
		ci := instance(4096, 8192)
		c.set(&ci, c.max-1)
		got, err := c.op(ci)
		if err != nil || c.check(got) != c.max {
			t.Errorf("%s at max-1: got %d, %v; want %d", c.name, c.check(got), err, c.max)
		}
		ci = instance(4096, 8192)
		c.set(&ci, c.max)
		got, err = c.op(ci)
		if !errors.Is(err, ecserrors.ErrLimitExceeded) {
			t.Errorf("%s at max: err = %v, want LimitExceededException", c.name, err)
		}
		if diff := cmp.Diff(ci, got); diff != "" {
			t.Errorf("%s at max: the refused call changed the instance (-in +out):\n%s", c.name, diff)
		}
	}

	tk := model.Task{TaskARN: "arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef0123456789abcdef", LastStatus: model.TaskStatusPending, Version: math.MaxInt64}
	if _, err := model.TransitionTask(tk, model.TaskStatusRunning, time.Unix(0, 0)); !errors.Is(err, ecserrors.ErrLimitExceeded) {
		t.Errorf("TransitionTask at version MaxInt64: err = %v, want LimitExceededException", err)
	}
	tk.Version = math.MaxInt64 - 1
	if got, err := model.TransitionTask(tk, model.TaskStatusRunning, time.Unix(0, 0)); err != nil || got.Version != math.MaxInt64 {
		t.Errorf("TransitionTask at version MaxInt64-1: version %d, %v", got.Version, err)
	}
}

// TestLongResourcesKeepTheirType: a LONG (or DOUBLE) CPU or MEMORY is
// written back in its own type, never rewritten as a clamped INTEGER, and
// giving back at MaxInt64 saturates at what was registered instead of
// wrapping.
func TestLongResourcesKeepTheirType(t *testing.T) {
	long := func(name string, v int64) model.Resource {
		return model.Resource{Name: name, Type: model.ResourceTypeLong, LongValue: v}
	}
	big := int64(1) << 40
	ci := model.ContainerInstance{ContainerInstanceARN: ciARN, Version: 1,
		RegisteredResources: []model.Resource{long(model.ResourceCPU, big), long(model.ResourceMemory, math.MaxInt64)},
		RemainingResources:  []model.Resource{long(model.ResourceCPU, big), long(model.ResourceMemory, math.MaxInt64)},
	}
	task := model.TaskResources{CPU: 1024, Memory: 1 << 35}
	got, err := model.ReserveTask(ci, task, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Resource{long(model.ResourceCPU, big-1024), long(model.ResourceMemory, math.MaxInt64-1<<35)}
	if diff := cmp.Diff(want, got.RemainingResources); diff != "" {
		t.Errorf("after ReserveTask (-want +got):\n%s", diff)
	}
	// Releasing a task that was never reserved at MaxInt64: remaining stays
	// at the registered maximum rather than wrapping negative.
	got, err = model.ReleaseTask(ci, model.TaskResources{CPU: 1, Memory: math.MaxInt64}, false)
	if err == nil {
		t.Fatalf("ReleaseTask with no pending task: want an error, got %+v", got.RemainingResources)
	}
	ci.PendingTasksCount = 1
	got, err = model.ReleaseTask(ci, model.TaskResources{CPU: 1, Memory: math.MaxInt64}, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ci.RemainingResources, got.RemainingResources); diff != "" {
		t.Errorf("release at MaxInt64 (-want +got):\n%s", diff)
	}
	// DOUBLE stays DOUBLE; NaN counts as nothing remaining.
	dbl := model.ContainerInstance{ContainerInstanceARN: ciARN,
		RemainingResources: []model.Resource{{Name: model.ResourceCPU, Type: model.ResourceTypeDouble, DoubleValue: 2048}, {Name: model.ResourceMemory, Type: model.ResourceTypeDouble, DoubleValue: math.NaN()}}}
	if c := dbl.Remaining(); c.CPU != 2048 || c.Memory != 0 {
		t.Errorf("DOUBLE remaining = %+v, want CPU 2048 and NaN memory as 0", c)
	}
	got, err = model.ReserveTask(dbl, model.TaskResources{CPU: 48}, false)
	if err != nil || got.RemainingResources[0].Type != model.ResourceTypeDouble || got.RemainingResources[0].DoubleValue != 2000 {
		t.Errorf("ReserveTask on DOUBLE CPU: %+v, %v", got.RemainingResources, err)
	}
	for _, d := range []float64{math.Inf(1), 1e300} {
		r := model.ContainerInstance{RemainingResources: []model.Resource{{Name: model.ResourceCPU, Type: model.ResourceTypeDouble, DoubleValue: d}}}
		if c := r.Remaining(); c.CPU != math.MaxInt64 {
			t.Errorf("DOUBLE CPU %v reads as %d, want MaxInt64", d, c.CPU)
		}
	}
}

// TestReleaseNeverExceedsRegistered: a property over any amounts, checked
// against saturating big-number arithmetic: remaining after a release is
// min(remaining + task, max(registered, remaining)), never wrapped.
func TestReleaseNeverExceedsRegistered(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		reg := rapid.Int64Min(0).Draw(rt, "registered")
		rem := rapid.Int64Range(0, math.MaxInt64).Draw(rt, "remaining")
		give := rapid.Int64Min(0).Draw(rt, "task")
		ci := model.ContainerInstance{ContainerInstanceARN: ciARN, RunningTasksCount: 1,
			RegisteredResources: []model.Resource{{Name: model.ResourceCPU, Type: model.ResourceTypeLong, LongValue: reg}},
			RemainingResources:  []model.Resource{{Name: model.ResourceCPU, Type: model.ResourceTypeLong, LongValue: rem}},
		}
		got, err := model.ReleaseTask(ci, model.TaskResources{CPU: give}, true)
		if err != nil {
			rt.Fatal(err)
		}
		// Reference in float-free exact arithmetic: the sum is compared
		// against the cap without forming it.
		capAt := max(reg, rem)
		want := capAt
		if give <= capAt-rem {
			want = rem + give
		}
		if c := got.Remaining().CPU; c != want {
			rt.Fatalf("release %d onto %d (registered %d): remaining %d, want %d", give, rem, reg, c, want)
		}
	})
}

// TestNoNegativeReservation: what a task reserves is never negative, so
// reserving can only take capacity away. ResourcesOf reads a negative
// amount (refused by TaskDefinition.Validate) as 0, CheckedResourcesOf
// refuses it, and ReserveTask / ReleaseTask refuse negative or malformed
// TaskResources built by hand.
func TestNoNegativeReservation(t *testing.T) {
	base := func() *model.TaskDefinition {
		return &model.TaskDefinition{NetworkMode: model.NetworkModeBridge, ContainerDefinitions: []model.ContainerDefinition{
			{Name: "a", CPU: 256, Memory: model.Int32(512)},
			{Name: "b", CPU: 128, MemoryReservation: model.Int32(128)},
		}}
	}
	cases := []struct {
		name string
		edit func(*model.TaskDefinition)
		want model.TaskResources // what ResourcesOf reads
	}{
		{"valid", func(*model.TaskDefinition) {}, model.TaskResources{CPU: 384, Memory: 640}},
		{"negative container cpu", func(td *model.TaskDefinition) { td.ContainerDefinitions[0].CPU = -4096 }, model.TaskResources{CPU: 128, Memory: 640}},
		{"negative memory", func(td *model.TaskDefinition) { td.ContainerDefinitions[0].Memory = model.Int32(-9999) }, model.TaskResources{CPU: 384, Memory: 128}},
		{"negative reservation", func(td *model.TaskDefinition) {
			td.ContainerDefinitions[1].MemoryReservation = model.Int32(math.MinInt32)
		}, model.TaskResources{CPU: 384, Memory: 512}},
		{"negative task cpu", func(td *model.TaskDefinition) { td.CPU = "-2048" }, model.TaskResources{CPU: 384, Memory: 640}},
		{"malformed task memory", func(td *model.TaskDefinition) { td.Memory = "2 GB" }, model.TaskResources{CPU: 384, Memory: 640}},
	}
	for _, c := range cases {
		td := base()
		c.edit(td)
		if diff := cmp.Diff(c.want, model.ResourcesOf(td)); diff != "" {
			t.Errorf("%s: ResourcesOf (-want +got):\n%s", c.name, diff)
		}
		got, err := model.CheckedResourcesOf(td)
		if c.name == "valid" {
			if err != nil || !cmp.Equal(got, c.want) {
				t.Errorf("valid: CheckedResourcesOf = %+v, %v", got, err)
			}
		} else if !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("%s: CheckedResourcesOf err = %v, want InvalidParameterException", c.name, err)
		}
		if td.Validate() == nil {
			t.Errorf("%s: TaskDefinition.Validate accepts it; the test expects the rules to agree", c.name)
		}
	}
	if _, err := model.CheckedResourcesOf(nil); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Errorf("CheckedResourcesOf(nil): %v", err)
	}
	ci := instance(2048, 4096)
	for _, tr := range []model.TaskResources{
		{CPU: -1}, {Memory: -1}, {CPU: math.MinInt64},
		{TCPPorts: []int32{0}}, {TCPPorts: []int32{80, 80}}, {UDPPorts: []int32{90, 80}}, {UDPPorts: []int32{65536}},
	} {
		if _, err := model.ReserveTask(ci, tr, true); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("ReserveTask(%+v): %v, want InvalidParameterException", tr, err)
		}
		ci.RunningTasksCount = 1
		if _, err := model.ReleaseTask(ci, tr, true); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("ReleaseTask(%+v): %v, want InvalidParameterException", tr, err)
		}
		ci.RunningTasksCount = 0
	}
}

// TestResourcesOfNil: a nil task definition reserves nothing.
func TestResourcesOfNil(t *testing.T) {
	if diff := cmp.Diff(model.TaskResources{}, model.ResourcesOf(nil)); diff != "" {
		t.Errorf("ResourcesOf(nil) (-want +got):\n%s", diff)
	}
}
