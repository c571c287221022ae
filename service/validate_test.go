package service_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TestNegativeTaskSizeCreatesNoCapacity: a task definition with a negative
// cpu or memory (which TaskDefinition.Validate refuses) is refused by
// Reconcile and by ApplyStep with an InvalidParameterException, and leaves
// the instances as they were. Before, an instance registered with 2,048
// CPU ended with more remaining than it registered.
func TestNegativeTaskSizeCreatesNoCapacity(t *testing.T) {
	cases := []struct {
		name string
		edit func(*model.TaskDefinition)
	}{
		{"container cpu", func(td *model.TaskDefinition) { td.ContainerDefinitions[0].CPU = -512 }},
		{"container memory", func(td *model.TaskDefinition) { td.ContainerDefinitions[0].Memory = model.Int32(-256) }},
		{"container memoryReservation", func(td *model.TaskDefinition) {
			td.ContainerDefinitions[0].Memory, td.ContainerDefinitions[0].MemoryReservation = nil, model.Int32(-1)
		}},
		{"task cpu", func(td *model.TaskDefinition) { td.CPU = "-1024" }},
		{"task memory", func(td *model.TaskDefinition) { td.Memory = "lots" }},
	}
	for _, c := range cases {
		w := newWorld(threeZones(1, 2048, 4096), 100, 200)
		c.edit(&w.tds[0])
		w.svc.DesiredCount = 20
		before := cloneInstances(w.insts)
		if _, err := service.Reconcile(w.input(), w.now); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("%s: Reconcile err = %v, want InvalidParameterException", c.name, err)
		}
		// The same definition in a step computed elsewhere.
		st := &service.Step{Service: w.svc, Start: []model.Task{{
			TaskARN: wacct.TaskARN("prod", "0123456789abcdef0123456789abcdef"), TaskDefinitionARN: w.tds[0].TaskDefinitionARN,
			ContainerInstanceARN: w.insts[0].ContainerInstanceARN, LastStatus: model.TaskStatusProvisioning, Version: 1,
		}}}
		insts, tasks, err := service.ApplyStep(w.insts, w.tasks, w.tds, st, w.now)
		if !errors.Is(err, ecserrors.ErrInvalidParameter) || insts != nil || tasks != nil {
			t.Errorf("%s: ApplyStep = %d instances, %d tasks, %v; want InvalidParameterException", c.name, len(insts), len(tasks), err)
		}
		if diff := cmp.Diff(before, w.insts); diff != "" {
			t.Errorf("%s: instances changed (-before +after):\n%s", c.name, diff)
		}
	}
}

func cloneInstances(in []model.ContainerInstance) []model.ContainerInstance {
	out := make([]model.ContainerInstance, len(in))
	for i := range in {
		out[i] = in[i].Clone()
	}
	return out
}
