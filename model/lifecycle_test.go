package model_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// The container instance moves the ECS documentation describes, and some
// it rules out (UpdateContainerInstancesState: only ACTIVE becomes
// DRAINING; REGISTERING, DEREGISTERING and REGISTRATION_FAILED instances
// cannot be updated).
func TestContainerInstanceLifecycleDocumentedMoves(t *testing.T) {
	S := func(s string) model.ContainerInstanceStatus { return model.ContainerInstanceStatus(s) }
	allowed := [][2]string{
		{"REGISTERING", "ACTIVE"}, {"REGISTERING", "REGISTRATION_FAILED"},
		{"ACTIVE", "DRAINING"}, {"DRAINING", "ACTIVE"},
		{"ACTIVE", "DEREGISTERING"}, {"DEREGISTERING", "INACTIVE"},
	}
	refused := [][2]string{
		{"REGISTERING", "DRAINING"}, {"DEREGISTERING", "DRAINING"}, {"REGISTRATION_FAILED", "DRAINING"},
		{"DEREGISTERING", "ACTIVE"}, {"INACTIVE", "ACTIVE"}, {"ACTIVE", "REGISTERING"}, {"ACTIVE", "ACTIVE"},
		{"", "ACTIVE"}, {"ACTIVE", "BOGUS"},
	}
	for _, m := range allowed {
		if !model.CanTransitionContainerInstance(S(m[0]), S(m[1])) {
			t.Errorf("%s → %s refused", m[0], m[1])
		}
	}
	for _, m := range refused {
		if model.CanTransitionContainerInstance(S(m[0]), S(m[1])) {
			t.Errorf("%s → %s allowed", m[0], m[1])
		}
	}
	if n := len(model.ContainerInstanceTransitions()); n == 0 {
		t.Fatal("empty transition table")
	}
}

// TestContainerInstanceVersionIncreasesExactlyOnAcceptedChanges walks random
// status requests and checks the table decides, the version moves by one
// on each accepted change and not at all on a refusal, and refusals are
// InvalidParameterException.
func TestContainerInstanceVersionIncreasesExactlyOnAcceptedChanges(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ci := gen.ContainerInstance().Draw(t, "instance")
		for range rapid.IntRange(1, 20).Draw(t, "steps") {
			to := rapid.SampledFrom(model.ContainerInstanceStatus("").Values()).Draw(t, "to")
			next, err := model.TransitionContainerInstance(ci, to)
			if model.CanTransitionContainerInstance(ci.Status, to) {
				if err != nil || next.Status != to || next.Version != ci.Version+1 {
					t.Fatalf("%s → %s: %v, version %d → %d", ci.Status, to, err, ci.Version, next.Version)
				}
				ci = next
				continue
			}
			if !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("%s → %s refused with %v", ci.Status, to, err)
			}
			if diff := cmp.Diff(ci, next); diff != "" {
				t.Fatalf("refusal changed the instance:\n%s", diff)
			}
		}
	})
}

func TestTaskLifecycleMovesOnlyForward(t *testing.T) {
	order := model.TaskStatus("").Values()
	for _, tr := range model.TaskTransitions() {
		if slices.Index(order, tr.To) <= slices.Index(order, tr.From) {
			t.Errorf("backward move %s → %s", tr.From, tr.To)
		}
		if tr.To == model.TaskStatusDeleted && tr.From != model.TaskStatusStopped {
			t.Errorf("DELETED reached from %s", tr.From)
		}
	}
	// The documented happy path, every state in order.
	for i := 0; i+1 < len(order); i++ {
		if !model.CanTransitionTask(order[i], order[i+1]) {
			t.Errorf("%s → %s refused", order[i], order[i+1])
		}
	}
	// Skips ECS allows and ones it does not.
	skips := map[[2]model.TaskStatus]bool{
		{model.TaskStatusPending, model.TaskStatusRunning}:      true,  // no ENI to activate
		{model.TaskStatusRunning, model.TaskStatusStopping}:     true,  // nothing to deactivate
		{model.TaskStatusPending, model.TaskStatusStopped}:      true,  // failed to start
		{model.TaskStatusProvisioning, model.TaskStatusStopped}: true,  // capacity never came
		{model.TaskStatusProvisioning, model.TaskStatusRunning}: false, // PENDING is not optional
		{model.TaskStatusRunning, model.TaskStatusDeleted}:      false,
		{model.TaskStatusStopped, model.TaskStatusRunning}:      false,
		{model.TaskStatusRunning, model.TaskStatusRunning}:      false,
	}
	for m, want := range skips {
		if got := model.CanTransitionTask(m[0], m[1]); got != want {
			t.Errorf("CanTransitionTask(%s, %s) = %v, want %v", m[0], m[1], got, want)
		}
	}
}

func TestTransitionTaskStampsTimesAndVersion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		task := gen.Task().Draw(t, "task")
		to := rapid.SampledFrom(model.TaskStatus("").Values()).Draw(t, "to")
		now := gen.Time().Draw(t, "now").Time
		next, err := model.TransitionTask(task, to, now)
		if !model.CanTransitionTask(task.LastStatus, to) {
			if !errors.Is(err, ecserrors.ErrInvalidParameter) || !cmp.Equal(task, next) {
				t.Fatalf("refused move changed the task or used the wrong error: %v", err)
			}
			return
		}
		if err != nil || next.LastStatus != to || next.Version != task.Version+1 {
			t.Fatalf("accepted move: %v %+v", err, next)
		}
		if to == model.TaskStatusRunning && !next.StartedAt.Equal(now.Truncate(time.Millisecond)) {
			t.Fatalf("startedAt = %v, want %v", next.StartedAt, now)
		}
		if to == model.TaskStatusStopped && (next.StoppedAt.IsZero() || next.StoppingAt.IsZero()) {
			t.Fatalf("STOPPED without stoppedAt/stoppingAt: %+v", next)
		}
		if slices.Index(model.TaskStatus("").Values(), to) >= slices.Index(model.TaskStatus("").Values(), model.TaskStatusDeactivating) &&
			next.DesiredStatus != model.DesiredStatusStopped {
			t.Fatalf("stopping task still desires %s", next.DesiredStatus)
		}
	})
}

// TransitionTaskInPlace does to the task what TransitionTask returns, and
// leaves it as it was when TransitionTask refuses; CheckTaskTransition
// returns TransitionTask's error and changes nothing. A task whose
// version is at its maximum is drawn as often as any other.
func TestTransitionTaskInPlaceMatchesTransitionTask(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		task := gen.Task().Draw(t, "task")
		if rapid.Bool().Draw(t, "maxVersion") {
			task.Version = math.MaxInt64
		}
		to := rapid.SampledFrom(model.TaskStatus("").Values()).Draw(t, "to")
		now := gen.Time().Draw(t, "now").Time
		want, wantErr := model.TransitionTask(task, to, now)
		checked := task.Clone()
		if err := model.CheckTaskTransition(&checked, to); (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("CheckTaskTransition: %v, TransitionTask's %v", err, wantErr)
		}
		if d := cmp.Diff(task, checked); d != "" {
			t.Fatalf("CheckTaskTransition changed the task:\n%s", d)
		}
		got := task.Clone()
		err := model.TransitionTaskInPlace(&got, to, now)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("error %v, TransitionTask's %v", err, wantErr)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("in place differs from TransitionTask (-want +got):\n%s", d)
		}
	})
}
