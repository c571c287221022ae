package agentupdate

import (
	"fmt"
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// benchFleet is a 5,000-instance cluster (ECS's per-cluster limit) over three
// zones, with a realistic mix: most instances need an update, some are
// current, draining, disconnected or already updating.
func benchFleet(n int) []model.ContainerInstance {
	fleet := make([]model.ContainerInstance, n)
	for i := range fleet {
		agent := "1.20.0"
		if i%7 == 0 {
			agent = "1.50.0"
		}
		ci := fleetInstance(i, fleetZones[i%3], int32((i*37)%50), agent)
		switch {
		case i%50 == 1:
			ci.Status = model.ContainerInstanceStatusDraining
		case i%60 == 2:
			ci.AgentConnected = false
		case i%100 == 3 && i%3 == 0:
			ci.AgentUpdateStatus = model.AgentUpdateStatusStaging
		}
		fleet[i] = ci
	}
	return fleet
}

func BenchmarkPlanRollout(b *testing.B) {
	for _, n := range []int{500, 5000} {
		fleet := benchFleet(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := PlanRollout(fleet, fleetCatalog, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdateContainerAgent measures one request against a 5,000-instance
// cluster indexed by NewSnapshot: the cost must not depend on the cluster
// size.
func BenchmarkUpdateContainerAgent(b *testing.B) {
	fleet := benchFleet(5000)
	snap := NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterName: smCluster, Status: model.ClusterStatusActive}, Instances: fleet})
	req := model.UpdateContainerAgentRequest{Cluster: smCluster, ContainerInstance: fmt.Sprintf("%032x", 4000+1)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UpdateContainerAgent(req, snap, fleetCatalog, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApply(b *testing.B) {
	ci := seedInstanceRecord()
	ci.AgentUpdateStatus = model.AgentUpdateStatusPending
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Apply(ci, Event{Kind: StagingStarted}, testNow); err != nil {
			b.Fatal(err)
		}
	}
}
