package model

import (
	"slices"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Transition is one allowed status change of a lifecycle.
type Transition[S ~string] struct {
	From, To S
}

// containerInstanceTransitions is the container instance lifecycle:
//
//	REGISTERING → ACTIVE | REGISTRATION_FAILED    (trunk ENI provisioning)
//	ACTIVE ⇄ DRAINING                              (UpdateContainerInstancesState)
//	ACTIVE | DRAINING → DEREGISTERING → INACTIVE   (deregistration, trunk ENI removal)
//	ACTIVE | DRAINING → INACTIVE                   (deregistration without trunking)
//	REGISTRATION_FAILED → INACTIVE                 (the failed registration is cleaned up)
//
// Sources: the status member of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
// and https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
// (only ACTIVE may become DRAINING; a drained instance may return to ACTIVE).
// The two direct moves to INACTIVE are our reading: an instance without
// awsvpc trunking has no ENI to remove, and DeregisterContainerInstance
// answers with status INACTIVE.
var containerInstanceTransitions = []Transition[ContainerInstanceStatus]{
	{ContainerInstanceStatusRegistering, ContainerInstanceStatusActive},
	{ContainerInstanceStatusRegistering, ContainerInstanceStatusRegistrationFailed},
	{ContainerInstanceStatusActive, ContainerInstanceStatusDraining},
	{ContainerInstanceStatusDraining, ContainerInstanceStatusActive},
	{ContainerInstanceStatusActive, ContainerInstanceStatusDeregistering},
	{ContainerInstanceStatusDraining, ContainerInstanceStatusDeregistering},
	{ContainerInstanceStatusDeregistering, ContainerInstanceStatusInactive},
	{ContainerInstanceStatusActive, ContainerInstanceStatusInactive},
	{ContainerInstanceStatusDraining, ContainerInstanceStatusInactive},
	{ContainerInstanceStatusRegistrationFailed, ContainerInstanceStatusInactive},
}

// ContainerInstanceTransitions returns the container instance lifecycle as
// a list of allowed status changes (a fresh copy the caller may keep).
func ContainerInstanceTransitions() []Transition[ContainerInstanceStatus] {
	return slices.Clone(containerInstanceTransitions)
}

// CanTransitionContainerInstance reports whether ECS lets a container
// instance move from one status to another.
func CanTransitionContainerInstance(from, to ContainerInstanceStatus) bool {
	return slices.Contains(containerInstanceTransitions, Transition[ContainerInstanceStatus]{from, to})
}

// TransitionContainerInstance returns a copy of the instance in the new
// status with its version increased, or an InvalidParameterException when
// the lifecycle does not allow the change. A version at its maximum is a
// LimitExceededException: versions never wrap.
func TransitionContainerInstance(ci ContainerInstance, to ContainerInstanceStatus) (ContainerInstance, error) {
	if !CanTransitionContainerInstance(ci.Status, to) {
		return ci, invalid("status: container instance %s cannot move from %s to %s.", ecserrors.Clip(ci.ContainerInstanceARN), orNone(string(ci.Status)), orNone(string(to)))
	}
	if err := bumpVersion(ci.Version, ci.ContainerInstanceARN); err != nil {
		return ci, err
	}
	out := ci.Clone()
	out.Status = to
	out.Version++
	return out, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// taskOrder is the task lifecycle in order. A task moves only forward.
var taskOrder = TaskStatus("").Values()

// taskRank returns the position of s in the lifecycle, or -1.
func taskRank(s TaskStatus) int { return slices.Index(taskOrder, s) }

// stopHalf reports whether s is one of the states of a stopping task.
func stopHalf(s TaskStatus) bool { return taskRank(s) >= taskRank(TaskStatusDeactivating) }

// CanTransitionTask reports whether a task may move from one lastStatus to
// another. The lifecycle is
//
//	PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED → DELETED
//
// and a task only moves forward. PROVISIONING, ACTIVATING, DEACTIVATING,
// STOPPING and DEPROVISIONING exist only for tasks that need them (awsvpc
// network interfaces, load balancer registration), so they may be skipped;
// PENDING and RUNNING are skipped only by a task that fails before running,
// which may go to the stopping states from anywhere before them. DELETED
// follows STOPPED only.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
func CanTransitionTask(from, to TaskStatus) bool {
	f, t := taskRank(from), taskRank(to)
	if f < 0 || t <= f {
		return false
	}
	if to == TaskStatusDeleted {
		return from == TaskStatusStopped
	}
	if stopHalf(to) {
		return true
	}
	// Starting half: PENDING may not be skipped on the way to RUNNING.
	return !(f < taskRank(TaskStatusPending) && t > taskRank(TaskStatusPending))
}

// TaskTransitions returns every allowed task status change, generated from
// [CanTransitionTask], in lifecycle order.
func TaskTransitions() []Transition[TaskStatus] {
	var out []Transition[TaskStatus]
	for _, f := range taskOrder {
		for _, t := range taskOrder {
			if CanTransitionTask(f, t) {
				out = append(out, Transition[TaskStatus]{f, t})
			}
		}
	}
	return out
}

// TransitionTask returns a deep copy (see [Task.Clone]) of the task in the new lastStatus with its
// version increased and the matching timestamp set at now: startedAt on
// reaching RUNNING, stoppingAt on entering the stopping states (which also
// sets desiredStatus STOPPED), stoppedAt and executionStoppedAt on STOPPED.
// A change the lifecycle does not allow is an InvalidParameterException, a
// version at its maximum a LimitExceededException (versions never wrap).
func TransitionTask(t Task, to TaskStatus, now time.Time) (Task, error) {
	if err := checkTaskTransition(&t, to); err != nil {
		return t, err
	}
	t = t.Clone() // the result shares no memory with the caller's task
	setTaskTransition(&t, to, now)
	return t, nil
}

// TransitionTaskInPlace is [TransitionTask] done on *t itself, for a
// caller that owns the task and would only replace it with the result:
// it copies nothing, and changes only the fields TransitionTask sets
// (none on an error). Unlike the package's other functions it changes
// its argument: that is what it is for.
func TransitionTaskInPlace(t *Task, to TaskStatus, now time.Time) error {
	if err := checkTaskTransition(t, to); err != nil {
		return err
	}
	setTaskTransition(t, to, now)
	return nil
}

// CheckTaskTransition returns the error [TransitionTask] would return for
// moving t to the status to, nil when the move is allowed. It changes
// nothing: a caller can check the move before anything else it does, and
// then make it with [TransitionTaskInPlace].
func CheckTaskTransition(t *Task, to TaskStatus) error { return checkTaskTransition(t, to) }

func checkTaskTransition(t *Task, to TaskStatus) error {
	if !CanTransitionTask(t.LastStatus, to) {
		return invalid("lastStatus: task %s cannot move from %s to %s.", ecserrors.Clip(t.TaskARN), orNone(string(t.LastStatus)), orNone(string(to)))
	}
	return bumpVersion(t.Version, t.TaskARN)
}

func setTaskTransition(t *Task, to TaskStatus, now time.Time) {
	at := At(now)
	switch {
	case to == TaskStatusRunning:
		t.StartedAt = at
	case stopHalf(to) && !stopHalf(t.LastStatus):
		t.StoppingAt = at
		t.DesiredStatus = DesiredStatusStopped
	}
	if to == TaskStatusStopped {
		t.StoppedAt = at
		if t.ExecutionStoppedAt.IsZero() {
			t.ExecutionStoppedAt = at
		}
		if t.StoppingAt.IsZero() {
			t.StoppingAt = at
		}
	}
	t.LastStatus = to
	t.Version++
}
