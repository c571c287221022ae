package ecsstate

import (
	"maps"
	"slices"
	"strings"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// BLUE_GREEN deployments in the world. The traffic-shifting state machine
// ([deployment.Shift]) decides the stages, traffic weights, hooks and
// bakes; the world runs the tasks it asks for with the rolling scheduler
// ([service.Reconcile]), which itself models ROLLING only. Design:
//
//   - A shift starts when a BLUE_GREEN service gets a new PRIMARY
//     deployment while older deployments still have tasks: those are blue,
//     the PRIMARY is green. A service created with BLUE_GREEN has nothing
//     to shift from, so its first deployment simply starts its tasks.
//   - Until SCALE_UP nothing runs for green. From SCALE_UP to BAKE_TIME the
//     scheduler sees the service with only its green deployment and green's
//     tasks (blue's deployments and tasks hidden from it), so it scales
//     green to the full desired count and never touches blue: "the green
//     service revision is scaled up to the full desired count while the
//     blue one keeps serving production traffic".
//     https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
//   - At CLEAN_UP the scheduler sees the whole service as a rolling update
//     with minimumHealthyPercent 100 and maximumPercent 200: green is
//     healthy at full count, so it stops every blue task and completes.
//   - A rollback (a FAILED hook, a PAUSE hook resolved with ROLLBACK, a hook
//     timing out with ROLLBACK, StopServiceDeployment) makes blue PRIMARY
//     again (its task definition the service's), all traffic returns to
//     blue, and the same rolling view stops every green task.
//   - Blue tasks that fail during the shift are not replaced (the
//     scheduler only sees green then); the desired count is the one at the
//     start of the shift. Both are decisions where the guide is silent.
//   - The service events "deployment completed." and "has reached a
//     steady state." come at CLEAN_UP, once blue is gone: the green-only
//     view would have the scheduler write them as soon as green is up,
//     before any traffic moved (shiftEvents drops those).
//   - Lifecycle hooks hold the stage they run at until resolved:
//     ContinueServiceDeployment for a PAUSE hook, [World.CompleteLifecycleHook]
//     for a Lambda hook's outcome. The world applies outcomes and timeouts
//     at its next scheduler run.
//     https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
//
// LINEAR and CANARY run the same way: they only differ in the production
// weights of their traffic steps and the bakes between them, which the
// state machine decides (PRE_PRODUCTION_TRAFFIC_SHIFT and
// PRODUCTION_TRAFFIC_SHIFT repeat at every step).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-canary.html

// worldStrategyModelled is [service.StrategyModelled] with BLUE_GREEN,
// LINEAR and CANARY lifted: the world runs them as described above.
func worldStrategyModelled(dc *model.DeploymentConfiguration) error {
	if dc != nil && dc.Strategy.TrafficShifting() {
		return nil
	}
	return service.StrategyModelled(dc)
}

// bgShift is the traffic shift of one service; entries are replaced,
// never written into, so a cloned map may share them.
type bgShift struct {
	state deployment.ShiftState
	dc    model.DeploymentConfiguration
	green string   // the green (PRIMARY) deployment ID
	blues []string // the blue deployment IDs, newest first
	// outcomes are hook outcomes reported since the last run, by hook ID.
	outcomes map[string]deployment.HookStatus
	stop     bool // StopServiceDeployment asked for a rollback
}

func (b *bgShift) inProgress() bool {
	return b.state.Status == deployment.ShiftInProgress || b.state.Status == deployment.ShiftRollbackInProgress
}

// shiftedStrategy reports whether the world runs s's deployments as
// traffic shifts (BLUE_GREEN, LINEAR, CANARY).
func shiftedStrategy(s *model.Service) bool {
	return s.DeploymentConfiguration != nil && s.DeploymentConfiguration.Strategy.TrafficShifting()
}

// rollingView is the deployment configuration the scheduler runs a
// BLUE_GREEN service's tasks with: a rolling update that may run both
// revisions at full size side by side.
func rollingView(dc *model.DeploymentConfiguration) *model.DeploymentConfiguration {
	return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyRolling,
		MinimumHealthyPercent: model.Int32(100), MaximumPercent: model.Int32(200)}
}

// liveTasks counts the tasks a deployment started that are not STOPPED,
// and how many of them are RUNNING with desired status RUNNING.
func liveTasks(cs *clusterState, depID string) (live, running, pending int32) {
	for i := range cs.tasks {
		t := &cs.tasks[i]
		if t.StartedBy != depID || t.LastStatus == model.TaskStatusStopped {
			continue
		}
		live++
		if t.LastStatus == model.TaskStatusRunning && t.DesiredStatus == model.DesiredStatusRunning {
			running++
		} else if t.DesiredStatus == model.DesiredStatusRunning {
			pending++
		}
	}
	return live, running, pending
}

func shiftPrimary(s *model.Service) *model.Deployment {
	for i := range s.Deployments {
		if s.Deployments[i].Status == model.DeploymentStatusPrimary {
			return &s.Deployments[i]
		}
	}
	return nil
}

// shiftView prepares the scheduler's input for a BLUE_GREEN service: it
// starts or advances the service's shift and rewrites in as described at
// the top of this file, and says how for [World.shiftMerge].
func (w *World) shiftView(cs *clusterState, name string, in *service.Input) (v shiftRun) {
	s := cs.service(name)
	if !shiftedStrategy(s) {
		return shiftRun{}
	}
	v.on, v.dc = true, s.DeploymentConfiguration
	in.Service.DeploymentConfiguration = rollingView(s.DeploymentConfiguration)
	p := shiftPrimary(s)
	if p == nil {
		return v
	}
	b, ok := w.ensureShift(cs, name)
	st := &cs.sdeps
	rollingBack := ok && b.inProgress() && slices.Contains(b.blues, p.ID)
	if !ok || b.green != p.ID && !rollingBack || !b.inProgress() {
		return v
	}
	// Advance the state machine on what runs now.
	var sin deployment.ShiftInput
	live, running, _ := liveTasks(cs, b.green)
	sin.GreenTasks, sin.GreenHealthy = live, running
	for _, id := range b.blues {
		l, _, _ := liveTasks(cs, id)
		sin.BlueTasks += l
	}
	sin.HookOutcomes, sin.StopRollback = b.outcomes, b.stop
	// A monitored alarm entering ALARM after green's deployment started
	// rolls the shift back at any stage, as it fails a rolling deployment
	// (the alarms already in ALARM when it started are not counted, see
	// service.FiredAlarms).
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
	if g := depByID(s, b.green); g != nil {
		sin.AlarmInAlarm = len(w.triggeredAlarms(s.DeploymentConfiguration, g.CreatedAt.Time)) > 0
	}
	before := b.state.Status
	nb := *b
	nb.state = deployment.Shift(&nb.dc, b.state, sin, w.now)
	nb.outcomes, nb.stop = nil, false
	b = &nb
	st.shifts[name] = b
	if before == deployment.ShiftInProgress && b.state.Status != deployment.ShiftInProgress &&
		b.state.Status != deployment.ShiftSuccessful && len(b.blues) > 0 {
		w.shiftRollBack(cs, s, b)
		in.Service = *s
		in.Service.DeploymentConfiguration = rollingView(s.DeploymentConfiguration)
	}
	switch {
	case b.state.Status == deployment.ShiftRollbackInProgress, b.state.Status == deployment.ShiftInProgress && b.state.Stage == deployment.StageCleanUp:
		return v // the whole service, as a rolling update
	case b.state.Status == deployment.ShiftInProgress && b.state.GreenDesired == 0:
		v.skip = true
		return v
	case b.state.Status == deployment.ShiftInProgress:
		view := in.Service
		view.Deployments = nil
		for _, d := range s.Deployments {
			if slices.Contains(b.blues, d.ID) {
				v.hidden = append(v.hidden, d)
			} else {
				view.Deployments = append(view.Deployments, d)
			}
		}
		view.DesiredCount = b.state.GreenDesired
		in.Service = view
		in.Tasks = slices.DeleteFunc(slices.Clone(in.Tasks), func(t model.Task) bool { return slices.Contains(b.blues, t.StartedBy) })
		in.Index = nil // it indexes the hidden tasks too
	}
	return v
}

// ensureShift starts the shift of a BLUE_GREEN service whose PRIMARY
// deployment is new (IN_PROGRESS, not shifted yet) while older deployments
// still have tasks, and returns the service's latest shift.
func (w *World) ensureShift(cs *clusterState, name string) (*bgShift, bool) {
	s := cs.service(name)
	st := &cs.sdeps
	b, ok := st.shifts[name]
	if s == nil || !shiftedStrategy(s) {
		return b, ok
	}
	p := shiftPrimary(s)
	if p == nil {
		return b, ok
	}
	rollingBack := ok && b.inProgress() && slices.Contains(b.blues, p.ID)
	if (!ok || b.green != p.ID) && !rollingBack && p.RolloutState == model.DeploymentRolloutStateInProgress && s.Status == model.ServiceStatusActive {
		var blues []string
		for i := range s.Deployments {
			d := &s.Deployments[i]
			if d.ID == p.ID {
				continue
			}
			if live, _, _ := liveTasks(cs, d.ID); live > 0 {
				blues = append(blues, d.ID)
			}
		}
		if len(blues) > 0 {
			dc := detached(*s.DeploymentConfiguration)
			ss, err := deployment.StartShift(&dc, s.DesiredCount, len(blues) > 1, w.now)
			if err == nil {
				b = &bgShift{state: ss, dc: dc, green: p.ID, blues: blues}
				if st.shifts == nil {
					st.shifts = map[string]*bgShift{}
				}
				st.shifts[name] = b
				ok = true
			}
		}
	}
	return b, ok
}

// shiftRun is how [World.shiftView] set up one scheduler run.
type shiftRun struct {
	on     bool                           // a BLUE_GREEN service
	dc     *model.DeploymentConfiguration // its own deployment configuration
	hidden []model.Deployment             // deployments hidden from the scheduler
	skip   bool                           // nothing for the scheduler to do
}

// shiftEvents drops, from a scheduler run that saw green alone (blue
// hidden, or nothing to do), the events saying the deployment completed
// and the service reached a steady state: the scheduler says them once
// green runs at full count, but the blue/green deployment is not done
// until traffic has moved, the bake has passed and blue is cleaned up.
// ECS's deployment is SUCCESSFUL only after CLEAN_UP, where the scheduler
// sees the whole service and writes them.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
func (v shiftRun) shiftEvents(st *service.Step) {
	if len(v.hidden) == 0 {
		return
	}
	early := func(e model.ServiceEvent) bool {
		return strings.HasSuffix(e.Message, ") deployment completed.") || strings.HasSuffix(e.Message, ") has reached a steady state.")
	}
	n := len(st.Events)
	if !slices.ContainsFunc(st.Events, early) {
		return
	}
	st.Events = slices.DeleteFunc(slices.Clone(st.Events), early)
	// The step's events are the newest n of the service's.
	rest := st.Service.Events[min(n, len(st.Service.Events)):]
	st.Service.Events = append(slices.Clone(st.Events), rest...)
}

// shiftRollBack makes blue PRIMARY again: the service's task definition
// is blue's, and green becomes ACTIVE for the scheduler to drain.
func (w *World) shiftRollBack(cs *clusterState, s *model.Service, b *bgShift) {
	blue := b.blues[0]
	s.Deployments = slices.Clone(s.Deployments) // a clone of the world may share them
	for i := range s.Deployments {
		d := &s.Deployments[i]
		switch d.ID {
		case b.green:
			d.Status = model.DeploymentStatusActive
		case blue:
			d.Status, d.RolloutState = model.DeploymentStatusPrimary, model.DeploymentRolloutStateInProgress
			d.RolloutStateReason = b.state.Reason
			s.TaskDefinition = d.TaskDefinition
		}
	}
	// The service deployment carries on through its rollback: blue as
	// PRIMARY is not a new deployment.
	if cs.sdeps.primary == nil {
		cs.sdeps.primary = map[string]string{}
	}
	cs.sdeps.primary[s.ServiceName] = blue
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: s.ServiceName, Message: "blue/green rollback to deployment " + blue + ": " + b.state.Reason})
}

// shiftMerge puts the hidden blue deployments back into the stored service
// after a scheduler run, with their counts from the tasks, and keeps green
// IN_PROGRESS until the shift completes.
func (w *World) shiftMerge(cs *clusterState, name string, v shiftRun) {
	if !v.on {
		return
	}
	s := cs.service(name)
	s.DeploymentConfiguration = v.dc
	if len(v.hidden) == 0 {
		return
	}
	b := cs.sdeps.shifts[name]
	for _, d := range v.hidden {
		_, running, pending := liveTasks(cs, d.ID)
		d.RunningCount, d.PendingCount = running, pending
		s.RunningCount += running
		s.PendingCount += pending
		s.Deployments = append(s.Deployments, d)
	}
	if b != nil {
		s.Deployments = slices.Clone(s.Deployments)
		for i := range s.Deployments {
			if d := &s.Deployments[i]; d.ID == b.green {
				d.RolloutState = model.DeploymentRolloutStateInProgress
			}
		}
	}
}

// shiftDescribe writes the shift of service name into its service
// deployment record: status, lifecycle stage, weights, hooks.
func (w *World) shiftDescribe(cs *clusterState, name string) {
	b, _ := w.ensureShift(cs, name)
	s := cs.service(name)
	if b == nil || s == nil {
		return
	}
	st := &cs.sdeps
	i := slices.IndexFunc(st.recs, func(r sdRecord) bool { return r.service == name && r.dep == b.green && r.sd.ServiceARN == s.ServiceARN })
	if i < 0 {
		return
	}
	r := &st.recs[i]
	if !b.inProgress() && r.sd.Status == model.ServiceDeploymentStatus(b.state.Status) && !r.sd.FinishedAt.IsZero() {
		return // described at its end already
	}
	var blue, green deployment.RevisionTasks
	green.ARN = st.revOf[revKey(name, b.green)]
	_, green.Running, green.Pending = liveTasks(cs, b.green)
	for _, id := range b.blues {
		if blue.ARN == "" {
			blue.ARN = st.revOf[revKey(name, id)]
		}
		_, run, pend := liveTasks(cs, id)
		blue.Running += run
		blue.Pending += pend
	}
	out := b.state.Describe(&b.dc, r.sd, blue, green, w.now)
	if !b.inProgress() && out.FinishedAt.IsZero() {
		out.FinishedAt = model.At(w.now)
	}
	if b.state.Status == deployment.ShiftRollbackInProgress || b.state.Status == deployment.ShiftRollbackSuccessful {
		if out.Rollback == nil {
			out.Rollback = &model.ServiceDeploymentRollback{Reason: b.state.Reason, StartedAt: model.At(w.now), ServiceRevisionARN: blue.ARN}
		}
	}
	r.sd = out
}

// shiftOf finds the shift in progress that service deployment i of cs
// runs, or nil.
func (cs *clusterState) shiftOf(i int) *bgShift {
	r := &cs.sdeps.recs[i]
	b := cs.sdeps.shifts[r.service]
	if b == nil || b.green != r.dep || !b.inProgress() {
		return nil
	}
	if s := cs.service(r.service); s == nil || s.ServiceARN != r.sd.ServiceARN {
		return nil
	}
	return b
}

// withOutcome records a hook outcome for the next scheduler run.
func (cs *clusterState) withOutcome(name string, b *bgShift, hookID string, o deployment.HookStatus) {
	nb := *b
	nb.outcomes = maps.Clone(b.outcomes)
	if nb.outcomes == nil {
		nb.outcomes = map[string]deployment.HookStatus{}
	}
	nb.outcomes[hookID] = o
	cs.sdeps.shifts[name] = &nb
}

// CompleteLifecycleHook reports the outcome of a Lambda lifecycle hook of
// a BLUE_GREEN, LINEAR or CANARY service deployment, as the hook's function returns it to
// ECS: SUCCEEDED lets the deployment go on, FAILED rolls it back,
// IN_PROGRESS keeps it waiting (until the hook's timeout). ECS invokes the
// function itself; the world has no Lambda, so the caller plays it. A hook
// that is not a Lambda hook running at the deployment's current stage is
// an InvalidParameterException; the world applies the outcome at its next
// scheduler run.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
func (w *World) CompleteLifecycleHook(serviceDeploymentARN, hookID string, status deployment.HookStatus) error {
	switch status {
	case deployment.HookSucceeded, deployment.HookFailed, deployment.HookInProgress:
	default:
		return invalid("status: %q is not SUCCEEDED, FAILED or IN_PROGRESS.", ecserrors.Clip(string(status)))
	}
	cs, i, err := w.lookupSD(serviceDeploymentARN)
	if err != nil {
		return err
	}
	b := cs.shiftOf(i)
	if b == nil || b.state.Status != deployment.ShiftInProgress {
		return ecserrors.New(ecserrors.CodeConflict, "service deployment %s is not a blue/green deployment in progress.", ecserrors.Clip(serviceDeploymentARN))
	}
	k := slices.IndexFunc(b.state.Hooks, func(h deployment.Hook) bool { return h.ID == hookID })
	if k < 0 || b.state.Hooks[k].TargetType == model.HookTargetPause || b.state.Hooks[k].Status != deployment.HookInProgress {
		return invalid("hookId: %q is not a Lambda hook in progress in this deployment.", ecserrors.Clip(hookID))
	}
	if status != deployment.HookInProgress {
		cs.withOutcome(cs.sdeps.recs[i].service, b, hookID, status)
	}
	return nil
}

// TrafficShift returns the state of the latest BLUE_GREEN, LINEAR or
// CANARY deployment of a service: its status and lifecycle stage, the task counts it asks of
// blue and green, the production and test traffic weights of each (every
// pair sums to 100), and the hooks running at its stage. ok is false when
// the service never shifted traffic.
func (w *World) TrafficShift(cluster, svc string) (st deployment.ShiftState, ok bool, err error) {
	cs, err := w.lookupCluster(cluster)
	if err != nil {
		return deployment.ShiftState{}, false, err
	}
	s, err := cs.lookupService(svc)
	if err != nil {
		return deployment.ShiftState{}, false, err
	}
	b := cs.sdeps.shifts[s.ServiceName]
	if b == nil {
		return deployment.ShiftState{}, false, nil
	}
	st = b.state
	st.Steps, st.Hooks = slices.Clone(st.Steps), slices.Clone(st.Hooks)
	return st, true, nil
}

// depByID returns the deployment of s with the given ID, or nil.
func depByID(s *model.Service, id string) *model.Deployment {
	for i := range s.Deployments {
		if s.Deployments[i].ID == id {
			return &s.Deployments[i]
		}
	}
	return nil
}
