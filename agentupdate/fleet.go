package agentupdate

import (
	"slices"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Fleet is a cluster's container instances kept for repeated rollout
// planning: the caller puts an instance whenever it changes (registered,
// drained, its agent connects or its update moves on, its running task
// count changes) and removes it when it deregisters. Fleet.PlanRollout
// then answers exactly as PlanRollout on the same instances, but keeps
// between calls the instances in ARN order, each instance's checks against
// the catalog and the hold each instance had in the last plan. A plan
// after a few puts checks and words again only those instances and the
// ones entering or leaving Next, scans a compact array for the wave, and
// copies the kept holds into the plan; only a new catalog, limit, wave
// zone or set of busy zones words every hold again.
//
// A Fleet holds one record per container instance ARN, so it never holds
// an instance as a duplicate. It is not safe for concurrent use (planning
// updates what it keeps); Clone it for another goroutine.
type Fleet struct {
	// recs, hot and out are parallel, by container instance ARN.
	recs []*fleetRec
	hot  []fleetHot
	// out is each instance's hold in the last plan, Reason "" for an
	// instance in its Next or InProgress.
	out   []Hold
	cat   Catalog // the catalog the instances were checked with
	valid bool    // cat is set
	// What every candidate's hold in out was worded for.
	wave fleetWave
}

// fleetRec is one kept instance and its checks against Fleet.cat.
type fleetRec struct {
	ci   model.ContainerInstance
	hold Hold // its own hold, when hot.kind is kindHeld
}

// fleetHot is what a plan reads of every instance, kept in one compact
// array so that the scan for the wave does not visit the records.
type fleetHot struct {
	zone    string
	running int32
	kind    uint8
	checked bool // kind and the record's hold are for Fleet.cat
	dirty   bool // put since out was written
	next    bool // in the last plan's Next
}

// fleetWave is what the plan-dependent holds say besides the instance.
type fleetWave struct {
	set   bool
	zone  string
	busy  string // the busy zones, joined, when more than one
	limit int
}

// NewFleet keeps the instances. A repeated container instance ARN is an
// InvalidParameterException.
func NewFleet(instances []model.ContainerInstance) (*Fleet, error) {
	n := len(instances)
	f := &Fleet{recs: make([]*fleetRec, 0, n)}
	for i := range instances {
		f.recs = append(f.recs, newFleetRec(&instances[i]))
	}
	slices.SortFunc(f.recs, func(a, b *fleetRec) int { return strings.Compare(a.ci.ContainerInstanceARN, b.ci.ContainerInstanceARN) })
	for k := 1; k < n; k++ {
		if a := f.recs[k].ci.ContainerInstanceARN; a == f.recs[k-1].ci.ContainerInstanceARN {
			return nil, invalid("containerInstances: container instance %s is listed more than once.", ecserrors.Clip(a))
		}
	}
	f.hot, f.out = make([]fleetHot, n), make([]Hold, n)
	for k, r := range f.recs {
		f.hot[k] = newFleetHot(r)
	}
	return f, nil
}

func newFleetRec(ci *model.ContainerInstance) *fleetRec {
	c := ci.Clone()
	return &fleetRec{ci: c}
}

func newFleetHot(r *fleetRec) fleetHot {
	return fleetHot{zone: r.ci.AvailabilityZone(), running: r.ci.RunningTasksCount, dirty: true}
}

func (f *Fleet) find(arn string) (int, bool) {
	return slices.BinarySearchFunc(f.recs, arn, func(r *fleetRec, arn string) int { return strings.Compare(r.ci.ContainerInstanceARN, arn) })
}

// PutInstance adds an instance or replaces the one with the same ARN. The
// fleet keeps its own copy.
func (f *Fleet) PutInstance(ci model.ContainerInstance) {
	r := newFleetRec(&ci)
	h := newFleetHot(r)
	k, ok := f.find(ci.ContainerInstanceARN)
	if ok {
		h.next = f.hot[k].next
		f.recs[k], f.hot[k] = r, h
		return
	}
	f.recs = slices.Insert(f.recs, k, r)
	f.hot = slices.Insert(f.hot, k, h)
	f.out = slices.Insert(f.out, k, Hold{})
}

// RemoveInstance drops a deregistered instance.
func (f *Fleet) RemoveInstance(arn string) {
	if k, ok := f.find(arn); ok {
		f.recs = slices.Delete(f.recs, k, k+1)
		f.hot = slices.Delete(f.hot, k, k+1)
		f.out = slices.Delete(f.out, k, k+1)
	}
}

// Len returns the number of instances kept.
func (f *Fleet) Len() int { return len(f.recs) }

// Clone returns an independent copy.
func (f *Fleet) Clone() *Fleet {
	g := &Fleet{recs: make([]*fleetRec, len(f.recs)), hot: slices.Clone(f.hot), out: slices.Clone(f.out),
		cat: f.cat, valid: f.valid, wave: f.wave}
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
		for k := range f.hot {
			f.hot[k].checked = false
		}
		f.cat, f.valid = catalog, true
	}
	var (
		plan      RolloutPlan
		busyZones []string
		memo      = versionMemo{cat: cat}
		first     = -1 // the first candidate: fewest running tasks, then ARN
	)
	for k := range f.hot {
		h := &f.hot[k]
		if h.next { // its hold changes if it leaves Next
			h.next, h.dirty = false, true
		}
		if !h.checked {
			r := f.recs[k]
			kind, reason, _ := classify(&r.ci, &memo)
			if kind == kindHeld {
				r.hold = ownHold(&r.ci, reason, &memo)
			}
			h.kind, h.checked, h.dirty = kind, true, true
		}
		switch h.kind {
		case kindInProgress:
			plan.InProgress = append(plan.InProgress, f.recs[k].ci.ContainerInstanceARN)
			if !slices.Contains(busyZones, h.zone) {
				busyZones = append(busyZones, h.zone)
			}
		case kindCandidate:
			if first < 0 || h.running < f.hot[first].running {
				first = k
			}
		}
	}
	slices.Sort(busyZones)
	switch len(busyZones) {
	case 0:
		if first >= 0 {
			plan.Zone = f.hot[first].zone
		}
	case 1:
		plan.Zone = busyZones[0]
	}
	wave := fleetWave{set: true, zone: plan.Zone, limit: limit}
	if len(busyZones) > 1 {
		wave.busy = strings.Join(busyZones, "\x00")
	}
	stale := wave != f.wave
	f.wave = wave
	// Next, and each instance's hold where it may have changed.
	var next []int
	if slots := limit - len(plan.InProgress); len(busyZones) <= 1 && slots > 0 && first >= 0 {
		next = f.smallest(plan.Zone, slots)
	}
	if len(next) > 0 {
		plan.Next = make([]string, len(next))
	}
	for j, k := range next {
		plan.Next[j] = f.recs[k].ci.ContainerInstanceARN
		h := &f.hot[k]
		h.next, h.dirty = true, true
	}
	f.reword(stale, plan.Zone, busyZones, limit)
	if k := len(f.recs) - len(plan.Next) - len(plan.InProgress); k > 0 {
		plan.Held = make([]Hold, 0, k)
		// Copy the kept holds in runs.
		for s := 0; s < len(f.out); {
			if f.out[s].Reason == "" {
				s++
				continue
			}
			e := s + 1
			for e < len(f.out) && f.out[e].Reason != "" {
				e++
			}
			plan.Held = append(plan.Held, f.out[s:e]...)
			s = e
		}
	}
	return plan, nil
}

// reword writes the hold of every instance put or checked since the last
// plan, or entering or leaving Next, or, when the wave changed (stale),
// of every candidate.
func (f *Fleet) reword(stale bool, zone string, busyZones []string, limit int) {
	// The texts of the wave's holds, once needed.
	var (
		multiText, limText string
		zoneTexts          []struct{ zone, text string }
	)
	for k := range f.hot {
		h := &f.hot[k]
		if !h.dirty && !(stale && h.kind == kindCandidate) {
			continue
		}
		h.dirty = false
		r := f.recs[k]
		switch {
		case h.kind == kindHeld:
			f.out[k] = r.hold
			continue
		case h.kind == kindInProgress || h.next:
			f.out[k] = Hold{}
			continue
		}
		var text string
		reason := reasonOtherZone
		switch {
		case len(busyZones) > 1:
			if multiText == "" {
				multiText = multiZoneText(busyZones)
			}
			text = multiText
		case h.zone != zone:
			// A region has a handful of zones; beyond them, each
			// instance's text is written on its own.
			if j := slices.IndexFunc(zoneTexts, func(t struct{ zone, text string }) bool { return t.zone == h.zone }); j >= 0 {
				text = zoneTexts[j].text
			} else if text = otherZoneText(zone, h.zone); len(zoneTexts) < 8 {
				zoneTexts = append(zoneTexts, struct{ zone, text string }{h.zone, text})
			}
		default:
			reason = reasonLimit
			if limText == "" {
				limText = limitText(limit)
			}
			text = limText
		}
		f.out[k] = Hold{ContainerInstanceARN: r.ci.ContainerInstanceARN, Reason: holdReasons[reason].reason, text: text}
	}
}

// smallest returns the positions of the (at most) limit candidates in zone
// with the fewest running tasks, then ARN, in that order, by a bounded
// max-heap over the compact array.
func (f *Fleet) smallest(zone string, limit int) []int {
	fw := newFewest(limit, len(f.hot))
	for k := range f.hot {
		if h := &f.hot[k]; h.kind == kindCandidate && h.zone == zone {
			fw.push(k, h.running)
		}
	}
	return fw.sorted()
}
