package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// scaleWorld is the scale test's starting point, built with world
// operations: n instances over three zones (4 vCPU, 16 GiB each), service
// web created at n tasks of web:1 (minimum 50%, maximum 200%) and run
// until its deployment has completed and it is steady.
func scaleWorld(n int, seed uint64) (*cluster, error) {
	agent := ecsstate.DefaultAgent()
	agent.Provision = ecsstate.Fixed(0)
	agent.Pull = ecsstate.Delay{Min: 5 * time.Second, Max: 25 * time.Second}
	agent.Stop = ecsstate.Delay{Min: 2 * time.Second, Max: 30 * time.Second}
	c, err := build(clusterSpec{
		Account: model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
		Cluster: "scale", Zones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		Instances: n, InstanceCPU: 4096, InstanceMemory: 16384, AgentVersion: "1.87.0", LatestAgent: "1.87.0", Service: "web",
		TaskDefs:   []TaskDef{{Revision: 1, CPU: 256, Memory: 512}, {Revision: 2, CPU: 256, Memory: 512}},
		Desired:    int32(n),
		Deployment: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)},
		Interval:   15 * time.Second, Agent: agent, Seed: seed,
		DiscardTimeline: true, // nothing here reads it
	})
	if err != nil {
		return nil, err
	}
	ok, err := c.runEvery(2*time.Hour, c.settled)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("the %d-task service is not steady after two simulated hours", n)
	}
	c.w.ForgetTimeline(c.seen) // the set-up's records
	return c, nil
}

// deployToSteadyState updates the service to web:2 and runs the world
// until the deployment has completed and the service is steady (at most
// two simulated hours); it returns the scheduler runs it took. each, when
// set, runs after every scheduler run. The world keeps no timeline (see
// scaleWorld); one that did would have it dropped as it grows.
func deployToSteadyState(c *cluster, each func()) (int, error) {
	if _, err := c.w.UpdateService(model.UpdateServiceRequest{Cluster: c.spec.Cluster, Service: c.spec.Service, TaskDefinition: "web:2"}); err != nil {
		return 0, err
	}
	steps := 0
	ok, err := c.runEvery(2*time.Hour, func() (bool, error) {
		steps++
		if each != nil {
			each()
		}
		c.news()
		c.w.ForgetTimeline(c.seen)
		return c.settled()
	})
	if err != nil {
		return steps, err
	}
	if !ok {
		return steps, fmt.Errorf("no steady state after two simulated hours")
	}
	s, err := c.describe()
	if err != nil {
		return steps, err
	}
	if revision(s.TaskDefinition) != "web:2" || s.RunningCount != s.DesiredCount {
		return steps, fmt.Errorf("steady on %s with %d of %d running", revision(s.TaskDefinition), s.RunningCount, s.DesiredCount)
	}
	return steps, nil
}

// runScale is -size: the whole rolling deployment of an n-task service on
// n instances, with what it cost. The set-up (registering the cluster and
// running its n tasks) is not counted in the times; the peak resident
// memory is the whole process's, set-up included, as the operating system
// counts it (getrusage's maxrss), not a sample of the Go heap.
//
// Unless GOMEMLIMIT says otherwise, the run sets a soft memory limit
// (runtime/debug.SetMemoryLimit) of 40 MiB plus 4.5 KiB per task, about
// twice what the world keeps per task, so that the garbage collector runs
// before the heap doubles rather than after: a program embedding the world
// at this scale would do the same. (At 50,000 tasks a limit of 4 KiB per
// task costs 40% more CPU in collections; none lets the peak pass 290 MB.)
func runScale(out io.Writer, n int, seed uint64) error {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(scaleMemoryLimit(n)))
	}
	c, err := scaleWorld(n, seed)
	if err != nil {
		return err
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, allocBefore := ms.HeapAlloc, ms.TotalAlloc
	began, simBegan := time.Now(), c.w.Now()
	cpuBefore, cpuOK := processCPU()
	steps, err := deployToSteadyState(c, nil)
	if err != nil {
		return err
	}
	wall := time.Since(began)
	cpuAfter, _ := processCPU()
	rss, rssOK := peakRSS()
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(out, "rolling deployment of %d tasks on %d instances over 3 zones (minimum 50%%, maximum 200%%), seed %d:\n", n, n, seed)
	fmt.Fprintf(out, "  steady on web:2 after %s of simulated time and %d scheduler steps\n", c.w.Now().Sub(simBegan), steps)
	cpu := "CPU time not measured on this platform"
	if cpuOK {
		d := cpuAfter.minus(cpuBefore)
		cpu = fmt.Sprintf("%.3f s CPU (all threads, garbage collector included): %.3f s user, %.3f s system, %d page faults",
			(d.User + d.System).Seconds(), d.User.Seconds(), d.System.Seconds(), d.Faults)
	}
	mem := "peak resident memory not measured on this platform"
	if rssOK {
		mem = fmt.Sprintf("peak resident memory %.1f MB (the whole process, set-up included)", float64(rss)/1e6)
	}
	fmt.Fprintf(out, "  %.3f s wall, %s\n  %s\n  heap %.1f MB before the deployment, %.1f MB allocated during it\n",
		wall.Seconds(), cpu, mem, float64(base)/1e6, float64(ms.TotalAlloc-allocBefore)/1e6)
	return nil
}

// cpuUse is what the process has used so far, as getrusage(2) counts it.
// The system time is reported apart from the user time because on a
// virtual machine most of it is the kernel handing the process fresh
// memory pages (a page fault each 4 KiB the heap grows into), whose cost
// varies with the host far more than the program's own work does.
type cpuUse struct {
	User, System time.Duration
	Faults       int64
}

// minus is the use between before and u.
func (u cpuUse) minus(before cpuUse) cpuUse {
	return cpuUse{User: u.User - before.User, System: u.System - before.System, Faults: u.Faults - before.Faults}
}

// scaleMemoryLimit is -size's soft memory limit for n tasks on n
// instances: 40 MiB plus 4.5 KiB per task.
func scaleMemoryLimit(n int) int64 { return 40<<20 + 9<<9*int64(n) }
