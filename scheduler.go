package ecsstate

import (
	"fmt"
	"maps"
	"slices"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// tick is one run of the service scheduler: every ACTIVE or DRAINING
// service of every cluster, clusters by name and services in creation
// order, gets one reconcile step, applied at once.
func (w *World) tick() error {
	for _, name := range slices.Sorted(maps.Keys(w.clusters)) {
		cs := w.clusters[name]
		w.archiveStopped(cs)
		for i := range cs.services {
			s := &cs.services[i]
			if s.Status != model.ServiceStatusActive && s.Status != model.ServiceStatusDraining {
				continue
			}
			if err := w.reconcile(cs, s.ServiceName); err != nil {
				return fmt.Errorf("service %s of cluster %s: %w", s.ServiceName, name, err)
			}
		}
	}
	return nil
}

// stepCheck, when set (by tests), sees every scheduler step with the
// input it was computed from.
var stepCheck func(in *service.Input, now time.Time, st *service.Step) error

// reconcile runs one scheduler step for a service and applies it: new
// tasks are placed (resources reserved) and handed to their agents,
// stopped tasks get their stop scheduled, forgotten tasks are dropped, the
// service and its events are stored and recorded. A DRAINING service left
// with no task becomes INACTIVE (DeleteService's end).
func (w *World) reconcile(cs *clusterState, name string) error {
	s := cs.service(name)
	idx := cs.placementIndex()
	live := -1 // unknown without an index
	if idx != nil {
		live = idx.GroupCount("service:" + name)
	}
	if room := startRoom(s, len(cs.instances), live); cap(cs.tasks)-len(cs.tasks) < room {
		cs.tasks = slices.Grow(cs.tasks, room)
	}
	in := &service.Input{Service: *s, Tasks: cs.tasks, Instances: cs.instances,
		TaskDefinitions: w.taskDefs, TargetHealth: w.targetHealth(), Seed: w.rand.Uint64(), Protection: cs.protect,
		Index: idx, Alarms: w.alarmsFor(s.DeploymentConfiguration),
		Reuse: cs.tasks[len(cs.tasks):cap(cs.tasks)]} // the step builds its new tasks right after the cluster's (applyStep)
	shift := w.shiftView(cs, name, in) // world_bluegreen.go
	if shift.skip {
		w.syncServiceDeployments(cs, name)
		return nil
	}
	st, err := service.Reconcile(in, w.now)
	if err == nil && stepCheck != nil {
		err = stepCheck(in, w.now, &st)
	}
	if err != nil {
		return err
	}
	for _, arn := range st.Forget {
		if t := cs.task(arn); t != nil {
			cs.addStopped(t)
		}
	}
	var slots []int32 // of st.Start's instances
	var stopOrds []int64
	if len(st.Start)+len(st.Stop)+len(st.Forget) > 0 {
		var err error
		if slots, stopOrds, err = w.applyStep(cs, &st); err != nil {
			return err
		}
		if cs.index != nil {
			for _, k := range slots { // their instances' reservations
				cs.markChanged(k)
			}
		}
	}
	base := len(cs.tasks) - len(st.Start) // applyStep appended them
	for i, t := range st.Start {
		if w.keepsTimeline() {
			w.record(Record{Kind: RecordTaskStatus, Cluster: cs.name(), Service: name, Resource: t.TaskARN, To: string(t.LastStatus),
				Message: fmt.Sprintf("task %s placed on %s (%s)", shortID(t.TaskARN), shortID(t.ContainerInstanceARN), t.AvailabilityZone)})
		} else {
			w.recSeq++ // as record does
		}
		w.launchedAt(cs.name(), t.TaskARN, cs.ords[base+i])
	}
	for i, stop := range st.Stop {
		w.stoppingAt(cs.name(), stop.TaskARN, stopOrds[i])
	}
	s = cs.service(name) // ApplyStep does not move services; the pointer is still good
	shift.shiftEvents(&st)
	*s = st.Service
	w.shiftMerge(cs, name, shift)
	for i := len(st.Events) - 1; i >= 0; i-- { // events are newest first
		e := st.Events[i]
		w.record(Record{Kind: RecordServiceEvent, Cluster: cs.name(), Service: name, Resource: e.ID, Message: e.Message})
	}
	if w.onStep != nil {
		w.onStep(cs.name(), &st)
	}
	if s.Status == model.ServiceStatusDraining && !w.serviceHasTasks(cs, name) {
		s.Status = model.ServiceStatusInactive
		s.DesiredCount = 0
		w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: name, From: string(model.ServiceStatusDraining),
			To: string(model.ServiceStatusInactive), Message: "service " + name + " is INACTIVE (deleted)"})
	}
	w.syncServiceDeployments(cs, name)
	return nil
}

// startRoom is how many tasks the next step of the service may start, as
// far as the world can tell without asking the scheduler: a REPLICA
// service runs at most maximumPercent (200 unless set) of its desired
// count, and its PRIMARY deployment at most its own desired count; a
// DAEMON service a task per instance; no step starts more than
// service.MaxStartsPerStep. live is the number of the service's tasks
// neither stopped nor stopping (-1: unknown); the counts of the last step
// tell the rest, and how many of its tasks stopped since, which the step
// may replace. The world keeps that much room after its tasks so that the
// step builds its new tasks there, in place (service.Input.Reuse), rather
// than in an array of their own that applyStep would copy in and drop: at
// 5,000 tasks that array is 3.5 MB. A step that starts more is still
// applied; it only allocates.
func startRoom(s *model.Service, instances, live int) int {
	count := func(running, pending int32) int64 { return max(int64(running), 0) + max(int64(pending), 0) }
	counted := count(s.RunningCount, s.PendingCount)
	now := int64(live)
	if live < 0 {
		now = counted
	}
	left := max(counted-now, 0) // stopped since the last step
	n := int64(instances) - now
	if s.SchedulingStrategy != model.SchedulingStrategyDaemon {
		maxPercent := int64(200)
		if c := s.DeploymentConfiguration; c != nil && c.MaximumPercent != nil {
			maxPercent = int64(*c.MaximumPercent)
		}
		n = (max(int64(s.DesiredCount), 0)*max(maxPercent, 100)+99)/100 - now
		for i := range s.Deployments {
			if d := &s.Deployments[i]; d.Status == model.DeploymentStatusPrimary {
				n = min(n, max(int64(d.DesiredCount), 0)-count(d.RunningCount, d.PendingCount)+left)
			}
		}
	}
	return int(min(max(n, 0), service.MaxStartsPerStep))
}

// applyStep is [service.ApplyStep] done in place on the cluster's own
// instances and tasks, with the same result: copying every instance and
// task of the cluster each step cost more than the step itself at 5,000
// tasks. Only the instances that receive a task are replaced (by
// model.ReserveTask's copies), and the checks all run before anything
// changes, so a refused step leaves the cluster as it was.
//
// It returns the position of each started task's instance and the number
// of each stopped task (-1 for none), hints for their agents' events.
func (w *World) applyStep(cs *clusterState, st *service.Step) (slots []int32, stopOrds []int64, err error) {
	// The instances after the step, by slot, are built in one array
	// sized first: a map of instances (large values) allocated each one.
	slots = make([]int32, len(st.Start))
	stopOrds = make([]int64, len(st.Stop))
	sc := &cs.reserving
	sc.reset()
	reservedAt := sc.at // instance slot → index in reserved
	reservedSlot := sc.slots
	for i := range st.Start {
		t := &st.Start[i]
		slots[i] = -1
		if t.ContainerInstanceARN != "" {
			k, ok := cs.instAt[t.ContainerInstanceARN]
			if !ok {
				slots[i] = -2 // refused below, after the tasks before it are checked
				break
			}
			slots[i] = int32(k)
			if _, seen := reservedAt[int32(k)]; !seen {
				reservedAt[int32(k)] = len(reservedSlot)
				reservedSlot = append(reservedSlot, int32(k))
			}
		}
	}
	sc.slots = reservedSlot // grown, kept for the next step
	reserved := slices.Grow(sc.reserved, len(reservedSlot))[:len(reservedSlot)]
	sc.reserved = reserved
	for j, k := range reservedSlot {
		reserved[j] = cs.instances[k]
	}
	for i := range st.Start {
		t := &st.Start[i]
		if slots[i] != -1 {
			td := w.taskDef(t.TaskDefinitionARN)
			if td == nil || slots[i] == -2 {
				return nil, nil, invalid("step: task %s is on an unknown container instance or task definition.", ecserrors.Clip(t.TaskARN))
			}
			res, err := model.CheckedResourcesOf(td)
			if err != nil {
				return nil, nil, err
			}
			j := reservedAt[slots[i]]
			if reserved[j], err = w.interned.reserve(&reserved[j], res, false); err != nil {
				return nil, nil, err
			}
		}
	}
	for j, k := range reservedSlot {
		cs.instances[k] = reserved[j]
	}
	// Backwards, so that of two stops of one task the last one's reason
	// stands, as in ApplyStep.
	for i := len(st.Stop) - 1; i >= 0; i-- {
		s := &st.Stop[i]
		k, ok := cs.taskPos(s.TaskARN)
		if !ok {
			stopOrds[i] = -1
			continue
		}
		stopOrds[i] = cs.ords[k]
		if t := &cs.tasks[k]; t.DesiredStatus != model.DesiredStatusStopped {
			t.DesiredStatus = model.DesiredStatusStopped
			t.StoppingAt = model.At(w.now)
			t.StoppedReason = s.Reason
			t.StopCode = model.TaskStopCodeServiceSchedulerInitiated
			t.Version++
		}
	}
	// The step built its new tasks right after the cluster's when it had
	// room there (reconcile lends it that room).
	built := len(cs.tasks)
	inPlace := len(st.Start) > 0 && cap(cs.tasks) > built && &st.Start[0] == &cs.tasks[:built+1][built]
	if len(st.Forget) > 0 {
		// By position: a look-up per forgotten task rather than one per
		// task of the cluster.
		at := make([]int, 0, len(st.Forget))
		for _, a := range st.Forget {
			if k, ok := cs.taskPos(a); ok {
				at = append(at, k)
			}
		}
		slices.Sort(at)
		cs.removeTasksAt(slices.Compact(at))
	}
	if inPlace {
		// Moved down over the forgotten tasks' room, kept (each with
		// slices of its own, as a copy would have them), and Start now
		// names them where they are.
		n, k := len(cs.tasks), len(st.Start)
		all := cs.tasks[:built+k]
		copy(all[n:n+k], all[built:built+k])
		clear(all[max(n+k, built) : built+k]) // where they were and no longer are
		cs.tasks = all[:n]
		for i := range k {
			cs.addTask(all[n+i].Clone(), slots[i])
		}
		st.Start = cs.tasks[n : n+k]
		return slots, stopOrds, nil
	}
	cs.tasks = slices.Grow(cs.tasks, len(st.Start)) // tasks are big: grow once
	for i := range st.Start {
		cs.addTask(st.Start[i].Clone(), slots[i])
	}
	return slots, stopOrds, nil
}

// serviceHasTasks reports whether any task of the service is not yet
// STOPPED.
func (w *World) serviceHasTasks(cs *clusterState, name string) bool {
	g := "service:" + name
	return slices.ContainsFunc(cs.tasks, func(t model.Task) bool { return t.Group == g && t.LastStatus != model.TaskStatusStopped })
}
