package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
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
	// DaemonEvents are the daemons' service events, oldest first.
	DaemonEvents map[string][]string
	// Daemons are the daemons' tasks after each scheduler run after which
	// the daemon was settled (ServicesStable, its deployment COMPLETED),
	// kept when the run before left the daemon unsettled or different.
	Daemons []daemonState
	// Protections are the protections the scenario's actions set.
	Protections []protection
	// Traffic is the traffic per revision after each scheduler run, and
	// StageMarks the lifecycle stages of the traffic-shifting deployments
	// (traffic.go).
	Traffic    []trafficSample
	StageMarks []stageMark
	// Unwanted is, per task ARN, the first scheduler run after which the
	// scheduler no longer wanted the task (ListTasks, desired status
	// RUNNING, stopped listing it): when it was told to stop.
	Unwanted map[string]time.Duration
}

// daemonState is a daemon's tasks at a time: the instances it should run
// on (ACTIVE, agent connected) and its RUNNING tasks per instance, by
// instance number.
type daemonState struct {
	At       time.Duration
	Service  string
	Eligible []int
	Running  map[int]int
}

// protection is a task protected from From until Until: its expiration
// date, or the time an action cleared it.
type protection struct {
	Task, Service string
	From, Until   time.Duration
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
		Launched: map[string]int{}, Failed: map[string]int{}, DaemonEvents: map[string][]string{}, Unwanted: map[string]time.Duration{}},
		daemons: map[string]bool{}, daemonLines: map[string]string{}, daemonLast: map[string]string{}, wanted: map[string]bool{}, protected: map[string]time.Time{},
		traffic: traffic{runs: map[string]int{}, revisions: map[string]string{}, answered: map[string]bool{}}}
	for _, d := range scn.Daemons {
		r.daemons[d.Service] = true
	}
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
	for _, dm := range scn.Daemons {
		s, err := c.describeService(dm.Service)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "       daemon %s: %d tasks running of %d desired; deployments:", dm.Service, s.RunningCount, s.DesiredCount)
		for _, d := range s.Deployments {
			fmt.Fprintf(out, " %s %s %s %s", d.ID, d.Status, d.RolloutState, revision(d.TaskDefinition))
		}
		fmt.Fprintln(out)
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
	// daemons names the daemon services; daemonEvents counts their events
	// since the last sample, daemonLines is the last line printed for each.
	daemons      map[string]bool
	daemonEvents int
	daemonLines  map[string]string
	// daemonLast is each daemon's state at the last sample.
	daemonLast map[string]string
	// wanted: the tasks ECS wanted running at the last sample.
	wanted map[string]bool
	// protected: the tasks the actions protected, with their expiration.
	protected map[string]time.Time
	traffic   traffic
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
			if r.daemons[rec.Service] {
				r.h.DaemonEvents[rec.Service] = append(r.h.DaemonEvents[rec.Service], rec.Message)
				r.daemonEvents++
				r.sayAt(rec.At, "%s", shorten(rec.Message))
				continue
			}
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
	if err := r.sampleTraffic(run); err != nil {
		return err
	}
	if err := r.sampleDaemons(ts); err != nil {
		return err
	}
	r.events, r.steady, r.daemonEvents = 0, false, 0
	return nil
}

// sampleDaemons records each daemon's tasks against the instances it
// should run on, prints them when the run wrote daemon events and they
// changed, and notes the tasks the scheduler stopped wanting since the
// last sample (ts are the service's wanted tasks).
func (r *runner) sampleDaemons(ts []model.Task) error {
	wanted := map[string]bool{}
	for _, t := range ts {
		wanted[t.TaskARN] = true
	}
	if names := r.daemonNames(); len(names) > 0 {
		eligible, err := r.eligible()
		if err != nil {
			return err
		}
		for _, name := range names {
			dts, err := r.c.tasksOf(name)
			if err != nil {
				return err
			}
			st := daemonState{At: r.c.w.Now().Sub(start), Service: name, Eligible: eligible, Running: map[int]int{}}
			starting := map[int]int{}
			for _, t := range dts {
				wanted[t.TaskARN] = true
				if running(&t) {
					st.Running[r.c.number[t.ContainerInstanceARN]]++
				} else {
					starting[r.c.number[t.ContainerInstanceARN]]++
				}
			}
			ok, err := r.c.serviceSettled(name)
			if err != nil {
				return err
			}
			// A settled state is kept when the sample before was not the
			// same settled state.
			key := fmt.Sprint(ok, st.Eligible, st.Running) // fmt sorts map keys
			if ok && key != r.daemonLast[name] {
				r.h.Daemons = append(r.h.Daemons, st)
			}
			r.daemonLast[name] = key
			if line := daemonLine(&st, starting); r.events+r.daemonEvents > 0 && line != r.daemonLines[name] {
				fmt.Fprintf(r.out, "       %s\n", line)
				r.daemonLines[name] = line
			}
		}
	}
	at := r.c.w.Now().Sub(start)
	for arn := range r.wanted {
		if !wanted[arn] {
			if _, ok := r.h.Unwanted[arn]; !ok {
				r.h.Unwanted[arn] = at
			}
		}
	}
	r.wanted = wanted
	return nil
}

// daemonNames names the DAEMON services: the scenario's service when it
// is one, and the daemons.
func (r *runner) daemonNames() []string {
	var out []string
	if r.scn.SchedulingStrategy == model.SchedulingStrategyDaemon {
		out = append(out, r.scn.Service)
	}
	for _, d := range r.scn.Daemons {
		out = append(out, d.Service)
	}
	return out
}

// eligible lists, by number, the container instances a daemon should run
// on: ACTIVE, with the agent connected (DescribeContainerInstances).
func (r *runner) eligible() ([]int, error) {
	var out []int
	for chunk := range slices.Chunk(r.c.instances, 100) {
		res, err := r.c.w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: r.scn.Cluster, ContainerInstances: chunk})
		if err != nil {
			return nil, err
		}
		for _, ci := range res.ContainerInstances {
			if ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected {
				out = append(out, r.c.number[ci.ContainerInstanceARN])
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// daemonLine renders a daemon's tasks: on which instances they run and
// start, against the instances it should run on.
func daemonLine(st *daemonState, starting map[int]int) string {
	list := func(m map[int]int) string {
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(m)) {
			for range m[k] {
				fmt.Fprintf(&b, " %d", k)
			}
		}
		return b.String()
	}
	active := map[int]int{}
	for _, k := range st.Eligible {
		active[k] = 1
	}
	if len(starting) == 0 && maps.Equal(active, st.Running) {
		return fmt.Sprintf("daemon %s: one task RUNNING on each ACTIVE instance:%s", st.Service, list(active))
	}
	s := fmt.Sprintf("daemon %s: RUNNING on instances%s", st.Service, list(st.Running))
	if len(st.Running) == 0 {
		s = fmt.Sprintf("daemon %s: RUNNING on no instance", st.Service)
	}
	if len(starting) > 0 {
		s += "; starting on" + list(starting)
	}
	return s + "; ACTIVE instances" + list(active)
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
		before, err := r.c.describeService(req.Service)
		if err != nil {
			before = model.Service{} // an unknown service: UpdateService says so
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
	case a.DrainInstance > len(r.c.instances) || a.UpdateAgent != nil && a.UpdateAgent.Instance > len(r.c.instances):
		// check counted instances that a refused registration never added
		r.say("▶ %s: there is no such instance: %d registered", a.Note, len(r.c.instances))
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
	case a.RegisterInstances != 0:
		var joined []string
		for range a.RegisterInstances {
			k, err := r.c.register()
			if err != nil {
				r.say("▶ %s: RegisterContainerInstance refused: %v", a.Note, err)
				return nil
			}
			joined = append(joined, fmt.Sprintf("%d (%s)", k, r.scn.Zones[(k-1)%len(r.scn.Zones)]))
		}
		r.h.Zones = r.c.zones
		if len(joined) == 1 {
			r.say("▶ %s: RegisterContainerInstance: instance %s joins, ACTIVE", a.Note, joined[0])
		} else {
			r.say("▶ %s: RegisterContainerInstance: instances %s and %s join, ACTIVE", a.Note,
				strings.Join(joined[:len(joined)-1], ", "), joined[len(joined)-1])
		}
	case a.ProtectTasks != nil:
		return r.protect(a)
	case a.StopServiceDeployment != nil:
		return r.stopDeployment(a)
	}
	return nil
}

// protect carries out a protectTasks action: it picks the tasks
// (the service's RUNNING unprotected tasks to protect, its protected tasks
// to unprotect; by instance number, then ARN), calls UpdateTaskProtection,
// and when it protects, prints when the protection lapses.
func (r *runner) protect(a *Action) error {
	w := r.c.w
	p := a.ProtectTasks
	svc := p.Service
	if svc == "" {
		svc = r.scn.Service
	}
	now := w.Now()
	all, err := r.c.tasksOf(svc)
	if err != nil {
		return err
	}
	var cands []model.Task
	for _, t := range all {
		_, on := r.protected[t.TaskARN]
		if p.ProtectionEnabled && running(&t) && !on || !p.ProtectionEnabled && on {
			cands = append(cands, t)
		}
	}
	slices.SortFunc(cands, func(x, y model.Task) int {
		if c := r.c.number[x.ContainerInstanceARN] - r.c.number[y.ContainerInstanceARN]; c != 0 {
			return c
		}
		return strings.Compare(x.TaskARN, y.TaskARN)
	})
	if p.Count > 0 && len(cands) > p.Count {
		cands = cands[:p.Count]
	}
	if len(cands) == 0 {
		r.say("▶ %s: no %s task to %s", a.Note, svc, map[bool]string{true: "protect", false: "unprotect"}[p.ProtectionEnabled])
		return nil
	}
	req := model.UpdateTaskProtectionRequest{Cluster: r.scn.Cluster, ProtectionEnabled: p.ProtectionEnabled, ExpiresInMinutes: p.ExpiresInMinutes}
	where := map[string]string{}
	for _, t := range cands {
		req.Tasks = append(req.Tasks, t.TaskARN)
		where[t.TaskARN] = fmt.Sprintf("%s on instance %d", shorten(taskID(t.TaskARN)), r.c.number[t.ContainerInstanceARN])
	}
	res, err := w.UpdateTaskProtection(req)
	if err != nil {
		r.say("▶ %s: UpdateTaskProtection refused: %v", a.Note, err)
		return nil
	}
	var names []string
	var until time.Time
	for _, pt := range res.ProtectedTasks {
		names = append(names, where[pt.TaskARN])
		at := now.Sub(start)
		if pt.ProtectionEnabled {
			until = pt.ExpirationDate.Time
			r.protected[pt.TaskARN] = until
			r.h.Protections = append(r.h.Protections, protection{Task: pt.TaskARN, Service: svc, From: at, Until: until.Sub(start)})
			continue
		}
		delete(r.protected, pt.TaskARN)
		for i := range r.h.Protections {
			if q := &r.h.Protections[i]; q.Task == pt.TaskARN && q.Until > at {
				q.Until = at
			}
		}
	}
	if p.ProtectionEnabled {
		d := until.Sub(start)
		r.say("▶ %s: UpdateTaskProtection protects %s of %s until %02d:%02d: %s", a.Note, plural(len(names), "task"), svc,
			int(d.Minutes()), int(d.Seconds())%60, strings.Join(names, ", "))
		r.addOp(op{at: until, do: func() error { return r.lapse(svc, until, where) }})
	} else {
		r.say("▶ %s: UpdateTaskProtection clears the protection of %s of %s: %s", a.Note, plural(len(names), "task"), svc, strings.Join(names, ", "))
	}
	for _, f := range res.Failures {
		r.say("  %s: %s", shorten(taskID(f.ARN)), f.Reason)
	}
	return nil
}

// lapse prints the protections set to expire now that have, as
// GetTaskProtection reads them.
func (r *runner) lapse(svc string, until time.Time, where map[string]string) error {
	var arns []string
	for arn, exp := range r.protected {
		if exp.Equal(until) && where[arn] != "" {
			arns = append(arns, arn)
		}
	}
	if len(arns) == 0 {
		return nil
	}
	slices.Sort(arns)
	var names []string
	for chunk := range slices.Chunk(arns, model.MaxProtectionTasks) {
		res, err := r.c.w.GetTaskProtection(model.GetTaskProtectionRequest{Cluster: r.scn.Cluster, Tasks: chunk})
		if err != nil {
			return err
		}
		for _, pt := range res.ProtectedTasks {
			if !pt.ProtectionEnabled {
				names = append(names, where[pt.TaskARN])
				delete(r.protected, pt.TaskARN)
			}
		}
		for _, f := range res.Failures { // the task has stopped meanwhile
			delete(r.protected, f.ARN)
		}
	}
	if len(names) > 0 {
		r.say("protection of %s of %s expired: %s", plural(len(names), "task"), svc, strings.Join(names, ", "))
	}
	return nil
}

// taskID is the ID at the end of a task ARN.
func taskID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
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
