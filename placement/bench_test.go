package placement_test

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/placement/query"
)

// The benchmarks place a 5,000-task service (ECS's per-service limit) on
// 5,000 instances (ECS's per-cluster limit) over 3 AZs, and on 50,000 to
// show how the cost grows, and report ns per placement decision. The naive
// baseline scans every instance for every task over pre-parsed arrays.

const benchTasks = 5000

var benchTD = &model.TaskDefinition{Family: "web", NetworkMode: model.NetworkModeBridge,
	ContainerDefinitions: []model.ContainerDefinition{{Name: "web", CPU: 256, Memory: model.Int32(512),
		PortMappings: []model.PortMapping{{ContainerPort: model.Int32(80), HostPort: model.Int32(0)}}}}}

var benchTypes = []string{"t3.medium", "m5.large", "c6g.xlarge", "r5.2xlarge"}

func benchCluster(n int) []model.ContainerInstance {
	out := make([]model.ContainerInstance, n)
	for i := range out {
		ci := newInstance(instanceOpts{index: i, az: zones[i%3], cpu: 4096,
			mem: 2048 + int64((i*7919)%16)*256, tcp: []int32{22, 2375, 2376, 51678, 51679}})
		ci.Attributes[2].Value = benchTypes[(i*31)%len(benchTypes)]
		out[i] = ci
	}
	// Registration order is not ARN order.
	for i := range out {
		j := (i * 7919) % n
		out[i], out[j] = out[j], out[i]
	}
	return out
}

var benchCases = []struct {
	name        string
	strategy    []model.PlacementStrategy
	constraints []model.PlacementConstraint
}{
	{name: "default"},
	{name: "spreadAZ+binpackMemory", strategy: []model.PlacementStrategy{
		{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
		{Type: model.PlacementStrategyTypeBinpack, Field: "memory"},
	}},
	{name: "memberOf", constraints: []model.PlacementConstraint{
		{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:ecs.instance-type != t3.medium"},
	}},
}

func BenchmarkPlace(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		c, err := placement.NewCluster(inst, nil)
		if err != nil {
			b.Fatal(err)
		}
		// random after a spread over the zones keeps the instances that fit
		// per zone; random after other rules scans every instance.
		cases := append(benchCases, struct {
			name        string
			strategy    []model.PlacementStrategy
			constraints []model.PlacementConstraint
		}{name: "spreadAZ+random", strategy: []model.PlacementStrategy{
			{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
			{Type: model.PlacementStrategyTypeRandom},
		}})
		for _, bc := range cases {
			req := placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: benchTasks,
				Strategy: bc.strategy, Constraints: bc.constraints}
			b.Run(fmt.Sprintf("%s/instances=%d", bc.name, n), func(b *testing.B) {
				var res placement.Result
				for b.Loop() {
					res, _ = c.Place(req)
				}
				if res.Placed() != benchTasks {
					b.Fatalf("placed %d of %d", res.Placed(), benchTasks)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTasks), "ns/decision")
			})
		}
	}
}

// BenchmarkPlaceWithIndexing includes NewCluster in every iteration: the
// cost of placing from raw model values once.
func BenchmarkPlaceWithIndexing(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		req := placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: benchTasks}
		b.Run(fmt.Sprintf("default/instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := placement.Place(inst, nil, req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchTasks), "ns/decision")
		})
	}
}

func BenchmarkNewCluster(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := placement.NewCluster(inst, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// naiveInstance is the pre-parsed state the naive baseline scans.
type naiveInstance struct {
	arn      string
	az       int
	cpu, mem int64
	count    int
	fields   query.Fields
}

// naiveSetup parses the instances once, sorted by ARN.
func naiveSetup(inst []model.ContainerInstance, expr query.Expr) []naiveInstance {
	st := make([]naiveInstance, len(inst))
	for i, ci := range inst {
		rem := ci.Remaining()
		az := ci.AvailabilityZone()
		st[i] = naiveInstance{arn: ci.ContainerInstanceARN, az: int(az[len(az)-1] - 'a'), cpu: rem.CPU, mem: rem.Memory}
		if expr != nil {
			st[i].fields = query.Fields{Connected: true, Attributes: map[string]string{}}
			for _, a := range ci.Attributes {
				st[i].fields.Attributes[a.Name] = a.Value
			}
		}
	}
	slices.SortFunc(st, func(a, b naiveInstance) int { return cmp.Compare(a.arn, b.arn) })
	return st
}

// naivePlace is the baseline: for every task, scan every instance. It
// changes st.
func naivePlace(st []naiveInstance, count int, binpack bool, expr query.Expr, out []string) []string {
	need := model.ResourcesOf(benchTD)
	var azCount [3]int
	out = out[:0]
	for range count {
		best := -1
		for i := range st {
			s := &st[i]
			if s.cpu < need.CPU || s.mem < need.Memory || expr != nil && !expr.Eval(&s.fields) {
				continue
			}
			if best < 0 {
				best = i
				continue
			}
			b := &st[best]
			if azCount[s.az] != azCount[b.az] {
				if azCount[s.az] < azCount[b.az] {
					best = i
				}
				continue
			}
			if binpack && s.mem < b.mem || !binpack && s.count < b.count {
				best = i
			}
		}
		if best < 0 {
			break
		}
		s := &st[best]
		s.cpu -= need.CPU
		s.mem -= need.Memory
		s.count++
		azCount[s.az]++
		out = append(out, s.arn)
	}
	return out
}

func BenchmarkNaiveScan(b *testing.B) {
	for _, n := range []int{5000, 50000} {
		inst := benchCluster(n)
		for _, bc := range benchCases {
			var expr query.Expr
			if len(bc.constraints) > 0 {
				expr, _ = query.Parse(bc.constraints[0].Expression)
			}
			binpack := len(bc.strategy) > 0
			tasks := benchTasks
			if n > 5000 {
				tasks = 200 // per-decision cost is what matters; keep the run short
			}
			// The baseline must agree with the package.
			want, err := placement.Place(inst, nil, placement.Request{TaskDefinition: benchTD, Group: "service:web",
				Count: tasks, Strategy: bc.strategy, Constraints: bc.constraints})
			if err != nil {
				b.Fatal(err)
			}
			base := naiveSetup(inst, expr)
			st := slices.Clone(base)
			got := naivePlace(st, tasks, binpack, expr, nil)
			for k, p := range want.Placements {
				if got[k] != p.ContainerInstanceARN {
					b.Fatalf("%s: task %d: naive %s, package %s", bc.name, k, got[k], p.ContainerInstanceARN)
				}
			}
			b.Run(fmt.Sprintf("%s/instances=%d", bc.name, n), func(b *testing.B) {
				out := make([]string, 0, tasks)
				for b.Loop() {
					copy(st, base)
					out = naivePlace(st, tasks, binpack, expr, out)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/decision")
			})
		}
	}
}

func BenchmarkChooseTasksToStop(b *testing.B) {
	inst := benchCluster(5000)
	res, err := placement.Place(inst, nil, placement.Request{TaskDefinition: benchTD, Group: "service:web", Count: benchTasks})
	if err != nil {
		b.Fatal(err)
	}
	tasks := make([]model.Task, len(res.Placements))
	for k, p := range res.Placements {
		tasks[k] = model.Task{TaskARN: taskARN(k), Group: "service:web", ContainerInstanceARN: p.ContainerInstanceARN,
			DesiredStatus: model.DesiredStatusRunning, CPU: "256", Memory: "512"}
	}
	c, err := placement.NewCluster(inst, tasks)
	if err != nil {
		b.Fatal(err)
	}
	random := []model.PlacementStrategy{
		{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
		{Type: model.PlacementStrategyTypeRandom},
	}
	for _, strategy := range []struct {
		name  string
		rules []model.PlacementStrategy
	}{{"default", nil}, {"spreadAZ+random", random}} {
		for _, stop := range []int{1, 100, 1000} {
			b.Run(fmt.Sprintf("%s/tasks=5000/stop=%d", strategy.name, stop), func(b *testing.B) {
				for b.Loop() {
					if _, err := c.ChooseTasksToStop(placement.StopRequest{Group: "service:web", Count: stop, Strategy: strategy.rules, Seed: 5}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*stop), "ns/decision")
			})
		}
	}
}
