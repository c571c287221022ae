package service_test

import (
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/service"
)

// BenchmarkReconcileDaemon5000 is one step of a DAEMON service on 5,000
// instances (ECS's per-cluster limit), steady and at the first step of a
// deployment (minimum 50%: 2,500 stops), indexing the cluster from
// scratch and with the caller's kept placement index.
func BenchmarkReconcileDaemon5000(b *testing.B) {
	for _, deploy := range []bool{false, true} {
		w := bigWorld(50, 100)
		w.svc.SchedulingStrategy = model.SchedulingStrategyDaemon
		w.checkBounds = false
		name := "steady"
		if deploy {
			name = "deployment"
			w.tds = append(w.tds, taskDef("web", 2, 256))
			w.update(b, model.UpdateServiceRequest{TaskDefinition: "web:2"})
		}
		in := w.input()
		st, err := service.Reconcile(in, w.now)
		if err != nil || deploy != (len(st.Stop) == 2500) {
			b.Fatalf("%s: %v, %d stops", name, err, len(st.Stop))
		}
		x, err := placement.NewIndex(w.insts, w.tasks)
		if err != nil {
			b.Fatal(err)
		}
		kept := *in
		kept.Index = x
		b.Run(name+"/scratch", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				service.Reconcile(in, w.now)
			}
		})
		b.Run(name+"/kept", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				service.Reconcile(&kept, w.now)
			}
		})
	}
}
