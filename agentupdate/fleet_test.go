package agentupdate

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// TestFleetMatchesPlanRollout is the differential test of the kept fleet:
// after any sequence of instance updates, removals and clones, with
// catalogs and limits changing between plans (so cached checks and
// messages must be dropped when they no longer apply), Fleet.PlanRollout
// returns exactly what PlanRollout returns for the same instances.
func TestFleetMatchesPlanRollout(t *testing.T) {
	catalogs := []Catalog{fleetCatalog, {Latest: "1.45.1"}, {Latest: "1.50.0", OldestUpdatable: "1.20.0"}}
	rapid.Check(t, func(t *rapid.T) {
		pool := genFleet().Draw(t, "pool")
		have := map[string]model.ContainerInstance{}
		var start []model.ContainerInstance
		for _, ci := range pool {
			if rapid.Bool().Draw(t, "initially") {
				start = append(start, ci)
				have[ci.ContainerInstanceARN] = ci
			}
		}
		f, err := NewFleet(start)
		if err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(1, 30).Draw(t, "ops") {
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0:
				if len(pool) == 0 {
					continue
				}
				ci := pool[rapid.IntRange(0, len(pool)-1).Draw(t, "put")]
				// Move it on: another status, update status, running count
				// or zone.
				ci.RunningTasksCount = int32(rapid.IntRange(0, 10).Draw(t, "running"))
				ci.AgentUpdateStatus = rapid.SampledFrom([]model.AgentUpdateStatus{"", "PENDING", "UPDATING", "UPDATED", "FAILED"}).Draw(t, "agentUpdateStatus")
				ci.Status = rapid.SampledFrom([]model.ContainerInstanceStatus{"ACTIVE", "ACTIVE", "DRAINING", "INACTIVE"}).Draw(t, "status")
				ci.Attributes = slices.Clone(ci.Attributes)
				ci.Attributes[0].Value = rapid.SampledFrom(fleetZones).Draw(t, "zone")
				f.PutInstance(ci)
				have[ci.ContainerInstanceARN] = ci
			case 1:
				if len(pool) == 0 {
					continue
				}
				arn := pool[rapid.IntRange(0, len(pool)-1).Draw(t, "remove")].ContainerInstanceARN
				f.RemoveInstance(arn)
				delete(have, arn)
			case 2:
				g := f.Clone()
				checkFleet(t, f, have, catalogs)
				f = g
			default:
				checkFleet(t, f, have, catalogs)
			}
		}
		checkFleet(t, f, have, catalogs)
		if f.Len() != len(have) {
			t.Fatalf("Len = %d, want %d", f.Len(), len(have))
		}
	})
}

func checkFleet(t *rapid.T, f *Fleet, have map[string]model.ContainerInstance, catalogs []Catalog) {
	cat := rapid.SampledFrom(catalogs).Draw(t, "catalog")
	limit := rapid.IntRange(1, 6).Draw(t, "limit")
	insts := slices.Collect(maps.Values(have))
	want, err := PlanRollout(insts, cat, limit)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.PlanRollout(cat, limit)
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Fatalf("Fleet.PlanRollout differs from PlanRollout (-want +got):\n%s", d)
	}
}

func TestFleetRejectsRepeatedInstances(t *testing.T) {
	ci := fleetInstance(1, fleetZones[0], 0, "1.20.0")
	if _, err := NewFleet([]model.ContainerInstance{ci, ci}); err == nil {
		t.Fatal("NewFleet accepted a repeated container instance")
	}
	if _, err := (&Fleet{}).PlanRollout(fleetCatalog, 0); err == nil {
		t.Fatal("limit 0 accepted")
	}
	if _, err := (&Fleet{}).PlanRollout(Catalog{Latest: "x"}, 1); err == nil {
		t.Fatal("a bad catalog accepted")
	}
}

// ExampleFleet keeps a fleet between waves: each wave's instances are put
// back as their updates move on, and the next plan reads only what
// changed.
func ExampleFleet() {
	var insts []model.ContainerInstance
	for i := range 4 {
		insts = append(insts, fleetInstance(i, "us-west-2a", int32(i), "1.20.0"))
	}
	f, _ := NewFleet(insts)
	plan, _ := f.PlanRollout(Catalog{Latest: "1.50.0"}, 2)
	fmt.Println(len(plan.Next), plan.Zone)
	for _, ci := range insts[:2] {
		ci.AgentUpdateStatus = model.AgentUpdateStatusUpdated
		ci.VersionInfo = &model.VersionInfo{AgentVersion: "1.50.0"}
		f.PutInstance(ci)
	}
	plan, _ = f.PlanRollout(Catalog{Latest: "1.50.0"}, 2)
	fmt.Println(len(plan.Next), plan.Held[0].Reason)
	// Output:
	// 2 us-west-2a
	// 2 UP_TO_DATE
}

// TestFleetRewordsHoldsWhenTheWaveMoves: an instance left alone between
// two plans must not keep the first plan's message once the wave's zone
// has moved.
func TestFleetRewordsHoldsWhenTheWaveMoves(t *testing.T) {
	a := fleetInstance(0, "us-west-2a", 1, "1.20.0")
	b := fleetInstance(1, "us-west-2b", 3, "1.20.0")
	c := fleetInstance(2, "us-west-2c", 2, "1.20.0")
	f, _ := NewFleet([]model.ContainerInstance{a, b, c})
	for _, step := range []func(){
		func() {},
		func() { c.RunningTasksCount = 0; f.PutInstance(c) }, // the wave moves to us-west-2c
	} {
		step()
		want, _ := PlanRollout([]model.ContainerInstance{a, b, c}, fleetCatalog, 1)
		got, _ := f.PlanRollout(fleetCatalog, 1)
		if d := gocmp.Diff(want, got); d != "" {
			t.Fatalf("(-want +got):\n%s", d)
		}
	}
}
