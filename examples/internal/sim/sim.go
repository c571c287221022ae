// Package sim is the small discrete-event simulator behind the example
// programs. It owns what the library leaves to its caller — the clock,
// the randomness and the agents' side of the task lifecycle — and drives
// the library's pure functions: service.Reconcile and service.ApplyStep
// for the service scheduler, service.UpdateService for API calls, and
// agentupdate for container agent updates.
//
// Time advances from event to event. A scheduler tick runs one reconcile
// step every Tick; a launched task reaches RUNNING (or fails to start)
// after a random delay drawn from the World's seeded generator; a task the
// scheduler stops reaches STOPPED after another. Same seed, same run.
package sim

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Delay is a range of durations; each draw is uniform in [Min, Max].
type Delay struct{ Min, Max time.Duration }

func (d Delay) draw(r *rand.Rand) time.Duration {
	if d.Max <= d.Min {
		return d.Min
	}
	return d.Min + time.Duration(r.Int64N(int64(d.Max-d.Min)+1))
}

// Behaviour is how the simulated agents and tasks behave.
type Behaviour struct {
	// Start is the time from launch (PROVISIONING) to RUNNING.
	Start Delay
	// Stop is the time from the scheduler's stop to STOPPED (the
	// container's stop timeout).
	Stop Delay
	// FailsToStart marks task definitions (by ARN) whose tasks always stop
	// before they run, as with a bad image.
	FailsToStart map[string]bool
	// FailRate is the probability that any other task fails to start.
	FailRate float64
}

// World is a cluster with one service under simulation.
type World struct {
	Now       time.Time
	Cluster   model.Cluster
	Service   model.Service
	Instances []model.ContainerInstance
	Tasks     []model.Task
	TaskDefs  []model.TaskDefinition
	Behaviour Behaviour
	// Tick is the service scheduler's interval between reconcile steps.
	Tick time.Duration
	// OnStep, when set, sees every reconcile step after it is applied.
	OnStep func(w *World, st *service.Step)

	rand  *rand.Rand
	queue queue
	seq   uint64
	// taskAt and instAt index Tasks and Instances by ARN.
	taskAt map[string]int
	instAt map[string]int
	// resources caches model.ResourcesOf per task definition ARN.
	resources map[string]model.TaskResources
	ticking   bool
	// steady is the last reconcile step's verdict.
	steady bool
	// Steps counts reconcile steps.
	Steps int
}

// New returns a world at now whose randomness comes from seed.
func New(now time.Time, seed uint64) *World {
	return &World{Now: now, Tick: 15 * time.Second, rand: rand.New(rand.NewPCG(seed, 0x5eed)),
		resources: map[string]model.TaskResources{}}
}

// Rand is the world's seeded generator, for scenario code that needs one.
func (w *World) Rand() *rand.Rand { return w.rand }

// event is one thing that happens at a time; seq keeps events at the same
// time in the order they were scheduled.
type event struct {
	at  time.Time
	seq uint64
	do  func(*World) error
}

type queue []event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *queue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// At schedules do at time at (never before now).
func (w *World) At(at time.Time, do func(*World) error) {
	if at.Before(w.Now) {
		at = w.Now
	}
	w.seq++
	heap.Push(&w.queue, event{at: at, seq: w.seq, do: do})
}

// After schedules do after d.
func (w *World) After(d time.Duration, do func(*World) error) { w.At(w.Now.Add(d), do) }

// Start begins the scheduler's ticks (the first one now).
func (w *World) Start() {
	w.reindex()
	if !w.ticking {
		w.ticking = true
		w.At(w.Now, (*World).tick)
	}
}

// RunUntil processes events in time order until the next one is after
// end, or stop (checked after every event) returns true. It reports whether
// stop ended the run.
func (w *World) RunUntil(end time.Time, stop func(*World) bool) (bool, error) {
	for w.queue.Len() > 0 {
		if w.queue[0].at.After(end) {
			w.Now = end
			return false, nil
		}
		e := heap.Pop(&w.queue).(event)
		w.Now = e.at
		if err := e.do(w); err != nil {
			return false, fmt.Errorf("at %s: %w", w.Now.Format(time.TimeOnly), err)
		}
		if stop != nil && stop(w) {
			return true, nil
		}
	}
	return false, nil
}

// tick is one reconcile step, applied, then the next tick.
func (w *World) tick() error {
	if err := w.Reconcile(); err != nil {
		return err
	}
	w.After(w.Tick, (*World).tick)
	return nil
}

// Reconcile runs one service scheduler step now and applies it: new tasks
// are launched (their RUNNING or failure scheduled), stopped tasks get
// their STOPPED scheduled, forgotten ones are dropped.
func (w *World) Reconcile() error {
	st, err := service.Reconcile(&service.Input{Service: w.Service, Tasks: w.Tasks, Instances: w.Instances,
		TaskDefinitions: w.TaskDefs, Seed: w.rand.Uint64()}, w.Now)
	if err != nil {
		return err
	}
	w.Steps++
	if len(st.Start)+len(st.Stop)+len(st.Forget) > 0 {
		insts, tasks, err := service.ApplyStep(w.Instances, w.Tasks, w.TaskDefs, &st, w.Now)
		if err != nil {
			return err
		}
		w.Instances, w.Tasks = insts, tasks
		w.reindex()
	}
	w.Service = st.Service
	w.steady = st.Steady
	for _, t := range st.Start {
		arn := t.TaskARN
		w.After(w.Behaviour.Start.draw(w.rand), func(w *World) error { return w.launched(arn) })
	}
	for _, s := range st.Stop {
		arn := s.TaskARN
		w.After(w.Behaviour.Stop.draw(w.rand), func(w *World) error { return w.stopped(arn) })
	}
	if w.OnStep != nil {
		w.OnStep(w, &st)
	}
	return nil
}

func (w *World) reindex() {
	if w.taskAt == nil {
		w.taskAt = make(map[string]int, len(w.Tasks))
	}
	clear(w.taskAt)
	for i := range w.Tasks {
		w.taskAt[w.Tasks[i].TaskARN] = i
	}
	if len(w.instAt) != len(w.Instances) {
		w.instAt = make(map[string]int, len(w.Instances))
		for i := range w.Instances {
			w.instAt[w.Instances[i].ContainerInstanceARN] = i
		}
	}
}

func (w *World) taskResources(tdARN string) model.TaskResources {
	if r, ok := w.resources[tdARN]; ok {
		return r
	}
	var r model.TaskResources
	for i := range w.TaskDefs {
		if w.TaskDefs[i].TaskDefinitionARN == tdARN {
			r = model.ResourcesOf(&w.TaskDefs[i])
		}
	}
	w.resources[tdARN] = r
	return r
}

// launched is the agent reporting a launched task: RUNNING, or STOPPED
// before it ran when its task definition is bad or the dice say so.
func (w *World) launched(arn string) error {
	i, ok := w.taskAt[arn]
	if !ok {
		return nil
	}
	t := &w.Tasks[i]
	if t.LastStatus == model.TaskStatusStopped || t.LastStatus == model.TaskStatusRunning || t.DesiredStatus == model.DesiredStatusStopped {
		return nil // the stop event handles a task stopped before it ran
	}
	fail := w.Behaviour.FailsToStart[t.TaskDefinitionARN] || (w.Behaviour.FailRate > 0 && w.rand.Float64() < w.Behaviour.FailRate)
	if fail {
		t.StopCode = model.TaskStopCodeTaskFailedToStart
		t.StoppedReason = "Essential container in task exited"
		return w.stop(t, false)
	}
	t.LastStatus = model.TaskStatusRunning
	t.StartedAt = model.At(w.Now)
	t.Version++
	if k, ok := w.instAt[t.ContainerInstanceARN]; ok {
		ci, err := model.StartTask(w.Instances[k])
		if err != nil {
			return err
		}
		w.Instances[k] = ci
	}
	return nil
}

// stopped is the agent reporting that a task the scheduler stopped has
// stopped.
func (w *World) stopped(arn string) error {
	i, ok := w.taskAt[arn]
	if !ok || w.Tasks[i].LastStatus == model.TaskStatusStopped {
		return nil
	}
	t := &w.Tasks[i]
	if t.StopCode == "" {
		t.StopCode = model.TaskStopCodeServiceSchedulerInitiated
	}
	return w.stop(t, t.LastStatus == model.TaskStatusRunning)
}

func (w *World) stop(t *model.Task, wasRunning bool) error {
	t.LastStatus, t.DesiredStatus = model.TaskStatusStopped, model.DesiredStatusStopped
	t.StoppedAt = model.At(w.Now)
	t.Version++
	if k, ok := w.instAt[t.ContainerInstanceARN]; ok {
		ci, err := model.ReleaseTask(w.Instances[k], w.taskResources(t.TaskDefinitionARN), wasRunning)
		if err != nil {
			return err
		}
		w.Instances[k] = ci
	}
	return nil
}

// UpdateService calls service.UpdateService with the world's state and
// stores the result. A request ECS would refuse returns its error and
// changes nothing.
func (w *World) UpdateService(req model.UpdateServiceRequest) (service.Result, error) {
	if req.Cluster == "" {
		req.Cluster = w.Cluster.ClusterName
	}
	if req.Service == "" {
		req.Service = w.Service.ServiceName
	}
	res, err := service.UpdateService(req, service.State{Cluster: &w.Cluster, Service: &w.Service, TaskDefinitions: w.TaskDefs}, w.Now)
	if err != nil {
		return res, err
	}
	w.Service = *res.Response.Service
	return res, nil
}

// Instance returns the index of the instance with the given ARN, or -1.
func (w *World) Instance(arn string) int {
	if k, ok := w.instAt[arn]; ok {
		return k
	}
	return -1
}

// Live reports whether a task counts as running for the service: RUNNING
// and not being stopped.
func Live(t *model.Task) bool {
	return t.LastStatus == model.TaskStatusRunning && t.DesiredStatus == model.DesiredStatusRunning
}

// Revision is the "family:revision" of a task definition ARN.
func Revision(tdARN string) string {
	if i := strings.LastIndexByte(tdARN, '/'); i >= 0 {
		return tdARN[i+1:]
	}
	return tdARN
}

// Counts are the service's tasks per Availability Zone and per task
// definition revision.
type Counts struct {
	ByZone     map[string]int
	ByRevision map[string]int
	Total      int
}

// Count counts the RUNNING tasks of the world's service that are not being
// stopped.
func (w *World) Count() Counts { return w.count(Live) }

// CountPlaced counts the tasks of the world's service the scheduler wants
// running: RUNNING or on their way there (not being stopped).
func (w *World) CountPlaced() Counts { return w.count(Placed) }

// Placed reports whether a task is launched and wanted: desired RUNNING and
// not yet STOPPED.
func Placed(t *model.Task) bool {
	return t.DesiredStatus == model.DesiredStatusRunning && t.LastStatus != model.TaskStatusStopped
}

func (w *World) count(keep func(*model.Task) bool) Counts {
	c := Counts{ByZone: map[string]int{}, ByRevision: map[string]int{}}
	for _, z := range w.Zones() {
		c.ByZone[z] = 0
	}
	group := "service:" + w.Service.ServiceName
	for i := range w.Tasks {
		t := &w.Tasks[i]
		if t.Group != group || !keep(t) {
			continue
		}
		z := t.AvailabilityZone
		if k, ok := w.instAt[t.ContainerInstanceARN]; ok && z == "" {
			z = w.Instances[k].AvailabilityZone()
		}
		c.ByZone[z]++
		c.ByRevision[Revision(t.TaskDefinitionARN)]++
		c.Total++
	}
	return c
}

// Zones lists the Availability Zones of the instances, in first-seen order.
func (w *World) Zones() []string {
	var zs []string
	seen := map[string]bool{}
	for i := range w.Instances {
		z := w.Instances[i].AvailabilityZone()
		if !seen[z] {
			seen[z] = true
			zs = append(zs, z)
		}
	}
	return zs
}

// Settled reports whether the last reconcile step found the service
// steady, the ServicesStable waiter accepts it, and its PRIMARY deployment
// is COMPLETED.
func (w *World) Settled() bool {
	if !w.steady || service.Stable(&w.Service) != service.WaiterSuccess || len(w.Service.Deployments) == 0 {
		return false
	}
	for _, d := range w.Service.Deployments {
		if d.Status == model.DeploymentStatusPrimary {
			return d.RolloutState == model.DeploymentRolloutStateCompleted
		}
	}
	return false
}

var taskIDs = regexp.MustCompile(`\b([0-9a-f]{8})[0-9a-f]{24}\b`)

// Shorten abbreviates the 32-digit task IDs in a service event message to
// their first eight digits and lists at most three "(task …)" per message,
// so a timeline stays readable; the rest of the message is unchanged.
func Shorten(msg string) string {
	msg = taskIDs.ReplaceAllString(msg, "$1…")
	if n := strings.Count(msg, "(task "); n > 3 {
		i := 0
		for range 3 {
			i += strings.Index(msg[i:], "(task ") + 1
		}
		j := strings.LastIndex(msg, ")")
		k := strings.Index(msg[i:], ")") + i + 1
		msg = msg[:k] + fmt.Sprintf(" … and %d more", n-3) + msg[j+1:]
	}
	return msg
}
