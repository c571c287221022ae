package main

import (
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/ecsstate/ecsstate/examples/internal/sim"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// scaleWorld is the scale test's starting point: n instances over three
// zones (4 vCPU, 16 GiB each), service web steady at n RUNNING tasks of
// web:1 (one per instance), minimum 50%, maximum 200%.
func scaleWorld(n int, seed uint64) (*sim.World, error) {
	w, err := sim.Build(sim.Spec{
		Account: model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
		Cluster: "scale", Zones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		Instances: n, InstanceCPU: 4096, InstanceMemory: 16384, AgentVersion: "1.87.0", Service: "web",
		TaskDefs:   []sim.TaskDef{{Revision: 1, CPU: 256, Memory: 512}, {Revision: 2, CPU: 256, Memory: 512}},
		Deployment: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)},
	}, start, seed)
	if err != nil {
		return nil, err
	}
	w.Behaviour.Start = sim.Delay{Min: 5 * time.Second, Max: 25 * time.Second}
	w.Behaviour.Stop = sim.Delay{Min: 2 * time.Second, Max: 30 * time.Second}
	return w, w.Populate(n)
}

// deployToSteadyState updates the service to web:2 and runs the world
// until the deployment has completed and the service is steady (at most
// two simulated hours).
func deployToSteadyState(w *sim.World) error {
	if _, err := w.UpdateService(model.UpdateServiceRequest{TaskDefinition: "web:2"}); err != nil {
		return err
	}
	w.Start()
	done, err := w.RunUntil(w.Now.Add(2*time.Hour), (*sim.World).Settled)
	if err != nil {
		return err
	}
	if !done {
		return fmt.Errorf("no steady state after two simulated hours")
	}
	if c := w.Count(); c.ByRevision["web:2"] != int(w.Service.DesiredCount) || c.Total != int(w.Service.DesiredCount) {
		return fmt.Errorf("steady with %v", c.ByRevision)
	}
	return nil
}

// runScale is -size: the whole rolling deployment of an n-task service on
// n instances, with what it cost. The set-up (building the cluster and its
// n running tasks) is not counted. Peak heap is sampled after every
// scheduler step.
func runScale(out io.Writer, n int, seed uint64) error {
	w, err := scaleWorld(n, seed)
	if err != nil {
		return err
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak, allocBefore := ms.HeapAlloc, ms.HeapAlloc, ms.TotalAlloc
	steps := 0
	w.OnStep = func(*sim.World, *service.Step) {
		steps++
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	began := time.Now()
	cpuBefore, cpuOK := processCPU()
	if err := deployToSteadyState(w); err != nil {
		return err
	}
	wall := time.Since(began)
	cpuAfter, _ := processCPU()
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(out, "rolling deployment of %d tasks on %d instances over 3 zones (minimum 50%%, maximum 200%%), seed %d:\n", n, n, seed)
	fmt.Fprintf(out, "  steady on web:2 after %s of simulated time and %d scheduler steps\n", w.Now.Sub(start), steps)
	cpu := "CPU time not measured on this platform"
	if cpuOK {
		cpu = fmt.Sprintf("%.3f s CPU (all threads, garbage collector included)", (cpuAfter - cpuBefore).Seconds())
	}
	fmt.Fprintf(out, "  %.3f s wall, %s\n  peak heap %.1f MB (%.1f MB before the deployment), %.1f MB allocated in all\n",
		wall.Seconds(), cpu, float64(peak)/1e6, float64(base)/1e6, float64(ms.TotalAlloc-allocBefore)/1e6)
	return nil
}
