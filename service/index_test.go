package service_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/service"
)

// keptIndex is a caller's placement index, kept in step with the world by
// telling it what changed.
type keptIndex struct {
	x     *placement.Index
	insts map[string]model.ContainerInstance
	tasks map[string]model.Task
}

func newKeptIndex(t tb, w *world) *keptIndex {
	t.Helper()
	x, err := placement.NewIndex(w.insts, w.tasks)
	if err != nil {
		t.Fatalf("NewIndex: %v", err)
	}
	k := &keptIndex{x: x}
	k.remember(w)
	return k
}

func (k *keptIndex) remember(w *world) {
	k.insts, k.tasks = map[string]model.ContainerInstance{}, map[string]model.Task{}
	for _, ci := range w.insts {
		k.insts[ci.ContainerInstanceARN] = ci
	}
	for _, tk := range w.tasks {
		k.tasks[tk.TaskARN] = tk
	}
}

// sync puts what changed in the world since the last sync, and removes
// what is gone.
func (k *keptIndex) sync(w *world) {
	seen := map[string]bool{}
	for _, ci := range w.insts {
		seen[ci.ContainerInstanceARN] = true
		if old, ok := k.insts[ci.ContainerInstanceARN]; !ok || !cmp.Equal(old, ci) {
			k.x.PutInstance(ci)
		}
	}
	for arn := range k.insts {
		if !seen[arn] {
			k.x.RemoveInstance(arn)
		}
	}
	for _, tk := range w.tasks {
		seen[tk.TaskARN] = true
		if old, ok := k.tasks[tk.TaskARN]; !ok || !cmp.Equal(old, tk) {
			k.x.PutTask(tk)
		}
	}
	for arn := range k.tasks {
		if !seen[arn] {
			k.x.RemoveTask(arn)
		}
	}
	k.remember(w)
}

// TestReconcileWithKeptIndexMatchesFromScratch drives a service through
// random updates, scale-ins, drains and deployments; on every step the
// reconcile with the caller's kept placement index (updated only with
// what changed) decides exactly what the reconcile that indexes the
// cluster from scratch decides.
func TestReconcileWithKeptIndexMatchesFromScratch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		k := newKeptIndex(t, w)
		rev := int32(1)
		for i := range rapid.IntRange(1, 5).Draw(t, "updates") {
			var req model.UpdateServiceRequest
			kind := rapid.IntRange(0, 3).Draw(t, fmt.Sprint("kind", i))
			switch kind {
			case 0:
				req.DesiredCount = model.Int32(int32(rapid.IntRange(0, 8).Draw(t, fmt.Sprint("desired", i))))
			case 1:
				rev++
				w.tds = append(w.tds, taskDef("web", rev, 256))
				req.TaskDefinition = "web"
			case 2:
				req.ForceNewDeployment = model.Bool(true)
			case 3:
				j := rapid.IntRange(0, len(w.insts)-1).Draw(t, fmt.Sprint("drain", i))
				w.insts[j].Status = model.ContainerInstanceStatusDraining
			}
			if kind != 3 {
				w.update(t, req)
			}
			for range rapid.IntRange(1, 6).Draw(t, fmt.Sprint("rounds", i)) {
				k.sync(w)
				in := w.input()
				want, err := service.Reconcile(in, w.now)
				if err != nil {
					t.Fatal(err)
				}
				in.Index = k.x
				got, err := service.Reconcile(in, w.now)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("kept index step differs from the from-scratch step (-scratch +kept):\n%s", diff)
				}
				w.step(t)
				w.agent(t)
			}
		}
	})
}

// ExampleInput_index keeps a placement index between steps: the step
// reads it instead of indexing the cluster, and the caller tells it what
// the step changed.
func ExampleInput_index() {
	var insts []model.ContainerInstance
	for i := range 3 {
		insts = append(insts, instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i), 4096, 8192))
	}
	w := newWorld(insts, 100, 200)
	w.svc.DesiredCount = 3
	x, _ := placement.NewIndex(w.insts, w.tasks)
	in := w.input()
	in.Index = x
	st, _ := service.Reconcile(in, w.now)
	for _, t := range st.Start {
		x.PutTask(t) // and PutInstance for each instance whose reservation changed
		fmt.Println(t.AvailabilityZone)
	}
	// Output:
	// us-east-1a
	// us-east-1b
	// us-east-1c
}

// TestTaskIDsStayUniqueWhenAStepIsReplayed: task IDs derive from the
// service, the time and the position in the step, so a second step at the
// same instant (after the first was applied) would derive the same IDs
// again; the step must skip the ones in use.
func TestTaskIDsStayUniqueWhenAStepIsReplayed(t *testing.T) {
	w := newWorld(threeZones(1, 4096, 8192), 100, 200)
	w.svc.DesiredCount = 2
	w.step(t)
	w.svc.DesiredCount = 4
	w.svc.Deployments[0].DesiredCount = 4
	st := w.step(t) // same now: the world's clock has not moved
	if len(st.Start) != 2 {
		t.Fatalf("second step started %d tasks, want 2", len(st.Start))
	}
	seen := map[string]bool{}
	for _, tk := range w.tasks {
		if seen[tk.TaskARN] {
			t.Fatalf("task ARN %s used twice", tk.TaskARN)
		}
		seen[tk.TaskARN] = true
	}
}

// TestStopNamingWithRepeatedTaskARN: an input that lists a task twice
// (which no real cluster does) still stops distinct tasks, the same ones
// whether the step names the old deployment's tasks to placement by
// startedBy or lists them all.
func TestStopNamingWithRepeatedTaskARN(t *testing.T) {
	var insts []model.ContainerInstance
	for i := range 6 {
		insts = append(insts, instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i%3), 4096, 8192))
	}
	w := newWorld(insts, 50, 100)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(6)})
	w.settle(t, 30)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	w.tasks = append(w.tasks, w.tasks[0])
	named, err := service.Reconcile(w.input(), w.now)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := service.ReconcileListingStops(w.input(), w.now)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(listed, named); diff != "" {
		t.Fatalf("named differs from listed (-listed +named):\n%s", diff)
	}
	// Seven healthy tasks counted (the repeat too), a floor of 3 (50%
	// of 6): four stop.
	if len(named.Stop) != 4 {
		t.Fatalf("stops %d tasks, want 4", len(named.Stop))
	}
	seen := map[string]bool{}
	for _, s := range named.Stop {
		if seen[s.TaskARN] {
			t.Fatalf("task %s stopped twice", s.TaskARN)
		}
		seen[s.TaskARN] = true
	}
}
