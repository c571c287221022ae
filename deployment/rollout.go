package deployment

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// State is where a deployment stands: its status and its rollout state.
// The zero State is "not created yet".
type State struct {
	Status  model.DeploymentStatus
	Rollout model.DeploymentRolloutState
}

// Trigger is what moves a deployment from one State to another.
type Trigger string

// Triggers of the deployment state machine.
const (
	// Created: UpdateService (or a rollback) started a deployment.
	Created Trigger = "CREATED"
	// Superseded: a newer deployment became PRIMARY.
	Superseded Trigger = "SUPERSEDED"
	// SteadyState: the PRIMARY runs its desired count and nothing else
	// runs (plus the alarm bake time, when alarms are used).
	SteadyState Trigger = "STEADY_STATE"
	// CircuitBreakerTripped: failed tasks reached the breaker threshold.
	CircuitBreakerTripped Trigger = "CIRCUIT_BREAKER_TRIPPED"
	// AlarmTripped: a monitored CloudWatch alarm went into ALARM.
	AlarmTripped Trigger = "ALARM_TRIPPED"
	// Drained: an ACTIVE deployment has no pending or running task left.
	Drained Trigger = "DRAINED"
	// RolledBackTo: a failed deployment rolled back to this COMPLETED one,
	// which goes back to IN_PROGRESS and is no rollback target until a
	// deployment of it completes again.
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
	RolledBackTo Trigger = "ROLLED_BACK_TO"
	// StopRequested: StopServiceDeployment stopped the PRIMARY while it
	// was IN_PROGRESS; it fails and rolls back as a breaker trip does.
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
	StopRequested Trigger = "STOP_REQUESTED"
)

// Transition is one allowed move of the deployment state machine.
type Transition struct {
	From State
	On   Trigger
	To   State
}

var (
	primaryInProgress = State{model.DeploymentStatusPrimary, model.DeploymentRolloutStateInProgress}
	primaryCompleted  = State{model.DeploymentStatusPrimary, model.DeploymentRolloutStateCompleted}
	primaryFailed     = State{model.DeploymentStatusPrimary, model.DeploymentRolloutStateFailed}
	activeInProgress  = State{model.DeploymentStatusActive, model.DeploymentRolloutStateInProgress}
	activeCompleted   = State{model.DeploymentStatusActive, model.DeploymentRolloutStateCompleted}
	activeFailed      = State{model.DeploymentStatusActive, model.DeploymentRolloutStateFailed}
)

// transitions is the deployment state machine. Status goes PRIMARY →
// ACTIVE → INACTIVE and rolloutState IN_PROGRESS → COMPLETED | FAILED; a
// superseded deployment keeps its rollout state. ECS omits rolloutState for
// services behind a Classic Load Balancer, so a deployment without one
// moves through the statuses keeping none.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
var transitions = []Transition{
	{State{}, Created, primaryInProgress},
	{primaryInProgress, SteadyState, primaryCompleted},
	{primaryInProgress, CircuitBreakerTripped, primaryFailed},
	{primaryInProgress, AlarmTripped, primaryFailed},
	{primaryInProgress, StopRequested, primaryFailed},
	{primaryInProgress, Superseded, activeInProgress},
	{primaryCompleted, Superseded, activeCompleted},
	{primaryFailed, Superseded, activeFailed},
	{activeInProgress, Drained, State{model.DeploymentStatusInactive, model.DeploymentRolloutStateInProgress}},
	{activeCompleted, Drained, State{model.DeploymentStatusInactive, model.DeploymentRolloutStateCompleted}},
	{activeFailed, Drained, State{model.DeploymentStatusInactive, model.DeploymentRolloutStateFailed}},
	{activeCompleted, RolledBackTo, activeInProgress},
	{State{model.DeploymentStatusInactive, model.DeploymentRolloutStateCompleted}, RolledBackTo, State{model.DeploymentStatusInactive, model.DeploymentRolloutStateInProgress}},
	{State{Status: model.DeploymentStatusPrimary}, Superseded, State{Status: model.DeploymentStatusActive}},
	{State{Status: model.DeploymentStatusActive}, Drained, State{Status: model.DeploymentStatusInactive}},
}

// Transitions returns the deployment state machine as data (a fresh copy
// the caller may keep), for rendering and enumeration.
func Transitions() []Transition { return slices.Clone(transitions) }

// Next returns the state a trigger leads to from s, and whether the table
// allows it.
func Next(s State, on Trigger) (State, bool) {
	for _, t := range transitions {
		if t.From == s && t.On == on {
			return t.To, true
		}
	}
	return State{}, false
}

// TaskMove is one allowed move of a task between [TaskState]s.
type TaskMove struct{ From, To TaskState }

// taskMoves: a task is launched (Gone → Pending), reaches RUNNING
// (Pending → Settling), turns healthy or unhealthy (and back), and may stop
// from any state, directly or through Stopping.
var taskMoves = []TaskMove{
	{Gone, Pending},
	{Pending, Settling}, {Pending, Stopping}, {Pending, Gone},
	{Settling, Healthy}, {Settling, Unhealthy}, {Settling, Stopping}, {Settling, Gone},
	{Healthy, Unhealthy}, {Healthy, Stopping}, {Healthy, Gone},
	{Unhealthy, Healthy}, {Unhealthy, Stopping}, {Unhealthy, Gone},
	{Stopping, Gone},
}

// TaskMoves returns the allowed task moves (a fresh copy).
func TaskMoves() []TaskMove { return slices.Clone(taskMoves) }

// CanMove reports whether a task may move from one state to another.
func CanMove(from, to TaskState) bool { return slices.Contains(taskMoves, TaskMove{from, to}) }

// EventKind says what happened to a service.
type EventKind uint8

// Kinds of [Event].
const (
	_ EventKind = iota
	// NewDeployment: UpdateService started a deployment (new task
	// definition, forceNewDeployment, …). Uses DeploymentID and
	// TaskDefinition.
	NewDeployment
	// DesiredCountChanged: the service's desired count became DesiredCount.
	DesiredCountChanged
	// TaskMoved: a task of DeploymentID moved From → To. Failure, if set,
	// says the move was a failure the circuit breaker counts.
	TaskMoved
	// LaunchFailed: the scheduler could not launch a task of
	// DeploymentID; no task exists. Counts a FailedToLaunch failure.
	LaunchFailed
	// AlarmFired: the CloudWatch alarms AlarmNames went into ALARM.
	AlarmFired
	// SteadyStateReached: the caller observed steady state ([Decision]
	// Steady, after the alarm bake time when alarms are used).
	SteadyStateReached
	// RollbackRequested: StopServiceDeployment (stopType ROLLBACK) stopped
	// the IN_PROGRESS PRIMARY DeploymentID: it becomes FAILED and rolls
	// back to the most recent COMPLETED deployment, whether or not the
	// service configured rollback, as a breaker trip with rollback does
	// (RollbackID names the new deployment). A PRIMARY that is not
	// IN_PROGRESS, or another deployment, is an InvalidParameterException.
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
	RollbackRequested
)

// Event is one input to [Apply]. Only the members its Kind names are read.
type Event struct {
	Kind           EventKind
	DeploymentID   string
	TaskDefinition string
	DesiredCount   int32
	From, To       TaskState
	Failure        Failure
	AlarmNames     []string
	// RollbackID is the ID to give a rollback deployment should this event
	// start one; empty derives "ecs-svc/<digits>" from the failed
	// deployment's ID (deterministic, no randomness).
	RollbackID string
}

// Change records one deployment moving between states.
type Change struct {
	DeploymentID string
	From, To     State
	On           Trigger
	// Reason is the deployment's rolloutStateReason after the change.
	Reason string
}

// Result is what [Apply] returns: the new service and what changed.
type Result struct {
	// Service is the service after the event. Its Deployments slice is
	// new; other members are shared with the input, which is not modified.
	Service model.Service
	// Changes lists the deployment transitions, in order.
	Changes []Change
	// Messages are service events ECS writes for the changes, e.g.
	// "(service NAME) (deployment ID) deployment completed.".
	Messages []string
	// RolledBackTo is the ID of the COMPLETED deployment a rollback
	// returns to, when this event started one.
	RolledBackTo string
	// NoRollbackTarget: the failure asked for a rollback but there was
	// nothing to return to (see [Apply]); the service stays on its FAILED
	// deployment, which launches no new tasks.
	NoRollbackTarget bool
}

// rolloutStateReason texts. The in-progress, completed, "tasks failed to
// start" and rolling-back forms are those ECS shows (describe-services and
// EventBridge samples of the Developer Guide; containers-roadmap#1488 shows
// ECS gives "tasks failed to start." for health-check failures too, so both
// breaker stages use it). ECS does not document the alarm text: ours names
// the alarms.
const (
	reasonBreaker        = "ECS deployment circuit breaker: tasks failed to start."
	rollbackReasonPrefix = "ECS deployment circuit breaker: rolling back to deploymentId "
	alarmRollbackPrefix  = "ECS deployment alarms: rolling back to deploymentId "
	// ECS does not document the texts of a stopped deployment; ours follow
	// the breaker's.
	reasonStopped      = "ECS deployment stopped: rollback requested."
	stopRollbackPrefix = "ECS deployment stopped: rolling back to deploymentId "
)

func reasonInProgress(id string) string { return "ECS deployment " + id + " in progress." }
func reasonCompleted(id string) string  { return "ECS deployment " + id + " completed." }
func reasonAlarm(names []string) string {
	return AlarmReasonPrefix + strings.Join(names, ", ") + "."
}

// AlarmReasonPrefix starts the rolloutStateReason of a deployment that
// CloudWatch alarms failed ([AlarmFired]); the alarms' names follow.
const AlarmReasonPrefix = "ECS deployment alarms triggered: "

// Apply returns the service after one event, never modifying svc. It keeps
// each deployment's desiredCount, pendingCount, runningCount and
// failedTasks true, and the service's runningCount and pendingCount their
// sums: Pending tasks are pending; Settling, Healthy and Unhealthy tasks are
// running; Stopping tasks are neither.
//
// Decisions where AWS leaves room (each tested):
//
//   - The PRIMARY's desiredCount is the service's; ACTIVE deployments have
//     desiredCount 0, as [Plan] drains them.
//   - An ACTIVE deployment with no pending or running task becomes INACTIVE
//     (its Stopping tasks may still be on their way out). INACTIVE
//     deployments are dropped from Deployments except the most recent
//     COMPLETED one that is not PRIMARY, which is kept as the rollback
//     target.
//   - Failures count (failedTasks) only on the PRIMARY while it is
//     IN_PROGRESS. Both breaker stages count one per failed task, and the
//     breaker trips when failedTasks reaches [Threshold] of the latest
//     desired count (so lowering the desired count can trip it). A task of
//     the PRIMARY turning Healthy resets failedTasks to 0 when
//     resetOnHealthyTask is on (the default); the older "stops being
//     evaluated after the first success" wording is treated as legacy.
//   - On a trip the PRIMARY becomes FAILED. With rollback, a new PRIMARY
//     deployment starts on the task definition (and launch settings) of
//     the most recent COMPLETED deployment; the failed one becomes ACTIVE
//     and drains. Without a COMPLETED deployment, or when the failing
//     deployment is itself a rollback (the docs make the target ineligible
//     until it completes again), nothing is relaunched: NoRollbackTarget is
//     set and the service stays FAILED until the user updates it. The
//     target itself moves back to IN_PROGRESS (RolledBackTo), so a later
//     deployment that fails before the rollback completes has no target
//     either.
//   - An alarm in AlarmNames that the service monitors (alarms enabled)
//     fails an IN_PROGRESS PRIMARY the same way, with rollback if the
//     alarm configuration asks for it. Alarms already in ALARM when the
//     deployment started are the caller's to filter out, as ECS ignores
//     them. Alarms and failures outside an IN_PROGRESS PRIMARY change
//     nothing but the counts.
//   - SteadyStateReached completes an IN_PROGRESS PRIMARY and is a no-op
//     for a COMPLETED or FAILED one; it is an InvalidParameterException
//     when the counts are not steady.
//
// Errors are InvalidParameterException: an unknown deployment, a task move
// the [TaskMoves] table does not allow or that would make a count
// negative, a duplicate or empty deployment ID, a negative desired count,
// a failure kind that does not fit the move, an invalid breaker threshold.
func Apply(svc model.Service, ev Event, now time.Time) (Result, error) {
	a := applier{res: Result{Service: svc}, now: model.At(now)}
	s := &a.res.Service
	s.Deployments = slices.Clone(svc.Deployments)
	primaries := 0
	for i := range s.Deployments {
		d := &s.Deployments[i]
		switch d.Status {
		case model.DeploymentStatusPrimary:
			primaries++
		case model.DeploymentStatusActive, model.DeploymentStatusInactive:
		default:
			return Result{}, invalid("deployments[%d].status: %q is not PRIMARY, ACTIVE or INACTIVE.", i, ecserrors.Clip(string(d.Status)))
		}
	}
	if primaries > 1 {
		return Result{}, invalid("deployments: at most one deployment can be PRIMARY, got %d.", primaries)
	}
	var err error
	switch ev.Kind {
	case NewDeployment:
		err = a.newDeployment(ev.DeploymentID, ev.TaskDefinition, nil, reasonInProgress(ev.DeploymentID))
	case DesiredCountChanged:
		err = a.desiredCount(ev)
	case TaskMoved:
		err = a.taskMoved(ev)
	case LaunchFailed:
		var d *model.Deployment
		if d, err = a.find(ev.DeploymentID); err == nil {
			err = a.fail(d, FailedToLaunch, ev.RollbackID)
		}
	case AlarmFired:
		err = a.alarm(ev)
	case SteadyStateReached:
		err = a.steady()
	case RollbackRequested:
		err = a.stopRollback(ev)
	default:
		err = invalid("event: unknown kind %d.", ev.Kind)
	}
	if err != nil {
		return Result{}, err
	}
	a.drain()
	a.prune()
	a.totals()
	return a.res, nil
}

type applier struct {
	res Result
	now model.Time
}

func invalid(format string, args ...any) error {
	return ecserrors.New(ecserrors.CodeInvalidParameter, format, args...)
}

func (a *applier) find(id string) (*model.Deployment, error) {
	for i := range a.res.Service.Deployments {
		if d := &a.res.Service.Deployments[i]; d.ID == id {
			return d, nil
		}
	}
	return nil, invalid("deployment: %q is not a deployment of the service.", ecserrors.Clip(id))
}

func (a *applier) primary() *model.Deployment {
	for i := range a.res.Service.Deployments {
		if d := &a.res.Service.Deployments[i]; d.Status == model.DeploymentStatusPrimary {
			return d
		}
	}
	return nil
}

// move applies a transition of the table to d.
func (a *applier) move(d *model.Deployment, on Trigger, reason string) error {
	from := State{d.Status, d.RolloutState}
	to, ok := Next(from, on)
	if !ok {
		return invalid("deployment %s: %s is not allowed in state %s/%s.", ecserrors.Clip(d.ID), on, orNone(string(from.Status)), orNone(string(from.Rollout)))
	}
	d.Status, d.RolloutState = to.Status, to.Rollout
	if reason != "" {
		d.RolloutStateReason = reason
	}
	if to.Status != model.DeploymentStatusPrimary {
		d.DesiredCount = 0
	}
	d.UpdatedAt = a.now
	a.res.Changes = append(a.res.Changes, Change{DeploymentID: d.ID, From: from, To: to, On: on, Reason: d.RolloutStateReason})
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// newDeployment supersedes the PRIMARY and puts a new one in front. from,
// when set, is the deployment whose launch settings a rollback copies.
func (a *applier) newDeployment(id, taskDef string, from *model.Deployment, reason string) error {
	s := &a.res.Service
	if id == "" {
		return invalid("deployment.id: is required.")
	}
	if taskDef == "" {
		return invalid("deployment.taskDefinition: is required.")
	}
	for _, d := range s.Deployments {
		if d.ID == id {
			return invalid("deployment.id: %q already exists in the service.", ecserrors.Clip(id))
		}
	}
	nd := model.Deployment{
		ID: id, TaskDefinition: taskDef, DesiredCount: s.DesiredCount,
		CreatedAt: a.now, UpdatedAt: a.now,
		LaunchType: s.LaunchType, PlatformVersion: s.PlatformVersion, PlatformFamily: s.PlatformFamily,
		NetworkConfiguration: s.NetworkConfiguration, CapacityProviderStrategy: s.CapacityProviderStrategy,
	}
	if from != nil {
		nd.LaunchType, nd.PlatformVersion, nd.PlatformFamily = from.LaunchType, from.PlatformVersion, from.PlatformFamily
		nd.NetworkConfiguration, nd.CapacityProviderStrategy = from.NetworkConfiguration, from.CapacityProviderStrategy
	}
	if p := a.primary(); p != nil {
		if err := a.move(p, Superseded, ""); err != nil {
			return err
		}
	}
	a.res.Changes = append(a.res.Changes, Change{DeploymentID: id, To: primaryInProgress, On: Created, Reason: reason})
	nd.Status, nd.RolloutState, nd.RolloutStateReason = primaryInProgress.Status, primaryInProgress.Rollout, reason
	s.Deployments = slices.Insert(s.Deployments, 0, nd)
	s.TaskDefinition = taskDef
	return nil
}

func (a *applier) desiredCount(ev Event) error {
	if ev.DesiredCount < 0 {
		return invalid("desiredCount: must not be negative, got %d.", ev.DesiredCount)
	}
	a.res.Service.DesiredCount = ev.DesiredCount
	p := a.primary()
	if p == nil {
		return nil
	}
	p.DesiredCount = ev.DesiredCount
	p.UpdatedAt = a.now
	return a.checkBreaker(p, "")
}

// counter returns the deployment count a task state is kept in.
func counter(d *model.Deployment, s TaskState) *int32 {
	switch s {
	case Pending:
		return &d.PendingCount
	case Settling, Healthy, Unhealthy:
		return &d.RunningCount
	}
	return nil
}

func (a *applier) taskMoved(ev Event) error {
	d, err := a.find(ev.DeploymentID)
	if err != nil {
		return err
	}
	if !CanMove(ev.From, ev.To) {
		return invalid("task of %s: cannot move from %s to %s.", ecserrors.Clip(d.ID), ev.From, ev.To)
	}
	switch ev.Failure {
	case NoFailure:
	case FailedToStart:
		if ev.From != Pending || (ev.To != Stopping && ev.To != Gone) {
			return invalid("task of %s: %s fits a PENDING task stopping, not %s to %s.", ecserrors.Clip(d.ID), ev.Failure, ev.From, ev.To)
		}
	case FailedHealthCheck:
		if ev.From == Pending || ev.From == Stopping || (ev.To != Stopping && ev.To != Gone) {
			return invalid("task of %s: %s fits a RUNNING task stopping, not %s to %s.", ecserrors.Clip(d.ID), ev.Failure, ev.From, ev.To)
		}
	default:
		return invalid("task of %s: failure %s does not fit a task move.", ecserrors.Clip(d.ID), ev.Failure)
	}
	if d.Status == model.DeploymentStatusInactive && ev.From != Stopping {
		return invalid("task of %s: the deployment is INACTIVE and has no %s task.", ecserrors.Clip(d.ID), ev.From)
	}
	if c := counter(d, ev.From); c != nil {
		if *c == 0 {
			return invalid("task of %s: no %s task to move (count is 0).", ecserrors.Clip(d.ID), ev.From)
		}
		*c--
	}
	if c := counter(d, ev.To); c != nil {
		if *c == 1<<31-1 {
			return invalid("task of %s: count would exceed 2,147,483,647.", ecserrors.Clip(d.ID))
		}
		*c++
	}
	d.UpdatedAt = a.now
	if ev.To == Healthy && d.Status == model.DeploymentStatusPrimary && d.RolloutState == model.DeploymentRolloutStateInProgress &&
		ResetsOnHealthyTask(a.breaker()) {
		d.FailedTasks = 0
	}
	if ev.Failure != NoFailure {
		return a.fail(d, ev.Failure, ev.RollbackID)
	}
	return nil
}

func (a *applier) breaker() *model.DeploymentCircuitBreaker {
	if dc := a.res.Service.DeploymentConfiguration; dc != nil {
		return dc.DeploymentCircuitBreaker
	}
	return nil
}

// fail counts one failed task of d and trips the breaker at the threshold.
func (a *applier) fail(d *model.Deployment, _ Failure, rollbackID string) error {
	if d.Status != model.DeploymentStatusPrimary || d.RolloutState != model.DeploymentRolloutStateInProgress {
		return nil
	}
	if d.FailedTasks < 1<<31-1 {
		d.FailedTasks++
	}
	d.UpdatedAt = a.now
	return a.checkBreaker(d, rollbackID)
}

func (a *applier) checkBreaker(p *model.Deployment, rollbackID string) error {
	cb := a.breaker()
	if cb == nil || !cb.Enable || p.RolloutState != model.DeploymentRolloutStateInProgress {
		return nil
	}
	th, err := Threshold(cb, a.res.Service.DesiredCount)
	if err != nil {
		return err
	}
	if int64(p.FailedTasks) < th {
		return nil
	}
	return a.trip(p, CircuitBreakerTripped, reasonBreaker, cb.Rollback, rollbackReasonPrefix, rollbackID)
}

func (a *applier) alarm(ev Event) error {
	dc := a.res.Service.DeploymentConfiguration
	if dc == nil || dc.Alarms == nil || !dc.Alarms.Enable {
		return nil
	}
	var fired []string
	for _, n := range ev.AlarmNames {
		if slices.Contains(dc.Alarms.AlarmNames, n) && !slices.Contains(fired, n) {
			fired = append(fired, n)
		}
	}
	p := a.primary()
	if len(fired) == 0 || p == nil || p.RolloutState != model.DeploymentRolloutStateInProgress {
		return nil
	}
	return a.trip(p, AlarmTripped, reasonAlarm(fired), dc.Alarms.Rollback, alarmRollbackPrefix, ev.RollbackID)
}

func (a *applier) stopRollback(ev Event) error {
	p := a.primary()
	if p == nil || p.ID != ev.DeploymentID || p.RolloutState != model.DeploymentRolloutStateInProgress {
		return invalid("deployment: %q is not the IN_PROGRESS PRIMARY deployment.", ecserrors.Clip(ev.DeploymentID))
	}
	return a.trip(p, StopRequested, reasonStopped, true, stopRollbackPrefix, ev.RollbackID)
}

// isRollback reports whether d was started by a rollback.
func isRollback(d *model.Deployment) bool {
	return strings.HasPrefix(d.RolloutStateReason, rollbackReasonPrefix) || strings.HasPrefix(d.RolloutStateReason, alarmRollbackPrefix) ||
		strings.HasPrefix(d.RolloutStateReason, stopRollbackPrefix)
}

// RollbackOf returns the ID of the deployment d rolls back to when d was
// started by a rollback (a breaker trip, an alarm or a stop), read from
// its rolloutStateReason, and whether it was.
func RollbackOf(d *model.Deployment) (string, bool) {
	for _, p := range []string{rollbackReasonPrefix, alarmRollbackPrefix, stopRollbackPrefix} {
		if rest, ok := strings.CutPrefix(d.RolloutStateReason, p); ok {
			return strings.TrimSuffix(rest, "."), true
		}
	}
	return "", false
}

// trip fails the PRIMARY p and, if asked, rolls back.
func (a *applier) trip(p *model.Deployment, on Trigger, reason string, rollback bool, prefix, rollbackID string) error {
	wasRollback := isRollback(p)
	failedID := p.ID
	if err := a.move(p, on, reason); err != nil {
		return err
	}
	if !rollback {
		return nil
	}
	target := a.rollbackTarget(failedID)
	if target == nil || wasRollback {
		a.res.NoRollbackTarget = true
		return nil
	}
	if rollbackID == "" {
		rollbackID = a.deriveID(failedID)
	}
	t := *target
	a.res.RolledBackTo = t.ID
	// The target goes back to IN_PROGRESS: until the rollback completes,
	// nothing can roll back to it (in the documented example, D1 COMPLETED,
	// D2 fails and rolls back to D1, D3 starts and fails: D3 cannot roll
	// back and launches nothing). The rollback deployment itself, once
	// COMPLETED, is the next rollback target.
	if err := a.move(target, RolledBackTo, ""); err != nil {
		return err
	}
	return a.newDeployment(rollbackID, t.TaskDefinition, &t, prefix+t.ID+".")
}

// rollbackTarget is the most recently created COMPLETED deployment other
// than the failed one (ties: the first in DescribeServices order).
func (a *applier) rollbackTarget(failedID string) *model.Deployment {
	var best *model.Deployment
	for i := range a.res.Service.Deployments {
		d := &a.res.Service.Deployments[i]
		if d.ID == failedID || d.RolloutState != model.DeploymentRolloutStateCompleted {
			continue
		}
		if best == nil || d.CreatedAt.After(best.CreatedAt.Time) {
			best = d
		}
	}
	return best
}

// deriveID makes a deployment ID in ECS's "ecs-svc/<digits>" form from the
// failed deployment's ID, avoiding IDs the service already has.
func (a *applier) deriveID(failedID string) string {
	for salt := 0; ; salt++ {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s/rollback/%d", failedID, salt)
		id := "ecs-svc/" + strconv.FormatUint(h.Sum64()>>1, 10)
		if _, err := a.find(id); err != nil {
			return id
		}
	}
}

func (a *applier) steady() error {
	s := &a.res.Service
	p := a.primary()
	if p == nil {
		return invalid("steady state: the service has no PRIMARY deployment.")
	}
	if p.RolloutState != model.DeploymentRolloutStateInProgress {
		return nil
	}
	if p.RunningCount != s.DesiredCount || p.PendingCount != 0 {
		return invalid("steady state: deployment %s runs %d and has %d pending for a desired count of %d.", ecserrors.Clip(p.ID), p.RunningCount, p.PendingCount, s.DesiredCount)
	}
	for _, d := range s.Deployments {
		if d.Status != model.DeploymentStatusPrimary && d.RunningCount+d.PendingCount > 0 {
			return invalid("steady state: deployment %s still has tasks.", ecserrors.Clip(d.ID))
		}
	}
	if err := a.move(p, SteadyState, reasonCompleted(p.ID)); err != nil {
		return err
	}
	a.res.Messages = append(a.res.Messages, fmt.Sprintf("(service %s) (deployment %s) deployment completed.", s.ServiceName, p.ID))
	return nil
}

// drain moves ACTIVE deployments without pending or running tasks to
// INACTIVE.
func (a *applier) drain() {
	for i := range a.res.Service.Deployments {
		d := &a.res.Service.Deployments[i]
		if d.Status == model.DeploymentStatusActive && d.PendingCount == 0 && d.RunningCount == 0 {
			_ = a.move(d, Drained, "") // ACTIVE → INACTIVE is in the table for every rollout state
		}
	}
}

// prune drops INACTIVE deployments except the rollback target.
func (a *applier) prune() {
	s := &a.res.Service
	var keep *model.Deployment
	for i := range s.Deployments {
		d := &s.Deployments[i]
		if d.Status != model.DeploymentStatusPrimary && d.RolloutState == model.DeploymentRolloutStateCompleted &&
			(keep == nil || d.CreatedAt.After(keep.CreatedAt.Time)) {
			keep = d
		}
	}
	keepID := ""
	if keep != nil {
		keepID = keep.ID
	}
	s.Deployments = slices.DeleteFunc(s.Deployments, func(d model.Deployment) bool {
		return d.Status == model.DeploymentStatusInactive && d.ID != keepID
	})
}

// totals sets the service's running and pending counts to the sums over
// its deployments.
func (a *applier) totals() {
	s := &a.res.Service
	var run, pend int64
	for _, d := range s.Deployments {
		run += int64(d.RunningCount)
		pend += int64(d.PendingCount)
	}
	s.RunningCount, s.PendingCount = clamp32(run), clamp32(pend)
}

func clamp32(v int64) int32 { return int32(min(v, 1<<31-1)) }
