package agentupdate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

func TestNewSnapshotIndexes(t *testing.T) {
	a := seedInstanceRecord()
	dup := seedInstanceRecord()
	dup.Version = 99
	bad := seedInstanceRecord()
	bad.ContainerInstanceARN = "not an arn"
	old := seedInstanceRecord()
	old.ContainerInstanceARN = "arn:aws:ecs:us-west-2:012345678910:container-instance/00000000000000000000000000000001"
	snap := NewSnapshot(
		ClusterState{Cluster: model.Cluster{ClusterARN: testAccount.ClusterARN(seedCluster)}, Instances: []model.ContainerInstance{a, dup, bad, old}},
		ClusterState{Cluster: model.Cluster{ClusterName: seedCluster, ClusterARN: "ignored"}},
		ClusterState{Cluster: model.Cluster{}},
	)
	if c, ok := snap.Cluster(seedCluster); !ok || c.ClusterARN != testAccount.ClusterARN(seedCluster) {
		t.Errorf("cluster by ARN name: %+v %v (the first of two with one name must win)", c, ok)
	}
	if got, ok := snap.ContainerInstance(seedCluster, seedInstance); !ok || got.Version != a.Version {
		t.Errorf("first record must win: %v %v", got.Version, ok)
	}
	if _, ok := snap.ContainerInstance(seedCluster, "00000000000000000000000000000001"); !ok {
		t.Errorf("old-form ARN not indexed")
	}
	if _, ok := snap.Cluster(""); ok {
		t.Errorf("a cluster without a name was indexed")
	}
	if _, ok := snap.ContainerInstance("nope", seedInstance); ok {
		t.Errorf("instance found in an unknown cluster")
	}
}

// TestUpdateContainerAgentChangesOnlyStatusAndVersion draws any valid
// instance (any status, platform, connection) and checks that an accepted
// request changes exactly agentUpdateStatus and version, that a refusal is a
// documented exception, and that the input is never modified.
func TestUpdateContainerAgentChangesOnlyStatusAndVersion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ci := gen.ContainerInstanceFor(gen.InstanceSpec{Account: testAccount, Cluster: seedCluster, Index: rapid.IntRange(0, 5).Draw(t, "index"), AZ: "us-west-2a"}).Draw(t, "instance")
		if rapid.Bool().Draw(t, "arm64") {
			ci.Attributes = append(ci.Attributes, model.Attribute{Name: model.AttributeCPUArchitecture, Value: "arm64"})
		}
		instances := []model.ContainerInstance{ci}
		before := deepCopy(t, ci)
		cat := Catalog{Latest: gen.AgentVersion().Draw(t, "latest")}
		id := ci.ContainerInstanceARN[len(ci.ContainerInstanceARN)-32:]
		resp, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: id},
			NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterName: seedCluster, Status: model.ClusterStatusActive}, Instances: instances}), cat, testNow)
		if d := cmp.Diff(before, instances[0]); d != "" {
			t.Fatalf("input modified (-before +after):\n%s", d)
		}
		if err != nil {
			if c := ecserrors.CodeOf(err); c == "" || c == ecserrors.CodeServer {
				t.Fatalf("unexpected refusal %v", err)
			}
			return
		}
		want := before
		want.AgentUpdateStatus, want.Version = model.AgentUpdateStatusPending, before.Version+1
		if d := cmp.Diff(&want, resp.ContainerInstance); d != "" {
			t.Fatalf("(-want +got):\n%s", d)
		}
	})
}
