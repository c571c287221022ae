package service

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// AZ rebalancing (availabilityZoneRebalancing ENABLED), after
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html
// and the event list of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/track-service-rebalancing.html.
//
// Decisions where the documentation is silent:
//
//   - It applies to services under the ECS controller whose first
//     placement strategy rule spreads over attribute:ecs.availability-zone,
//     or that have no strategy (the default spreads over zones first). The
//     zones are those of the ACTIVE container instances with a connected
//     agent. Fargate services are not rebalanced here: this package does
//     not know which zone AWS puts a Fargate task in.
//   - Balanced means the zones' task counts differ by at most one.
//   - It starts only once the service is steady (deployment.Plan says so)
//     and its PRIMARY deployment was already COMPLETED when the step
//     began: never during a deployment, nor in the step that completes one.
//   - It starts tasks in the zones with the fewest tasks, at most as many
//     as maximumPercent leaves room for (no room: it waits), each placed
//     with the service's constraints plus memberOf the zone. Once every
//     new task is healthy it stops the surplus, chosen by the termination
//     order (the zone with the most tasks first). The floor is never at
//     risk: it only stops tasks above the desired count.
//   - Whether a rebalancing is under way is read from the service's event
//     log: the newest of the "is not AZ balanced" and "is AZ balanced"
//     events, as ECS's own SERVICE_REBALANCING_STARTED and COMPLETED
//     events bracket the operation.
//   - The task IDs in the started and stopped messages are separated by
//     ", " (AWS shows only a placeholder).

const azField = "attribute:" + model.AttributeAvailabilityZone

func (r *reconciler) rebalanceEnabled() bool {
	s := &r.svc
	if s.AvailabilityZoneRebalancing != model.AvailabilityZoneRebalancingEnabled || s.Status != model.ServiceStatusActive {
		return false
	}
	p := r.dep(0)
	launch, cps := p.LaunchType, p.CapacityProviderStrategy
	if launch == "" && len(cps) == 0 {
		launch, cps = s.LaunchType, s.CapacityProviderStrategy
	}
	if usesFargate(launch, cps) {
		return false
	}
	ps := s.PlacementStrategy
	return len(ps) == 0 || ps[0].Type == model.PlacementStrategyTypeSpread && ps[0].Field == azField
}

// rebalancing reports whether a rebalancing is under way, from the event
// log.
func (r *reconciler) rebalancing() bool {
	if !r.rebalanceEnabled() {
		return false
	}
	notBalanced := "service (" + r.name + ") is not AZ balanced "
	balanced := "service (" + r.name + ") is AZ balanced "
	for _, e := range r.svc.Events {
		switch {
		case strings.HasPrefix(e.Message, notBalanced):
			return true
		case strings.HasPrefix(e.Message, balanced):
			return false
		}
	}
	return false
}

// quiet reports whether the only thing going on is a surplus of healthy
// or rising PRIMARY tasks: no other deployment has tasks, the PRIMARY is
// not rolling out, and none of its tasks is unhealthy, draining or
// stopping.
func (r *reconciler) quiet() bool {
	if p := r.dep(0); p.RolloutState == model.DeploymentRolloutStateInProgress {
		return false
	}
	for i := 1; i < len(r.buckets); i++ {
		for _, ts := range r.buckets[i].byState {
			if len(ts) > 0 {
				return false
			}
		}
	}
	b := &r.buckets[0]
	if len(b.byState[deployment.Unhealthy]) > 0 || len(b.byState[deployment.Stopping]) > 0 {
		return false
	}
	live := len(b.byState[deployment.Pending]) + len(b.byState[deployment.Settling]) + len(b.byState[deployment.Healthy])
	return live > int(r.svc.DesiredCount)
}

// rebalanceStop stops the surplus of a rebalancing once no PRIMARY task is
// still on its way up.
func (r *reconciler) rebalanceStop(desired int) error {
	b := &r.buckets[0]
	if len(b.byState[deployment.Pending])+len(b.byState[deployment.Settling]) > 0 {
		return nil // wait for the new tasks to be healthy
	}
	healthy := b.byState[deployment.Healthy]
	chosen, err := r.orderErr(r.unprotected(healthy, r.ids[0], 0), len(healthy)-desired)
	if err != nil {
		return err
	}
	byZone := map[string][]string{}
	var zones []string
	for _, t := range chosen {
		z := r.zoneOf(t)
		if _, ok := byZone[z]; !ok {
			zones = append(zones, z)
		}
		byZone[z] = append(byZone[z], taskID(t.TaskARN))
		r.step.Stop = append(r.step.Stop, StopTask{TaskARN: t.TaskARN, DeploymentID: r.ids[0],
			Reason: "AZ Rebalancing initiated by (deployment " + r.ids[0] + ")", Rebalancing: true})
		r.stopped = append(r.stopped, stopped{0, deployment.Healthy})
	}
	for _, z := range zones {
		ids := byZone[z]
		r.say(fmt.Sprintf("%s has stopped %d running tasks in %s due to AZ rebalancing: %s.", r.name, len(ids), z, strings.Join(ids, ", ")))
	}
	return nil
}

func (r *reconciler) zoneOf(t *model.Task) string {
	if ci := r.inst(t.ContainerInstanceARN); ci != nil {
		return ci.AvailabilityZone()
	}
	return t.AvailabilityZone
}

// rebalance runs on a steady service: it reports balance and starts the
// tasks of a rebalancing.
func (r *reconciler) rebalance(desired int32, ceiling int64) error {
	zoneSet := map[string]bool{}
	for i := range r.in.Instances {
		ci := &r.in.Instances[i]
		if ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected {
			zoneSet[ci.AvailabilityZone()] = true
		}
	}
	if len(zoneSet) < 2 {
		return nil
	}
	zones := make([]string, 0, len(zoneSet))
	for z := range zoneSet {
		zones = append(zones, z)
	}
	slices.Sort(zones)
	count := make(map[string]int, len(zones))
	live := 0
	for _, t := range r.buckets[0].byState[deployment.Healthy] {
		live++
		if z := r.zoneOf(t); zoneSet[z] {
			count[z]++
		}
	}
	lo, hi := count[zones[0]], count[zones[0]]
	for _, z := range zones {
		lo, hi = min(lo, count[z]), max(hi, count[z])
	}
	inProgress := r.rebalancing()
	if hi-lo <= 1 {
		if inProgress {
			r.say(fmt.Sprintf("service (%s) is AZ balanced with %s.", r.name, zoneList(zones, count, true)))
		}
		return nil
	}
	// Target: the even split of the tasks in these zones, the extra ones
	// kept by the zones that have the most (fewest moves).
	total := 0
	for _, z := range zones {
		total += count[z]
	}
	byMost := slices.Clone(zones)
	slices.SortStableFunc(byMost, func(a, b string) int { return cmp.Compare(count[b], count[a]) })
	target := make(map[string]int, len(zones))
	for i, z := range byMost {
		target[z] = total / len(zones)
		if i < total%len(zones) {
			target[z]++
		}
	}
	room := int(max(0, ceiling-int64(live)))
	r.say(fmt.Sprintf("service (%s) is not AZ balanced with %s. AZ Rebalancing in progress.", r.name, zoneList(zones, count, false)))
	if room == 0 {
		return nil
	}
	// Hand out the starts one at a time to the zone furthest below its
	// target (ties by zone name).
	plan := map[string]int{}
	for range room {
		best := ""
		for _, z := range zones {
			if d := target[z] - count[z] - plan[z]; d > 0 && (best == "" || d > target[best]-count[best]-plan[best]) {
				best = z
			}
		}
		if best == "" {
			break
		}
		plan[best]++
	}
	td := r.tds[r.dep(0).TaskDefinition]
	if len(r.svc.PlacementConstraints)+len(td.PlacementConstraints)+1 > model.MaxPlacementConstraints {
		return nil // no room for the zone constraint; ECS documents nothing for this case
	}
	acct, cluster := r.account()
	res := model.ResourcesOf(td)
	c, err := r.placementCluster()
	if err != nil {
		return err
	}
	for _, z := range zones {
		n := plan[z]
		if n == 0 {
			continue
		}
		cons := append(slices.Clone(r.svc.PlacementConstraints), model.PlacementConstraint{
			Type: model.PlacementConstraintTypeMemberOf, Expression: azField + " == " + z})
		pr, err := c.Place(placement.Request{TaskDefinition: td, Group: r.group, Count: n, Constraints: cons, Strategy: r.svc.PlacementStrategy, Seed: r.in.Seed})
		if err != nil {
			return err
		}
		var ids []string
		failed := false
		for _, pl := range pr.Placements {
			if pl.Reason != nil {
				failed = true
				continue
			}
			t := model.Task{
				TaskARN: acct.TaskARN(cluster, r.newTaskID(len(r.step.Start))), ClusterARN: r.svc.ClusterARN,
				TaskDefinitionARN: td.TaskDefinitionARN, ContainerInstanceARN: pl.ContainerInstanceARN, AvailabilityZone: z,
				LastStatus: model.TaskStatusProvisioning, DesiredStatus: model.DesiredStatusRunning,
				Group: r.group, StartedBy: r.ids[0], LaunchType: model.LaunchTypeEC2,
				CPU: strconv.FormatInt(res.CPU, 10), Memory: strconv.FormatInt(res.Memory, 10),
				CreatedAt: model.At(r.now), Version: 1,
			}
			if lt := r.svc.LaunchType; lt != "" {
				t.LaunchType = lt
			}
			r.addStart(t)
			ids = append(ids, taskID(t.TaskARN))
		}
		if len(ids) > 0 {
			r.say(fmt.Sprintf("%s has started %d tasks in %s to AZ Rebalance: %s.", r.name, len(ids), z, strings.Join(ids, ", ")))
		}
		if failed {
			r.say(fmt.Sprintf("service (%s) is unable to place a task in %s because no container instance met all of its requirements.", r.name, z))
		}
	}
	if len(r.step.Start) > 0 {
		r.step.Steady = false
	}
	return nil
}

// zoneList writes "2 tasks in a, 2 in b, and 1 in c" (or "2 tasks in a,
// 2 tasks in b, and 1 tasks in c" when every item says "tasks"), ECS's
// wording for two zones or more.
func zoneList(zones []string, count map[string]int, tasksEach bool) string {
	items := make([]string, len(zones))
	for i, z := range zones {
		if i == 0 || tasksEach {
			items[i] = fmt.Sprintf("%d tasks in %s", count[z], z)
		} else {
			items[i] = fmt.Sprintf("%d in %s", count[z], z)
		}
	}
	switch len(items) {
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", and " + items[len(items)-1]
}
