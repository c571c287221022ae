package agentupdate

import (
	"cmp"
	"slices"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// RolloutPlan is the next wave of a fleet agent update: which instances to
// call UpdateContainerAgent on now, and why each other instance waits. It is a
// plain value; applying it means making the calls in Next's order.
type RolloutPlan struct {
	// Next lists the container instance ARNs to update now, fewest running
	// tasks first, ties broken by ARN.
	Next []string
	// Zone is the Availability Zone the wave disturbs: the zone of the
	// updates already in progress, or else of the first instance in Next.
	// It is "" when nothing is updating and nothing is planned, and when
	// updates are already in progress in more than one zone.
	Zone string
	// InProgress lists, by ARN, the instances whose update is already
	// PENDING, STAGING, STAGED or UPDATING. They count against the limit.
	InProgress []string
	// Held lists every other instance, by ARN, with the reason it is not in
	// Next.
	Held []Hold
}

// Hold is one instance a rollout does not update now, and why. Holds are
// comparable, and equal holds say the same: the same instance, reason,
// code and message. [Hold.Message] words the reason when it is called.
type Hold struct {
	ContainerInstanceARN string
	Reason               HoldReason
	// Code is the exception UpdateContainerAgent would answer for this
	// instance, or "" when the instance only waits its turn (draining,
	// disconnected, limit reached, other zone).
	Code ecserrors.Code
	// text is what Message says besides the instance (see holdText).
	text string
}

// Waiting reports whether the instance only waits its turn, and will be
// updated by a later wave once the reason goes away.
func (h Hold) Waiting() bool { return h.Code == "" && h.Reason != HoldDuplicate }

// PlanRollout picks the next instances of a cluster to update. ECS updates
// one instance per UpdateContainerAgent call and leaves the pacing to the
// operator; this planner is that pacing, not an ECS behaviour. Its rules:
//
//   - at most limit instances update at once, counting those already in
//     progress;
//   - at most one Availability Zone (the ecs.availability-zone attribute; an
//     instance without it forms its own zone "") is disturbed at a time, so
//     services spread over zones keep whole zones untouched. While updates
//     are in progress in one zone, new ones start only there; while they are
//     in progress in two or more, none start;
//   - an instance UpdateContainerAgent would refuse (see its checks 7–12) is
//     held with that exception's code and will never be picked as it is;
//   - DRAINING instances and instances whose agent is disconnected wait: the
//     first is being emptied by the service scheduler, the second cannot
//     receive the update;
//   - among the rest, the instances with the fewest running tasks go first,
//     ties broken by container instance ARN, and the zone of the first of
//     them is the zone of the wave.
//
// Repeated calls, with the wave's instances updated in between, eventually
// pick every instance that is ACTIVE, connected and updatable. An instance
// whose ARN appears again is held as a duplicate. limit must be at least 1
// (InvalidParameterException); a catalog that does not parse is a
// ServerException. The input is never modified. Cost is O(n log limit)
// for instances already in ARN order, O(n log n) otherwise, with a handful
// of allocations whatever n: a plan writes no message, the holds that say
// the same share their words and [Hold.Message] puts the instance in when
// it is called. A caller planning wave after wave keeps a [Fleet] instead.
func PlanRollout(instances []model.ContainerInstance, catalog Catalog, limit int) (RolloutPlan, error) {
	if limit < 1 {
		return RolloutPlan{}, invalid("limit must be at least 1, got %d.", limit)
	}
	cat, err := catalog.parse()
	if err != nil {
		return RolloutPlan{}, err
	}
	n := len(instances)
	// Walk the instances in ARN order (input order among equal ARNs), so
	// that InProgress, the candidates' tie-break and Held come out sorted
	// without sorting the results themselves.
	order, dups := arnOrder(instances)
	var (
		plan      RolloutPlan
		busyZones []string
		memo      = versionMemo{cat: cat}
		zones     zoneTable
		// texts are the held instances' texts that depend on more than
		// their reason, by planEntry.text; the first is unused.
		texts   = []string{""}
		entries = make([]planEntry, n) // by position in ARN order
		first   = -1                   // the first candidate: fewest running tasks, then ARN
	)
	for k := range n {
		ci := &instances[order.at(k)]
		e := &entries[k]
		if dups && k > 0 && instances[order.at(k-1)].ContainerInstanceARN == ci.ContainerInstanceARN {
			e.kind, e.reason = kindHeld, reasonDuplicate
			continue
		}
		kind, reason, zone := classify(ci, &memo)
		e.kind, e.reason = kind, reason
		switch kind {
		case kindInProgress:
			plan.InProgress = append(plan.InProgress, ci.ContainerInstanceARN)
			if !slices.Contains(busyZones, zone) {
				busyZones = append(busyZones, zone)
			}
		case kindCandidate:
			e.running = ci.RunningTasksCount
			e.zone = zones.index(zone)
			if first < 0 || e.running < entries[first].running {
				first = k
			}
		default:
			switch reason {
			case reasonMissingVersion, reasonUpToDate, reasonNoUpdatePath:
				m := memo.last()
				if m.idx == 0 {
					m.idx = int32(len(texts))
					texts = append(texts, versionText(reason, m.running, m.v, cat))
				}
				e.text = m.idx
			case reasonNotRegistered: // rare: worded for each instance
				e.text = int32(len(texts))
				texts = append(texts, refusalText(ci, reason, AgentVersion{}, cat))
			}
		}
	}
	slots := limit - len(plan.InProgress)
	slices.Sort(busyZones)
	switch len(busyZones) {
	case 0:
		if first >= 0 {
			plan.Zone = zones.zone(entries[first].zone, &instances[order.at(first)])
		}
	case 1:
		plan.Zone = busyZones[0]
	}
	// inZone reports whether the candidate at k is in the wave's zone;
	// the callers compare numbered zones themselves, in line.
	waveZone := zones.find(plan.Zone)
	inZone := func(k int) bool {
		if z := entries[k].zone; z != 0 {
			return z == waveZone
		}
		return instances[order.at(k)].AvailabilityZone() == plan.Zone
	}
	if len(busyZones) <= 1 && slots > 0 && first >= 0 {
		f := newFewest(slots, n)
		for k := range entries {
			if e := &entries[k]; e.kind == kindCandidate && (e.zone != 0 && e.zone == waveZone || e.zone == 0 && inZone(k)) {
				f.push(k, e.running)
			}
		}
		next := f.sorted()
		if len(next) > 0 {
			plan.Next = make([]string, len(next))
		}
		for j, k := range next {
			plan.Next[j] = instances[order.at(k)].ContainerInstanceARN
			entries[k].next = true
		}
	}
	if k := n - len(plan.Next) - len(plan.InProgress); k > 0 {
		plan.Held = make([]Hold, k)
	}
	held := 0
	// The texts of the holds that depend on the plan, once needed.
	var multiText, limText string
	for k := range n {
		i := order.at(k)
		e := &entries[k]
		var text string
		reason := e.reason
		switch {
		case e.kind == kindInProgress || e.next:
			continue
		case e.kind == kindHeld:
			text = constTexts[reason]
			if e.text != 0 {
				text = texts[e.text]
			}
		case len(busyZones) > 1:
			reason = reasonOtherZone
			if multiText == "" {
				multiText = multiZoneText(busyZones)
			}
			text = multiText
		case e.zone != 0 && e.zone != waveZone:
			reason = reasonOtherZone
			if text = zones.texts[e.zone-1]; text == "" {
				text = zones.otherZoneText(plan.Zone, e.zone, &instances[i])
			}
		case e.zone == 0 && !inZone(k):
			reason = reasonOtherZone
			text = zones.otherZoneText(plan.Zone, 0, &instances[i])
		default:
			reason = reasonLimit
			if limText == "" {
				limText = limitText(limit)
			}
			text = limText
		}
		// Field by field: a Hold literal appended is copied with a bulk
		// write barrier, slower while the collector runs.
		h, r := &plan.Held[held], &holdReasons[reason]
		held++
		h.ContainerInstanceARN, h.Reason, h.text = instances[i].ContainerInstanceARN, r.reason, text
		if r.code != "" {
			h.Code = r.code
		}
	}
	return plan, nil
}

// planEntry is what PlanRollout knows of one instance, by its position in
// ARN order. It holds no pointers: cheaper to allocate and to write.
type planEntry struct {
	running int32
	text    int32 // a held instance's text in the plan's texts, 0 when its reason says it all
	kind    uint8
	reason  uint8 // index in holdReasons
	zone    uint8 // a candidate's zone in the plan's zoneTable, 0 if not there
	next    bool
}

// zoneTable numbers the first few distinct zones a plan meets (a region
// has a handful), so that the plan's entries name a zone in a byte.
// Further zones are not numbered; their instances' zone is read again when
// needed.
type zoneTable struct {
	names [8]string
	texts [8]string // the other-zone hold text, once written
	n     int
	// byLast numbers a zone by its last letter, in which the zones of a
	// region differ, so that most look-ups compare one name.
	byLast [256]uint8
}

// otherZoneText returns the text of the other-zone hold of a candidate in
// zone number i, or in ci's zone when i is 0, while planZone is updated.
func (t *zoneTable) otherZoneText(planZone string, i uint8, ci *model.ContainerInstance) string {
	if i == 0 {
		return otherZoneText(planZone, ci.AvailabilityZone())
	}
	if t.texts[i-1] == "" {
		t.texts[i-1] = otherZoneText(planZone, t.names[i-1])
	}
	return t.texts[i-1]
}

// index returns z's number, from 1, numbering it if there is room; 0 if
// there is none.
func (t *zoneTable) index(z string) uint8 {
	if i := t.find(z); i != 0 || t.n == len(t.names) {
		return i
	}
	t.names[t.n] = z
	t.n++
	if z != "" && t.byLast[z[len(z)-1]] == 0 {
		t.byLast[z[len(z)-1]] = uint8(t.n)
	}
	return uint8(t.n)
}

// find returns z's number, or 0 if it has none.
func (t *zoneTable) find(z string) uint8 {
	if z != "" {
		if i := t.byLast[z[len(z)-1]]; i != 0 && t.names[i-1] == z {
			return i
		}
	}
	for i := range t.n {
		if t.names[i] == z {
			return uint8(i + 1)
		}
	}
	return 0
}

// zone returns zone number i, or ci's zone when i is 0.
func (t *zoneTable) zone(i uint8, ci *model.ContainerInstance) string {
	if i == 0 {
		return ci.AvailabilityZone()
	}
	return t.names[i-1]
}

// The hold reasons by index in holdReasons, so that a plan entry names a
// reason, and its code, in a byte.
const (
	reasonNotRegistered = 1 + iota
	reasonInProgress
	reasonWindows
	reasonArm64
	reasonNoECSInit
	reasonMissingVersion
	reasonUpToDate
	reasonNoUpdatePath
	reasonVersionExhausted
	reasonDraining
	reasonDisconnected
	reasonLimit
	reasonOtherZone
	reasonDuplicate
)

// holdReasons lists each HoldReason with the exception code its hold
// carries.
var holdReasons = [...]struct {
	reason HoldReason
	code   ecserrors.Code
}{
	reasonNotRegistered:    {HoldNotRegistered, ecserrors.CodeInvalidParameter},
	reasonInProgress:       {HoldInProgress, ecserrors.CodeUpdateInProgress},
	reasonWindows:          {HoldWindows, ecserrors.CodeClient},
	reasonArm64:            {HoldArm64, ecserrors.CodeClient},
	reasonNoECSInit:        {HoldNoECSInit, ecserrors.CodeClient},
	reasonMissingVersion:   {HoldMissingVersion, ecserrors.CodeMissingVersion},
	reasonUpToDate:         {HoldUpToDate, ecserrors.CodeNoUpdateAvailable},
	reasonNoUpdatePath:     {HoldNoUpdatePath, ecserrors.CodeNoUpdateAvailable},
	reasonVersionExhausted: {HoldVersionExhausted, ecserrors.CodeServer},
	reasonDraining:         {HoldDraining, ""},
	reasonDisconnected:     {HoldDisconnected, ""},
	reasonLimit:            {HoldLimit, ""},
	reasonOtherZone:        {HoldOtherZone, ""},
	reasonDuplicate:        {HoldDuplicate, ""},
}

// constTexts are the texts of the reasons whose words do not depend on the
// instance nor the plan.
var constTexts = [len(holdReasons)]string{
	reasonWindows:          textWindows,
	reasonArm64:            textArm64,
	reasonNoECSInit:        textNoECSInit,
	reasonVersionExhausted: textExhausted,
	reasonDraining:         textDraining,
	reasonDisconnected:     textDisconnected,
	reasonDuplicate:        textDuplicate,
}

// ordering is the indexes of instances in ARN order; nil when they are in
// that order already.
type ordering []int32

// at returns the index of the k-th instance in ARN order.
func (o ordering) at(k int) int {
	if o == nil {
		return k
	}
	return int(o[k])
}

// arnOrder returns the order of instances by ARN, input order among equal
// ARNs, and whether any ARN repeats. Instances usually come sorted (ECS
// lists them so, and a caller's store often keeps them so); checking that
// costs one pass.
func arnOrder(instances []model.ContainerInstance) (order ordering, dups bool) {
	sorted := true
	for i := 1; i < len(instances) && sorted; i++ {
		switch strings.Compare(instances[i].ContainerInstanceARN, instances[i-1].ContainerInstanceARN) {
		case -1:
			sorted = false
		case 0:
			dups = true
		}
	}
	if sorted {
		return nil, dups
	}
	order = make(ordering, len(instances))
	type key struct {
		arn string
		i   int32
	}
	keys := make([]key, len(instances))
	for i := range keys {
		keys[i] = key{instances[i].ContainerInstanceARN, int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(strings.Compare(a.arn, b.arn), cmp.Compare(a.i, b.i))
	})
	dups = false
	for k := range keys {
		order[k] = keys[k].i
		dups = dups || k > 0 && keys[k].arn == keys[k-1].arn
	}
	return order, dups
}

// fewest keeps, of the positions pushed to it in increasing order, the (at
// most) limit with the fewest running tasks, ties broken by position. It
// is a bounded max-heap, so a scan costs O(n log limit) and, as most
// positions lose to the heap's top at once, near one pass; callers push
// from their own loops, so that the common case is inlined.
type fewest struct {
	limit int
	h     []kept
}

type kept struct {
	k       int
	running int32
}

// newFewest returns a fewest for limit (at least 1) of n positions.
func newFewest(limit, n int) fewest {
	return fewest{limit: limit, h: make([]kept, 0, max(0, min(limit, n)))}
}

// worse reports whether a goes after b.
func (a kept) worse(b kept) bool {
	if a.running != b.running {
		return a.running > b.running
	}
	return a.k > b.k
}

// push offers position k, greater than every position pushed before.
func (f *fewest) push(k int, running int32) {
	// Ties lose to what is kept: it came first.
	if len(f.h) < f.limit || running < f.h[0].running {
		f.add(kept{k, running})
	}
}

func (f *fewest) add(c kept) {
	h := f.h
	if len(h) < f.limit {
		h = append(h, c)
		for j := len(h) - 1; j > 0; {
			p := (j - 1) / 2
			if !h[j].worse(h[p]) {
				break
			}
			h[j], h[p] = h[p], h[j]
			j = p
		}
		f.h = h
		return
	}
	h[0] = c
	for j := 0; ; {
		l := 2*j + 1
		if l >= len(h) {
			break
		}
		m := l
		if l+1 < len(h) && h[l+1].worse(h[l]) {
			m = l + 1
		}
		if !h[m].worse(h[j]) {
			break
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
}

// sorted returns the positions kept, fewest running tasks first, ties
// broken by position.
func (f *fewest) sorted() []int {
	slices.SortFunc(f.h, func(a, b kept) int {
		return cmp.Or(cmp.Compare(a.running, b.running), cmp.Compare(a.k, b.k))
	})
	out := make([]int, len(f.h))
	for i := range f.h {
		out[i] = f.h[i].k
	}
	return out
}

// What a rollout makes of one instance before it looks at the others.
const (
	kindCandidate = iota
	kindInProgress
	kindHeld
)

// classify sorts one (non-duplicate) instance: its update is in progress,
// it is held for a reason of its own (a refusal, draining, disconnected;
// reason is its index in holdReasons), or it is a candidate. zone is the
// instance's Availability Zone. memo holds the catalog the instance is
// checked against; after a version refusal, memo.last is that version's
// entry.
func classify(ci *model.ContainerInstance, memo *versionMemo) (kind, reason uint8, zone string) {
	platform, zone := attributes(ci)
	var draining bool
	switch ci.Status {
	case model.ContainerInstanceStatusActive:
	case model.ContainerInstanceStatusDraining:
		draining = true
	default:
		return kindHeld, reasonNotRegistered, zone
	}
	if inProgress(ci.AgentUpdateStatus) {
		return kindInProgress, 0, zone
	}
	if platform != 0 {
		return kindHeld, platform, zone
	}
	if reason := versionRefusal(ci, memo.parse(agentVersion(ci))); reason != 0 {
		return kindHeld, reason, zone
	}
	switch {
	case draining:
		return kindHeld, reasonDraining, zone
	case !ci.AgentConnected:
		return kindHeld, reasonDisconnected, zone
	}
	return kindCandidate, 0, zone
}

// ownHold returns the hold classify found for ci, for reason, with memo as
// classify left it.
func ownHold(ci *model.ContainerInstance, reason uint8, memo *versionMemo) Hold {
	text := constTexts[reason]
	switch reason {
	case reasonMissingVersion, reasonUpToDate, reasonNoUpdatePath:
		m := memo.last()
		if m.text == "" {
			m.text = versionText(reason, m.running, m.v, memo.cat)
		}
		text = m.text
	case reasonNotRegistered:
		text = refusalText(ci, reason, AgentVersion{}, memo.cat)
	}
	r := &holdReasons[reason]
	return Hold{ContainerInstanceARN: ci.ContainerInstanceARN, Reason: r.reason, Code: r.code, text: text}
}
