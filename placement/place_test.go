package placement_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/placement/query"
)

func toRequest(r placementRequest) placement.Request {
	return placement.Request{
		TaskDefinition: r.td, Group: r.group, Count: r.count,
		Constraints: r.constraints, Strategy: r.strategy, Seed: r.seed,
	}
}

func mustPlace(t interface {
	Helper()
	Fatalf(string, ...any)
}, instances []model.ContainerInstance, tasks []model.Task, req placement.Request) placement.Result {
	t.Helper()
	res, err := placement.Place(instances, tasks, req)
	if err != nil {
		t.Fatalf("Place: %v", err)
	}
	if len(res.Placements) != req.Count {
		t.Fatalf("Place returned %d placements, want %d", len(res.Placements), req.Count)
	}
	return res
}

// TestPlaceMatchesReference is the differential test: the indexed
// placement picks exactly what the brute-force reference picks, reasons
// included, for every strategy and constraint mix.
func TestPlaceMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, true)
		got := mustPlace(t, s.instances, s.tasks, toRequest(s.req))
		want := refPlace(s.instances, s.tasks, s.req)
		if diff := cmp.Diff(want, got.Placements); diff != "" {
			t.Fatalf("Place differs from the reference (-want +got):\n%s", diff)
		}
	})
}

// azCounts counts the group's live tasks per AZ, over the given zones.
func azCounts(instances []model.ContainerInstance, tasks []model.Task, group string, zs []string) map[string]int {
	az := map[string]string{}
	for _, ci := range instances {
		az[ci.ContainerInstanceARN] = ci.AvailabilityZone()
	}
	n := map[string]int{}
	for _, z := range zs {
		n[z] = 0
	}
	for _, task := range tasks {
		if z, ok := az[task.ContainerInstanceARN]; ok && task.Group == group && task.DesiredStatus != model.DesiredStatusStopped {
			n[z]++
		}
	}
	return n
}

func spread(n map[string]int) int {
	lo, hi := 1<<30, -1
	for _, v := range n {
		lo, hi = min(lo, v), max(hi, v)
	}
	return hi - lo
}

// balancedCluster draws roomy placeable instances over k AZs (every AZ has
// one) and a balanced set of the service's tasks on them.
func balancedCluster(t *rapid.T) ([]model.ContainerInstance, []model.Task, []string) {
	k := rapid.IntRange(1, 4).Draw(t, "zones")
	n := rapid.IntRange(k, 16).Draw(t, "instances")
	inst := make([]model.ContainerInstance, n)
	for i := range inst {
		inst[i] = newInstance(instanceOpts{index: i, az: zones[i%k], cpu: 1 << 20, mem: 1 << 20})
	}
	perZone := rapid.IntRange(0, 4).Draw(t, "perZone")
	var tasks []model.Task
	for z := range k {
		extra := 0
		if z < rapid.IntRange(0, k-1).Draw(t, "extraZones") {
			extra = 1
		}
		for range perZone + extra {
			// any instance of zone z: indexes z, z+k, z+2k, …
			j := z + k*rapid.IntRange(0, (n-1-z)/k).Draw(t, "on")
			tasks = append(tasks, model.Task{TaskARN: taskARN(len(tasks)), Group: "service:web",
				ContainerInstanceARN: inst[j].ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning})
		}
	}
	return rapid.Permutation(inst).Draw(t, "order"), tasks, zones[:k]
}

var smallTask = &model.TaskDefinition{Family: "web", NetworkMode: model.NetworkModeBridge,
	ContainerDefinitions: []model.ContainerDefinition{{Name: "web", CPU: 128, Memory: model.Int32(256)}}}

// TestPlacementKeepsAZSpreadWithinOne: with room everywhere, the default
// strategy leaves the service's per-AZ counts within one of each other after
// every single decision, from any balanced start.
func TestPlacementKeepsAZSpreadWithinOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst, tasks, zs := balancedCluster(t)
		count := rapid.IntRange(1, 30).Draw(t, "count")
		res := mustPlace(t, inst, tasks, placement.Request{TaskDefinition: smallTask, Group: "service:web", Count: count})
		for k, p := range res.Placements {
			if p.Reason != nil {
				t.Fatalf("task %d not placed: %v", k, p.Reason)
			}
			tasks = append(tasks, model.Task{TaskARN: taskARN(len(tasks)), Group: "service:web", ContainerInstanceARN: p.ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning})
			if n := azCounts(inst, tasks, "service:web", zs); spread(n) > 1 {
				t.Fatalf("after task %d the AZ counts are %v", k, n)
			}
		}
	})
}

// TestTerminationKeepsAZSpreadWithinOne: the default scale-in leaves the
// per-AZ counts within one after every single stop, from any balanced
// start.
func TestTerminationKeepsAZSpreadWithinOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst, tasks, zs := balancedCluster(t)
		count := rapid.IntRange(0, len(tasks)+2).Draw(t, "count")
		stop, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: "service:web", Count: count})
		if err != nil {
			t.Fatal(err)
		}
		if want := min(count, len(tasks)); len(stop) != want {
			t.Fatalf("stopped %d tasks, want %d", len(stop), want)
		}
		for k, arn := range stop {
			for i := range tasks {
				if tasks[i].TaskARN == arn {
					if tasks[i].DesiredStatus == model.DesiredStatusStopped {
						t.Fatalf("task %s chosen twice", arn)
					}
					tasks[i].DesiredStatus = model.DesiredStatusStopped
				}
			}
			if n := azCounts(inst, tasks, "service:web", zs); spread(n) > 1 {
				t.Fatalf("after stop %d the AZ counts are %v", k, n)
			}
		}
	})
}

// TestPlacementNeverExceedsResourcesOrConstraints: applying every
// placement with model.ReserveTask (which refuses what does not fit) always
// succeeds, distinctInstance never puts two tasks of the group on one
// instance, and every memberOf expression holds on the chosen instance.
func TestPlacementNeverExceedsResourcesOrConstraints(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, true)
		res := mustPlace(t, s.instances, s.tasks, toRequest(s.req))
		state := refState(s.instances, s.tasks)
		byARN := map[string]*refInstance{}
		for _, r := range state {
			byARN[r.ci.ContainerInstanceARN] = r
		}
		need := model.ResourcesOf(s.req.td)
		distinct := false
		for _, c := range s.req.constraints {
			distinct = distinct || c.Type == model.PlacementConstraintTypeDistinctInstance
		}
		for k, p := range res.Placements {
			if p.Reason != nil {
				continue
			}
			r := byARN[p.ContainerInstanceARN]
			if r.ci.Status != model.ContainerInstanceStatusActive || !r.ci.AgentConnected {
				t.Fatalf("task %d placed on %s instance (agent connected %v)", k, r.ci.Status, r.ci.AgentConnected)
			}
			if distinct && r.groups[s.req.group] > 0 {
				t.Fatalf("task %d doubles up on %s under distinctInstance", k, p.ContainerInstanceARN)
			}
			for _, c := range s.req.constraints {
				if c.Type == model.PlacementConstraintTypeMemberOf && !evalExpr(t, c.Expression, r) {
					t.Fatalf("task %d placed on %s, which does not match %q", k, p.ContainerInstanceARN, c.Expression)
				}
			}
			ci, err := model.ReserveTask(r.ci, need, true)
			if err != nil {
				t.Fatalf("task %d does not fit on %s: %v", k, p.ContainerInstanceARN, err)
			}
			r.ci = ci
			r.groups[s.req.group]++
		}
	})
}

// TestPlacementIsDeterministic: the same inputs and seed give the same
// result, whatever order the instances and tasks come in.
func TestPlacementIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, true)
		a := mustPlace(t, s.instances, s.tasks, toRequest(s.req))
		inst := rapid.Permutation(s.instances).Draw(t, "instances again")
		tasks := rapid.Permutation(s.tasks).Draw(t, "tasks again")
		b := mustPlace(t, inst, tasks, toRequest(s.req))
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("same inputs, different placement (-first +second):\n%s", diff)
		}
	})
}

// TestPlaceDoesNotMutateInputs: instances, tasks and the request are left
// exactly as they were.
func TestPlaceDoesNotMutateInputs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, true)
		req := toRequest(s.req)
		inst, tasks := deepCopy(t, s.instances), deepCopy(t, s.tasks)
		td := deepCopy(t, *req.TaskDefinition)
		reqCopy := deepCopy(t, req)
		mustPlace(t, s.instances, s.tasks, req)
		c, err := placement.NewCluster(s.instances, s.tasks)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ChooseTasksToStop(placement.StopRequest{Group: s.req.group, Count: s.req.count, Strategy: s.req.strategy}); err != nil {
			t.Fatal(err)
		}
		for what, d := range map[string]string{
			"instances":      cmp.Diff(inst, s.instances),
			"tasks":          cmp.Diff(tasks, s.tasks),
			"taskDefinition": cmp.Diff(td, *req.TaskDefinition),
			"request":        cmp.Diff(reqCopy, req),
		} {
			if d != "" {
				t.Fatalf("%s changed:\n%s", what, d)
			}
		}
	})
}

// TestDistinctInstanceNeverDoublesUp: with distinctInstance, the group ends
// with at most one task per instance it did not already share.
func TestDistinctInstanceNeverDoublesUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, false)
		s.req.constraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeDistinctInstance}}
		res := mustPlace(t, s.instances, s.tasks, toRequest(s.req))
		had := map[string]bool{}
		for _, task := range s.tasks {
			if task.Group == s.req.group && task.DesiredStatus != model.DesiredStatusStopped {
				had[task.ContainerInstanceARN] = true
			}
		}
		for k, p := range res.Placements {
			if p.Reason == nil {
				if had[p.ContainerInstanceARN] {
					t.Fatalf("task %d put on %s, which already runs a task of %s", k, p.ContainerInstanceARN, s.req.group)
				}
				had[p.ContainerInstanceARN] = true
			}
		}
	})
}

// TestAFailedTaskFailsTheRest: once a task cannot be placed nothing has
// changed for the next, so every later task gets the same reason.
func TestAFailedTaskFailsTheRest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, true)
		res := mustPlace(t, s.instances, s.tasks, toRequest(s.req))
		for k := 1; k < len(res.Placements); k++ {
			if prev := res.Placements[k-1]; prev.Reason != nil && !cmp.Equal(prev, res.Placements[k]) {
				t.Fatalf("task %d: %+v after task %d failed with %v", k, res.Placements[k], k-1, prev.Reason)
			}
		}
	})
}

// deepCopy copies v, following pointers, slices and maps, so that a later
// comparison sees any change made through shared memory.
func deepCopy[T any](t *rapid.T, v T) T {
	t.Helper()
	return copyValue(reflect.ValueOf(&v).Elem()).Interface().(T)
}

func copyValue(v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p := reflect.New(v.Type().Elem())
			p.Elem().Set(copyValue(v.Elem()))
			out.Set(p)
		}
	case reflect.Slice:
		if !v.IsNil() {
			s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := range v.Len() {
				s.Index(i).Set(copyValue(v.Index(i)))
			}
			out.Set(s)
		}
	case reflect.Map:
		if !v.IsNil() {
			m := reflect.MakeMapWithSize(v.Type(), v.Len())
			for it := v.MapRange(); it.Next(); {
				m.SetMapIndex(it.Key(), copyValue(it.Value()))
			}
			out.Set(m)
		}
	case reflect.Struct:
		out.Set(v) // unexported fields (time.Time's) are values
		for i := range v.NumField() {
			if out.Field(i).CanSet() {
				out.Field(i).Set(copyValue(v.Field(i)))
			}
		}
	default:
		out.Set(v)
	}
	return out
}

func evalExpr(t *rapid.T, expr string, r *refInstance) bool {
	x, err := query.Parse(expr)
	if err != nil {
		t.Fatalf("parse %q: %v", expr, err)
	}
	return x.Eval(r.fields())
}

// TestPlaceMatchesReferenceOnBiggerClusters repeats the differential test
// with more instances and tasks, so the indexes' heaps get deep.
func TestPlaceMatchesReferenceOnBiggerClusters(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst := genInstances(t, 60)
		// Roomier than the small clusters, so most tasks find a place and
		// the heaps fill up.
		for i := range inst {
			for j, r := range inst[i].RemainingResources {
				if r.Name == model.ResourceCPU || r.Name == model.ResourceMemory {
					inst[i].RemainingResources[j].IntegerValue = r.IntegerValue * 8
				}
			}
		}
		s := scenario{instances: inst, tasks: genTasks(t, inst, 80)}
		s.req = placementRequest{
			td:       genTaskDefinition(t),
			group:    rapid.SampledFrom(groups).Draw(t, "reqGroup"),
			count:    rapid.IntRange(0, 120).Draw(t, "count"),
			strategy: genStrategy(t),
			seed:     rapid.Uint64().Draw(t, "seed"),
		}
		if rapid.Bool().Draw(t, "constraints?") {
			s.req.constraints = genConstraints(t)
		}
		got := mustPlace(t, s.instances, s.tasks, toRequest(s.req))
		want := refPlace(s.instances, s.tasks, s.req)
		if diff := cmp.Diff(want, got.Placements); diff != "" {
			t.Fatalf("Place differs from the reference (-want +got):\n%s", diff)
		}
	})
}

// TestClusterServesConcurrentCalls: a Cluster is read-only, so concurrent
// Place and ChooseTasksToStop calls agree with sequential ones (run with
// -race).
func TestClusterServesConcurrentCalls(t *testing.T) {
	inst, tasks := threeZones(2, 1, 0)
	c, err := placement.NewCluster(inst, tasks)
	if err != nil {
		t.Fatal(err)
	}
	req := placement.Request{TaskDefinition: smallTask, Group: "service:web", Count: 20}
	want, err := c.Place(req)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan placement.Result)
	for range 4 {
		go func() {
			res, _ := c.Place(req)
			_, _ = c.ChooseTasksToStop(placement.StopRequest{Group: "service:web", Count: 2})
			done <- res
		}()
	}
	for range 4 {
		if got := <-done; !cmp.Equal(want, got) {
			t.Fatalf("concurrent Place differs:\n%s", cmp.Diff(want, got))
		}
	}
}
