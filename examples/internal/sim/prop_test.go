package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// genWorld is a small cluster with a service that scales and deploys,
// with random start and stop delays and random start failures.
func genWorld(t *rapid.T) *World {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}[:rapid.IntRange(1, 3).Draw(t, "zones")]
	minP := int32(rapid.IntRange(0, 100).Draw(t, "min"))
	maxP := int32(rapid.IntRange(100, 200).Draw(t, "max"))
	w, err := Build(Spec{
		Account: model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
		Cluster: "prop", Zones: zones, Instances: rapid.IntRange(1, 8).Draw(t, "instances"),
		InstanceCPU: 1024, InstanceMemory: 2048, AgentVersion: "1.87.0", Service: "web",
		TaskDefs: []TaskDef{{Revision: 1, CPU: 256, Memory: 512}, {Revision: 2, CPU: 128, Memory: 256}},
		Deployment: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(minP), MaximumPercent: model.Int32(maxP),
			DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: true, Rollback: true}},
	}, t0, rapid.Uint64().Draw(t, "seed"))
	if err != nil {
		t.Fatal(err)
	}
	w.Behaviour.Start = Delay{time.Duration(rapid.IntRange(0, 30).Draw(t, "start")) * time.Second, 40 * time.Second}
	w.Behaviour.Stop = Delay{0, time.Duration(rapid.IntRange(0, 60).Draw(t, "stop")) * time.Second}
	w.Behaviour.FailRate = rapid.Float64Range(0, 0.5).Draw(t, "failRate")
	return w
}

// TestInstanceAccountingMatchesTasks: whatever the scheduler and the agents
// do, every instance's pending and running counts and remaining CPU and
// memory agree with the tasks placed on it that have not stopped. This is
// the example loop's part of the contract with service.ApplyStep (which
// reserves) and model.StartTask / model.ReleaseTask (which the loop calls).
func TestInstanceAccountingMatchesTasks(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		desired := int32(rapid.IntRange(0, 12).Draw(t, "desired"))
		w.At(t0, func(w *World) error {
			_, err := w.UpdateService(model.UpdateServiceRequest{DesiredCount: model.Int32(desired)})
			return err
		})
		w.At(t0.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "deployAt"))*time.Second), func(w *World) error {
			_, err := w.UpdateService(model.UpdateServiceRequest{TaskDefinition: "web:2"})
			return err
		})
		check := func(w *World) bool {
			if err := accounting(w); err != nil {
				t.Fatalf("at %s: %v", w.Now.Sub(t0), err)
			}
			return false
		}
		w.Start()
		if _, err := w.RunUntil(t0.Add(20*time.Minute), check); err != nil {
			t.Fatal(err)
		}
	})
}

func accounting(w *World) error {
	type use struct {
		pending, running int32
		cpu, mem         int64
	}
	uses := map[string]*use{}
	for i := range w.Tasks {
		tk := &w.Tasks[i]
		if tk.LastStatus == model.TaskStatusStopped {
			continue
		}
		u := uses[tk.ContainerInstanceARN]
		if u == nil {
			u = &use{}
			uses[tk.ContainerInstanceARN] = u
		}
		if tk.LastStatus == model.TaskStatusRunning {
			u.running++
		} else {
			u.pending++
		}
		r := w.taskResources(tk.TaskDefinitionARN)
		u.cpu += r.CPU
		u.mem += r.Memory
	}
	for i := range w.Instances {
		ci := &w.Instances[i]
		u := uses[ci.ContainerInstanceARN]
		if u == nil {
			u = &use{}
		}
		rem, reg := ci.Remaining(), ci.Registered()
		if ci.PendingTasksCount != u.pending || ci.RunningTasksCount != u.running || rem.CPU != reg.CPU-u.cpu || rem.Memory != reg.Memory-u.mem {
			return fmt.Errorf("instance %d: pending %d running %d cpu %d mem %d; tasks say pending %d running %d cpu %d mem %d",
				i+1, ci.PendingTasksCount, ci.RunningTasksCount, rem.CPU, rem.Memory, u.pending, u.running, reg.CPU-u.cpu, reg.Memory-u.mem)
		}
	}
	return nil
}

// TestSameSeedSameWorld: the loop is deterministic.
func TestSameSeedSameWorld(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		var worlds [2]*World
		for k := range worlds {
			w, err := Build(Spec{
				Account: model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
				Cluster: "prop", Zones: []string{"a", "b"}, Instances: 4, InstanceCPU: 1024, InstanceMemory: 2048,
				AgentVersion: "1.87.0", Service: "web", TaskDefs: []TaskDef{{Revision: 1, CPU: 256, Memory: 512}},
			}, t0, seed)
			if err != nil {
				t.Fatal(err)
			}
			w.Behaviour = Behaviour{Start: Delay{0, time.Minute}, Stop: Delay{0, time.Minute}, FailRate: 0.2}
			if _, err := w.UpdateService(model.UpdateServiceRequest{DesiredCount: model.Int32(6)}); err != nil {
				t.Fatal(err)
			}
			w.Start()
			if _, err := w.RunUntil(t0.Add(10*time.Minute), nil); err != nil {
				t.Fatal(err)
			}
			worlds[k] = w
		}
		a, b := worlds[0], worlds[1]
		if diff := cmp.Diff([]any{a.Service, a.Tasks, a.Instances}, []any{b.Service, b.Tasks, b.Instances}); diff != "" {
			t.Fatalf("two runs with the same seed differ:\n%s", diff)
		}
	})
}
