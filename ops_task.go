package ecsstate

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// stoppedRetention is how long DescribeTasks and ListTasks still show a
// STOPPED task.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
const stoppedRetention = time.Hour

// RunTask places count (default 1, at most 10) standalone tasks of a task
// definition on the cluster's instances, with the request's placement
// constraints and strategy (placement's default when none: AZ spread, then
// the instance with the fewest tasks of the group). Tasks that cannot be
// placed come back as failures[] with ECS's reason (RESOURCE:CPU,
// RESOURCE:MEMORY, RESOURCE:PORTS, ATTRIBUTE, AGENT, …) naming the closest
// matching instance, not as an error. The group defaults to
// "family:FAMILY".
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
func (w *World) RunTask(req model.RunTaskRequest) (resp model.RunTaskResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.RunTaskResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.RunTaskResponse{}, err
	}
	if req.LaunchType == model.LaunchTypeFargate || len(req.CapacityProviderStrategy) > 0 {
		return model.RunTaskResponse{}, unsupported("RunTask on Fargate or capacity providers")
	}
	td, err := w.resolveTaskDef(req.TaskDefinition)
	if err != nil {
		return model.RunTaskResponse{}, err
	}
	if td.Status != model.TaskDefinitionStatusActive {
		return model.RunTaskResponse{}, ecserrors.New(ecserrors.CodeClient, "TaskDefinition is inactive.")
	}
	count := 1
	if req.Count != nil {
		count = int(*req.Count)
	}
	group := req.Group
	if group == "" {
		group = "family:" + td.Family
	}
	pr, err := placement.Place(cs.instances, cs.tasks, placement.Request{TaskDefinition: td, Group: group, Count: count,
		Constraints: req.PlacementConstraints, Strategy: req.PlacementStrategy, Seed: w.rand.Uint64()})
	if err != nil {
		return model.RunTaskResponse{}, err
	}
	out := model.RunTaskResponse{Tasks: []model.Task{}, Failures: []model.Failure{}}
	for _, p := range pr.Placements {
		if p.Reason != nil {
			out.Failures = append(out.Failures, model.Failure{ARN: p.Reason.ContainerInstanceARN, Reason: string(p.Reason.Code)})
			continue
		}
		t, err := w.startTask(cs, td, p.ContainerInstanceARN, group, req.StartedBy, req.Tags)
		if err != nil {
			return model.RunTaskResponse{}, err
		}
		t.EnableExecuteCommand = req.EnableExecuteCommand
		t.Overrides = req.Overrides
		out.Tasks = append(out.Tasks, *t)
	}
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Message: fmt.Sprintf("RunTask %s: %d placed, %d failed", shortID(td.TaskDefinitionARN), len(out.Tasks), len(out.Failures))})
	return out, nil
}

// startTask creates a PROVISIONING task on an instance, reserving its
// resources, and hands it to the agent.
func (w *World) startTask(cs *clusterState, td *model.TaskDefinition, instanceARN, group, startedBy string, tags []model.Tag) (*model.Task, error) {
	ci := cs.instance(instanceARN)
	res := w.taskResources(td.TaskDefinitionARN)
	n, err := w.interned.reserve(ci, res, false)
	if err != nil {
		return nil, err
	}
	*ci = n
	t := model.Task{
		TaskARN: cs.taskARN(w.newID()), ClusterARN: cs.info.ClusterARN, TaskDefinitionARN: td.TaskDefinitionARN,
		ContainerInstanceARN: instanceARN, LastStatus: model.TaskStatusProvisioning, DesiredStatus: model.DesiredStatusRunning,
		Group: group, StartedBy: startedBy, LaunchType: model.LaunchTypeEC2, AvailabilityZone: ci.AvailabilityZone(),
		CPU: strconv.FormatInt(res.CPU, 10), Memory: strconv.FormatInt(res.Memory, 10), CreatedAt: model.At(w.now),
		Version: 1, Tags: slices.Clone(tags),
	}
	cs.addTask(t, -1)
	w.record(Record{Kind: RecordTaskStatus, Cluster: cs.name(), Resource: t.TaskARN, To: string(t.LastStatus),
		Message: fmt.Sprintf("task %s placed on %s (%s)", shortID(t.TaskARN), shortID(instanceARN), t.AvailabilityZone)})
	w.launched(cs.name(), t.TaskARN)
	return &cs.tasks[len(cs.tasks)-1], nil
}

// StartTask starts a task of a task definition on each of the named
// container instances (at most 10); an instance that cannot take it is a
// failure with ECS's reason.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StartTask.html
func (w *World) StartTask(req model.StartTaskRequest) (resp model.StartTaskResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.StartTaskResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.StartTaskResponse{}, err
	}
	td, err := w.resolveTaskDef(req.TaskDefinition)
	if err != nil {
		return model.StartTaskResponse{}, err
	}
	if td.Status != model.TaskDefinitionStatusActive {
		return model.StartTaskResponse{}, ecserrors.New(ecserrors.CodeClient, "TaskDefinition is inactive.")
	}
	group := req.Group
	if group == "" {
		group = "family:" + td.Family
	}
	out := model.StartTaskResponse{Tasks: []model.Task{}, Failures: []model.Failure{}}
	for _, id := range req.ContainerInstances {
		ci, err := cs.lookupInstance(id)
		if err != nil {
			out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: "MISSING"})
			continue
		}
		// Place on this one instance alone: the placement checks give the
		// reason ECS would.
		pr, err := placement.Place([]model.ContainerInstance{*ci}, cs.tasks, placement.Request{TaskDefinition: td, Group: group, Count: 1})
		if err != nil {
			return model.StartTaskResponse{}, err
		}
		if r := pr.Placements[0].Reason; r != nil {
			out.Failures = append(out.Failures, model.Failure{ARN: ci.ContainerInstanceARN, Reason: string(r.Code)})
			continue
		}
		t, err := w.startTask(cs, td, ci.ContainerInstanceARN, group, req.StartedBy, req.Tags)
		if err != nil {
			return model.StartTaskResponse{}, err
		}
		out.Tasks = append(out.Tasks, *t)
	}
	return out, nil
}

// StopTask stops a task: desiredStatus STOPPED now, stopCode
// UserInitiated, stoppedReason the request's reason; the agent reports it
// STOPPED after [Agent.Stop]. A service task stopped this way is replaced
// by the scheduler. Stopping a task already STOPPED returns it unchanged.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
func (w *World) StopTask(req model.StopTaskRequest) (resp model.StopTaskResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.StopTaskResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.StopTaskResponse{}, err
	}
	t, err := cs.lookupTask(req.Task)
	if err != nil {
		return model.StopTaskResponse{}, err
	}
	if t.DesiredStatus != model.DesiredStatusStopped {
		t.DesiredStatus = model.DesiredStatusStopped
		t.StoppingAt = model.At(w.now)
		t.StopCode = model.TaskStopCodeUserInitiated
		t.StoppedReason = req.Reason
		if t.StoppedReason == "" {
			t.StoppedReason = "Task stopped by user"
		}
		t.Version++
		w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: serviceOfGroup(t.Group), Resource: t.TaskARN, Message: "StopTask " + shortID(t.TaskARN)})
		w.stopping(cs.name(), t.TaskARN)
	}
	return model.StopTaskResponse{Task: new(*t)}, nil
}

// DescribeTasks describes up to 100 tasks by ID or ARN, including STOPPED
// ones for an hour after they stopped; an unknown one is a failure with
// reason MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
func (w *World) DescribeTasks(req model.DescribeTasksRequest) (resp model.DescribeTasksResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DescribeTasksResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.DescribeTasksResponse{}, err
	}
	out := model.DescribeTasksResponse{Tasks: []model.Task{}}
	for _, id := range req.Tasks {
		t, err := cs.lookupTask(id)
		if err != nil {
			out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: "MISSING"})
			continue
		}
		c := *t
		if !slices.Contains(req.Include, model.TaskFieldTags) {
			c.Tags = nil
		}
		out.Tasks = append(out.Tasks, c)
	}
	return out, nil
}

// ListTasks lists task ARNs of a cluster, sorted, a page at a time
// (maxResults 1–100, default 100), filtered by container instance, family,
// startedBy, service and launch type, and by desiredStatus: RUNNING when
// absent (tasks ECS wants running, including those still starting), or
// STOPPED (tasks being stopped and those stopped within the last hour).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
func (w *World) ListTasks(req model.ListTasksRequest) (resp model.ListTasksResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.ListTasksResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.ListTasksResponse{}, err
	}
	instance := ""
	if req.ContainerInstance != "" {
		ci, err := cs.lookupInstance(req.ContainerInstance)
		if err != nil {
			return model.ListTasksResponse{}, err
		}
		instance = ci.ContainerInstanceARN
	}
	group := ""
	if req.ServiceName != "" {
		s, err := cs.lookupService(req.ServiceName)
		if err != nil {
			return model.ListTasksResponse{}, err
		}
		group = "service:" + s.ServiceName // serviceName may be the service's ARN
	}
	desired := req.DesiredStatus
	if desired == "" {
		desired = model.DesiredStatusRunning
	}
	keep := func(t *model.Task) bool {
		// PENDING matches nothing: ECS never sets a desired status of
		// PENDING (the API reference says so).
		if t.DesiredStatus != desired {
			return false
		}
		if instance != "" && t.ContainerInstanceARN != instance ||
			req.StartedBy != "" && t.StartedBy != req.StartedBy ||
			req.LaunchType != "" && t.LaunchType != req.LaunchType ||
			group != "" && t.Group != group {
			return false
		}
		if req.Family != "" {
			fam, _, _ := model.ResolveTaskDefinition(t.TaskDefinitionARN)
			if fam != req.Family {
				return false
			}
		}
		return true
	}
	var arns []string
	for i := range cs.tasks {
		if keep(&cs.tasks[i]) {
			arns = append(arns, cs.tasks[i].TaskARN)
		}
	}
	for i := range cs.stopped {
		if t := cs.stopped[i].task(); keep(&t) {
			arns = append(arns, t.TaskARN)
		}
	}
	slices.Sort(arns)
	p, next, err := page(arns, req.NextToken, maxResults(req.MaxResults), 100)
	return model.ListTasksResponse{TaskARNs: p, NextToken: next}, err
}

// archiveStopped moves STOPPED tasks the scheduler no longer needs out of
// the live list (standalone tasks and tasks of services that are not
// reconciled any more) and forgets archived tasks older than an hour.
func (w *World) archiveStopped(cs *clusterState) {
	live := func(t *model.Task) bool {
		if t.LastStatus != model.TaskStatusStopped {
			return true
		}
		s := cs.service(serviceOfGroup(t.Group))
		return s != nil && s.Status != model.ServiceStatusInactive
	}
	// By index, not slices.ContainsFunc: that copies every task (a large
	// struct) on every scheduler run.
	anyGone := false
	for i := range cs.tasks {
		if !live(&cs.tasks[i]) {
			anyGone = true
			break
		}
	}
	if anyGone {
		for i := range cs.tasks {
			if !live(&cs.tasks[i]) {
				cs.addStopped(&cs.tasks[i])
			}
		}
		cs.removeTasks(func(t *model.Task) bool { return !live(t) })
	}
	cut := 0
	for cut < len(cs.stopped) && w.now.Sub(cs.stopped[cut].stoppedAt()) > stoppedRetention {
		cut++
	}
	if cut > 0 {
		cs.stopped = slices.Clone(cs.stopped[cut:])
	}
}
