package placement_test

import (
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// keptModel is what a kept index should hold: the instances and tasks put
// and not removed since, by ARN.
type keptModel struct {
	inst  map[string]model.ContainerInstance
	tasks map[string]model.Task
}

func (m *keptModel) slices() ([]model.ContainerInstance, []model.Task) {
	return slices.Collect(maps.Values(m.inst)), slices.Collect(maps.Values(m.tasks))
}

// genKeptTask draws task i of a small pool, on one of the first 12
// instance ARNs (which may or may not be in the index), sometimes stopped.
func genKeptTask(t *rapid.T, i int) model.Task {
	task := model.Task{
		TaskARN:              taskARN(i),
		Group:                rapid.SampledFrom(groups).Draw(t, "group"),
		StartedBy:            rapid.SampledFrom(startedBys).Draw(t, "startedBy"),
		ContainerInstanceARN: instanceARN(rapid.IntRange(0, 11).Draw(t, "on")),
		DesiredStatus:        model.DesiredStatusRunning,
		LastStatus:           rapid.SampledFrom([]model.TaskStatus{model.TaskStatusProvisioning, model.TaskStatusRunning}).Draw(t, "last"),
		CPU:                  fmt.Sprint(rapid.SampledFrom([]int{0, 128, 256}).Draw(t, "taskCPU")),
		Memory:               fmt.Sprint(rapid.SampledFrom([]int{0, 128, 512}).Draw(t, "taskMem")),
	}
	switch rapid.IntRange(0, 9).Draw(t, "stopped") {
	case 0:
		task.DesiredStatus = model.DesiredStatusStopped
	case 1:
		task.LastStatus = model.TaskStatusStopped
	}
	return task
}

func genStopRequest(t *rapid.T, tasks []model.Task) placement.StopRequest {
	req := placement.StopRequest{
		Group:    rapid.SampledFrom(groups).Draw(t, "stopGroup"),
		Count:    rapid.IntRange(0, 12).Draw(t, "stopCount"),
		Strategy: genStrategy(t),
		Seed:     rapid.Uint64().Draw(t, "stopSeed"),
	}
	if rapid.Bool().Draw(t, "candidates?") {
		req.Candidates = []string{}
		for _, task := range tasks {
			if rapid.Bool().Draw(t, "candidate") {
				req.Candidates = append(req.Candidates, task.TaskARN)
			}
		}
	}
	for _, task := range tasks {
		if rapid.IntRange(0, 4).Draw(t, "stopping") == 0 {
			req.Stopping = append(req.Stopping, task.TaskARN)
		}
	}
	if rapid.Bool().Draw(t, "startedBy?") {
		req.StartedBy = rapid.SampledFrom(startedBys[1:]).Draw(t, "stopStartedBy")
		for _, task := range tasks {
			if rapid.IntRange(0, 3).Draw(t, "except") == 0 {
				req.Except = append(req.Except, task.TaskARN)
			}
		}
	}
	return req
}

// listedCandidates names the candidates of req the old way, as the list
// of every allowed task: req.Candidates narrowed to the tasks started by
// req.StartedBy and not in req.Except. It is nil (every task) when req
// narrows nothing.
func listedCandidates(tasks []model.Task, req placement.StopRequest) []string {
	if req.StartedBy == "" && len(req.Except) == 0 {
		return req.Candidates
	}
	out := []string{}
	for _, task := range tasks {
		if (req.Candidates == nil || slices.Contains(req.Candidates, task.TaskARN)) &&
			(req.StartedBy == "" || task.StartedBy == req.StartedBy) && !slices.Contains(req.Except, task.TaskARN) {
			out = append(out, task.TaskARN)
		}
	}
	return out
}

// TestIndexMatchesFromScratch is the differential test of the kept index:
// after any sequence of instance and task updates (and clones), it answers
// every Place and ChooseTasksToStop exactly as a Cluster built from scratch
// from what it should hold, and Place also as the brute-force reference.
// Queries come between updates so that the orders the index keeps are
// built early and then maintained.
func TestIndexMatchesFromScratch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, len(zones)).Draw(t, "zones")
		m := &keptModel{inst: map[string]model.ContainerInstance{}, tasks: map[string]model.Task{}}
		type kept struct {
			x *placement.Index
			m *keptModel
		}
		x, err := placement.NewIndex(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rapid.Bool().Draw(t, "prefill?") {
			inst := genInstances(t, 8)
			tasks := genTasks(t, inst, 12)
			if x, err = placement.NewIndex(inst, tasks); err != nil {
				t.Fatal(err)
			}
			for _, ci := range inst {
				m.inst[ci.ContainerInstanceARN] = ci
			}
			for _, task := range tasks {
				if task.DesiredStatus != model.DesiredStatusStopped && task.LastStatus != model.TaskStatusStopped {
					m.tasks[task.TaskARN] = task
				}
			}
		}
		live := []kept{{x, m}}
		for range rapid.IntRange(1, 40).Draw(t, "ops") {
			// Act on any of the live copies: clones share memory with
			// each other until they write, so every copy must be free to
			// move on.
			cur := rapid.IntRange(0, len(live)-1).Draw(t, "copy")
			x, m = live[cur].x, live[cur].m
			switch rapid.IntRange(0, 8).Draw(t, "op") {
			case 0, 1:
				ci := genInstance(t, rapid.IntRange(0, 11).Draw(t, "instance"), k)
				x.PutInstance(ci)
				m.inst[ci.ContainerInstanceARN] = ci
			case 2:
				arn := instanceARN(rapid.IntRange(0, 11).Draw(t, "instance"))
				x.RemoveInstance(arn)
				delete(m.inst, arn)
			case 3, 4:
				task := genKeptTask(t, rapid.IntRange(0, 19).Draw(t, "task"))
				old, had := m.tasks[task.TaskARN]
				live := task.DesiredStatus != model.DesiredStatusStopped && task.LastStatus != model.TaskStatusStopped
				same := had && live && old.Group == task.Group && old.ContainerInstanceARN == task.ContainerInstanceARN && old.CPU == task.CPU && old.Memory == task.Memory && old.StartedBy == task.StartedBy
				if x.Current(&task) != (same || !had && !live) {
					t.Fatalf("Current(%+v) = %v; held before: %v", task, x.Current(&task), had)
				}
				x.PutTask(task)
				delete(m.tasks, task.TaskARN)
				if task.DesiredStatus != model.DesiredStatusStopped && task.LastStatus != model.TaskStatusStopped {
					m.tasks[task.TaskARN] = task
				}
			case 5:
				arn := taskARN(rapid.IntRange(0, 19).Draw(t, "task"))
				x.RemoveTask(arn)
				delete(m.tasks, arn)
			case 6:
				y := x.Clone()
				live = append(live, kept{y, &keptModel{maps.Clone(m.inst), maps.Clone(m.tasks)}})
			case 7:
				checkPlace(t, x, m)
			case 8:
				checkStop(t, x, m)
			}
			if err := placement.CheckIndex(x); err != nil {
				t.Fatal(err)
			}
		}
		for _, o := range live {
			x, m := o.x, o.m
			inst, tasks := m.slices()
			fresh, err := placement.NewIndex(inst, tasks)
			if err != nil {
				t.Fatal(err)
			}
			if !x.Equal(fresh) || !fresh.Equal(x) {
				t.Fatal("the kept index is not Equal to one built from what it should hold")
			}
			if len(live) > 1 && live[0].x.Equal(live[1].x) != (maps.EqualFunc(live[0].m.inst, live[1].m.inst, func(a, b model.ContainerInstance) bool {
				return reflect.DeepEqual(a, b)
			}) && maps.EqualFunc(live[0].m.tasks, live[1].m.tasks, func(a, b model.Task) bool {
				return a.Group == b.Group && a.ContainerInstanceARN == b.ContainerInstanceARN && a.CPU == b.CPU && a.Memory == b.Memory && a.StartedBy == b.StartedBy
			})) {
				t.Fatal("Equal disagrees with the models")
			}
			if err := placement.CheckIndex(x); err != nil {
				t.Fatal(err)
			}
			checkPlace(t, x, m)
			checkStop(t, x, m)
			groups := map[string]int{}
			for _, task := range m.tasks {
				if _, ok := m.inst[task.ContainerInstanceARN]; ok {
					groups[task.Group]++
				}
			}
			for g, n := range groups {
				if got := x.GroupCount(g); got != n {
					t.Fatalf("GroupCount(%q) = %d; the index holds %d live tasks of it", g, got, n)
				}
			}
			if got := x.GroupCount("no such group"); got != 0 {
				t.Fatalf("GroupCount of a group without tasks = %d", got)
			}
			for _, task := range m.tasks {
				if !x.Current(&task) {
					t.Fatalf("the index is not current with task %s", task.TaskARN)
				}
			}
			var draining []string
			for arn, ci := range m.inst {
				if ci.Status == model.ContainerInstanceStatusDraining {
					draining = append(draining, arn)
				}
			}
			slices.Sort(draining)
			if diff := gocmp.Diff(draining, x.Draining(), cmpopts()); diff != "" {
				t.Fatalf("Draining differs from the model's DRAINING instances (-want +got):\n%s", diff)
			}
			ni, nt := x.Len()
			if ni != len(m.inst) || nt != len(m.tasks) {
				t.Fatalf("Len = %d, %d; want %d, %d", ni, nt, len(m.inst), len(m.tasks))
			}
		}
	})
}

func checkPlace(t *rapid.T, x *placement.Index, m *keptModel) {
	inst, tasks := m.slices()
	req := placementRequest{
		td:          genTaskDefinition(t),
		group:       rapid.SampledFrom(groups).Draw(t, "reqGroup"),
		count:       rapid.IntRange(0, 15).Draw(t, "count"),
		strategy:    genStrategy(t),
		constraints: genConstraints(t),
		seed:        rapid.Uint64().Draw(t, "seed"),
	}
	got, err := x.Place(toRequest(req))
	if err != nil {
		t.Fatal(err)
	}
	c, err := placement.NewCluster(inst, tasks)
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.Place(toRequest(req))
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(want.Placements, got.Placements); diff != "" {
		t.Fatalf("kept index differs from a Cluster built from scratch (-scratch +kept):\n%s", diff)
	}
	if diff := gocmp.Diff(refPlace(inst, tasks, req), got.Placements); diff != "" {
		t.Fatalf("kept index differs from the reference (-want +got):\n%s", diff)
	}
}

func checkStop(t *rapid.T, x *placement.Index, m *keptModel) {
	inst, tasks := m.slices()
	slices.SortFunc(tasks, func(a, b model.Task) int { return compareStrings(a.TaskARN, b.TaskARN) })
	req := genStopRequest(t, tasks)
	got, err := x.ChooseTasksToStop(req)
	if err != nil {
		t.Fatal(err)
	}
	c, err := placement.NewCluster(inst, tasks)
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.ChooseTasksToStop(req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(want, got, cmpopts()); diff != "" {
		t.Fatalf("kept index differs from a Cluster built from scratch (-scratch +kept):\n%s", diff)
	}
	// Stopping means absent: the reference sees the tasks without them.
	gone := map[string]bool{}
	for _, a := range req.Stopping {
		gone[a] = true
	}
	kept := slices.DeleteFunc(slices.Clone(tasks), func(t model.Task) bool { return gone[t.TaskARN] })
	var cands []string
	if listed := listedCandidates(tasks, req); listed != nil {
		cands = slices.DeleteFunc(slices.Clone(listed), func(a string) bool { return gone[a] })
	}
	ref := refStop(inst, kept, req.Group, req.Count, req.Strategy, req.Seed, cands)
	if diff := gocmp.Diff(ref, got, cmpopts()); diff != "" {
		t.Fatalf("kept index differs from the reference (-want +got):\n%s", diff)
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestIndexRejectsRepeatedInstances: as NewCluster.
func TestIndexRejectsRepeatedInstances(t *testing.T) {
	ci := newInstance(instanceOpts{index: 1, az: zones[0], cpu: 1024, mem: 1024})
	if _, err := placement.NewIndex([]model.ContainerInstance{ci, ci}, nil); err == nil {
		t.Fatal("NewIndex accepted a repeated container instance")
	}
}

// TestIndexRelabelsWhenInstancesCrowd registers instances in an order
// that exhausts the room between two ARN labels, and checks the index
// still orders them by ARN.
func TestIndexRelabelsWhenInstancesCrowd(t *testing.T) {
	x, _ := placement.NewIndex(nil, nil)
	req := placement.Request{TaskDefinition: smallTask, Group: "service:web", Count: 1,
		Strategy: []model.PlacementStrategy{{Type: model.PlacementStrategyTypeSpread, Field: "instanceId"}}}
	if _, err := x.Place(req); err != nil { // build an order to maintain
		t.Fatal(err)
	}
	// Each new instance sorts just before the previous one and after
	// instance 0, halving the room between the two labels each time.
	x.PutInstance(newInstance(instanceOpts{index: 0, az: zones[0], cpu: 1 << 20, mem: 1 << 20}))
	const n = 80
	for i := n; i >= 1; i-- {
		x.PutInstance(newInstance(instanceOpts{index: i, az: zones[0], cpu: 1 << 20, mem: 1 << 20}))
	}
	if err := placement.CheckIndex(x); err != nil {
		t.Fatal(err)
	}
	req.Count = n + 1
	res, err := x.Place(req)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Placements {
		if p.ContainerInstanceARN != instanceARN(i) {
			t.Fatalf("placement %d on %s, want %s", i, p.ContainerInstanceARN, instanceARN(i))
		}
	}
}

// TestIndexPutTaskOnCrowdedInstanceCopiesNoList puts 5,000 tasks on one
// instance. Copying the instance's task list on every put, as the index
// once did, allocates about n²/2 ids (some 100 MB here); keeping the lists
// in place allocates a few MB at most.
func TestIndexPutTaskOnCrowdedInstanceCopiesNoList(t *testing.T) {
	ci := model.ContainerInstance{ContainerInstanceARN: "arn:aws:ecs:us-east-1:123456789012:container-instance/c/1",
		Status: model.ContainerInstanceStatusActive, AgentConnected: true,
		RegisteredResources: []model.Resource{{Name: "CPU", Type: "INTEGER", IntegerValue: 1 << 20}, {Name: "MEMORY", Type: "INTEGER", IntegerValue: 1 << 20}},
		Attributes:          []model.Attribute{{Name: "ecs.availability-zone", Value: "us-east-1a"}}}
	ci.RemainingResources = slices.Clone(ci.RegisteredResources)
	x, err := placement.NewIndex([]model.ContainerInstance{ci}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 5000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for k := range n {
		x.PutTask(model.Task{TaskARN: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/c/%032x", k), Group: "service:web",
			ContainerInstanceARN: ci.ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning, LastStatus: model.TaskStatusRunning, CPU: "1", Memory: "1"})
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
		t.Errorf("putting %d tasks on one instance allocated %d MB, want under 16 MB", n, got>>20)
	}
	if _, tasks := x.Len(); tasks != n {
		t.Errorf("index holds %d tasks, want %d", tasks, n)
	}
	y := x.Clone()
	for k := range n / 2 {
		x.RemoveTask(fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/c/%032x", k))
	}
	if _, tasks := y.Len(); tasks != n {
		t.Errorf("clone holds %d tasks after the original dropped half, want %d", tasks, n)
	}
	if err := placement.CheckIndex(y); err != nil {
		t.Errorf("clone: %v", err)
	}
	if err := placement.CheckIndex(x); err != nil {
		t.Errorf("original: %v", err)
	}
}

// TestIndexPlaceOneAllocatesItsResultOnly checks that a kept index places
// one more task of a running service allocating only the result and the
// compiled request: the call's working state is reused between calls and
// a request without a strategy or task-level CPU and memory strings
// compiles without garbage. It failed at 10 allocations before that.
func TestIndexPlaceOneAllocatesItsResultOnly(t *testing.T) {
	inst := benchCluster(300)
	res, err := placement.Place(inst, nil, placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: 300})
	if err != nil || res.Placed() != 300 {
		t.Fatalf("placed %d: %v", res.Placed(), err)
	}
	tasks := make([]model.Task, len(res.Placements))
	for k, p := range res.Placements {
		tasks[k] = model.Task{TaskARN: taskARN(k), Group: "service:web", ContainerInstanceARN: p.ContainerInstanceARN,
			DesiredStatus: model.DesiredStatusRunning, LastStatus: model.TaskStatusRunning, CPU: "256", Memory: "512"}
	}
	x, err := placement.NewIndex(inst, tasks)
	if err != nil {
		t.Fatal(err)
	}
	req := placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: 1}
	if _, err := x.Place(req); err != nil { // builds the order it keeps
		t.Fatal(err)
	}
	if got := testing.AllocsPerRun(100, func() { x.Place(req) }); got > 2 {
		t.Errorf("placing one more task allocates %v times, want at most 2", got)
	}
}

// TestIndexPutInstanceOverwritesItsOwnCopy checks that putting an instance
// the index holds again (as a world does for every instance a step
// reserved resources on) allocates nothing once the index has a copy of
// its own, and that the copies a clone shares or Instance handed out are
// left as they were. It failed at one allocation per put before.
func TestIndexPutInstanceOverwritesItsOwnCopy(t *testing.T) {
	inst := benchCluster(30)
	x, err := placement.NewIndex(inst, nil)
	if err != nil {
		t.Fatal(err)
	}
	ci := inst[7]
	n := 0
	if got := testing.AllocsPerRun(100, func() {
		n++
		ci.RunningTasksCount = int32(n)
		x.PutInstance(ci)
	}); got != 0 {
		t.Errorf("putting a held instance allocates %v times, want 0", got)
	}
	arn := ci.ContainerInstanceARN
	handed := x.Instance(arn)
	was := handed.RunningTasksCount
	y := x.Clone()
	ci.RunningTasksCount = -1
	x.PutInstance(ci)
	if handed.RunningTasksCount != was || y.Instance(arn).RunningTasksCount != was {
		t.Errorf("a put changed the copy Instance handed out (%d) or the clone's (%d), both %d before",
			handed.RunningTasksCount, y.Instance(arn).RunningTasksCount, was)
	}
	if got := x.Instance(arn).RunningTasksCount; got != -1 {
		t.Errorf("the index holds %d tasks running on the instance, put -1", got)
	}
	ci.RunningTasksCount = -2
	y.PutInstance(ci)
	if got := x.Instance(arn).RunningTasksCount; got != -1 {
		t.Errorf("a put into the clone changed the original: %d", got)
	}
}

// TestIndexRandomMatchesCluster checks random, alone and after a spread
// over the zones (which an Index serves from what it keeps), more often
// than the strategies the other tests draw: placements and stops, with
// tasks already stopping, candidates and exceptions, are those of a
// Cluster built from the same instances and tasks.
func TestIndexRandomMatchesCluster(t *testing.T) {
	strategies := [][]model.PlacementStrategy{
		{{Type: model.PlacementStrategyTypeRandom}},
		{{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"}, {Type: model.PlacementStrategyTypeRandom}},
	}
	rapid.Check(t, func(t *rapid.T) {
		inst := genInstances(t, 10)
		tasks := genTasks(t, inst, 30)
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			t.Skip(err)
		}
		c, err := placement.NewCluster(inst, tasks)
		if err != nil {
			t.Fatal(err)
		}
		strategy := rapid.SampledFrom(strategies).Draw(t, "strategy")
		stop := genStopRequest(t, tasks)
		stop.Strategy = strategy
		got, err := x.ChooseTasksToStop(stop)
		if err != nil {
			t.Fatal(err)
		}
		want, err := c.ChooseTasksToStop(stop)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got, cmpopts()); diff != "" {
			t.Fatalf("stops: the index differs from a Cluster (-cluster +index):\n%s", diff)
		}
		req := placement.Request{TaskDefinition: genTaskDefinition(t), Group: rapid.SampledFrom(groups).Draw(t, "group"),
			Count: rapid.IntRange(0, 15).Draw(t, "count"), Strategy: strategy, Constraints: genConstraints(t), Seed: rapid.Uint64().Draw(t, "seed")}
		gotP, err := x.Place(req)
		if err != nil {
			t.Fatal(err)
		}
		wantP, err := c.Place(req)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(wantP.Placements, gotP.Placements); diff != "" {
			t.Fatalf("placements: the index differs from a Cluster (-cluster +index):\n%s", diff)
		}
	})
}
