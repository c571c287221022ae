package service_test

import (
	"testing"

	"pgregory.net/rapid"

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

// Property: whatever instances drain and whenever the agent reports,
// tasks leaving a DRAINING instance count toward maximumPercent until
// they have STOPPED, so after every step the live tasks plus those not yet
// stopped on draining instances stay within the ceiling.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
func TestDrainingHoldsRoomProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		minP := rapid.Int32Range(0, 100).Draw(rt, "min")
		maxP := rapid.Int32Range(100, 200).Draw(rt, "max")
		desired := rapid.Int32Range(1, 6).Draw(rt, "desired")
		w := newWorld(threeZones(2, 4096, 8192), minP, maxP)
		w.update(rt, model.UpdateServiceRequest{DesiredCount: model.Int32(desired)})
		w.settle(rt, 20)
		ceiling := int(desired) * int(maxP) / 100
		for range rapid.IntRange(1, 25).Draw(rt, "steps") {
			if rapid.IntRange(0, 3).Draw(rt, "drain?") == 0 {
				i := rapid.IntRange(0, len(w.insts)-1).Draw(rt, "instance")
				w.insts[i].Status = model.ContainerInstanceStatusDraining
			}
			w.step(rt)
			draining := map[string]bool{}
			for _, ci := range w.insts {
				draining[ci.ContainerInstanceARN] = ci.Status == model.ContainerInstanceStatusDraining
			}
			n := 0
			for _, tk := range w.tasks {
				if live(&tk) || tk.LastStatus != model.TaskStatusStopped && draining[tk.ContainerInstanceARN] {
					n++
				}
			}
			if n > ceiling {
				rt.Fatalf("%d tasks live or leaving a draining instance, ceiling %d (desired %d, max %d%%)", n, ceiling, desired, maxP)
			}
			if rapid.Bool().Draw(rt, "agent") {
				w.agent(rt)
			}
		}
	})
}
