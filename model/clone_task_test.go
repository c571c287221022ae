package model_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/model"
)

// sharedMemory walks two values of the same type and names the first
// slice, pointer or map they share, "" when none. It is the independent
// check of the clones: it knows nothing of the model's fields.
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
			if !a.Type().Field(i).IsExported() {
				continue // time.Time's location is shared and immutable
			}
			if p := sharedMemory(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

// fullTask sets every slice, pointer and raw member of a task, at every
// depth, so that a clone missing one is caught.
func fullTask() model.Task {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	return model.Task{
		TaskARN:     "arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef0123456789abcdef",
		LastStatus:  model.TaskStatusPending,
		Attachments: []model.Attachment{{ID: "a", Details: []model.KeyValuePair{{Name: "n", Value: "v"}}}},
		Attributes:  []model.Attribute{{Name: "x", Value: "y"}},
		Containers: []model.Container{{
			Name: "app", ExitCode: model.Int32(1),
			NetworkBindings:   []model.NetworkBinding{{ContainerPort: model.Int32(80), HostPort: model.Int32(8080)}},
			NetworkInterfaces: []model.NetworkInterface{{AttachmentID: "eni"}},
			ManagedAgents:     raw(`[]`), GPUIDs: []string{"0"}, NeuronDeviceIDs: []string{"1"}, GPUSharingStrategy: raw(`"x"`),
		}},
		InferenceAccelerators: raw(`[]`), Overrides: raw(`{}`), Tags: []model.Tag{{Key: "k", Value: "v"}},
		EphemeralStorage: raw(`{"sizeInGiB":21}`), FargateEphemeralStorage: raw(`{}`), Version: 1,
	}
}

// TestTaskCloneSharesNoMemory: Task.Clone and TransitionTask return values
// sharing nothing with their input, equal to it (but for the transition).
func TestTaskCloneSharesNoMemory(t *testing.T) {
	in := fullTask()
	c := in.Clone()
	if diff := cmp.Diff(in, c); diff != "" {
		t.Errorf("clone differs (-in +clone):\n%s", diff)
	}
	if p := sharedMemory(reflect.ValueOf(in), reflect.ValueOf(c), "Task"); p != "" {
		t.Errorf("Clone shares %s", p)
	}
	out, err := model.TransitionTask(in, model.TaskStatusRunning, time.Unix(100, 0))
	if err != nil {
		t.Fatal(err)
	}
	if p := sharedMemory(reflect.ValueOf(in), reflect.ValueOf(out), "Task"); p != "" {
		t.Errorf("TransitionTask shares %s with its input", p)
	}
	var zero model.Task
	if diff := cmp.Diff(zero, zero.Clone()); diff != "" {
		t.Errorf("zero task clone:\n%s", diff)
	}
}
