package service

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// constraintReason is the stoppedReason of a daemon task whose container
// instance stopped matching the service's placement constraints or the
// task definition's required attributes. ECS does not document the text;
// it reports the condition as the service action event
// SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_events.html).
const constraintReason = "Container instance no longer satisfies the daemon service's placement constraints"

// daemonTask is a live task of a daemon service with where Reconcile
// counted it.
type daemonTask struct {
	t      *model.Task
	bucket int
	state  deployment.TaskState
}

// daemon is one step of the daemon scheduler, after the common part of
// Reconcile (tasks sorted into deployments, counts, the circuit breaker):
//
//   - The instances that should run the daemon are the eligible ones
//     (placement.Cluster.Daemon: ACTIVE, required attributes, memberOf
//     constraints) whose agent is connected; their number is the
//     service's desiredCount, which ECS sets for a DAEMON service
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html).
//   - A task on an instance that is not eligible any more stops: DRAINING
//     ("DAEMON tasks on a DRAINING instance are stopped"), no longer
//     matching its constraints (the daemon scheduler re-evaluates them),
//     deregistered, or the service being deleted. Only the last is a
//     scale-in that task protection holds back. An eligible instance whose
//     agent is disconnected keeps its task and gets no new one.
//   - An instance never runs two tasks of the service: extra ones stop,
//     the PRIMARY's healthiest task kept; a new task starts only on an
//     instance with no task of the service left, STOPPING ones included.
//     That is maximumPercent 100 applied per instance: a deployment stops
//     a task before it starts its replacement.
//   - A deployment stops old tasks within minimumHealthyPercent of the
//     desired count (0 by default for DAEMON, so all at once): tasks that
//     are not healthy first, then healthy ones while the floor allows,
//     in container instance ARN order; protected tasks wait
//     ([BlockedByProtection]). A PRIMARY task failing its health checks is
//     replaced and counted by the circuit breaker.
//   - AZ rebalancing does not apply to DAEMON services.
//
// ECS writes that daemon tasks are the first to start on an instance and
// the last to stop when it drains; Reconcile sees one service at a time,
// so it stops a daemon task as soon as its instance drains, without
// waiting for the instance's other tasks.
func (r *reconciler) daemon() error {
	p := r.dep(0)
	td := r.tds[p.TaskDefinition]
	pl, err := r.placementCluster()
	if err != nil {
		return err
	}
	var c *placement.Cluster
	switch x := pl.(type) {
	case *placement.Cluster:
		c = x
	case *placement.Index:
		c = x.Cluster()
	}
	verdicts, err := c.Daemon(placement.Request{TaskDefinition: td, Group: r.group, Constraints: r.svc.PlacementConstraints})
	if err != nil {
		return err
	}
	deleting := r.svc.Status == model.ServiceStatusDraining
	eligible := make(map[string]*placement.DaemonInstance, len(verdicts))
	var want []*placement.DaemonInstance // instances that should run the daemon, ARN order
	for i := range verdicts {
		v := &verdicts[i]
		if !v.Eligible || deleting {
			continue
		}
		eligible[v.ContainerInstanceARN] = v
		if ci := r.inst(v.ContainerInstanceARN); ci != nil && ci.AgentConnected {
			want = append(want, v)
		}
	}
	n := int32(len(want))
	if r.svc.DesiredCount != n && !deleting {
		r.svc.DesiredCount = n
	}
	if p.DesiredCount != n && !deleting {
		p.DesiredCount = n
		p.UpdatedAt = model.At(r.now)
	}

	// The service's tasks per instance.
	on := map[string][]daemonTask{}
	stopping := 0
	for bi := range r.buckets {
		for st := range r.buckets[bi].byState {
			for _, t := range r.buckets[bi].byState[st] {
				if deployment.TaskState(st) == deployment.Stopping {
					stopping++
				}
				on[t.ContainerInstanceARN] = append(on[t.ContainerInstanceARN], daemonTask{t, bi, deployment.TaskState(st)})
			}
		}
	}
	arns := slices.Sorted(func(yield func(string) bool) {
		for a := range on {
			if !yield(a) {
				return
			}
		}
	})
	stop := func(d daemonTask, why string) {
		r.step.Stop = append(r.step.Stop, StopTask{TaskARN: d.t.TaskARN, DeploymentID: d.t.StartedBy, Reason: why})
		r.stopped = append(r.stopped, stopped{d.bucket, d.state})
	}
	scaling := "Scaling activity initiated by (deployment " + r.ids[0] + ")"
	keeper := map[string]daemonTask{} // eligible instance → the task it keeps
	for _, arn := range arns {
		tasks := on[arn]
		ci := r.inst(arn)
		if eligible[arn] == nil {
			why := constraintReason
			if ci != nil && ci.Status == model.ContainerInstanceStatusDraining {
				why = drainReason
			} else if deleting {
				why = scaling
			}
			var live []daemonTask
			for _, d := range tasks {
				if d.state != deployment.Stopping {
					live = append(live, d)
				}
			}
			if why == scaling { // the service is being deleted: a scale-in
				live = r.unprotectedDaemon(live, "")
			}
			for _, d := range live {
				stop(d, why)
			}
			continue
		}
		var live []daemonTask
		for _, d := range tasks {
			if d.state != deployment.Stopping {
				live = append(live, d)
			}
		}
		slices.SortFunc(live, func(a, b daemonTask) int {
			return cmp.Or(cmp.Compare(a.bucket, b.bucket), cmp.Compare(keepRank(a.state), keepRank(b.state)), cmp.Compare(a.t.TaskARN, b.t.TaskARN))
		})
		if len(live) == 0 {
			continue
		}
		keeper[arn] = live[0]
		for _, d := range r.unprotectedDaemon(live[1:], live[0].t.StartedBy) {
			stop(d, scaling)
		}
	}

	// Deployment: replace old tasks within the floor; replace unhealthy
	// PRIMARY tasks.
	floor := (int64(n)*int64(r.cfg.MinimumHealthyPercent) + 99) / 100
	var healthy int64
	var oldSick, oldHealthy []daemonTask
	for _, v := range want {
		d, ok := keeper[v.ContainerInstanceARN]
		if !ok {
			continue
		}
		if d.state == deployment.Healthy {
			healthy++
		}
		switch {
		case d.bucket == 0 && d.state == deployment.Unhealthy:
			stop(d, "Task failed health checks")
			r.failures = append(r.failures, failure{d.t, deployment.FailedHealthCheck})
		case d.bucket != 0 && d.state == deployment.Healthy:
			oldHealthy = append(oldHealthy, d)
		case d.bucket != 0:
			oldSick = append(oldSick, d)
		}
	}
	for _, d := range r.unprotectedDaemon(oldSick, "") {
		stop(d, scaling)
	}
	budget := healthy - floor
	held := r.held
	free := r.unprotectedDaemon(oldHealthy, "")
	for _, d := range free {
		if budget <= 0 {
			break
		}
		stop(d, scaling)
		budget--
	}
	r.step.Bounds = deployment.Bounds{Floor: floor, Ceiling: int64(n)}
	if len(free) > 0 && budget <= 0 && len(r.step.Stop) == 0 && stopping == 0 && r.held == held && !r.rising() {
		// Old healthy tasks remain, nothing is on its way, and the floor
		// forbids every stop while one task per instance forbids every
		// start: the replica scheduler's no-progress case.
		msg := deployment.NoProgressMessage(r.name)
		r.block(BlockedByDeploymentConfiguration, msg)
		r.say(msg)
	}
	if len(r.step.Stop) > 0 {
		r.sayStopped()
	}
	if tripped, err := r.healthFailures(); err != nil || tripped {
		return err
	}

	// Starts: one PRIMARY task on every instance that should run the
	// daemon and has no task of the service.
	if p.RolloutState == model.DeploymentRolloutStateFailed {
		r.block(BlockedByCircuitBreaker, p.RolloutStateReason)
	} else {
		var failed *placement.Reason
		for _, v := range want {
			if len(on[v.ContainerInstanceARN]) > 0 {
				continue
			}
			if !v.Fits {
				if failed == nil {
					failed = v.Reason
				}
				r.step.Unplaced++
				continue
			}
			if len(r.step.Start) < MaxStartsPerStep {
				r.daemonStart(td, v.ContainerInstanceARN)
			}
		}
		if k := len(r.step.Start); k > 0 {
			r.sayStarted()
		}
		if failed != nil {
			r.block(BlockedByPlacement, failed.ServiceEvent(r.name))
			r.say(failed.ServiceEvent(r.name))
		}
	}
	if r.held > 0 {
		id := r.heldBy
		if id == "" {
			id = r.ids[0]
		}
		msg := protectionMessage(r.name, id)
		r.block(BlockedByProtection, msg)
		r.say(msg)
	}

	// Steady: every instance that should run the daemon runs one healthy
	// PRIMARY task, and the service has no other task.
	steady := len(r.step.Start) == 0 && len(r.step.Stop) == 0 && r.step.Unplaced == 0 && stopping == 0 && !deleting
	if steady {
		total := 0
		for _, ts := range on {
			total += len(ts)
		}
		steady = total == len(want)
		for _, v := range want {
			d, ok := keeper[v.ContainerInstanceARN]
			steady = steady && ok && d.bucket == 0 && d.state == deployment.Healthy
		}
	}
	if steady {
		r.step.Steady = true
		if err := r.completePrimary(); err != nil {
			return err
		}
		r.say(r.steadyMessage())
	}
	return nil
}

// rising reports whether a PRIMARY task is on its way to healthy.
func (r *reconciler) rising() bool {
	b := &r.buckets[0]
	return len(b.byState[deployment.Pending])+len(b.byState[deployment.Settling]) > 0
}

// keepRank orders the tasks one instance keeps: healthy first.
func keepRank(s deployment.TaskState) int {
	switch s {
	case deployment.Healthy:
		return 0
	case deployment.Settling:
		return 1
	case deployment.Pending:
		return 2
	}
	return 3
}

// unprotectedDaemon drops the protected tasks, counting them as held.
func (r *reconciler) unprotectedDaemon(ds []daemonTask, deploymentID string) []daemonTask {
	if len(r.in.Protection) == 0 {
		return ds
	}
	out := ds[:0:0]
	for _, d := range ds {
		if r.protected(d.t) {
			r.held++
			if r.heldBy == "" {
				r.heldBy = cmp.Or(deploymentID, d.t.StartedBy)
			}
			continue
		}
		out = append(out, d)
	}
	return out
}

// daemonStart starts one PRIMARY task on the instance.
func (r *reconciler) daemonStart(td *model.TaskDefinition, instanceARN string) {
	p := r.dep(0)
	acct, cluster := r.account()
	res := model.ResourcesOf(td)
	t := model.Task{
		TaskARN: acct.TaskARN(cluster, r.newTaskID(len(r.step.Start))), ClusterARN: r.svc.ClusterARN,
		TaskDefinitionARN: td.TaskDefinitionARN, ContainerInstanceARN: instanceARN,
		LastStatus: model.TaskStatusProvisioning, DesiredStatus: model.DesiredStatusRunning,
		Group: r.group, StartedBy: p.ID, LaunchType: model.LaunchTypeEC2,
		CPU: strconv.FormatInt(res.CPU, 10), Memory: strconv.FormatInt(res.Memory, 10),
		CreatedAt: model.At(r.now), Version: 1,
	}
	if ci := r.inst(instanceARN); ci != nil {
		t.AvailabilityZone = ci.AvailabilityZone()
	}
	r.addStart(t)
}

func (r *reconciler) sayStarted() {
	ids := make([]string, len(r.step.Start))
	for i, t := range r.step.Start {
		ids[i] = "(task " + taskID(t.TaskARN) + ")"
	}
	r.say(fmt.Sprintf("(service %s) has started %d tasks: %s.", r.name, len(ids), strings.Join(ids, " ")))
}

func (r *reconciler) sayStopped() {
	ids := make([]string, len(r.step.Stop))
	for i, s := range r.step.Stop {
		ids[i] = "(task " + taskID(s.TaskARN) + ")"
	}
	r.say(fmt.Sprintf("(service %s) has stopped %d running tasks: %s.", r.name, len(ids), strings.Join(ids, " ")))
}
