package deployment

import (
	"cmp"
	"slices"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// InputFor builds the planner's [Input] for a service from its tasks, as
// DescribeServices and DescribeTasks return them:
//
//   - the configuration is [Resolve]d from the service's deployment
//     configuration, scheduling strategy and controller;
//   - DesiredCount is the service's (for a DAEMON service, set it to the
//     number of eligible instances afterwards);
//   - deployments come PRIMARY first, then ACTIVE ones newest first (by
//     createdAt, ties by ID), then INACTIVE ones that still have Stopping
//     tasks; PrimaryFailed follows the PRIMARY's rolloutState;
//   - each task belongs to the deployment named by its startedBy (ECS
//     starts service tasks with the deployment ID there) and is
//     [Classify]d at now with rules and target(taskArn) (target may be nil
//     when the service has no load balancer); tasks are named by their ARN,
//     in the order given, so order tasks by placement's termination
//     preference first.
//
// A nil service, a task of no listed deployment that has not stopped, a
// deployment ID listed twice, or a service without a PRIMARY deployment, is
// an InvalidParameterException.
func InputFor(svc *model.Service, tasks []model.Task, rules HealthRules, target func(taskARN string) TargetHealth, now time.Time) (Input, error) {
	if svc == nil {
		return Input{}, invalid("service: is required.")
	}
	var ctrl model.DeploymentControllerType
	if svc.DeploymentController != nil {
		ctrl = svc.DeploymentController.Type
	}
	cfg, err := Resolve(svc.DeploymentConfiguration, svc.SchedulingStrategy, ctrl)
	if err != nil {
		return Input{}, err
	}
	in := Input{ServiceName: svc.ServiceName, DesiredCount: svc.DesiredCount, Config: cfg}
	if in.DesiredCount < 0 {
		return Input{}, invalid("desiredCount: must not be negative, got %d.", in.DesiredCount)
	}
	deps := make([]*model.Deployment, 0, len(svc.Deployments))
	for i := range svc.Deployments {
		d := &svc.Deployments[i]
		if slices.ContainsFunc(deps, func(o *model.Deployment) bool { return o.ID == d.ID }) {
			return Input{}, invalid("deployments[%d].id: %q appears twice.", i, ecserrors.Clip(d.ID))
		}
		deps = append(deps, d)
	}
	rank := map[model.DeploymentStatus]int{model.DeploymentStatusPrimary: 0, model.DeploymentStatusActive: 1, model.DeploymentStatusInactive: 2}
	slices.SortStableFunc(deps, func(a, b *model.Deployment) int {
		if c := cmp.Compare(rank[a.Status], rank[b.Status]); c != 0 {
			return c
		}
		if c := b.CreatedAt.Compare(a.CreatedAt.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(deps) == 0 || deps[0].Status != model.DeploymentStatusPrimary {
		return Input{}, invalid("deployments: the service has no PRIMARY deployment.")
	}
	in.PrimaryFailed = deps[0].RolloutState == model.DeploymentRolloutStateFailed
	in.Deployments = make([]DeploymentTasks, len(deps))
	for i, d := range deps {
		in.Deployments[i].ID = d.ID
	}
	for i := range tasks {
		t := &tasks[i]
		th := TargetUnknown
		if target != nil {
			th = target(t.TaskARN)
		}
		st := Classify(t, rules, th, now)
		if st == Gone {
			continue
		}
		j := slices.IndexFunc(deps, func(d *model.Deployment) bool { return d.ID == t.StartedBy })
		if j < 0 {
			return Input{}, invalid("task %s: startedBy %q is not a deployment of the service.", ecserrors.Clip(t.TaskARN), ecserrors.Clip(t.StartedBy))
		}
		if deps[j].Status == model.DeploymentStatusInactive && st != Stopping {
			return Input{}, invalid("task %s: its deployment %s is INACTIVE but the task is %s.", ecserrors.Clip(t.TaskARN), ecserrors.Clip(deps[j].ID), st)
		}
		tk := &in.Deployments[j].Tasks
		switch st {
		case Pending:
			tk.Pending++
			tk.PendingIDs = append(tk.PendingIDs, t.TaskARN)
		case Settling:
			tk.Settling++
			tk.SettlingIDs = append(tk.SettlingIDs, t.TaskARN)
		case Healthy:
			tk.Healthy++
			tk.HealthyIDs = append(tk.HealthyIDs, t.TaskARN)
		case Unhealthy:
			tk.Unhealthy++
			tk.UnhealthyIDs = append(tk.UnhealthyIDs, t.TaskARN)
		case Stopping:
			tk.Stopping++
		}
	}
	// Drop INACTIVE deployments without stopping tasks.
	in.Deployments = slices.DeleteFunc(in.Deployments, func(d DeploymentTasks) bool {
		return d.Tasks.Stopping == 0 && d.Tasks.live() == 0 && isInactive(deps, d.ID)
	})
	return in, nil
}

func isInactive(deps []*model.Deployment, id string) bool {
	for _, d := range deps {
		if d.ID == id {
			return d.Status == model.DeploymentStatusInactive
		}
	}
	return false
}
