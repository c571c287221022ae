package placement_test

import (
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/placement/query"
)

// BenchmarkDaemon evaluates a daemon task with a memberOf constraint on
// 5,000 instances (ECS's per-cluster limit), against a naive baseline that
// reads every instance through model's helpers (attributes into a map,
// Remaining, Fits) with the expression parsed once. Reported per instance.
func BenchmarkDaemon(b *testing.B) {
	insts := benchCluster(5000)
	cons := []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:ecs.instance-type =~ m5.*"}}
	req := placement.Request{TaskDefinition: benchTD, Group: "service:agent", Constraints: cons}
	c, err := placement.NewCluster(insts, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Daemon(req); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(insts)), "ns/instance")
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		need := model.ResourcesOf(benchTD)
		x, err := query.Parse(cons[0].Expression)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			n := 0
			for i := range insts {
				ci := &insts[i]
				f := query.Fields{Connected: ci.AgentConnected, Attributes: map[string]string{}}
				for _, a := range ci.Attributes {
					f.Attributes[a.Name] = a.Value
				}
				if ci.Status == model.ContainerInstanceStatusActive && x.Eval(f) {
					if ok, _ := ci.Remaining().Fits(need); ok {
						n++
					}
				}
			}
			_ = n
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(insts)), "ns/instance")
	})
}
