package agentupdate

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// The API reference example: cluster "update", container instance
// 53ac7152-dcd1-4102-81f5-208962864132, agent 1.0.0 (hash 4023248, Docker
// 1.5.0), answered with agentUpdateStatus PENDING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html#API_UpdateContainerAgent_Examples
const (
	seedCluster  = "update"
	seedInstance = "53ac7152-dcd1-4102-81f5-208962864132"
)

var (
	testAccount = model.Account{Partition: "aws", Region: "us-west-2", AccountID: "012345678910"}
	testNow     = time.Date(2015, 5, 28, 15, 27, 56, 0, time.UTC)
	seedCatalog = Catalog{Latest: "1.2.0", OldestUpdatable: "1.0.0"}
)

func seedInstanceRecord() model.ContainerInstance {
	return model.ContainerInstance{
		ContainerInstanceARN: testAccount.ContainerInstanceARN(seedCluster, seedInstance),
		EC2InstanceID:        "i-0123456789abcdef0",
		Version:              17,
		VersionInfo:          &model.VersionInfo{AgentHash: "4023248", AgentVersion: "1.0.0", DockerVersion: "DockerVersion: 1.5.0"},
		Status:               model.ContainerInstanceStatusActive,
		AgentConnected:       true,
		RunningTasksCount:    3,
		PendingTasksCount:    1,
		Attributes: []model.Attribute{
			{Name: model.AttributeOSType, Value: "linux"},
			{Name: model.AttributeCPUArchitecture, Value: "x86_64"},
			{Name: model.AttributeAvailabilityZone, Value: "us-west-2a"},
			{Name: "ecs.ami-id", Value: "ami-0123456789abcdef0"},
		},
		RegisteredResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 3768), model.PortsResource(model.ResourcePorts, []int32{22, 2375, 2376, 51678, 51679})},
		RemainingResources:  []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2744), model.PortsResource(model.ResourcePorts, []int32{22, 80, 2375, 2376, 51678, 51679})},
	}
}

func seedState(edit func(*model.ContainerInstance)) Snapshot {
	ci := seedInstanceRecord()
	if edit != nil {
		edit(&ci)
	}
	other := seedInstanceRecord()
	other.ContainerInstanceARN = testAccount.ContainerInstanceARN("other", "00000000000000000000000000000abc")
	return NewSnapshot(
		ClusterState{Cluster: model.Cluster{ClusterARN: testAccount.ClusterARN(seedCluster), ClusterName: seedCluster, Status: model.ClusterStatusActive}, Instances: []model.ContainerInstance{ci}},
		ClusterState{Cluster: model.Cluster{ClusterARN: testAccount.ClusterARN("other"), Status: model.ClusterStatusActive}, Instances: []model.ContainerInstance{other}},
		ClusterState{Cluster: model.Cluster{ClusterARN: testAccount.ClusterARN("gone"), ClusterName: "gone", Status: model.ClusterStatusInactive}},
	)
}

func setAttr(ci *model.ContainerInstance, name, value string) {
	for i := range ci.Attributes {
		if ci.Attributes[i].Name == name {
			ci.Attributes[i].Value = value
			return
		}
	}
	ci.Attributes = append(ci.Attributes, model.Attribute{Name: name, Value: value})
}

// TestUpdateContainerAgentSeedExample checks the API reference's sample request and
// the shape of its sample response.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html#API_UpdateContainerAgent_Examples
func TestUpdateContainerAgentSeedExample(t *testing.T) {
	var req model.UpdateContainerAgentRequest
	if err := json.Unmarshal([]byte(`{ "cluster": "update", "containerInstance": "53ac7152-dcd1-4102-81f5-208962864132" }`), &req); err != nil {
		t.Fatal(err)
	}
	resp, err := UpdateContainerAgent(req, seedState(nil), seedCatalog, testNow)
	if err != nil {
		t.Fatalf("UpdateContainerAgent: %v", err)
	}
	want := seedInstanceRecord()
	want.AgentUpdateStatus = "PENDING"
	want.Version = 18
	if d := cmp.Diff(&want, resp.ContainerInstance); d != "" {
		t.Errorf("response instance (-want +got):\n%s", d)
	}
	// The sample response, with its "..." elided members left out: the
	// members it shows must come back exactly so on the wire.
	const sample = `{ "containerInstance": { "agentConnected": true, "agentUpdateStatus": "PENDING", "versionInfo": { "agentHash": "4023248", "agentVersion": "1.0.0", "dockerVersion": "DockerVersion: 1.5.0" } } }`
	var wantWire, gotWire map[string]map[string]any
	if err := json.Unmarshal([]byte(sample), &wantWire); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &gotWire); err != nil {
		t.Fatal(err)
	}
	for k, v := range wantWire["containerInstance"] {
		if d := cmp.Diff(v, gotWire["containerInstance"][k]); d != "" {
			t.Errorf("wire member %s (-sample +got):\n%s", k, d)
		}
	}
}

// TestUpdateContainerAgentRefusals has one case per exception the API reference lists
// for UpdateContainerAgent (ServerException only for the exhausted version
// counter and a broken catalog), and for each documented precondition.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html#API_UpdateContainerAgent_Errors
func TestUpdateContainerAgentRefusals(t *testing.T) {
	long := testAccount.ContainerInstanceARN(seedCluster, seedInstance)
	cases := []struct {
		name    string
		req     model.UpdateContainerAgentRequest
		edit    func(*model.ContainerInstance)
		catalog *Catalog
		code    ecserrors.Code
		words   string // must appear in the message
	}{
		{name: "containerInstance missing", req: model.UpdateContainerAgentRequest{Cluster: seedCluster}, code: ecserrors.CodeInvalidParameter, words: "containerInstance is required"},
		{name: "containerInstance malformed", req: model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: "not-an-id"}, code: ecserrors.CodeInvalidParameter, words: "not-an-id"},
		{name: "containerInstance is a task ARN", req: model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: testAccount.TaskARN(seedCluster, seedInstance)}, code: ecserrors.CodeInvalidParameter, words: "task ARN"},
		{name: "cluster malformed", req: model.UpdateContainerAgentRequest{Cluster: "no such/name", ContainerInstance: seedInstance}, code: ecserrors.CodeInvalidParameter, words: "no such/name"},
		{name: "ARN names another cluster", req: model.UpdateContainerAgentRequest{Cluster: "other", ContainerInstance: long}, code: ecserrors.CodeInvalidParameter, words: "belongs to cluster update"},
		{name: "default cluster does not exist", req: model.UpdateContainerAgentRequest{ContainerInstance: seedInstance}, code: ecserrors.CodeClusterNotFound, words: "default"},
		{name: "unknown cluster", req: model.UpdateContainerAgentRequest{Cluster: "nope", ContainerInstance: seedInstance}, code: ecserrors.CodeClusterNotFound, words: "nope"},
		{name: "INACTIVE cluster", req: model.UpdateContainerAgentRequest{Cluster: "gone", ContainerInstance: seedInstance}, code: ecserrors.CodeClusterNotFound, words: "gone"},
		{name: "instance in another cluster", req: model.UpdateContainerAgentRequest{Cluster: "other", ContainerInstance: seedInstance}, code: ecserrors.CodeInvalidParameter, words: "not found in cluster other"},
		{name: "instance INACTIVE", edit: func(ci *model.ContainerInstance) { ci.Status = model.ContainerInstanceStatusInactive }, code: ecserrors.CodeInvalidParameter, words: "not found"},
		{name: "instance REGISTERING", edit: func(ci *model.ContainerInstance) { ci.Status = model.ContainerInstanceStatusRegistering }, code: ecserrors.CodeInvalidParameter, words: "REGISTERING"},
		{name: "instance DEREGISTERING", edit: func(ci *model.ContainerInstance) { ci.Status = model.ContainerInstanceStatusDeregistering }, code: ecserrors.CodeInvalidParameter, words: "DEREGISTERING"},
		{name: "instance REGISTRATION_FAILED", edit: func(ci *model.ContainerInstance) { ci.Status = model.ContainerInstanceStatusRegistrationFailed }, code: ecserrors.CodeInvalidParameter, words: "REGISTRATION_FAILED"},
		{name: "update PENDING", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "PENDING" }, code: ecserrors.CodeUpdateInProgress, words: "PENDING"},
		{name: "update STAGING", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "STAGING" }, code: ecserrors.CodeUpdateInProgress, words: "STAGING"},
		{name: "update STAGED", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "STAGED" }, code: ecserrors.CodeUpdateInProgress, words: "STAGED"},
		{name: "update UPDATING", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "UPDATING" }, code: ecserrors.CodeUpdateInProgress, words: "UPDATING"},
		{name: "in progress beats Windows", edit: func(ci *model.ContainerInstance) {
			ci.AgentUpdateStatus = "STAGING"
			setAttr(ci, model.AttributeOSType, "windows")
		}, code: ecserrors.CodeUpdateInProgress},
		{name: "in progress beats missing version", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "UPDATING"; ci.VersionInfo = nil }, code: ecserrors.CodeUpdateInProgress},
		{name: "Windows by os-type", edit: func(ci *model.ContainerInstance) { setAttr(ci, model.AttributeOSType, "windows") }, code: ecserrors.CodeClient, words: "Windows"},
		{name: "Windows by os-family", edit: func(ci *model.ContainerInstance) { setAttr(ci, model.AttributeOSFamily, "WINDOWS_SERVER_2022_FULL") }, code: ecserrors.CodeClient, words: "Windows"},
		{name: "arm64", edit: func(ci *model.ContainerInstance) { setAttr(ci, model.AttributeCPUArchitecture, "arm64") }, code: ecserrors.CodeClient, words: "Arm"},
		{name: "external instance has no ecs-init", edit: func(ci *model.ContainerInstance) { setAttr(ci, model.AttributeExternal, "") }, code: ecserrors.CodeClient, words: "ecs-init"},
		{name: "platform beats missing version", edit: func(ci *model.ContainerInstance) {
			setAttr(ci, model.AttributeCPUArchitecture, "arm64")
			ci.VersionInfo = nil
		}, code: ecserrors.CodeClient},
		{name: "no versionInfo", edit: func(ci *model.ContainerInstance) { ci.VersionInfo = nil }, code: ecserrors.CodeMissingVersion, words: "no agent version"},
		{name: "empty agentVersion", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "" }, code: ecserrors.CodeMissingVersion},
		{name: "custom agent build", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "1.1.0-dev" }, code: ecserrors.CodeMissingVersion, words: `"1.1.0-dev"`},
		{name: "two-part version", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "1.1" }, code: ecserrors.CodeMissingVersion},
		{name: "missing version beats up to date", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "v1.2.0" }, code: ecserrors.CodeMissingVersion},
		{name: "already latest", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "1.2.0" }, code: ecserrors.CodeNoUpdateAvailable, words: "already runs agent 1.2.0"},
		{name: "newer than latest", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "1.10.0" }, code: ecserrors.CodeNoUpdateAvailable},
		{name: "too old for an update path", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "0.0.3" }, code: ecserrors.CodeNoUpdateAvailable, words: "no update path"},
		{name: "version counter exhausted", edit: func(ci *model.ContainerInstance) { ci.Version = math.MaxInt64 }, code: ecserrors.CodeServer},
		{name: "broken catalog", catalog: &Catalog{Latest: "latest"}, code: ecserrors.CodeServer, words: "catalog"},
		{name: "catalog upside down", catalog: &Catalog{Latest: "1.0.0", OldestUpdatable: "1.1.0"}, code: ecserrors.CodeServer, words: "catalog"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			if req == (model.UpdateContainerAgentRequest{}) {
				req = model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: seedInstance}
			}
			cat := seedCatalog
			if tc.catalog != nil {
				cat = *tc.catalog
			}
			resp, err := UpdateContainerAgent(req, seedState(tc.edit), cat, testNow)
			if err == nil {
				t.Fatalf("got %+v, want %s", resp.ContainerInstance, tc.code)
			}
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *ecserrors.Error", err)
			}
			if e.Code() != tc.code {
				t.Errorf("code %s (%s), want %s", e.Code(), e.Message(), tc.code)
			}
			if !strings.Contains(e.Message(), tc.words) {
				t.Errorf("message %q does not say %q", e.Message(), tc.words)
			}
			if resp.ContainerInstance != nil {
				t.Errorf("a refusal returned an instance")
			}
		})
	}
}

// TestUpdateContainerAgentAccepts covers the requests ECS accepts beyond the
// API reference example: every way of naming the cluster and the instance, and every
// status from which a new update may start.
func TestUpdateContainerAgentAccepts(t *testing.T) {
	cases := []struct {
		name string
		req  model.UpdateContainerAgentRequest
		edit func(*model.ContainerInstance)
	}{
		{name: "cluster ARN", req: model.UpdateContainerAgentRequest{Cluster: testAccount.ClusterARN(seedCluster), ContainerInstance: seedInstance}},
		{name: "long-form instance ARN", req: model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: testAccount.ContainerInstanceARN(seedCluster, seedInstance)}},
		{name: "old-form instance ARN", req: model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: "arn:aws:ecs:us-west-2:012345678910:container-instance/" + seedInstance}},
		{name: "after UPDATED", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "UPDATED" }},
		{name: "after FAILED", edit: func(ci *model.ContainerInstance) { ci.AgentUpdateStatus = "FAILED" }},
		{name: "DRAINING", edit: func(ci *model.ContainerInstance) { ci.Status = model.ContainerInstanceStatusDraining }},
		{name: "agent disconnected", edit: func(ci *model.ContainerInstance) { ci.AgentConnected = false }},
		{name: "oldest updatable version", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "1.0.0" }},
		{name: "one patch behind", edit: func(ci *model.ContainerInstance) { ci.VersionInfo.AgentVersion = "1.1.9" }},
		{name: "no os attributes", edit: func(ci *model.ContainerInstance) { ci.Attributes = nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			if req == (model.UpdateContainerAgentRequest{}) {
				req = model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: seedInstance}
			}
			before := seedInstanceRecord()
			if tc.edit != nil {
				tc.edit(&before)
			}
			resp, err := UpdateContainerAgent(req, seedState(tc.edit), seedCatalog, testNow)
			if err != nil {
				t.Fatalf("UpdateContainerAgent: %v", err)
			}
			want := before
			want.AgentUpdateStatus = model.AgentUpdateStatusPending
			want.Version = before.Version + 1
			if d := cmp.Diff(&want, resp.ContainerInstance); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestUpdateContainerAgentDefaultCluster(t *testing.T) {
	ci := seedInstanceRecord()
	ci.ContainerInstanceARN = testAccount.ContainerInstanceARN("default", seedInstance)
	st := NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterARN: testAccount.ClusterARN("default"), Status: model.ClusterStatusActive}, Instances: []model.ContainerInstance{ci}})
	resp, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{ContainerInstance: seedInstance}, st, seedCatalog, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContainerInstance.ContainerInstanceARN != ci.ContainerInstanceARN || resp.ContainerInstance.AgentUpdateStatus != model.AgentUpdateStatusPending {
		t.Errorf("got %s %s", resp.ContainerInstance.ContainerInstanceARN, resp.ContainerInstance.AgentUpdateStatus)
	}
	if _, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{ContainerInstance: seedInstance}, nil, seedCatalog, testNow); ecserrors.CodeOf(err) != ecserrors.CodeClusterNotFound {
		t.Errorf("nil state: %v, want ClusterNotFoundException", err)
	}
}

// TestUpdateContainerAgentResultSharesNoMemory checks that editing the
// response cannot reach back into the caller's state.
func TestUpdateContainerAgentResultSharesNoMemory(t *testing.T) {
	st := seedState(nil)
	resp, err := UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: seedCluster, ContainerInstance: seedInstance}, st, seedCatalog, testNow)
	if err != nil {
		t.Fatal(err)
	}
	resp.ContainerInstance.VersionInfo.AgentVersion = "9.9.9"
	resp.ContainerInstance.Attributes[0].Value = "changed"
	resp.ContainerInstance.RemainingResources[2].StringSetValue[0] = "changed"
	again, _ := st.ContainerInstance(seedCluster, seedInstance)
	if d := cmp.Diff(seedInstanceRecord(), again); d != "" {
		t.Errorf("state changed through the response (-want +got):\n%s", d)
	}
}

func TestParseAgentVersion(t *testing.T) {
	good := map[string]AgentVersion{"1.0.0": {1, 0, 0}, "1.87.0": {1, 87, 0}, "0.0.3": {0, 0, 3}, "10.200.3000": {10, 200, 3000}, "01.2.3": {1, 2, 3}}
	for s, want := range good {
		got, ok := ParseAgentVersion(s)
		if !ok || got != want {
			t.Errorf("ParseAgentVersion(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "1", "1.2", "1.2.3.4", "v1.2.3", "1.2.3-dev", "1.2.x", "1..3", "-1.2.3", "+1.2.3", "1.2.3 ", "1234567890.0.0", "１.2.3"} {
		if v, ok := ParseAgentVersion(s); ok {
			t.Errorf("ParseAgentVersion(%q) = %v, want not ECS versioning", s, v)
		}
	}
	order := []string{"0.0.3", "1.0.0", "1.0.9", "1.1.0", "1.9.0", "1.10.0", "2.0.0"}
	for i := range order {
		for j := range order {
			a, _ := ParseAgentVersion(order[i])
			b, _ := ParseAgentVersion(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%s vs %s: %d, want %d", order[i], order[j], got, want)
			}
		}
	}
}
