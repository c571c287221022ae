package placement

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Cluster is an indexed, read-only snapshot of a cluster's container
// instances and the tasks on them, built once by NewCluster and then used
// for any number of Place and ChooseTasksToStop calls. It never changes
// after NewCluster returns, so one Cluster can serve concurrent calls;
// applying a placement (model.ReserveTask) and building a new Cluster is
// the caller's business.
//
// The snapshot refers to the instances passed to NewCluster rather than
// copying them: do not modify them while the Cluster is in use.
type Cluster struct {
	inst []instance // sorted by container instance ARN: index = rank
	arns []string   // the instances' ARNs, in the same order (an Index's: by slot)
	// keys are the first 8 bytes after prefix of each of arns, as a
	// number in the same order: lookup searches these, in a few cache
	// lines, before it reads an ARN.
	keys   []uint64
	prefix string   // the prefix every one of arns shares
	zones  []string // distinct ecs.availability-zone values, sorted
	byZone []lists  // per zone: placeable instances in each order
	all    lists    // all placeable instances in each order
	groups map[string][]groupCount
	// tasks are the live tasks on known instances, in input order: a stop
	// orders only its candidates (by instance, then task ARN; see
	// byInstanceThenARN), far cheaper than sorting every task by ARN here.
	tasks []taskRef
}

// instance is what the index keeps about one container instance.
type instance struct {
	ci        *model.ContainerInstance
	zone      int32 // index into Cluster.zones
	placeable bool  // ACTIVE with the agent connected
	connected bool  // agent connected
	draining  bool  // status DRAINING
	cpu, mem  int64 // remaining CPU units and MiB
	groups    []string
	// rank orders instances by container instance ARN: the index in a
	// Cluster, a spaced label in an Index (see Index.rank).
	rank uint64
}

// lists holds placeable instances in the orders the cursors walk:
// by ARN, and by remaining CPU or memory (then ARN).
type lists struct {
	byRank, byCPU, byMem []int32
}

// groupCount is how many live tasks of a group run on one instance.
type groupCount struct {
	inst  int32
	count int32
}

// taskRef is a live task the index knows the instance of.
type taskRef struct {
	t        *model.Task
	inst     int32
	cpu, mem int64
}

// NewCluster indexes instances and the tasks on them. Only tasks that are
// live count toward task groups: neither their desired nor their last
// status is STOPPED, and they name a container instance of the snapshot
// (tasks on unknown instances are ignored). A repeated container instance
// ARN is an InvalidParameterException.
//
// NewCluster takes O(n log n) for n instances; a Place call on the result
// then costs about O(log n) per task, however big the cluster.
func NewCluster(instances []model.ContainerInstance, tasks []model.Task) (*Cluster, error) {
	c := &Cluster{
		inst:   make([]instance, len(instances)),
		arns:   make([]string, len(instances)),
		keys:   make([]uint64, len(instances)),
		groups: map[string][]groupCount{},
	}
	type keyed struct {
		arn string
		i   int
	}
	// ARNs of one cluster share a long prefix (partition, Region, account,
	// cluster); comparing only what follows it makes the sort cheaper.
	lcp := 0
	if len(instances) > 0 {
		first := instances[0].ContainerInstanceARN
		lcp = len(first)
		for i := range instances {
			a := instances[i].ContainerInstanceARN
			if len(a) >= lcp && a[:lcp] == first[:lcp] {
				continue // the usual case, in one comparison of memory
			}
			n := min(lcp, len(a))
			for j := 0; j < n; j++ {
				if a[j] != first[j] {
					n = j
					break
				}
			}
			lcp = n
		}
	}
	if len(instances) > 0 {
		c.prefix = instances[0].ContainerInstanceARN[:lcp]
	}
	order := make([]keyed, len(instances))
	for i := range instances {
		order[i] = keyed{instances[i].ContainerInstanceARN[lcp:], i}
	}
	slices.SortFunc(order, func(a, b keyed) int { return cmp.Compare(a.arn, b.arn) })
	// Each instance's zone is first numbered in order of discovery: a
	// cluster has a few zones, so the instance's is searched among those
	// found so far (a map of them once there are many) rather than looked
	// up in a map twice per instance.
	zoneIdx := map[string]int32{}
	zoneOf := make([]int32, len(instances))
	for r, k := range order {
		if r > 0 && k.arn == order[r-1].arn {
			return nil, invalid("containerInstances: container instance %s is listed more than once.", ecserrors.Clip(instances[k.i].ContainerInstanceARN))
		}
		ci := &instances[k.i]
		c.arns[r] = ci.ContainerInstanceARN
		c.keys[r] = key8(k.arn)
		in := &c.inst[r]
		in.ci = ci
		in.rank = uint64(r)
		in.connected = ci.AgentConnected
		in.placeable = ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected
		in.cpu, in.mem = remainingCPUMemory(ci)
		zoneOf[r] = c.discoverZone(zoneIdx, ci.AvailabilityZone())
	}
	// Zones are numbered in name order.
	found := slices.Clone(c.zones)
	slices.Sort(c.zones)
	renumber := make([]int32, len(found))
	for z, name := range found {
		k, _ := slices.BinarySearch(c.zones, name)
		renumber[z] = int32(k)
	}
	// The lists are sized by a first pass: placeable instances per zone.
	perZone := make([]int32, len(c.zones))
	placeable := int32(0)
	for r := range c.inst {
		in := &c.inst[r]
		in.zone = renumber[zoneOf[r]]
		if in.placeable {
			perZone[in.zone]++
			placeable++
		}
	}
	c.all.byRank = make([]int32, 0, placeable)
	for r := range c.inst {
		if c.inst[r].placeable {
			c.all.byRank = append(c.all.byRank, int32(r))
		}
	}
	c.all.byCPU = slices.Clone(c.all.byRank)
	c.all.byMem = slices.Clone(c.all.byRank)
	// byRank is in ARN order, so a stable sort keeps ARN order on ties.
	slices.SortStableFunc(c.all.byCPU, func(a, b int32) int { return cmp.Compare(c.inst[a].cpu, c.inst[b].cpu) })
	slices.SortStableFunc(c.all.byMem, func(a, b int32) int { return cmp.Compare(c.inst[a].mem, c.inst[b].mem) })
	// Each zone's lists are the global lists' members in that zone, in the
	// same order.
	c.byZone = make([]lists, len(c.zones))
	backing := make([]int32, 3*placeable) // carved into every zone's lists
	for z, n := range perZone {
		l := &c.byZone[z]
		l.byRank, backing = backing[:0:n], backing[n:]
		l.byCPU, backing = backing[:0:n], backing[n:]
		l.byMem, backing = backing[:0:n], backing[n:]
	}
	for _, i := range c.all.byRank {
		l := &c.byZone[c.inst[i].zone]
		l.byRank = append(l.byRank, i)
	}
	for _, i := range c.all.byCPU {
		l := &c.byZone[c.inst[i].zone]
		l.byCPU = append(l.byCPU, i)
	}
	for _, i := range c.all.byMem {
		l := &c.byZone[c.inst[i].zone]
		l.byMem = append(l.byMem, i)
	}
	c.indexTasks(tasks)
	return c, nil
}

// zoneScan is how many zones discoverZone searches one by one before it
// looks zones up in a map: regions have up to six.
const zoneScan = 8

// discoverZone returns the number of zone az in c.zones, in order of
// discovery, adding it when new; byName maps the zones once there are
// more than zoneScan.
func (c *Cluster) discoverZone(byName map[string]int32, az string) int32 {
	if len(c.zones) <= zoneScan {
		for z, name := range c.zones {
			if name == az {
				return int32(z)
			}
		}
	} else if z, ok := byName[az]; ok {
		return z
	}
	z := int32(len(c.zones))
	c.zones = append(c.zones, az)
	if len(c.zones) > zoneScan {
		if len(byName) == 0 {
			for k, name := range c.zones {
				byName[name] = int32(k)
			}
		}
		byName[az] = z
	}
	return z
}

// lookup returns the index of the instance with the ARN.
func (c *Cluster) lookup(arn string) (int32, bool) {
	// Every instance ARN starts with prefix, so only what follows it
	// decides the order: comparing the shared part at each step of the
	// search was most of indexing a cluster's tasks.
	p := len(c.prefix)
	if len(arn) < p || arn[:p] != c.prefix {
		return 0, false
	}
	// keys are sorted (key8 keeps the order of strings, ties aside), so
	// the ARN can only be among those with its key: usually one.
	rest := arn[p:]
	k := key8(rest)
	lo := lowerBound(c.keys, k)
	if lo == len(c.keys) || c.keys[lo] != k {
		return int32(lo), false
	}
	hi := lo + 1 // the usual run of one
	if hi < len(c.keys) && c.keys[hi] == k {
		hi = len(c.keys)
		if k < math.MaxUint64 {
			hi, _ = slices.BinarySearch(c.keys, k+1)
		}
	}
	r, ok := slices.BinarySearchFunc(c.arns[lo:hi], rest, func(e, t string) int { return cmp.Compare(e[p:], t) })
	return int32(lo + r), ok
}

// lowerBound is slices.BinarySearch's position of k in sorted keys (the
// first key not below it), searched without branching on the keys: a
// cluster's tasks are looked up thousands at a time, and which way each
// step of a search goes cannot be predicted.
func lowerBound(keys []uint64, k uint64) int {
	base, n := 0, len(keys)
	if n == 0 {
		return 0
	}
	for n > 1 {
		half := n / 2
		// The borrow of keys[base+half] - k is 1 when that key is below k.
		_, below := bits.Sub64(keys[base+half], k, 0)
		base += half & -int(below)
		n -= half
	}
	if keys[base] < k {
		base++
	}
	return base
}

// key8 is the first 8 bytes of s, big-endian, zero-padded: a number that
// orders as the strings do, except that it ties strings sharing their
// first 8 bytes (and a short string with itself followed by zero bytes).
func key8(s string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// live reports whether a task still holds its place: neither stopped nor
// asked to stop.
func live(t *model.Task) bool {
	return t.DesiredStatus != model.DesiredStatusStopped && t.LastStatus != model.TaskStatusStopped
}

func (c *Cluster) indexTasks(tasks []model.Task) {
	// Groups are numbered in name order, so (group, instance) pairs sort
	// as plain integers, group in the high half, and each instance's
	// groups come out sorted.
	ids := map[string]int32{}
	// Sized for every task: most are live on known instances.
	pairs := make([]uint64, 0, len(tasks))
	c.tasks = make([]taskRef, 0, len(tasks))
	lastGroup, lastID := "", int32(-1) // tasks of one group tend to come together
	for i := range tasks {
		t := &tasks[i]
		if !live(t) {
			continue
		}
		r, ok := c.lookup(t.ContainerInstanceARN)
		if !ok {
			continue
		}
		g := lastID
		if g < 0 || t.Group != lastGroup {
			if g, ok = ids[t.Group]; !ok {
				g = int32(len(ids))
				ids[t.Group] = g
			}
			lastGroup, lastID = t.Group, g
		}
		pairs = append(pairs, uint64(g)<<32|uint64(r))
		c.tasks = append(c.tasks, taskRef{t: t, inst: r, cpu: units(t.CPU), mem: units(t.Memory)})
	}
	names := make([]string, 0, len(ids))
	for name := range ids {
		names = append(names, name)
	}
	slices.Sort(names)
	rename := make([]uint64, len(names))
	for k, name := range names {
		rename[ids[name]] = uint64(k)
	}
	for k, p := range pairs {
		pairs[k] = rename[p>>32]<<32 | p&(1<<32-1)
	}
	slices.Sort(pairs)
	// Each instance's groups, and each group's counts, are carved from
	// one array apiece, sized by a first pass, rather than grown one small
	// slice per instance and per group.
	per := make([]int32, len(c.inst))
	distinct := 0
	for i, p := range pairs {
		if i == 0 || p != pairs[i-1] {
			per[uint32(p)]++
			distinct++
		}
	}
	backing := make([]string, distinct)
	for r, n := range per {
		if n > 0 {
			c.inst[r].groups, backing = backing[:0:n], backing[n:]
		}
	}
	counts := make([]groupCount, 0, distinct)
	from := 0 // where the current group's counts start
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j] == pairs[i] {
			j++
		}
		g, r := pairs[i]>>32, int32(uint32(pairs[i]))
		counts = append(counts, groupCount{r, int32(j - i)})
		in := &c.inst[r]
		in.groups = append(in.groups, names[g])
		if j == len(pairs) || pairs[j]>>32 != g {
			c.groups[names[g]] = counts[from:len(counts):len(counts)]
			from = len(counts)
		}
		i = j
	}
}

// byInstanceThenARN sorts cand (indexes into c.tasks, ascending) by
// instance, then task ARN, then position: when candidates are not far
// fewer than instances, a counting sort by instance, which keeps
// positions in order, then a stable sort by ARN of each instance's run,
// which is one or two tasks in most clusters.
func (c *Cluster) byInstanceThenARN(cand []int) {
	if len(cand) < 2 {
		return
	}
	if len(cand)*16 < len(c.inst) {
		// Few candidates in a big cluster: a comparison sort costs less
		// than a pass over every instance.
		slices.SortFunc(cand, func(a, b int) int {
			ta, tb := &c.tasks[a], &c.tasks[b]
			if ta.inst != tb.inst {
				return cmp.Compare(ta.inst, tb.inst)
			}
			return cmp.Or(cmp.Compare(ta.t.TaskARN, tb.t.TaskARN), cmp.Compare(a, b))
		})
		return
	}
	start := make([]int32, len(c.inst)+1)
	for _, k := range cand {
		start[c.tasks[k].inst+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	out := make([]int, len(cand))
	at := start[:len(start)-1]
	for _, k := range cand {
		i := c.tasks[k].inst
		out[at[i]] = k
		at[i]++
	}
	copy(cand, out)
	// at[i] is now the end of instance i's run, and the start of the next
	// instance's.
	from := 0
	for _, end := range at {
		if int(end)-from > 1 {
			slices.SortStableFunc(cand[from:end], func(a, b int) int { return cmp.Compare(c.tasks[a].t.TaskARN, c.tasks[b].t.TaskARN) })
		}
		from = int(end)
	}
}

// units reads a task's cpu or memory string ("256"); anything else is 0.
func units(s string) int64 {
	var n int64
	if s == "" || len(s) > 12 {
		return 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

// remainingCPUMemory reads the CPU and MEMORY remaining resources the way
// model.ContainerInstance.Remaining does, without parsing the port sets.
func remainingCPUMemory(ci *model.ContainerInstance) (cpu, mem int64) {
	for i := range ci.RemainingResources {
		r := &ci.RemainingResources[i]
		var v int64
		switch r.Type {
		case model.ResourceTypeLong:
			v = r.LongValue
		case model.ResourceTypeDouble:
			v = int64(r.DoubleValue)
		default:
			v = int64(r.IntegerValue)
		}
		switch r.Name {
		case model.ResourceCPU:
			cpu = v
		case model.ResourceMemory:
			mem = v
		}
	}
	return cpu, mem
}

// valuesOf numbers the values an attribute takes over the cluster's
// instances (an absent attribute counts as ""): each instance's value,
// and how many values there are. The Availability Zone's are the zone
// numbers the cluster already keeps.
func (c *Cluster) valuesOf(attr string) ([]int32, int) {
	vals := make([]int32, len(c.inst))
	if attr == model.AttributeAvailabilityZone {
		for i := range c.inst {
			vals[i] = c.inst[i].zone
		}
		return vals, len(c.zones)
	}
	ids := map[string]int32{}
	for i := range c.inst {
		v, _ := c.inst[i].ci.Attribute(attr)
		id, ok := ids[v]
		if !ok {
			id = int32(len(ids))
			ids[v] = id
		}
		vals[i] = id
	}
	return vals, len(ids)
}
