package model_test

import (
	"errors"
	"math"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// FuzzInstanceAccounting drives ReserveTask, StartTask, ReleaseTask and the
// transitions with arbitrary counters, amounts and resource types. No
// call panics; every failure is an InvalidParameterException or a
// LimitExceededException that returns the input unchanged; a success never
// wraps a counter (each moves by exactly one) and never leaves more CPU
// or memory remaining than max(registered, remaining before).
func FuzzInstanceAccounting(f *testing.F) {
	f.Add(int64(2048), int64(2048), int64(256), int32(0), int32(0), int64(1), uint8(0), uint8(0))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int32(math.MaxInt32), int32(math.MaxInt32), int64(math.MaxInt64), uint8(1), uint8(3))
	f.Add(int64(-5), int64(10), int64(-10), int32(-1), int32(1), int64(math.MinInt64), uint8(2), uint8(2))
	f.Fuzz(func(t *testing.T, reg, rem, task int64, pending, running int32, version int64, typ, op uint8) {
		types := []model.ResourceType{model.ResourceTypeInteger, model.ResourceTypeLong, model.ResourceTypeDouble}
		res := func(v int64) model.Resource {
			r := model.Resource{Name: model.ResourceCPU, Type: types[int(typ)%3]}
			switch r.Type {
			case model.ResourceTypeInteger:
				r.IntegerValue = int32(max(min(v, math.MaxInt32), math.MinInt32))
			case model.ResourceTypeLong:
				r.LongValue = v
			default:
				r.DoubleValue = float64(v)
			}
			return r
		}
		ci := model.ContainerInstance{ContainerInstanceARN: ciARN, Status: model.ContainerInstanceStatusActive,
			PendingTasksCount: pending, RunningTasksCount: running, Version: version,
			RegisteredResources: []model.Resource{res(reg)}, RemainingResources: []model.Resource{res(rem)}}
		before := ci.Clone()
		tr := model.TaskResources{CPU: task}
		var out model.ContainerInstance
		var err error
		switch op % 5 {
		case 0:
			out, err = model.ReserveTask(ci, tr, false)
		case 1:
			out, err = model.ReserveTask(ci, tr, true)
		case 2:
			out, err = model.StartTask(ci)
		case 3:
			out, err = model.ReleaseTask(ci, tr, op%2 == 0)
		case 4:
			out, err = model.TransitionContainerInstance(ci, model.ContainerInstanceStatusDraining)
		}
		if err != nil {
			if !errors.Is(err, ecserrors.ErrInvalidParameter) && !errors.Is(err, ecserrors.ErrLimitExceeded) {
				t.Fatalf("op %d: %v is neither InvalidParameter nor LimitExceeded", op%5, err)
			}
			return
		}
		if out.Version != before.Version+1 || out.Version < before.Version {
			t.Fatalf("version %d -> %d", before.Version, out.Version)
		}
		if d := int64(out.PendingTasksCount) + int64(out.RunningTasksCount) - int64(before.PendingTasksCount) - int64(before.RunningTasksCount); d < -1 || d > 1 {
			t.Fatalf("task counts moved by %d", d)
		}
		if out.PendingTasksCount < 0 && before.PendingTasksCount >= 0 || out.RunningTasksCount < 0 && before.RunningTasksCount >= 0 {
			t.Fatalf("a count wrapped: %d/%d -> %d/%d", before.PendingTasksCount, before.RunningTasksCount, out.PendingTasksCount, out.RunningTasksCount)
		}
		if got, cap := out.Remaining().CPU, max(before.Registered().CPU, before.Remaining().CPU); got > cap {
			t.Fatalf("remaining %d exceeds %d", got, cap)
		}
		if out.Remaining().CPU < 0 && before.Remaining().CPU >= 0 {
			t.Fatalf("remaining went negative: %d -> %d", before.Remaining().CPU, out.Remaining().CPU)
		}
	})
}
