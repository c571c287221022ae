package ecsstate

import (
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// The world's reserve, release and startOn give what model.ReserveTask,
// model.ReleaseTask and model.StartTask give, deep-equal, errors included,
// and leave their input as it was, through a random sequence of moves on
// instances that start alike (so that remembered moves are reused).
func TestSharedInstanceOpsMatchModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		base := gen.ContainerInstance().Draw(rt, "instance")
		insts := []model.ContainerInstance{base, base, base} // sharing their lists, as the world's do
		insts[1].ContainerInstanceARN += "1"
		insts[2].PendingTasksCount = rapid.Int32Range(0, math.MaxInt32).Draw(rt, "pending")
		insts[2].Version = rapid.SampledFrom([]int64{1, math.MaxInt64}).Draw(rt, "version")
		var in interned
		sizes := []model.TaskResources{{CPU: 256, Memory: 512}, {CPU: 256, Memory: 512}, {CPU: 256, Memory: 512}, {CPU: 1024}, {CPU: -1}}
		for range rapid.IntRange(1, 40).Draw(rt, "moves") {
			i := rapid.IntRange(0, len(insts)-1).Draw(rt, "which")
			res := rapid.SampledFrom(sizes).Draw(rt, "task")
			if rapid.IntRange(0, 5).Draw(rt, "ports") == 0 {
				res.TCPPorts = []int32{int32(rapid.IntRange(1, 65535).Draw(rt, "hostPort"))}
			}
			running := rapid.IntRange(0, 3).Draw(rt, "running") == 0
			ci := insts[i]
			before := ci.Clone()
			var want, got model.ContainerInstance
			var wantErr, gotErr error
			op := rapid.SampledFrom([]string{"ReserveTask", "ReleaseTask", "StartTask"}).Draw(rt, "op")
			switch op {
			case "ReserveTask":
				want, wantErr = model.ReserveTask(ci, res, running)
				got, gotErr = in.reserve(&ci, res, running)
			case "ReleaseTask":
				want, wantErr = model.ReleaseTask(ci, res, running)
				got, gotErr = in.release(&ci, res, running)
			default:
				want, wantErr = model.StartTask(ci)
				got, gotErr = startOn(&ci)
			}
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				rt.Fatalf("%s: error %v, model's %v", op, gotErr, wantErr)
			}
			if wantErr == nil && !reflect.DeepEqual(got, want) {
				rt.Fatalf("%s (-model +world):\n%s", op, cmp.Diff(want, got))
			}
			if !reflect.DeepEqual(ci, before) {
				rt.Fatalf("%s changed its input:\n%s", op, cmp.Diff(before, ci))
			}
			if gotErr == nil {
				insts[i] = got
			}
		}
	})
}

// Instances registered alike share their attribute and resource lists;
// changing one instance's attributes (PutAttributes) or resources (a task
// placed on it) leaves the other's as registered.
func TestInternedInstanceLists(t *testing.T) {
	f := newFixture(t, 4) // zones a, b, c, a
	cs := f.w.clusters["c"]
	a1, a2 := &cs.instances[0], &cs.instances[3]
	if !reflect.DeepEqual(a1.Attributes, a2.Attributes) || &a1.Attributes[0] != &a2.Attributes[0] {
		t.Errorf("instances in one zone do not share attributes: %v %v", a1.Attributes, a2.Attributes)
	}
	if &a1.RegisteredResources[0] != &cs.instances[1].RegisteredResources[0] {
		t.Error("instances of one size do not share registered resources")
	}
	if &a1.Attributes[0] == &cs.instances[1].Attributes[0] {
		t.Error("instances in two zones share attributes")
	}
	second := f.instance(t, f.insts[3])
	ok(f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{
		{Name: "stack", Value: "blue", TargetType: model.TargetTypeContainerInstance, TargetID: f.insts[0]}}}))(t)
	f.service(t, "web", "web", 1)
	f.advance(t, time.Minute)
	first := f.instance(t, f.insts[0])
	if !slices.ContainsFunc(first.Attributes, func(a model.Attribute) bool { return a.Name == "stack" }) {
		t.Errorf("PutAttributes did not apply: %v", first.Attributes)
	}
	after := f.instance(t, f.insts[3])
	if diff := cmp.Diff(second.Attributes, after.Attributes); diff != "" {
		t.Errorf("another instance's attributes changed (-before +after):\n%s", diff)
	}
	placed := 0
	for _, arn := range f.insts {
		ci := f.instance(t, arn)
		placed += int(ci.RunningTasksCount + ci.PendingTasksCount)
		if diff := cmp.Diff(second.RegisteredResources, ci.RegisteredResources); diff != "" {
			t.Errorf("registered resources of %s changed:\n%s", arn, diff)
		}
	}
	if placed != 1 {
		t.Errorf("%d tasks placed, want 1", placed)
	}
}
