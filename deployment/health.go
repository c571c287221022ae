package deployment

import (
	"strconv"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// TaskState is where a task stands for deployment accounting. It is
// coarser than the task's lastStatus: it folds in health, the settle time
// and the health-check grace period.
type TaskState uint8

// The task states the planner distinguishes.
const (
	// Gone: STOPPED or DELETED; the task no longer counts anywhere.
	Gone TaskState = iota
	// Pending: launched but not RUNNING yet (PROVISIONING, PENDING,
	// ACTIVATING).
	Pending
	// Settling: RUNNING but not yet counted healthy: inside the 40-second
	// settle, waiting for its first passing checks, or failing checks inside
	// the grace period.
	Settling
	// Healthy: RUNNING and counted toward the minimum healthy percent.
	Healthy
	// Unhealthy: RUNNING with a failing essential-container or load
	// balancer check outside the grace period.
	Unhealthy
	// Stopping: on its way to STOPPED (DEACTIVATING, STOPPING,
	// DEPROVISIONING, or desiredStatus STOPPED).
	Stopping
)

var taskStateNames = [...]string{"GONE", "PENDING", "SETTLING", "HEALTHY", "UNHEALTHY", "STOPPING"}

// String returns the state's name in upper case.
func (s TaskState) String() string {
	if int(s) < len(taskStateNames) {
		return taskStateNames[s]
	}
	return "TaskState(" + strconv.Itoa(int(s)) + ")"
}

// SettleTime is how long a RUNNING task without any health check waits
// before it counts toward the minimum healthy percent.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
const SettleTime = 40 * time.Second

// TargetHealth is a load balancer's verdict on a task's target. ELB is not
// part of the ECS model, so the caller supplies it.
type TargetHealth uint8

// Target health verdicts.
const (
	// TargetUnknown: no verdict yet (registering, initial checks).
	TargetUnknown TargetHealth = iota
	// TargetHealthy: the target passes the target group's checks.
	TargetHealthy
	// TargetUnhealthy: the target fails them.
	TargetUnhealthy
)

// HealthRules says which checks decide whether a service's tasks are
// healthy.
type HealthRules struct {
	// ContainerChecks: some essential container of the task definition
	// has a health check; see [HasContainerChecks].
	ContainerChecks bool
	// LoadBalanced: the service registers its tasks with a load balancer
	// target group.
	LoadBalanced bool
	// GracePeriod is the service's healthCheckGracePeriodSeconds; see
	// [GracePeriod].
	GracePeriod time.Duration
}

// GracePeriod converts a service's healthCheckGracePeriodSeconds to a
// duration; nil or negative means none. The maximum, 2,147,483,647
// seconds, fits a time.Duration (about 68 years of nanoseconds).
func GracePeriod(seconds *int32) time.Duration {
	if seconds == nil || *seconds <= 0 {
		return 0
	}
	return time.Duration(*seconds) * time.Second
}

// HasContainerChecks reports whether any essential container of td has a
// health check. A container is essential unless it says otherwise.
func HasContainerChecks(td *model.TaskDefinition) bool {
	if td == nil {
		return false
	}
	for i := range td.ContainerDefinitions {
		c := &td.ContainerDefinitions[i]
		essential := c.Essential == nil || *c.Essential
		if essential && c.HealthCheck != nil && len(c.HealthCheck.Command) > 0 {
			return true
		}
	}
	return false
}

// Classify returns the deployment state of a task at now. The rules, from
// the minimumHealthyPercent member of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
// and healthCheckGracePeriodSeconds of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html:
//
//   - A task whose desiredStatus is STOPPED, or whose lastStatus is one of
//     the stopping states, is Stopping; STOPPED and DELETED are Gone; the
//     states before RUNNING are Pending.
//   - A RUNNING task with neither a load balancer nor an essential
//     container health check is Healthy 40 seconds after it started
//     ([SettleTime]), Settling before.
//   - Otherwise every applicable check must pass: the task's healthStatus
//     (ECS's roll-up of its essential containers) when rules.ContainerChecks,
//     and target when rules.LoadBalanced. No settle time applies then.
//   - A failing check makes the task Unhealthy, except inside the grace
//     period (measured from startedAt), where it is Settling: ECS ignores
//     failing checks then.
//
// A RUNNING task without startedAt is taken as started at now. A nil task
// is Gone: there is no task to count.
func Classify(t *model.Task, rules HealthRules, target TargetHealth, now time.Time) TaskState {
	if t == nil {
		return Gone
	}
	if t.LastStatus == model.TaskStatusStopped || t.LastStatus == model.TaskStatusDeleted {
		return Gone
	}
	if t.DesiredStatus == model.DesiredStatusStopped {
		return Stopping
	}
	switch t.LastStatus {
	case model.TaskStatusRunning:
	case model.TaskStatusDeactivating, model.TaskStatusStopping, model.TaskStatusDeprovisioning:
		return Stopping
	default:
		return Pending
	}
	started := now
	if !t.StartedAt.IsZero() {
		started = t.StartedAt.Time
	}
	up := now.Sub(started)
	if !rules.ContainerChecks && !rules.LoadBalanced {
		if up >= SettleTime {
			return Healthy
		}
		return Settling
	}
	failing, waiting := false, false
	if rules.ContainerChecks {
		switch t.HealthStatus {
		case model.HealthStatusHealthy:
		case model.HealthStatusUnhealthy:
			failing = true
		default:
			waiting = true
		}
	}
	if rules.LoadBalanced {
		switch target {
		case TargetHealthy:
		case TargetUnhealthy:
			failing = true
		default:
			waiting = true
		}
	}
	switch {
	case failing && up >= rules.GracePeriod:
		return Unhealthy
	case failing || waiting:
		return Settling
	}
	return Healthy
}
