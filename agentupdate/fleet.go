package agentupdate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Fleet is a cluster's container instances kept for repeated rollout
// planning: the caller puts an instance whenever it changes (registered,
// drained, its agent connects or its update moves on, its running task
// count changes) and removes it when it deregisters. Fleet.PlanRollout
// then answers exactly as PlanRollout on the same instances, but keeps
// what one instance's plan entry needs between calls (the instances in
// ARN order, each instance's checks against the catalog, the messages of
// its hold), so a call costs one pass over the fleet with no sorting and
// no message built twice.
//
// A Fleet holds one record per container instance ARN, so it never holds
// an instance as a duplicate. It is not safe for concurrent use (planning
// caches messages); Clone it for another goroutine.
type Fleet struct {
	recs  []*fleetRec // by container instance ARN
	cat   Catalog     // the catalog the cached checks were made with
	valid bool        // cat is set
	gen   uint64      // plan generation, marks Next members
}

type fleetRec struct {
	ci      model.ContainerInstance
	zone    string
	id      string // instanceID of the ARN
	checked bool   // kind and hold are for Fleet.cat
	kind    int
	hold    Hold
	next    uint64 // the generation of the plan that put it in Next
	// The last plan-dependent hold and what it depended on.
	dyn    Hold
	dynKey string
}

// NewFleet keeps the instances. A repeated container instance ARN is an
// InvalidParameterException.
func NewFleet(instances []model.ContainerInstance) (*Fleet, error) {
	f := &Fleet{recs: make([]*fleetRec, 0, len(instances))}
	for i := range instances {
		f.recs = append(f.recs, newFleetRec(&instances[i]))
	}
	slices.SortFunc(f.recs, func(a, b *fleetRec) int { return strings.Compare(a.ci.ContainerInstanceARN, b.ci.ContainerInstanceARN) })
	for k := 1; k < len(f.recs); k++ {
		if a := f.recs[k].ci.ContainerInstanceARN; a == f.recs[k-1].ci.ContainerInstanceARN {
			return nil, invalid("containerInstances: container instance %s is listed more than once.", ecserrors.Clip(a))
		}
	}
	return f, nil
}

func newFleetRec(ci *model.ContainerInstance) *fleetRec {
	c := ci.Clone()
	return &fleetRec{ci: c, zone: c.AvailabilityZone(), id: instanceID(c.ContainerInstanceARN)}
}

func (f *Fleet) find(arn string) (int, bool) {
	return slices.BinarySearchFunc(f.recs, arn, func(r *fleetRec, arn string) int { return strings.Compare(r.ci.ContainerInstanceARN, arn) })
}

// PutInstance adds an instance or replaces the one with the same ARN. The
// fleet keeps its own copy.
func (f *Fleet) PutInstance(ci model.ContainerInstance) {
	r := newFleetRec(&ci)
	k, ok := f.find(ci.ContainerInstanceARN)
	if ok {
		f.recs[k] = r
		return
	}
	f.recs = slices.Insert(f.recs, k, r)
}

// RemoveInstance drops a deregistered instance.
func (f *Fleet) RemoveInstance(arn string) {
	if k, ok := f.find(arn); ok {
		f.recs = slices.Delete(f.recs, k, k+1)
	}
}

// Len returns the number of instances kept.
func (f *Fleet) Len() int { return len(f.recs) }

// Clone returns an independent copy.
func (f *Fleet) Clone() *Fleet {
	g := &Fleet{recs: make([]*fleetRec, len(f.recs)), cat: f.cat, valid: f.valid, gen: f.gen}
	for k, r := range f.recs {
		c := *r // the instance record is never written once kept
		g.recs[k] = &c
	}
	return g
}

// PlanRollout plans the next wave over the kept instances; see the
// package-level PlanRollout for the rules, which this follows exactly.
func (f *Fleet) PlanRollout(catalog Catalog, limit int) (RolloutPlan, error) {
	if limit < 1 {
		return RolloutPlan{}, invalid("limit must be at least 1, got %d.", limit)
	}
	cat, err := catalog.parse()
	if err != nil {
		return RolloutPlan{}, err
	}
	if !f.valid || f.cat != catalog {
		for _, r := range f.recs {
			r.checked = false
		}
		f.cat, f.valid = catalog, true
	}
	var (
		plan      RolloutPlan
		busyZones []string
		first     *fleetRec // the first candidate: fewest running tasks, then ARN
		nheld     int
	)
	for _, r := range f.recs {
		if !r.checked {
			r.kind, r.hold = classify(&r.ci, cat)
			r.checked = true
		}
		switch r.kind {
		case kindInProgress:
			plan.InProgress = append(plan.InProgress, r.ci.ContainerInstanceARN)
			if !slices.Contains(busyZones, r.zone) {
				busyZones = append(busyZones, r.zone)
			}
		case kindHeld:
			nheld++
		default:
			if first == nil || r.ci.RunningTasksCount < first.ci.RunningTasksCount {
				first = r
			}
		}
	}
	slices.Sort(busyZones)
	switch len(busyZones) {
	case 0:
		if first != nil {
			plan.Zone = first.zone
		}
	case 1:
		plan.Zone = busyZones[0]
	}
	// Next: the slots candidates of the wave's zone with the fewest running
	// tasks (then ARN), kept in a bounded heap whose top is the worst.
	f.gen++
	slots := limit - len(plan.InProgress)
	if len(busyZones) <= 1 && slots > 0 && first != nil {
		var h []*fleetRec
		worse := func(a, b *fleetRec) bool { // a goes after b
			if a.ci.RunningTasksCount != b.ci.RunningTasksCount {
				return a.ci.RunningTasksCount > b.ci.RunningTasksCount
			}
			return a.ci.ContainerInstanceARN > b.ci.ContainerInstanceARN
		}
		for _, r := range f.recs {
			if r.kind != kindCandidate || r.zone != plan.Zone {
				continue
			}
			if len(h) < slots {
				h = append(h, r)
				for j := len(h) - 1; j > 0; {
					p := (j - 1) / 2
					if !worse(h[j], h[p]) {
						break
					}
					h[j], h[p] = h[p], h[j]
					j = p
				}
				continue
			}
			if !worse(h[0], r) { // arrives in ARN order: ties lose to what is kept
				continue
			}
			h[0] = r
			for j := 0; ; {
				l := 2*j + 1
				if l >= len(h) {
					break
				}
				m := l
				if l+1 < len(h) && worse(h[l+1], h[l]) {
					m = l + 1
				}
				if !worse(h[m], h[j]) {
					break
				}
				h[j], h[m] = h[m], h[j]
				j = m
			}
		}
		slices.SortFunc(h, func(a, b *fleetRec) int {
			return cmp.Or(cmp.Compare(a.ci.RunningTasksCount, b.ci.RunningTasksCount), strings.Compare(a.ci.ContainerInstanceARN, b.ci.ContainerInstanceARN))
		})
		for _, r := range h {
			plan.Next = append(plan.Next, r.ci.ContainerInstanceARN)
			r.next = f.gen
		}
	}
	if k := len(f.recs) - len(plan.Next) - len(plan.InProgress); k > 0 {
		plan.Held = make([]Hold, 0, k)
	}
	// The plan-dependent holds depend on the busy zones, or the wave's
	// zone and the instance's, or the limit; reuse the last message while
	// that is unchanged.
	var multiKey string
	if len(busyZones) > 1 {
		multiKey = "m\x00" + strings.Join(busyZones, "\x00")
	}
	limitKey := "l\x00" + strconv.Itoa(limit)
	zoneKey := "z\x00" + plan.Zone
	for _, r := range f.recs {
		var key string
		switch {
		case r.kind == kindHeld:
			plan.Held = append(plan.Held, r.hold)
			continue
		case r.kind == kindInProgress || r.next == f.gen:
			continue
		case len(busyZones) > 1:
			key = multiKey
		case r.zone != plan.Zone:
			key = zoneKey
		default:
			key = limitKey
		}
		if r.dynKey != key || r.dyn.Reason == "" {
			switch key {
			case multiKey:
				r.dyn = multiZoneHold(busyZones, r.id)
			case zoneKey:
				r.dyn = otherZoneHold(plan.Zone, r.zone, r.id)
			default:
				r.dyn = limitHold(limit, r.id)
			}
			r.dyn.ContainerInstanceARN = r.ci.ContainerInstanceARN
			r.dynKey = key
		}
		plan.Held = append(plan.Held, r.dyn)
	}
	return plan, nil
}
