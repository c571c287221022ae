package placement

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/ecsstate/ecsstate/model"
)

// Placement is the decision for one task: the container instance chosen
// for it, or why none could take it.
type Placement struct {
	// ContainerInstanceARN is the chosen instance; "" when the task could
	// not be placed.
	ContainerInstanceARN string
	// AvailabilityZone is the chosen instance's ecs.availability-zone
	// attribute ("" when it has none or the task was not placed), which
	// the task records: the caller need not look the instance up.
	AvailabilityZone string
	// Reason says why the task could not be placed; nil when it was.
	Reason *Reason
}

// Result is what Place decided, one Placement per requested task, in
// order.
type Result struct {
	Placements []Placement
}

// Placed returns how many tasks were placed.
func (r Result) Placed() int {
	n := 0
	for _, p := range r.Placements {
		if p.Reason == nil {
			n++
		}
	}
	return n
}

// Place decides where req.Count tasks go on a cluster of instances running
// tasks; it is NewCluster followed by Cluster.Place. Build the Cluster once
// yourself when you place repeatedly on the same snapshot.
func Place(instances []model.ContainerInstance, tasks []model.Task, req Request) (Result, error) {
	p, err := compileRequest(req)
	if err != nil {
		return Result{}, err
	}
	c, err := NewCluster(instances, tasks)
	if err != nil {
		return Result{}, err
	}
	return c.place(p, req.Count), nil
}

// Place decides where req.Count tasks go, one at a time, each decision
// seeing the ones before it (the CPU, memory and ports they took, and the
// task counts that spread and distinctInstance look at). It follows the
// pipeline of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html:
//
//  1. Keep the instances that are ACTIVE with their agent connected, have
//     every attribute the task definition requires, and have the CPU,
//     memory and static host ports the task needs (TCP and UDP apart, at
//     most 100 reserved ports per instance).
//  2. Keep those that satisfy every constraint.
//  3. Order them by the strategy rules, each breaking the ties of the ones
//     before it: spread prefers the fewest tasks of the group on the
//     instance (instanceId, host) or among the instances sharing its
//     attribute value (attribute:NAME; instances without the attribute
//     share the value ""), binpack the least CPU or memory left, random
//     picks uniformly with the request's seed.
//  4. Take the first; remaining ties go to the smallest container instance
//     ARN.
//
// A task that no instance can take gets a Reason, and so does every task
// after it (nothing has changed for them). A bad request is an
// InvalidParameterException naming the member at fault.
//
// Choices ECS leaves open, and what this package does:
//
//   - A required attribute without a value asks only for the attribute; one
//     with a value asks for that exact value.
//   - distinctInstance and spread count the live tasks of the group on an
//     instance whatever its status, so tasks on a DRAINING instance still
//     count toward their AZ until they stop.
//   - For memberOf, the tasks this call has placed count as running
//     (runningTasksCount counts tasks whose desired status is RUNNING) and
//     as members of the group (task:group).
//   - Negative CPU or memory in a task definition counts as 0. Elastic
//     network interfaces (awsvpc) and GPUs are not modelled: an awsvpc task
//     reserves no host ports and needs only CPU and memory.
//
// Common strategies (the default, spread over one attribute followed by
// spread over instances and at most one binpack rule) use per-partition
// indexes updated as tasks are placed, so a decision costs O(log n) in the
// number of instances. Random after at most one spread over an attribute
// keeps the instances that fit per value of the attribute, so a decision
// after the first costs O(values × log² n) rather than a look at every
// instance. Others (random after other rules,
// spread over two attributes, binpack on both resources) look at every
// instance for each task.
func (c *Cluster) Place(req Request) (Result, error) {
	p, err := compileRequest(req)
	if err != nil {
		return Result{}, err
	}
	return c.place(p, req.Count), nil
}

// compiledRequest is a validated request.
type compiledRequest struct {
	group string
	need  model.TaskResources
	attrs []model.Attribute
	cons  constraints
	terms []term
	seed  uint64
}

func compileRequest(req Request) (*compiledRequest, error) {
	td := req.TaskDefinition
	if td == nil {
		return nil, invalid("taskDefinition: a task definition is required.")
	}
	group := groupOf(req.Group, td)
	if err := checkGroupAndCount(group, req.Count); err != nil {
		return nil, err
	}
	terms, err := compileStrategy(req.Strategy)
	if err != nil {
		return nil, err
	}
	cons, err := compileConstraints(req.Constraints, td)
	if err != nil {
		return nil, err
	}
	need := model.ResourcesOf(td)
	need.CPU, need.Memory = max(need.CPU, 0), max(need.Memory, 0)
	return &compiledRequest{group: group, need: need, attrs: td.RequiresAttributes, cons: cons, terms: terms, seed: req.Seed}, nil
}

// placer holds one Place call's view of the cluster: the snapshot plus an
// overlay of what changed on the instances it touched.
type placer struct {
	*compiledRequest
	c         *Cluster
	needPorts bool  // the task needs static host ports
	slot      slots // per instance: 0, or 1 + index into st
	st        []liveState
	ports     []takenPorts
	view      instanceView
	// base holds the group's tasks per instance when the placer reads a
	// kept Index (nil for a Cluster, whose counts are loaded by touch up
	// front).
	base []int32
}

// liveState is an instance's state as this call has changed it.
type liveState struct {
	cpu, mem int64
	ports    int32 // 0, or 1 + index into placer.ports once parsed
	count    int32 // tasks of the group on it
	placed   int32 // tasks this call placed on it
	inHeap   bool  // the fast index tracks it in a heap
}

// slots maps instance indexes to overlay slots. A call that touches a few
// instances keeps them in a short list inside the struct; past that it
// switches to pages, allocated as they are touched. Either way a call
// touching few instances of a big cluster allocates (and leaves for the
// garbage collector, which then scans the whole cluster's index) little.
type slots struct {
	n     int32 // instances
	nfew  int32
	few   [smallSlots]slotPair
	pages [][]int32
}

type slotPair struct{ i, v int32 }

const (
	slotPage   = 1024
	smallSlots = 16
)

func newSlots(n int) slots { return slots{n: int32(n)} }

func (s *slots) get(i int32) int32 {
	if s.pages != nil {
		if p := s.pages[i/slotPage]; p != nil {
			return p[i%slotPage]
		}
		return 0
	}
	for _, e := range s.few[:s.nfew] {
		if e.i == i {
			return e.v
		}
	}
	return 0
}

func (s *slots) set(i, v int32) {
	if s.pages == nil {
		for k := range s.few[:s.nfew] {
			if s.few[k].i == i {
				s.few[k].v = v
				return
			}
		}
		if s.nfew < smallSlots {
			s.few[s.nfew] = slotPair{i, v}
			s.nfew++
			return
		}
		s.pages = make([][]int32, (s.n+slotPage-1)/slotPage)
		for _, e := range s.few[:s.nfew] {
			s.setPage(e.i, e.v)
		}
	}
	s.setPage(i, v)
}

func (s *slots) setPage(i, v int32) {
	p := &s.pages[i/slotPage]
	if *p == nil {
		*p = make([]int32, slotPage)
	}
	(*p)[i%slotPage] = v
}

// takenPorts are an instance's remaining-resource ports (the ports taken),
// TCP and UDP.
type takenPorts struct{ tcp, udp []int32 }

// index picks the next instance and is told where the task went.
type index interface {
	pick() int32
	placed(i int32)
}

func (c *Cluster) place(r *compiledRequest, n int) Result {
	res := Result{Placements: make([]Placement, n)}
	if n == 0 {
		return res
	}
	p := &placer{
		compiledRequest: r, c: c,
		needPorts: len(r.need.TCPPorts)+len(r.need.UDPPorts) > 0,
		slot:      newSlots(len(c.inst)),
		st:        make([]liveState, 0, min(len(c.inst), n+len(c.groups[r.group]))),
	}
	p.view.group = r.group
	for _, gc := range c.groups[r.group] {
		p.touch(gc.inst).count = gc.count
	}
	var ix index
	if f := p.newFastIndex(); f != nil {
		ix = f
	} else if r := p.newRandomIndex(); r != nil {
		ix = r
	} else {
		ix = p.newScanIndex()
	}
	p.run(ix, res.Placements)
	return res
}

// run makes the decisions, one per placement.
func (p *placer) run(ix index, out []Placement) {
	n := len(out)
	for k := range n {
		i := ix.pick()
		if i < 0 {
			reason := p.reason()
			for j := k; j < n; j++ {
				rj := reason
				out[j].Reason = &rj
			}
			return
		}
		// From arns, by index: not a cache miss on the instance's record.
		out[k].ContainerInstanceARN = p.c.arns[i]
		out[k].AvailabilityZone = p.c.zones[p.c.inst[i].zone]
		if k+1 < n { // the last decision changes nothing anyone reads
			p.apply(i)
			ix.placed(i)
		}
	}
}

// touch returns the instance's overlay state, creating it from the
// snapshot on first use.
func (p *placer) touch(i int32) *liveState {
	if s := p.slot.get(i); s != 0 {
		return &p.st[s-1]
	}
	in := &p.c.inst[i]
	p.st = append(p.st, liveState{cpu: in.cpu, mem: in.mem, count: p.baseCount(i)})
	p.slot.set(i, int32(len(p.st)))
	return &p.st[len(p.st)-1]
}

func (p *placer) state(i int32) *liveState {
	if s := p.slot.get(i); s != 0 {
		return &p.st[s-1]
	}
	return nil
}

func (p *placer) cpu(i int32) int64 {
	if s := p.state(i); s != nil {
		return s.cpu
	}
	return p.c.inst[i].cpu
}

func (p *placer) mem(i int32) int64 {
	if s := p.state(i); s != nil {
		return s.mem
	}
	return p.c.inst[i].mem
}

func (p *placer) count(i int32) int32 {
	if s := p.state(i); s != nil {
		return s.count
	}
	return p.baseCount(i)
}

func (p *placer) baseCount(i int32) int32 {
	if int(i) < len(p.base) {
		return p.base[i]
	}
	return 0
}

func (p *placer) inHeap(i int32) bool {
	s := p.state(i)
	return s != nil && s.inHeap
}

// portsOf returns the instance's taken ports, parsing them once.
func (p *placer) portsOf(i int32) *takenPorts {
	s := p.touch(i)
	if s.ports == 0 {
		rem := p.c.inst[i].ci.Remaining()
		p.ports = append(p.ports, takenPorts{rem.TCPPorts, rem.UDPPorts})
		s.ports = int32(len(p.ports))
	}
	return &p.ports[s.ports-1]
}

// apply records a task placed on instance i.
func (p *placer) apply(i int32) {
	if p.needPorts {
		tp := p.portsOf(i)
		tp.tcp, tp.udp = union(tp.tcp, p.need.TCPPorts), union(tp.udp, p.need.UDPPorts)
	}
	s := p.touch(i)
	s.cpu -= p.need.CPU
	s.mem -= p.need.Memory
	s.count++
	s.placed++
}

// Stages of the checks, in the order Reason documents; stageOK means every
// check passed.
const (
	stageAgent = iota
	stageAttribute
	stageCPU
	stageMemory
	stagePorts
	stageDistinct
	stageMemberOf // + index of the memberOf constraint
	stageOK       = 1 << 30
)

// failStage returns the first check instance i fails, or stageOK. The
// caller has checked that the instance is ACTIVE.
func (p *placer) failStage(i int32) int {
	in := &p.c.inst[i]
	if !in.connected {
		return stageAgent
	}
	for _, a := range p.attrs {
		v, ok := in.ci.Attribute(a.Name)
		if !ok || a.Value != "" && v != a.Value {
			return stageAttribute
		}
	}
	cpu, mem, count, placed := in.cpu, in.mem, p.baseCount(i), int32(0)
	if s := p.state(i); s != nil {
		cpu, mem, count, placed = s.cpu, s.mem, s.count, s.placed
	}
	if cpu < p.need.CPU {
		return stageCPU
	}
	if mem < p.need.Memory {
		return stageMemory
	}
	if p.needPorts {
		tp := p.portsOf(i)
		if intersects(tp.tcp, p.need.TCPPorts) || intersects(tp.udp, p.need.UDPPorts) ||
			len(tp.tcp)+len(tp.udp)+len(p.need.TCPPorts)+len(p.need.UDPPorts) > model.MaxReservedPorts {
			return stagePorts
		}
	}
	if p.cons.distinct && count > 0 {
		return stageDistinct
	}
	if len(p.cons.memberOf) > 0 {
		p.view.in, p.view.placed = in, placed
		for k, m := range p.cons.memberOf {
			if !m.match(&p.view) {
				return stageMemberOf + k
			}
		}
	}
	return stageOK
}

// reason finds the closest matching instance and why it cannot take the
// task.
func (p *placer) reason() Reason {
	best, bestStage := int32(-1), -1
	for i := range p.c.inst {
		in := &p.c.inst[i]
		if in.ci == nil || in.ci.Status != model.ContainerInstanceStatusActive { // nil: a free Index slot
			continue
		}
		if s := p.failStage(int32(i)); s > bestStage || s == bestStage && in.rank < p.c.inst[best].rank {
			best, bestStage = int32(i), s
		}
	}
	if best < 0 {
		return Reason{Code: ReasonNoInstances}
	}
	r := Reason{ContainerInstanceARN: p.c.inst[best].ci.ContainerInstanceARN}
	switch bestStage {
	case stageAgent:
		r.Code = ReasonAgent
	case stageAttribute:
		r.Code = ReasonAttribute
	case stageCPU:
		r.Code = ReasonCPU
	case stageMemory:
		r.Code = ReasonMemory
	case stagePorts:
		r.Code = ReasonPorts
	case stageDistinct:
		r.Code = ReasonDistinctInstance
	default:
		r.Code = ReasonMemberOf
	}
	return r
}

// cmpTerms compares instances a and b by the instance-level strategy rules
// (spread over instances, binpack), then by ARN.
//
// scanIndex.cmp repeats this switch on purpose: moving it into a shared
// helper costs a call per rule (the helper is too large to inline), which
// measured about 18% slower per decision at 50,000 instances.
func (p *placer) cmpTerms(terms []term, a, b int32) int {
	for _, t := range terms {
		var c int
		switch t.kind {
		case termSpreadInstance:
			c = cmp.Compare(p.count(a), p.count(b))
		case termBinpackCPU:
			c = cmp.Compare(p.cpu(a), p.cpu(b))
		case termBinpackMemory:
			c = cmp.Compare(p.mem(a), p.mem(b))
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(p.c.inst[a].rank, p.c.inst[b].rank)
}

// scanIndex looks at every placeable instance for each task. It handles
// every strategy (Place uses it for those fastIndex and randomIndex do
// not serve).
type scanIndex struct {
	p      *placer
	terms  []term
	vals   [][]int32 // per term: attribute value index of each instance (spread attribute only)
	counts [][]int64 // per term: tasks of the group per attribute value
	random bool
	rng    *rand.Rand
	ties   []int32
}

func (p *placer) newScanIndex() *scanIndex {
	s := &scanIndex{p: p, terms: p.terms}
	if last := len(s.terms) - 1; s.terms[last].kind == termRandom {
		s.random, s.terms = true, s.terms[:last]
		s.rng = rand.New(rand.NewPCG(p.seed, p.seed))
	}
	s.vals = make([][]int32, len(s.terms))
	s.counts = make([][]int64, len(s.terms))
	for k, t := range s.terms {
		if t.kind == termSpreadAttr {
			s.vals[k], s.counts[k] = p.partitions(t.attr)
		}
	}
	return s
}

// partitions numbers the values of an attribute over all instances
// (absent counts as "") and counts the group's tasks per value.
func (p *placer) partitions(attr string) (vals []int32, counts []int64) {
	c := p.c
	vals, n := c.valuesOf(attr)
	counts = make([]int64, n)
	for _, gc := range c.groups[p.group] {
		counts[vals[gc.inst]] += int64(gc.count)
	}
	return vals, counts
}

func (s *scanIndex) cmp(a, b int32) int {
	p := s.p
	for k, t := range s.terms {
		var c int
		switch t.kind {
		case termSpreadAttr:
			c = cmp.Compare(s.counts[k][s.vals[k][a]], s.counts[k][s.vals[k][b]])
		case termSpreadInstance:
			c = cmp.Compare(p.count(a), p.count(b))
		case termBinpackCPU:
			c = cmp.Compare(p.cpu(a), p.cpu(b))
		case termBinpackMemory:
			c = cmp.Compare(p.mem(a), p.mem(b))
		}
		if c != 0 {
			return c
		}
	}
	if s.random {
		return 0
	}
	return cmp.Compare(a, b)
}

func (s *scanIndex) pick() int32 {
	best := int32(-1)
	s.ties = s.ties[:0]
	for _, i := range s.p.c.all.byRank {
		// Compare first: an instance that would lose anyway needs no
		// checks.
		c := -1
		if best >= 0 {
			if c = s.cmp(i, best); c > 0 {
				continue
			}
		}
		if s.p.failStage(i) != stageOK {
			continue
		}
		if c < 0 {
			best = i
			s.ties = append(s.ties[:0], i)
		} else {
			s.ties = append(s.ties, i)
		}
	}
	if best >= 0 && s.random {
		best = s.ties[s.rng.IntN(len(s.ties))]
	}
	return best
}

func (s *scanIndex) placed(i int32) {
	for k, t := range s.terms {
		if t.kind == termSpreadAttr {
			s.counts[k][s.vals[k][i]]++
		}
	}
}

// randomIndex serves random, alone or after one spread over an attribute.
// A placement changes only the placed instance's fitness and its value's
// count, so the index keeps, per value, the positions in order of the
// instances that can take the task (ascending), and each decision draws
// among the least-counted values' instances by counting, without a look
// at every instance: the same instance from the same draw as scanIndex's
// list of ties in rank order.
type randomIndex struct {
	p      *placer
	order  []int32    // the placeable instances in rank order (a Cluster's byRank)
	vals   []int32    // each instance's value; nil: its zone
	counts []int64    // the group's tasks per value; nil without a spread
	rng    *rand.Rand // seeded with the request's seed
	fit    [][]int32  // per value, built at the first pick
	// The instance pick last returned, and its position in order.
	lastPick, lastRank int32
}

// newRandomIndex returns the randomIndex for p's strategy, or nil when
// the strategy is not random alone or after one spread over an attribute.
func (p *placer) newRandomIndex() *randomIndex {
	t := p.terms
	if !randomAfterOneSpread(t) {
		return nil
	}
	s := &randomIndex{p: p, order: p.c.all.byRank, rng: rand.New(rand.NewPCG(p.seed, p.seed))}
	if len(t) == 2 {
		s.vals, s.counts = p.partitions(t[0].attr)
	}
	return s
}

// randomAfterOneSpread reports whether a strategy is random, alone or
// after one spread over an attribute: what randomIndex and randomStop
// serve.
func randomAfterOneSpread(terms []term) bool {
	n := len(terms)
	return terms[n-1].kind == termRandom && (n == 1 || n == 2 && terms[0].kind == termSpreadAttr)
}

// value is the value an instance is counted under (0 without a spread).
func (s *randomIndex) value(i int32) int32 {
	switch {
	case s.counts == nil:
		return 0
	case s.vals == nil:
		return s.p.c.inst[i].zone
	}
	return s.vals[i]
}

func (s *randomIndex) placed(i int32) {
	if s.counts != nil {
		s.counts[s.value(i)]++
	}
	if s.fit != nil && i == s.lastPick && s.p.failStage(i) != stageOK {
		v := s.value(i)
		if at, ok := slices.BinarySearch(s.fit[v], s.lastRank); ok {
			s.fit[v] = slices.Delete(s.fit[v], at, at+1)
		}
	}
}

// kthOf returns the k-th smallest of the positions (below n) held in the
// lists tied selects, each list ascending: the least position with more
// than k of them at or before it.
func kthOf(lists [][]int32, tied func(int) bool, k int, n int32) int32 {
	lo, hi := int32(0), n-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		below := 0
		for v := range lists {
			if tied(v) {
				at, found := slices.BinarySearch(lists[v], mid)
				if found {
					at++
				}
				below += at
			}
		}
		if below > k {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// pick draws among the instances that can take the task and whose value
// has the fewest of the group's tasks.
func (s *randomIndex) pick() int32 {
	byRank := s.order
	if s.fit == nil {
		n := 1
		if s.counts != nil {
			n = len(s.counts)
		}
		s.fit = make([][]int32, n)
		for r, i := range byRank {
			if s.p.failStage(i) == stageOK {
				v := s.value(i)
				s.fit[v] = append(s.fit[v], int32(r))
			}
		}
	}
	// The fewest tasks among the values with an instance that fits, and
	// the values that have them.
	least, total := int64(-1), 0
	for v, l := range s.fit {
		if len(l) == 0 {
			continue
		}
		c := int64(0)
		if s.counts != nil {
			c = s.counts[v]
		}
		switch {
		case least < 0 || c < least:
			least, total = c, len(l)
		case c == least:
			total += len(l)
		}
	}
	if least < 0 {
		return -1
	}
	k := s.rng.IntN(total)
	tied := func(v int) bool { return len(s.fit[v]) > 0 && (s.counts == nil || s.counts[v] == least) }
	var r int32
	if only := slices.IndexFunc(s.fit, func(l []int32) bool { return len(l) == total }); only >= 0 && tied(only) {
		r = s.fit[only][k] // one value ties (or there is no spread)
	} else {
		r = kthOf(s.fit, tied, k, int32(len(byRank)))
	}
	s.lastPick, s.lastRank = byRank[r], r
	return s.lastPick
}

func intersects(a, b []int32) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

func union(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
