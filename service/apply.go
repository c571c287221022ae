package service

import (
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// ApplyStep carries out a step on a copy of the cluster's instances and
// tasks, the part ECS does at once: the new tasks are added with their
// resources reserved on their container instances (counted as pending),
// the stopped ones get desiredStatus STOPPED, stoppingAt now and their
// stoppedReason, and the forgotten ones are removed. Moving tasks through
// their lifecycle afterwards (RUNNING, STOPPED, releasing resources) is
// the agent's part and the caller's. Neither input is modified, and the
// results are deep copies that share no memory with the inputs (nor with
// the step).
//
// A nil step, a new task whose instance is unknown or cannot hold it (the step was
// computed on other inputs), or whose task definition asks for a negative
// or malformed cpu or memory (see model.CheckedResourcesOf), is an
// InvalidParameterException.
func ApplyStep(instances []model.ContainerInstance, tasks []model.Task, tds []model.TaskDefinition, step *Step, now time.Time) ([]model.ContainerInstance, []model.Task, error) {
	if step == nil {
		return nil, nil, invalid("step: is required.")
	}
	// Deep copies, as documented: the results share no memory with the
	// inputs, so that the caller may edit either.
	insts := make([]model.ContainerInstance, len(instances))
	for i := range instances {
		insts[i] = instances[i].Clone()
	}
	at := make(map[string]int, len(insts))
	for i := range insts {
		at[insts[i].ContainerInstanceARN] = i
	}
	byTD := make(map[string]*model.TaskDefinition, len(tds))
	for i := range tds {
		byTD[tds[i].TaskDefinitionARN] = &tds[i]
	}
	forget := make(map[string]bool, len(step.Forget))
	for _, a := range step.Forget {
		forget[a] = true
	}
	stop := make(map[string]*StopTask, len(step.Stop))
	for i := range step.Stop {
		stop[step.Stop[i].TaskARN] = &step.Stop[i]
	}
	out := make([]model.Task, 0, len(tasks)+len(step.Start))
	for _, t := range tasks {
		if forget[t.TaskARN] {
			continue
		}
		t = t.Clone()
		if s := stop[t.TaskARN]; s != nil && t.DesiredStatus != model.DesiredStatusStopped {
			t.DesiredStatus = model.DesiredStatusStopped
			t.StoppingAt = model.At(now)
			t.StoppedReason = s.Reason
			t.StopCode = model.TaskStopCodeServiceSchedulerInitiated
			t.Version++
		}
		out = append(out, t)
	}
	for _, t := range step.Start {
		t = t.Clone()
		if t.ContainerInstanceARN != "" {
			i, ok := at[t.ContainerInstanceARN]
			td := byTD[t.TaskDefinitionARN]
			if !ok || td == nil {
				return nil, nil, invalid("step: task %s is on an unknown container instance or task definition.", ecserrors.Clip(t.TaskARN))
			}
			res, err := model.CheckedResourcesOf(td)
			if err != nil {
				return nil, nil, err
			}
			ci, err := model.ReserveTask(insts[i], res, false)
			if err != nil {
				return nil, nil, err
			}
			insts[i] = ci
		}
		out = append(out, t)
	}
	return insts, out, nil
}
