package ecsstate

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// reserveOn, startOn and releaseOn give what model.ReserveTask,
// model.StartTask and model.ReleaseTask give, deep-equal, errors
// included, and leave their input as it was.
func TestSharedInstanceOpsMatchModel(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ci := gen.ContainerInstance().Draw(rt, "instance")
		res := model.TaskResources{
			CPU:    rapid.Int64Range(0, 2048).Draw(rt, "cpu"),
			Memory: rapid.Int64Range(0, 4096).Draw(rt, "memory"),
		}
		if rapid.Bool().Draw(rt, "port") {
			res.TCPPorts = []int32{int32(rapid.IntRange(1, 65535).Draw(rt, "hostPort"))}
		}
		running := rapid.Bool().Draw(rt, "running")
		before := ci.Clone()
		check := func(op string, got model.ContainerInstance, gotErr error, want model.ContainerInstance, wantErr error) {
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				rt.Fatalf("%s: error %v, model's %v", op, gotErr, wantErr)
			}
			if wantErr == nil && !reflect.DeepEqual(got, want) {
				rt.Fatalf("%s (-model +shared):\n%s", op, cmp.Diff(want, got))
			}
			if !reflect.DeepEqual(ci, before) {
				rt.Fatalf("%s changed its input:\n%s", op, cmp.Diff(before, ci))
			}
		}
		w, we := model.ReserveTask(ci, res, running)
		g, ge := reserveOn(&ci, res, running)
		check("ReserveTask", g, ge, w, we)
		w, we = model.StartTask(ci)
		g, ge = startOn(&ci)
		check("StartTask", g, ge, w, we)
		w, we = model.ReleaseTask(ci, res, running)
		g, ge = releaseOn(&ci, res, running)
		check("ReleaseTask", g, ge, w, we)
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
