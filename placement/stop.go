package placement

import (
	"cmp"
	"math/rand/v2"
	"slices"

	"github.com/ecsstate/ecsstate/model"
)

// StopRequest describes a scale-in: how many tasks of a group to stop and
// the strategy the group was placed with.
type StopRequest struct {
	// Group is the task group to stop tasks of, "service:NAME" for a
	// service. Required.
	Group string
	// Count is how many tasks to stop.
	Count int
	// Strategy is the group's placement strategy; empty means the service
	// default (see DefaultStrategy).
	Strategy []model.PlacementStrategy
	// Seed feeds the random strategy.
	Seed uint64
	// Candidates, when not nil, limits the tasks that may be stopped to
	// these task ARNs (for example the tasks of one deployment); every live
	// task of the group still counts for the balance. Nil allows every live
	// task of the group.
	Candidates []string
	// StartedBy, when not empty, limits the candidates to the tasks whose
	// startedBy is this (a service deployment's ID), and Except takes
	// tasks out of them: a scheduler stopping many of one deployment's
	// tasks names the few it must keep instead of listing all the others.
	// Both combine with Candidates; neither changes what counts for the
	// balance.
	StartedBy string
	Except    []string
	// Stopping lists tasks already chosen to stop whose stop the caller has
	// not applied yet (for example by an earlier call in the same
	// scheduler step): they count neither toward the balance nor as
	// candidates, exactly as if they were absent.
	Stopping []string
}

// ChooseTasksToStop picks tasks to stop; it is NewCluster followed by
// Cluster.ChooseTasksToStop.
func ChooseTasksToStop(instances []model.ContainerInstance, tasks []model.Task, req StopRequest) ([]string, error) {
	terms, err := compileStop(req)
	if err != nil {
		return nil, err
	}
	c, err := NewCluster(instances, tasks)
	if err != nil {
		return nil, err
	}
	return c.chooseTasksToStop(req, terms), nil
}

func compileStop(req StopRequest) ([]term, error) {
	if err := checkGroupAndCount(req.Group, req.Count); err != nil {
		return nil, err
	}
	return compileStrategy(req.Strategy)
}

// ChooseTasksToStop picks req.Count live tasks of the group to stop, one at
// a time, each choice seeing the ones before it, and returns their ARNs in
// that order (fewer when the group has fewer candidates).
//
// It mirrors placement, as the UpdateService API reference describes for
// the default
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html)
// and the strategies page for the rest
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html):
// each strategy rule, in order, prefers
//
//   - spread over attribute:NAME: a task in the attribute value with the
//     most tasks of the group (the default: the AZ with the most);
//   - spread over instanceId or host: a task on the instance with the most
//     tasks of the group (the default's second rule);
//   - binpack: the task whose removal leaves its instance with the most CPU
//     or memory free (the instance's remaining amount plus the task's own
//     cpu or memory);
//   - random: any of the tasks still tied, with the request's seed.
//
// Remaining ties go to the smallest container instance ARN, then the
// smallest task ARN. ECS says that with spread it stops "at random" within
// an AZ; this package keeps to the deterministic ARN order unless the
// strategy includes random.
//
// Strategies made of spread rules alone (the default among them) use a
// heap of instances per AZ, so a stop costs O(zones + log n); random,
// alone or after one spread over an attribute, keeps each value's
// candidates, so a stop costs O(values × log² n) plus removing the
// stopped task from its value's list; the others look at every candidate
// for each stop.
func (c *Cluster) ChooseTasksToStop(req StopRequest) ([]string, error) {
	terms, err := compileStop(req)
	if err != nil {
		return nil, err
	}
	return c.chooseTasksToStop(req, terms), nil
}

func (c *Cluster) chooseTasksToStop(req StopRequest, terms []term) []string {
	var allowed map[string]bool
	if req.Candidates != nil {
		allowed = make(map[string]bool, len(req.Candidates))
		for _, a := range req.Candidates {
			allowed[a] = true
		}
	}
	var gone map[string]bool
	if len(req.Stopping) > 0 {
		gone = make(map[string]bool, len(req.Stopping))
		for _, a := range req.Stopping {
			gone[a] = true
		}
	}
	var except map[string]bool
	if len(req.Except) > 0 {
		except = make(map[string]bool, len(req.Except))
		for _, a := range req.Except {
			except[a] = true
		}
	}
	n := len(c.inst)
	var cand []int // indexes into c.tasks
	count := make([]int64, n)
	for k := range c.tasks {
		t := &c.tasks[k]
		if t.t.Group != req.Group || gone[t.t.TaskARN] {
			continue
		}
		count[t.inst]++
		if (allowed == nil || allowed[t.t.TaskARN]) && (req.StartedBy == "" || t.t.StartedBy == req.StartedBy) && !except[t.t.TaskARN] {
			cand = append(cand, k)
		}
	}
	// Scan candidates by instance ARN, then task ARN: the first of equals
	// wins, which is the documented tie-break.
	c.byInstanceThenARN(cand)
	if out, ok := c.fastStop(req, terms, cand, count); ok {
		return out
	}
	if out, ok := c.randomStop(req, terms, cand, count); ok {
		return out
	}
	var rng *rand.Rand
	if last := len(terms) - 1; terms[last].kind == termRandom {
		rng = rand.New(rand.NewPCG(req.Seed, req.Seed))
		terms = terms[:last]
	}
	// Per spread-attribute rule: each instance's value and the group's
	// tasks per value.
	vals := make([][]int32, len(terms))
	parts := make([][]int64, len(terms))
	for k, t := range terms {
		if t.kind != termSpreadAttr {
			continue
		}
		var nv int
		vals[k], nv = c.valuesOf(t.attr)
		parts[k] = make([]int64, nv)
		for i, m := range count {
			parts[k][vals[k][i]] += m
		}
	}
	cpu, mem := make([]int64, n), make([]int64, n)
	for i := range c.inst {
		cpu[i], mem[i] = c.inst[i].cpu, c.inst[i].mem
	}
	key := func(k int, t *taskRef) int64 {
		switch terms[k].kind {
		case termSpreadAttr:
			return parts[k][vals[k][t.inst]]
		case termSpreadInstance:
			return count[t.inst]
		case termBinpackCPU:
			return cpu[t.inst] + t.cpu
		default:
			return mem[t.inst] + t.mem
		}
	}
	// compare > 0 when a should stop before b.
	compare := func(a, b *taskRef) int {
		for k := range terms {
			if d := cmp.Compare(key(k, a), key(k, b)); d != 0 {
				return d
			}
		}
		return 0
	}
	want := min(req.Count, len(cand))
	out := make([]string, 0, want)
	var ties []int
	for range want {
		best := 0 // index into cand
		ties = append(ties[:0], 0)
		for j := 1; j < len(cand); j++ {
			switch d := compare(&c.tasks[cand[j]], &c.tasks[cand[best]]); {
			case d > 0:
				best, ties = j, append(ties[:0], j)
			case d == 0:
				ties = append(ties, j)
			}
		}
		if rng != nil {
			best = ties[rng.IntN(len(ties))]
		}
		t := &c.tasks[cand[best]]
		out = append(out, t.t.TaskARN)
		count[t.inst]--
		for k := range terms {
			if parts[k] != nil {
				parts[k][vals[k][t.inst]]--
			}
		}
		cpu[t.inst] += t.cpu
		mem[t.inst] += t.mem
		cand = slices.Delete(cand, best, best+1)
	}
	return out
}

// randomStop handles random, alone or after one spread over an attribute:
// the candidates in the values with the most of the group's tasks tie, and
// one of them is drawn. It keeps each value's candidates (their positions
// in cand, ascending) and finds the drawn one by counting, where the scan
// below compares every candidate for every stop; it stops the same tasks
// from the same draws. cand is in (instance, task ARN) order; count is the
// group's tasks per instance.
func (c *Cluster) randomStop(req StopRequest, terms []term, cand []int, count []int64) ([]string, bool) {
	if !randomAfterOneSpread(terms) {
		return nil, false
	}
	last := len(terms) - 1
	val, nvals := make([]int32, len(c.inst)), 1 // each instance's value; all 0 without a spread
	if last == 1 {
		val, nvals = c.valuesOf(terms[0].attr)
		nvals = max(nvals, 1)
	}
	parts := make([]int64, nvals) // the group's tasks per value
	for i, m := range count {
		parts[val[i]] += m
	}
	vals := make([]int32, len(cand))
	for at, k := range cand {
		vals[at] = val[c.tasks[k].inst]
	}
	drawn := drawStops(rand.New(rand.NewPCG(req.Seed, req.Seed)), vals, parts, last == 1, min(req.Count, len(cand)))
	out := make([]string, len(drawn))
	for j, at := range drawn {
		out[j] = c.tasks[cand[at]].t.TaskARN
	}
	return out, true
}

// drawStops draws want stops among candidates, in their order, whose
// values are vals, the group having parts[v] tasks in value v: the
// candidates in the values with the most tasks tie (all of them, without
// spread), and one is drawn. It keeps each value's candidates (positions,
// ascending) and finds the drawn one by counting, where a scan would
// compare every candidate for every stop; it returns the positions
// stopped, in order.
func drawStops(rng *rand.Rand, vals []int32, parts []int64, spread bool, want int) []int32 {
	lists := make([][]int32, len(parts))
	for at, v := range vals {
		lists[v] = append(lists[v], int32(at))
	}
	out := make([]int32, 0, want)
	for range want {
		most, total := int64(-1), 0
		for v, l := range lists {
			switch {
			case len(l) == 0:
			case !spread || parts[v] == most:
				total += len(l)
				most = max(most, 0)
			case parts[v] > most:
				most, total = parts[v], len(l)
			}
		}
		tied := func(v int) bool { return len(lists[v]) > 0 && (!spread || parts[v] == most) }
		at := kthOf(lists, tied, rng.IntN(total), int32(len(vals)))
		v := vals[at]
		if i, ok := slices.BinarySearch(lists[v], at); ok {
			lists[v] = slices.Delete(lists[v], i, i+1)
		}
		parts[v]--
		out = append(out, at)
	}
	return out
}

// fastStop handles the strategies made only of spread rules with at most
// one attribute rule, first (the default among them): within each
// partition of the attribute a heap orders the instances that have
// candidates by the group's tasks on them (most first), then ARN. A stop
// costs O(partitions + log n) instead of a scan of every candidate. cand
// is in (instance, task ARN) order; count is the group's tasks per
// instance, which fastStop updates.
func (c *Cluster) fastStop(req StopRequest, terms []term, cand []int, count []int64) ([]string, bool) {
	attr, split := "", false
	if terms[0].kind == termSpreadAttr {
		attr, split, terms = terms[0].attr, true, terms[1:]
	}
	for _, t := range terms {
		if t.kind != termSpreadInstance {
			return nil, false
		}
	}
	byCount := len(terms) > 0
	n := len(c.inst)
	partOf, nparts := make([]int32, n), 1 // one partition without a spread over an attribute
	if split {
		partOf, nparts = c.valuesOf(attr)
		nparts = max(nparts, 1)
	}
	partCount := make([]int64, nparts)
	for i, m := range count {
		partCount[partOf[i]] += m
	}
	// Each instance's candidates, in task ARN order: cand[first[i]:end[i]].
	first, end := make([]int32, n), make([]int32, n)
	heaps := make([][]int32, nparts)
	for j, ti := range cand {
		i := c.tasks[ti].inst
		if end[i] == 0 {
			first[i] = int32(j)
			heaps[partOf[i]] = append(heaps[partOf[i]], i)
		}
		end[i] = int32(j + 1)
	}
	less := func(a, b int32) bool { // a stops before b
		if byCount && count[a] != count[b] {
			return count[a] > count[b]
		}
		return a < b
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
	for _, h := range heaps {
		for j := len(h)/2 - 1; j >= 0; j-- {
			down(h, j)
		}
	}
	want := min(req.Count, len(cand))
	out := make([]string, 0, want)
	for range want {
		bp := -1
		for q, h := range heaps {
			if len(h) == 0 {
				continue
			}
			if bp < 0 || partCount[q] > partCount[bp] || partCount[q] == partCount[bp] && less(h[0], heaps[bp][0]) {
				bp = q
			}
		}
		h := heaps[bp]
		i := h[0]
		out = append(out, c.tasks[cand[first[i]]].t.TaskARN)
		first[i]++
		count[i]--
		partCount[bp]--
		if first[i] == end[i] {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		down(h, 0)
		heaps[bp] = h
	}
	return out, true
}
