package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// history is what a run leaves for the chart and the tests.
type history struct {
	Zones     []string
	Revisions []string
	// Samples are the service's tasks just after each scheduler run.
	Samples []sample
	Marks   []mark
	// Settled holds the running task counts each time the service reached
	// a steady state with its deployment COMPLETED.
	Settled []settled
	// Events are every service event written, oldest first.
	Events []string
	// AgentStatuses are the agent update statuses the instance went
	// through, in order.
	AgentStatuses []string
	// Launched counts the tasks placed per revision; Failed those of them
	// that stopped before they ever ran (stopCode TaskFailedToStart).
	Launched map[string]int
	Failed   map[string]int
	End      time.Duration
}

// settled is a steady state: the running tasks and the index in Events
// of the last event written with it.
type settled struct {
	counts
	Event int
}

// sample is the service's tasks at a time: RUNNING, and launched but not
// yet RUNNING.
type sample struct {
	At       time.Duration
	Running  counts
	Starting counts
}

type mark struct {
	At    time.Duration
	Label string
}

// op is something the operator does at a time.
type op struct {
	at time.Time
	do func() error
}

// hook is something the operator does as soon as cond holds.
type hook struct {
	cond func() bool
	do   func() error
}

// simulate runs the scenario on a world built with ECS operations, and
// prints its timeline, read from the world's Timeline, to out.
func simulate(scn *Scenario, seed uint64, out io.Writer) (*history, error) {
	c, err := build(scn.spec(seed))
	if err != nil {
		return nil, err
	}
	r := &runner{c: c, scn: scn, out: out, h: &history{Zones: c.zones, Revisions: c.revisions,
		Launched: map[string]int{}, Failed: map[string]int{}}}
	c.news() // the set-up's records: registrations, CreateService
	fmt.Fprintf(out, "cluster %s: %d container instances (%d CPU units, %d MiB, agent %s) over %s; service %s; seed %d\n",
		scn.Cluster, len(c.instances), scn.InstanceCPU, scn.InstanceMemory, scn.AgentVersion, strings.Join(c.zones, ", "), scn.Service, seed)
	fmt.Fprintln(out, "mm:ss = time elapsed since the start (virtual time)")
	for i := range scn.Actions {
		a := scn.Actions[i]
		r.ops = append(r.ops, op{at: start.Add(time.Duration(a.At)), do: func() error {
			r.h.Marks = append(r.h.Marks, mark{At: c.w.Now().Sub(start), Label: a.Note})
			return r.act(&a)
		}})
	}
	if err := r.loop(start.Add(time.Duration(scn.Until))); err != nil {
		return nil, err
	}
	r.h.End = c.w.Now().Sub(start)
	s, err := c.describe()
	if err != nil {
		return nil, err
	}
	r.say("end: %d tasks running; deployments:", s.RunningCount)
	for _, d := range s.Deployments {
		fmt.Fprintf(out, "       %s %s %s %s running %d, failed tasks %d\n", d.ID, d.Status, d.RolloutState,
			revision(d.TaskDefinition), d.RunningCount, d.FailedTasks)
	}
	return r.h, nil
}

// runner drives one scenario run.
type runner struct {
	c    *cluster
	scn  *Scenario
	out  io.Writer
	h    *history
	ops  []op // by time
	hook *hook
	// since the last sample: service events written, and whether one said
	// the service reached a steady state.
	events     int
	steady     bool
	lastCounts string
}

// say prints a timeline line at the world's time.
func (r *runner) say(format string, args ...any) { r.sayAt(r.c.w.Now(), format, args...) }

func (r *runner) sayAt(at time.Time, format string, args ...any) {
	d := at.Sub(start)
	fmt.Fprintf(r.out, "%02d:%02d  %s\n", int(d.Minutes()), int(d.Seconds())%60, fmt.Sprintf(format, args...))
}

// loop advances the world to end: the operator's actions at their times,
// the hook as soon as its condition holds, and a sample of the service's
// tasks just after every scheduler run (the world runs the scheduler at its
// start and every interval after).
func (r *runner) loop(end time.Time) error {
	w := r.c.w
	nextSample := start
	for {
		for len(r.ops) > 0 && !r.ops[0].at.After(w.Now()) {
			o := r.ops[0]
			r.ops = r.ops[1:]
			if err := o.do(); err != nil {
				return err
			}
		}
		if !w.Now().Before(end) && nextSample.After(end) {
			return nil
		}
		stop := earliest(nextSample, end)
		if len(r.ops) > 0 {
			stop = earliest(stop, r.ops[0].at)
		}
		if r.hook != nil {
			ok, err := w.RunUntil(func(*ecsstate.World) bool { return r.hook.cond() }, stop.Sub(w.Now()))
			if err != nil {
				return err
			}
			if ok {
				if err := r.observe(); err != nil {
					return err
				}
				h := r.hook
				r.hook = nil
				if err := h.do(); err != nil {
					return err
				}
				continue
			}
		} else if err := w.AdvanceTo(stop); err != nil {
			return err
		}
		if err := r.observe(); err != nil {
			return err
		}
		if w.Now().Equal(nextSample) {
			if err := r.sample(); err != nil {
				return err
			}
			nextSample = nextSample.Add(r.c.spec.Interval)
		}
	}
}

// observe prints what the world's timeline gained since the last look:
// service events in ECS's words, agent update stages and connection
// changes. Task status records are not printed (there are many); they
// are counted: tasks launched, and tasks that failed to start.
func (r *runner) observe() error {
	var placedARNs, stoppedARNs []string
	for _, rec := range r.c.news() {
		switch rec.Kind {
		case ecsstate.RecordServiceEvent:
			if rec.Service != r.scn.Service {
				continue
			}
			r.h.Events = append(r.h.Events, rec.Message)
			r.events++
			r.steady = r.steady || strings.HasSuffix(rec.Message, "has reached a steady state.")
			r.sayAt(rec.At, "%s", shorten(rec.Message))
		case ecsstate.RecordAgentUpdate:
			if rec.From == "" || rec.From == rec.To || strings.HasSuffix(rec.Message, "agent update requested") {
				continue // the request itself, printed with the action
			}
			r.h.AgentStatuses = append(r.h.AgentStatuses, rec.To)
			n := r.c.number[rec.Resource]
			if rec.To != string(model.AgentUpdateStatusUpdated) {
				r.sayAt(rec.At, "agent on instance %d: %s → %s", n, rec.From, rec.To)
				continue
			}
			ci, err := r.instance(rec.Resource)
			if err != nil {
				return err
			}
			r.sayAt(rec.At, "agent on instance %d: %s → %s, agent %s, still %s", n, rec.From, rec.To,
				ci.VersionInfo.AgentVersion, plural(int(ci.RunningTasksCount), "running task"))
		case ecsstate.RecordInstanceConnection:
			n := r.c.number[rec.Resource]
			if strings.Contains(rec.Message, "Disconnected") {
				r.sayAt(rec.At, "agent on instance %d disconnected: update stays %s; no task is placed there meanwhile", n, rec.To)
			} else {
				r.sayAt(rec.At, "agent on instance %d connected again: the update resumes from %s", n, rec.To)
			}
		case ecsstate.RecordTaskStatus:
			switch {
			case rec.From == "":
				placedARNs = append(placedARNs, rec.Resource)
			case rec.To == string(model.TaskStatusStopped) && rec.From != string(model.TaskStatusRunning):
				stoppedARNs = append(stoppedARNs, rec.Resource)
			}
		}
	}
	placed, err := r.c.describeTasks(placedARNs)
	if err != nil {
		return err
	}
	for _, t := range placed {
		r.h.Launched[revision(t.TaskDefinitionARN)]++
	}
	stopped, err := r.c.describeTasks(stoppedARNs)
	if err != nil {
		return err
	}
	for _, t := range stopped {
		if t.StopCode == model.TaskStopCodeTaskFailedToStart {
			r.h.Failed[revision(t.TaskDefinitionARN)]++
		}
	}
	return nil
}

// sample records the service's tasks just after a scheduler run, prints
// them when the run wrote service events and they changed, and notes a
// steady state.
func (r *runner) sample() error {
	ts, err := r.c.tasks()
	if err != nil {
		return err
	}
	run := r.c.count(ts, running)
	all := r.c.count(ts, placed)
	starting := r.c.count(ts, func(t *model.Task) bool { return !running(t) })
	r.h.Samples = append(r.h.Samples, sample{At: r.c.w.Now().Sub(start), Running: run, Starting: starting})
	if r.steady {
		s, err := r.c.describe()
		if err != nil {
			return err
		}
		if p := primary(&s); p != nil && p.RolloutState == model.DeploymentRolloutStateCompleted {
			r.h.Settled = append(r.h.Settled, settled{counts: run, Event: len(r.h.Events) - 1})
		}
	}
	if line := countsLine(r.h, all); r.events > 0 && line != r.lastCounts {
		fmt.Fprintf(r.out, "       %s\n", line)
		r.lastCounts = line
	}
	r.events, r.steady = 0, false
	return nil
}

// instance describes a container instance.
func (r *runner) instance(arn string) (model.ContainerInstance, error) {
	res, err := r.c.w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: r.scn.Cluster, ContainerInstances: []string{arn}})
	if err != nil {
		return model.ContainerInstance{}, err
	}
	if len(res.ContainerInstances) != 1 {
		return model.ContainerInstance{}, fmt.Errorf("container instance %s is missing", arn)
	}
	return res.ContainerInstances[0], nil
}

// countsLine renders task counts per zone and per revision.
func countsLine(h *history, c counts) string {
	var b strings.Builder
	b.WriteString("tasks:")
	for _, z := range h.Zones {
		fmt.Fprintf(&b, " %s %d", z, c.ByZone[z])
	}
	b.WriteString(" |")
	for _, r := range h.Revisions {
		if n := c.ByRevision[r]; n > 0 {
			fmt.Fprintf(&b, " %s %d", r, n)
		}
	}
	return b.String()
}

// act carries out one scenario action with a world operation. A request
// the world refuses is printed with ECS's exception, and the run goes on.
func (r *runner) act(a *Action) error {
	w := r.c.w
	switch {
	case a.UpdateService != nil:
		body, err := json.Marshal(a.UpdateService)
		if err != nil {
			return err
		}
		req := *a.UpdateService
		if req.Cluster == "" {
			req.Cluster = r.scn.Cluster
		}
		if req.Service == "" {
			req.Service = r.scn.Service
		}
		before, err := r.c.describe()
		if err != nil {
			return err
		}
		res, err := w.UpdateService(req)
		if err != nil {
			r.say("▶ %s: UpdateService %s refused: %v", a.Note, body, err)
			return nil
		}
		r.say("▶ %s: UpdateService %s", a.Note, body)
		old, now := primary(&before), primary(res.Service)
		if old != nil && now != nil && old.ID != now.ID {
			r.say("  new PRIMARY deployment %s (%s); %s is now ACTIVE", now.ID, now.RolloutState, old.ID)
		}
	case a.DrainInstance != 0:
		res, err := w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: r.scn.Cluster,
			ContainerInstances: []string{r.c.instances[a.DrainInstance-1]}, Status: model.ContainerInstanceStatusDraining})
		if err != nil {
			r.say("▶ %s: UpdateContainerInstancesState refused: %v", a.Note, err)
			return nil
		}
		if len(res.ContainerInstances) != 1 {
			r.say("▶ %s: UpdateContainerInstancesState failed: %+v", a.Note, res.Failures)
			return nil
		}
		ci := res.ContainerInstances[0]
		r.say("▶ %s: instance %d (%s) is %s with %s", a.Note, a.DrainInstance, ci.AvailabilityZone(), ci.Status,
			plural(int(ci.RunningTasksCount), "running task"))
	case a.UpdateAgent != nil:
		return r.updateAgent(a)
	case a.ProtectTasks != nil:
		return r.protectTasks(a)
	}
	return nil
}

// protectTasks calls UpdateTaskProtection on the first tasks of the
// service in task ARN order.
func (r *runner) protectTasks(a *Action) error {
	w := r.c.w
	l, err := w.ListTasks(model.ListTasksRequest{Cluster: r.scn.Cluster, ServiceName: r.scn.Service})
	if err != nil {
		return err
	}
	arns := slices.Sorted(slices.Values(l.TaskARNs))
	arns = arns[:min(len(arns), a.ProtectTasks.Count)]
	if len(arns) == 0 {
		r.say("▶ %s: no task to protect", a.Note)
		return nil
	}
	res, err := w.UpdateTaskProtection(model.UpdateTaskProtectionRequest{Cluster: r.scn.Cluster, Tasks: arns,
		ProtectionEnabled: a.ProtectTasks.ProtectionEnabled, ExpiresInMinutes: a.ProtectTasks.ExpiresInMinutes})
	if err != nil {
		r.say("▶ %s: UpdateTaskProtection refused: %v", a.Note, err)
		return nil
	}
	for _, p := range res.ProtectedTasks {
		if p.ProtectionEnabled {
			r.say("▶ %s: task %s protected until %s", a.Note, shortTask(p.TaskARN), p.ExpirationDate.Time.Sub(start).Round(time.Second))
		} else {
			r.say("▶ %s: task %s no longer protected", a.Note, shortTask(p.TaskARN))
		}
	}
	return nil
}

// shortTask is the first 8 characters of a task ID.
func shortTask(arn string) string {
	id := arn[strings.LastIndexByte(arn, '/')+1:]
	return id[:min(len(id), 8)]
}

// updateAgent calls UpdateContainerAgent; the world's agent then takes the
// update through its stages. With disconnectFor, the agent is disconnected
// as soon as it is STAGING, and reconnected that long after.
func (r *runner) updateAgent(a *Action) error {
	w := r.c.w
	k := a.UpdateAgent.Instance
	arn := r.c.instances[k-1]
	resp, err := w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: r.scn.Cluster, ContainerInstance: arn})
	if err != nil {
		r.say("▶ %s: UpdateContainerAgent on instance %d refused: %v", a.Note, k, err)
		return nil
	}
	ci := resp.ContainerInstance
	r.h.AgentStatuses = append(r.h.AgentStatuses, string(ci.AgentUpdateStatus))
	r.say("▶ %s: UpdateContainerAgent on instance %d (%s): %s, agent %s, %s not interrupted", a.Note, k,
		ci.AvailabilityZone(), ci.AgentUpdateStatus, ci.VersionInfo.AgentVersion, plural(int(ci.RunningTasksCount), "running task"))
	d := time.Duration(a.UpdateAgent.DisconnectFor)
	if d <= 0 {
		return nil
	}
	status := func() model.AgentUpdateStatus {
		ci, err := r.instance(arn)
		if err != nil {
			return ""
		}
		return ci.AgentUpdateStatus
	}
	r.hook = &hook{
		cond: func() bool { return status() != model.AgentUpdateStatusPending },
		do: func() error {
			if status() != model.AgentUpdateStatusStaging {
				return nil // the update moved on (or failed) without staging
			}
			if err := w.SetAgentConnected(r.scn.Cluster, arn, false); err != nil {
				return err
			}
			r.addOp(op{at: w.Now().Add(d), do: func() error { return w.SetAgentConnected(r.scn.Cluster, arn, true) }})
			return nil
		},
	}
	return nil
}

// addOp inserts an operator action in time order (after those at the same
// time).
func (r *runner) addOp(o op) {
	i := slices.IndexFunc(r.ops, func(p op) bool { return p.at.After(o.at) })
	if i < 0 {
		i = len(r.ops)
	}
	r.ops = slices.Insert(r.ops, i, o)
}

// zonesWithinOne reports whether the counts of every pair of zones differ
// by at most one.
func zonesWithinOne(c counts) bool {
	var ns []int
	for _, n := range c.ByZone {
		ns = append(ns, n)
	}
	return len(ns) == 0 || slices.Max(ns)-slices.Min(ns) <= 1
}

// plural writes "1 task", "2 tasks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
