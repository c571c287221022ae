package agentupdate

import (
	"cmp"
	"slices"
	"strconv"
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

// Hold is one instance a rollout does not update now, and why.
type Hold struct {
	ContainerInstanceARN string
	Reason               HoldReason
	// Code is the exception UpdateContainerAgent would answer for this
	// instance, or "" when the instance only waits its turn (draining,
	// disconnected, limit reached, other zone).
	Code ecserrors.Code
	// Message explains the reason in a sentence.
	Message string
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
// of allocations whatever n: the holds' messages are slices of one string,
// so a Message kept after the plan is dropped keeps them all (strings.Clone
// it to keep it alone). A caller planning wave after wave keeps a [Fleet]
// instead.
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
	// without sorting the results themselves. Every message goes into one
	// writer; the holds slice theirs out of its string at the end.
	order := arnOrder(instances)
	var (
		plan      RolloutPlan
		busyZones []string
		msgs      msgWriter
		memo      versionMemo
		zones     zoneTable
		entries   = make([]planEntry, n) // by position in ARN order
		first     = -1                   // the first candidate: fewest running tasks, then ARN
	)
	msgs.Grow(n * 128)
	for k, i := range order {
		ci := &instances[i]
		e := &entries[k]
		e.start = int32(msgs.Len())
		if k > 0 && instances[order[k-1]].ContainerInstanceARN == ci.ContainerInstanceARN {
			e.kind, e.reason = kindHeld, reasonDuplicate
			writeDuplicate(&msgs, ci.ContainerInstanceARN)
		} else {
			var reason HoldReason
			e.kind, _, reason = writeClassify(&msgs, ci, cat, &memo)
			e.reason = reasonIndex(reason)
		}
		e.end = int32(msgs.Len())
		switch e.kind {
		case kindInProgress:
			plan.InProgress = append(plan.InProgress, ci.ContainerInstanceARN)
			if z := ci.AvailabilityZone(); !slices.Contains(busyZones, z) {
				busyZones = append(busyZones, z)
			}
		case kindCandidate:
			e.running = ci.RunningTasksCount
			e.id = int32(strings.LastIndexByte(ci.ContainerInstanceARN, '/') + 1)
			e.zone = zones.index(ci.AvailabilityZone())
			if first < 0 || e.running < entries[first].running {
				first = k
			}
		}
	}
	slots := limit - len(plan.InProgress)
	slices.Sort(busyZones)
	switch len(busyZones) {
	case 0:
		if first >= 0 {
			plan.Zone = zones.zone(entries[first].zone, &instances[order[first]])
		}
	case 1:
		plan.Zone = busyZones[0]
	}
	// inZone reports whether the candidate at k is in the wave's zone.
	waveZone := zones.find(plan.Zone)
	inZone := func(k int) bool {
		if z := entries[k].zone; z != 0 {
			return z == waveZone
		}
		return instances[order[k]].AvailabilityZone() == plan.Zone
	}
	if len(busyZones) <= 1 && slots > 0 && first >= 0 {
		for k := range entries {
			if entries[k].kind == kindCandidate && inZone(k) {
				entries[k].inZone = true
			}
		}
		next := smallest(entries, slots)
		if len(next) > 0 {
			plan.Next = make([]string, len(next))
		}
		for j, k := range next {
			plan.Next[j] = instances[order[k]].ContainerInstanceARN
			entries[k].next = true
		}
	}
	if k := n - len(plan.Next) - len(plan.InProgress); k > 0 {
		plan.Held = make([]Hold, 0, k)
	}
	// Word the holds that depend on the plan: every candidate not in Next.
	var multiPrefix string
	if len(busyZones) > 1 {
		multiPrefix = "Updates are in progress in " + strconv.Itoa(len(busyZones)) + " Availability Zones (" +
			strings.Join(quoteAll(busyZones), ", ") + "); container instance "
	}
	limitPrefix := strconv.Itoa(limit) + " agent updates are already in progress or planned; container instance "
	// The other-zone message before the instance ID.
	var zonePrefix string
	for k, i := range order {
		e := &entries[k]
		switch {
		case e.kind == kindInProgress || e.next:
			continue
		case e.kind == kindCandidate:
			id := ecserrors.Clip(instances[i].ContainerInstanceARN[e.id:])
			e.start = int32(msgs.Len())
			e.reason = reasonOtherZone
			switch {
			case len(busyZones) > 1:
				msgs.WriteString(multiPrefix)
				msgs.WriteString(id)
				msgs.WriteString(" waits until at most one is.")
			case !inZone(k):
				if zonePrefix == "" {
					var b msgWriter
					writeOtherZonePrefix(&b, plan.Zone)
					zonePrefix = b.String()
				}
				msgs.WriteString(zonePrefix)
				msgs.WriteString(id)
				zones.writeSuffix(&msgs, e.zone, &instances[i])
			default:
				e.reason = reasonLimit
				msgs.WriteString(limitPrefix)
				msgs.WriteString(id)
				msgs.WriteString(" waits.")
			}
			e.end = int32(msgs.Len())
		}
	}
	all := msgs.String()
	for k, i := range order {
		if e := &entries[k]; e.kind == kindHeld || e.kind == kindCandidate && !e.next {
			r := &holdReasons[e.reason]
			plan.Held = append(plan.Held, Hold{ContainerInstanceARN: instances[i].ContainerInstanceARN, Reason: r.reason, Code: r.code, Message: all[e.start:e.end]})
		}
	}
	return plan, nil
}

// planEntry is what PlanRollout knows of one instance, by its position in
// ARN order.
type planEntry struct {
	start, end int32 // the hold's message in the plan's writer
	running    int32
	id         int32 // where instanceID starts in the ARN, for candidates
	kind       uint8
	reason     uint8 // index in holdReasons
	zone       uint8 // a candidate's zone in the plan's zoneTable, 0 if not there
	inZone     bool  // a candidate in the wave's zone
	next       bool
}

// zoneTable numbers the first few distinct zones a plan meets (a region
// has a handful), so that the plan's entries name a zone in a byte and
// hold no pointers: cheaper to allocate and to write. Further zones are
// not numbered; their instances' zone is read again when needed.
type zoneTable struct {
	names  [8]string
	suffix [8]string // the end of the other-zone message, once written
	n      int
}

// writeSuffix writes the end of the other-zone message for zone number i,
// or ci's zone when i is 0.
func (t *zoneTable) writeSuffix(b *msgWriter, i uint8, ci *model.ContainerInstance) {
	if i == 0 {
		writeOtherZoneSuffix(b, ci.AvailabilityZone())
		return
	}
	if t.suffix[i-1] == "" {
		var s msgWriter
		writeOtherZoneSuffix(&s, t.names[i-1])
		t.suffix[i-1] = s.String()
	}
	b.WriteString(t.suffix[i-1])
}

// index returns z's number, from 1, numbering it if there is room; 0 if
// there is none.
func (t *zoneTable) index(z string) uint8 {
	if i := t.find(z); i != 0 || t.n == len(t.names) {
		return i
	}
	t.names[t.n] = z
	t.n++
	return uint8(t.n)
}

// find returns z's number, or 0 if it has none.
func (t *zoneTable) find(z string) uint8 {
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

// holdReasons lists each HoldReason with the exception code its hold
// carries, so that a plan entry names both in a byte.
var holdReasons = [...]struct {
	reason HoldReason
	code   ecserrors.Code
}{
	{},
	{HoldNotRegistered, ecserrors.CodeInvalidParameter},
	{HoldInProgress, ecserrors.CodeUpdateInProgress},
	{HoldWindows, ecserrors.CodeClient},
	{HoldArm64, ecserrors.CodeClient},
	{HoldNoECSInit, ecserrors.CodeClient},
	{HoldMissingVersion, ecserrors.CodeMissingVersion},
	{HoldUpToDate, ecserrors.CodeNoUpdateAvailable},
	{HoldNoUpdatePath, ecserrors.CodeNoUpdateAvailable},
	{HoldVersionExhausted, ecserrors.CodeServer},
	{HoldDraining, ""},
	{HoldDisconnected, ""},
	{HoldLimit, ""},
	{HoldOtherZone, ""},
	{HoldDuplicate, ""},
}

var (
	reasonOtherZone = reasonIndex(HoldOtherZone)
	reasonLimit     = reasonIndex(HoldLimit)
	reasonDuplicate = reasonIndex(HoldDuplicate)
)

func reasonIndex(r HoldReason) uint8 {
	for i := range holdReasons {
		if holdReasons[i].reason == r {
			return uint8(i)
		}
	}
	panic("agentupdate: hold reason " + string(r) + " missing from holdReasons")
}

// arnOrder returns the indexes of instances in ARN order, input order
// among equal ARNs. Instances usually come sorted (ECS lists them so, and a
// caller's store often keeps them so); checking that costs one pass.
func arnOrder(instances []model.ContainerInstance) []int32 {
	order := make([]int32, len(instances))
	sorted := true
	for i := range order {
		order[i] = int32(i)
		if i > 0 && sorted && instances[i].ContainerInstanceARN < instances[i-1].ContainerInstanceARN {
			sorted = false
		}
	}
	if sorted {
		return order
	}
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
	for k := range keys {
		order[k] = keys[k].i
	}
	return order
}

// smallest returns the positions of the (at most) limit candidates in the
// wave's zone with the fewest running tasks, ties broken by position, in
// that order.
func smallest(entries []planEntry, limit int) []int {
	return fewestRunning(len(entries), limit, func(k int) bool { return entries[k].inZone }, func(k int) int32 { return entries[k].running })
}

// fewestRunning returns the positions k < n for which in(k) holds with the
// (at most) limit smallest running(k), ties broken by position, in that
// order. It keeps them in a bounded max-heap, so the cost is
// O(n log limit) and, as most positions lose to the heap's top at once,
// near one pass.
func fewestRunning(n, limit int, in func(int) bool, running func(int) int32) []int {
	worse := func(a, b int) bool { // a goes after b
		if ra, rb := running(a), running(b); ra != rb {
			return ra > rb
		}
		return a > b
	}
	h := make([]int, 0, max(0, min(limit, n)))
	for k := range n {
		if !in(k) {
			continue
		}
		if len(h) < limit {
			h = append(h, k)
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
		if !worse(h[0], k) { // positions arrive in order: ties lose to what is kept
			continue
		}
		h[0] = k
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
	slices.SortFunc(h, func(a, b int) int {
		return cmp.Or(cmp.Compare(running(a), running(b)), cmp.Compare(a, b))
	})
	return h
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
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
// it is held for a reason of its own (a refusal, draining, disconnected),
// or it is a candidate.
func classify(ci *model.ContainerInstance, cat parsedCatalog) (int, Hold) {
	var b msgWriter
	kind, code, reason := writeClassify(&b, ci, cat, nil)
	if kind != kindHeld {
		return int(kind), Hold{}
	}
	return kindHeld, Hold{ContainerInstanceARN: ci.ContainerInstanceARN, Reason: reason, Code: code, Message: b.String()}
}

// writeClassify is classify writing the hold's message to b.
func writeClassify(b *msgWriter, ci *model.ContainerInstance, cat parsedCatalog, memo *versionMemo) (uint8, ecserrors.Code, HoldReason) {
	registered := ci.Status == model.ContainerInstanceStatusActive || ci.Status == model.ContainerInstanceStatusDraining
	if registered && inProgress(ci.AgentUpdateStatus) {
		return kindInProgress, "", ""
	}
	if code, reason, refused := writeRefusal(b, ci, cat, memo); refused {
		return kindHeld, code, reason
	}
	switch {
	case ci.Status == model.ContainerInstanceStatusDraining:
		b.WriteString("Container instance ")
		b.WriteString(instanceID(ci.ContainerInstanceARN))
		b.WriteString(" is DRAINING; its agent is updated once it is ACTIVE again.")
		return kindHeld, "", HoldDraining
	case !ci.AgentConnected:
		b.WriteString("The agent on container instance ")
		b.WriteString(instanceID(ci.ContainerInstanceARN))
		b.WriteString(" is disconnected; it is updated once it connects again.")
		return kindHeld, "", HoldDisconnected
	}
	return kindCandidate, "", ""
}

func writeDuplicate(b *msgWriter, arn string) {
	b.WriteString("Container instance ")
	b.WriteString(ecserrors.Clip(arn))
	b.WriteString(" appears more than once; only its first record is planned.")
}

func writeOtherZone(b *msgWriter, planZone, zone, id string) {
	writeOtherZonePrefix(b, planZone)
	b.WriteString(id)
	writeOtherZoneSuffix(b, zone)
}

// writeOtherZonePrefix and writeOtherZoneSuffix write the other-zone
// message before and after the instance ID.
func writeOtherZonePrefix(b *msgWriter, planZone string) {
	b.WriteString("Availability Zone ")
	b.quoted(planZone)
	b.WriteString(" is being updated; container instance ")
}

func writeOtherZoneSuffix(b *msgWriter, zone string) {
	b.WriteString(" in ")
	b.quoted(zone)
	b.WriteString(" waits.")
}

func multiZoneHold(busyZones []string, id string) Hold {
	return Hold{Reason: HoldOtherZone, Message: "Updates are in progress in " + strconv.Itoa(len(busyZones)) + " Availability Zones (" +
		strings.Join(quoteAll(busyZones), ", ") + "); container instance " + id + " waits until at most one is."}
}

func otherZoneHold(planZone, zone, id string) Hold {
	var b msgWriter
	writeOtherZone(&b, planZone, zone, id)
	return Hold{Reason: HoldOtherZone, Message: b.String()}
}

func limitHold(limit int, id string) Hold {
	return Hold{Reason: HoldLimit, Message: strconv.Itoa(limit) + " agent updates are already in progress or planned; container instance " + id + " waits."}
}
