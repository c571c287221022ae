package model_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/model"
)

// asMap decodes a JSON object generically, so two bodies can be compared
// key for key whatever their member order.
func asMap(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return m
}

// reencode decodes body into a fresh T and encodes it again.
func reencode[T any](t *testing.T, body string) (T, []byte) {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return v, out
}

// The sample request and response of the UpdateService API reference
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
const (
	seedUpdateServiceRequest  = `{ "service": "hello_world", "desiredCount": 3 }`
	seedUpdateServiceResponse = `{ "service": { "clusterArn": "arn:aws:ecs:us-east-1:012345678910:cluster/default", "deploymentConfiguration": { "maximumPercent": 200, "minimumHealthyPercent": 100 }, "deployments": [ { "createdAt": 1430333711.033, "desiredCount": 3, "id": "ecs-svc/9223370606521064774", "pendingCount": 0, "runningCount": 0, "status": "PRIMARY", "taskDefinition": "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:10", "updatedAt": 1430336267.173 } ], "desiredCount": 3, "events": [], "loadBalancers": [], "pendingCount": 0, "runningCount": 0, "serviceArn": "arn:aws:ecs:us-east-1:012345678910:service/hello_world", "serviceName": "hello_world", "status": "ACTIVE", "taskDefinition": "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:10" } }`
)

func TestSeedUpdateServiceSampleRoundTripsKeyForKey(t *testing.T) {
	req, out := reencode[model.UpdateServiceRequest](t, seedUpdateServiceRequest)
	if req.Service != "hello_world" || req.DesiredCount == nil || *req.DesiredCount != 3 {
		t.Fatalf("decoded request %+v", req)
	}
	if diff := cmp.Diff(asMap(t, []byte(seedUpdateServiceRequest)), asMap(t, out)); diff != "" {
		t.Errorf("request re-encoding (-seed +ours):\n%s", diff)
	}
	if err := req.Validate(); err != nil {
		t.Errorf("sample request rejected: %v", err)
	}

	resp, out := reencode[model.UpdateServiceResponse](t, seedUpdateServiceResponse)
	if diff := cmp.Diff(asMap(t, []byte(seedUpdateServiceResponse)), asMap(t, out)); diff != "" {
		t.Errorf("response re-encoding (-seed +ours):\n%s", diff)
	}
	s := resp.Service
	d := s.Deployments[0]
	want := time.Date(2015, 4, 29, 18, 55, 11, 33e6, time.UTC)
	if !d.CreatedAt.Equal(want) {
		t.Errorf("createdAt = %v, want %v", d.CreatedAt, want)
	}
	if d.Status != model.DeploymentStatusPrimary || s.Status != model.ServiceStatusActive ||
		*s.DeploymentConfiguration.MaximumPercent != 200 || *s.DeploymentConfiguration.MinimumHealthyPercent != 100 {
		t.Errorf("decoded service %+v", s)
	}
	if s.Events == nil || len(s.Events) != 0 || s.LoadBalancers == nil {
		t.Errorf("empty lists must stay empty, not absent: events %#v loadBalancers %#v", s.Events, s.LoadBalancers)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("sample service rejected: %v", err)
	}
}

// TestUpdateServiceRequestKeepsAbsentZeroAndEmptyApart: the distinctions
// UpdateService gives meaning to survive a decode and re-encode exactly as
// an AWS SDK serialises them.
func TestUpdateServiceRequestKeepsAbsentZeroAndEmptyApart(t *testing.T) {
	bodies := []string{
		`{"service":"web"}`,
		`{"service":"web","desiredCount":0}`,
		`{"service":"web","placementConstraints":[]}`,
		`{"service":"web","placementStrategy":[],"capacityProviderStrategy":[],"loadBalancers":[],"serviceRegistries":[]}`,
		`{"service":"web","forceNewDeployment":false,"enableExecuteCommand":false}`,
		`{"service":"web","healthCheckGracePeriodSeconds":0,"deploymentConfiguration":{}}`,
		`{"service":"web","deploymentConfiguration":{"deploymentCircuitBreaker":{"enable":false,"rollback":false},"maximumPercent":0}}`,
		`{"service":"web","capacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1}]}`,
		`{"service":"web","serviceConnectConfiguration":{"enabled":true,"namespace":"ns","services":[{"portName":"http"}]}}`,
		`{"cluster":"prod","service":"web","taskDefinition":"web:7","networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-1"],"assignPublicIp":"DISABLED"}}}`,
	}
	for _, body := range bodies {
		_, out := reencode[model.UpdateServiceRequest](t, body)
		if diff := cmp.Diff(asMap(t, []byte(body)), asMap(t, out)); diff != "" {
			t.Errorf("%s (-in +out):\n%s", body, diff)
		}
	}
	var absent, empty model.UpdateServiceRequest
	json.Unmarshal([]byte(bodies[0]), &absent)
	json.Unmarshal([]byte(bodies[2]), &empty)
	if absent.PlacementConstraints != nil || empty.PlacementConstraints == nil || len(empty.PlacementConstraints) != 0 {
		t.Errorf("absent and empty placementConstraints must decode differently: %#v vs %#v", absent.PlacementConstraints, empty.PlacementConstraints)
	}
}

// The sample of the UpdateContainerAgent API reference and a
// response carrying every member of its response syntax.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
const (
	seedUpdateContainerAgentRequest  = `{ "cluster": "update", "containerInstance": "53ac7152-dcd1-4102-81f5-208962864132" }`
	seedUpdateContainerAgentResponse = `{ "containerInstance": {
		"agentConnected": true, "agentUpdateStatus": "PENDING",
		"attachments": [ { "details": [ { "name": "networkInterfaceId", "value": "eni-0123" } ], "id": "a1b2", "status": "ATTACHED", "type": "awsvpc-trunk" } ],
		"attributes": [ { "name": "ecs.availability-zone", "value": "us-west-2a" }, { "name": "ecs.capability.privileged-container" } ],
		"capacityProviderName": "asg-provider",
		"containerInstanceArn": "arn:aws:ecs:us-west-2:012345678910:container-instance/53ac7152-dcd1-4102-81f5-208962864132",
		"ec2InstanceId": "i-f3c1de3a",
		"healthStatus": { "details": [ { "lastStatusChange": 1432826874.5, "lastUpdated": 1432826874.512, "status": "OK", "type": "CONTAINER_RUNTIME" } ], "overallStatus": "OK" },
		"pendingTasksCount": 0, "registeredAt": 1432826874,
		"registeredResources": [ { "doubleValue": 0, "integerValue": 2048, "longValue": 0, "name": "CPU", "type": "INTEGER" }, { "doubleValue": 0, "integerValue": 3955, "longValue": 0, "name": "MEMORY", "type": "INTEGER" }, { "doubleValue": 0, "integerValue": 0, "longValue": 0, "name": "PORTS", "stringSetValue": [ "2376", "22", "51678", "2375" ], "type": "STRINGSET" } ],
		"remainingResources": [ { "doubleValue": 0, "integerValue": 2048, "longValue": 0, "name": "CPU", "type": "INTEGER" }, { "doubleValue": 0, "integerValue": 3955, "longValue": 0, "name": "MEMORY", "type": "INTEGER" }, { "doubleValue": 0, "integerValue": 0, "longValue": 0, "name": "PORTS", "stringSetValue": [ "2376", "22", "51678", "2375" ], "type": "STRINGSET" } ],
		"runningTasksCount": 0, "status": "ACTIVE", "statusReason": "", "tags": [ { "key": "team", "value": "platform" } ], "version": 5,
		"versionInfo": { "agentHash": "4023248", "agentVersion": "1.0.0", "dockerVersion": "DockerVersion: 1.5.0" } } }`
)

func TestSeedUpdateContainerAgentSampleRoundTrips(t *testing.T) {
	req, out := reencode[model.UpdateContainerAgentRequest](t, seedUpdateContainerAgentRequest)
	if diff := cmp.Diff(asMap(t, []byte(seedUpdateContainerAgentRequest)), asMap(t, out)); diff != "" {
		t.Errorf("request (-seed +ours):\n%s", diff)
	}
	if id, cluster, err := model.ResolveContainerInstance(req.ContainerInstance); err != nil || id != "53ac7152-dcd1-4102-81f5-208962864132" || cluster != "" {
		t.Errorf("ResolveContainerInstance = %q %q %v", id, cluster, err)
	}

	resp, out := reencode[model.UpdateContainerAgentResponse](t, seedUpdateContainerAgentResponse)
	in := asMap(t, []byte(seedUpdateContainerAgentResponse))
	// ECS sends statusReason "" where it has none; the empty string and the
	// absent member decode to the same value in every AWS SDK, so we omit it.
	delete(in["containerInstance"].(map[string]any), "statusReason")
	if diff := cmp.Diff(in, asMap(t, out)); diff != "" {
		t.Errorf("response (-seed +ours):\n%s", diff)
	}
	ci := resp.ContainerInstance
	if ci.AgentUpdateStatus != model.AgentUpdateStatusPending || ci.VersionInfo.AgentVersion != "1.0.0" || ci.AvailabilityZone() != "us-west-2a" {
		t.Errorf("decoded instance %+v", ci)
	}
	if rem := ci.Remaining(); rem.CPU != 2048 || rem.Memory != 3955 || !cmp.Equal(rem.TCPPorts, []int32{22, 2375, 2376, 51678}) {
		t.Errorf("remaining = %+v", rem)
	}
	if err := ci.Validate(); err != nil {
		t.Errorf("sample instance rejected: %v", err)
	}
}

// TestCLIOutputDecodesLikeTheWireBody: `aws ecs describe-services` prints
// timestamps as ISO-8601 strings; they decode to the instants the API's
// epoch numbers give.
func TestCLIOutputDecodesLikeTheWireBody(t *testing.T) {
	wire := `{"services":[{"serviceName":"web","createdAt":1430333711.033,"deployments":[{"id":"ecs-svc/1","updatedAt":1430336267}]}],"failures":[]}`
	cli := `{"services":[{"serviceName":"web","createdAt":"2015-04-29T11:55:11.033000-07:00","deployments":[{"id":"ecs-svc/1","updatedAt":"2015-04-29T19:37:47+00:00"}]}],"failures":[]}`
	var a, b model.DescribeServicesResponse
	if err := json.Unmarshal([]byte(wire), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(cli), &b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("CLI form decodes differently (-wire +cli):\n%s", diff)
	}
}
