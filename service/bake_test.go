package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// alarmsConfig enables deployment alarms on names.
func alarmsConfig(rollback bool, names ...string) *model.DeploymentAlarms {
	return &model.DeploymentAlarms{AlarmNames: names, Enable: true, Rollback: rollback}
}

// The bake a deployment gets: the longest window of the monitored alarms
// (default one minute), or bakeTimeInMinutes when longer.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
func TestBakeTime(t *testing.T) {
	win := func(name string, period time.Duration, n int32) service.Alarm {
		return service.Alarm{Name: name, State: service.AlarmStateOK, Period: period, EvaluationPeriods: n}
	}
	cases := []struct {
		name   string
		dc     *model.DeploymentConfiguration
		alarms []service.Alarm
		want   time.Duration
	}{
		{"no configuration", nil, nil, 0},
		{"no alarms, no bake", &model.DeploymentConfiguration{}, nil, 0},
		{"alarms disabled", &model.DeploymentConfiguration{Alarms: &model.DeploymentAlarms{AlarmNames: []string{"a"}}}, []service.Alarm{win("a", time.Minute, 5)}, 0},
		{"unknown alarm: one minute", &model.DeploymentConfiguration{Alarms: alarmsConfig(false, "a")}, nil, time.Minute},
		{"unknown window: one minute", &model.DeploymentConfiguration{Alarms: alarmsConfig(false, "a")}, []service.Alarm{win("a", 0, 3)}, time.Minute},
		{"period × evaluation periods", &model.DeploymentConfiguration{Alarms: alarmsConfig(false, "a")}, []service.Alarm{win("a", time.Minute, 3)}, 3 * time.Minute},
		{"longest monitored alarm", &model.DeploymentConfiguration{Alarms: alarmsConfig(true, "a", "b")},
			[]service.Alarm{win("a", time.Minute, 3), win("b", 10*time.Second, 30), win("c", time.Hour, 5)}, 5 * time.Minute},
		{"bakeTimeInMinutes alone", &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(2)}, nil, 2 * time.Minute},
		{"bakeTimeInMinutes 0", &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(0)}, nil, 0},
		{"bakeTimeInMinutes longer", &model.DeploymentConfiguration{Alarms: alarmsConfig(false, "a"), BakeTimeInMinutes: model.Int32(5)},
			[]service.Alarm{win("a", time.Minute, 3)}, 5 * time.Minute},
		{"alarm window longer", &model.DeploymentConfiguration{Alarms: alarmsConfig(false, "a"), BakeTimeInMinutes: model.Int32(2)},
			[]service.Alarm{win("a", 5*time.Minute, 2)}, 10 * time.Minute},
	}
	for _, c := range cases {
		if got := service.BakeTime(c.dc, c.alarms); got != c.want {
			t.Errorf("%s: BakeTime = %s, want %s", c.name, got, c.want)
		}
	}
}

// Alarms already in ALARM when the deployment starts are ignored until
// they leave ALARM and enter it again.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
func TestFiredAlarms(t *testing.T) {
	start := t0
	dc := &model.DeploymentConfiguration{Alarms: alarmsConfig(true, "b", "a")}
	at := func(name string, st service.AlarmState, when time.Time) service.Alarm {
		return service.Alarm{Name: name, State: st, StateUpdatedAt: when}
	}
	cases := []struct {
		name   string
		dc     *model.DeploymentConfiguration
		alarms []service.Alarm
		want   []string
	}{
		{"in ALARM since before the start", dc, []service.Alarm{at("a", service.AlarmStateAlarm, start.Add(-time.Second))}, nil},
		{"entered ALARM at the start instant", dc, []service.Alarm{at("a", service.AlarmStateAlarm, start)}, nil},
		{"entered ALARM a second after", dc, []service.Alarm{at("a", service.AlarmStateAlarm, start.Add(time.Second))}, []string{"a"}},
		{"unknown time counts", dc, []service.Alarm{at("a", service.AlarmStateAlarm, time.Time{})}, []string{"a"}},
		{"OK and INSUFFICIENT_DATA do not", dc, []service.Alarm{at("a", service.AlarmStateOK, start.Add(time.Minute)),
			at("b", service.AlarmStateInsufficientData, start.Add(time.Minute))}, nil},
		{"not monitored", dc, []service.Alarm{at("c", service.AlarmStateAlarm, start.Add(time.Minute))}, nil},
		{"configuration order", dc, []service.Alarm{at("a", service.AlarmStateAlarm, start.Add(time.Minute)),
			at("b", service.AlarmStateAlarm, start.Add(time.Minute))}, []string{"b", "a"}},
		{"alarms disabled", &model.DeploymentConfiguration{Alarms: &model.DeploymentAlarms{AlarmNames: []string{"a"}}},
			[]service.Alarm{at("a", service.AlarmStateAlarm, start.Add(time.Minute))}, nil},
	}
	for _, c := range cases {
		if diff := cmp.Diff(c.want, service.FiredAlarms(c.dc, c.alarms, start)); diff != "" {
			t.Errorf("%s: FiredAlarms (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestCheckAlarmsRefusesWhatCloudWatchDoesNotHave(t *testing.T) {
	ok := service.Alarm{Name: "a", State: service.AlarmStateOK, Period: time.Minute, EvaluationPeriods: 3}
	bad := map[string][]service.Alarm{
		"empty name":       {{State: service.AlarmStateOK}},
		"long name":        {{Name: strings.Repeat("x", 256), State: service.AlarmStateOK}},
		"twice":            {ok, ok},
		"unknown state":    {{Name: "a", State: "FIRING"}},
		"empty state":      {{Name: "a"}},
		"negative period":  {{Name: "a", State: service.AlarmStateOK, Period: -time.Second, EvaluationPeriods: 1}},
		"negative count":   {{Name: "a", State: service.AlarmStateOK, Period: time.Second, EvaluationPeriods: -1}},
		"over seven days":  {{Name: "a", State: service.AlarmStateOK, Period: 24 * time.Hour, EvaluationPeriods: 8}},
		"overflowing span": {{Name: "a", State: service.AlarmStateOK, Period: 1 << 62, EvaluationPeriods: 1 << 30}},
	}
	for name, alarms := range bad {
		err := service.CheckAlarms(alarms)
		if ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
			t.Errorf("%s: CheckAlarms = %v, want an InvalidParameterException", name, err)
		}
	}
	// The limits themselves are allowed: a 255-character name
	// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)
	// and a window of exactly seven days.
	if err := service.CheckAlarms([]service.Alarm{ok, {Name: "b", State: service.AlarmStateAlarm, Period: 24 * time.Hour, EvaluationPeriods: 7},
		{Name: strings.Repeat("x", 255), State: service.AlarmStateOK}}); err != nil {
		t.Errorf("valid alarms: %v", err)
	}
}

// deployWeb2 settles web at desired 3 on web:1, sets the deployment
// configuration's bake settings, and starts a deployment of web:2.
func deployWeb2(t tb, alarms *model.DeploymentAlarms, bakeMinutes *int32) *world {
	w := newWorld(threeZones(2, 4096, 8192), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(3)})
	w.settle(t, 10)
	w.svc.DeploymentConfiguration.Alarms = alarms
	w.svc.DeploymentConfiguration.BakeTimeInMinutes = bakeMinutes
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	return w
}

// untilSteady steps (a minute apart) until a step is steady, and returns
// it.
func untilSteady(t *testing.T, w *world) service.Step {
	t.Helper()
	for range 20 {
		if st := w.step(t); st.Steady {
			return st
		}
		w.agent(t)
	}
	t.Fatalf("never steady: %s", w.describe())
	return service.Step{}
}

func completions(st service.Step) int {
	n := 0
	for _, m := range messages(st.Events) {
		if strings.HasSuffix(m, "deployment completed.") {
			n++
		}
	}
	return n
}

// The deployment stays IN_PROGRESS after steady state until exactly
// steady + bake: a step one second before the end does not complete it,
// a step at the end does.
func TestReconcileBakesToTheSecond(t *testing.T) {
	cases := []struct {
		name   string
		alarms *model.DeploymentAlarms
		bake   *int32
		window []service.Alarm
		want   time.Duration
	}{
		{"bakeTimeInMinutes on a rolling deployment", nil, model.Int32(1), nil, time.Minute},
		{"implicit bake of an alarm, window unknown", alarmsConfig(true, "5xx"), nil, nil, time.Minute},
		{"implicit bake: period × evaluation periods", alarmsConfig(false, "5xx"), nil,
			[]service.Alarm{{Name: "5xx", State: service.AlarmStateOK, Period: 90 * time.Second, EvaluationPeriods: 2}}, 3 * time.Minute},
		{"the longer of both", alarmsConfig(true, "5xx"), model.Int32(4),
			[]service.Alarm{{Name: "5xx", State: service.AlarmStateOK, Period: time.Minute, EvaluationPeriods: 2}}, 4 * time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := deployWeb2(t, c.alarms, c.bake)
			w.alarms = c.window
			st := untilSteady(t, w)
			steadyAt := w.now
			id := w.svc.Deployments[0].ID
			if p := w.svc.Deployments[0]; p.RolloutState != model.DeploymentRolloutStateInProgress {
				t.Fatalf("steady step: PRIMARY %s, want IN_PROGRESS during the bake", p.RolloutState)
			}
			if want := steadyAt.Add(c.want); !st.BakeUntil.Equal(want) {
				t.Fatalf("BakeUntil = %s, want steady %s + %s", st.BakeUntil, steadyAt, c.want)
			}
			if ms := messages(st.Events); len(ms) == 0 || ms[0] != "(service web) has reached a steady state." {
				t.Fatalf("steady step events %q, want the steady-state event that dates the bake", ms)
			}
			w.now = steadyAt.Add(c.want - time.Second)
			st = w.step(t)
			if p := w.svc.Deployments[0]; p.RolloutState != model.DeploymentRolloutStateInProgress || completions(st) != 0 || !st.BakeUntil.Equal(steadyAt.Add(c.want)) {
				t.Fatalf("one second before the bake ends: %s, %d completions, BakeUntil %s", p.RolloutState, completions(st), st.BakeUntil)
			}
			if st.Changed(&w.svc) {
				t.Fatalf("a baking step with nothing to do changed the service: %+v", messages(st.Events))
			}
			w.now = steadyAt.Add(c.want)
			st = w.step(t)
			p := w.svc.Deployments[0]
			if p.ID != id || p.RolloutState != model.DeploymentRolloutStateCompleted || completions(st) != 1 || !st.BakeUntil.IsZero() {
				t.Fatalf("at steady + bake: %s %s, %d completions, BakeUntil %s", p.ID, p.RolloutState, completions(st), st.BakeUntil)
			}
			if !p.UpdatedAt.Equal(w.now) {
				t.Fatalf("completed at %s, want %s", p.UpdatedAt, w.now)
			}
		})
	}
}

// With no bake (no alarms, no bakeTimeInMinutes) a deployment completes
// in its first steady step, as before.
func TestReconcileNoBakeCompletesAtSteadyState(t *testing.T) {
	w := deployWeb2(t, nil, nil)
	st := untilSteady(t, w)
	if p := w.svc.Deployments[0]; p.RolloutState != model.DeploymentRolloutStateCompleted || completions(st) != 1 || !st.BakeUntil.IsZero() {
		t.Fatalf("first steady step: %s, %d completions, BakeUntil %s", p.RolloutState, completions(st), st.BakeUntil)
	}
}

// An alarm entering ALARM during the rollout or the bake fails the
// deployment, rolling back when alarms.rollback is on; an alarm in ALARM
// since before the deployment does not, until it leaves and re-enters.
func TestReconcileAlarmFailsDeployment(t *testing.T) {
	cases := []struct {
		name     string
		rollback bool
		// when: "rollout" (first step after the update) or "bake".
		when string
		// before: the alarm was in ALARM before the deployment started.
		before bool
		failed bool
	}{
		{"rollout, rollback", true, "rollout", false, true},
		{"rollout, no rollback", false, "rollout", false, true},
		{"bake, rollback", true, "bake", false, true},
		{"bake, no rollback", false, "bake", false, true},
		{"already in ALARM", true, "rollout", true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := deployWeb2(t, alarmsConfig(c.rollback, "5xx"), nil)
			failing := w.svc.Deployments[0].ID
			w.alarms = []service.Alarm{{Name: "5xx", State: service.AlarmStateOK}}
			if c.before {
				w.alarms[0] = service.Alarm{Name: "5xx", State: service.AlarmStateAlarm, StateUpdatedAt: w.now.Add(-time.Minute)}
			}
			if c.when == "rollout" { // the new tasks are on their way
				w.step(t)
				w.agent(t)
			}
			if c.when == "bake" {
				st := untilSteady(t, w)
				if st.BakeUntil.IsZero() {
					t.Fatalf("not baking")
				}
				w.now = w.now.Add(30 * time.Second)
			}
			if !c.before {
				w.now = w.now.Add(time.Second) // after the deployment's createdAt
				w.alarms[0] = service.Alarm{Name: "5xx", State: service.AlarmStateAlarm, StateUpdatedAt: w.now}
				w.now = w.now.Add(time.Second)
			}
			st := w.step(t)
			d := find(w.svc.Deployments, failing)
			if !c.failed {
				if st.Blocked == service.BlockedByAlarm || d.RolloutState == model.DeploymentRolloutStateFailed {
					t.Fatalf("an alarm in ALARM since before the deployment failed it: %s", w.describe())
				}
				w.settle(t, 20) // completes after its bake
				// It leaves ALARM and enters it again: the next
				// deployment fails.
				w.alarms[0] = service.Alarm{Name: "5xx", State: service.AlarmStateOK, StateUpdatedAt: w.now}
				w.tds = append(w.tds, taskDef("web", 3, 256))
				w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:3"})
				w.step(t)
				w.agent(t)
				w.alarms[0] = service.Alarm{Name: "5xx", State: service.AlarmStateAlarm, StateUpdatedAt: w.now}
				w.now = w.now.Add(time.Second)
				failing = w.svc.Deployments[0].ID
				st = w.step(t)
				d = find(w.svc.Deployments, failing)
			}
			if st.Blocked != service.BlockedByAlarm || d == nil || d.RolloutState != model.DeploymentRolloutStateFailed {
				t.Fatalf("blocked %q, deployment %+v; want FAILED by the alarm: %s", st.Blocked, d, w.describe())
			}
			if !strings.Contains(d.RolloutStateReason, "5xx") {
				t.Fatalf("rolloutStateReason %q does not name the alarm", d.RolloutStateReason)
			}
			p := w.svc.Deployments[0]
			if c.rollback {
				if p.ID == failing || p.RolloutState != model.DeploymentRolloutStateInProgress || p.TaskDefinition == d.TaskDefinition {
					t.Fatalf("no rollback: %s", w.describe())
				}
				// The rollback is not failed by the alarm that started it
				// (still in ALARM), and completes after its own bake.
				w.settle(t, 20)
				if got := w.svc.Deployments[0]; got.ID != p.ID || got.RolloutState != model.DeploymentRolloutStateCompleted {
					t.Fatalf("rollback did not complete: %s", w.describe())
				}
				return
			}
			if p.ID != failing {
				t.Fatalf("rolled back without alarms.rollback: %s", w.describe())
			}
			w.agent(t)
			st = w.step(t)
			if st.Blocked != service.BlockedByAlarm || len(st.Start) > 0 || st.BlockedReason != d.RolloutStateReason {
				t.Fatalf("FAILED by an alarm: blocked %q (%q), %d starts", st.Blocked, st.BlockedReason, len(st.Start))
			}
		})
	}
}

// A DAEMON service honours bakes and alarms the same way: its deployment
// completes through the same steady-state step, and an alarm fails it.
func TestReconcileDaemonBakes(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 0, 100)
	w.svc.SchedulingStrategy = model.SchedulingStrategyDaemon
	w.svc.DeploymentConfiguration.BakeTimeInMinutes = model.Int32(2)
	w.svc.Deployments[0].RolloutState = model.DeploymentRolloutStateInProgress
	w.svc.Deployments[0].CreatedAt = model.At(w.now)
	w.checkBounds = false
	var st service.Step
	for range 10 {
		if st = w.step(t); st.Steady {
			break
		}
		w.agent(t)
	}
	if !st.Steady || st.BakeUntil.IsZero() || w.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress {
		t.Fatalf("daemon steady step: steady %v BakeUntil %s: %s", st.Steady, st.BakeUntil, w.describe())
	}
	end := st.BakeUntil
	// A what-if on a copy: an alarm entering ALARM during the bake fails
	// the daemon's deployment.
	alarmed := *w
	alarmed.svc.DeploymentConfiguration = &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(0), MaximumPercent: model.Int32(100),
		BakeTimeInMinutes: model.Int32(2), Alarms: alarmsConfig(false, "5xx")}
	alarmed.alarms = []service.Alarm{{Name: "5xx", State: service.AlarmStateAlarm, StateUpdatedAt: w.now}}
	alarmed.now = w.now.Add(time.Second)
	if st := alarmed.step(t); st.Blocked != service.BlockedByAlarm || alarmed.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateFailed {
		t.Fatalf("daemon with an alarm in ALARM: blocked %q: %s", st.Blocked, alarmed.describe())
	}
	w.now = end
	w.step(t)
	if w.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted {
		t.Fatalf("daemon at the bake's end: %s", w.describe())
	}
}

// Random alarm flips and step times never let a deployment complete
// before it has been steady for its whole bake, and an alarm the scheduler
// sees entering ALARM during the deployment always fails it (rolling back
// when rollback is on and a COMPLETED deployment exists).
func TestBakeProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		names := []string{"a", "b"}
		n := rapid.IntRange(0, 2).Draw(rt, "alarms")
		var al *model.DeploymentAlarms
		if n > 0 {
			al = alarmsConfig(rapid.Bool().Draw(rt, "rollback"), names[:n]...)
		}
		var bake *int32
		if rapid.Bool().Draw(rt, "hasBake") {
			bake = model.Int32(rapid.Int32Range(0, 3).Draw(rt, "bakeMinutes"))
		}
		w := deployWeb2(rt, al, bake)
		for _, name := range names {
			w.alarms = append(w.alarms, service.Alarm{Name: name, State: service.AlarmStateOK,
				Period:            time.Duration(rapid.IntRange(0, 4).Draw(rt, "period"+name)) * 30 * time.Second,
				EvaluationPeriods: rapid.Int32Range(0, 3).Draw(rt, "evals"+name)})
		}
		wantBake := service.BakeTime(w.svc.DeploymentConfiguration, w.alarms)
		var steadySince time.Time // start of the current run of steady steps
		for i := range 40 {
			if rapid.IntRange(0, 4).Draw(rt, fmt.Sprint("flip", i)) == 0 {
				k := rapid.IntRange(0, len(names)-1).Draw(rt, fmt.Sprint("which", i))
				st := rapid.SampledFrom([]service.AlarmState{service.AlarmStateOK, service.AlarmStateAlarm, service.AlarmStateInsufficientData}).Draw(rt, fmt.Sprint("state", i))
				if w.alarms[k].State != st {
					w.alarms[k].State, w.alarms[k].StateUpdatedAt = st, w.now
					w.now = w.now.Add(time.Second)
				}
			}
			before := w.svc
			p := before.Deployments[0]
			inProgress := p.Status == model.DeploymentStatusPrimary && p.RolloutState == model.DeploymentRolloutStateInProgress
			fires := false
			if inProgress && al != nil {
				for _, a := range w.alarms {
					monitored := a.Name == "a" || a.Name == "b" && n == 2
					if monitored && a.State == service.AlarmStateAlarm && a.StateUpdatedAt.After(p.CreatedAt.Time) {
						fires = true
					}
				}
			}
			st := w.step(rt)
			after := find(w.svc.Deployments, p.ID)
			if fires {
				if after == nil || after.RolloutState != model.DeploymentRolloutStateFailed || st.Blocked != service.BlockedByAlarm {
					rt.Fatalf("step %d: a monitored alarm entered ALARM during deployment %s and did not fail it: %s", i, p.ID, w.describe())
				}
				hasTarget := false
				for _, d := range before.Deployments {
					if d.ID != p.ID && d.RolloutState == model.DeploymentRolloutStateCompleted {
						hasTarget = true
					}
				}
				_, wasRollback := deployment.RollbackOf(&p)
				if rolled := w.svc.Deployments[0].ID != p.ID; rolled != (al.Rollback && hasTarget && !wasRollback) {
					rt.Fatalf("step %d: rolled back %v with rollback %v, target %v: %s", i, rolled, al.Rollback, hasTarget, w.describe())
				}
			}
			if st.Steady {
				if steadySince.IsZero() {
					steadySince = w.now
				}
			} else {
				steadySince = time.Time{}
			}
			if inProgress && after != nil && after.RolloutState == model.DeploymentRolloutStateCompleted {
				if steadySince.IsZero() || w.now.Before(steadySince.Add(wantBake)) {
					rt.Fatalf("step %d at %s: deployment %s completed, steady since %s, bake %s", i, w.now, p.ID, steadySince, wantBake)
				}
			}
			if !st.BakeUntil.IsZero() && !st.BakeUntil.Equal(steadySince.Add(wantBake)) {
				rt.Fatalf("step %d: BakeUntil %s, want steady since %s + %s", i, st.BakeUntil, steadySince, wantBake)
			}
			if rapid.Bool().Draw(rt, fmt.Sprint("agent", i)) {
				w.agent(rt)
			} else {
				w.now = w.now.Add(time.Duration(rapid.IntRange(1, 45).Draw(rt, fmt.Sprint("wait", i))) * time.Second)
			}
		}
	})
}

// FuzzReconcileAlarms feeds arbitrary alarm input to a baking service:
// Reconcile never panics, and refuses bad alarms with an ECS error.
func FuzzReconcileAlarms(f *testing.F) {
	f.Add("5xx", "ALARM", int64(60), int32(3), int64(30), true, int32(1))
	f.Add("", "OK", int64(-1), int32(-1), int64(0), false, int32(0))
	f.Add("5xx", "FIRING", int64(1<<62), int32(1<<30), int64(-1<<40), true, int32(1440))
	f.Add("x", "INSUFFICIENT_DATA", int64(0), int32(0), int64(1), false, int32(-5))
	f.Fuzz(func(t *testing.T, name, state string, periodSeconds int64, evals int32, sinceSeconds int64, rollback bool, bake int32) {
		w := deployWeb2(t, alarmsConfig(rollback, "5xx", name), &bake)
		w.checkBounds = false
		w.alarms = []service.Alarm{{Name: name, State: service.AlarmState(state), Period: time.Duration(periodSeconds) * time.Second,
			EvaluationPeriods: evals, StateUpdatedAt: w.now.Add(time.Duration(sinceSeconds) * time.Second)}}
		for range 3 {
			st, err := service.Reconcile(w.input(), w.now)
			if err != nil {
				var e *ecserrors.Error
				if !errors.As(err, &e) {
					t.Fatalf("untyped error %T %v", err, err)
				}
				return
			}
			if b := service.BakeTime(w.svc.DeploymentConfiguration, w.alarms); b < 0 {
				t.Fatalf("negative bake %s", b)
			}
			if !st.BakeUntil.IsZero() && !st.BakeUntil.After(w.now) {
				t.Fatalf("BakeUntil %s not after now %s", st.BakeUntil, w.now)
			}
			insts, tasks, err := service.ApplyStep(w.insts, w.tasks, w.tds, &st, w.now)
			if err != nil {
				t.Fatalf("apply: %v", err)
			}
			w.insts, w.tasks, w.svc = insts, tasks, st.Service
			w.agent(t)
		}
	})
}

// BenchmarkReconcileBake5000 is one step of a steady 5,000-task service
// whose deployment is baking (two monitored alarms, OK), beside the same
// step with no alarms and no bake (the baseline).
func BenchmarkReconcileBake5000(b *testing.B) {
	for _, c := range []struct {
		name string
		bake bool
	}{{"noAlarms", false}, {"baking", true}} {
		b.Run(c.name, func(b *testing.B) {
			w := bigWorld(100, 200)
			p := &w.svc.Deployments[0]
			p.RolloutState, p.CreatedAt = model.DeploymentRolloutStateInProgress, model.At(t0.Add(-2*time.Hour))
			if c.bake {
				w.svc.DeploymentConfiguration.Alarms = alarmsConfig(true, "5xx", "latency")
				w.svc.DeploymentConfiguration.BakeTimeInMinutes = model.Int32(10)
				w.alarms = []service.Alarm{{Name: "5xx", State: service.AlarmStateOK, Period: time.Minute, EvaluationPeriods: 5},
					{Name: "latency", State: service.AlarmStateOK}}
				w.svc.Events = []model.ServiceEvent{{ID: "e", CreatedAt: model.At(w.now.Add(-time.Minute)), Message: "(service web) has reached a steady state."}}
			}
			in := w.input()
			for b.Loop() {
				st, err := service.Reconcile(in, w.now)
				if err != nil || len(st.Start)+len(st.Stop) != 0 || st.BakeUntil.IsZero() != !c.bake {
					b.Fatalf("%v %d %d bake until %s", err, len(st.Start), len(st.Stop), st.BakeUntil)
				}
			}
		})
	}
}

// A deployment that changes no task (desired count 0) is steady at once:
// the steady-state event that dates its bake is written even though an
// older one would otherwise hold it back (RepeatInterval).
func TestReconcileBakeWithoutTaskChanges(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 200)
	w.settle(t, 3)
	w.now = w.now.Add(time.Minute)
	w.step(t) // the service's steady-state event, before the deployment
	w.now = w.now.Add(time.Minute)
	w.svc.DeploymentConfiguration.BakeTimeInMinutes = model.Int32(1)
	w.update(t, model.UpdateServiceRequest{ForceNewDeployment: new(true)})
	w.now = w.now.Add(time.Second)
	start := w.now
	st := w.step(t)
	if !st.Steady || !st.BakeUntil.Equal(start.Add(time.Minute)) || len(st.Events) != 1 || !strings.HasSuffix(st.Events[0].Message, "has reached a steady state.") {
		t.Fatalf("first step: steady %v, BakeUntil %s, events %q", st.Steady, st.BakeUntil, messages(st.Events))
	}
	w.now = start.Add(59 * time.Second)
	if st = w.step(t); w.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress {
		t.Fatalf("completed a second early: %s", w.describe())
	}
	w.now = start.Add(time.Minute)
	if st = w.step(t); w.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted || completions(st) != 1 {
		t.Fatalf("not completed at the bake's end: %s", w.describe())
	}
}
