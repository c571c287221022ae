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
// ServerException. The input is never modified. Cost is O(n log n).
func PlanRollout(instances []model.ContainerInstance, catalog Catalog, limit int) (RolloutPlan, error) {
	if limit < 1 {
		return RolloutPlan{}, invalid("limit must be at least 1, got %d.", limit)
	}
	cat, err := catalog.parse()
	if err != nil {
		return RolloutPlan{}, err
	}
	type candidate struct {
		idx, rank int // rank: position in ARN order
		running   int32
	}
	n := len(instances)
	// Walk the instances in ARN order (input order among equal ARNs), so
	// that InProgress, the candidates' tie-break and Held come out sorted
	// without sorting the results themselves.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(instances[a].ContainerInstanceARN, instances[b].ContainerInstanceARN), cmp.Compare(a, b))
	})
	var (
		plan       RolloutPlan
		candidates []candidate
		busyZones  []string
		holds      = make([]Hold, n)
		held       = make([]bool, n)
	)
	hold := func(i int, h Hold) {
		h.ContainerInstanceARN = instances[i].ContainerInstanceARN
		holds[i], held[i] = h, true
	}
	for k, i := range order {
		ci := &instances[i]
		arn := ci.ContainerInstanceARN
		if k > 0 && instances[order[k-1]].ContainerInstanceARN == arn {
			hold(i, Hold{Reason: HoldDuplicate, Message: "Container instance " + ecserrors.Clip(arn) + " appears more than once; only its first record is planned."})
			continue
		}
		switch kind, h := classify(ci, cat); kind {
		case kindInProgress:
			plan.InProgress = append(plan.InProgress, arn)
			if z := ci.AvailabilityZone(); !slices.Contains(busyZones, z) {
				busyZones = append(busyZones, z)
			}
		case kindHeld:
			holds[i], held[i] = h, true
		default:
			candidates = append(candidates, candidate{idx: i, rank: len(candidates), running: ci.RunningTasksCount})
		}
	}
	// Fewest running tasks first, then ARN order.
	slices.SortFunc(candidates, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.running, b.running), cmp.Compare(a.rank, b.rank))
	})
	slots := limit - len(plan.InProgress)
	slices.Sort(busyZones)
	switch len(busyZones) {
	case 0:
		if len(candidates) > 0 {
			plan.Zone = instances[candidates[0].idx].AvailabilityZone()
		}
	case 1:
		plan.Zone = busyZones[0]
	}
	for _, c := range candidates {
		arn := instances[c.idx].ContainerInstanceARN
		zone := instances[c.idx].AvailabilityZone()
		switch {
		case len(busyZones) > 1:
			hold(c.idx, multiZoneHold(busyZones, instanceID(arn)))
		case zone != plan.Zone:
			hold(c.idx, otherZoneHold(plan.Zone, zone, instanceID(arn)))
		case slots > 0:
			plan.Next = append(plan.Next, arn)
			slots--
		default:
			hold(c.idx, limitHold(limit, instanceID(arn)))
		}
	}
	if k := n - len(plan.Next) - len(plan.InProgress); k > 0 {
		plan.Held = make([]Hold, 0, k)
	}
	for _, i := range order {
		if held[i] {
			plan.Held = append(plan.Held, holds[i])
		}
	}
	return plan, nil
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
	registered := ci.Status == model.ContainerInstanceStatusActive || ci.Status == model.ContainerInstanceStatusDraining
	if registered && inProgress(ci.AgentUpdateStatus) {
		return kindInProgress, Hold{}
	}
	arn := ci.ContainerInstanceARN
	if r := check(ci, cat); r != nil {
		return kindHeld, Hold{ContainerInstanceARN: arn, Reason: r.reason, Code: r.code, Message: r.msg}
	}
	switch {
	case ci.Status == model.ContainerInstanceStatusDraining:
		return kindHeld, Hold{ContainerInstanceARN: arn, Reason: HoldDraining,
			Message: "Container instance " + instanceID(arn) + " is DRAINING; its agent is updated once it is ACTIVE again."}
	case !ci.AgentConnected:
		return kindHeld, Hold{ContainerInstanceARN: arn, Reason: HoldDisconnected,
			Message: "The agent on container instance " + instanceID(arn) + " is disconnected; it is updated once it connects again."}
	}
	return kindCandidate, Hold{}
}

func multiZoneHold(busyZones []string, id string) Hold {
	return Hold{Reason: HoldOtherZone, Message: "Updates are in progress in " + strconv.Itoa(len(busyZones)) + " Availability Zones (" +
		strings.Join(quoteAll(busyZones), ", ") + "); container instance " + id + " waits until at most one is."}
}

func otherZoneHold(planZone, zone, id string) Hold {
	return Hold{Reason: HoldOtherZone, Message: "Availability Zone " + quote(planZone) + " is being updated; container instance " + id + " in " + quote(zone) + " waits."}
}

func limitHold(limit int, id string) Hold {
	return Hold{Reason: HoldLimit, Message: strconv.Itoa(limit) + " agent updates are already in progress or planned; container instance " + id + " waits."}
}
