package service_test

import (
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// With maximumPercent 100, tasks on a DRAINING instance are replaced
// stop-first, and the replacement cannot start until the drained task has
// stopped: no step may leave more tasks not yet STOPPED than the desired
// count. "If the maximum is 100%, then replacement tasks can't start until
// the draining tasks have stopped."
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
func TestDrainingAtMaximum100WaitsForTheStop(t *testing.T) {
	for _, minP := range []int32{0, 50, 67} {
		w := newWorld(threeZones(2, 4096, 8192), minP, 100)
		w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(3)})
		w.settle(t, 10)
		drained := w.insts[0].ContainerInstanceARN
		onDrained := 0
		for _, tk := range w.tasks {
			if live(&tk) && tk.ContainerInstanceARN == drained {
				onDrained++
			}
		}
		if onDrained == 0 {
			t.Fatalf("min %d: the drained instance has no task to move", minP)
		}
		w.insts[0].Status = model.ContainerInstanceStatusDraining
		started := 0
		for i := range 30 {
			st := w.step(t)
			started += len(st.Start)
			notStopped := 0
			for _, tk := range w.tasks {
				if tk.LastStatus != model.TaskStatusStopped {
					notStopped++
				}
			}
			if notStopped > 3 {
				t.Fatalf("min %d, step %d: %d tasks not yet STOPPED for a desired count of 3 (started %d, stopping %d)",
					minP, i, notStopped, len(st.Start), len(st.Stop))
			}
			w.agent(t)
		}
		for _, tk := range w.tasks {
			if live(&tk) && tk.ContainerInstanceARN == drained {
				t.Errorf("min %d: task %s still on the draining instance", minP, tk.TaskARN)
			}
		}
		if started != onDrained || service.Stable(&w.svc) != service.WaiterSuccess {
			t.Errorf("min %d: started %d for %d drained tasks; %s", minP, started, onDrained, w.describe())
		}
	}
}
