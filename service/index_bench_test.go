package service_test

import (
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/service"
)

// midDeployment is a 5,000-task service on 5,000 instances in the middle
// of a rolling deployment at minimum 90%, maximum 110%: one batch of new
// tasks already runs, so the next step stops a batch of old tasks and
// starts a batch of new ones.
func midDeployment(b *testing.B) *world {
	w := bigWorld(90, 110)
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(b, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	w.checkBounds = false
	for range 2 {
		w.step(b)
		w.agentFast()
	}
	return w
}

// agentFast plays a minute of the agents' part for big worlds: launched
// tasks run, stopping tasks stop. Resources are not given back (the
// instances have room to spare), which keeps it linear.
func (w *world) agentFast() {
	tasks := make([]model.Task, 0, len(w.tasks))
	for _, tk := range w.tasks {
		switch {
		case tk.LastStatus == model.TaskStatusStopped:
			continue
		case tk.DesiredStatus == model.DesiredStatusStopped:
			tk.LastStatus = model.TaskStatusStopped
			tk.StoppedAt = model.At(w.now)
		case tk.LastStatus != model.TaskStatusRunning:
			tk.LastStatus = model.TaskStatusRunning
			tk.StartedAt = model.At(w.now)
		}
		tasks = append(tasks, tk)
	}
	w.tasks = tasks
	w.now = w.now.Add(time.Minute)
}

// BenchmarkReconcileMidDeployment5000 is one step of a 5,000-task service
// mid-deployment, indexing the cluster from scratch and with the caller's
// kept placement index.
func BenchmarkReconcileMidDeployment5000(b *testing.B) {
	w := midDeployment(b)
	in := w.input()
	want, err := service.Reconcile(in, w.now)
	if err != nil || len(want.Start) == 0 || len(want.Stop) == 0 {
		b.Fatalf("%v starts %d stops %d", err, len(want.Start), len(want.Stop))
	}
	b.Logf("the step starts %d tasks and stops %d", len(want.Start), len(want.Stop))
	b.Run("scratch", func(b *testing.B) {
		b.ReportAllocs()
		cpuLoop(b, func() { service.Reconcile(in, w.now) })
	})
	x, err := placement.NewIndex(w.insts, w.tasks)
	if err != nil {
		b.Fatal(err)
	}
	kept := *in
	kept.Index = x
	b.Run("kept", func(b *testing.B) {
		b.ReportAllocs()
		cpuLoop(b, func() { service.Reconcile(&kept, w.now) })
	})
	// kept+reuse also lends each step the previous step's Start, as a
	// caller that has applied it can (Input.Reuse).
	reuse := kept
	b.Run("kept+reuse", func(b *testing.B) {
		b.ReportAllocs()
		cpuLoop(b, func() {
			st, _ := service.Reconcile(&reuse, w.now)
			reuse.Reuse = st.Start
		})
	})
}
