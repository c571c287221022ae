package sim

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/model"
)

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func rolling(t *testing.T, n int, seed uint64) *World {
	t.Helper()
	w, err := Build(Spec{
		Account: model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
		Cluster: "scale", Zones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		Instances: n, InstanceCPU: 4096, InstanceMemory: 16384, AgentVersion: "1.87.0", Service: "web",
		TaskDefs:   []TaskDef{{Revision: 1, CPU: 256, Memory: 512}, {Revision: 2, CPU: 256, Memory: 512}},
		Deployment: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)},
	}, t0, seed)
	if err != nil {
		t.Fatal(err)
	}
	w.Behaviour.Start = Delay{5 * time.Second, 20 * time.Second}
	w.Behaviour.Stop = Delay{2 * time.Second, 30 * time.Second}
	if err := w.Populate(n); err != nil {
		t.Fatal(err)
	}
	return w
}

// A rolling deployment runs to a steady state on the new revision, evenly
// spread, with every instance's accounting back to one task each.
func TestRollingDeploymentReachesSteadyState(t *testing.T) {
	w := rolling(t, 300, 1)
	if _, err := w.UpdateService(model.UpdateServiceRequest{TaskDefinition: "web:2"}); err != nil {
		t.Fatal(err)
	}
	w.Start()
	done, err := w.RunUntil(t0.Add(time.Hour), (*World).Settled)
	if err != nil || !done {
		t.Fatalf("done %v err %v", done, err)
	}
	c := w.Count()
	want := Counts{ByZone: map[string]int{"us-east-1a": 100, "us-east-1b": 100, "us-east-1c": 100}, ByRevision: map[string]int{"web:2": 300}, Total: 300}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	var running, pending int32
	for i := range w.Instances {
		running += w.Instances[i].RunningTasksCount
		pending += w.Instances[i].PendingTasksCount
	}
	if running != 300 || pending != 0 {
		t.Errorf("instances count %d running, %d pending; want 300, 0", running, pending)
	}
}

// Events at the same time run in the order they were scheduled, and no
// event runs past the end.
func TestEventOrder(t *testing.T) {
	w := New(t0, 1)
	var got []int
	for i := range 5 {
		w.At(t0.Add(time.Minute), func(*World) error { got = append(got, i); return nil })
	}
	w.At(t0.Add(time.Hour), func(*World) error { got = append(got, 99); return nil })
	if _, err := w.RunUntil(t0.Add(30*time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{0, 1, 2, 3, 4}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if !w.Now.Equal(t0.Add(30 * time.Minute)) {
		t.Errorf("now %v", w.Now)
	}
}

func TestDelayStaysInRange(t *testing.T) {
	w := New(t0, 7)
	d := Delay{5 * time.Second, 25 * time.Second}
	for range 1000 {
		if v := d.draw(w.rand); v < d.Min || v > d.Max {
			t.Fatalf("draw %v outside %v", v, d)
		}
	}
	if v := (Delay{Min: time.Second}).draw(w.rand); v != time.Second {
		t.Errorf("a fixed delay drew %v", v)
	}
}

func TestShorten(t *testing.T) {
	in := "(service web) has started 5 tasks: (task 0123456789abcdef0123456789abcdef) (task 11111111111111111111111111111111) (task 22222222222222222222222222222222) (task 33333333333333333333333333333333) (task 44444444444444444444444444444444)."
	want := "(service web) has started 5 tasks: (task 01234567…) (task 11111111…) (task 22222222…) … and 2 more."
	if got := Shorten(in); got != want {
		t.Errorf("Shorten:\n got %s\nwant %s", got, want)
	}
	if got := Shorten("(service web) has reached a steady state."); got != "(service web) has reached a steady state." {
		t.Errorf("Shorten changed %q", got)
	}
}
