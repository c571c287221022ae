package model_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/model"
)

// The describe-service-deployments and list-service-deployments outputs of
// the AWS CLI reference decode and re-encode key for key.
// https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-service-deployments.html
// https://docs.aws.amazon.com/cli/latest/reference/ecs/list-service-deployments.html
func TestServiceDeploymentShapesWireCompatible(t *testing.T) {
	describe := `{"serviceDeployments":[{
		"serviceDeploymentArn":"arn:aws:ecs:us-east-1:123456789012:service-deployment/example-cluster/example-service/ejGvqq2ilnbKT9qj0vLJe",
		"serviceArn":"arn:aws:ecs:us-east-1:123456789012:service/example-cluster/example-service",
		"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/example-cluster",
		"createdAt":"2024-10-31T08:03:30.917000-04:00","startedAt":"2024-10-31T08:03:32.510000-04:00",
		"finishedAt":"2024-10-31T08:05:04.527000-04:00","updatedAt":"2024-10-31T08:05:04.527000-04:00",
		"sourceServiceRevisions":[],
		"targetServiceRevision":{"arn":"arn:aws:ecs:us-east-1:123456789012:service-revision/example-cluster/example-service/1485800978477494678","requestedTaskCount":1,"runningTaskCount":1,"pendingTaskCount":0},
		"status":"SUCCESSFUL",
		"deploymentConfiguration":{"deploymentCircuitBreaker":{"enable":true,"rollback":true},"maximumPercent":200,"minimumHealthyPercent":100,"alarms":{"alarmNames":[],"rollback":false,"enable":false}},
		"deploymentCircuitBreaker":{"status":"MONITORING_COMPLETE","failureCount":0,"threshold":3},
		"alarms":{"status":"DISABLED"}}],"failures":[]}`
	list := `{"serviceDeployments":[{
		"serviceDeploymentArn":"arn:aws:ecs:us-east-1:123456789012:service-deployment/example-cluster/example-service/ejGvqq2ilnbKT9qj0vLJe",
		"serviceArn":"arn:aws:ecs:us-east-1:123456789012:service/example-cluster/example-service",
		"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/example-cluster",
		"startedAt":"2024-10-31T08:03:32.510000-04:00","createdAt":"2024-10-31T08:03:30.917000-04:00","finishedAt":"2024-10-31T08:05:04.527000-04:00",
		"targetServiceRevisionArn":"arn:aws:ecs:us-east-1:123456789012:service-revision/example-cluster/example-service/1485800978477494678",
		"status":"SUCCESSFUL"}]}`
	wireRoundTrip(t, describe, &model.DescribeServiceDeploymentsResponse{})
	wireRoundTrip(t, list, &model.ListServiceDeploymentsResponse{})
}

func wireRoundTrip[T any](t *testing.T, body string, v *T) {
	t.Helper()
	if err := model.UnmarshalStrict([]byte(body), v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	_ = json.Unmarshal([]byte(body), &want)
	_ = json.Unmarshal(out, &got)
	// ECS's wire protocol sends times as epoch seconds; the CLI prints
	// them in RFC 3339. Compare the instants.
	if d := cmp.Diff(instants(want), instants(got)); d != "" {
		t.Errorf("re-encoding differs (-sent +ours):\n%s", d)
	}
}

func instants(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if strings.HasSuffix(k, "At") {
				var tm model.Time
				b, _ := json.Marshal(e)
				if json.Unmarshal(b, &tm) == nil {
					out[k] = tm.UnixMilli()
					continue
				}
			}
			out[k] = instants(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = instants(e)
		}
		return out
	}
	return v
}
