package placement_test

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// The kept-index benchmarks measure one decision for a service that
// already runs 5,000 tasks (ECS's per-service limit), on 5,000 instances
// (ECS's per-cluster limit) and on 50,000, each beside:
//
//   - naive: a lean scan of every instance (or every task) over
//     pre-parsed arrays, with the group's counts already known;
//   - cluster: Cluster.Place / ChooseTasksToStop on a prebuilt Cluster,
//     which redoes the group's share of the index on every call;
//   - index: Index.Place / ChooseTasksToStop on a kept Index.

// runningService places benchTasks tasks of service:web with the default
// strategy and returns them as running tasks.
func runningService(b *testing.B, inst []model.ContainerInstance) []model.Task {
	res, err := placement.Place(inst, nil, placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: benchTasks})
	if err != nil || res.Placed() != benchTasks {
		b.Fatalf("placed %d: %v", res.Placed(), err)
	}
	tasks := make([]model.Task, len(res.Placements))
	for k, p := range res.Placements {
		tasks[k] = model.Task{TaskARN: taskARN(k), Group: "service:web", ContainerInstanceARN: p.ContainerInstanceARN,
			DesiredStatus: model.DesiredStatusRunning, LastStatus: model.TaskStatusRunning, CPU: "256", Memory: "512"}
	}
	return tasks
}

// naiveService is the pre-parsed state the naive baselines scan: instances
// by ARN with the group's tasks per instance and per AZ, and the tasks by
// (instance, task ARN).
type naiveService struct {
	inst   []naiveInstance
	az     [3]int
	tasks  []naiveTask
	byARN  map[string]int
	needed model.TaskResources
}

type naiveTask struct {
	arn  string
	inst int
}

func newNaiveService(inst []model.ContainerInstance, tasks []model.Task) *naiveService {
	n := &naiveService{inst: naiveSetup(inst, nil), byARN: map[string]int{}, needed: model.ResourcesOf(benchTD)}
	for i := range n.inst {
		n.byARN[n.inst[i].arn] = i
	}
	for _, t := range tasks {
		i := n.byARN[t.ContainerInstanceARN]
		n.inst[i].count++
		n.az[n.inst[i].az]++
		n.tasks = append(n.tasks, naiveTask{t.TaskARN, i})
	}
	slices.SortFunc(n.tasks, func(a, b naiveTask) int { return cmp.Or(cmp.Compare(a.inst, b.inst), cmp.Compare(a.arn, b.arn)) })
	return n
}

// placeOne scans every instance for the default strategy's choice.
func (n *naiveService) placeOne() string {
	best := -1
	for i := range n.inst {
		s := &n.inst[i]
		if s.cpu < n.needed.CPU || s.mem < n.needed.Memory {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := &n.inst[best]
		if n.az[s.az] != n.az[b.az] {
			if n.az[s.az] < n.az[b.az] {
				best = i
			}
			continue
		}
		if s.count < b.count {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return n.inst[best].arn
}

// stopOne scans every task for the default termination order's choice.
func (n *naiveService) stopOne() string {
	best := -1
	for k := range n.tasks {
		t := &n.tasks[k]
		if best < 0 {
			best = k
			continue
		}
		s, b := &n.inst[t.inst], &n.inst[n.tasks[best].inst]
		if n.az[s.az] != n.az[b.az] {
			if n.az[s.az] > n.az[b.az] {
				best = k
			}
			continue
		}
		if s.count > b.count {
			best = k
		}
	}
	if best < 0 {
		return ""
	}
	return n.tasks[best].arn
}

func BenchmarkIndexPlaceOneMore(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		tasks := runningService(b, inst)
		req := placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: 1}
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		c, err := placement.NewCluster(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		naive := newNaiveService(inst, tasks)
		want, _ := c.Place(req)
		got, _ := x.Place(req)
		if w := want.Placements[0].ContainerInstanceARN; got.Placements[0].ContainerInstanceARN != w || naive.placeOne() != w {
			b.Fatalf("cluster %s, index %s, naive %s", w, got.Placements[0].ContainerInstanceARN, naive.placeOne())
		}
		b.Run(fmt.Sprintf("naive/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				naive.placeOne()
			}
		})
		b.Run(fmt.Sprintf("cluster/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				c.Place(req)
			}
		})
		b.Run(fmt.Sprintf("index/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				x.Place(req)
			}
		})
		// index+apply also tells the index about the task (PutTask) and
		// forgets it again, as a caller keeping the index does.
		b.Run(fmt.Sprintf("index+apply/instances=%d", n), func(b *testing.B) {
			t := model.Task{TaskARN: taskARN(1 << 30), Group: "service:web", DesiredStatus: model.DesiredStatusRunning, CPU: "256", Memory: "512"}
			for b.Loop() {
				res, _ := x.Place(req)
				t.ContainerInstanceARN = res.Placements[0].ContainerInstanceARN
				x.PutTask(t)
				x.RemoveTask(t.TaskARN)
			}
		})
	}
}

func BenchmarkIndexStopOne(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		tasks := runningService(b, inst)
		req := placement.StopRequest{Group: "service:web", Count: 1}
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		c, err := placement.NewCluster(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		naive := newNaiveService(inst, tasks)
		want, _ := c.ChooseTasksToStop(req)
		got, _ := x.ChooseTasksToStop(req)
		if !slices.Equal(want, got) || naive.stopOne() != want[0] {
			b.Fatalf("cluster %v, index %v, naive %s", want, got, naive.stopOne())
		}
		b.Run(fmt.Sprintf("naive/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				naive.stopOne()
			}
		})
		b.Run(fmt.Sprintf("cluster/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				c.ChooseTasksToStop(req)
			}
		})
		b.Run(fmt.Sprintf("index/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				x.ChooseTasksToStop(req)
			}
		})
	}
}

// BenchmarkIndexPlaceBatch places a whole 5,000-task service on a kept
// index, for comparison with BenchmarkPlace's prebuilt Cluster.
func BenchmarkIndexPlaceBatch(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		x, err := placement.NewIndex(inst, nil)
		if err != nil {
			b.Fatal(err)
		}
		req := placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: benchTasks}
		b.Run(fmt.Sprintf("default/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				x.Place(req)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTasks), "ns/decision")
		})
	}
}

func BenchmarkNewIndex(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		tasks := runningService(b, inst)
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				placement.NewIndex(inst, tasks)
			}
		})
	}
}

// BenchmarkIndexClone copies a kept index of a 5,000-task service (with
// its orders built), as a what-if copy of a world does.
func BenchmarkIndexClone(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		tasks := runningService(b, inst)
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		x.Place(placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: 1})
		x.ChooseTasksToStop(placement.StopRequest{Group: "service:web", Count: 1})
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x.Clone()
			}
		})
	}
}

// BenchmarkIndexPutTaskOneInstance puts n tasks of one group on a single
// instance (an instance with thousands of small tasks, or a fuzzer's
// worst case) and removes them again, beside a naive baseline that keeps
// the same per-instance list of task ids in a plain slice.
func BenchmarkIndexPutTaskOneInstance(b *testing.B) {
	inst := benchCluster(3)[:1]
	for _, n := range []int{5000, 50000} {
		tasks := make([]model.Task, n)
		for k := range tasks {
			tasks[k] = model.Task{TaskARN: taskARN(k), Group: "service:web", ContainerInstanceARN: inst[0].ContainerInstanceARN,
				DesiredStatus: model.DesiredStatusRunning, LastStatus: model.TaskStatusRunning, CPU: "1", Memory: "1"}
		}
		b.Run(fmt.Sprintf("naive/tasks=%d", n), func(b *testing.B) {
			for b.Loop() {
				var held []int
				byARN := map[string]int{}
				for k := range tasks {
					byARN[tasks[k].TaskARN] = k
					held = append(held, k)
				}
				for k := range tasks {
					j := slices.Index(held, byARN[tasks[k].TaskARN])
					held = slices.Delete(held, j, j+1)
					delete(byARN, tasks[k].TaskARN)
				}
			}
		})
		b.Run(fmt.Sprintf("index/tasks=%d", n), func(b *testing.B) {
			for b.Loop() {
				x, err := placement.NewIndex(inst, nil)
				if err != nil {
					b.Fatal(err)
				}
				for k := range tasks {
					x.PutTask(tasks[k])
				}
				for k := range tasks {
					x.RemoveTask(tasks[k].TaskARN)
				}
			}
		})
	}
}

// BenchmarkIndexPlaceRandomOneMore places one more task of a 5,000-task
// service with spread over the zones then random on a kept index that has
// just changed (the task is put and forgotten each time, as a caller
// keeping the index does). The baseline, rebuild, asks the Cluster of the
// index's contents, which a change makes it build anew: what the index did
// for random before it served random itself.
func BenchmarkIndexPlaceRandomOneMore(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		tasks := runningService(b, inst)
		req := placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: 1, Seed: 3, Strategy: []model.PlacementStrategy{
			{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
			{Type: model.PlacementStrategyTypeRandom},
		}}
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		want, _ := x.Cluster().Place(req)
		got, _ := x.Place(req)
		if w := want.Placements[0].ContainerInstanceARN; got.Placements[0].ContainerInstanceARN != w {
			b.Fatalf("cluster %s, index %s", w, got.Placements[0].ContainerInstanceARN)
		}
		t := model.Task{TaskARN: taskARN(1 << 30), Group: "service:web", DesiredStatus: model.DesiredStatusRunning, CPU: "256", Memory: "512"}
		for _, way := range []struct {
			name  string
			place func() (placement.Result, error)
		}{{"rebuild", func() (placement.Result, error) { return x.Cluster().Place(req) }}, {"index", func() (placement.Result, error) { return x.Place(req) }}} {
			b.Run(fmt.Sprintf("%s/instances=%d", way.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					res, _ := way.place()
					t.ContainerInstanceARN = res.Placements[0].ContainerInstanceARN
					x.PutTask(t)
					x.RemoveTask(t.TaskARN)
				}
			})
		}
	}
}

// BenchmarkIndexStopRandom chooses 1,000 of a 5,000-task service's tasks
// to stop with spread over the zones then random on a kept index that has
// just changed; the baseline, rebuild, asks the Cluster of the index's
// contents, which the change makes it build anew: what the index did for
// random before it served random itself.
func BenchmarkIndexStopRandom(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		tasks := runningService(b, inst)
		req := placement.StopRequest{Group: "service:web", Count: 1000, Seed: 3, Strategy: []model.PlacementStrategy{
			{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
			{Type: model.PlacementStrategyTypeRandom},
		}}
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			b.Fatal(err)
		}
		want, _ := x.Cluster().ChooseTasksToStop(req)
		got, _ := x.ChooseTasksToStop(req)
		if !slices.Equal(want, got) || len(got) != req.Count {
			b.Fatalf("cluster and index differ, or stop %d of %d", len(got), req.Count)
		}
		t := model.Task{TaskARN: taskARN(1 << 30), Group: "service:other", DesiredStatus: model.DesiredStatusRunning,
			ContainerInstanceARN: inst[0].ContainerInstanceARN, CPU: "1", Memory: "1"}
		for _, way := range []struct {
			name string
			stop func() ([]string, error)
		}{{"rebuild", func() ([]string, error) { return x.Cluster().ChooseTasksToStop(req) }}, {"index", func() ([]string, error) { return x.ChooseTasksToStop(req) }}} {
			b.Run(fmt.Sprintf("%s/instances=%d", way.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					way.stop()
					x.PutTask(t)
					x.RemoveTask(t.TaskARN)
				}
			})
		}
	}
}
