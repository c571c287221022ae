package placement

import (
	"cmp"
	"hash/maphash"
	"iter"
	"maps"
	"reflect"
	"slices"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Index is a placement index a caller keeps across calls and updates with
// what changes: an instance registered, changed (resources reserved or
// released, drained, agent disconnected) or deregistered, a task placed,
// started or stopped. Place and ChooseTasksToStop on an Index then cost
// what the decision needs, not what the cluster holds: for the default
// strategy one more task of a service costs O(zones + log n) whatever the
// number of instances n and of tasks the service already runs.
//
// An Index answers exactly as a Cluster built by NewCluster from the same
// instances and tasks would. It keeps, per task group it has been asked
// about, the group's instances in strategy order (fewest tasks of the
// group first, or least CPU or memory left for binpack, then ARN) per
// Availability Zone, and the group's tasks per instance, so that a
// decision starts from orders that are already there. Strategies it does
// not keep an order for (random, spread over an attribute other than the
// Availability Zone, binpack on both resources; binpack for stops) are
// answered from a Cluster it builds from its contents and reuses until the
// next change.
//
// An Index is not safe for concurrent use, not even by readers: Place and
// ChooseTasksToStop build and cache orders on first use. Use Clone to hand
// one to another goroutine.
type Index struct {
	c       Cluster // inst by slot (ci nil: a free slot); zones in order of discovery
	free    []int32
	slotOf  map[string]int32
	order   []int32 // slots in container instance ARN order
	zoneIdx map[string]int32
	// draining counts the DRAINING instances, so that Draining answers a
	// cluster without any (the usual case) without a pass over them.
	draining int

	tasks []itask // by task id; a free id has an empty ARN
	// byHash is a hash of each task's startedBy, by task id: a stop among
	// one deployment's tasks tells the others apart in this small array
	// before it reads a task's record (a cache miss each).
	byHash   []uint32
	freeTask []int32
	taskID   map[string]int32
	held     [][]int32 // per slot: ids of the live tasks on it
	// owned, per slot: the instance record is the index's own copy, which
	// no clone shares and Instance has not handed out, so that a put may
	// overwrite it rather than allocate a new one (a world puts every
	// instance whose resources a step reserved).
	owned   []bool
	orphans map[string][]int32 // ids of live tasks naming an instance the index lacks
	groups  map[string]*igroup // groups with live tasks
	// empty stands for every group without live tasks: its counts are all
	// zero, so one set of views serves them all.
	empty *igroup

	snap *Cluster // NewCluster of the contents, for the strategies without a kept order; nil when stale

	scratch *placeScratch // Place's working state, reused; never shared by Clone
}

// TaskKey is what an [Index] reads of a task: its ARN, group, container
// instance, cpu, memory and startedBy, and whether it is live (neither
// stopped nor asked to stop). Keys are comparable. A caller keeping an
// Index can remember the key of each task it has brought up to date and
// skip, without a look-up, every task whose key has not changed since.
type TaskKey struct {
	arn, group, inst string
	cpu, mem         string
	startedBy        string
	live             bool
}

// KeyOf returns the [TaskKey] of t.
func KeyOf(t *model.Task) TaskKey {
	return TaskKey{arn: t.TaskARN, group: t.Group, inst: t.ContainerInstanceARN, cpu: t.CPU, mem: t.Memory, startedBy: t.StartedBy, live: live(t)}
}

// itask is a live task: the fields placement reads (a whole model.Task is
// far bigger), and where it runs.
type itask struct {
	TaskKey
	slot int32 // -1: on an instance the index does not have
}

// igroup is what the index keeps about one task group.
type igroup struct {
	total int64   // live tasks
	count []int32 // live tasks per slot
	zone  []int64 // live tasks per zone
	// on holds the group's task ids on each instance that runs some, by
	// task ARN, onSlot the slot of each list, and onAt per slot 1 + the
	// index of its list, or 0 (0 past its end). A stop walks instances in
	// order and reads each one's list: two array reads, where a map by
	// slot cost a look-up per instance; and a group on few of many
	// instances keeps 4 bytes per slot, like count, not a list header.
	on     [][]int32
	onSlot []int32
	onAt   []int32
	views  []*view
}

// termNone marks an absent key component of a view.
const termNone termKind = 254

// view is one kept order of a group's instances, partitioned by zone or
// not. A place view holds the placeable instances keyed by the strategy's
// instance-level rules (ka then kb: tasks of the group, or CPU or memory
// left); a stop view holds the instances running tasks of the group, most
// tasks first when ka is termSpreadInstance.
type view struct {
	stop   bool
	split  bool
	ka, kb termKind
	parts  []sset
}

func (v *view) sig() viewSig { return viewSig{v.stop, v.split, v.ka, v.kb} }

type viewSig struct {
	stop, split bool
	ka, kb      termKind
}

// rankSpacing spaces the ARN-order labels of instances so that an
// instance registered between two others usually finds a free label.
const rankSpacing = 1 << 32

// NewIndex indexes instances and the tasks on them, like NewCluster. A
// repeated container instance ARN is an InvalidParameterException.
func NewIndex(instances []model.ContainerInstance, tasks []model.Task) (*Index, error) {
	order := make([]int, len(instances))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Compare(instances[a].ContainerInstanceARN, instances[b].ContainerInstanceARN)
	})
	for k := 1; k < len(order); k++ {
		if a := instances[order[k]].ContainerInstanceARN; a == instances[order[k-1]].ContainerInstanceARN {
			return nil, invalid("containerInstances: container instance %s is listed more than once.", ecserrors.Clip(a))
		}
	}
	x := newIndex()
	for _, i := range order {
		x.PutInstance(instances[i])
	}
	for i := range tasks {
		x.PutTask(tasks[i])
	}
	return x, nil
}

func newIndex() *Index {
	return &Index{slotOf: map[string]int32{}, zoneIdx: map[string]int32{}, taskID: map[string]int32{},
		orphans: map[string][]int32{}, groups: map[string]*igroup{}}
}

// Len returns the number of container instances and of live tasks the
// index holds (tasks naming an instance it lacks included).
func (x *Index) Len() (instances, tasks int) { return len(x.order), len(x.taskID) }

// GroupCount returns the number of live tasks of the task group (a
// service's is "service:NAME") on the instances the index holds.
func (x *Index) GroupCount(group string) int {
	if g, ok := x.groups[group]; ok {
		return int(g.total)
	}
	return 0
}

// Instance returns the index's copy of the container instance with the
// ARN, or nil; the caller must not modify it. It stays as it is: a later
// put of the instance makes a new copy.
func (x *Index) Instance(arn string) *model.ContainerInstance {
	if s, ok := x.slotOf[arn]; ok {
		x.owned[s] = false
		return x.c.inst[s].ci
	}
	return nil
}

// PutInstance adds a container instance, or replaces the one with the
// same ARN: call it whenever an instance's status, agent connection,
// attributes or remaining resources change. The index keeps a copy of the
// record; the slices inside it (attributes, resources) are shared with
// the caller's, who must replace them rather than write into them, as
// model.ReserveTask and its kin do. (A deep copy per put would cost more
// than the rest of keeping the index.)
func (x *Index) PutInstance(ci model.ContainerInstance) {
	x.snap = nil
	if s, ok := x.slotOf[ci.ContainerInstanceARN]; ok {
		x.updateInstance(s, &ci)
		return
	}
	s := x.newSlot()
	in := &x.c.inst[s]
	*in = instance{}
	x.setInstance(in, x.record(s, &ci))
	if in.draining {
		x.draining++
	}
	x.c.arns[s] = ci.ContainerInstanceARN
	x.slotOf[ci.ContainerInstanceARN] = s
	x.insertOrder(s)
	for g := range x.viewed() {
		for _, v := range g.views {
			x.enview(g, v, s)
		}
	}
	// Tasks that named it before it was indexed count from now on.
	if ids, ok := x.orphans[ci.ContainerInstanceARN]; ok {
		delete(x.orphans, ci.ContainerInstanceARN)
		for _, id := range ids {
			x.attach(id, s)
		}
	}
}

func (x *Index) newSlot() int32 {
	if n := len(x.free); n > 0 {
		s := x.free[n-1]
		x.free = x.free[:n-1]
		return s
	}
	x.c.inst = append(x.c.inst, instance{})
	x.c.arns = append(x.c.arns, "")
	x.held = append(x.held, nil)
	x.owned = append(x.owned, false)
	return int32(len(x.c.inst) - 1)
}

// record is the index's copy of ci for slot s: its own record overwritten
// when it has one, else a new one. ci is copied, never kept, so that a
// put's argument stays on the caller's stack.
func (x *Index) record(s int32, ci *model.ContainerInstance) *model.ContainerInstance {
	if x.owned[s] {
		r := x.c.inst[s].ci
		*r = *ci
		return r
	}
	r := new(model.ContainerInstance)
	*r = *ci
	x.owned[s] = true
	return r
}

func (x *Index) zoneOf(name string) int32 {
	z, ok := x.zoneIdx[name]
	if !ok {
		z = int32(len(x.c.zones))
		x.zoneIdx[name] = z
		x.c.zones = append(x.c.zones, name)
	}
	return z
}

func (x *Index) setInstance(in *instance, ci *model.ContainerInstance) {
	in.ci = ci
	x.derive(in, ci)
}

// derive sets what an instance record holds besides the record itself.
func (x *Index) derive(in *instance, ci *model.ContainerInstance) {
	in.connected = ci.AgentConnected
	in.placeable = ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected
	in.draining = ci.Status == model.ContainerInstanceStatusDraining
	in.cpu, in.mem = remainingCPUMemory(ci)
	in.zone = x.zoneOf(ci.AvailabilityZone())
}

// Draining returns the ARNs of the DRAINING container instances, in ARN
// order: a scheduler step needs them for every task it classifies, and
// asking here costs a pass over the index's compact instance records
// instead of a look-up per task.
func (x *Index) Draining() []string {
	if x.draining == 0 {
		return nil
	}
	out := make([]string, 0, x.draining)
	for _, s := range x.order {
		if in := &x.c.inst[s]; in.draining {
			out = append(out, in.ci.ContainerInstanceARN)
		}
	}
	return out
}

func (x *Index) updateInstance(s int32, ci *model.ContainerInstance) {
	in := &x.c.inst[s]
	old := *in
	var probe instance
	x.derive(&probe, ci)
	moved := probe.zone != old.zone
	// The views whose order the change moves the instance in: it leaves
	// them now and rejoins them once its record is updated (in a second
	// pass rather than by defer, which allocates in a range-over-func loop).
	reorders := func(v *view) bool {
		return moved || !v.stop && (probe.placeable != old.placeable || v.usesResources() && (probe.cpu != old.cpu || probe.mem != old.mem))
	}
	for g := range x.viewed() {
		for _, v := range g.views {
			if reorders(v) {
				x.unview(g, v, s)
			}
		}
	}
	if moved {
		for _, name := range old.groups {
			g := x.groups[name]
			n := int64(g.count[s])
			g.zone[old.zone] -= n
			g.addZone(probe.zone, n)
		}
	}
	x.setInstance(in, x.record(s, ci))
	if in.draining != old.draining {
		if in.draining {
			x.draining++
		} else {
			x.draining--
		}
	}
	for g := range x.viewed() {
		for _, v := range g.views {
			if reorders(v) {
				x.enview(g, v, s)
			}
		}
	}
}

func (v *view) usesResources() bool {
	return v.ka == termBinpackCPU || v.ka == termBinpackMemory || v.kb == termBinpackCPU || v.kb == termBinpackMemory
}

func (g *igroup) addZone(z int32, n int64) {
	for int(z) >= len(g.zone) {
		g.zone = append(g.zone, 0)
	}
	g.zone[z] += n
}

// insertOrder puts a new slot into ARN order and gives it a rank label
// between its neighbours', relabelling every instance when there is no
// room (which keeps every order intact: only the labels change).
func (x *Index) insertOrder(s int32) {
	arn := x.c.inst[s].ci.ContainerInstanceARN
	pos, _ := slices.BinarySearchFunc(x.order, arn, func(o int32, arn string) int {
		return cmp.Compare(x.c.inst[o].ci.ContainerInstanceARN, arn)
	})
	x.order = slices.Insert(x.order, pos, s)
	var lo, hi uint64
	if pos > 0 {
		lo = x.c.inst[x.order[pos-1]].rank
	}
	if pos+1 < len(x.order) {
		hi = x.c.inst[x.order[pos+1]].rank
	} else {
		hi = lo + 2*rankSpacing
	}
	if hi-lo >= 2 {
		x.c.inst[s].rank = lo + (hi-lo)/2
		return
	}
	for k, o := range x.order {
		x.c.inst[o].rank = uint64(k+1) * rankSpacing
	}
	for g := range x.viewed() {
		for _, v := range g.views {
			for p := range v.parts {
				for _, c := range v.parts[p].chunks {
					for j := range c {
						c[j].r = x.c.inst[c[j].s].rank
					}
				}
			}
		}
	}
}

// RemoveInstance removes a deregistered container instance. Its tasks
// stay in the index but no longer count, as NewCluster ignores tasks on
// instances it was not given, until an instance with that ARN is put
// again.
func (x *Index) RemoveInstance(arn string) {
	s, ok := x.slotOf[arn]
	if !ok {
		return
	}
	x.snap = nil
	for g := range x.viewed() {
		for _, v := range g.views {
			x.unview(g, v, s)
		}
	}
	ids := x.held[s]
	x.held[s] = nil
	x.owned[s] = false // the slot's next instance gets a record of its own
	in := &x.c.inst[s]
	for _, name := range in.groups {
		g := x.groups[name]
		g.zone[in.zone] -= int64(g.count[s])
		g.total -= int64(g.count[s])
		g.count[s] = 0
		g.dropList(s)
		if g.total == 0 {
			delete(x.groups, name)
		}
	}
	for _, id := range ids {
		x.tasks[id].slot = -1
	}
	if len(ids) > 0 {
		x.orphans[arn] = ids
	}
	pos, _ := slices.BinarySearchFunc(x.order, arn, func(o int32, arn string) int {
		return cmp.Compare(x.c.inst[o].ci.ContainerInstanceARN, arn)
	})
	x.order = slices.Delete(x.order, pos, pos+1)
	delete(x.slotOf, arn)
	if in.draining {
		x.draining--
	}
	*in = instance{}
	x.c.arns[s] = ""
	x.free = append(x.free, s)
}

// PutTask adds a task or replaces the one with the same ARN: call it when
// a task is placed and whenever its status, group or instance changes. A
// task that is stopped or asked to stop (desired or last status STOPPED)
// no longer counts, as in NewCluster, and is dropped.
func (x *Index) PutTask(t model.Task) {
	x.RemoveTask(t.TaskARN)
	if !live(&t) {
		return
	}
	x.snap = nil
	id := int32(len(x.tasks))
	if n := len(x.freeTask); n > 0 {
		id = x.freeTask[n-1]
		x.freeTask = x.freeTask[:n-1]
	} else {
		x.tasks = append(x.tasks, itask{})
		x.byHash = append(x.byHash, 0)
	}
	x.tasks[id] = itask{TaskKey: KeyOf(&t), slot: -1}
	x.byHash[id] = startedByHash(t.StartedBy)
	x.taskID[t.TaskARN] = id
	if s, ok := x.slotOf[t.ContainerInstanceARN]; ok {
		x.attach(id, s)
	} else {
		x.orphans[t.ContainerInstanceARN] = append(x.orphans[t.ContainerInstanceARN], id)
	}
}

// startedBySeed seeds startedByHash; a hash only rules tasks out, so any
// seed gives the same answers.
var startedBySeed = maphash.MakeSeed()

// startedByHash is the hash Index.byHash keeps of a startedBy.
func startedByHash(startedBy string) uint32 {
	return uint32(maphash.String(startedBySeed, startedBy))
}

// attach counts task id on slot s.
func (x *Index) attach(id, s int32) {
	it := &x.tasks[id]
	it.slot = s
	x.held[s] = append(x.held[s], id)
	g := x.group(it.group)
	for int(s) >= len(g.onAt) {
		g.onAt = append(g.onAt, 0)
	}
	if g.onAt[s] == 0 {
		g.on = append(g.on, nil)
		g.onSlot = append(g.onSlot, s)
		g.onAt[s] = int32(len(g.on))
	}
	l := &g.on[g.onAt[s]-1]
	j, _ := slices.BinarySearchFunc(*l, it.arn, func(o int32, arn string) int { return cmp.Compare(x.tasks[o].arn, arn) })
	*l = slices.Insert(*l, j, id)
	x.addCount(g, it.group, s, 1)
}

// Current reports whether the index is up to date with t: it holds t with
// the same [TaskKey] when t is live, and does not hold it when t is
// stopped or asked to stop. A caller that cannot tell what changed can
// bring the index up to date by putting every task that is not current,
// at a map look-up per task.
func (x *Index) Current(t *model.Task) bool {
	k := KeyOf(t)
	id, ok := x.taskID[t.TaskARN]
	if !k.live || !ok {
		return !k.live && !ok
	}
	return x.tasks[id].TaskKey == k
}

// RemoveTask drops a task (stopped, or forgotten).
func (x *Index) RemoveTask(arn string) {
	id, ok := x.taskID[arn]
	if !ok {
		return
	}
	x.snap = nil
	it := &x.tasks[id]
	if s := it.slot; s >= 0 {
		x.held[s] = deleteID(x.held[s], id)
		g := x.groups[it.group]
		if l := deleteID(g.tasksOn(s), id); len(l) > 0 {
			g.on[g.onAt[s]-1] = l
		} else {
			g.dropList(s)
		}
		x.addCount(g, it.group, s, -1)
		if g.total == 0 {
			// Its views would only keep orders every task-less group
			// shares (see Index.empty).
			delete(x.groups, it.group)
		}
	} else {
		ci := it.inst
		if l := deleteID(x.orphans[ci], id); len(l) > 0 {
			x.orphans[ci] = l
		} else {
			delete(x.orphans, ci)
		}
	}
	delete(x.taskID, arn)
	x.tasks[id] = itask{}
	x.freeTask = append(x.freeTask, id)
}

// deleteID returns l without id, in place. The index's lists of ids are
// its own (a Clone copies them, see cloneLists): copying a list on every
// change instead cost a copy of an instance's whole task list per task
// placed or stopped, quadratic when thousands of tasks share an instance.
func deleteID(l []int32, id int32) []int32 {
	if j := slices.Index(l, id); j >= 0 {
		return slices.Delete(l, j, j+1)
	}
	return l
}

// cloneLists copies lists of ids into one new backing array, each clipped
// to its length so that a later append to one list never writes over its
// neighbour.
func cloneLists(ls [][]int32) [][]int32 {
	if ls == nil {
		return nil
	}
	n := 0
	for _, l := range ls {
		n += len(l)
	}
	buf := make([]int32, 0, n)
	out := make([][]int32, len(ls))
	for s, l := range ls {
		if l != nil {
			at := len(buf)
			buf = append(buf, l...)
			out[s] = buf[at:len(buf):len(buf)]
		}
	}
	return out
}

// viewed yields every group that may have views.
func (x *Index) viewed() iter.Seq[*igroup] {
	return func(yield func(*igroup) bool) {
		if x.empty != nil && !yield(x.empty) {
			return
		}
		for _, g := range x.groups {
			if !yield(g) {
				return
			}
		}
	}
}

// lookup returns the group to read for name: its own, or the shared one of
// groups without tasks.
func (x *Index) lookup(name string) *igroup {
	if g := x.groups[name]; g != nil {
		return g
	}
	if x.empty == nil {
		x.empty = &igroup{}
	}
	return x.empty
}

func (x *Index) group(name string) *igroup {
	g := x.groups[name]
	if g == nil {
		g = &igroup{}
		x.groups[name] = g
	}
	return g
}

// tasksOn returns the group's task ids on slot s, by task ARN.
func (g *igroup) tasksOn(s int32) []int32 {
	if int(s) < len(g.onAt) {
		if i := g.onAt[s]; i > 0 {
			return g.on[i-1]
		}
	}
	return nil
}

// dropList forgets slot s's list of tasks, moving the last list into its
// place.
func (g *igroup) dropList(s int32) {
	if int(s) >= len(g.onAt) || g.onAt[s] == 0 {
		return
	}
	i, last := g.onAt[s]-1, int32(len(g.on)-1)
	g.on[i], g.onSlot[i] = g.on[last], g.onSlot[last]
	g.onAt[g.onSlot[i]] = i + 1
	g.on[last] = nil
	g.on, g.onSlot = g.on[:last], g.onSlot[:last]
	g.onAt[s] = 0
}

func (g *igroup) cnt(s int32) int32 {
	if int(s) < len(g.count) {
		return g.count[s]
	}
	return 0
}

// addCount changes the group's task count on slot s by d, keeping its
// views, zone counts and the instance's list of groups in step.
func (x *Index) addCount(g *igroup, name string, s int32, d int32) {
	for _, v := range g.views {
		if v.stop || v.ka == termSpreadInstance || v.kb == termSpreadInstance {
			x.unview(g, v, s)
		}
	}
	for int(s) >= len(g.count) {
		g.count = append(g.count, 0)
	}
	in := &x.c.inst[s]
	before := g.count[s]
	g.count[s] += d
	g.total += int64(d)
	g.addZone(in.zone, int64(d))
	switch {
	case before == 0 && g.count[s] > 0:
		gs := slices.Clone(in.groups) // copy on write: clones share the old slice
		j, _ := slices.BinarySearch(gs, name)
		in.groups = slices.Insert(gs, j, name)
	case before > 0 && g.count[s] == 0:
		gs := slices.Clone(in.groups)
		if j, ok := slices.BinarySearch(gs, name); ok {
			gs = slices.Delete(gs, j, j+1)
		}
		in.groups = gs
	}
	for _, v := range g.views {
		if v.stop || v.ka == termSpreadInstance || v.kb == termSpreadInstance {
			x.enview(g, v, s)
		}
	}
}

func (x *Index) val(g *igroup, k termKind, s int32) int64 {
	switch k {
	case termSpreadInstance:
		return int64(g.cnt(s))
	case termBinpackCPU:
		return x.c.inst[s].cpu
	case termBinpackMemory:
		return x.c.inst[s].mem
	}
	return 0
}

func (x *Index) member(g *igroup, v *view, s int32) bool {
	if v.stop {
		return g.cnt(s) > 0
	}
	return x.c.inst[s].placeable
}

func (x *Index) key(g *igroup, v *view, s int32) skey {
	in := &x.c.inst[s]
	if v.stop {
		var a int64
		if v.ka == termSpreadInstance {
			a = -int64(g.cnt(s))
		}
		return skey{a: a, r: in.rank, s: s}
	}
	return skey{a: x.val(g, v.ka, s), b: x.val(g, v.kb, s), r: in.rank, s: s}
}

func (v *view) part(in *instance) int {
	if v.split {
		return int(in.zone)
	}
	return 0
}

func (x *Index) unview(g *igroup, v *view, s int32) {
	if x.member(g, v, s) {
		if p := v.part(&x.c.inst[s]); p < len(v.parts) {
			v.parts[p].remove(x.key(g, v, s))
		}
	}
}

func (x *Index) enview(g *igroup, v *view, s int32) {
	if x.member(g, v, s) {
		p := v.part(&x.c.inst[s])
		for p >= len(v.parts) {
			v.parts = append(v.parts, sset{})
		}
		v.parts[p].insert(x.key(g, v, s))
	}
}

// viewOf returns the group's view with the signature, building it on
// first use.
func (x *Index) viewOf(g *igroup, sig viewSig) *view {
	for _, v := range g.views {
		if v.sig() == sig {
			return v
		}
	}
	v := x.buildView(g, sig)
	g.views = append(g.views, v)
	return v
}

func (x *Index) buildView(g *igroup, sig viewSig) *view {
	v := &view{stop: sig.stop, split: sig.split, ka: sig.ka, kb: sig.kb}
	parts := [][]skey{}
	for _, s := range x.order {
		if !x.member(g, v, s) {
			continue
		}
		p := v.part(&x.c.inst[s])
		for p >= len(parts) {
			parts = append(parts, nil)
		}
		parts[p] = append(parts[p], x.key(g, v, s))
	}
	v.parts = make([]sset, len(parts))
	for p, keys := range parts {
		slices.SortFunc(keys, func(a, b skey) int {
			if a.less(b) {
				return -1
			}
			return 1
		})
		for len(keys) > 0 {
			n := min(len(keys), chunkMax/2)
			v.parts[p].chunks = append(v.parts[p].chunks, slices.Clip(keys[:n]))
			v.parts[p].n += n
			keys = keys[n:]
		}
	}
	return v
}

// Clone returns an independent copy of the index.
func (x *Index) Clone() *Index {
	y := &Index{
		c:        Cluster{inst: slices.Clone(x.c.inst), arns: slices.Clone(x.c.arns), zones: slices.Clone(x.c.zones)},
		free:     slices.Clone(x.free),
		slotOf:   maps.Clone(x.slotOf),
		order:    slices.Clone(x.order),
		zoneIdx:  maps.Clone(x.zoneIdx),
		draining: x.draining,
		tasks:    slices.Clone(x.tasks),
		byHash:   slices.Clone(x.byHash),
		freeTask: slices.Clone(x.freeTask),
		taskID:   maps.Clone(x.taskID),
		orphans:  maps.Clone(x.orphans),
		groups:   make(map[string]*igroup, len(x.groups)),
		snap:     x.snap, // read-only once built
		owned:    make([]bool, len(x.owned)),
	}
	clear(x.owned) // the records are shared now: a put makes a new one
	y.held = cloneLists(x.held)
	for arn, l := range y.orphans { // few: tasks naming an instance the index lacks
		y.orphans[arn] = slices.Clone(l)
	}
	for name, g := range x.groups {
		y.groups[name] = g.clone()
	}
	if x.empty != nil {
		y.empty = x.empty.clone()
	}
	return y
}

func (g *igroup) clone() *igroup {
	h := &igroup{total: g.total, count: slices.Clone(g.count), zone: slices.Clone(g.zone), on: cloneLists(g.on),
		onSlot: slices.Clone(g.onSlot), onAt: slices.Clone(g.onAt)}
	for _, v := range g.views {
		w := &view{stop: v.stop, split: v.split, ka: v.ka, kb: v.kb, parts: make([]sset, len(v.parts))}
		for p := range v.parts {
			w.parts[p] = v.parts[p].clone()
		}
		h.views = append(h.views, w)
	}
	return h
}

// Equal reports whether two indexes hold the same instances and tasks,
// which is all their answers depend on: the order they were told things
// in, and the orders they have built since, do not matter.
func (x *Index) Equal(y *Index) bool {
	if x == nil || y == nil {
		return x == y
	}
	if len(x.slotOf) != len(y.slotOf) || len(x.taskID) != len(y.taskID) {
		return false
	}
	for arn, s := range x.slotOf {
		t, ok := y.slotOf[arn]
		if !ok || !reflect.DeepEqual(x.c.inst[s].ci, y.c.inst[t].ci) {
			return false
		}
	}
	for arn, i := range x.taskID {
		j, ok := y.taskID[arn]
		if !ok {
			return false
		}
		a, b := &x.tasks[i], &y.tasks[j]
		if a.TaskKey != b.TaskKey {
			return false
		}
	}
	return true
}

// Cluster returns a Cluster of the index's contents, as NewCluster would
// build it; it is cached until the index next changes.
func (x *Index) Cluster() *Cluster {
	if x.snap != nil {
		return x.snap
	}
	insts := make([]model.ContainerInstance, len(x.order))
	for k, s := range x.order {
		insts[k] = *x.c.inst[s].ci
	}
	tasks := make([]model.Task, 0, len(x.taskID))
	for i := range x.tasks {
		if it := &x.tasks[i]; it.arn != "" {
			tasks = append(tasks, model.Task{TaskARN: it.arn, Group: it.group, ContainerInstanceARN: it.inst,
				DesiredStatus: model.DesiredStatusRunning, CPU: it.cpu, Memory: it.mem, StartedBy: it.startedBy})
		}
	}
	c, err := NewCluster(insts, tasks)
	if err != nil {
		panic("placement: an Index holds a repeated instance ARN: " + err.Error()) // slotOf makes ARNs unique
	}
	x.snap = c
	return c
}
