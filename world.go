package ecsstate

import (
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ecsstate/ecsstate/agentupdate"
	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/service"
)

// World is a whole Amazon ECS deployment (one account in one Region) held
// in memory: clusters, their container instances and tasks, services, and
// the account's task definitions. The caller owns it and drives it: its
// methods named after ECS API operations take and return the model
// request and response types and fail with ECS's exceptions, and virtual
// time moves only when the caller calls [World.Advance] or
// [World.RunUntil]. Meanwhile the world plays ECS's part (the service
// scheduler, reconciling every service each [Options.SchedulerInterval])
// and the container agents' part (tasks pull, start, pass or fail health
// checks and stop after the delays of [Agent]; agent updates go through
// their stages), and writes everything it does to its [Timeline].
//
// Resources, counts, version counters and timestamps are kept consistent
// by construction: a task holds its instance's CPU, memory and ports from
// the moment it is placed until it is STOPPED, instance and cluster task
// counts follow task states, and every change of an instance or a task
// increases its version. Requests and responses are the caller's: an
// operation copies what it keeps from its request and returns copies, so
// editing either afterwards never changes the world.
//
// A World reads no clock, starts no goroutine and does no I/O; the same
// operations on a world built with the same [Options] give the same
// results and the same timeline. It is not safe for concurrent use: the
// caller serialises calls (the HTTP endpoint does, with a mutex).
type World struct {
	opts Options
	now  time.Time

	pcg  rand.PCG
	rand *rand.Rand

	clusters    map[string]*clusterState
	taskDefs    []model.TaskDefinition
	taskDefAt   map[string]int // by ARN
	latestRev   map[string]int32
	resources   map[string]model.TaskResources // by task definition ARN
	taskDefTags map[string][]model.Tag

	queue    eventQueue
	seq      uint64
	timeline []Record
	recSeq   uint64
	// targets is the caller's load balancer verdict per task ARN, which
	// overrides the agent model's.
	targets map[string]deployment.TargetHealth
	// agentTargets is the agent model's verdict per task ARN.
	agentTargets map[string]deployment.TargetHealth
	ticking      bool
	// onStep, when set, sees every scheduler step after it is applied
	// (Predict uses it on its clone).
	onStep func(cluster string, st *service.Step)
	// capacity is the capacity providers and the instances their Auto
	// Scaling groups are terminating (ops_capacity.go).
	capacity capacityState
	// interned shares equal attribute and resource lists between
	// instances (shared.go).
	interned interned
	// alarms are the CloudWatch alarms by name (world_alarms.go), replaced
	// on write so that a clone may share the map.
	alarms map[string]service.Alarm
}

// Options configure a new [World].
type Options struct {
	// Account is the partition, Region and account of every ARN the world
	// builds. The zero value means aws, us-east-1, 123456789012.
	Account model.Account
	// Start is the virtual time the world starts at. The zero value means
	// 2026-01-01T00:00:00Z.
	Start time.Time
	// Seed feeds every random draw: task timings, failure probabilities,
	// the random placement strategy, task IDs.
	Seed uint64
	// SchedulerInterval is the time between two runs of the service
	// scheduler over every service. Zero means 15 seconds.
	SchedulerInterval time.Duration
	// Agent is how container agents and tasks behave. The zero value means
	// [DefaultAgent].
	Agent *Agent
	// AgentCatalog lists the released container agent versions, for
	// UpdateContainerAgent. The zero value means [DefaultAgentCatalog].
	AgentCatalog agentupdate.Catalog
	// DiscardTimeline, for a caller that never reads the timeline (a
	// benchmark, a simulation that only looks at the world's state), keeps
	// no [Record]: [World.Timeline] and [World.TimelineSince] return none,
	// though records are still numbered. Everything else, the world's
	// state and the service events DescribeServices lists included, is the
	// same as without it. [World.Predict] and [World.PredictAgentUpdate]
	// keep the timeline of the clone they run on, which they read.
	DiscardTimeline bool
}

// DefaultAgentCatalog is the agent catalog a world uses when its options
// give none: the newest agent is 1.101.0 and every agent from 1.0.0 can
// update to it.
var DefaultAgentCatalog = agentupdate.Catalog{Latest: "1.101.0"}

// DefaultStart is the virtual time a world starts at when its options give
// none.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// DefaultAccount is the account of a world whose options give none.
var DefaultAccount = model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}

// New returns an empty world: no cluster, no task definition. Create a
// cluster with [World.CreateCluster] (the "default" cluster is created on
// first use, as ECS does).
func New(opts Options) *World {
	if opts.Account == (model.Account{}) {
		opts.Account = DefaultAccount
	}
	if opts.Start.IsZero() {
		opts.Start = DefaultStart
	}
	if opts.SchedulerInterval <= 0 {
		opts.SchedulerInterval = 15 * time.Second
	}
	if opts.Agent == nil {
		a := DefaultAgent()
		opts.Agent = &a
	} else {
		a := opts.Agent.clone()
		opts.Agent = &a
	}
	if opts.AgentCatalog == (agentupdate.Catalog{}) {
		opts.AgentCatalog = DefaultAgentCatalog
	}
	w := &World{
		opts:         opts,
		now:          opts.Start.UTC(),
		pcg:          *rand.NewPCG(opts.Seed, 0xec5_57a7e),
		clusters:     map[string]*clusterState{},
		taskDefAt:    map[string]int{},
		latestRev:    map[string]int32{},
		resources:    map[string]model.TaskResources{},
		targets:      map[string]deployment.TargetHealth{},
		agentTargets: map[string]deployment.TargetHealth{},
	}
	w.rand = rand.New(&w.pcg)
	return w
}

// Now is the world's virtual time.
func (w *World) Now() time.Time { return w.now }

// Account is the account the world's ARNs are built in.
func (w *World) Account() model.Account { return w.opts.Account }

// Agent returns a copy of how the world's agents and tasks behave.
func (w *World) Agent() Agent { return w.opts.Agent.clone() }

// SetAgent changes how agents and tasks behave from now on; tasks already
// on their way keep the timings drawn for them.
func (w *World) SetAgent(a Agent) {
	c := a.clone()
	w.opts.Agent = &c
}

// Clone returns an independent copy of the world, for a what-if: the
// copy and the original then evolve separately, and the copy draws the
// same random numbers the original would. Its cost is a copy of the
// world's record slices and index maps (the records' own slices are
// shared, which is safe because the world never writes into them).
func (w *World) Clone() *World {
	c := *w
	c.opts.Agent = new(w.opts.Agent.clone())
	c.rand = rand.New(&c.pcg)
	c.clusters = make(map[string]*clusterState, len(w.clusters))
	for k, cs := range w.clusters {
		c.clusters[k] = cs.clone()
	}
	c.taskDefs = slices.Clone(w.taskDefs)
	c.taskDefAt = maps.Clone(w.taskDefAt)
	c.latestRev = maps.Clone(w.latestRev)
	c.resources = maps.Clone(w.resources)
	c.taskDefTags = maps.Clone(w.taskDefTags)
	c.queue = slices.Clone(w.queue)
	c.timeline = slices.Clip(w.timeline)
	c.targets = maps.Clone(w.targets)
	c.agentTargets = maps.Clone(w.agentTargets)
	c.capacity = w.capacity.clone()
	c.interned = w.interned.clone()
	return &c
}

// Advance moves virtual time forward by d, doing everything that falls
// due on the way (scheduler runs, agent reports) in time order. A negative
// d is an InvalidParameterException.
func (w *World) Advance(d time.Duration) error {
	if d < 0 {
		return invalid("Advance: the duration %s is negative; virtual time only moves forward.", d)
	}
	_, err := w.run(w.now.Add(d), nil)
	return err
}

// AdvanceTo moves virtual time forward to t (see [World.Advance]); a time
// before [World.Now] is an InvalidParameterException.
func (w *World) AdvanceTo(t time.Time) error {
	if t.Before(w.now) {
		return invalid("AdvanceTo: %s is before the world's time %s.", t.UTC().Format(time.RFC3339), w.now.Format(time.RFC3339))
	}
	_, err := w.run(t, nil)
	return err
}

// RunUntil advances virtual time, event by event, until cond holds or
// limit has passed, and reports whether cond held. cond is checked first,
// then after every moment at which something happened (every event due at
// the same instant has been applied when it is checked).
func (w *World) RunUntil(cond func(*World) bool, limit time.Duration) (bool, error) {
	if limit < 0 {
		return false, invalid("RunUntil: the limit %s is negative.", limit)
	}
	if cond == nil {
		return false, invalid("RunUntil: the condition is nil.")
	}
	if cond(w) {
		return true, nil
	}
	return w.run(w.now.Add(limit), cond)
}

// run processes events in time order up to end; with cond, it stops at
// the first instant after which cond holds.
func (w *World) run(end time.Time, cond func(*World) bool) (bool, error) {
	w.startTicking()
	for len(w.queue) > 0 && !w.queue[0].at.After(end) {
		at := w.queue[0].at
		w.now = at
		for len(w.queue) > 0 && w.queue[0].at.Equal(at) {
			e := w.queue.pop()
			if err := w.handle(e); err != nil {
				return false, err
			}
		}
		if cond != nil && cond(w) {
			return true, nil
		}
	}
	w.now = end
	return false, nil
}

// startTicking schedules the first scheduler run when the world first has
// a cluster.
func (w *World) startTicking() {
	if !w.ticking && len(w.clusters) > 0 {
		w.ticking = true
		w.schedule(w.now, event{kind: evTick})
	}
}

// eventKind is what a queued event does.
type eventKind uint8

const (
	evTick            eventKind = iota + 1 // the service scheduler runs over every service
	evTaskProvisioned                      // PROVISIONING → PENDING
	evTaskStarted                          // PENDING → RUNNING, or a failure to start
	evTaskHealth                           // the first health check verdict of a RUNNING task
	evTaskStopped                          // a stopping task reaches STOPPED
	evAgentStage                           // an agent update moves to its next stage
	evDrainDeadline                        // managed draining of a terminating instance reaches its limit
)

// event is one thing due at a time. It is plain data (no closures), so a
// cloned world's queue is a copy.
type event struct {
	at       time.Time
	seq      uint64
	kind     eventKind
	cluster  string
	arn      string
	instance string // for evAgentStage: the stage's attempt (instance version guard)
	// ord is a hint for task events, -1 for none: the task's number
	// (clusterState.taskAt), found without hashing its ARN. The handler
	// checks it against the ARN.
	ord int64
}

type eventQueue []event

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	a, b := &q[i], &q[j]
	if c := a.at.Compare(b.at); c != 0 { // one comparison where Equal and Before were two
		return c < 0
	}
	return a.seq < b.seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }

// push and pop are container/heap's Push and Pop, step for step (so the
// queue's layout is the same), without boxing each event in an interface:
// that allocated once per event.
func (q *eventQueue) push(e event) {
	*q = append(*q, e)
	h := *q
	for j := len(h) - 1; ; {
		i := (j - 1) / 2 // parent
		if i == j || !h.Less(j, i) {
			break
		}
		h.Swap(i, j)
		j = i
	}
}

func (q *eventQueue) pop() event {
	h := *q
	n := len(h) - 1
	h.Swap(0, n)
	for i := 0; ; {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 { // j1 < 0 after int overflow
			break
		}
		j := j1 // left child
		if j2 := j1 + 1; j2 < n && h.Less(j2, j1) {
			j = j2 // = 2*i + 2  // right child
		}
		if !h.Less(j, i) {
			break
		}
		h.Swap(i, j)
		i = j
	}
	e := h[n]
	*q = h[:n]
	return e
}

func (w *World) schedule(at time.Time, e event) {
	if at.Before(w.now) {
		at = w.now
	}
	w.seq++
	e.at, e.seq = at, w.seq
	w.queue.push(e)
}

func (w *World) handle(e event) error {
	var err error
	switch e.kind {
	case evTick:
		w.schedule(w.now.Add(w.opts.SchedulerInterval), event{kind: evTick})
		err = w.tick()
	case evTaskProvisioned, evTaskStarted, evTaskHealth, evTaskStopped:
		err = w.taskEvent(e)
	case evAgentStage:
		err = w.agentStage(e)
	case evDrainDeadline:
		err = w.drainDeadline(e)
	}
	if err != nil {
		return err
	}
	// An instance draining for termination goes once its last task has.
	return w.settleTerminations()
}

// clusterState is one cluster and everything in it. Instances and tasks
// are kept in slices (registration and launch order), indexed by ARN.
type clusterState struct {
	info      model.Cluster
	instances []model.ContainerInstance
	instAt    map[string]int
	tasks     []model.Task
	// taskAt numbers each task by ARN (in launch order, never reused) and
	// ords holds the numbers of tasks, increasing: a task is found by a
	// binary search of its number, so removing tasks moves the others
	// without updating the map (addTask, taskPos).
	taskAt  map[string]int64
	ords    []int64
	nextOrd int64
	// instOf holds, by position in tasks, the position of each task's
	// instance when it was added, a hint (slotNear) that spares its
	// agent's events a look-up by instance ARN.
	instOf   []int32
	services []model.Service
	svcAt    map[string]int // by service name
	// stopped are tasks that reached STOPPED and left the scheduler's
	// view, oldest first; DescribeTasks and ListTasks still show them for
	// an hour, as ECS does. They are kept compact (stopped.go), their
	// shapes interned in shapes.
	stopped []stoppedTask
	shapes  map[taskShape]*taskShape
	// acct is the account of the cluster's ARN, which every instance and
	// task ARN of the cluster shares.
	acct model.Account
	// protect is the scale-in protection of tasks by task ARN
	// (ops_protection.go).
	protect map[string]model.ProtectedTask
	// index is the kept placement index of instances and tasks the
	// scheduler reads (placementIndex), nil until its first step;
	// changed holds the positions of instances handed out for change
	// since (each once: marked says which are in it; positions, as
	// instances are only ever appended), and indexed how many of
	// instances it has seen.
	index   *placement.Index
	changed []int32
	marked  []bool
	indexed int
	// seen holds, by position in tasks, what the index was last told of
	// the task there: a task that still matches it needs no look-up. And
	// seenVer holds the task's version then (seenVersion; 0: none): a
	// task changes its key only with its version, so one whose version
	// is the same needs no key either.
	seen    []placement.TaskKey
	seenVer []uint64
	// sdeps is the service deployment history (ops_deployments.go).
	sdeps sdState
	// reserving is applyStep's working state, kept between steps so that
	// a step does not allocate a copy of every instance it reserves
	// resources on; never cloned.
	reserving reserveScratch
}

// reserveScratch is where applyStep builds the instances a step reserves
// resources on before it changes any: their slots, where each is in
// reserved, and their records after the step.
type reserveScratch struct {
	at       map[int32]int
	slots    []int32
	reserved []model.ContainerInstance
}

// reset empties the scratch for a step, keeping its memory.
func (r *reserveScratch) reset() {
	if r.at == nil {
		r.at = map[int32]int{}
	}
	clear(r.at)
	r.slots = r.slots[:0]
	clear(r.reserved) // the records of the last step's instances
	r.reserved = r.reserved[:0]
}

func newClusterState(info model.Cluster) *clusterState {
	a, _ := model.ParseARN(info.ClusterARN)
	return &clusterState{info: info, instAt: map[string]int{}, taskAt: map[string]int64{}, svcAt: map[string]int{},
		acct: model.Account{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID}}
}

func (cs *clusterState) clone() *clusterState {
	return &clusterState{
		info:      cs.info,
		instances: slices.Clone(cs.instances),
		instAt:    maps.Clone(cs.instAt),
		tasks:     slices.Clone(cs.tasks),
		taskAt:    maps.Clone(cs.taskAt),
		ords:      slices.Clone(cs.ords),
		instOf:    slices.Clone(cs.instOf),
		nextOrd:   cs.nextOrd,
		services:  slices.Clone(cs.services),
		svcAt:     maps.Clone(cs.svcAt),
		stopped:   slices.Clone(cs.stopped),
		shapes:    maps.Clone(cs.shapes),
		acct:      cs.acct,
		protect:   maps.Clone(cs.protect),
		index:     cloneIndex(cs.index),
		changed:   slices.Clone(cs.changed),
		marked:    slices.Clone(cs.marked),
		indexed:   cs.indexed,
		sdeps:     cs.sdeps.clone(),
	}
}

func cloneIndex(x *placement.Index) *placement.Index {
	if x == nil {
		return nil
	}
	return x.Clone()
}

// placementIndex returns the kept placement index, up to date. Instances
// change only through instance() (or are appended), so only those are put
// again; tasks change in place in more ways than are worth tracking, so
// one pass puts every task the index is not current with, a map look-up
// per task instead of indexing the cluster anew.
func (cs *clusterState) placementIndex() *placement.Index {
	if cs.index == nil {
		x, err := placement.NewIndex(cs.instances, cs.tasks)
		if err != nil {
			return nil // a repeated instance ARN: the step indexes from scratch and says so
		}
		cs.index, cs.changed, cs.marked, cs.indexed, cs.seen, cs.seenVer = x, nil, nil, len(cs.instances), nil, nil
		return x
	}
	for _, k := range cs.changed { // any order: the index answers the same
		cs.index.PutInstance(cs.instances[k])
		cs.marked[k] = false
	}
	cs.changed = cs.changed[:0]
	for i := cs.indexed; i < len(cs.instances); i++ {
		cs.index.PutInstance(cs.instances[i])
	}
	cs.indexed = len(cs.instances)
	if len(cs.seen) != len(cs.tasks) || len(cs.seenVer) != len(cs.tasks) {
		// Tasks were only appended since (a removal then resets both),
		// so what was seen stays aligned, in a new array too.
		if len(cs.seen) > len(cs.tasks) || len(cs.seenVer) != len(cs.seen) {
			clear(cs.seen) // not expected: start over
			clear(cs.seenVer)
			cs.seen, cs.seenVer = cs.seen[:0], cs.seenVer[:0]
		}
		cs.seen = slices.Grow(cs.seen, len(cs.tasks)-len(cs.seen))[:len(cs.tasks)]
		cs.seenVer = slices.Grow(cs.seenVer, len(cs.tasks)-len(cs.seenVer))[:len(cs.tasks)]
	}
	// A task whose version, or else whose key, is the one seen at its
	// position at the last pass is still current (removeTasks moves what
	// was seen with the tasks; what lies past the last pass is zero); any
	// other costs a look-up.
	for i := range cs.tasks {
		t := &cs.tasks[i]
		v := seenVersion(t.Version)
		if cs.seenVer[i] == v {
			continue
		}
		k := placement.KeyOf(t)
		if cs.seen[i] != k && !cs.index.Current(t) {
			cs.index.PutTask(*t)
		}
		cs.seen[i], cs.seenVer[i] = k, v
	}
	return cs.index
}

// seenVersion is how seenVer keeps a task version: never 0, which marks
// a position not seen.
func seenVersion(v int64) uint64 { return uint64(v)<<1 | 1 }

func (cs *clusterState) name() string { return cs.info.ClusterName }

func (cs *clusterState) instance(arn string) *model.ContainerInstance {
	if i, ok := cs.instAt[arn]; ok {
		cs.markChanged(int32(i)) // the caller may change it
		return &cs.instances[i]
	}
	return nil
}

// markChanged notes, for the kept placement index, that the instance at
// position k may have changed.
func (cs *clusterState) markChanged(k int32) {
	if cs.index == nil || k < 0 {
		return
	}
	if int(k) >= len(cs.marked) {
		cs.marked = slices.Grow(cs.marked, len(cs.instances)-len(cs.marked))[:len(cs.instances)]
	}
	if !cs.marked[k] {
		cs.marked[k] = true
		cs.changed = append(cs.changed, k)
	}
}

func (cs *clusterState) task(arn string) *model.Task {
	if i, ok := cs.taskPos(arn); ok {
		return &cs.tasks[i]
	}
	return nil
}

// taskPos is the position of the task arn in tasks.
func (cs *clusterState) taskPos(arn string) (int, bool) {
	o, ok := cs.taskAt[arn]
	if !ok {
		return 0, false
	}
	return slices.BinarySearch(cs.ords, o)
}

// addTask appends t to the cluster's tasks; slot is the position of its
// instance (slotNear's hint; -1 to look it up).
func (cs *clusterState) addTask(t model.Task, slot int32) {
	if slot < 0 {
		slot = cs.slotNear(t.ContainerInstanceARN, -1)
	}
	cs.taskAt[t.TaskARN] = cs.nextOrd
	cs.ords = append(cs.ords, cs.nextOrd)
	cs.nextOrd++
	cs.instOf = append(cs.instOf, slot)
	cs.tasks = append(cs.tasks, t)
}

// taskNear is task, trying the task numbered ord first (without a map
// look-up); it also returns the task's number and position.
func (cs *clusterState) taskNear(arn string, ord int64) (*model.Task, int64, int) {
	if ord >= 0 {
		if i, ok := slices.BinarySearch(cs.ords, ord); ok && cs.tasks[i].TaskARN == arn {
			return &cs.tasks[i], ord, i
		}
	}
	if i, ok := cs.taskPos(arn); ok {
		return &cs.tasks[i], cs.ords[i], i
	}
	return nil, -1, -1
}

// slotNear is the position of the instance arn, trying k first; -1 for
// an unknown instance. Unlike instance, it marks nothing changed.
func (cs *clusterState) slotNear(arn string, k int32) int32 {
	if k >= 0 && int(k) < len(cs.instances) && cs.instances[k].ContainerInstanceARN == arn {
		return k
	}
	if i, ok := cs.instAt[arn]; ok {
		return int32(i)
	}
	return -1
}

// instanceAt is instance for the instance at position k (from slotNear),
// nil for -1.
func (cs *clusterState) instanceAt(k int32) *model.ContainerInstance {
	if k < 0 {
		return nil
	}
	cs.markChanged(k) // the caller may change it
	return &cs.instances[k]
}

func (cs *clusterState) service(name string) *model.Service {
	if i, ok := cs.svcAt[name]; ok {
		return &cs.services[i]
	}
	return nil
}

// removeTasks drops the tasks for which drop is true, from the placement
// index too. What the index saw of each kept task moves with it.
func (cs *clusterState) removeTasks(drop func(*model.Task) bool) {
	var at []int
	for i := range cs.tasks {
		if drop(&cs.tasks[i]) {
			at = append(at, i)
		}
	}
	cs.removeTasksAt(at)
}

// removeTasksAt drops the tasks at the positions at (increasing), from the
// placement index too. Tasks before the first position stay where they
// are, so only the ones after it are moved (with their numbers, which
// stay theirs); what the index saw of each kept task moves with it.
func (cs *clusterState) removeTasksAt(at []int) {
	if len(at) == 0 {
		return
	}
	aligned := len(cs.seen) == len(cs.tasks) && len(cs.seenVer) == len(cs.tasks)
	n := at[0]
	// In place by index rather than slices.DeleteFunc, whose callback
	// takes each task (a large struct) by value.
	for i, next := at[0], 0; i < len(cs.tasks); i++ {
		if next < len(at) && at[next] == i {
			next++
			t := &cs.tasks[i]
			if cs.index != nil {
				cs.index.RemoveTask(t.TaskARN)
			}
			delete(cs.taskAt, t.TaskARN)
			continue
		}
		cs.tasks[n] = cs.tasks[i]
		cs.ords[n] = cs.ords[i]
		cs.instOf[n] = cs.instOf[i]
		if aligned {
			cs.seen[n], cs.seenVer[n] = cs.seen[i], cs.seenVer[i]
		}
		n++
	}
	clear(cs.tasks[n:])
	cs.tasks = cs.tasks[:n]
	cs.ords = cs.ords[:n]
	cs.instOf = cs.instOf[:n]
	if !aligned {
		n = 0
	}
	clear(cs.seen[n:])
	cs.seen = cs.seen[:n]
	clear(cs.seenVer[n:])
	cs.seenVer = cs.seenVer[:n]
}

// taskResources is model.ResourcesOf for a task definition ARN, cached.
func (w *World) taskResources(tdARN string) model.TaskResources {
	if r, ok := w.resources[tdARN]; ok {
		return r
	}
	var r model.TaskResources
	if i, ok := w.taskDefAt[tdARN]; ok {
		r = model.ResourcesOf(&w.taskDefs[i])
	}
	w.resources[tdARN] = r
	return r
}

func (w *World) taskDef(arn string) *model.TaskDefinition {
	if i, ok := w.taskDefAt[arn]; ok {
		return &w.taskDefs[i]
	}
	return nil
}

// newID returns a 32-hex-digit resource ID from the world's random source,
// the form ECS uses for task and container instance IDs.
func (w *World) newID() string {
	const hex = "0123456789abcdef"
	var b [32]byte
	hi, lo := w.rand.Uint64(), w.rand.Uint64()
	for i := range 16 {
		b[i] = hex[hi>>(60-4*i)&0xf]
		b[16+i] = hex[lo>>(60-4*i)&0xf]
	}
	return string(b[:])
}

func invalid(format string, args ...any) error {
	return ecserrors.New(ecserrors.CodeInvalidParameter, format, args...)
}
