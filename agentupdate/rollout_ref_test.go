package agentupdate

// The rollout planner and the instance checks as they were before the
// planner was rewritten to build its messages in one buffer (commit
// 9ecd9a3), kept verbatim apart from the names (and its own plan type,
// holding each message as a string) as the reference that
// TestPlanRolloutMatchesReference holds the planner to.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// refPlan and refHold are RolloutPlan and Hold as they were, with each
// hold's message written out.
type refPlan struct {
	Next       []string
	Zone       string
	InProgress []string
	Held       []refHold
}

type refHold struct {
	ContainerInstanceARN string
	Reason               HoldReason
	Code                 ecserrors.Code
	Message              string
}

// viewPlan is p as the reference plans it, each hold's message asked for.
func viewPlan(p RolloutPlan) refPlan {
	v := refPlan{Next: p.Next, Zone: p.Zone, InProgress: p.InProgress}
	if p.Held != nil {
		v.Held = make([]refHold, len(p.Held))
	}
	for i, h := range p.Held {
		v.Held[i] = refHold{h.ContainerInstanceARN, h.Reason, h.Code, h.Message()}
	}
	return v
}

// planRolloutRef is PlanRollout before the rewrite.
func planRolloutRef(instances []model.ContainerInstance, catalog Catalog, limit int) (refPlan, error) {
	if limit < 1 {
		return refPlan{}, invalid("limit must be at least 1, got %d.", limit)
	}
	cat, err := catalog.parse()
	if err != nil {
		return refPlan{}, err
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
		plan       refPlan
		candidates []candidate
		busyZones  []string
		holds      = make([]refHold, n)
		held       = make([]bool, n)
	)
	hold := func(i int, h refHold) {
		h.ContainerInstanceARN = instances[i].ContainerInstanceARN
		holds[i], held[i] = h, true
	}
	for k, i := range order {
		ci := &instances[i]
		arn := ci.ContainerInstanceARN
		if k > 0 && instances[order[k-1]].ContainerInstanceARN == arn {
			hold(i, refHold{Reason: HoldDuplicate, Message: "Container instance " + ecserrors.Clip(arn) + " appears more than once; only its first record is planned."})
			continue
		}
		switch kind, h := classifyRef(ci, cat); kind {
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
			hold(c.idx, multiZoneHoldRef(busyZones, instanceID(arn)))
		case zone != plan.Zone:
			hold(c.idx, otherZoneHoldRef(plan.Zone, zone, instanceID(arn)))
		case slots > 0:
			plan.Next = append(plan.Next, arn)
			slots--
		default:
			hold(c.idx, limitHoldRef(limit, instanceID(arn)))
		}
	}
	if k := n - len(plan.Next) - len(plan.InProgress); k > 0 {
		plan.Held = make([]refHold, 0, k)
	}
	for _, i := range order {
		if held[i] {
			plan.Held = append(plan.Held, holds[i])
		}
	}
	return plan, nil
}

func quoteAllRef(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}

// classify sorts one (non-duplicate) instance: its update is in progress,
// it is held for a reason of its own (a refusal, draining, disconnected),
// or it is a candidate.
func classifyRef(ci *model.ContainerInstance, cat parsedCatalog) (int, refHold) {
	registered := ci.Status == model.ContainerInstanceStatusActive || ci.Status == model.ContainerInstanceStatusDraining
	if registered && inProgress(ci.AgentUpdateStatus) {
		return kindInProgress, refHold{}
	}
	arn := ci.ContainerInstanceARN
	if r := checkRef(ci, cat); r != nil {
		return kindHeld, refHold{ContainerInstanceARN: arn, Reason: r.reason, Code: r.code, Message: r.msg}
	}
	switch {
	case ci.Status == model.ContainerInstanceStatusDraining:
		return kindHeld, refHold{ContainerInstanceARN: arn, Reason: HoldDraining,
			Message: "Container instance " + instanceID(arn) + " is DRAINING; its agent is updated once it is ACTIVE again."}
	case !ci.AgentConnected:
		return kindHeld, refHold{ContainerInstanceARN: arn, Reason: HoldDisconnected,
			Message: "The agent on container instance " + instanceID(arn) + " is disconnected; it is updated once it connects again."}
	}
	return kindCandidate, refHold{}
}

func multiZoneHoldRef(busyZones []string, id string) refHold {
	return refHold{Reason: HoldOtherZone, Message: "Updates are in progress in " + strconv.Itoa(len(busyZones)) + " Availability Zones (" +
		strings.Join(quoteAllRef(busyZones), ", ") + "); container instance " + id + " waits until at most one is."}
}

func otherZoneHoldRef(planZone, zone, id string) refHold {
	return refHold{Reason: HoldOtherZone, Message: "Availability Zone " + quote(planZone) + " is being updated; container instance " + id + " in " + quote(zone) + " waits."}
}

func limitHoldRef(limit int, id string) refHold {
	return refHold{Reason: HoldLimit, Message: strconv.Itoa(limit) + " agent updates are already in progress or planned; container instance " + id + " waits."}
}

func checkRef(ci *model.ContainerInstance, cat parsedCatalog) *refusal {
	id := instanceID(ci.ContainerInstanceARN)
	switch ci.Status {
	case model.ContainerInstanceStatusActive, model.ContainerInstanceStatusDraining:
	default:
		st := string(ci.Status)
		if st == "" {
			st = "(no status)"
		}
		return &refusal{ecserrors.CodeInvalidParameter, HoldNotRegistered,
			"Container instance " + id + " is " + ecserrors.Clip(st) + "; only ACTIVE or DRAINING instances can be updated."}
	}
	if inProgress(ci.AgentUpdateStatus) {
		return &refusal{ecserrors.CodeUpdateInProgress, HoldInProgress,
			"An agent update is already in progress on container instance " + id + " (" + string(ci.AgentUpdateStatus) + ")."}
	}
	if r := platformRef(ci, id); r != nil {
		return r
	}
	var running string
	if ci.VersionInfo != nil {
		running = ci.VersionInfo.AgentVersion
	}
	v, ok := ParseAgentVersion(running)
	if !ok {
		what := "reports no agent version"
		if running != "" {
			what = "reports agent version " + quote(running) + ", which is not an Amazon ECS agent version"
		}
		return &refusal{ecserrors.CodeMissingVersion, HoldMissingVersion,
			"Container instance " + id + " " + what + "; the agent cannot be updated through the API."}
	}
	if v.Compare(cat.latest) >= 0 {
		return &refusal{ecserrors.CodeNoUpdateAvailable, HoldUpToDate,
			"No update is available: container instance " + id + " already runs agent " + v.String() + " (latest " + cat.latest.String() + ")."}
	}
	if v.Compare(cat.oldest) < 0 {
		return &refusal{ecserrors.CodeNoUpdateAvailable, HoldNoUpdatePath,
			"No update is available: agent " + v.String() + " on container instance " + id + " is older than " + cat.oldest.String() + " and has no update path."}
	}
	if ci.Version == math.MaxInt64 {
		return &refusal{ecserrors.CodeServer, HoldVersionExhausted,
			"Container instance " + id + " cannot be changed: its version counter is at its maximum."}
	}
	return nil
}

// platform is step 9 of UpdateContainerAgent.
func platformRef(ci *model.ContainerInstance, id string) *refusal {
	osType, _ := ci.Attribute(model.AttributeOSType)
	osFamily, _ := ci.Attribute(model.AttributeOSFamily)
	if strings.EqualFold(osType, "windows") || strings.HasPrefix(strings.ToUpper(osFamily), "WINDOWS") {
		return &refusal{ecserrors.CodeClient, HoldWindows,
			"Agent updates are not supported on Windows container instances (" + id + "); launch new instances instead."}
	}
	if arch, _ := ci.Attribute(model.AttributeCPUArchitecture); strings.EqualFold(arch, "arm64") {
		return &refusal{ecserrors.CodeClient, HoldArm64,
			"Update not supported on Arm architecture (container instance " + id + "); update the ecs-init package instead."}
	}
	if _, ext := ci.Attribute(model.AttributeExternal); ext {
		return &refusal{ecserrors.CodeClient, HoldNoECSInit,
			"Agent updates need an Amazon ECS-optimized or Amazon Linux AMI with ecs-init; container instance " + id + " is an external instance."}
	}
	return nil
}

// genRolloutInput draws what PlanRollout can be handed: instances in any
// order, ARNs repeated, zones missing or many busy at once, every platform
// and version the checks look at, odd catalogs and limits.
func genRolloutInput(t *rapid.T) ([]model.ContainerInstance, Catalog, int) {
	n := rapid.IntRange(0, 40).Draw(t, "n")
	ids := rapid.IntRange(1, 50).Draw(t, "ids") // few ids: repeated ARNs
	zones := []string{"us-west-2a", "us-west-2b", "us-west-2c", "", "\"quoted\" in b"}
	// A healthy fleet is mostly candidates, over many zones at times: more
	// zones than PlanRollout numbers.
	healthy := rapid.IntRange(0, 3).Draw(t, "healthy") == 0
	if rapid.Bool().Draw(t, "manyZones") {
		for z := range 10 {
			zones = append(zones, fmt.Sprintf("zone-%d", z))
		}
	}
	out := make([]model.ContainerInstance, n)
	for i := range out {
		ci := fleetInstance(rapid.IntRange(0, ids-1).Draw(t, "id"),
			rapid.SampledFrom(zones).Draw(t, "zone"),
			int32(rapid.IntRange(0, 6).Draw(t, "running")),
			rapid.SampledFrom([]string{"1.20.0", "1.20.0", "1.45.1", "1.50.0", "1.60.0", "1.5.0", "", "1.2", "0.9.9"}).Draw(t, "agent"))
		if ci.AvailabilityZone() == "" && rapid.Bool().Draw(t, "noZone") {
			ci.Attributes = ci.Attributes[1:]
		}
		switch rapid.IntRange(0, 12).Draw(t, "platform") {
		case 0:
			ci.Attributes = append(ci.Attributes, model.Attribute{Name: model.AttributeOSType, Value: "WINDOWS"})
			ci.Attributes[len(ci.Attributes)-2], ci.Attributes[len(ci.Attributes)-1] = ci.Attributes[len(ci.Attributes)-1], ci.Attributes[len(ci.Attributes)-2]
		case 1:
			ci.Attributes = append(ci.Attributes, model.Attribute{Name: model.AttributeOSFamily, Value: "WINDOWS_SERVER_2022_CORE"})
		case 2:
			ci.Attributes = append(ci.Attributes, model.Attribute{Name: model.AttributeCPUArchitecture, Value: "arm64"})
		case 3:
			ci.Attributes = append(ci.Attributes, model.Attribute{Name: model.AttributeExternal})
		case 4:
			ci.VersionInfo = nil
		case 5:
			ci.Version = math.MaxInt64
		case 6:
			ci.Attributes = append(ci.Attributes, model.Attribute{Name: model.AttributeOSFamily, Value: "windows_server_2019_full"})
		}
		if healthy {
			ci.VersionInfo = &model.VersionInfo{AgentVersion: "1.20.0"}
			if rapid.IntRange(0, 9).Draw(t, "updating") == 0 {
				ci.AgentUpdateStatus = model.AgentUpdateStatusUpdating
			}
			out[i] = ci
			continue
		}
		ci.Status = rapid.SampledFrom([]model.ContainerInstanceStatus{"ACTIVE", "ACTIVE", "ACTIVE", "DRAINING", "REGISTERING", "INACTIVE", ""}).Draw(t, "status")
		ci.AgentConnected = rapid.IntRange(0, 4).Draw(t, "connected") > 0
		ci.AgentUpdateStatus = rapid.SampledFrom([]model.AgentUpdateStatus{"", "", "", "", "UPDATED", "FAILED", "PENDING", "STAGING", "STAGED", "UPDATING"}).Draw(t, "agentUpdateStatus")
		if rapid.IntRange(0, 9).Draw(t, "longARN") == 0 {
			ci.ContainerInstanceARN += strings.Repeat("é", 200)
		}
		out[i] = ci
	}
	cat := rapid.SampledFrom([]Catalog{
		fleetCatalog, {Latest: "1.45.1"}, {Latest: "1.50.0", OldestUpdatable: "1.20.0"},
		{Latest: "1.50"}, {Latest: "1.50.0", OldestUpdatable: "x"}, {Latest: "1.10.0", OldestUpdatable: "1.20.0"},
	}).Draw(t, "catalog")
	return out, cat, rapid.IntRange(-1, 8).Draw(t, "limit")
}

// TestPlanRolloutMatchesReference holds PlanRollout to the planner it
// replaced: the same plan, in the same order, word for word, and the same
// error, for any instances, catalog and limit. The input is left as it was.
func TestPlanRolloutMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fleet, cat, limit := genRolloutInput(t)
		before := cloneInstances(fleet)
		want, wantErr := planRolloutRef(cloneInstances(fleet), cat, limit)
		got, err := PlanRollout(fleet, cat, limit)
		if d := gocmp.Diff(fmt.Sprint(wantErr), fmt.Sprint(err)); d != "" {
			t.Fatalf("error differs (-want +got):\n%s", d)
		}
		if d := gocmp.Diff(want, viewPlan(got)); d != "" {
			t.Fatalf("plan differs (-want +got):\n%s", d)
		}
		if d := gocmp.Diff(before, fleet); d != "" {
			t.Fatalf("PlanRollout changed its input (-before +after):\n%s", d)
		}
	})
}

func cloneInstances(in []model.ContainerInstance) []model.ContainerInstance {
	out := make([]model.ContainerInstance, len(in))
	for i := range in {
		out[i] = in[i].Clone()
	}
	return out
}

// TestPlanRolloutBeyondNumberedZones: PlanRollout numbers the first few
// zones it meets and reads the others again; a fleet over more zones than
// that, with the wave in an unnumbered one or in a numbered one, plans as
// the reference does.
func TestPlanRolloutBeyondNumberedZones(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fewest   int // the instance with the fewest running tasks
		updating int // an instance already updating, or -1
	}{
		{"wave in the last zone", 23, -1},
		{"wave in the first zone", 0, -1},
		{"busy unnumbered zone", 5, 21},
		{"busy numbered zone", 22, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fleet []model.ContainerInstance
			for i := range 24 {
				ci := fleetInstance(i, fmt.Sprintf("zone-%02d", i%12), int32(5+i%3), "1.20.0")
				if i == tc.fewest {
					ci.RunningTasksCount = 0
				}
				if i == tc.updating {
					ci.AgentUpdateStatus = model.AgentUpdateStatusUpdating
				}
				fleet = append(fleet, ci)
			}
			want, _ := planRolloutRef(fleet, fleetCatalog, 3)
			got, err := PlanRollout(fleet, fleetCatalog, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Next) == 0 {
				t.Fatal("no wave planned")
			}
			if d := gocmp.Diff(want, viewPlan(got)); d != "" {
				t.Fatalf("(-reference +PlanRollout):\n%s", d)
			}
		})
	}
}
