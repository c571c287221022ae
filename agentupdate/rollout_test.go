package agentupdate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

var fleetCatalog = Catalog{Latest: "1.50.0", OldestUpdatable: "1.10.0"}

var fleetZones = []string{"us-west-2a", "us-west-2b", "us-west-2c"}

// fleetInstance builds instance i of a test fleet: IDs from the index, so
// ARNs sort in index order.
func fleetInstance(i int, zone string, running int32, agent string) model.ContainerInstance {
	return model.ContainerInstance{
		ContainerInstanceARN: testAccount.ContainerInstanceARN(smCluster, fmt.Sprintf("%032x", i+1)),
		Version:              1,
		VersionInfo:          &model.VersionInfo{AgentVersion: agent},
		Status:               model.ContainerInstanceStatusActive,
		AgentConnected:       true,
		RunningTasksCount:    running,
		Attributes: []model.Attribute{
			{Name: model.AttributeAvailabilityZone, Value: zone},
			{Name: model.AttributeOSType, Value: "linux"},
		},
	}
}

// genFleet draws a small cluster with every kind of instance a rollout meets.
func genFleet() *rapid.Generator[[]model.ContainerInstance] {
	return rapid.Custom(func(t *rapid.T) []model.ContainerInstance {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		out := make([]model.ContainerInstance, n)
		for i := range out {
			ci := fleetInstance(i,
				rapid.SampledFrom(fleetZones).Draw(t, "zone"),
				int32(rapid.IntRange(0, 10).Draw(t, "running")),
				rapid.SampledFrom([]string{"1.20.0", "1.20.0", "1.45.1", "1.50.0", "1.5.0", "", "1.2"}).Draw(t, "agent"))
			ci.Status = rapid.SampledFrom([]model.ContainerInstanceStatus{"ACTIVE", "ACTIVE", "ACTIVE", "DRAINING", "REGISTERING", "INACTIVE"}).Draw(t, "status")
			ci.AgentConnected = rapid.IntRange(0, 4).Draw(t, "connected") > 0
			ci.AgentUpdateStatus = rapid.SampledFrom([]model.AgentUpdateStatus{"", "", "", "UPDATED", "FAILED", "PENDING", "UPDATING"}).Draw(t, "agentUpdateStatus")
			if rapid.IntRange(0, 9).Draw(t, "windows") == 0 {
				ci.Attributes[1].Value = "windows"
			}
			out[i] = ci
		}
		return out
	})
}

func zoneOf(fleet []model.ContainerInstance, arn string) string {
	for i := range fleet {
		if fleet[i].ContainerInstanceARN == arn {
			return fleet[i].AvailabilityZone()
		}
	}
	panic("no instance " + arn)
}

func byARN(fleet []model.ContainerInstance) map[string]model.ContainerInstance {
	m := make(map[string]model.ContainerInstance, len(fleet))
	for _, ci := range fleet {
		m[ci.ContainerInstanceARN] = ci
	}
	return m
}

func TestRolloutNeverExceedsLimit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet := genFleet().Draw(t, "fleet")
		limit := rapid.IntRange(1, 6).Draw(t, "limit")
		plan, err := PlanRollout(fleet, fleetCatalog, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Next) > 0 && len(plan.Next)+len(plan.InProgress) > limit {
			t.Fatalf("%d planned + %d in progress > limit %d", len(plan.Next), len(plan.InProgress), limit)
		}
	})
}

func TestRolloutNeverPicksDrainingOrDisconnected(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet := genFleet().Draw(t, "fleet")
		plan, err := PlanRollout(fleet, fleetCatalog, rapid.IntRange(1, 6).Draw(t, "limit"))
		if err != nil {
			t.Fatal(err)
		}
		all := byARN(fleet)
		for _, arn := range plan.Next {
			ci := all[arn]
			if ci.Status != model.ContainerInstanceStatusActive || !ci.AgentConnected {
				t.Fatalf("picked %s: status %s, connected %v", arn, ci.Status, ci.AgentConnected)
			}
		}
	})
}

func TestRolloutWaveStaysInOneZone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet := genFleet().Draw(t, "fleet")
		plan, err := PlanRollout(fleet, fleetCatalog, rapid.IntRange(1, 6).Draw(t, "limit"))
		if err != nil {
			t.Fatal(err)
		}
		zones := map[string]bool{}
		for _, arn := range plan.Next {
			zones[zoneOf(fleet, arn)] = true
		}
		if len(plan.Next) > 0 {
			for _, arn := range plan.InProgress {
				zones[zoneOf(fleet, arn)] = true
			}
			if len(zones) != 1 || !zones[plan.Zone] {
				t.Fatalf("wave disturbs zones %v (plan zone %q)", zones, plan.Zone)
			}
		}
	})
}

// TestRolloutAccountsForEveryInstance: every instance is in exactly one of
// Next, InProgress and Held, and nothing is invented.
func TestRolloutAccountsForEveryInstance(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet := genFleet().Draw(t, "fleet")
		plan, err := PlanRollout(fleet, fleetCatalog, rapid.IntRange(1, 6).Draw(t, "limit"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		got = append(got, plan.Next...)
		got = append(got, plan.InProgress...)
		for _, h := range plan.Held {
			if h.Message() == "" || h.Reason == "" {
				t.Fatalf("hold without a reason: %+v", h)
			}
			got = append(got, h.ContainerInstanceARN)
		}
		var want []string
		for _, ci := range fleet {
			want = append(want, ci.ContainerInstanceARN)
		}
		slices.Sort(got)
		slices.Sort(want)
		if d := gocmp.Diff(want, got); d != "" {
			t.Fatalf("instances (-fleet +plan):\n%s", d)
		}
	})
}

// TestRolloutEventuallySelectsEveryEligible runs waves to completion: each
// wave's instances and the ones in progress finish their update, then the
// planner is asked again. Every instance that was ACTIVE, connected and
// accepted by UpdateContainerAgent must have been picked by the end.
func TestRolloutEventuallySelectsEveryEligible(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet := genFleet().Draw(t, "fleet")
		limit := rapid.IntRange(1, 6).Draw(t, "limit")
		eligible := map[string]bool{}
		snap := NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterName: smCluster, Status: model.ClusterStatusActive}, Instances: fleet})
		for _, ci := range fleet {
			id := ci.ContainerInstanceARN[strings.LastIndexByte(ci.ContainerInstanceARN, '/')+1:]
			_, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: smCluster, ContainerInstance: id}, snap, fleetCatalog, testNow)
			if err == nil && ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected {
				eligible[ci.ContainerInstanceARN] = true
			}
		}
		cur := slices.Clone(fleet)
		picked := map[string]bool{}
		for round := 0; ; round++ {
			if round > len(fleet)+2 {
				t.Fatalf("no progress after %d rounds", round)
			}
			plan, err := PlanRollout(cur, fleetCatalog, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Next) == 0 && len(plan.InProgress) == 0 {
				break
			}
			finish := append(slices.Clone(plan.Next), plan.InProgress...)
			for _, arn := range plan.Next {
				picked[arn] = true
			}
			for i := range cur {
				if slices.Contains(finish, cur[i].ContainerInstanceARN) {
					cur[i].AgentUpdateStatus = model.AgentUpdateStatusUpdated
					cur[i].VersionInfo = &model.VersionInfo{AgentVersion: fleetCatalog.Latest}
				}
			}
		}
		for arn := range eligible {
			if !picked[arn] {
				t.Fatalf("eligible instance %s never picked", arn)
			}
		}
		for arn := range picked {
			if !eligible[arn] {
				t.Fatalf("picked %s, which was not eligible", arn)
			}
		}
	})
}

// TestRolloutMatchesBruteForce compares the planner with a plain reading of
// its rules, built on UpdateContainerAgent for eligibility.
func TestRolloutMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet := genFleet().Draw(t, "fleet")
		limit := rapid.IntRange(1, 6).Draw(t, "limit")
		before := make([]model.ContainerInstance, len(fleet))
		for i := range fleet {
			before[i] = deepCopy(t, fleet[i])
		}
		plan, err := PlanRollout(fleet, fleetCatalog, limit)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(before, fleet); d != "" {
			t.Fatalf("PlanRollout modified its input:\n%s", d)
		}
		snap := NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterName: smCluster, Status: model.ClusterStatusActive}, Instances: fleet})
		busy := map[string]bool{}
		inProg := 0
		var cands []model.ContainerInstance
		for _, ci := range fleet {
			id := ci.ContainerInstanceARN[strings.LastIndexByte(ci.ContainerInstanceARN, '/')+1:]
			_, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: smCluster, ContainerInstance: id}, snap, fleetCatalog, testNow)
			switch {
			case ecserrors.CodeOf(err) == ecserrors.CodeUpdateInProgress:
				busy[ci.AvailabilityZone()] = true
				inProg++
			case err == nil && ci.Status == "ACTIVE" && ci.AgentConnected:
				cands = append(cands, ci)
			}
		}
		slices.SortFunc(cands, func(a, b model.ContainerInstance) int {
			return cmp.Or(cmp.Compare(a.RunningTasksCount, b.RunningTasksCount), cmp.Compare(a.ContainerInstanceARN, b.ContainerInstanceARN))
		})
		var want []string
		if len(busy) <= 1 && len(cands) > 0 {
			zone := cands[0].AvailabilityZone()
			for z := range busy {
				zone = z
			}
			for _, c := range cands {
				if len(want)+inProg < limit && c.AvailabilityZone() == zone {
					want = append(want, c.ContainerInstanceARN)
				}
			}
		}
		if d := gocmp.Diff(want, plan.Next); d != "" {
			t.Fatalf("Next (-brute force +planner):\n%s", d)
		}
		// A hold that mirrors a refusal carries the very exception
		// UpdateContainerAgent answers for that instance.
		for _, h := range plan.Held {
			if h.Code == "" {
				continue
			}
			id := h.ContainerInstanceARN[strings.LastIndexByte(h.ContainerInstanceARN, '/')+1:]
			_, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: smCluster, ContainerInstance: id}, snap, fleetCatalog, testNow)
			if got := ecserrors.CodeOf(err); got != h.Code {
				t.Fatalf("hold %+v, but UpdateContainerAgent answers %v", h, err)
			}
		}
	})
}

func TestPlanRolloutHoldReasons(t *testing.T) {
	fleet := []model.ContainerInstance{
		fleetInstance(0, "us-west-2a", 5, "1.20.0"),  // picked second (5 tasks)
		fleetInstance(1, "us-west-2a", 1, "1.20.0"),  // picked first (1 task)
		fleetInstance(2, "us-west-2a", 9, "1.20.0"),  // limit
		fleetInstance(3, "us-west-2b", 0, "1.20.0"),  // other zone, though fewest tasks... see below
		fleetInstance(4, "us-west-2a", 0, "1.50.0"),  // up to date
		fleetInstance(5, "us-west-2a", 0, "1.5.0"),   // no update path
		fleetInstance(6, "us-west-2a", 0, ""),        // missing version
		fleetInstance(7, "us-west-2a", 0, "1.20.0"),  // draining
		fleetInstance(8, "us-west-2a", 0, "1.20.0"),  // disconnected
		fleetInstance(9, "us-west-2a", 0, "1.20.0"),  // windows
		fleetInstance(10, "us-west-2a", 0, "1.20.0"), // update in progress
		fleetInstance(11, "us-west-2a", 0, "1.20.0"), // REGISTERING
	}
	fleet[7].Status = model.ContainerInstanceStatusDraining
	fleet[8].AgentConnected = false
	fleet[9].Attributes[1].Value = "windows"
	fleet[10].AgentUpdateStatus = model.AgentUpdateStatusStaging
	fleet[11].Status = model.ContainerInstanceStatusRegistering
	fleet = append(fleet, fleet[1]) // a duplicate record
	plan, err := PlanRollout(fleet, fleetCatalog, 3)
	if err != nil {
		t.Fatal(err)
	}
	arn := func(i int) string { return fleet[i].ContainerInstanceARN }
	// Instance 10 is STAGING in us-west-2a, so the wave stays in us-west-2a
	// even though instance 3 in us-west-2b has the fewest tasks; one slot
	// of three is taken by it.
	want := RolloutPlan{
		Next:       []string{arn(1), arn(0)},
		Zone:       "us-west-2a",
		InProgress: []string{arn(10)},
	}
	wantHeld := map[string]HoldReason{
		arn(2): HoldLimit, arn(3): HoldOtherZone, arn(4): HoldUpToDate, arn(5): HoldNoUpdatePath,
		arn(6): HoldMissingVersion, arn(7): HoldDraining, arn(8): HoldDisconnected, arn(9): HoldWindows,
		arn(11): HoldNotRegistered,
	}
	gotHeld := map[string]HoldReason{}
	dups := 0
	for _, h := range plan.Held {
		if h.Reason == HoldDuplicate {
			dups++
			continue
		}
		gotHeld[h.ContainerInstanceARN] = h.Reason
	}
	if dups != 1 {
		t.Errorf("%d duplicates held, want 1", dups)
	}
	if d := gocmp.Diff(wantHeld, gotHeld); d != "" {
		t.Errorf("held (-want +got):\n%s", d)
	}
	for _, h := range plan.Held {
		wantWaiting := h.Reason == HoldLimit || h.Reason == HoldOtherZone || h.Reason == HoldDraining || h.Reason == HoldDisconnected
		if h.Waiting() != wantWaiting {
			t.Errorf("%s: Waiting() = %v", h.Reason, h.Waiting())
		}
	}
	plan.Held = nil
	if d := gocmp.Diff(want, plan); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
}

func TestPlanRolloutStopsWhenTwoZonesBusy(t *testing.T) {
	fleet := []model.ContainerInstance{
		fleetInstance(0, "us-west-2a", 0, "1.20.0"),
		fleetInstance(1, "us-west-2b", 0, "1.20.0"),
		fleetInstance(2, "us-west-2a", 0, "1.20.0"),
	}
	fleet[0].AgentUpdateStatus = model.AgentUpdateStatusPending
	fleet[1].AgentUpdateStatus = model.AgentUpdateStatusUpdating
	plan, err := PlanRollout(fleet, fleetCatalog, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Next) != 0 || plan.Zone != "" || len(plan.Held) != 1 || plan.Held[0].Reason != HoldOtherZone {
		t.Errorf("got %+v", plan)
	}
}

func TestPlanRolloutRefusesBadArguments(t *testing.T) {
	for _, limit := range []int{0, -1, -1 << 63} {
		if _, err := PlanRollout(nil, fleetCatalog, limit); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
			t.Errorf("limit %d: %v, want InvalidParameterException", limit, err)
		}
	}
	if _, err := PlanRollout(nil, Catalog{}, 1); ecserrors.CodeOf(err) != ecserrors.CodeServer {
		t.Errorf("empty catalog: %v, want ServerException", err)
	}
}

// TestHoldMessageJSONAndEquality: a hold's message names its instance and
// is what it encodes to JSON with; holds of the same instance and reason
// from two plans are equal, and the zero Hold says nothing.
func TestHoldMessageJSONAndEquality(t *testing.T) {
	fleet := []model.ContainerInstance{
		fleetInstance(0, fleetZones[0], 1, "1.50.0"),
		fleetInstance(1, fleetZones[0], 1, "1.20.0"),
		fleetInstance(2, fleetZones[1], 1, "1.20.0"),
	}
	plan, err := PlanRollout(fleet, fleetCatalog, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Held) != 2 {
		t.Fatalf("held %v", plan.Held)
	}
	id := instanceID(fleet[0].ContainerInstanceARN)
	h := plan.Held[0]
	wantMsg := "No update is available: container instance " + id + " already runs agent 1.50.0 (latest 1.50.0)."
	if h.Message() != wantMsg {
		t.Errorf("message %q, want %q", h.Message(), wantMsg)
	}
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ContainerInstanceARN": fleet[0].ContainerInstanceARN, "Reason": string(HoldUpToDate),
		"Code": string(ecserrors.CodeNoUpdateAvailable), "Message": wantMsg}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("JSON (-want +got):\n%s", d)
	}
	again, _ := PlanRollout(fleet[:1], fleetCatalog, 1)
	if again.Held[0] != h || !again.Held[0].Equal(h) {
		t.Errorf("the same hold from two plans differs: %v, %v", again.Held[0], h)
	}
	if h == plan.Held[1] || (Hold{}).Message() != "" {
		t.Errorf("distinct holds equal, or the zero hold says something")
	}
}
