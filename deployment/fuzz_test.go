package deployment

import (
	"errors"
	"math"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// FuzzPlan feeds the planner arbitrary int32 counts and percentages for a
// service with three deployments. Bad input must be an
// InvalidParameterException; good input must honour the floor and the
// ceiling and never stop more tasks than exist.
func FuzzPlan(f *testing.F) {
	f.Add(int32(4), int32(50), int32(200), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(4), int32(0), int32(0), false, false)
	f.Add(int32(2), int32(75), int32(100), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(2), int32(0), int32(0), false, true)
	f.Add(int32(0), int32(0), int32(0), int32(1), int32(1), int32(1), int32(1), int32(1), int32(1), int32(1), int32(1), int32(1), int32(1), true, false)
	f.Add(int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), int32(math.MaxInt32), false, false)
	f.Add(int32(-1), int32(-1), int32(-1), int32(-1), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), int32(0), false, false)
	f.Fuzz(func(t *testing.T, desired, minPct, maxPct, pp, ps, ph, pu, pst, op, os, oh, ou, ost int32, stoppingCounts, namePrimary bool) {
		in := Input{
			DesiredCount: desired, Config: Config{minPct, maxPct}, StoppingCountsTowardMaximum: stoppingCounts,
			Deployments: []DeploymentTasks{
				{ID: "p", Tasks: Tasks{Pending: pp, Settling: ps, Healthy: ph, Unhealthy: pu, Stopping: pst}},
				{ID: "o", Tasks: Tasks{Pending: op, Settling: os, Healthy: oh, Unhealthy: ou, Stopping: ost}},
				{ID: "oo", Tasks: Tasks{Healthy: oh / 2, Settling: op / 2}},
			},
		}
		if namePrimary && ph >= 0 && ph < 1000 {
			in.Deployments[0].Tasks.HealthyIDs = make([]string, ph)
		}
		d, err := Plan(&in)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) || e.Code() != ecserrors.CodeInvalidParameter {
				t.Fatalf("error %v is not an InvalidParameterException", err)
			}
			return
		}
		checkDecision(t, &in, &d)
	})
}

// fataler is what checkDecision needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// checkDecision holds the planner's invariants for one input and decision.
func checkDecision(t fataler, in *Input, d *Decision) {
	t.Helper()
	var healthy, counted int64
	stopped := map[string]map[TaskState]int64{}
	for _, s := range d.Stops {
		if s.Count <= 0 {
			t.Fatalf("stop of %d tasks", s.Count)
		}
		if stopped[s.DeploymentID] == nil {
			stopped[s.DeploymentID] = map[TaskState]int64{}
		}
		stopped[s.DeploymentID][s.State] += int64(s.Count)
		if s.TaskIDs != nil && len(s.TaskIDs) != int(s.Count) {
			t.Fatalf("stop names %d tasks for a count of %d", len(s.TaskIDs), s.Count)
		}
	}
	var stoppedHealthy, stoppedAll int64
	for _, dep := range in.Deployments {
		tk := dep.Tasks
		healthy += int64(tk.Healthy)
		counted += int64(tk.Pending) + int64(tk.Settling) + int64(tk.Healthy) + int64(tk.Unhealthy)
		if in.StoppingCountsTowardMaximum {
			counted += int64(tk.Stopping)
		}
		for s, n := range stopped[dep.ID] {
			if n > tk.count(s) || s == Stopping || s == Gone {
				t.Fatalf("stops %d %s tasks of %s, which has %d", n, s, dep.ID, tk.count(s))
			}
			if s == Healthy {
				stoppedHealthy += n
			}
			stoppedAll += n
		}
	}
	want := bounds(int64(in.DesiredCount), in.Config)
	if d.Bounds != want {
		t.Fatalf("bounds %+v, want %+v", d.Bounds, want)
	}
	if stoppedHealthy > 0 && healthy-stoppedHealthy < want.Floor {
		t.Fatalf("stopping %d healthy of %d leaves fewer than the floor %d", stoppedHealthy, healthy, want.Floor)
	}
	after := counted + int64(d.Start)
	if !in.StoppingCountsTowardMaximum {
		after -= stoppedAll
	}
	if d.Start < 0 || d.Start > 0 && after > want.Ceiling {
		t.Fatalf("starting %d makes %d tasks, above the ceiling %d", d.Start, after, want.Ceiling)
	}
	if in.PrimaryFailed && (d.Start > 0 || len(d.Stops) > 0) {
		t.Fatal("a FAILED primary moved tasks")
	}
	if (d.Steady || d.Blocked) && (d.Start > 0 || len(d.Stops) > 0) || d.Steady && d.Blocked {
		t.Fatalf("inconsistent decision %+v", d)
	}
}

// FuzzApply drives the rollout state machine with arbitrary event
// sequences: every event is applied or refused with an
// InvalidParameterException, never a panic, and the counts stay
// non-negative with the service totals equal to their sums.
func FuzzApply(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6})
	f.Add([]byte{3, 0, 1, 3, 1, 2, 3, 2, 3, 4, 4, 4})
	f.Add([]byte{2, 255, 1, 9, 6, 6, 6, 5, 5})
	f.Fuzz(runScript)
}

func runScript(t *testing.T, script []byte) {
	{
		svc := stableService(2, &model.DeploymentConfiguration{
			DeploymentCircuitBreaker: breakerConfig(true, nil, nil).DeploymentCircuitBreaker,
			Alarms:                   &model.DeploymentAlarms{Enable: true, Rollback: true, AlarmNames: []string{"a"}},
		})
		ids := []string{"ecs-svc/1"}
		states := []TaskState{Gone, Pending, Settling, Healthy, Unhealthy, Stopping}
		for i := 0; i+1 < len(script) && i < 400; i += 2 {
			op, arg := script[i], script[i+1]
			var ev Event
			switch op % 6 {
			case 0:
				id := "ecs-svc/n" + string(rune('a'+len(ids)%26)) + string(rune('a'+len(ids)/26%26))
				ev = Event{Kind: NewDeployment, DeploymentID: id, TaskDefinition: tdV2}
				ids = append(ids, id)
			case 1:
				ev = Event{Kind: DesiredCountChanged, DesiredCount: int32(arg) - 16}
			case 2:
				ev = Event{Kind: TaskMoved, DeploymentID: ids[int(arg)%len(ids)], From: states[arg%6], To: states[arg/6%6], Failure: Failure(arg / 36 % 4)}
			case 3:
				ev = Event{Kind: LaunchFailed, DeploymentID: ids[int(arg)%len(ids)]}
			case 4:
				ev = Event{Kind: AlarmFired, AlarmNames: []string{"a"}}
			case 5:
				ev = Event{Kind: SteadyStateReached}
			}
			r, err := Apply(svc, ev, t0.Add(time.Duration(i)*time.Second))
			if err != nil {
				if ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
					t.Fatalf("event %+v: %v", ev, err)
				}
				continue
			}
			svc = r.Service
			for _, d := range svc.Deployments {
				if d.ID != "" && !contains(ids, d.ID) {
					ids = append(ids, d.ID)
				}
			}
			var run, pend int32
			primaries := 0
			for _, d := range svc.Deployments {
				if d.RunningCount < 0 || d.PendingCount < 0 || d.FailedTasks < 0 {
					t.Fatalf("negative counts %+v", d)
				}
				run += d.RunningCount
				pend += d.PendingCount
				if d.Status == model.DeploymentStatusPrimary {
					primaries++
				}
			}
			if run != svc.RunningCount || pend != svc.PendingCount || primaries != 1 {
				t.Fatalf("service totals %d/%d, sums %d/%d, %d primaries", svc.RunningCount, svc.PendingCount, run, pend, primaries)
			}
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
