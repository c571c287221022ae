package service_test

import (
	"reflect"
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// sharedMemory names the first slice, pointer or map two values of one
// type share ("" when none), knowing nothing of the model's fields.
func sharedMemory(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		return sharedMemory(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() == 0 || b.Len() == 0 {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		for i := range min(a.Len(), b.Len()) {
			if p := sharedMemory(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			return path
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				if p := sharedMemory(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// TestApplyStepReturnsCopies: the instances and tasks ApplyStep returns
// share no memory with its inputs or the step, including tasks and
// instances the step did not touch.
func TestApplyStepReturnsCopies(t *testing.T) {
	w := newWorld(threeZones(2, 2048, 4096), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(2)})
	w.step(t)
	w.agent(t)
	for i := range w.tasks { // slices on every task, to be caught if shared
		w.tasks[i].Attributes = []model.Attribute{{Name: "x"}}
		w.tasks[i].Containers = []model.Container{{Name: "c", ExitCode: model.Int32(0)}}
	}
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(4)})
	st, err := service.Reconcile(w.input(), w.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Start) == 0 {
		t.Fatal("the step starts nothing; the test needs new tasks")
	}
	insts, tasks, err := service.ApplyStep(w.insts, w.tasks, w.tds, &st, w.now)
	if err != nil {
		t.Fatal(err)
	}
	if p := sharedMemory(reflect.ValueOf(w.insts), reflect.ValueOf(insts), "instances"); p != "" {
		t.Errorf("returned instances share %s with the input", p)
	}
	if p := sharedMemory(reflect.ValueOf(w.tasks), reflect.ValueOf(tasks[:len(w.tasks)]), "tasks"); p != "" {
		t.Errorf("returned tasks share %s with the input", p)
	}
	if p := sharedMemory(reflect.ValueOf(st.Start), reflect.ValueOf(tasks[len(w.tasks):]), "started"); p != "" {
		t.Errorf("returned tasks share %s with the step", p)
	}
}
