package agentupdate

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// The exceptions the API reference lists for UpdateContainerAgent.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html#API_UpdateContainerAgent_Errors
var documentedCodes = []ecserrors.Code{
	ecserrors.CodeClient, ecserrors.CodeClusterNotFound, ecserrors.CodeInvalidParameter,
	ecserrors.CodeMissingVersion, ecserrors.CodeNoUpdateAvailable, ecserrors.CodeServer,
	ecserrors.CodeUpdateInProgress,
}

var fuzzKinds = []EventKind{StagingStarted, Staged, UpdateStarted, AgentReconnected, Failed, AgentDisconnected, AgentConnected, Requested, "bogus"}

var fuzzVersions = []string{"1.2.0", "1.3.0", "1.0.0", "", "1.2", "x", "999999999.999999999.999999999"}

// FuzzUpdateContainerAgent feeds arbitrary requests and instance records to
// UpdateContainerAgent, then an arbitrary sequence of events (and repeated
// requests) to Apply. Nothing may panic, every refusal must be a documented
// ECS exception, and no accepted change may touch tasks or resources or fail
// to increase the version.
func FuzzUpdateContainerAgent(f *testing.F) {
	f.Add(seedCluster, seedInstance, "", "1.0.0", "linux", "x86_64", true, int64(17), int32(3), []byte{0, 1, 2, 5, 6, 3, 0})
	f.Add("", seedInstance, "UPDATED", "1.1.9", "linux", "", false, int64(0), int32(0), []byte{7, 6, 0, 4, 8})
	f.Add(seedCluster, "arn:aws:ecs:us-west-2:012345678910:container-instance/update/"+seedInstance, "STAGING", "1.0.0", "windows", "arm64", true, int64(1<<63-1), int32(-1<<31), []byte{1, 5, 5, 6, 6})
	f.Add("arn:aws:ecs:us-west-2:012345678910:cluster/update", "bad id", "BOGUS", "v1", "", "arm64", true, int64(-1), int32(1<<31-1), []byte{})
	f.Add("update", seedInstance, "FAILED", "0.0.3", "linux", "x86_64", true, int64(5), int32(2), []byte{7, 0, 1, 2, 3, 4, 7})
	f.Fuzz(func(t *testing.T, cluster, instance, status, agent, osType, arch string, connected bool, version int64, running int32, events []byte) {
		ci := seedInstanceRecord()
		ci.AgentUpdateStatus = model.AgentUpdateStatus(status)
		ci.VersionInfo.AgentVersion = agent
		ci.AgentConnected = connected
		ci.Version = version
		ci.RunningTasksCount = running
		setAttr(&ci, model.AttributeOSType, osType)
		setAttr(&ci, model.AttributeCPUArchitecture, arch)
		initial := deepCopy(t, ci)
		cur := ci
		now := testNow
		request := func(cluster, instance string) {
			snap := NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterName: seedCluster, Status: model.ClusterStatusActive}, Instances: []model.ContainerInstance{cur}})
			resp, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: cluster, ContainerInstance: instance}, snap, seedCatalog, now)
			if err != nil {
				var e *ecserrors.Error
				if !errors.As(err, &e) || !slices.Contains(documentedCodes, e.Code()) || e.Message() == "" {
					t.Fatalf("refusal %#v is not a documented ECS exception with a message", err)
				}
				if inProgress(cur.AgentUpdateStatus) && cur.ContainerInstanceARN == ci.ContainerInstanceARN &&
					(e.Code() == ecserrors.CodeClient || e.Code() == ecserrors.CodeMissingVersion || e.Code() == ecserrors.CodeNoUpdateAvailable) {
					t.Fatalf("request during %s answered %v", cur.AgentUpdateStatus, err)
				}
				return
			}
			got := resp.ContainerInstance
			if got.AgentUpdateStatus != model.AgentUpdateStatusPending || got.Version != cur.Version+1 {
				t.Fatalf("accepted request gave status %q version %d (from %d)", got.AgentUpdateStatus, got.Version, cur.Version)
			}
			cur = *got
		}
		request(cluster, instance)
		for i, b := range events {
			now = now.Add(time.Duration(b) * time.Second)
			kind := fuzzKinds[int(b)%len(fuzzKinds)]
			if kind == Requested && i%2 == 0 {
				request(seedCluster, seedInstance)
				continue
			}
			ev := Event{Kind: kind, AgentVersion: fuzzVersions[int(b)/len(fuzzKinds)%len(fuzzVersions)], Reason: "fuzz"}
			step, err := Apply(cur, ev, now)
			if err != nil {
				if c := ecserrors.CodeOf(err); c != ecserrors.CodeInvalidParameter && c != ecserrors.CodeServer {
					t.Fatalf("Apply refusal %v has code %q", err, c)
				}
				continue
			}
			if step.Instance.Version != cur.Version+1 {
				t.Fatalf("version %d after %d", step.Instance.Version, cur.Version)
			}
			cur = step.Instance
		}
		if cur.RunningTasksCount != initial.RunningTasksCount || cur.PendingTasksCount != initial.PendingTasksCount ||
			!slices.EqualFunc(cur.RemainingResources, initial.RemainingResources, func(a, b model.Resource) bool {
				return a.Name == b.Name && a.IntegerValue == b.IntegerValue && slices.Equal(a.StringSetValue, b.StringSetValue)
			}) {
			t.Fatalf("tasks or resources changed")
		}
		if d := deepCopy(t, ci); !equalJSON(t, d, initial) {
			t.Fatalf("input instance modified")
		}
	})
}

func equalJSON(t *testing.T, a, b model.ContainerInstance) bool {
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}

// FuzzPlanRollout builds a fleet from arbitrary bytes (zone, status,
// connection, update status, agent version and running tasks per instance,
// extremes included) and an arbitrary limit. The planner must not panic,
// must answer as the reference planner it replaced, must refuse a bad
// limit with InvalidParameterException, and must keep its promises on
// every plan.
func FuzzPlanRollout(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 0, 5, 1, 2, 1, 0, 0, 0}, 2, int32(0))
	f.Add([]byte{0, 3, 1, 5, 0, 0, 1, 0, 1, 6, 0, 0, 2, 1, 0, 0, 1, 0}, 1, int32(-1<<31))
	f.Add([]byte{}, 0, int32(1<<31-1))
	f.Add([]byte{7, 7, 7, 7, 7, 7}, -1<<62, int32(5))
	statuses := []model.ContainerInstanceStatus{"ACTIVE", "DRAINING", "REGISTERING", "INACTIVE", "", "BOGUS"}
	updates := []model.AgentUpdateStatus{"", "UPDATED", "FAILED", "PENDING", "STAGING", "STAGED", "UPDATING", "WHAT"}
	zones := []string{"us-west-2a", "us-west-2b", "", "us-west-2c"}
	f.Fuzz(func(t *testing.T, data []byte, limit int, running int32) {
		var fleet []model.ContainerInstance
		for i := 0; i+5 < len(data) && len(fleet) < 200; i += 6 {
			ci := fleetInstance(int(data[i])%16, zones[int(data[i+1])%len(zones)], running+int32(data[i+2]), fuzzVersions[int(data[i+3])%len(fuzzVersions)])
			ci.Status = statuses[int(data[i+4])%len(statuses)]
			ci.AgentUpdateStatus = updates[int(data[i+5])%len(updates)]
			ci.AgentConnected = data[i+5]&0x80 == 0
			fleet = append(fleet, ci)
		}
		plan, err := PlanRollout(fleet, seedCatalog, limit)
		want, wantErr := planRolloutRef(fleet, seedCatalog, limit)
		if d := gocmp.Diff(want, viewPlan(plan)); d != "" || ecserrors.CodeOf(err) != ecserrors.CodeOf(wantErr) {
			t.Fatalf("PlanRollout differs from the reference planner (%v, want %v) (-want +got):\n%s", err, wantErr, d)
		}
		if limit < 1 {
			if ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
				t.Fatalf("limit %d: %v", limit, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Next) > 0 && len(plan.Next)+len(plan.InProgress) > limit {
			t.Fatalf("limit %d exceeded: %d + %d", limit, len(plan.Next), len(plan.InProgress))
		}
		if len(plan.Next)+len(plan.InProgress)+len(plan.Held) != len(fleet) {
			t.Fatalf("%d instances, plan accounts for %d", len(fleet), len(plan.Next)+len(plan.InProgress)+len(plan.Held))
		}
		for _, arn := range plan.Next {
			// The first record of an ARN is the one planned.
			if i := slices.IndexFunc(fleet, func(ci model.ContainerInstance) bool { return ci.ContainerInstanceARN == arn }); i >= 0 {
				ci := fleet[i]
				if ci.Status != model.ContainerInstanceStatusActive || !ci.AgentConnected || ci.AvailabilityZone() != plan.Zone {
					t.Fatalf("picked %s: %s connected=%v zone %q (wave %q)", arn, ci.Status, ci.AgentConnected, ci.AvailabilityZone(), plan.Zone)
				}
			}
		}
	})
}
