package ecsstate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// wireCall is one ECS operation as a client sends it, and the same
// operation made directly on a world.
type wireCall struct {
	op     string
	body   any
	direct func(w *World) (any, error)
}

// drawCall draws an operation on the endpoint fixture's cluster, valid or
// not (unknown services, task definitions and tasks, out-of-range counts).
func drawCall(t *rapid.T, taskARNs []string) wireCall {
	svc := rapid.SampledFrom([]string{"web", "api", "nope"}).Draw(t, "service")
	td := rapid.SampledFrom([]string{"web", "web:1", "web:2", "web:9", "other"}).Draw(t, "taskDefinition")
	switch rapid.IntRange(0, 7).Draw(t, "op") {
	case 0:
		req := model.CreateServiceRequest{Cluster: "prod", ServiceName: svc, TaskDefinition: td, DesiredCount: model.Int32(rapid.Int32Range(-1, 8).Draw(t, "desired"))}
		return wireCall{"CreateService", req, func(w *World) (any, error) { return w.CreateService(req) }}
	case 1:
		req := model.UpdateServiceRequest{Cluster: "prod", Service: svc}
		if rapid.Bool().Draw(t, "setDesired") {
			req.DesiredCount = model.Int32(rapid.Int32Range(-1, 8).Draw(t, "desired"))
		}
		if rapid.Bool().Draw(t, "setTaskDefinition") {
			req.TaskDefinition = td
		}
		return wireCall{"UpdateService", req, func(w *World) (any, error) { return w.UpdateService(req) }}
	case 2:
		req := model.DescribeServicesRequest{Cluster: "prod", Services: []string{svc, "web"}}
		return wireCall{"DescribeServices", req, func(w *World) (any, error) { return w.DescribeServices(req) }}
	case 3:
		req := model.RunTaskRequest{Cluster: "prod", TaskDefinition: td, Count: model.Int32(rapid.Int32Range(0, 11).Draw(t, "count"))}
		return wireCall{"RunTask", req, func(w *World) (any, error) { return w.RunTask(req) }}
	case 4:
		task := "0123456789abcdef0123456789abcdef"
		if len(taskARNs) > 0 && rapid.Bool().Draw(t, "knownTask") {
			task = rapid.SampledFrom(taskARNs).Draw(t, "task")
		}
		req := model.StopTaskRequest{Cluster: "prod", Task: task, Reason: "test"}
		return wireCall{"StopTask", req, func(w *World) (any, error) { return w.StopTask(req) }}
	case 5:
		req := model.ListTasksRequest{Cluster: "prod", MaxResults: model.Int32(rapid.Int32Range(0, 101).Draw(t, "max"))}
		return wireCall{"ListTasks", req, func(w *World) (any, error) { return w.ListTasks(req) }}
	case 6:
		req := model.DeleteServiceRequest{Cluster: "prod", Service: svc, Force: new(rapid.Bool().Draw(t, "force"))}
		return wireCall{"DeleteService", req, func(w *World) (any, error) { return w.DeleteService(req) }}
	default:
		req := model.DescribeTasksRequest{Cluster: "prod", Tasks: append([]string{"nope"}, taskARNs[:min(3, len(taskARNs))]...)}
		return wireCall{"DescribeTasks", req, func(w *World) (any, error) { return w.DescribeTasks(req) }}
	}
}

// The handler is the world on the wire: for random sequences of ECS
// operations (valid and not) and time moves, every answer the handler
// gives equals, member for member, what the same call on an identical
// world gives directly: the response encoded as JSON, or the exception's
// code, message and status.
func TestHandlerIsTheWorldOnTheWire(t *testing.T) {
	base := endpointWorld(t)
	rapid.Check(t, func(t *rapid.T) {
		direct := base.Clone()
		h := NewHandler(base.Clone(), HandlerOptions{})
		var taskARNs []string
		for i := range rapid.IntRange(1, 25).Draw(t, "calls") {
			if rapid.IntRange(0, 3).Draw(t, "advance") == 0 {
				d := time.Duration(rapid.IntRange(1, 120).Draw(t, "seconds")) * time.Second
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("POST", fmt.Sprintf("/_ecsstate/advance?d=%s", d), nil))
				if rec.Code != 200 {
					t.Fatalf("advance: %s", rec.Body)
				}
				if err := direct.Advance(d); err != nil {
					t.Fatal(err)
				}
			}
			c := drawCall(t, taskARNs)
			body, _ := json.Marshal(c.body)
			rec := ecs(h, c.op, string(body))
			want, err := c.direct(direct)
			if err != nil {
				var ee *ecserrors.Error
				if !errors.As(err, &ee) {
					t.Fatalf("%d %s: the world's error is not an ECS exception: %v", i, c.op, err)
				}
				var got struct {
					Type    string `json:"__type"`
					Message string `json:"message"`
				}
				json.Unmarshal(rec.Body.Bytes(), &got)
				if rec.Code != ee.HTTPStatus() || got.Type != string(ee.Code()) || got.Message != ee.Message() {
					t.Fatalf("%d %s %s: handler %d %s, world %v", i, c.op, body, rec.Code, rec.Body, err)
				}
				continue
			}
			if rec.Code != 200 {
				t.Fatalf("%d %s %s: handler %d %s, world succeeded", i, c.op, body, rec.Code, rec.Body)
			}
			wantJSON, _ := json.Marshal(want)
			var g, w any
			json.Unmarshal(rec.Body.Bytes(), &g)
			json.Unmarshal(wantJSON, &w)
			if diff := cmp.Diff(w, g); diff != "" {
				t.Fatalf("%d %s %s: (-world +handler)\n%s", i, c.op, body, diff)
			}
			if r, ok := want.(model.RunTaskResponse); ok {
				for _, task := range r.Tasks {
					taskARNs = append(taskARNs, task.TaskARN)
				}
			}
		}
	})
}
