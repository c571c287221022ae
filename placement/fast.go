package placement

// fastIndex places with per-partition indexes instead of scanning every
// instance. It handles strategies of the form
//
//	[spread attribute:NAME] then any of spread instanceId/host and binpack
//	on one resource
//
// which covers the service default (spread over the AZ attribute, then the
// fewest tasks of the service on the instance). The instances are split
// into partitions by the attribute (one partition without it). Each
// partition keeps:
//
//   - a cursor over its placeable instances in snapshot order (by ARN, or
//     by remaining CPU or memory then ARN for binpack). An instance the call
//     has not touched has zero tasks of the group, so this order is its
//     order under the strategy; the cursor only moves forward, because an
//     untouched instance that fails a check now will fail it for the rest
//     of the call (only placing on an instance changes it);
//   - a heap of the instances the call has touched (and those that already
//     run tasks of the group), ordered by their current key; an instance's
//     key changes only when a task is placed on it, which happens at the
//     top of the heap. An instance at the top that fails a check is dropped
//     for the same reason the cursor skips one.
//
// Each partition caches its best instance until a task is placed in it. A
// decision compares the partitions' task counts and best instances, so it
// costs O(partitions + log n), with each instance checked O(1) times over
// the whole call.
type fastIndex struct {
	p      *placer
	terms  []term  // instance-level rules (after the partition rule)
	partOf []int32 // nil for the AZ attribute (use instance.zone)
	count  []int64 // tasks of the group per partition
	parts  []partition
	chosen int
}

type partition struct {
	list  []int32 // untouched instances in strategy order
	cur   int
	heap  []int32
	best  int32
	dirty bool
}

// newFastIndex returns nil when the strategy is not of the indexed form.
func (p *placer) newFastIndex() *fastIndex {
	terms := p.terms
	attr, split := "", false
	if terms[0].kind == termSpreadAttr {
		attr, split, terms = terms[0].attr, true, terms[1:]
	}
	binpack := termKind(255)
	for _, t := range terms {
		switch t.kind {
		case termSpreadInstance:
		case termBinpackCPU, termBinpackMemory:
			if binpack != 255 && binpack != t.kind {
				return nil
			}
			binpack = t.kind
		default:
			return nil
		}
	}
	pick := func(l *lists) []int32 {
		switch binpack {
		case termBinpackCPU:
			return l.byCPU
		case termBinpackMemory:
			return l.byMem
		}
		return l.byRank
	}
	c := p.c
	f := &fastIndex{p: p, terms: terms}
	switch {
	case !split:
		f.parts = []partition{{list: pick(&c.all)}}
		f.count = make([]int64, 1)
	case attr == "ecs.availability-zone":
		f.parts = make([]partition, len(c.zones))
		for z := range c.zones {
			f.parts[z].list = pick(&c.byZone[z])
		}
		f.count = make([]int64, len(c.zones))
		for _, gc := range c.groups[p.group] {
			f.count[c.inst[gc.inst].zone] += int64(gc.count)
		}
	default:
		f.partOf, f.count = p.partitions(attr)
		f.parts = make([]partition, len(f.count))
		for _, i := range pick(&c.all) {
			q := &f.parts[f.partOf[i]]
			q.list = append(q.list, i)
		}
	}
	for _, gc := range c.groups[p.group] {
		if c.inst[gc.inst].placeable {
			p.state(gc.inst).inHeap = true
			q := &f.parts[f.part(gc.inst)]
			q.heap = append(q.heap, gc.inst)
		}
	}
	for k := range f.parts {
		q := &f.parts[k]
		q.dirty = true
		for j := len(q.heap)/2 - 1; j >= 0; j-- {
			f.down(q.heap, j)
		}
	}
	return f
}

func (f *fastIndex) part(i int32) int {
	switch {
	case f.partOf != nil:
		return int(f.partOf[i])
	case len(f.parts) == 1:
		return 0
	}
	return int(f.p.c.inst[i].zone)
}

func (f *fastIndex) less(a, b int32) bool { return f.p.cmpTerms(f.terms, a, b) < 0 }

func (f *fastIndex) pick() int32 {
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

func (f *fastIndex) bestOf(k int) int32 {
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
	for q.cur < len(q.list) {
		i := q.list[q.cur]
		if p.inHeap(i) || p.failStage(i) != stageOK {
			q.cur++
			continue
		}
		break
	}
	q.best = -1
	if len(q.heap) > 0 {
		q.best = q.heap[0]
	}
	if q.cur < len(q.list) {
		if i := q.list[q.cur]; q.best < 0 || f.less(i, q.best) {
			q.best = i
		}
	}
	q.dirty = false
	return q.best
}

func (f *fastIndex) placed(i int32) {
	q := &f.parts[f.chosen]
	s := f.p.state(i)
	if s.inHeap {
		f.down(q.heap, 0) // i was the top; its key only grew or it stays the least
	} else {
		s.inHeap = true
		q.heap = append(q.heap, i)
		f.up(q.heap, len(q.heap)-1)
	}
	f.count[f.chosen]++
	q.dirty = true
}

func (f *fastIndex) up(h []int32, j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !f.less(h[j], h[parent]) {
			return
		}
		h[j], h[parent] = h[parent], h[j]
		j = parent
	}
}

func (f *fastIndex) down(h []int32, j int) {
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
