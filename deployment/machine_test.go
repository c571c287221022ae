package deployment

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// world is the reference model of the state-machine tests: every task of
// one service with its deployment and state, a breaker reference, and the
// service as Apply keeps it. The planner and Apply are driven together the
// way the service package's reconcile step will drive them.
type world struct {
	t              *rapid.T
	svc            model.Service
	cfg            Config
	stoppingCounts bool
	tasks          map[string]*refTask
	order          []string // task IDs in creation order
	nextTask       int
	nextDep        int
	now            time.Time

	// breaker reference
	failed    map[string]int64 // failures counted per deployment
	created   map[string]int   // creation sequence per deployment
	completed map[string]bool  // deployments that reached COMPLETED
	reopened  map[string]bool  // completed deployments a rollback went back to
	rollback  map[string]bool  // deployments started by a rollback
	taskDefOf map[string]string
}

type refTask struct {
	id, dep string
	st      TaskState
}

func newWorld(t *rapid.T, desired int32, cfg Config, dc *model.DeploymentConfiguration, stoppingCounts bool) *world {
	w := &world{t: t, cfg: cfg, stoppingCounts: stoppingCounts, tasks: map[string]*refTask{}, now: t0,
		failed: map[string]int64{}, created: map[string]int{}, completed: map[string]bool{}, reopened: map[string]bool{}, rollback: map[string]bool{},
		taskDefOf: map[string]string{}}
	w.svc = stableService(0, dc)
	w.svc.DesiredCount, w.svc.Deployments[0].DesiredCount, w.svc.RunningCount, w.svc.Deployments[0].RunningCount = desired, desired, desired, desired
	w.created["ecs-svc/1"], w.completed["ecs-svc/1"], w.taskDefOf["ecs-svc/1"] = 0, true, tdV1
	for range desired {
		w.addTask("ecs-svc/1", Healthy)
	}
	return w
}

func (w *world) addTask(dep string, st TaskState) string {
	w.nextTask++
	id := fmt.Sprintf("task-%04d", w.nextTask)
	w.tasks[id] = &refTask{id: id, dep: dep, st: st}
	w.order = append(w.order, id)
	return id
}

func copyService(t *rapid.T, s model.Service) model.Service {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var c model.Service
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) primary() *model.Deployment {
	for i := range w.svc.Deployments {
		if w.svc.Deployments[i].Status == model.DeploymentStatusPrimary {
			return &w.svc.Deployments[i]
		}
	}
	w.t.Fatal("no PRIMARY deployment")
	return nil
}

func (w *world) breaker() *model.DeploymentCircuitBreaker {
	if w.svc.DeploymentConfiguration == nil {
		return nil
	}
	return w.svc.DeploymentConfiguration.DeploymentCircuitBreaker
}

// apply sends one event through Apply, checks that the input is not
// modified, and checks the breaker against the reference: failures are
// counted on the IN_PROGRESS PRIMARY only, reset on a healthy task when
// configured, and the deployment fails exactly when the count reaches the
// threshold of the latest desired count; a rollback starts on the task
// definition of the most recent COMPLETED deployment.
func (w *world) apply(ev Event) Result {
	w.t.Helper()
	w.now = w.now.Add(time.Second)
	p := *w.primary()
	inProgress := p.RolloutState == model.DeploymentRolloutStateInProgress
	counted := false
	switch {
	case ev.Kind == LaunchFailed && ev.DeploymentID == p.ID && inProgress,
		ev.Kind == TaskMoved && ev.Failure != NoFailure && ev.DeploymentID == p.ID && inProgress:
		if ev.Kind == TaskMoved && ev.To == Healthy && ResetsOnHealthyTask(w.breaker()) {
			w.failed[p.ID] = 0
		}
		w.failed[p.ID]++
		counted = true
	case ev.Kind == TaskMoved && ev.To == Healthy && ev.DeploymentID == p.ID && inProgress && ResetsOnHealthyTask(w.breaker()):
		w.failed[p.ID] = 0
	}
	desired := w.svc.DesiredCount
	if ev.Kind == DesiredCountChanged {
		desired = ev.DesiredCount
	}
	cb := w.breaker()
	th, _ := Threshold(cb, desired)
	expectTrip := inProgress && cb != nil && cb.Enable && (counted || ev.Kind == DesiredCountChanged) && w.failed[p.ID] >= th
	alarm := ev.Kind == AlarmFired && inProgress && w.svc.DeploymentConfiguration != nil &&
		w.svc.DeploymentConfiguration.Alarms != nil && w.svc.DeploymentConfiguration.Alarms.Enable
	var target string
	best := -1
	for id := range w.completed {
		if id != p.ID && w.created[id] > best {
			best, target = w.created[id], id
		}
	}
	// The rollback target is the last deployment that completed; once a
	// rollback went back to it, it is no target until a deployment of it
	// completes again (that deployment is then the newer target).
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
	if w.reopened[target] {
		target = ""
	}

	before := copyService(w.t, w.svc)
	arg := copyService(w.t, w.svc)
	r, err := Apply(arg, ev, w.now)
	if err != nil {
		w.t.Fatalf("Apply(%+v): %v", ev, err)
	}
	if diff := cmp.Diff(before, arg); diff != "" {
		w.t.Fatalf("Apply modified its input (-before +after):\n%s", diff)
	}
	w.svc = r.Service

	failedNow := false
	for _, c := range r.Changes {
		if c.DeploymentID == p.ID && c.To.Rollout == model.DeploymentRolloutStateFailed && c.From.Rollout != model.DeploymentRolloutStateFailed {
			failedNow = true
		}
		if c.On == Created {
			w.created[c.DeploymentID] = len(w.created)
		}
		if c.On == SteadyState {
			w.completed[c.DeploymentID] = true
		}
	}
	if failedNow != (expectTrip || alarm) {
		w.t.Fatalf("event %+v: deployment failed %v, reference says %v (failures %d, threshold %d)", ev, failedNow, expectTrip || alarm, w.failed[p.ID], th)
	}
	if failedNow {
		rollback := expectTrip && cb.Rollback || !expectTrip && w.svc.DeploymentConfiguration.Alarms.Rollback
		np := w.primary()
		switch {
		case rollback && target != "" && !w.rollback[p.ID]:
			if r.RolledBackTo != target || np.TaskDefinition != w.taskDefOf[target] || w.svc.TaskDefinition != w.taskDefOf[target] {
				w.t.Fatalf("rollback to %q on %s, want %s on %s", r.RolledBackTo, np.TaskDefinition, target, w.taskDefOf[target])
			}
			w.rollback[np.ID] = true
			w.reopened[target] = true
			w.taskDefOf[np.ID] = np.TaskDefinition
		case rollback:
			if !r.NoRollbackTarget || np.ID != p.ID {
				w.t.Fatalf("expected no rollback target: %+v", r)
			}
		default:
			if np.ID != p.ID || r.NoRollbackTarget {
				w.t.Fatalf("rolled back without rollback configured: %+v", r)
			}
		}
	}
	if ev.Kind == NewDeployment {
		w.taskDefOf[ev.DeploymentID] = ev.TaskDefinition
	}
	return r
}

// input builds the planner's input from the reference tasks, naming them.
func (w *world) input() Input {
	in := Input{ServiceName: "web", DesiredCount: w.svc.DesiredCount, Config: w.cfg, StoppingCountsTowardMaximum: w.stoppingCounts}
	for _, d := range w.svc.Deployments {
		if d.Status == model.DeploymentStatusInactive {
			continue
		}
		if d.Status == model.DeploymentStatusPrimary {
			in.PrimaryFailed = d.RolloutState == model.DeploymentRolloutStateFailed
		}
		in.Deployments = append(in.Deployments, DeploymentTasks{ID: d.ID})
	}
	for _, id := range w.order {
		rt := w.tasks[id]
		i := slices.IndexFunc(in.Deployments, func(d DeploymentTasks) bool { return d.ID == rt.dep })
		if i < 0 {
			// A drained (INACTIVE) deployment keeps only stopping tasks;
			// list it last so they still count when STOPPING counts.
			if rt.st != Stopping {
				w.t.Fatalf("task %s is %s in deployment %s, which is gone", id, rt.st, rt.dep)
			}
			in.Deployments = append(in.Deployments, DeploymentTasks{ID: rt.dep})
			i = len(in.Deployments) - 1
		}
		tk := &in.Deployments[i].Tasks
		switch rt.st {
		case Pending:
			tk.Pending++
			tk.PendingIDs = append(tk.PendingIDs, id)
		case Settling:
			tk.Settling++
			tk.SettlingIDs = append(tk.SettlingIDs, id)
		case Healthy:
			tk.Healthy++
			tk.HealthyIDs = append(tk.HealthyIDs, id)
		case Unhealthy:
			tk.Unhealthy++
			tk.UnhealthyIDs = append(tk.UnhealthyIDs, id)
		case Stopping:
			tk.Stopping++
		}
	}
	return in
}

// move moves one task, through Apply when its deployment still exists.
func (w *world) move(id string, to TaskState, f Failure) {
	rt := w.tasks[id]
	if slices.ContainsFunc(w.svc.Deployments, func(d model.Deployment) bool { return d.ID == rt.dep }) {
		w.apply(Event{Kind: TaskMoved, DeploymentID: rt.dep, From: rt.st, To: to, Failure: f})
	} else if rt.st != Stopping || to != Gone {
		w.t.Fatalf("task %s of a gone deployment moves %s → %s", id, rt.st, to)
	}
	rt.st = to
	if to == Gone {
		delete(w.tasks, id)
		w.order = slices.DeleteFunc(w.order, func(s string) bool { return s == id })
	}
}

func (w *world) healthyAndCounted() (healthy, counted int64) {
	for _, rt := range w.tasks {
		switch rt.st {
		case Healthy:
			healthy++
			counted++
		case Pending, Settling, Unhealthy:
			counted++
		case Stopping:
			if w.stoppingCounts {
				counted++
			}
		}
	}
	return
}

// step plans once and applies the decision. It checks the planner's two
// safety invariants: a step never takes the healthy count below the floor
// when it was at or above it, and a planned start never takes the tasks
// counted toward the ceiling above it. It also checks Plan leaves its
// input unmodified.
func (w *world) step() Decision {
	in := w.input()
	var snapshot Input
	b, _ := json.Marshal(in)
	_ = json.Unmarshal(b, &snapshot)
	d, err := Plan(&in)
	if err != nil {
		w.t.Fatalf("Plan: %v", err)
	}
	if diff := cmp.Diff(snapshot, in); diff != "" {
		w.t.Fatalf("Plan modified its input:\n%s", diff)
	}
	healthyBefore, _ := w.healthyAndCounted()
	for _, s := range d.Stops {
		if len(s.TaskIDs) != int(s.Count) {
			w.t.Fatalf("stop %+v does not name its tasks", s)
		}
		for _, id := range s.TaskIDs {
			rt := w.tasks[id]
			if rt == nil || rt.dep != s.DeploymentID || rt.st != s.State {
				w.t.Fatalf("stop %+v names task %s which is %+v", s, id, rt)
			}
			f := NoFailure
			if s.State == Unhealthy {
				f = FailedHealthCheck // an unhealthy task stopped is a failure
			}
			w.move(id, Stopping, f)
		}
	}
	prim := w.primary().ID
	for range d.Start {
		id := w.addTask(prim, Gone)
		w.move(id, Pending, NoFailure)
	}
	healthyAfter, countedAfter := w.healthyAndCounted()
	if healthyBefore >= d.Bounds.Floor && healthyAfter < d.Bounds.Floor {
		w.t.Fatalf("healthy %d → %d, below the floor %d", healthyBefore, healthyAfter, d.Bounds.Floor)
	}
	if d.Start > 0 && countedAfter > d.Bounds.Ceiling {
		w.t.Fatalf("started %d: %d tasks count toward the ceiling %d", d.Start, countedAfter, d.Bounds.Ceiling)
	}
	return d
}

// tick lets every in-flight task finish its move: pending tasks come up
// healthy, stopping tasks stop.
func (w *world) tick() {
	for _, id := range slices.Clone(w.order) {
		switch w.tasks[id].st {
		case Pending:
			w.move(id, Settling, NoFailure)
			w.move(id, Healthy, NoFailure)
		case Settling:
			w.move(id, Healthy, NoFailure)
		case Stopping:
			w.move(id, Gone, NoFailure)
		}
	}
}

// check holds after every step: Apply's counts are the reference's.
func (w *world) check() {
	want := map[string][2]int32{}
	for _, rt := range w.tasks {
		c := want[rt.dep]
		switch rt.st {
		case Pending:
			c[0]++
		case Settling, Healthy, Unhealthy:
			c[1]++
		}
		want[rt.dep] = c
	}
	var run, pend int32
	for _, d := range w.svc.Deployments {
		if got := [2]int32{d.PendingCount, d.RunningCount}; got != want[d.ID] {
			w.t.Fatalf("deployment %s pending/running %v, reference %v", d.ID, got, want[d.ID])
		}
		if d.Status == model.DeploymentStatusPrimary && d.DesiredCount != w.svc.DesiredCount ||
			d.Status != model.DeploymentStatusPrimary && d.DesiredCount != 0 {
			w.t.Fatalf("deployment %s (%s) desired %d, service %d", d.ID, d.Status, d.DesiredCount, w.svc.DesiredCount)
		}
		if d.Status == model.DeploymentStatusActive && d.PendingCount+d.RunningCount == 0 {
			w.t.Fatalf("deployment %s ACTIVE with no task", d.ID)
		}
		if d.Status == model.DeploymentStatusPrimary && d.RolloutState == model.DeploymentRolloutStateInProgress && int64(d.FailedTasks) != w.failed[d.ID] {
			w.t.Fatalf("deployment %s failedTasks %d, reference %d", d.ID, d.FailedTasks, w.failed[d.ID])
		}
		run += d.RunningCount
		pend += d.PendingCount
	}
	if run != w.svc.RunningCount || pend != w.svc.PendingCount {
		w.t.Fatalf("service running/pending %d/%d, sums %d/%d", w.svc.RunningCount, w.svc.PendingCount, run, pend)
	}
}

// drawSetup draws a configuration, a breaker and an alarm setting.
func drawSetup(t *rapid.T) (Config, *model.DeploymentConfiguration) {
	cfg := Config{
		MinimumHealthyPercent: int32(rapid.IntRange(0, 100).Draw(t, "min")),
		MaximumPercent:        int32(rapid.IntRange(100, 200).Draw(t, "max")),
	}
	dc := &model.DeploymentConfiguration{MinimumHealthyPercent: &cfg.MinimumHealthyPercent, MaximumPercent: &cfg.MaximumPercent}
	if rapid.Bool().Draw(t, "breaker") {
		dc.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, Rollback: rapid.Bool().Draw(t, "rollback")}
		if rapid.Bool().Draw(t, "reset set") {
			dc.DeploymentCircuitBreaker.ResetOnHealthyTask = model.Bool(rapid.Bool().Draw(t, "reset"))
		}
		if rapid.Bool().Draw(t, "threshold set") {
			typ := rapid.SampledFrom(model.ThresholdType("").Values()).Draw(t, "threshold type")
			dc.DeploymentCircuitBreaker.ThresholdConfiguration = &model.ThresholdConfiguration{Type: typ, Value: int32(rapid.IntRange(1, 100).Draw(t, "threshold"))}
		}
	}
	if rapid.Bool().Draw(t, "alarms") {
		dc.Alarms = &model.DeploymentAlarms{Enable: true, Rollback: rapid.Bool().Draw(t, "alarm rollback"), AlarmNames: []string{"5xx"}}
	}
	return cfg, dc
}

func (w *world) pick(t *rapid.T, label string, ok func(*refTask) bool) *refTask {
	var c []string
	for _, id := range w.order {
		if ok(w.tasks[id]) {
			c = append(c, id)
		}
	}
	if len(c) == 0 {
		t.Skip("no task to " + label)
	}
	return w.tasks[rapid.SampledFrom(c).Draw(t, label)]
}

// TestRolloutStateMachine drives random deployments, desired-count changes,
// task start, health, failure and stop events, alarms and deployments that
// supersede running ones through Plan and Apply, checking the planner's
// safety invariants at every planning step (world.step), the breaker and
// rollback against the reference (world.apply), non-mutation of inputs,
// and the counts after every action (world.check).
func TestRolloutStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg, dc := drawSetup(t)
		w := newWorld(t, int32(rapid.IntRange(0, 6).Draw(t, "desired")), cfg, dc, rapid.Bool().Draw(t, "stopping counts"))
		t.Repeat(map[string]func(*rapid.T){
			"plan": func(t *rapid.T) { w.step() },
			"deploy": func(t *rapid.T) {
				w.nextDep++
				w.apply(Event{Kind: NewDeployment, DeploymentID: fmt.Sprintf("ecs-svc/%d", 100+w.nextDep),
					TaskDefinition: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task-definition/web:%d", 10+w.nextDep)})
			},
			"desired": func(t *rapid.T) {
				w.apply(Event{Kind: DesiredCountChanged, DesiredCount: int32(rapid.IntRange(0, 8).Draw(t, "n"))})
			},
			"come up": func(t *rapid.T) {
				rt := w.pick(t, "rising", func(r *refTask) bool { return r.st == Pending || r.st == Settling })
				w.move(rt.id, rt.st+1, NoFailure) // Pending → Settling → Healthy
			},
			"stop": func(t *rapid.T) {
				rt := w.pick(t, "stopping", func(r *refTask) bool { return r.st == Stopping })
				w.move(rt.id, Gone, NoFailure)
			},
			"fail to start": func(t *rapid.T) {
				rt := w.pick(t, "pending", func(r *refTask) bool { return r.st == Pending })
				w.move(rt.id, Gone, FailedToStart)
			},
			"launch failure": func(t *rapid.T) {
				w.apply(Event{Kind: LaunchFailed, DeploymentID: w.primary().ID})
			},
			"turn unhealthy": func(t *rapid.T) {
				rt := w.pick(t, "running", func(r *refTask) bool { return r.st == Settling || r.st == Healthy })
				w.move(rt.id, Unhealthy, NoFailure)
			},
			"recover": func(t *rapid.T) {
				rt := w.pick(t, "unhealthy", func(r *refTask) bool { return r.st == Unhealthy })
				w.move(rt.id, Healthy, NoFailure)
			},
			"alarm": func(t *rapid.T) { w.apply(Event{Kind: AlarmFired, AlarmNames: []string{"5xx"}}) },
			"steady": func(t *rapid.T) {
				in := w.input()
				d, _ := Plan(&in)
				if !d.Steady {
					t.Skip("not steady")
				}
				p := *w.primary()
				w.apply(Event{Kind: SteadyStateReached})
				if p.RolloutState == model.DeploymentRolloutStateInProgress && w.primary().RolloutState != model.DeploymentRolloutStateCompleted {
					t.Fatalf("steady state did not complete %+v", w.primary())
				}
			},
			"": func(t *rapid.T) { w.check() },
		})
	})
}

// roundBound is the number of plan-and-settle rounds within which a
// failure-free rollout with enough capacity must reach steady state.
//
// Derivation. Let b = max(ceiling − desired, desired − floor) ≥ 1, the
// batch the bounds allow. In a round where every task is healthy or gone:
//   - while old tasks exist and the PRIMARY has fewer than desired, either
//     the floor budget (healthy − floor ≥ desired − floor when healthy ≥
//     desired) stops up to b old tasks, or the ceiling room (ceiling −
//     healthy ≥ ceiling − desired when healthy ≤ desired) starts up to b
//     new ones, and the freed room of a stop is used in the same round
//     unless STOPPING counts; so each pair of rounds moves min(b, what is
//     left) tasks from old to new or trims a surplus by as much;
//   - the first round may only trim tasks above the ceiling, and the last
//     one only observes steady state.
//
// Hence rounds ≤ 2·⌈(desired + initial tasks) / b⌉ + 2.
func roundBound(desired int32, cfg Config, initial int) int {
	bd := bounds(int64(desired), cfg)
	b := max(bd.Ceiling-int64(desired), int64(desired)-bd.Floor, 1)
	return int(2*ceilDiv(int64(desired)+int64(initial), b) + 2)
}

// TestDeploymentCompletesWithinBound: with no failures and capacity for
// every start, a deployment superseding any mix of old tasks reaches
// steady state within roundBound rounds, completes, and the old
// deployments are gone (no livelock).
func TestDeploymentCompletesWithinBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		desired := int32(rapid.IntRange(0, 12).Draw(t, "desired"))
		cfg, _ := drawSetup(t)
		if p, _ := CheckProgress(desired, cfg); p.Stuck {
			// Nothing to prove for a configuration that cannot finish;
			// the planner must say so instead.
			cfg = ReplicaDefaults
		}
		w := newWorld(t, desired, cfg, nil, rapid.Bool().Draw(t, "stopping counts"))
		// An unfinished earlier deployment with some tasks in every state.
		w.apply(Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
		for range rapid.IntRange(0, 6).Draw(t, "earlier tasks") {
			id := w.addTask("ecs-svc/2", Gone)
			w.move(id, Pending, NoFailure)
		}
		w.tick()
		w.apply(Event{Kind: NewDeployment, DeploymentID: "ecs-svc/3", TaskDefinition: tdV3})
		if rapid.Bool().Draw(t, "rescale") {
			w.apply(Event{Kind: DesiredCountChanged, DesiredCount: int32(rapid.IntRange(0, 12).Draw(t, "new desired"))})
			if p, _ := CheckProgress(w.svc.DesiredCount, cfg); p.Stuck {
				t.Skip("rescaled to a configuration that cannot finish")
			}
		}
		limit := roundBound(w.svc.DesiredCount, cfg, len(w.tasks))
		for round := 1; ; round++ {
			d := w.step()
			if d.Blocked || d.Halted {
				t.Fatalf("round %d: blocked/halted %+v", round, d)
			}
			if d.Steady {
				w.apply(Event{Kind: SteadyStateReached})
				break
			}
			if round > limit {
				t.Fatalf("not steady after %d rounds (bound %d); last decision %+v", round, limit, d)
			}
			w.tick()
		}
		p := w.primary()
		if p.ID != "ecs-svc/3" || p.RolloutState != model.DeploymentRolloutStateCompleted || p.RunningCount != w.svc.DesiredCount {
			t.Fatalf("after steady state: %+v", p)
		}
		for _, d := range w.svc.Deployments {
			if d.Status == model.DeploymentStatusActive {
				t.Fatalf("deployment %s still ACTIVE", d.ID)
			}
		}
	})
}

// TestRollbackEndsOnPreviousTaskDefinition: a deployment whose tasks fail
// to start trips the breaker after exactly threshold failures, and the
// rollback, once its tasks come up, completes on the task definition of
// the deployment that was COMPLETED before.
func TestRollbackEndsOnPreviousTaskDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		desired := int32(rapid.IntRange(1, 10).Draw(t, "desired"))
		_, dc := drawSetup(t)
		dc.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, Rollback: true}
		dc.Alarms = nil
		cfg := Config{*dc.MinimumHealthyPercent, *dc.MaximumPercent}
		if p, _ := CheckProgress(desired, cfg); p.Stuck {
			cfg = ReplicaDefaults
			dc.MinimumHealthyPercent, dc.MaximumPercent = model.Int32(100), model.Int32(200)
		}
		w := newWorld(t, desired, cfg, dc, false)
		w.apply(Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
		th, _ := Threshold(dc.DeploymentCircuitBreaker, desired)
		for i := int64(1); i <= th; i++ {
			if w.primary().ID != "ecs-svc/2" {
				t.Fatalf("rolled back after %d failures, threshold %d", i-1, th)
			}
			w.apply(Event{Kind: LaunchFailed, DeploymentID: "ecs-svc/2"})
		}
		if w.primary().ID == "ecs-svc/2" {
			t.Fatalf("no rollback after %d failures", th)
		}
		for round := 0; ; round++ {
			d := w.step()
			if d.Steady {
				break
			}
			if round > roundBound(desired, cfg, len(w.tasks)) {
				t.Fatalf("rollback not steady after %d rounds", round)
			}
			w.tick()
		}
		w.apply(Event{Kind: SteadyStateReached})
		p := w.primary()
		if p.TaskDefinition != tdV1 || w.svc.TaskDefinition != tdV1 || p.RolloutState != model.DeploymentRolloutStateCompleted {
			t.Fatalf("after rollback: %+v, service on %s", p, w.svc.TaskDefinition)
		}
	})
}
