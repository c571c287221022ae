package placement

import (
	"math/rand/v2"
	"slices"

	"github.com/ecsstate/ecsstate/model"
)

// Place decides where req.Count tasks go, exactly as Cluster.Place does on
// a Cluster of the index's contents. It does not change what the index
// holds: the caller puts the tasks it launches (PutTask) and the instances
// their reservations change (PutInstance).
//
// For the strategies the index keeps an order for (spread over the
// Availability Zone attribute or none, then spread over instances and at
// most one binpack rule, the default among them) a decision costs
// O(zones + log n), with no per-call work proportional to the cluster or
// to the group; the first call for a group and strategy builds the order.
// Random, alone or after a spread over the Availability Zones, reads the
// index's instances once per call and then decides each task in
// O(zones × log² n). Other strategies place on a Cluster of the index's
// contents, which the index builds anew after each change.
func (x *Index) Place(req Request) (Result, error) {
	r, err := compileRequest(req)
	if err != nil {
		return Result{}, err
	}
	return x.place(r, req.Count), nil
}

func (x *Index) place(r *compiledRequest, n int) Result {
	sig, terms, ok := placeSig(r.terms)
	if !ok {
		if randomAfterZones(r.terms) {
			return x.placeRandom(r, n)
		}
		return x.Cluster().place(r, n)
	}
	res := Result{Placements: make([]Placement, n)}
	if n == 0 {
		return res
	}
	g := x.lookup(r.group)
	v := x.viewOf(g, sig)
	s, p := x.placerFor(r, g)
	// Each partition's heap is an earlier call's, emptied.
	parts := slices.Grow(s.f.parts, len(v.parts))[:len(v.parts)]
	count := slices.Grow(s.f.count, len(v.parts))[:len(v.parts)]
	for k := range v.parts {
		parts[k] = kpart{it: cursor{t: &v.parts[k]}, heap: parts[k].heap, dirty: true}
		count[k] = 0
		if v.split && k < len(g.zone) {
			count[k] = g.zone[k]
		}
	}
	s.f = keptFast{p: p, terms: terms, parts: parts, count: count}
	f := &s.f
	p.run(f, res.Placements)
	// Keep the buffers, not the request or the view's cursors.
	for k := range parts {
		parts[k] = kpart{heap: parts[k].heap[:0]}
	}
	s.p = placer{st: p.st[:0]}
	s.f = keptFast{parts: parts[:0], count: count[:0]}
	return res
}

// placeSig returns the view a strategy reads, and its instance-level
// rules, when the index keeps an order for it.
func placeSig(terms []term) (viewSig, []term, bool) {
	sig := viewSig{ka: termNone, kb: termNone}
	if terms[0].kind == termSpreadAttr {
		if terms[0].attr != model.AttributeAvailabilityZone {
			return sig, nil, false
		}
		sig.split, terms = true, terms[1:]
	}
	binpack := termNone
	for _, t := range terms {
		switch t.kind {
		case termSpreadInstance:
		case termBinpackCPU, termBinpackMemory:
			if binpack != termNone && binpack != t.kind {
				return sig, nil, false
			}
			binpack = t.kind
		default:
			return sig, nil, false
		}
		// A rule repeating an earlier one never breaks a tie.
		switch {
		case sig.ka == termNone:
			sig.ka = t.kind
		case sig.ka != t.kind && sig.kb == termNone:
			sig.kb = t.kind
		}
	}
	return sig, terms, true
}

// placeScratch is the working state of one Index.Place call, kept by the
// Index between calls (an Index serves one goroutine at a time), so that
// placing one task or a few allocates little beyond the result.
type placeScratch struct {
	p     placer
	f     keptFast
	order []int32 // placeRandom's placeable instances
}

// placerFor readies the index's kept working state for placing r's tasks
// of group g, and returns it with its placer.
func (x *Index) placerFor(r *compiledRequest, g *igroup) (*placeScratch, *placer) {
	s := x.scratch
	if s == nil {
		s = new(placeScratch)
		x.scratch = s
	}
	s.p = placer{
		compiledRequest: r, c: &x.c,
		needPorts: len(r.need.TCPPorts)+len(r.need.UDPPorts) > 0,
		slot:      newSlots(len(x.c.inst)),
		st:        s.p.st[:0],
		base:      g.count,
	}
	s.p.view.group = r.group
	return s, &s.p
}

// randomAfterZones reports whether a strategy is random, alone or after a
// spread over the Availability Zones: what placeRandom serves.
func randomAfterZones(terms []term) bool {
	return randomAfterOneSpread(terms) && (len(terms) == 1 || terms[0].attr == model.AttributeAvailabilityZone)
}

// placeRandom is place for random, alone or after a spread over the
// Availability Zones, from what the index keeps (its instances in ARN
// order, its group counts per zone) rather than a Cluster built anew:
// after a change the index has no Cluster, and building one costs the
// whole cluster (70 ms at 50,000 instances) every call.
func (x *Index) placeRandom(r *compiledRequest, n int) Result {
	res := Result{Placements: make([]Placement, n)}
	if n == 0 {
		return res
	}
	g := x.lookup(r.group)
	sc, p := x.placerFor(r, g)
	order := sc.order[:0]
	for _, i := range x.order {
		if x.c.inst[i].placeable {
			order = append(order, i)
		}
	}
	s := &randomIndex{p: p, order: order, rng: rand.New(rand.NewPCG(r.seed, r.seed))}
	if len(r.terms) == 2 { // after a spread over the zones: vals stays nil, an instance's value is its zone
		s.counts = make([]int64, len(x.c.zones))
		copy(s.counts, g.zone)
	}
	p.run(s, res.Placements)
	sc.order = order[:0]
	sc.p = placer{st: p.st[:0]}
	return res
}

// keptFast is fastIndex over a kept view: each partition walks the view
// (the instances in strategy order as the index holds them) with a cursor,
// skipping the instances this call has placed on, which a heap orders by
// their changed keys. As in fastIndex, an untouched instance that fails a
// check fails it for the rest of the call, so the cursor only moves
// forward.
type keptFast struct {
	p      *placer
	terms  []term
	count  []int64
	parts  []kpart
	chosen int
}

type kpart struct {
	it    cursor
	heap  []int32
	best  int32
	dirty bool
}

func (f *keptFast) less(a, b int32) bool { return f.p.cmpTerms(f.terms, a, b) < 0 }

func (f *keptFast) pick() int32 {
	best, bp := int32(-1), -1
	for k := range f.parts {
		b := f.bestOf(k)
		if b < 0 {
			continue
		}
		if bp < 0 || f.count[k] < f.count[bp] || f.count[k] == f.count[bp] && f.less(b, best) {
			best, bp = b, k
		}
	}
	f.chosen = bp
	return best
}

func (f *keptFast) bestOf(k int) int32 {
	q := &f.parts[k]
	if !q.dirty {
		return q.best
	}
	p := f.p
	for len(q.heap) > 0 && p.failStage(q.heap[0]) != stageOK {
		last := len(q.heap) - 1
		q.heap[0] = q.heap[last]
		q.heap = q.heap[:last]
		f.down(q.heap, 0)
	}
	for q.it.valid() {
		i := q.it.cur().s
		if p.inHeap(i) || p.failStage(i) != stageOK {
			q.it.next()
			continue
		}
		break
	}
	q.best = -1
	if len(q.heap) > 0 {
		q.best = q.heap[0]
	}
	if q.it.valid() {
		if i := q.it.cur().s; q.best < 0 || f.less(i, q.best) {
			q.best = i
		}
	}
	q.dirty = false
	return q.best
}

func (f *keptFast) placed(i int32) {
	q := &f.parts[f.chosen]
	s := f.p.state(i)
	if s.inHeap {
		f.down(q.heap, 0)
	} else {
		s.inHeap = true
		q.heap = append(q.heap, i)
		f.up(q.heap, len(q.heap)-1)
	}
	f.count[f.chosen]++
	q.dirty = true
}

func (f *keptFast) up(h []int32, j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !f.less(h[j], h[parent]) {
			return
		}
		h[j], h[parent] = h[parent], h[j]
		j = parent
	}
}

func (f *keptFast) down(h []int32, j int) {
	for {
		l := 2*j + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && f.less(h[r], h[l]) {
			m = r
		}
		if !f.less(h[m], h[j]) {
			return
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
}

// ChooseTasksToStop picks tasks to stop exactly as Cluster.ChooseTasksToStop
// does on a Cluster of the index's contents, without changing the index.
// For strategies made of spread rules (over the Availability Zone first,
// then over instances), the default among them, a stop costs
// O(zones + log n) plus the size of req.Candidates, req.Except and
// req.Stopping; random, alone or after a spread over the Availability
// Zones, reads the group's tasks once per call; other strategies are
// answered from the cached Cluster, which the index builds anew after
// each change.
func (x *Index) ChooseTasksToStop(req StopRequest) ([]string, error) {
	terms, err := compileStop(req)
	if err != nil {
		return nil, err
	}
	return x.chooseTasksToStop(req, terms), nil
}

// randomStop is chooseTasksToStop for random, alone or after a spread over
// the Availability Zones, from the group's tasks the index keeps per
// instance (in task ARN order) and its counts per zone, rather than a
// Cluster built anew after every change: Cluster.randomStop's draw on the
// same candidates, in the same order.
func (x *Index) randomStop(req StopRequest, terms []term) []string {
	g := x.groups[req.Group]
	if g == nil || req.Count == 0 {
		return []string{}
	}
	spread := len(terms) == 2
	parts := make([]int64, max(len(x.c.zones), 1))
	if spread {
		copy(parts, g.zone)
	}
	var gone map[int32]bool // tasks an earlier call chose to stop count nowhere
	for _, a := range req.Stopping {
		if id, ok := x.taskID[a]; ok && !gone[id] {
			if it := &x.tasks[id]; it.slot >= 0 && it.group == req.Group {
				if gone == nil {
					gone = map[int32]bool{}
				}
				gone[id] = true
				if spread {
					parts[x.c.inst[it.slot].zone]--
				}
			}
		}
	}
	allowed := setOf(x, req.Candidates)
	except := setOf(x, req.Except)
	by := startedByHash(req.StartedBy)
	var cands, vals []int32 // task ids in (instance ARN, task ARN) order, and their zones
	for _, sl := range x.order {
		for _, id := range g.tasksOn(sl) {
			if (req.Candidates == nil || allowed[id]) && !gone[id] && !except[id] &&
				(req.StartedBy == "" || x.byHash[id] == by && x.tasks[id].startedBy == req.StartedBy) {
				cands = append(cands, id)
				vals = append(vals, x.c.inst[sl].zone)
			}
		}
	}
	if !spread {
		clear(vals)
	}
	drawn := drawStops(rand.New(rand.NewPCG(req.Seed, req.Seed)), vals, parts, spread, min(req.Count, len(cands)))
	out := make([]string, len(drawn))
	for j, at := range drawn {
		out[j] = x.tasks[cands[at]].arn
	}
	return out
}

// setOf is the ids of the tasks with the ARNs that the index holds; nil
// for none.
func setOf(x *Index, arns []string) map[int32]bool {
	var set map[int32]bool
	for _, a := range arns {
		if id, ok := x.taskID[a]; ok {
			if set == nil {
				set = make(map[int32]bool, len(arns))
			}
			set[id] = true
		}
	}
	return set
}

// kstop is what a stop call changed on one instance.
type kstop struct {
	count int64 // tasks of the group left
	pos   int32 // next candidate in the group's tasks on the instance, -1 when none
}

func (x *Index) chooseTasksToStop(req StopRequest, terms []term) []string {
	if randomAfterZones(terms) {
		return x.randomStop(req, terms)
	}
	sig := viewSig{stop: true, ka: termNone, kb: termNone}
	rest := terms
	if rest[0].kind == termSpreadAttr {
		if rest[0].attr != model.AttributeAvailabilityZone {
			return x.Cluster().chooseTasksToStop(req, terms)
		}
		sig.split, rest = true, rest[1:]
	}
	for _, t := range rest {
		if t.kind != termSpreadInstance {
			return x.Cluster().chooseTasksToStop(req, terms)
		}
		sig.ka = termSpreadInstance
	}
	g := x.groups[req.Group]
	if g == nil || req.Count == 0 {
		return []string{}
	}
	v := x.viewOf(g, sig)
	byCount := sig.ka == termSpreadInstance
	// Candidates and tasks already stopping as sets of task ids: a lookup
	// each in the index's map, no map built per call.
	var allowed, gone bitset
	if req.Candidates != nil {
		allowed = make(bitset, (len(x.tasks)+63)/64)
		for _, a := range req.Candidates {
			if id, ok := x.taskID[a]; ok {
				allowed.set(id)
			}
		}
	}
	if len(req.Stopping) > 0 {
		gone = make(bitset, (len(x.tasks)+63)/64)
	}
	var except bitset
	if len(req.Except) > 0 {
		except = make(bitset, (len(x.tasks)+63)/64)
		for _, a := range req.Except {
			if id, ok := x.taskID[a]; ok {
				except.set(id)
			}
		}
	}
	by := startedByHash(req.StartedBy)
	isCand := func(id int32) bool {
		return (allowed == nil || allowed.has(id)) && (gone == nil || !gone.has(id)) &&
			(req.StartedBy == "" || x.byHash[id] == by && x.tasks[id].startedBy == req.StartedBy) && (except == nil || !except.has(id))
	}
	next := func(s, from int32) int32 {
		l := g.tasksOn(s)
		for j := from; int(j) < len(l); j++ {
			if isCand(l[j]) {
				return j
			}
		}
		return -1
	}
	// Each stop and each task already stopping touches at most one
	// instance: room for them all at once, not grown by doubling.
	st := &kstops{slot: newSlots(len(x.c.inst)), ks: make([]kstop, 0, min(req.Count+len(req.Stopping), len(x.c.inst)))}
	cnt := func(s int32) int64 {
		if k := st.get(s); k != nil {
			return k.count
		}
		return int64(g.cnt(s))
	}
	less := func(a, b int32) bool { // a stops before b
		if byCount {
			if ca, cb := cnt(a), cnt(b); ca != cb {
				return ca > cb
			}
		}
		return x.c.inst[a].rank < x.c.inst[b].rank
	}
	type spart struct {
		it    cursor
		heap  []int32
		best  int32
		pos   int32 // next(the cursor's instance, 0), once bestOf has found it
		dirty bool
	}
	parts := make([]spart, len(v.parts))
	partCount := make([]int64, len(v.parts))
	for k := range v.parts {
		parts[k] = spart{it: cursor{t: &v.parts[k]}, dirty: true}
		if v.split {
			if k < len(g.zone) {
				partCount[k] = g.zone[k]
			}
		} else {
			for _, n := range g.zone {
				partCount[k] += n
			}
		}
	}
	up := func(h []int32, j int) {
		for j > 0 {
			parent := (j - 1) / 2
			if !less(h[j], h[parent]) {
				return
			}
			h[j], h[parent] = h[parent], h[j]
			j = parent
		}
	}
	down := func(h []int32, j int) {
		for {
			l := 2*j + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				m = r
			}
			if !less(h[m], h[j]) {
				return
			}
			h[j], h[m] = h[m], h[j]
			j = m
		}
	}
	// Tasks an earlier call chose to stop count nowhere.
	var touched []int32
	for _, a := range req.Stopping {
		id, ok := x.taskID[a]
		if !ok || gone.has(id) {
			continue
		}
		it := &x.tasks[id]
		if it.slot < 0 || it.group != req.Group {
			continue
		}
		gone.set(id)
		k := st.get(it.slot)
		if k == nil {
			k = st.add(it.slot, kstop{count: int64(g.cnt(it.slot))})
			touched = append(touched, it.slot)
		}
		k.count--
		partCount[v.part(&x.c.inst[it.slot])]--
	}
	for _, s := range touched {
		k := st.get(s)
		if k.pos = next(s, 0); k.pos >= 0 {
			q := &parts[v.part(&x.c.inst[s])]
			q.heap = append(q.heap, s)
			up(q.heap, len(q.heap)-1)
		}
	}
	bestOf := func(k int) int32 {
		q := &parts[k]
		if !q.dirty {
			return q.best
		}
		for q.it.valid() {
			s := q.it.cur().s
			if st.get(s) == nil {
				if q.pos = next(s, 0); q.pos >= 0 {
					break
				}
			}
			q.it.next()
		}
		q.best = -1
		if len(q.heap) > 0 {
			q.best = q.heap[0]
		}
		if q.it.valid() {
			if s := q.it.cur().s; q.best < 0 || less(s, q.best) {
				q.best = s
			}
		}
		q.dirty = false
		return q.best
	}
	out := make([]string, 0, min(int64(req.Count), g.total))
	for len(out) < req.Count {
		bp, best := -1, int32(-1)
		for k := range parts {
			b := bestOf(k)
			if b < 0 {
				continue
			}
			if bp < 0 || partCount[k] > partCount[bp] || partCount[k] == partCount[bp] && less(b, best) {
				bp, best = k, b
			}
		}
		if bp < 0 {
			break
		}
		q := &parts[bp]
		k := st.get(best)
		fromHeap := k != nil
		if !fromHeap {
			k = st.add(best, kstop{count: int64(g.cnt(best)), pos: q.pos}) // best is the cursor's
		}
		out = append(out, x.tasks[g.tasksOn(best)[k.pos]].arn)
		k.pos = next(best, k.pos+1)
		k.count--
		partCount[bp]--
		switch {
		case fromHeap && k.pos < 0:
			last := len(q.heap) - 1
			q.heap[0] = q.heap[last]
			q.heap = q.heap[:last]
			down(q.heap, 0)
		case fromHeap:
			down(q.heap, 0)
		case k.pos >= 0:
			q.heap = append(q.heap, best)
			up(q.heap, len(q.heap)-1)
		}
		q.dirty = true
	}
	return slices.Clip(out)
}

// kstops holds what a stop call changed, per instance it touched.
type kstops struct {
	slot slots // per slot: 0, or 1 + index into ks
	ks   []kstop
}

func (k *kstops) get(s int32) *kstop {
	if i := k.slot.get(s); i != 0 {
		return &k.ks[i-1]
	}
	return nil
}

// add records s; the pointer is good until the next add.
func (k *kstops) add(s int32, v kstop) *kstop {
	k.ks = append(k.ks, v)
	k.slot.set(s, int32(len(k.ks)))
	return &k.ks[len(k.ks)-1]
}

type bitset []uint64

func (b bitset) set(i int32)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }
