package agentupdate

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// naiveWave is the lean baseline for a rollout plan: one scan that keeps
// the instances an update can start on (ACTIVE, connected, no update in
// progress, an agent older than the catalog's latest, not Windows), then a
// sort of them by running tasks and ARN, and the first limit in the zone
// of the first. It decides Next only: no holds, no messages, none of the
// refusal checks beyond those.
func naiveWave(fleet []model.ContainerInstance, latest AgentVersion, limit int, out []string) []string {
	type cand struct {
		arn, zone string
		running   int32
	}
	var cands []cand
	busy := 0
	for i := range fleet {
		ci := &fleet[i]
		if inProgress(ci.AgentUpdateStatus) {
			busy++
			continue
		}
		if ci.Status != model.ContainerInstanceStatusActive || !ci.AgentConnected || ci.VersionInfo == nil {
			continue
		}
		if os, _ := ci.Attribute(model.AttributeOSType); os == "windows" {
			continue
		}
		if v, ok := ParseAgentVersion(ci.VersionInfo.AgentVersion); !ok || v.Compare(latest) >= 0 {
			continue
		}
		cands = append(cands, cand{ci.ContainerInstanceARN, ci.AvailabilityZone(), ci.RunningTasksCount})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.running != b.running {
			return int(a.running - b.running)
		}
		if a.arn < b.arn {
			return -1
		}
		return 1
	})
	out = out[:0]
	for _, c := range cands {
		if len(out)+busy < limit && c.zone == cands[0].zone {
			out = append(out, c.arn)
		}
	}
	return out
}

// BenchmarkFleetPlanRollout plans one wave over 5,000 instances (ECS's
// per-cluster limit) four ways in the same run: the naive decision scan,
// the reference planner PlanRollout replaced, PlanRollout from the
// instances, and a kept Fleet (after its first plan,
// which checks every instance against the catalog once).
func BenchmarkFleetPlanRollout(b *testing.B) {
	for _, n := range []int{500, 5000} {
		fleet := benchFleet(n)
		// No update in progress, so every plan starts a wave.
		for i := range fleet {
			if inProgress(fleet[i].AgentUpdateStatus) {
				fleet[i].AgentUpdateStatus = ""
			}
		}
		latest, _ := ParseAgentVersion(fleetCatalog.Latest)
		f, err := NewFleet(fleet)
		if err != nil {
			b.Fatal(err)
		}
		want, _ := PlanRollout(fleet, fleetCatalog, 100)
		got, _ := f.PlanRollout(fleetCatalog, 100)
		naive := naiveWave(fleet, latest, 100, nil)
		if !slices.Equal(want.Next, got.Next) || !slices.Equal(want.Next, naive) {
			b.Fatalf("Next differs: PlanRollout %d, Fleet %d, naive %d", len(want.Next), len(got.Next), len(naive))
		}
		b.Run(fmt.Sprintf("naive/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var out []string
			for b.Loop() {
				out = naiveWave(fleet, latest, 100, out)
			}
		})
		// reference is the planner PlanRollout replaced (rollout_ref_test.go).
		b.Run(fmt.Sprintf("reference/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				planRolloutRef(fleet, fleetCatalog, 100)
			}
		})
		b.Run(fmt.Sprintf("PlanRollout/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				PlanRollout(fleet, fleetCatalog, 100)
			}
		})
		b.Run(fmt.Sprintf("Fleet/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.PlanRollout(fleetCatalog, 100)
			}
		})
		// Fleet+put also tells the fleet about one instance whose running
		// task count changed before each plan, as a kept fleet sees.
		b.Run(fmt.Sprintf("Fleet+put/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			ci := fleet[n/2]
			for b.Loop() {
				ci.RunningTasksCount ^= 1
				f.PutInstance(ci)
				f.PlanRollout(fleetCatalog, 100)
			}
		})
		// Fleet+move puts an instance that, every other plan, has the
		// fewest running tasks and moves the wave to its zone: the worst
		// case for a kept fleet, which then rewords every candidate.
		b.Run(fmt.Sprintf("Fleet+move/%d", n), func(b *testing.B) {
			ci := fleet[4]
			ci.RunningTasksCount = 0
			f.PutInstance(ci)
			if p, _ := f.PlanRollout(fleetCatalog, 100); p.Zone == want.Zone || p.Zone != ci.AvailabilityZone() {
				b.Fatalf("the wave stays in %s", p.Zone)
			}
			b.ReportAllocs()
			for b.Loop() {
				if ci.RunningTasksCount == 0 {
					ci.RunningTasksCount = 48
				} else {
					ci.RunningTasksCount = 0
				}
				f.PutInstance(ci)
				f.PlanRollout(fleetCatalog, 100)
			}
		})
	}
}
