package deployment

import (
	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Tasks counts one deployment's tasks by [TaskState], and may name them.
//
// Counts alone are enough to plan; a caller at ECS scale need not build a
// slice per task. When a state's ID list is non-nil its length must equal
// the count, and the planner stops tasks from the front of the list: order
// each list with the placement package's termination order (AZ balance is
// placement's job, not the planner's).
type Tasks struct {
	Pending, Settling, Healthy, Unhealthy, Stopping int32

	PendingIDs, SettlingIDs, HealthyIDs, UnhealthyIDs []string
}

// count returns the number of tasks in state s.
func (t *Tasks) count(s TaskState) int64 {
	switch s {
	case Pending:
		return int64(t.Pending)
	case Settling:
		return int64(t.Settling)
	case Healthy:
		return int64(t.Healthy)
	case Unhealthy:
		return int64(t.Unhealthy)
	case Stopping:
		return int64(t.Stopping)
	}
	return 0
}

// ids returns the ID list of state s (nil for STOPPING and GONE).
func (t *Tasks) ids(s TaskState) []string {
	switch s {
	case Pending:
		return t.PendingIDs
	case Settling:
		return t.SettlingIDs
	case Healthy:
		return t.HealthyIDs
	case Unhealthy:
		return t.UnhealthyIDs
	}
	return nil
}

// live is the number of tasks that exist and are not on their way out.
func (t *Tasks) live() int64 {
	return int64(t.Pending) + int64(t.Settling) + int64(t.Healthy) + int64(t.Unhealthy)
}

// DeploymentTasks is one deployment and its tasks.
type DeploymentTasks struct {
	ID    string
	Tasks Tasks
	// DrainingUnhealthy is how many of Tasks.Unhealthy run on a DRAINING
	// container instance (they are replaced like unhealthy tasks, and are
	// stopped after the truly unhealthy ones). DrainingStopping is how many
	// of Tasks.Stopping are leaving one. A task leaving a DRAINING instance
	// holds its room under the ceiling until it has stopped, whatever
	// StoppingCountsTowardMaximum says: "If the maximum is 100%, then
	// replacement tasks can't start until the draining tasks have stopped."
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
	DrainingUnhealthy, DrainingStopping int32
}

// Input is everything [Plan] needs about one service.
type Input struct {
	// ServiceName is used in the service-event message of a blocked plan.
	ServiceName string
	// DesiredCount is the service's desired count. For a DAEMON service it
	// is the number of container instances eligible to run the daemon (one
	// task per instance); placement decides which instances those are.
	DesiredCount int32
	// Config holds the resolved percentages; see [Resolve].
	Config Config
	// Deployments lists the service's deployments in DescribeServices
	// order: the PRIMARY first, then the ACTIVE ones newest first.
	// An INACTIVE deployment has no pending or running task; list it last
	// only if it still has Stopping tasks, so that they count when
	// StoppingCountsTowardMaximum is set.
	Deployments []DeploymentTasks
	// PrimaryFailed says the PRIMARY's rolloutState is FAILED (the circuit
	// breaker or an alarm tripped and no rollback replaced it). A FAILED
	// deployment launches no new tasks.
	PrimaryFailed bool
	// StoppingCountsTowardMaximum makes STOPPING tasks count toward the
	// ceiling, as the 2023 Developer Guide described maximumPercent
	// (RUNNING, STOPPING or PENDING). Off by default: the current API
	// reference counts only RUNNING and PENDING tasks.
	StoppingCountsTowardMaximum bool
}

// Stop asks to stop Count tasks of one deployment that are in State.
type Stop struct {
	DeploymentID string
	State        TaskState
	Count        int32
	// TaskIDs are the first Count IDs of the input list for that state,
	// when the input named its tasks; nil otherwise. The slice shares the
	// input's backing array (capacity limited to Count, so appending to it
	// cannot overwrite the input).
	TaskIDs []string
}

// Decision is one planning step: what the service scheduler does now.
// The caller applies it (launch Start tasks of the PRIMARY where placement
// says, stop the listed tasks), lets time pass, and plans again.
type Decision struct {
	// Bounds are the floor and ceiling of this step.
	Bounds Bounds
	// Start is how many tasks of the PRIMARY deployment to launch.
	Start int32
	// Stops lists the tasks to stop, in the order chosen: unhealthy tasks
	// first (oldest deployment first), then older deployments' tasks
	// (oldest first; pending, settling, then healthy), then surplus tasks of
	// the PRIMARY.
	Stops []Stop
	// Steady: the PRIMARY runs exactly the desired count of healthy tasks
	// and no other task exists; nothing to do.
	Steady bool
	// Halted: the PRIMARY is FAILED, so the scheduler launches and stops
	// nothing until the service is updated.
	Halted bool
	// Blocked: work remains, no task is on its way anywhere, and the
	// bounds allow neither a start nor a stop. Message holds ECS's event.
	Blocked bool
	// Message is the service event for a Blocked decision
	// ([NoProgressMessage]); empty otherwise.
	Message string
}

// Stopped returns the total number of tasks d stops.
func (d *Decision) Stopped() int64 {
	var n int64
	for _, s := range d.Stops {
		n += int64(s.Count)
	}
	return n
}

// Plan computes the next step of one service's rolling update, scale-in or
// scale-out, or unhealthy-task replacement. It is a pure function of its
// input and allocates only the returned Stops.
//
// The bounds (see [BoundsFor]) and what counts toward them:
//
//   - Floor: only Healthy tasks count. The planner never stops a Healthy
//     task if that would leave fewer than Floor healthy tasks (of any
//     deployment); Pending, Settling and Unhealthy tasks may always be
//     stopped, they serve no traffic.
//   - Ceiling: Pending, Settling, Healthy and Unhealthy tasks count (the
//     API reference's RUNNING and PENDING); Stopping tasks count only with
//     Input.StoppingCountsTowardMaximum. A planned start never takes the
//     count above the ceiling; tasks stopped in the same step free their
//     room at once unless Stopping tasks count.
//
// The target (the documentation is silent; decided here): the PRIMARY should run the
// service's desired count and every ACTIVE deployment should drain to
// zero; a desired-count change mid-deployment changes the PRIMARY's target
// and both bounds at once, and never relaunches old revisions. Only the
// PRIMARY launches tasks (the Nov 2025 same-revision replacement of old
// tasks is not modelled: old unhealthy tasks are stopped, and the PRIMARY
// makes up the count).
//
// One step, in order:
//
//  1. Unhealthy tasks are replaced start-first: the PRIMARY's shortfall
//     includes them, so a replacement starts when the ceiling has room, and
//     an unhealthy task is stopped once healthy tasks make up for it
//     (healthy + unhealthy − desired of them, oldest deployment first).
//  2. Older deployments drain, oldest first: their pending and settling
//     tasks stop at once, their healthy ones as far as the floor allows.
//  3. PRIMARY tasks above the desired count stop (scale-in): pending,
//     then settling, then healthy (floor permitting).
//  4. The PRIMARY starts min(shortfall, ceiling − counted tasks) tasks.
//  5. If the ceiling left no room for the shortfall and unhealthy tasks
//     remain, one unhealthy task is stopped first (stop-first, one at a
//     time: only while no task is Stopping and no PRIMARY task is Pending
//     or Settling, so the previous replacement is up first), and its room
//     is used at once when Stopping tasks do not count.
//
// For example (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html):
// desired 4 at minimum 50% lets two old tasks stop before new ones start;
// desired 4 at maximum 200% lets four new tasks start before the old stop.
//
// Desired 0 stops everything. A DAEMON service plans like a REPLICA one
// whose desired count is its number of eligible instances, with the DAEMON
// defaults (stop first, one task per instance).
//
// Errors are InvalidParameterException: a negative desired count, count or
// percentage; no deployment; an ID list whose length differs from its
// count. No input panics.
func Plan(in *Input) (Decision, error) {
	if err := validateInput(in); err != nil {
		return Decision{}, err
	}
	desired := int64(in.DesiredCount)
	d := Decision{Bounds: bounds(desired, in.Config)}
	if in.PrimaryFailed {
		d.Halted = true
		return d, nil
	}
	deps := in.Deployments
	prim := &deps[0].Tasks

	var healthy, unhealthy, counted, inFlight, stopping int64
	for i := range deps {
		t := &deps[i].Tasks
		healthy += int64(t.Healthy)
		unhealthy += int64(t.Unhealthy)
		counted += t.live()
		if in.StoppingCountsTowardMaximum {
			counted += int64(t.Stopping)
		} else {
			counted += int64(deps[i].DrainingStopping)
		}
		inFlight += int64(t.Pending) + int64(t.Settling) + int64(t.Stopping)
		stopping += int64(t.Stopping)
	}
	primLive := int64(prim.Pending) + int64(prim.Settling) + int64(prim.Healthy)

	p := planner{in: in, d: &d, healthyBudget: max(0, healthy-d.Bounds.Floor)}
	p.d.Stops = make([]Stop, 0, 4*len(deps)+1) // the most one step can list: one allocation

	// 1. Unhealthy tasks whose replacements are already healthy.
	redundant := min(unhealthy, max(0, healthy+unhealthy-desired))
	for i := len(deps) - 1; i >= 0 && redundant > 0; i-- {
		redundant -= p.stop(i, Unhealthy, redundant)
	}
	// 2. Older deployments drain, oldest first.
	for i := len(deps) - 1; i >= 1; i-- {
		p.stop(i, Pending, -1)
		p.stop(i, Settling, -1)
		p.stop(i, Healthy, -1)
	}
	// 3. PRIMARY surplus.
	if surplus := primLive - desired; surplus > 0 {
		surplus -= p.stop(0, Pending, surplus)
		surplus -= p.stop(0, Settling, surplus)
		p.stop(0, Healthy, surplus)
	}
	primLive -= p.primStopped
	// 4. Starts.
	shortfall := max(0, desired-primLive)
	if !in.StoppingCountsTowardMaximum {
		counted -= p.stopped - p.drainingStopped
	}
	room := d.Bounds.Ceiling - counted // negative above the ceiling
	start := min(shortfall, max(0, room))
	// 5. Stop-first replacement of one unhealthy task.
	rising := int64(prim.Pending) + int64(prim.Settling)
	if start < shortfall && p.unhealthyStopped == 0 && unhealthy > 0 && stopping == 0 && rising == 0 {
		for i := len(deps) - 1; i >= 0; i-- {
			if before := p.drainingStopped; p.stop(i, Unhealthy, 1) == 1 {
				if !in.StoppingCountsTowardMaximum && p.drainingStopped == before {
					start = min(shortfall, max(0, room+1))
				}
				break
			}
		}
	}
	d.Start = int32(start)

	if d.Start == 0 && len(d.Stops) == 0 {
		steady := prim.Healthy == in.DesiredCount && inFlight == 0 && unhealthy == 0
		for i := 1; i < len(deps) && steady; i++ {
			steady = deps[i].Tasks.live() == 0
		}
		switch {
		case steady:
			d.Steady = true
		case inFlight == 0:
			d.Blocked = true
			d.Message = NoProgressMessage(in.ServiceName)
		}
	}
	return d, nil
}

// planner accumulates the stops of one step.
type planner struct {
	in                   *Input
	d                    *Decision
	healthyBudget        int64
	stopped, primStopped int64
	unhealthyStopped     int64
	// drainingStopped counts the stops of tasks on DRAINING instances:
	// their room is not free until they have stopped.
	drainingStopped int64
}

// stop plans to stop up to want tasks (−1: all) of deployment i in state s,
// within the healthy budget for Healthy, and returns how many it stopped.
// Each (deployment, state) pair is stopped at most once per step, so the
// IDs come from the front of the list.
func (p *planner) stop(i int, s TaskState, want int64) int64 {
	dep := &p.in.Deployments[i]
	n := dep.Tasks.count(s)
	if want >= 0 {
		n = min(n, want)
	}
	if s == Healthy {
		n = min(n, p.healthyBudget)
	}
	if n <= 0 {
		return 0
	}
	if s == Healthy {
		p.healthyBudget -= n
	}
	st := Stop{DeploymentID: dep.ID, State: s, Count: int32(n)}
	if ids := dep.Tasks.ids(s); ids != nil {
		st.TaskIDs = ids[:n:n]
	}
	p.d.Stops = append(p.d.Stops, st)
	p.stopped += n
	if i == 0 && s != Unhealthy {
		p.primStopped += n // unhealthy tasks are not part of the PRIMARY's live count
	}
	if s == Unhealthy {
		p.unhealthyStopped += n
		// Truly unhealthy tasks stop first, as the service scheduler
		// chooses them; the rest of the stopped ones are draining. (A
		// deployment's Unhealthy tasks are stopped at most once a step.)
		truly := int64(dep.Tasks.Unhealthy) - int64(dep.DrainingUnhealthy)
		p.drainingStopped += max(0, n-truly)
	}
	return n
}

func validateInput(in *Input) error {
	if in == nil {
		return ecserrors.New(ecserrors.CodeInvalidParameter, "deployment plan: input is required.")
	}
	if in.DesiredCount < 0 {
		return ecserrors.New(ecserrors.CodeInvalidParameter, "desiredCount: must not be negative, got %d.", in.DesiredCount)
	}
	if err := in.Config.Validate(); err != nil {
		return err
	}
	if len(in.Deployments) == 0 {
		return ecserrors.New(ecserrors.CodeInvalidParameter, "deployments: a service has a PRIMARY deployment; none given.")
	}
	for i := range in.Deployments {
		t := &in.Deployments[i].Tasks
		for _, s := range [...]TaskState{Pending, Settling, Healthy, Unhealthy, Stopping} {
			c := t.count(s)
			if c < 0 {
				return ecserrors.New(ecserrors.CodeInvalidParameter, "deployments[%d]: the %s count must not be negative, got %d.", i, s, c)
			}
			if ids := t.ids(s); ids != nil && int64(len(ids)) != c {
				return ecserrors.New(ecserrors.CodeInvalidParameter, "deployments[%d]: %d %s task IDs for a count of %d.", i, len(ids), s, c)
			}
		}
		if d := &in.Deployments[i]; d.DrainingUnhealthy < 0 || d.DrainingUnhealthy > t.Unhealthy || d.DrainingStopping < 0 || d.DrainingStopping > t.Stopping {
			return ecserrors.New(ecserrors.CodeInvalidParameter, "deployments[%d]: draining counts %d unhealthy and %d stopping are not within 0 and the Unhealthy and Stopping counts.", i, d.DrainingUnhealthy, d.DrainingStopping)
		}
	}
	return nil
}
