package ecsstate

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/agentupdate"
	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// Delay is a range of durations. Each draw is uniform in [Min, Max], from
// the world's seeded random source; Max at or below Min means exactly Min.
type Delay struct{ Min, Max time.Duration }

// Fixed is a [Delay] of exactly d.
func Fixed(d time.Duration) Delay { return Delay{Min: d, Max: d} }

func (d Delay) draw(w *World) time.Duration {
	if d.Max <= d.Min {
		return max(d.Min, 0)
	}
	return max(d.Min+time.Duration(w.rand.Int64N(int64(d.Max-d.Min)+1)), 0)
}

// Fault selects tasks (or instances) that misbehave. Every non-empty
// selector must match; a Fault with no selector matches everything.
type Fault struct {
	// TaskDefinition selects tasks of a task definition: a full ARN,
	// "family:revision", or a family (every revision).
	TaskDefinition string
	// ContainerInstance selects tasks on (or, for agent faults, the) container
	// instance: its full ARN or its ID.
	ContainerInstance string
	// Probability is the chance, drawn from the world's seed, that a
	// matching task misbehaves; 0 means always.
	Probability float64
}

func (f *Fault) matches(w *World, tdARN, instanceARN string) bool {
	if f.TaskDefinition != "" && !matchesTaskDef(f.TaskDefinition, tdARN) {
		return false
	}
	if f.ContainerInstance != "" && f.ContainerInstance != instanceARN && !strings.HasSuffix(instanceARN, "/"+f.ContainerInstance) {
		return false
	}
	return f.Probability <= 0 || w.rand.Float64() < f.Probability
}

// matchesTaskDef reports whether sel (ARN, family:revision or family)
// names the task definition tdARN.
func matchesTaskDef(sel, tdARN string) bool {
	if sel == tdARN {
		return true
	}
	famRev := tdARN[strings.LastIndexByte(tdARN, '/')+1:]
	if sel == famRev {
		return true
	}
	fam, _, _ := strings.Cut(famRev, ":")
	return sel == fam
}

func anyFault(w *World, fs []Fault, tdARN, instanceARN string) bool {
	for i := range fs {
		if fs[i].matches(w, tdARN, instanceARN) {
			return true
		}
	}
	return false
}

// Agent is how the container agents and the tasks they run behave: the
// part of a cluster that is not ECS's control plane. Every member may be
// changed between calls with [World.SetAgent].
type Agent struct {
	// Provision is the time from launch (PROVISIONING) to PENDING.
	Provision Delay
	// Pull is the time from PENDING to RUNNING: pulling the image and
	// starting the containers.
	Pull Delay
	// Stop is the time from a stop (desiredStatus STOPPED) to STOPPED.
	// ECS sends SIGTERM and, after the stop timeout (30 seconds unless the
	// task definition says otherwise), SIGKILL; the default assumes
	// containers that use the whole timeout.
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
	Stop Delay
	// HealthCheck is the time from RUNNING to the first verdict of the
	// task's container health checks (for task definitions with one) and
	// of its load balancer target (for services with one).
	HealthCheck Delay
	// FailToStart selects tasks that stop before they run (stopCode
	// TaskFailedToStart), as with a bad image or an essential container
	// that exits at once.
	FailToStart []Fault
	// FailHealthChecks selects tasks that run but fail their container
	// health checks and load balancer health checks.
	FailHealthChecks []Fault
	// UpdateStage is the time each agent update stage takes (PENDING →
	// STAGING → STAGED → UPDATING → UPDATED).
	UpdateStage Delay
	// FailAgentUpdate selects instances whose agent update fails while
	// staging (the download's checksum does not match).
	FailAgentUpdate []Fault
}

// DefaultAgent is a healthy fleet: tasks provision in 2 s, pull and start
// in 10–20 s, stop in 30 s (the default stop timeout, used to the end), and
// pass health checks 30 s after they start; each agent update stage takes
// 30 s.
func DefaultAgent() Agent {
	return Agent{
		Provision:   Fixed(2 * time.Second),
		Pull:        Delay{10 * time.Second, 20 * time.Second},
		Stop:        Fixed(30 * time.Second),
		HealthCheck: Fixed(30 * time.Second),
		UpdateStage: Fixed(30 * time.Second),
	}
}

func (a Agent) clone() Agent {
	a.FailToStart = slices.Clone(a.FailToStart)
	a.FailHealthChecks = slices.Clone(a.FailHealthChecks)
	a.FailAgentUpdate = slices.Clone(a.FailAgentUpdate)
	return a
}

// launched schedules the agent's part for a task that was just placed.
func (w *World) launched(cluster, taskARN string) { w.launchedAt(cluster, taskARN, -1) }

// launchedAt is launched for the task numbered ord (event's hint).
func (w *World) launchedAt(cluster, taskARN string, ord int64) {
	w.schedule(w.now.Add(w.opts.Agent.Provision.draw(w)), event{kind: evTaskProvisioned, cluster: cluster, arn: taskARN, ord: ord})
}

// stopping schedules STOPPED for a task whose desired status became
// STOPPED.
func (w *World) stopping(cluster, taskARN string) { w.stoppingAt(cluster, taskARN, -1) }

// stoppingAt is stopping for the task numbered ord (event's hint).
func (w *World) stoppingAt(cluster, taskARN string, ord int64) {
	w.schedule(w.now.Add(w.opts.Agent.Stop.draw(w)), event{kind: evTaskStopped, cluster: cluster, arn: taskARN, ord: ord})
}

// taskEvent applies an agent report about a task. Reports about tasks that
// have moved on (stopped meanwhile, or forgotten) are dropped, as a
// stale report from an agent is.
func (w *World) taskEvent(e event) error {
	cs := w.clusters[e.cluster]
	if cs == nil {
		return nil
	}
	t, ord, pos := cs.taskNear(e.arn, e.ord)
	if t == nil || t.LastStatus == model.TaskStatusStopped {
		return nil
	}
	// Read without cs.instance, which marks the instance changed for the
	// placement index: most events do not change it.
	var ci *model.ContainerInstance
	slot := cs.slotNear(t.ContainerInstanceARN, cs.instOf[pos])
	cs.instOf[pos] = slot
	if slot >= 0 {
		ci = &cs.instances[slot]
	}
	if ci != nil && !ci.AgentConnected && e.kind != evTaskStopped {
		// A disconnected agent reports nothing; the task resumes its
		// course when it reconnects.
		return nil
	}
	switch e.kind {
	case evTaskProvisioned:
		if t.DesiredStatus == model.DesiredStatusStopped || t.LastStatus != model.TaskStatusProvisioning {
			return nil
		}
		if err := w.setTaskStatus(cs, t, slot, model.TaskStatusPending); err != nil {
			return err
		}
		t.PullStartedAt = model.At(w.now)
		w.schedule(w.now.Add(w.opts.Agent.Pull.draw(w)), event{kind: evTaskStarted, cluster: e.cluster, arn: e.arn, ord: ord})
	case evTaskStarted:
		if t.DesiredStatus == model.DesiredStatusStopped || t.LastStatus != model.TaskStatusPending {
			return nil
		}
		t.PullStoppedAt = model.At(w.now)
		if anyFault(w, w.opts.Agent.FailToStart, t.TaskDefinitionARN, t.ContainerInstanceARN) {
			t.StopCode = model.TaskStopCodeTaskFailedToStart
			t.StoppedReason = "Essential container in task exited"
			return w.finishStop(cs, t, slot)
		}
		if err := w.setTaskStatus(cs, t, slot, model.TaskStatusRunning); err != nil {
			return err
		}
		t.Connectivity, t.ConnectivityAt = model.ConnectivityConnected, model.At(w.now)
		if w.hasHealthVerdict(cs, t) {
			t.HealthStatus = model.HealthStatusUnknown
			w.schedule(w.now.Add(w.opts.Agent.HealthCheck.draw(w)), event{kind: evTaskHealth, cluster: e.cluster, arn: e.arn, ord: ord})
		}
	case evTaskHealth:
		if _, judged := w.agentTargets[t.TaskARN]; judged || t.LastStatus != model.TaskStatusRunning {
			// The first verdict stands: a check scheduled before a
			// disconnection and the one resumed after it are one check.
			return nil
		}
		verdict := model.HealthStatusHealthy
		target := deployment.TargetHealthy
		if anyFault(w, w.opts.Agent.FailHealthChecks, t.TaskDefinitionARN, t.ContainerInstanceARN) {
			verdict, target = model.HealthStatusUnhealthy, deployment.TargetUnhealthy
		}
		w.agentTargets[t.TaskARN] = target
		if td := w.taskDef(t.TaskDefinitionARN); deployment.HasContainerChecks(td) && t.HealthStatus != verdict {
			t.HealthStatus = verdict
			t.Version++
			w.record(Record{Kind: RecordTaskHealth, Cluster: cs.name(), Service: serviceOfGroup(t.Group), Resource: t.TaskARN,
				To: string(verdict), Message: fmt.Sprintf("task %s is %s", shortID(t.TaskARN), verdict)})
		}
	case evTaskStopped:
		if t.DesiredStatus != model.DesiredStatusStopped {
			return nil
		}
		return w.finishStop(cs, t, slot)
	}
	return nil
}

// hasHealthVerdict: the task has container health checks or belongs to a
// service with a load balancer.
func (w *World) hasHealthVerdict(cs *clusterState, t *model.Task) bool {
	if deployment.HasContainerChecks(w.taskDef(t.TaskDefinitionARN)) {
		return true
	}
	if s := cs.service(serviceOfGroup(t.Group)); s != nil {
		return len(s.LoadBalancers) > 0
	}
	return false
}

// setTaskStatus moves a task to a new lastStatus, keeping its instance's
// counts in step, and records it. slot is the position of the task's
// instance (-1 for none).
func (w *World) setTaskStatus(cs *clusterState, t *model.Task, slot int32, to model.TaskStatus) error {
	from := t.LastStatus
	// The task's refusal comes first, then its instance's; the task is
	// changed in place only after both checks (a copy of it, as
	// TransitionTask makes, cost more than the rest of an agent event).
	if err := model.CheckTaskTransition(t, to); err != nil {
		return err
	}
	var ci *model.ContainerInstance
	var n model.ContainerInstance
	if to == model.TaskStatusRunning {
		if ci = cs.instanceAt(slot); ci != nil {
			var err error
			if n, err = startOn(ci); err != nil {
				return err
			}
		}
	}
	if err := model.TransitionTaskInPlace(t, to, w.now); err != nil {
		return err
	}
	if ci != nil {
		*ci = n
	}
	if !w.keepsTimeline() {
		w.recSeq++ // as record does, without the message
		return nil
	}
	w.record(Record{Kind: RecordTaskStatus, Cluster: cs.name(), Service: serviceOfGroup(t.Group), Resource: t.TaskARN,
		From: string(from), To: string(to), Message: "task " + shortID(t.TaskARN) + " " + string(from) + " → " + string(to)}) // fmt's "task %s %s → %s", once per task event
	return nil
}

// finishStop moves a task to STOPPED and gives its resources back. slot
// is the position of its instance (-1 for none).
func (w *World) finishStop(cs *clusterState, t *model.Task, slot int32) error {
	wasRunning := t.LastStatus == model.TaskStatusRunning
	if t.StopCode == "" {
		t.StopCode = model.TaskStopCodeServiceSchedulerInitiated
	}
	if err := w.setTaskStatus(cs, t, slot, model.TaskStatusStopped); err != nil {
		return err
	}
	t.DesiredStatus = model.DesiredStatusStopped
	delete(w.agentTargets, t.TaskARN)
	delete(w.targets, t.TaskARN)
	if ci := cs.instanceAt(slot); ci != nil {
		n, err := w.interned.release(ci, w.taskResources(t.TaskDefinitionARN), wasRunning)
		if err != nil {
			return err
		}
		*ci = n
	}
	return nil
}

// targetHealth is the load balancer verdict per task the scheduler sees:
// the caller's, else the agent model's.
func (w *World) targetHealth() map[string]deployment.TargetHealth {
	if len(w.targets) == 0 {
		return w.agentTargets
	}
	m := maps.Clone(w.agentTargets)
	maps.Copy(m, w.targets)
	return m
}

// agentStage moves an agent update one stage on. The event carries the
// status it expects (in instance), so a stage that was already taken (or
// an update that failed meanwhile) is not taken twice.
func (w *World) agentStage(e event) error {
	cs := w.clusters[e.cluster]
	if cs == nil {
		return nil
	}
	ci := cs.instance(e.arn)
	if ci == nil || string(ci.AgentUpdateStatus) != e.instance || !ci.AgentConnected {
		return nil // resumes on reconnect
	}
	var ev agentupdate.Event
	switch ci.AgentUpdateStatus {
	case model.AgentUpdateStatusPending:
		ev.Kind = agentupdate.StagingStarted
	case model.AgentUpdateStatusStaging:
		ev.Kind = agentupdate.Staged
		if anyFault(w, w.opts.Agent.FailAgentUpdate, "", ci.ContainerInstanceARN) {
			ev = agentupdate.Event{Kind: agentupdate.Failed, Reason: "Hashsum validation failed"}
		}
	case model.AgentUpdateStatusStaged:
		ev.Kind = agentupdate.UpdateStarted
	case model.AgentUpdateStatusUpdating:
		ev = agentupdate.Event{Kind: agentupdate.AgentReconnected, AgentVersion: w.opts.AgentCatalog.Latest}
	default:
		return nil
	}
	return w.applyAgentEvent(cs, ci, ev)
}

// applyAgentEvent applies one agent-update lifecycle event, records it, and
// schedules the next stage while the update is in progress.
func (w *World) applyAgentEvent(cs *clusterState, ci *model.ContainerInstance, ev agentupdate.Event) error {
	st, err := agentupdate.Apply(*ci, ev, w.now)
	if err != nil {
		return err
	}
	*ci = st.Instance
	msg := fmt.Sprintf("container instance %s agent %s", shortID(ci.ContainerInstanceARN), ev.Kind)
	kind := RecordAgentUpdate
	switch ev.Kind {
	case agentupdate.AgentDisconnected, agentupdate.AgentConnected:
		kind = RecordInstanceConnection
	case agentupdate.Failed:
		msg += ": " + ev.Reason
	}
	w.record(Record{Kind: kind, Cluster: cs.name(), Resource: ci.ContainerInstanceARN, From: string(st.From), To: string(st.To), Message: msg})
	w.scheduleAgentStage(cs, ci)
	return nil
}

func (w *World) scheduleAgentStage(cs *clusterState, ci *model.ContainerInstance) {
	switch ci.AgentUpdateStatus {
	case model.AgentUpdateStatusPending, model.AgentUpdateStatusStaging, model.AgentUpdateStatusStaged, model.AgentUpdateStatusUpdating:
		if ci.AgentConnected {
			w.schedule(w.now.Add(w.opts.Agent.UpdateStage.draw(w)), event{kind: evAgentStage, cluster: cs.name(), arn: ci.ContainerInstanceARN, instance: string(ci.AgentUpdateStatus)})
		}
	}
}

// SetAgentConnected disconnects (false) or reconnects (true) the container
// agent of an instance, as a network partition or an agent restart would.
// While disconnected, the agent reports nothing: tasks keep running but do
// not move on, new tasks are not placed there, and an agent update waits
// in its stage; on reconnection everything resumes where it stopped.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html
func (w *World) SetAgentConnected(cluster, containerInstance string, connected bool) error {
	cs, ci, err := w.lookupInstance(cluster, containerInstance)
	if err != nil {
		return err
	}
	if ci.AgentConnected == connected {
		return nil
	}
	if connected && ci.Status == model.ContainerInstanceStatusInactive {
		return invalid("Container instance %s is INACTIVE (deregistered); its agent cannot connect.", shortID(ci.ContainerInstanceARN))
	}
	ev := agentupdate.Event{Kind: agentupdate.AgentDisconnected}
	if connected {
		ev.Kind = agentupdate.AgentConnected
	}
	if err := w.applyAgentEvent(cs, ci, ev); err != nil {
		return err
	}
	if connected {
		// Reports the agent could not send while it was away.
		for i := range cs.tasks {
			t := &cs.tasks[i]
			if t.ContainerInstanceARN != ci.ContainerInstanceARN || t.LastStatus == model.TaskStatusStopped {
				continue
			}
			switch {
			case t.DesiredStatus == model.DesiredStatusStopped:
				// already scheduled; a stop proceeds while disconnected
			case t.LastStatus == model.TaskStatusProvisioning:
				w.launchedAt(cs.name(), t.TaskARN, cs.ords[i])
			case t.LastStatus == model.TaskStatusPending:
				w.schedule(w.now.Add(w.opts.Agent.Pull.draw(w)), event{kind: evTaskStarted, cluster: cs.name(), arn: t.TaskARN, ord: cs.ords[i]})
			case t.LastStatus == model.TaskStatusRunning && t.HealthStatus == model.HealthStatusUnknown &&
				w.agentTargets[t.TaskARN] == deployment.TargetUnknown && w.hasHealthVerdict(cs, t):
				w.schedule(w.now.Add(w.opts.Agent.HealthCheck.draw(w)), event{kind: evTaskHealth, cluster: cs.name(), arn: t.TaskARN, ord: cs.ords[i]})
			}
		}
	}
	return nil
}

// SetTargetHealth sets the load balancer's verdict on a task's target,
// overriding the agent model's (see [Agent.FailHealthChecks]); the
// scheduler reads it on its next run. [deployment.TargetUnknown] removes
// the override; a verdict on a STOPPED task is not kept.
func (w *World) SetTargetHealth(cluster, task string, h deployment.TargetHealth) error {
	cs, err := w.lookupCluster(cluster)
	if err != nil {
		return err
	}
	t, err := cs.lookupTask(task)
	if err != nil {
		return err
	}
	if h == deployment.TargetUnknown || t.LastStatus == model.TaskStatusStopped {
		// A stopped task has no target left to judge.
		delete(w.targets, t.TaskARN)
	} else {
		w.targets[t.TaskARN] = h
	}
	return nil
}

// serviceOfGroup is the service name of a task group "service:NAME", or "".
func serviceOfGroup(group string) string {
	if s, ok := strings.CutPrefix(group, "service:"); ok {
		return s
	}
	return ""
}

// shortID is the last part of an ARN.
func shortID(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }
