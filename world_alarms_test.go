package ecsstate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
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

// alarmFixture runs service "s" at 3 tasks of web:1 and updates it to
// web:2 with alarm 5xx (window period × evaluations) monitored, rollback
// as given. It returns the update's deployment ID.
func alarmFixture(t testing.TB, period time.Duration, evals int32, rollback bool) (*fixture, string) {
	t.Helper()
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 3*time.Minute)
	if err := f.w.SetAlarmWindow("5xx", period, evals); err != nil {
		t.Fatal(err)
	}
	if err := f.w.SetAlarmState("5xx", service.AlarmStateOK, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f.taskDef(t, "web", 256, 512, 0) // web:2
	r := ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{Alarms: &model.DeploymentAlarms{AlarmNames: []string{"5xx"}, Enable: true, Rollback: rollback}}}))(t)
	return f, r.Service.Deployments[0].ID
}

// baking reports whether service s is steady on one IN_PROGRESS
// deployment, as DescribeServices shows it, its steady-state event written
// since that deployment was created.
func baking(t testing.TB, f *fixture) bool {
	s := f.describeService(t, "s")
	return len(s.Deployments) == 1 && s.Deployments[0].RolloutState == model.DeploymentRolloutStateInProgress &&
		s.RunningCount == s.DesiredCount && s.PendingCount == 0 && !steadyEventAt(t, f).Before(s.Deployments[0].CreatedAt.Time)
}

// steadyEventAt is the time of the newest "has reached a steady state."
// event of service s (zero when there is none).
func steadyEventAt(t testing.TB, f *fixture) time.Time {
	for _, e := range f.describeService(t, "s").Events {
		if strings.HasSuffix(e.Message, "has reached a steady state.") {
			return e.CreatedAt.Time
		}
	}
	return time.Time{}
}

// The world's rolling deployment bakes for the alarm window (1 min × 2)
// after the steady-state event and completes at the first scheduler run
// at or after its end.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
func TestWorldBakesAfterSteadyState(t *testing.T) {
	f, id := alarmFixture(t, time.Minute, 2, true)
	if got := ok(f.w.RunUntil(func(*World) bool { return baking(t, f) }, time.Hour))(t); !got {
		t.Fatal("never steady")
	}
	steadyAt := steadyEventAt(t, f)
	done := ok(f.w.RunUntil(func(*World) bool {
		return f.describeService(t, "s").Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted
	}, time.Hour))(t)
	p := f.describeService(t, "s").Deployments[0]
	if !done || p.ID != id {
		t.Fatalf("deployment %s did not complete: %+v", id, p)
	}
	end := steadyAt.Add(2 * time.Minute)
	if p.UpdatedAt.Before(end) || !p.UpdatedAt.Before(end.Add(15*time.Second)) {
		t.Fatalf("completed at %s; steady at %s, bake 2m: want the first run in [%s, +15s)", p.UpdatedAt, steadyAt, end)
	}
	sd := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"}))(t)
	d := sdOf(t, f.w, sd.ServiceDeployments[0].ServiceDeploymentARN)
	if d.Alarms == nil || d.Alarms.Status != model.MonitorMonitoringComplete || !slices.Equal(d.Alarms.AlarmNames, []string{"5xx"}) || len(d.Alarms.TriggeredAlarmNames) != 0 {
		t.Fatalf("service deployment alarms %+v", d.Alarms)
	}
}

// An alarm entering ALARM during the bake fails the deployment at the
// next scheduler run and rolls it back; the service deployment reports
// the alarm TRIGGERED and names it.
func TestWorldAlarmInBakeRollsBack(t *testing.T) {
	for _, rollback := range []bool{true, false} {
		f, id := alarmFixture(t, time.Minute, 5, rollback)
		if got := ok(f.w.RunUntil(func(*World) bool { return baking(t, f) }, time.Hour))(t); !got {
			t.Fatal("never steady")
		}
		f.advance(t, time.Minute)
		if err := f.w.SetAlarmState("5xx", service.AlarmStateAlarm, time.Time{}); err != nil {
			t.Fatal(err)
		}
		f.advance(t, 15*time.Second)
		s := f.describeService(t, "s")
		i := slices.IndexFunc(s.Deployments, func(d model.Deployment) bool { return d.ID == id })
		if i < 0 || s.Deployments[i].RolloutState != model.DeploymentRolloutStateFailed || !strings.Contains(s.Deployments[i].RolloutStateReason, "5xx") {
			t.Fatalf("rollback %v: deployment %s not FAILED by 5xx: %+v", rollback, id, s.Deployments)
		}
		if rolled := s.Deployments[0].ID != id; rolled != rollback || rollback && !strings.HasSuffix(s.Deployments[0].TaskDefinition, "/web:1") {
			t.Fatalf("rollback %v: PRIMARY %+v", rollback, s.Deployments[0])
		}
		l := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"}))(t)
		var sd model.ServiceDeployment
		for _, x := range l.ServiceDeployments {
			if d := sdOf(t, f.w, x.ServiceDeploymentARN); d.StartedAt.Equal(s.Deployments[i].CreatedAt.Time) {
				sd = d
			}
		}
		want := &model.ServiceDeploymentAlarms{Status: model.MonitorTriggered, AlarmNames: []string{"5xx"}, TriggeredAlarmNames: []string{"5xx"}}
		if diff := cmp.Diff(want, sd.Alarms); diff != "" {
			t.Fatalf("rollback %v: service deployment alarms (-want +got):\n%s", rollback, diff)
		}
		if rollback { // the rollback ignores the alarm still in ALARM and completes
			if !ok(f.w.RunUntil(func(*World) bool {
				return f.describeService(t, "s").Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted
			}, time.Hour))(t) {
				t.Fatalf("rollback did not complete: %+v", f.describeService(t, "s").Deployments)
			}
		}
	}
}

func TestWorldSetAlarmStateChecks(t *testing.T) {
	f := newFixture(t, 1)
	w := f.w
	wantCode(t, w.SetAlarmState("", service.AlarmStateOK, time.Time{}), ecserrors.CodeInvalidParameter)
	wantCode(t, w.SetAlarmState("a", "FIRING", time.Time{}), ecserrors.CodeInvalidParameter)
	wantCode(t, w.SetAlarmState("a", service.AlarmStateAlarm, w.Now().Add(time.Second)), ecserrors.CodeInvalidParameter)
	wantCode(t, w.SetAlarmWindow("a", -time.Second, 1), ecserrors.CodeInvalidParameter)
	wantCode(t, w.SetAlarmWindow("a", 24*time.Hour, 8), ecserrors.CodeInvalidParameter)
	if len(w.Alarms()) != 0 {
		t.Fatalf("refused calls created alarms: %+v", w.Alarms())
	}
	t1 := w.Now()
	if err := w.SetAlarmState("b", service.AlarmStateAlarm, t1.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.advance(t, time.Minute)
	if err := w.SetAlarmState("b", service.AlarmStateAlarm, time.Time{}); err != nil { // unchanged: keeps its time
		t.Fatal(err)
	}
	wantCode(t, w.SetAlarmState("b", service.AlarmStateOK, t1.Add(-2*time.Minute)), ecserrors.CodeInvalidParameter)
	if err := w.SetAlarmWindow("a", time.Minute, 3); err != nil {
		t.Fatal(err)
	}
	want := []service.Alarm{
		{Name: "a", State: service.AlarmStateInsufficientData, StateUpdatedAt: w.Now(), Period: time.Minute, EvaluationPeriods: 3},
		{Name: "b", State: service.AlarmStateAlarm, StateUpdatedAt: t1.Add(-time.Minute)},
	}
	if diff := cmp.Diff(want, w.Alarms()); diff != "" {
		t.Fatalf("Alarms (-want +got):\n%s", diff)
	}
	c := w.Clone()
	if err := c.SetAlarmState("a", service.AlarmStateOK, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if w.Alarms()[0].State != service.AlarmStateInsufficientData {
		t.Fatal("a clone's alarm change reached the original")
	}
}

// BLUE_GREEN deployments do not react to alarms in the world yet:
// SetAlarmState refuses rather than let the alarm go unheeded.
func TestWorldSetAlarmStateRefusesTrafficShifting(t *testing.T) {
	dc := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(5),
		Alarms: &model.DeploymentAlarms{AlarmNames: []string{"5xx"}, Enable: true, Rollback: false}}
	f, _ := bgFixture(t, 2, dc)
	wantCode(t, f.w.SetAlarmState("5xx", service.AlarmStateAlarm, time.Time{}), ecserrors.CodeUnsupportedFeature)
	if err := f.w.SetAlarmState("other", service.AlarmStateAlarm, time.Time{}); err != nil {
		t.Fatalf("an alarm the deployment does not monitor: %v", err)
	}
	if err := f.w.SetAlarmState("5xx", service.AlarmStateOK, time.Time{}); err != nil {
		t.Fatalf("OK is harmless: %v", err)
	}
}

// Predict runs through the bake: the deployment completes at BakeUntil,
// the alarm window after steady state.
func TestPredictReportsBake(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 3*time.Minute)
	if err := f.w.SetAlarmWindow("5xx", time.Minute, 3); err != nil {
		t.Fatal(err)
	}
	f.taskDef(t, "web", 256, 512, 0)
	p := ok(f.w.Predict(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{Alarms: &model.DeploymentAlarms{AlarmNames: []string{"5xx"}, Enable: true}}}, time.Hour))(t)
	if !p.Completed || p.Stuck != nil || !p.Steady || !p.BakeUntil.Equal(p.SteadyAt.Add(3*time.Minute)) || p.End.Before(p.BakeUntil) {
		t.Fatalf("prediction: completed %v stuck %+v steady at %s bake until %s end %s", p.Completed, p.Stuck, p.SteadyAt, p.BakeUntil, p.End)
	}
	q := ok(f.w.Predict(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2"}, time.Hour))(t)
	if !q.Completed || !q.BakeUntil.IsZero() || !q.End.Before(p.End) {
		t.Fatalf("no bake: completed %v bake until %s end %s (with bake %s)", q.Completed, q.BakeUntil, q.End, p.End)
	}
}

// POST /_ecsstate/alarm sets an alarm's window and state.
func TestHandlerControlAlarm(t *testing.T) {
	w := endpointWorld(t)
	h := NewHandler(w, HandlerOptions{})
	decodeState(t, control(h, "POST", "/_ecsstate/alarm?name=5xx&period=60s&evaluationPeriods=3&state=ALARM"))
	want := []service.Alarm{{Name: "5xx", State: service.AlarmStateAlarm, StateUpdatedAt: w.Now(), Period: time.Minute, EvaluationPeriods: 3}}
	if diff := cmp.Diff(want, h.world.Alarms()); diff != "" {
		t.Fatalf("Alarms (-want +got):\n%s", diff)
	}
	for _, path := range []string{"/_ecsstate/alarm", "/_ecsstate/alarm?name=x", "/_ecsstate/alarm?name=x&state=RED",
		"/_ecsstate/alarm?name=x&period=soon", "/_ecsstate/alarm?name=x&evaluationPeriods=1e9", "/_ecsstate/alarm?name=x&period=-1s"} {
		rec := control(h, "POST", path)
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), string(ecserrors.CodeInvalidParameter)) {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
	if rec := control(h, "GET", "/_ecsstate/alarm?name=x&state=OK"); rec.Code != 405 {
		t.Errorf("GET: %d", rec.Code)
	}
}

// FuzzSetAlarm: any name, state and time either sets the alarm (Alarms
// then shows it) or fails with an ECS error, leaving the alarms as they
// were.
func FuzzSetAlarm(f *testing.F) {
	f.Add("5xx", "ALARM", int64(0), int64(60), int32(3))
	f.Add("", "OK", int64(-1), int64(-1), int32(-1))
	f.Add(strings.Repeat("x", 300), "INSUFFICIENT_DATA", int64(1), int64(1<<40), int32(1<<30))
	base := newFixture(f, 1).w
	f.Fuzz(func(t *testing.T, name, state string, offsetSeconds, periodSeconds int64, evals int32) {
		w := base.Clone()
		before := w.Alarms()
		at := w.Now().Add(time.Duration(offsetSeconds) * time.Second)
		typed := func(err error) {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			if diff := cmp.Diff(before, w.Alarms()); diff != "" {
				t.Fatalf("a refused call changed the alarms:\n%s", diff)
			}
		}
		if err := w.SetAlarmWindow(name, time.Duration(periodSeconds)*time.Second, evals); err != nil {
			typed(err)
		}
		before = w.Alarms()
		if err := w.SetAlarmState(name, service.AlarmState(state), at); err != nil {
			typed(err)
			return
		}
		got := w.Alarms()
		i := slices.IndexFunc(got, func(a service.Alarm) bool { return a.Name == name })
		if i < 0 || got[i].State != service.AlarmState(state) || got[i].StateUpdatedAt.After(w.Now()) {
			t.Fatalf("alarm %q after SetAlarmState(%q): %+v", name, state, got)
		}
	})
}

// FuzzControlAlarm sends arbitrary queries to POST /_ecsstate/alarm: the
// answer is 200 with the control state or a 4xx ECS error body.
func FuzzControlAlarm(f *testing.F) {
	f.Add("name=5xx&state=ALARM")
	f.Add("name=5xx&period=60s&evaluationPeriods=3")
	f.Add("name=&state=OK")
	f.Add("name=x&period=9999999h&evaluationPeriods=99")
	f.Add("%zz")
	base := endpointWorld(f)
	f.Fuzz(func(t *testing.T, query string) {
		h := NewHandler(base.Clone(), HandlerOptions{})
		rec := control(h, "POST", "/_ecsstate/alarm?"+url.PathEscape(query))
		if rec.Code == 200 {
			var s map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil || s["now"] == nil {
				t.Fatalf("200 with %q", rec.Body)
			}
			return
		}
		var e struct {
			Type *string `json:"__type"`
		}
		if rec.Code < 400 || rec.Code >= 500 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Type == nil {
			t.Fatalf("%q: %d %s", query, rec.Code, rec.Body)
		}
	})
}

// Random alarm flips and waits in the world: the deployment never
// completes before its steady-state event plus the bake, and an alarm
// entering ALARM while it is IN_PROGRESS fails it at the next scheduler
// run, rolling back when rollback is on.
func TestWorldAlarmProperty(t *testing.T) {
	rapid.Check(t, func(r *rapid.T) {
		rt := rapidTB{t, r}
		period := time.Duration(rapid.IntRange(0, 4).Draw(r, "period")) * 30 * time.Second
		evals := rapid.Int32Range(0, 3).Draw(r, "evals")
		rollback := rapid.Bool().Draw(r, "rollback")
		f, id := alarmFixture(rt, period, evals, rollback)
		bake := service.Alarm{Period: period, EvaluationPeriods: evals}.Window()
		state := service.AlarmStateOK
		for i := range 30 {
			dep := func() *model.Deployment {
				s := f.describeService(rt, "s")
				if k := slices.IndexFunc(s.Deployments, func(d model.Deployment) bool { return d.ID == id }); k >= 0 {
					return &s.Deployments[k]
				}
				return nil
			}
			d := dep()
			if d == nil || d.RolloutState != model.DeploymentRolloutStateInProgress {
				return
			}
			if rapid.IntRange(0, 3).Draw(r, fmt.Sprint("flip", i)) == 0 {
				next := rapid.SampledFrom([]service.AlarmState{service.AlarmStateOK, service.AlarmStateAlarm, service.AlarmStateInsufficientData}).Draw(r, fmt.Sprint("state", i))
				f.advance(rt, time.Second) // after the deployment's createdAt
				if err := f.w.SetAlarmState("5xx", next, time.Time{}); err != nil {
					rt.Fatal(err)
				}
				entered := next == service.AlarmStateAlarm && state != service.AlarmStateAlarm
				state = next
				if entered {
					f.advance(rt, 15*time.Second) // one scheduler run
					// Failed; dropped when a rollback left it with no task.
					if d := dep(); d == nil && !rollback || d != nil && d.RolloutState != model.DeploymentRolloutStateFailed {
						rt.Fatalf("step %d: alarm entered ALARM, deployment %+v", i, d)
					}
					if p := f.describeService(rt, "s").Deployments[0]; (p.ID != id) != rollback {
						rt.Fatalf("step %d: rollback %v, PRIMARY %s", i, rollback, p.ID)
					}
					return
				}
			} else {
				f.advance(rt, time.Duration(rapid.IntRange(1, 60).Draw(r, fmt.Sprint("wait", i)))*time.Second)
			}
			if d := dep(); d != nil && d.RolloutState == model.DeploymentRolloutStateCompleted {
				if steady := steadyEventAt(rt, f); d.UpdatedAt.Before(steady.Add(bake)) {
					rt.Fatalf("step %d: completed at %s, steady at %s, bake %s", i, d.UpdatedAt, steady, bake)
				}
			}
		}
	})
}

// bakeTimeInMinutes on a rolling update, set through UpdateService: the
// deployment completes at the first scheduler run at or after its
// steady-state event plus two minutes.
func TestWorldRollingBakeTimeInMinutes(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 3*time.Minute)
	f.taskDef(t, "web", 256, 512, 0)
	r := ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(2)}}))(t)
	id := r.Service.Deployments[0].ID
	if !ok(f.w.RunUntil(func(*World) bool { return baking(t, f) }, time.Hour))(t) {
		t.Fatal("never steady")
	}
	steadyAt := steadyEventAt(t, f)
	if !ok(f.w.RunUntil(func(*World) bool {
		return f.describeService(t, "s").Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted
	}, time.Hour))(t) {
		t.Fatal("never completed")
	}
	p := f.describeService(t, "s").Deployments[0]
	if end := steadyAt.Add(2 * time.Minute); p.ID != id || p.UpdatedAt.Before(end) || !p.UpdatedAt.Before(end.Add(15*time.Second)) {
		t.Fatalf("deployment %s completed at %s; steady at %s, bake 2m", p.ID, p.UpdatedAt, steadyAt)
	}
}

// A monitored alarm entering ALARM rolls a BLUE_GREEN, LINEAR or CANARY
// deployment back at whatever stage it has reached: all traffic returns
// to blue, green's tasks stop, and the service deployment ends
// ROLLBACK_SUCCESSFUL naming the alarm. An alarm already in ALARM when
// the deployment started does not.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
func TestWorldAlarmRollsBackTrafficShift(t *testing.T) {
	alarms := func() *model.DeploymentAlarms {
		return &model.DeploymentAlarms{AlarmNames: []string{"5xx"}, Enable: true, Rollback: true}
	}
	for _, tc := range []struct {
		name  string
		dc    *model.DeploymentConfiguration
		after time.Duration // from the update to the alarm
	}{
		{"BLUE_GREEN while scaling up", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(10), Alarms: alarms()}, 15 * time.Second},
		{"BLUE_GREEN in the bake", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(10), Alarms: alarms()}, 5 * time.Minute},
		{"CANARY in the canary bake", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary, BakeTimeInMinutes: model.Int32(1),
			CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: new(20.0), CanaryBakeTimeInMinutes: model.Int32(10)}, Alarms: alarms()}, 5 * time.Minute},
		{"LINEAR between steps", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyLinear, BakeTimeInMinutes: model.Int32(1),
			LinearConfiguration: &model.LinearConfiguration{StepPercent: new(25.0), StepBakeTimeInMinutes: model.Int32(3)}, Alarms: alarms()}, 6 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, arn := bgFixture(t, 2, tc.dc)
			f.advance(t, tc.after)
			st, _, _ := f.w.TrafficShift("c", "s")
			if st.Status != deployment.ShiftInProgress {
				t.Fatalf("the shift is %s before the alarm", st.Status)
			}
			stage := st.Stage
			if err := f.w.SetAlarmState("5xx", service.AlarmStateAlarm, time.Time{}); err != nil {
				t.Fatal(err)
			}
			f.advance(t, 5*time.Minute)
			st, _, _ = f.w.TrafficShift("c", "s")
			sd := sdOf(t, f.w, arn)
			if st.Status != deployment.ShiftRollbackSuccessful || sd.Status != model.ServiceDeploymentRollbackSuccessful {
				t.Fatalf("alarm at %s: shift %s, service deployment %s", stage, st.Status, sd.Status)
			}
			if st.ProductionBlue != 100 || st.TestBlue != 100 || st.ProductionGreen != 0 || st.TestGreen != 0 {
				t.Fatalf("weights after the rollback %+v", st)
			}
			if b, g, _ := revTasks(f.w); b != 2 || g != 0 {
				t.Fatalf("blue %d green %d after the rollback", b, g)
			}
			if sd.Alarms == nil || sd.Alarms.Status != model.MonitorTriggered || !slices.Equal(sd.Alarms.TriggeredAlarmNames, []string{"5xx"}) {
				t.Fatalf("service deployment alarms %+v", sd.Alarms)
			}
		})
	}
	t.Run("already in ALARM at the start", func(t *testing.T) {
		dc := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(1), Alarms: alarms()}
		f := newFixture(t, 3)
		f.service(t, "s", "web", 2)
		f.advance(t, 3*time.Minute)
		if err := f.w.SetAlarmState("5xx", service.AlarmStateAlarm, time.Time{}); err != nil {
			t.Fatal(err)
		}
		f.advance(t, time.Minute)
		f.taskDef(t, "web", 256, 512, 0)
		ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2", DeploymentConfiguration: dc}))(t)
		f.advance(t, 10*time.Minute)
		if st, _, _ := f.w.TrafficShift("c", "s"); st.Status != deployment.ShiftSuccessful {
			t.Fatalf("shift %s (%s), want SUCCESSFUL: the alarm was in ALARM before it started", st.Status, st.Reason)
		}
	})
}
