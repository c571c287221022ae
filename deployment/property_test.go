package deployment

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// genInput draws a valid planner input: modest counts, any percentages
// (including ones that block), one to four deployments, tasks named or not.
func genInput() *rapid.Generator[Input] {
	return rapid.Custom(func(t *rapid.T) Input {
		in := Input{
			ServiceName:                 "svc",
			DesiredCount:                int32(rapid.IntRange(0, 40).Draw(t, "desired")),
			Config:                      Config{int32(rapid.IntRange(0, 150).Draw(t, "min")), int32(rapid.IntRange(0, 300).Draw(t, "max"))},
			StoppingCountsTowardMaximum: rapid.Bool().Draw(t, "stopping counts"),
			PrimaryFailed:               rapid.IntRange(0, 9).Draw(t, "failed") == 0,
		}
		named := rapid.Bool().Draw(t, "named")
		n := 0
		ids := func(dep, state string, c int32) []string {
			if !named {
				return nil
			}
			out := make([]string, c)
			for i := range out {
				n++
				out[i] = fmt.Sprintf("%s-%s-%d", dep, state, n)
			}
			return out
		}
		for i := range rapid.IntRange(1, 4).Draw(t, "deployments") {
			id := fmt.Sprintf("ecs-svc/%d", 4-i)
			c := func(label string) int32 { return int32(rapid.IntRange(0, 12).Draw(t, label)) }
			tk := Tasks{Pending: c("pending"), Settling: c("settling"), Healthy: c("healthy"), Unhealthy: c("unhealthy"), Stopping: c("stopping")}
			tk.PendingIDs, tk.SettlingIDs = ids(id, "p", tk.Pending), ids(id, "s", tk.Settling)
			tk.HealthyIDs, tk.UnhealthyIDs = ids(id, "h", tk.Healthy), ids(id, "u", tk.Unhealthy)
			in.Deployments = append(in.Deployments, DeploymentTasks{ID: id, Tasks: tk})
		}
		return in
	})
}

func deepCopyInput(t *rapid.T, in Input) Input {
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var c Input
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPlannerNeverStopsHealthyBelowFloor(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genInput().Draw(t, "input")
		d, err := Plan(&in)
		if err != nil {
			t.Fatal(err)
		}
		var healthy, stopped int64
		for _, dep := range in.Deployments {
			healthy += int64(dep.Tasks.Healthy)
		}
		for _, s := range d.Stops {
			if s.State == Healthy {
				stopped += int64(s.Count)
			}
		}
		if stopped > 0 && healthy-stopped < d.Bounds.Floor {
			t.Fatalf("stops %d of %d healthy tasks, floor %d", stopped, healthy, d.Bounds.Floor)
		}
	})
}

func TestPlannerNeverStartsAboveCeiling(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genInput().Draw(t, "input")
		d, err := Plan(&in)
		if err != nil {
			t.Fatal(err)
		}
		checkDecision(t, &in, &d) // includes the ceiling check, done independently of Plan's arithmetic
		if int64(d.Start) > max(0, int64(in.DesiredCount)) {
			t.Fatalf("starts %d for a desired count of %d", d.Start, in.DesiredCount)
		}
	})
}

func TestPlanDoesNotModifyItsInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genInput().Draw(t, "input")
		before := deepCopyInput(t, in)
		d, err := Plan(&in)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range d.Stops {
			s.TaskIDs = append(s.TaskIDs, "appended") // must not reach the input
		}
		if diff := cmp.Diff(before, in); diff != "" {
			t.Fatalf("input modified (-before +after):\n%s", diff)
		}
	})
}

func TestPlanIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genInput().Draw(t, "input")
		a, _ := Plan(&in)
		cp := deepCopyInput(t, in)
		b, _ := Plan(&cp)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("two plans differ:\n%s", diff)
		}
	})
}

// TestBoundsMatchBigOracle compares BoundsFor with exact rational
// arithmetic over the whole int32 range (differential test against a
// dumb oracle).
func TestBoundsMatchBigOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.Int32Range(0, math.MaxInt32).Draw(t, "desired")
		c := Config{rapid.Int32Range(0, math.MaxInt32).Draw(t, "min"), rapid.Int32Range(0, math.MaxInt32).Draw(t, "max")}
		got, err := BoundsFor(d, c)
		if err != nil {
			t.Fatal(err)
		}
		floor := new(big.Int).Mul(big.NewInt(int64(d)), big.NewInt(int64(c.MinimumHealthyPercent)))
		q, r := new(big.Int).QuoRem(floor, big.NewInt(100), new(big.Int))
		if r.Sign() > 0 {
			q.Add(q, big.NewInt(1))
		}
		ceil := new(big.Int).Quo(new(big.Int).Mul(big.NewInt(int64(d)), big.NewInt(int64(c.MaximumPercent))), big.NewInt(100))
		if q.Int64() != got.Floor || ceil.Int64() != got.Ceiling {
			t.Fatalf("BoundsFor(%d, %+v) = %+v, oracle %v/%v", d, c, got, q, ceil)
		}
	})
}

// TestThresholdMatchesOracle checks the breaker threshold against a
// float64 restatement of the documented formula (exact in this range).
func TestThresholdMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.Int32Range(0, 100000).Draw(t, "desired")
		v := rapid.Int32Range(1, 100).Draw(t, "value")
		typ := rapid.SampledFrom(model.ThresholdType("").Values()).Draw(t, "type")
		got, err := Threshold(&model.DeploymentCircuitBreaker{Enable: true, ThresholdConfiguration: &model.ThresholdConfiguration{Type: typ, Value: v}}, d)
		if err != nil {
			t.Fatal(err)
		}
		raw := math.Ceil(float64(v) * float64(d) / 100)
		var want float64
		switch typ {
		case model.ThresholdTypeCount:
			want = float64(v)
		case model.ThresholdTypeBoundedPercent:
			want = math.Min(math.Max(raw, 3), 200)
		case model.ThresholdTypeUnboundedPercent:
			want = math.Max(raw, 1)
		}
		if float64(got) != want {
			t.Fatalf("Threshold(%s %d, %d) = %d, oracle %v", typ, v, d, got, want)
		}
	})
}

// TestInputForAccountsForEveryTask: InputFor puts every task that has not
// stopped in exactly one state list of its deployment, in the state
// Classify gives, and leaves its inputs alone.
func TestInputForAccountsForEveryTask(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		svc := gen.Service().Draw(t, "service")
		svc.DeploymentConfiguration = nil // gen may draw any; the defaults suffice here
		for i := range svc.Deployments {
			svc.Deployments[i].ID = fmt.Sprintf("ecs-svc/%d", i+1) // gen may repeat IDs
		}
		tasks := rapid.SliceOfN(gen.Task(), 0, 30).Draw(t, "tasks")
		for i := range tasks {
			d := svc.Deployments[rapid.IntRange(0, len(svc.Deployments)-1).Draw(t, "deployment")]
			tasks[i].StartedBy = d.ID
			tasks[i].TaskARN = fmt.Sprintf("%s-%d", tasks[i].TaskARN, i) // distinct
		}
		rules := HealthRules{ContainerChecks: rapid.Bool().Draw(t, "checks"), LoadBalanced: rapid.Bool().Draw(t, "lb"), GracePeriod: time.Minute}
		target := func(arn string) TargetHealth { return TargetHealth(len(arn) % 3) }
		svcBefore, _ := json.Marshal(svc)
		tasksBefore, _ := json.Marshal(tasks)
		in, err := InputFor(&svc, tasks, rules, target, now)
		if err != nil {
			t.Fatal(err)
		}
		if after, _ := json.Marshal(svc); string(after) != string(svcBefore) {
			t.Fatal("InputFor modified the service")
		}
		if after, _ := json.Marshal(tasks); string(after) != string(tasksBefore) {
			t.Fatal("InputFor modified the tasks")
		}
		if in.Deployments[0].ID != svc.Deployments[0].ID {
			t.Fatalf("first deployment %s, want the PRIMARY %s", in.Deployments[0].ID, svc.Deployments[0].ID)
		}
		where := map[string]TaskState{}
		stopping := map[string]int32{}
		for _, d := range in.Deployments {
			for _, s := range []TaskState{Pending, Settling, Healthy, Unhealthy} {
				if int64(len(d.Tasks.ids(s))) != d.Tasks.count(s) {
					t.Fatalf("%s %s: %d IDs for count %d", d.ID, s, len(d.Tasks.ids(s)), d.Tasks.count(s))
				}
				for _, id := range d.Tasks.ids(s) {
					if _, dup := where[id]; dup {
						t.Fatalf("task %s listed twice", id)
					}
					where[id] = s
				}
			}
			stopping[d.ID] = d.Tasks.Stopping
		}
		wantStopping := map[string]int32{}
		for i := range tasks {
			tk := &tasks[i]
			want := Classify(tk, rules, target(tk.TaskARN), now)
			switch want {
			case Gone:
				if _, ok := where[tk.TaskARN]; ok {
					t.Fatalf("stopped task %s listed", tk.TaskARN)
				}
			case Stopping:
				wantStopping[tk.StartedBy]++
			default:
				if where[tk.TaskARN] != want {
					t.Fatalf("task %s listed as %s, Classify says %s", tk.TaskARN, where[tk.TaskARN], want)
				}
			}
		}
		for id, n := range wantStopping {
			if stopping[id] != n {
				t.Fatalf("deployment %s: %d stopping, want %d", id, stopping[id], n)
			}
		}
		if _, err := Plan(&in); err != nil {
			t.Fatalf("Plan rejected InputFor's input: %v", err)
		}
	})
}

func TestInputForRejects(t *testing.T) {
	svc := stableService(1, nil)
	task := model.Task{TaskARN: "t1", LastStatus: model.TaskStatusRunning, StartedBy: "ecs-svc/404"}
	if _, err := InputFor(&svc, []model.Task{task}, HealthRules{}, nil, t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("unknown deployment: %v", err)
	}
	noPrimary := svc
	noPrimary.Deployments = nil
	if _, err := InputFor(&noPrimary, nil, HealthRules{}, nil, t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("no primary: %v", err)
	}
	dup := svc
	dup.Deployments = append(slices.Clone(svc.Deployments), svc.Deployments[0])
	if _, err := InputFor(&dup, nil, HealthRules{}, nil, t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("duplicate deployment: %v", err)
	}
	task.StartedBy, task.LastStatus = "ecs-svc/1", model.TaskStatusStopped
	if in, err := InputFor(&svc, []model.Task{task}, HealthRules{}, nil, t0); err != nil || in.Deployments[0].Tasks.live() != 0 {
		t.Errorf("a stopped task of an unknown-free service: %+v, %v", in, err)
	}
}
