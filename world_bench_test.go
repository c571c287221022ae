package ecsstate

import (
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// benchTasks is DescribeTasks of 100 running service tasks.
func benchTasks(b *testing.B) (*World, model.DescribeTasksRequest) {
	f := newFixture(b, 30)
	f.service(b, "s", "web", 100)
	f.advance(b, 2*time.Minute)
	l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c"}))(b)
	if len(l.TaskARNs) != 100 {
		b.Fatalf("%d tasks", len(l.TaskARNs))
	}
	return f.w, model.DescribeTasksRequest{Cluster: "c", Tasks: l.TaskARNs}
}

// BenchmarkDescribeTasks100 measures DescribeTasks of 100 tasks, whose
// response is a deep copy detached from the world.
func BenchmarkDescribeTasks100(b *testing.B) {
	w, req := benchTasks(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.DescribeTasks(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDescribeTasks100Shallow is the naive baseline: the same tasks
// copied by value, sharing their slices and pointers with the world.
func BenchmarkDescribeTasks100Shallow(b *testing.B) {
	w, req := benchTasks(b)
	cs := w.clusters["c"]
	b.ReportAllocs()
	for b.Loop() {
		out := make([]model.Task, 0, len(req.Tasks))
		for _, id := range req.Tasks {
			t, err := cs.lookupTask(id)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, *t)
		}
		_ = out
	}
}
