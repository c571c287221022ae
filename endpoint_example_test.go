package ecsstate_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/ecsstate/ecsstate"
)

// Serve a world as an ECS endpoint and call it as an AWS SDK does: a POST
// with the operation in X-Amz-Target and the request as JSON. In a
// program, http.ListenAndServe("127.0.0.1:4566", h) serves it to the AWS
// CLI (--endpoint-url http://127.0.0.1:4566) and SDKs (BaseEndpoint).
func ExampleHandler() {
	h := ecsstate.NewHandler(ecsstate.New(ecsstate.Options{}), ecsstate.HandlerOptions{})
	call := func(op, body string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", ecsstate.TargetPrefix+op)
		r.Header.Set("Content-Type", ecsstate.ContentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code, rec.Body)
	}
	call("CreateCluster", `{"clusterName":"prod"}`)
	call("ListClusters", `{}`)
	call("DescribeServices", `{"cluster":"staging","services":["web"]}`)
	call("LaunchRockets", `{}`)

	// Time moves through the control API (or follows a clock, see
	// HandlerOptions.Clock).
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/_ecsstate/advance?d=90s", nil))
	fmt.Println(rec.Code, rec.Body)
	// Output:
	// 200 {"cluster":{"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/prod","clusterName":"prod","status":"ACTIVE","registeredContainerInstancesCount":0,"runningTasksCount":0,"pendingTasksCount":0,"activeServicesCount":0}}
	// 200 {"clusterArns":["arn:aws:ecs:us-east-1:123456789012:cluster/prod"]}
	// 400 {"__type":"ClusterNotFoundException","message":"Cluster not found."}
	// 400 {"__type":"com.amazon.coral.service#UnknownOperationException","message":"X-Amz-Target \"AmazonEC2ContainerServiceV20141113.LaunchRockets\" names no ECS operation."}
	// 200 {"now":"2026-01-01T00:01:30Z","timelineSeq":1}
}
