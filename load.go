package ecsstate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Snapshot is ECS state as the describe commands print it: what
// [Load] rebuilds a [World] from. Fill it with [Snapshot.AddJSON] from
// the output of the AWS CLI, or directly.
type Snapshot struct {
	Clusters           []model.Cluster
	ContainerInstances []model.ContainerInstance
	// TaskDefinitions are describe-task-definition outputs:
	// {"taskDefinition": …, "tags": …}.
	TaskDefinitions []model.DescribeTaskDefinitionResponse
	Services        []model.Service
	Tasks           []model.Task
	// Failures are the failures[] members of the describe outputs added
	// (resources ECS could not describe, such as a MISSING service); Load
	// reports each as a [Warning].
	Failures []model.Failure
}

// maxSnapshotJSON bounds one describe output: describe-tasks and
// describe-container-instances return at most 100 resources a call, far
// below this even with every optional member.
const maxSnapshotJSON = 64 << 20

// AddJSON adds one output of aws ecs describe-clusters,
// describe-container-instances, describe-task-definition,
// describe-services or describe-tasks, recognised by its top-level member
// (clusters, containerInstances, taskDefinition, services or tasks). Its
// failures[] are kept in [Snapshot.Failures] and become warnings when the
// snapshot is loaded, since a partial describe is still worth predicting
// from. Timestamps may be ISO 8601, as the CLI prints them, or epoch
// seconds, as the API returns them.
//
// A document that is not a JSON object, has none of those members or more
// than one of them, or whose member does not decode, is an
// InvalidParameterException and leaves the snapshot unchanged.
// https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-services.html
func (s *Snapshot) AddJSON(data []byte) error {
	if len(data) > maxSnapshotJSON {
		return invalid("Snapshot.AddJSON: the document is %d bytes; at most %d are read.", len(data), maxSnapshotJSON)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		return invalid("Snapshot.AddJSON: not a JSON object: %s", ecserrors.Clip(string(bytes.TrimSpace(data))))
	}
	var found []string
	for _, k := range []string{"clusters", "containerInstances", "taskDefinition", "services", "tasks"} {
		if _, ok := top[k]; ok {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		keys := slices.Sorted(maps.Keys(top))
		return invalid("Snapshot.AddJSON: not the output of a describe command (top-level members %s; want one of clusters, containerInstances, taskDefinition, services, tasks).",
			ecserrors.Clip(strings.Join(keys, ", ")))
	case 1:
	default:
		return invalid("Snapshot.AddJSON: the document has several of %s; add each describe output separately.", strings.Join(found, ", "))
	}
	bad := func(err error) error {
		return invalid("Snapshot.AddJSON: the %s output does not decode: %s", found[0], ecserrors.Clip(err.Error()))
	}
	switch found[0] {
	case "clusters":
		var r model.DescribeClustersResponse
		if err := json.Unmarshal(data, &r); err != nil {
			return bad(err)
		}
		s.Clusters = append(s.Clusters, r.Clusters...)
		s.Failures = append(s.Failures, r.Failures...)
	case "containerInstances":
		var r model.DescribeContainerInstancesResponse
		if err := json.Unmarshal(data, &r); err != nil {
			return bad(err)
		}
		s.ContainerInstances = append(s.ContainerInstances, r.ContainerInstances...)
		s.Failures = append(s.Failures, r.Failures...)
	case "taskDefinition":
		var r model.DescribeTaskDefinitionResponse
		if err := json.Unmarshal(data, &r); err != nil {
			return bad(err)
		}
		if r.TaskDefinition == nil {
			return invalid("Snapshot.AddJSON: the taskDefinition member is null.")
		}
		s.TaskDefinitions = append(s.TaskDefinitions, r)
	case "services":
		var r model.DescribeServicesResponse
		if err := json.Unmarshal(data, &r); err != nil {
			return bad(err)
		}
		s.Services = append(s.Services, r.Services...)
		s.Failures = append(s.Failures, r.Failures...)
	case "tasks":
		var r model.DescribeTasksResponse
		if err := json.Unmarshal(data, &r); err != nil {
			return bad(err)
		}
		s.Tasks = append(s.Tasks, r.Tasks...)
		s.Failures = append(s.Failures, r.Failures...)
	}
	return nil
}

// Warning is something [Load] found inconsistent or incomplete in a
// snapshot, and what it did about it.
type Warning struct {
	// Resource is the ARN (or name) of the resource concerned.
	Resource string
	Message  string
}

// String formats the warning as "resource: message".
func (w Warning) String() string {
	if w.Resource == "" {
		return w.Message
	}
	return w.Resource + ": " + w.Message
}

// Load rebuilds a world from a snapshot, so that what ECS will do next can
// be simulated on a copy of a real cluster. The world it returns is
// consistent by construction, as one built by API calls is; where the
// snapshot disagrees with itself, Load trusts the resources it was given
// over the figures derived from them, and says so in a [Warning]:
//
//   - Clusters are those described, plus those the ARNs of the other
//     resources name (ACTIVE, with no settings).
//   - A container instance belongs to the cluster its long-form ARN names;
//     an old-form ARN is accepted when the snapshot has one cluster. Its
//     remainingResources and running and pending task counts are
//     recomputed from its registered resources and the snapshot's tasks on
//     it; a figure that differs is a warning (the usual cause is tasks
//     that were not described: their resources count as free).
//   - Task definitions are kept as described; the latest revision of a
//     family is the highest one given.
//   - Services keep their deployments (with their IDs, counts of failed
//     tasks and rollout states), configuration and events; DAEMON
//     services too (the scheduler then keeps one task per eligible
//     instance). Services under the CODE_DEPLOY or EXTERNAL controllers, services
//     whose deployments use a task definition the snapshot lacks, and
//     services the scheduler refuses to run ([service.Reconcile]'s error)
//     are dropped with a warning, as the world cannot run them. A service
//     whose runningCount or pendingCount differs from its tasks in the
//     snapshot is a warning ("runningCount 10 but 0 running tasks
//     given"): the world's counts are those of its tasks, as ECS defines
//     them (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html).
//   - Tasks are kept when their cluster, container instance and task
//     definition are in the snapshot and their resources fit what is left
//     on their instance; otherwise they are dropped with a warning, since
//     the world cannot account for them. STOPPED tasks are kept as stopped
//     (DescribeTasks shows them). A task of a service not in the snapshot
//     is kept (it holds resources) with a warning. Tasks on their way
//     continue from where they are: a PROVISIONING or PENDING task starts,
//     a task being stopped stops, after the delays of the world's [Agent].
//     A RUNNING task of a service with a load balancer counts as a healthy
//     target: describe-tasks does not say (target health is Elastic Load
//     Balancing's DescribeTargetHealth), and a steady service's tasks are
//     healthy ones; [World.SetTargetHealth] overrides it. A RUNNING task
//     whose container health is UNKNOWN gets its first verdict after
//     [Agent.HealthCheck].
//     https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html
//   - The failures of the describe outputs are warnings.
//
// When opts.Account is zero, the account is that of the first ARN in the
// snapshot, so that "family:revision" and short names resolve as they do
// in the real account. When opts.Start is zero, the world's clock starts
// at the latest timestamp in the snapshot (nothing in it can have
// happened later), or at [DefaultStart] when it has none; a Start before
// that timestamp is a warning.
//
// Every problem of the snapshot is a warning; the error is for a world
// that cannot be built at all.
func Load(opts Options, s Snapshot) (*World, []Warning, error) {
	l := loader{}
	if opts.Account == (model.Account{}) {
		opts.Account = l.accountOf(&s)
	}
	latest := latestTime(&s)
	start := opts.Start
	if start.IsZero() && !latest.IsZero() {
		opts.Start = latest
	}
	l.w = New(opts)
	if !start.IsZero() && latest.After(start) {
		l.warn("", "the snapshot has timestamps up to %s, after the world's start %s", latest.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339))
	}
	if err := l.load(&s); err != nil {
		return nil, nil, err
	}
	return l.w, l.warnings, nil
}

type loader struct {
	w        *World
	warnings []Warning
}

func (l *loader) warn(resource, format string, args ...any) {
	l.warnings = append(l.warnings, Warning{Resource: resource, Message: fmt.Sprintf(format, args...)})
}

// accountOf is the account of the first parseable ARN in the snapshot.
func (l *loader) accountOf(s *Snapshot) model.Account {
	var arns []string
	for i := range s.Clusters {
		arns = append(arns, s.Clusters[i].ClusterARN)
	}
	for i := range s.Services {
		arns = append(arns, s.Services[i].ServiceARN, s.Services[i].ClusterARN)
	}
	for i := range s.ContainerInstances {
		arns = append(arns, s.ContainerInstances[i].ContainerInstanceARN)
	}
	for i := range s.Tasks {
		arns = append(arns, s.Tasks[i].TaskARN, s.Tasks[i].ClusterARN)
	}
	for i := range s.TaskDefinitions {
		if td := s.TaskDefinitions[i].TaskDefinition; td != nil {
			arns = append(arns, td.TaskDefinitionARN)
		}
	}
	for _, a := range arns {
		if p, err := model.ParseARN(a); err == nil && p.Partition != "" && p.Region != "" && p.AccountID != "" {
			return model.Account{Partition: p.Partition, Region: p.Region, AccountID: p.AccountID}
		}
	}
	return model.Account{}
}

// latestTime is the latest timestamp anywhere in the snapshot.
func latestTime(s *Snapshot) time.Time {
	var latest time.Time
	see := func(ts ...model.Time) {
		for _, t := range ts {
			if t.After(latest) {
				latest = t.Time
			}
		}
	}
	for i := range s.ContainerInstances {
		see(s.ContainerInstances[i].RegisteredAt)
	}
	for i := range s.TaskDefinitions {
		if td := s.TaskDefinitions[i].TaskDefinition; td != nil {
			see(td.RegisteredAt, td.DeregisteredAt)
		}
	}
	for i := range s.Services {
		sv := &s.Services[i]
		see(sv.CreatedAt)
		for j := range sv.Deployments {
			see(sv.Deployments[j].CreatedAt, sv.Deployments[j].UpdatedAt)
		}
		for j := range sv.Events {
			see(sv.Events[j].CreatedAt)
		}
	}
	for i := range s.Tasks {
		t := &s.Tasks[i]
		see(t.CreatedAt, t.StartedAt, t.StoppedAt, t.StoppingAt, t.PullStartedAt, t.PullStoppedAt, t.ConnectivityAt, t.ExecutionStoppedAt)
	}
	return latest.UTC()
}

// clusterName is the cluster an ARN names, or "".
func clusterName(arn string) string {
	p, err := model.ParseARN(arn)
	if err != nil {
		return ""
	}
	if p.Kind == model.KindCluster {
		return p.Name
	}
	return p.Cluster
}

// cluster returns the named cluster, creating it ACTIVE when the snapshot
// did not describe it.
func (l *loader) cluster(name string) *clusterState {
	if cs := l.w.clusters[name]; cs != nil {
		return cs
	}
	cs := newClusterState(model.Cluster{ClusterARN: l.w.opts.Account.ClusterARN(name), ClusterName: name, Status: model.ClusterStatusActive})
	l.w.clusters[name] = cs
	return cs
}

func (l *loader) load(s *Snapshot) error {
	w := l.w
	for _, f := range s.Failures {
		msg := "not described: " + f.Reason
		if f.Detail != "" {
			msg += " (" + f.Detail + ")"
		}
		l.warnings = append(l.warnings, Warning{Resource: f.ARN, Message: msg})
	}

	// Task definitions.
	for i := range s.TaskDefinitions {
		r := &s.TaskDefinitions[i]
		if r.TaskDefinition == nil {
			l.warn("", "a describe-task-definition output without a task definition: dropped")
			continue
		}
		td := *r.TaskDefinition
		if td.TaskDefinitionARN == "" && td.Family != "" && td.Revision > 0 {
			td.TaskDefinitionARN = w.opts.Account.TaskDefinitionARN(td.Family, td.Revision)
		}
		p, err := model.ParseARN(td.TaskDefinitionARN)
		if err != nil || p.Kind != model.KindTaskDefinition || p.Revision < 1 {
			l.warn(td.TaskDefinitionARN, "not a task definition ARN with a revision: dropped")
			continue
		}
		td.Family, td.Revision = p.Name, p.Revision
		if _, dup := w.taskDefAt[td.TaskDefinitionARN]; dup {
			l.warn(td.TaskDefinitionARN, "described twice: the first is kept")
			continue
		}
		if td.Status == "" {
			td.Status = model.TaskDefinitionStatusActive
		}
		if td.NetworkMode == "" {
			td.NetworkMode = model.NetworkModeBridge
		}
		w.taskDefAt[td.TaskDefinitionARN] = len(w.taskDefs)
		w.taskDefs = append(w.taskDefs, td)
		w.latestRev[td.Family] = max(w.latestRev[td.Family], td.Revision)
		if len(r.Tags) > 0 {
			if w.taskDefTags == nil {
				w.taskDefTags = map[string][]model.Tag{}
			}
			w.taskDefTags[td.TaskDefinitionARN] = slices.Clone(r.Tags)
		}
	}

	// Clusters: the described ones, then those other ARNs name.
	described := map[string]model.Cluster{}
	for _, c := range s.Clusters {
		name := c.ClusterName
		if name == "" {
			name = clusterName(c.ClusterARN)
		}
		if !clusterNameRE.MatchString(name) {
			l.warn(c.ClusterARN, "a cluster without a valid name: dropped")
			continue
		}
		if _, dup := w.clusters[name]; dup {
			l.warn(c.ClusterARN, "described twice: the first is kept")
			continue
		}
		c.ClusterName = name
		if c.ClusterARN == "" {
			c.ClusterARN = w.opts.Account.ClusterARN(name)
		}
		if c.Status == "" {
			c.Status = model.ClusterStatusActive
		}
		described[name] = c
		info := c
		info.Tags = slices.Clone(c.Tags)
		w.clusters[name] = newClusterState(info)
	}
	only := ""
	if len(w.clusters) == 1 {
		for n := range w.clusters {
			only = n
		}
	}
	for i := range s.Services {
		if n := clusterName(s.Services[i].ClusterARN); n != "" {
			l.cluster(n)
		} else if n := clusterName(s.Services[i].ServiceARN); n != "" {
			l.cluster(n)
		}
	}
	for i := range s.Tasks {
		if n := clusterName(s.Tasks[i].ClusterARN); n != "" {
			l.cluster(n)
		}
	}
	for i := range s.ContainerInstances {
		if n := clusterName(s.ContainerInstances[i].ContainerInstanceARN); n != "" {
			l.cluster(n)
		}
	}
	if only == "" && len(w.clusters) == 1 {
		for n := range w.clusters {
			only = n
		}
	}

	// Container instances, with the resources they registered all free
	// until their tasks are placed back on them below.
	for i := range s.ContainerInstances {
		ci := s.ContainerInstances[i].Clone()
		p, err := model.ParseARN(ci.ContainerInstanceARN)
		if err != nil || p.Kind != model.KindContainerInstance {
			l.warn(ci.ContainerInstanceARN, "not a container instance ARN: dropped")
			continue
		}
		name := p.Cluster
		if name == "" {
			name = only
		}
		if name == "" {
			l.warn(ci.ContainerInstanceARN, "an old-form ARN without its cluster, and the snapshot has several clusters: dropped")
			continue
		}
		cs := l.cluster(name)
		if cs.instance(ci.ContainerInstanceARN) != nil {
			l.warn(ci.ContainerInstanceARN, "described twice: the first is kept")
			continue
		}
		if c := ci.Registered(); c.CPU <= 0 && c.Memory <= 0 {
			l.warn(ci.ContainerInstanceARN, "no registered CPU or memory: dropped")
			continue
		}
		if ci.Status == "" {
			ci.Status = model.ContainerInstanceStatusActive
		}
		ci.RemainingResources = slices.Clone(ci.RegisteredResources)
		ci.RunningTasksCount, ci.PendingTasksCount = 0, 0
		cs.instAt[ci.ContainerInstanceARN] = len(cs.instances)
		cs.instances = append(cs.instances, ci)
	}

	// Services.
	for i := range s.Services {
		sv := s.Services[i]
		name := sv.ServiceName
		if name == "" {
			name, _, _ = model.ResolveService(sv.ServiceARN)
		}
		cn := clusterName(sv.ClusterARN)
		if cn == "" {
			cn = clusterName(sv.ServiceARN)
		}
		if cn == "" {
			cn = only
		}
		if name == "" || cn == "" {
			l.warn(sv.ServiceARN, "a service without a name or cluster: dropped")
			continue
		}
		res := sv.ServiceARN
		if res == "" {
			res = name
		}
		if dc := sv.DeploymentController; dc != nil && dc.Type != "" && dc.Type != model.DeploymentControllerTypeECS {
			l.warn(res, "the %s deployment controller, which the world does not model: dropped", dc.Type)
			continue
		}
		cs := l.cluster(cn)
		if cs.service(name) != nil {
			l.warn(res, "described twice: the first is kept")
			continue
		}
		sv.ServiceName = name
		if sv.ServiceARN == "" {
			sv.ServiceARN = w.opts.Account.ServiceARN(cn, name)
		}
		sv.ClusterARN = cs.info.ClusterARN
		if sv.SchedulingStrategy == "" {
			sv.SchedulingStrategy = model.SchedulingStrategyReplica
		}
		if sv.Status == "" {
			sv.Status = model.ServiceStatusActive
		}
		sv.Deployments = slices.Clone(sv.Deployments)
		sv.Events = slices.Clone(sv.Events)
		if sv.Events == nil {
			sv.Events = []model.ServiceEvent{}
		}
		if i := slices.IndexFunc(sv.Deployments, func(d model.Deployment) bool {
			return d.Status != model.DeploymentStatusInactive && w.taskDef(d.TaskDefinition) == nil
		}); i >= 0 {
			l.warn(res, "deployment %s uses %s, which the snapshot does not describe: dropped (add its describe-task-definition output)",
				sv.Deployments[i].ID, sv.Deployments[i].TaskDefinition)
			continue
		}
		cs.svcAt[name] = len(cs.services)
		cs.services = append(cs.services, sv)
	}

	// Tasks: placed back on their instances in the order given.
	type counts struct{ running, pending int32 }
	byDeployment := map[string]*counts{}
	for i := range s.Tasks {
		t := s.Tasks[i]
		cn := clusterName(t.ClusterARN)
		if cn == "" {
			cn = clusterName(t.TaskARN)
		}
		if cn == "" {
			cn = only
		}
		if _, err := model.ParseARN(t.TaskARN); err != nil || cn == "" {
			l.warn(t.TaskARN, "a task without a valid ARN or cluster: dropped")
			continue
		}
		cs := l.cluster(cn)
		if cs.task(t.TaskARN) != nil || slices.ContainsFunc(cs.stopped, func(o stoppedTask) bool { return o.taskARN() == t.TaskARN }) {
			l.warn(t.TaskARN, "described twice: the first is kept")
			continue
		}
		t.ClusterARN = cs.info.ClusterARN
		if t.LastStatus == model.TaskStatusStopped {
			t.DesiredStatus = model.DesiredStatusStopped
			cs.addStopped(&t)
			continue
		}
		if w.taskDef(t.TaskDefinitionARN) == nil {
			l.warn(t.TaskARN, "its task definition %s is not in the snapshot: dropped", t.TaskDefinitionARN)
			continue
		}
		if t.ContainerInstanceARN == "" {
			l.warn(t.TaskARN, "a task without a container instance (Fargate), which the world does not model: dropped")
			continue
		}
		ci := cs.instance(t.ContainerInstanceARN)
		if ci == nil {
			l.warn(t.TaskARN, "its container instance %s is not in the snapshot: dropped", t.ContainerInstanceARN)
			continue
		}
		running := t.LastStatus == model.TaskStatusRunning
		n, err := w.interned.reserve(ci, w.taskResources(t.TaskDefinitionARN), running)
		if err != nil {
			l.warn(t.TaskARN, "does not fit on %s beside the tasks before it: dropped", shortID(ci.ContainerInstanceARN))
			continue
		}
		n.Version = ci.Version // the instance is as described, not changed
		*ci = n
		if t.AvailabilityZone == "" {
			t.AvailabilityZone = ci.AvailabilityZone()
		}
		if t.DesiredStatus == "" {
			t.DesiredStatus = model.DesiredStatusRunning
		}
		if svc := serviceOfGroup(t.Group); svc != "" && cs.service(svc) == nil {
			l.warn(t.TaskARN, "its service %s is not in the snapshot: kept, as load on its instance", svc)
		}
		cs.addTask(t, -1)
		if svc := serviceOfGroup(t.Group); svc != "" && t.DesiredStatus == model.DesiredStatusRunning {
			c := byDeployment[cn+"/"+svc]
			if c == nil {
				c = &counts{}
				byDeployment[cn+"/"+svc] = c
			}
			if running {
				c.running++
			} else if isPendingStatus(t.LastStatus) {
				c.pending++
			}
		}
	}

	// A service the scheduler cannot run would stop the whole world at its
	// first run: it is dropped now, with the scheduler's reason.
	for _, name := range slices.Sorted(maps.Keys(w.clusters)) {
		cs := w.clusters[name]
		var bad []string
		for i := range cs.services {
			sv := &cs.services[i]
			if sv.Status != model.ServiceStatusActive && sv.Status != model.ServiceStatusDraining {
				continue
			}
			_, err := service.Reconcile(&service.Input{Service: *sv, Tasks: cs.tasks, Instances: cs.instances,
				TaskDefinitions: w.taskDefs, TargetHealth: w.agentTargets}, w.now)
			if err != nil {
				l.warn(sv.ServiceARN, "the service scheduler cannot run it (%v): dropped", err)
				bad = append(bad, sv.ServiceName)
			}
		}
		if len(bad) > 0 {
			cs.services = slices.DeleteFunc(cs.services, func(s model.Service) bool { return slices.Contains(bad, s.ServiceName) })
			clear(cs.svcAt)
			for i := range cs.services {
				cs.svcAt[cs.services[i].ServiceName] = i
			}
		}
	}

	// Checks of the figures the snapshot gave against what it holds.
	for _, name := range slices.Sorted(maps.Keys(w.clusters)) {
		cs := w.clusters[name]
		checked := map[string]bool{}
		for _, orig := range s.ContainerInstances {
			ci := cs.instance(orig.ContainerInstanceARN)
			if ci == nil || len(orig.RemainingResources) == 0 || checked[orig.ContainerInstanceARN] {
				continue // the first description is the one kept
			}
			checked[orig.ContainerInstanceARN] = true
			if orig.RunningTasksCount != ci.RunningTasksCount || orig.PendingTasksCount != ci.PendingTasksCount {
				l.warn(ci.ContainerInstanceARN, "runningTasksCount %d and pendingTasksCount %d but %d running and %d pending tasks given",
					orig.RunningTasksCount, orig.PendingTasksCount, ci.RunningTasksCount, ci.PendingTasksCount)
			}
			if a, b := orig.Remaining(), ci.Remaining(); a.CPU != b.CPU || a.Memory != b.Memory {
				l.warn(ci.ContainerInstanceARN, "remainingResources CPU %d, MEMORY %d but %d and %d once its tasks given are taken from its registered resources",
					a.CPU, a.Memory, b.CPU, b.Memory)
			}
		}
		for i := range cs.services {
			sv := &cs.services[i]
			c := byDeployment[name+"/"+sv.ServiceName]
			if c == nil {
				c = &counts{}
			}
			if sv.RunningCount != c.running {
				l.warn(sv.ServiceARN, "runningCount %d but %d running tasks given", sv.RunningCount, c.running)
			}
			if sv.PendingCount != c.pending {
				l.warn(sv.ServiceARN, "pendingCount %d but %d pending tasks given", sv.PendingCount, c.pending)
			}
		}
		if c, ok := described[name]; ok {
			got := w.describeCluster(cs)
			if c.RegisteredContainerInstancesCount != got.RegisteredContainerInstancesCount {
				l.warn(c.ClusterARN, "registeredContainerInstancesCount %d but %d instances given", c.RegisteredContainerInstancesCount, got.RegisteredContainerInstancesCount)
			}
		}
	}

	// The agents' part: tasks on their way continue.
	for _, name := range slices.Sorted(maps.Keys(w.clusters)) {
		cs := w.clusters[name]
		for i := range cs.tasks {
			t := &cs.tasks[i]
			switch {
			case t.DesiredStatus == model.DesiredStatusStopped || isStoppingStatus(t.LastStatus):
				t.DesiredStatus = model.DesiredStatusStopped
				w.stopping(name, t.TaskARN)
			case t.LastStatus == model.TaskStatusProvisioning:
				w.launched(name, t.TaskARN)
			case t.LastStatus == model.TaskStatusPending || t.LastStatus == model.TaskStatusActivating:
				w.schedule(w.now.Add(w.opts.Agent.Pull.draw(w)), event{kind: evTaskStarted, cluster: name, arn: t.TaskARN, ord: cs.ords[i]})
			case t.LastStatus == model.TaskStatusRunning:
				if s := cs.service(serviceOfGroup(t.Group)); s != nil && len(s.LoadBalancers) > 0 {
					w.agentTargets[t.TaskARN] = deployment.TargetHealthy
				}
				if deployment.HasContainerChecks(w.taskDef(t.TaskDefinitionARN)) && t.HealthStatus != model.HealthStatusHealthy && t.HealthStatus != model.HealthStatusUnhealthy {
					t.HealthStatus = model.HealthStatusUnknown
					w.schedule(w.now.Add(w.opts.Agent.HealthCheck.draw(w)), event{kind: evTaskHealth, cluster: name, arn: t.TaskARN, ord: cs.ords[i]})
				}
			}
		}
	}
	nInst, nTasks, nSvc := 0, 0, 0
	for _, cs := range w.clusters {
		nInst += len(cs.instances)
		nTasks += len(cs.tasks)
		nSvc += len(cs.services)
	}
	w.record(Record{Kind: RecordCall, Message: fmt.Sprintf("Load: %d clusters, %d container instances, %d task definitions, %d services, %d tasks (%d warnings)",
		len(w.clusters), nInst, len(w.taskDefs), nSvc, nTasks, len(l.warnings))})
	return nil
}

// isPendingStatus: the task counts as pending (DescribeServices'
// pendingCount).
func isPendingStatus(s model.TaskStatus) bool {
	return s == model.TaskStatusProvisioning || s == model.TaskStatusPending || s == model.TaskStatusActivating
}

// isStoppingStatus: the task is on its way to STOPPED.
func isStoppingStatus(s model.TaskStatus) bool {
	return s == model.TaskStatusDeactivating || s == model.TaskStatusStopping || s == model.TaskStatusDeprovisioning
}
