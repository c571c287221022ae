package service_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// bigWorld is 5,000 instances over 3 zones running one healthy task each
// of service web (desired 5,000), under the given percentages.
func bigWorld(minP, maxP int32) *world {
	var insts []model.ContainerInstance
	for i := range 5000 {
		insts = append(insts, instanceAt(i, fmt.Sprintf("us-east-1%c", 'a'+i%3), 4096, 16384))
	}
	w := newWorld(insts, minP, maxP)
	w.svc.DesiredCount = 5000
	p := &w.svc.Deployments[0]
	p.DesiredCount, p.RunningCount = 5000, 5000
	w.svc.RunningCount = 5000
	for i := range 5000 {
		w.tasks = append(w.tasks, model.Task{
			TaskARN: wacct.TaskARN("prod", fmt.Sprintf("%032x", 1<<40+i)), ClusterARN: w.svc.ClusterARN,
			TaskDefinitionARN: w.tds[0].TaskDefinitionARN, ContainerInstanceARN: insts[i].ContainerInstanceARN,
			LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning, Group: "service:web",
			StartedBy: p.ID, StartedAt: model.At(t0.Add(-time.Hour)), Version: 2,
		})
	}
	return w
}

// BenchmarkReconcileSteady5000 is one step of a steady 5,000-task service
// on 5,000 instances: classify every task, find nothing to do.
func BenchmarkReconcileSteady5000(b *testing.B) {
	w := bigWorld(100, 200)
	in := w.input()
	b.ReportAllocs()
	cpuLoop(b, func() {
		st, err := service.Reconcile(in, w.now)
		if err != nil || len(st.Start)+len(st.Stop) != 0 {
			b.Fatalf("%v %d %d", err, len(st.Start), len(st.Stop))
		}
	})
}

// cpuLoop runs body in b.Loop and reports the process's CPU time per
// iteration as cpu-ns/op beside ns/op: on a machine shared with other
// work, wall time also counts the time others hold the cores.
func cpuLoop(b *testing.B, body func()) {
	start, ok := processCPU()
	for b.Loop() {
		body()
	}
	if end, ok2 := processCPU(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkReconcileDeployment5000 is the first step of a deployment of a
// 5,000-task service on 5,000 instances at minimum 50%, maximum 150%: it
// stops 2,500 old tasks in termination order and places 5,000 new ones.
func BenchmarkReconcileDeployment5000(b *testing.B) {
	w := bigWorld(50, 150)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(b, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	in := w.input()
	cpuLoop(b, func() {
		st, err := service.Reconcile(in, w.now)
		if err != nil || len(st.Start) != 5000 || len(st.Stop) != 2500 {
			b.Fatalf("%v starts %d stops %d", err, len(st.Start), len(st.Stop))
		}
	})
}
