package ecsstate

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/agentupdate"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// fleetInstance describes one instance of a test fleet.
type fleetInstance struct {
	zone         string
	version      string
	windows      bool
	disconnected bool
}

// fleet registers the instances in cluster "prod" and returns their ARNs.
func fleet(t fataler, w *World, insts []fleetInstance) []string {
	if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}); err != nil {
		t.Fatal(err)
	}
	var arns []string
	for _, in := range insts {
		attrs := []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: in.zone}}
		if in.windows {
			attrs = append(attrs, model.Attribute{Name: model.AttributeOSType, Value: "windows"})
		}
		r, err := w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)},
			Attributes:     attrs, VersionInfo: &model.VersionInfo{AgentVersion: in.version}})
		if err != nil {
			t.Fatal(err)
		}
		arns = append(arns, r.ContainerInstance.ContainerInstanceARN)
		if in.disconnected {
			if err := w.SetAgentConnected("prod", r.ContainerInstance.ContainerInstanceARN, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	return arns
}

// Six Linux instances on agent 1.86.0, two per zone, plus a Windows one
// and one already on the latest agent. By PlanRollout's rules (one zone at
// a time, at most parallel updates) and the default agent (four stages of
// 30 s: two minutes an update), two at a time makes three waves, one zone
// each, two minutes apart; one at a time makes six. The Windows and
// up-to-date instances are held with UpdateContainerAgent's exceptions.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html
func TestPredictAgentUpdate(t *testing.T) {
	var insts []fleetInstance
	for _, z := range []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c"} {
		insts = append(insts, fleetInstance{zone: z, version: "1.86.0"})
	}
	insts = append(insts, fleetInstance{zone: "us-east-1a", version: "1.86.0", windows: true}, fleetInstance{zone: "us-east-1b", version: "1.101.0"})
	for _, tc := range []struct {
		parallel, waves int
	}{{2, 3}, {1, 6}, {6, 3}} {
		w := New(Options{Seed: 1})
		arns := fleet(t, w, insts)
		tl := len(w.Timeline())
		r, err := w.PredictAgentUpdate("prod", tc.parallel, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(w.Timeline()) != tl {
			t.Fatal("PredictAgentUpdate changed the world")
		}
		if !r.Done || r.Stuck != nil || len(r.Waves) != tc.waves || len(r.Instances) != 6 || r.Latest != "1.101.0" {
			t.Fatalf("parallel %d: done %v stuck %+v waves %d instances %d", tc.parallel, r.Done, r.Stuck, len(r.Waves), len(r.Instances))
		}
		for i, wave := range r.Waves {
			if want := r.Start.Add(time.Duration(i) * 2 * time.Minute); !wave.At.Equal(want) {
				t.Errorf("parallel %d: wave %d at %s, want %s", tc.parallel, i, wave.At, want)
			}
			if len(wave.Instances) > tc.parallel {
				t.Errorf("parallel %d: wave %d has %d instances", tc.parallel, i, len(wave.Instances))
			}
		}
		if want := r.Start.Add(time.Duration(tc.waves) * 2 * time.Minute); !r.End.Equal(want) {
			t.Errorf("parallel %d: ends at %s, want %s", tc.parallel, r.End, want)
		}
		// The first wave is in the zone of the first eligible instance in
		// ARN order (no instance runs a task: ties go by ARN).
		eligible := slices.Clone(arns[:6])
		slices.Sort(eligible)
		if want := insts[slices.Index(arns, eligible[0])].zone; r.Waves[0].Zone != want {
			t.Errorf("parallel %d: first wave in %s, want %s", tc.parallel, r.Waves[0].Zone, want)
		}
		for _, in := range r.Instances {
			if in.Status != model.AgentUpdateStatusUpdated || in.FinishedAt.Sub(in.StartedAt) != 2*time.Minute || in.FromVersion != "1.86.0" {
				t.Errorf("parallel %d: %+v", tc.parallel, in)
			}
		}
		var held []agentupdate.HoldReason
		for _, h := range r.Held {
			held = append(held, h.Reason)
		}
		slices.Sort(held)
		if !slices.Equal(held, []agentupdate.HoldReason{agentupdate.HoldUpToDate, agentupdate.HoldWindows}) {
			t.Errorf("parallel %d: held %v", tc.parallel, r.Held)
		}
		d, _ := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "prod", ContainerInstances: arns[:1]})
		if d.ContainerInstances[0].VersionInfo.AgentVersion != "1.86.0" {
			t.Error("the world's instance was updated")
		}
	}
}

// A failing update ends FAILED with the agent's reason and is not tried
// again; a disconnected agent waits. Neither rollout is done.
func TestPredictAgentUpdateFailuresAndWaits(t *testing.T) {
	w := New(Options{Seed: 1})
	arns := fleet(t, w, []fleetInstance{{zone: "a", version: "1.86.0"}, {zone: "a", version: "1.86.0"}, {zone: "b", version: "1.86.0", disconnected: true}})
	a := w.Agent()
	a.FailAgentUpdate = []Fault{{ContainerInstance: arns[1]}}
	w.SetAgent(a)
	r, err := w.PredictAgentUpdate("prod", 1, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if r.Done || len(r.Instances) != 2 {
		t.Fatalf("done %v instances %+v", r.Done, r.Instances)
	}
	for _, in := range r.Instances {
		switch in.ContainerInstanceARN {
		case arns[0]:
			if in.Status != model.AgentUpdateStatusUpdated {
				t.Errorf("healthy instance %+v", in)
			}
		case arns[1]:
			// Fails when staging ends: the second stage, 60 s in.
			if in.Status != model.AgentUpdateStatusFailed || in.Reason != "Hashsum validation failed" || in.FinishedAt.Sub(in.StartedAt) != time.Minute {
				t.Errorf("failing instance %+v", in)
			}
		default:
			t.Errorf("updated %s", in.ContainerInstanceARN)
		}
	}
	if len(r.Held) != 1 || r.Held[0].ContainerInstanceARN != arns[2] || r.Held[0].Reason != agentupdate.HoldDisconnected {
		t.Errorf("held %+v", r.Held)
	}
}

func TestPredictAgentUpdateRefuses(t *testing.T) {
	w := New(Options{})
	fleet(t, w, []fleetInstance{{zone: "a", version: "1.86.0"}})
	for _, tc := range []struct {
		cluster  string
		parallel int
		limit    time.Duration
		code     ecserrors.Code
	}{
		{"staging", 1, time.Hour, ecserrors.CodeClusterNotFound},
		{"prod", 0, time.Hour, ecserrors.CodeInvalidParameter},
		{"prod", 1, 0, ecserrors.CodeInvalidParameter},
	} {
		if _, err := w.PredictAgentUpdate(tc.cluster, tc.parallel, tc.limit); !errors.Is(err, ecserrors.New(tc.code, "")) {
			t.Errorf("%+v: %v", tc, err)
		}
	}
	// The limit passes mid-update.
	r, err := w.PredictAgentUpdate("prod", 1, time.Minute)
	if err != nil || r.Stuck == nil || r.Stuck.Kind != StuckLimit || r.Done || r.Instances[0].Status != model.AgentUpdateStatusStaged {
		t.Errorf("%+v %v", r, err)
	}
}

// Over generated fleets: never more than parallel updates at once, all
// in one zone; every instance is either updated once or held; the rollout
// is done exactly when no eligible instance's agent is disconnected.
func TestPredictAgentUpdateProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "n")
		var insts []fleetInstance
		eligible, waiting := 0, 0
		for i := range n {
			in := fleetInstance{
				zone:         rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, fmt.Sprint("zone", i)),
				version:      rapid.SampledFrom([]string{"1.86.0", "1.101.0"}).Draw(t, fmt.Sprint("version", i)),
				windows:      rapid.IntRange(0, 5).Draw(t, fmt.Sprint("windows", i)) == 0,
				disconnected: rapid.IntRange(0, 5).Draw(t, fmt.Sprint("disconnected", i)) == 0,
			}
			if in.version == "1.86.0" && !in.windows {
				if in.disconnected {
					waiting++
				} else {
					eligible++
				}
			}
			insts = append(insts, in)
		}
		parallel := rapid.IntRange(1, 3).Draw(t, "parallel")
		w := New(Options{Seed: 1})
		arns := fleet(t, w, insts)
		r, err := w.PredictAgentUpdate("prod", parallel, 6*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Instances) != eligible || r.Done != (waiting == 0) {
			t.Fatalf("%d updates (want %d), done %v with %d waiting", len(r.Instances), eligible, r.Done, waiting)
		}
		seen := map[string]bool{}
		for _, in := range r.Instances {
			seen[in.ContainerInstanceARN] = true
			if in.Status != model.AgentUpdateStatusUpdated {
				t.Fatalf("%+v", in)
			}
			var zones []string
			busy := 0
			for _, o := range r.Instances { // in progress when in started
				if !o.StartedAt.After(in.StartedAt) && o.FinishedAt.After(in.StartedAt) {
					busy++
					if !slices.Contains(zones, o.AvailabilityZone) {
						zones = append(zones, o.AvailabilityZone)
					}
				}
			}
			if busy > parallel || len(zones) > 1 {
				t.Fatalf("at %s: %d updates in %v", in.StartedAt, busy, zones)
			}
		}
		for _, h := range r.Held {
			if seen[h.ContainerInstanceARN] {
				t.Fatalf("%s both updated and held", h.ContainerInstanceARN)
			}
			seen[h.ContainerInstanceARN] = true
		}
		if len(seen) != len(arns) {
			t.Fatalf("%d instances accounted for, of %d", len(seen), len(arns))
		}
	})
}
