package ecsstate

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

func loadBody(h http.Handler, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/_ecsstate/load", strings.NewReader(body)))
	return rec
}

type loadAnswer struct {
	Now      time.Time `json:"now"`
	Warnings []string  `json:"warnings"`
}

// The AWS CLI's describe output of a real service (the plan example's
// sample, account 123456789012 in eu-west-1: service web, 4 tasks of web:7,
// six instances) loads into the endpoint; the endpoint then answers for
// that account, and an UpdateService to web:8 rolls out to a steady state.
func TestHandlerLoadCLIOutput(t *testing.T) {
	var body strings.Builder
	for _, f := range []string{"services.json", "container-instances.json", "tasks.json", "task-definition-web-7.json", "task-definition-web-8.json"} {
		b, err := os.ReadFile(filepath.Join("examples", "plan", "sample", f))
		if err != nil {
			t.Fatal(err)
		}
		body.Write(b) // documents one after the other, as `cat` gives them
	}
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	rec := loadBody(h, body.String())
	if rec.Code != 200 {
		t.Fatalf("load: %d %s", rec.Code, rec.Body)
	}
	var ans loadAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
		t.Fatal(err)
	}
	t.Logf("warnings: %q", ans.Warnings)

	var ds model.DescribeServicesResponse
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &ds)
	if len(ds.Services) != 1 || ds.Services[0].ServiceARN != "arn:aws:ecs:eu-west-1:123456789012:service/prod/web" || ds.Services[0].RunningCount != 4 {
		t.Fatalf("loaded service: %+v", ds)
	}
	// The demo world the handler was made with is gone.
	if rec := ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`); !strings.Contains(rec.Body.String(), "eu-west-1") {
		t.Errorf("answers for another account: %s", rec.Body)
	}
	if rec := ecs(h, "UpdateService", `{"cluster":"prod","service":"web","taskDefinition":"web:8"}`); rec.Code != 200 {
		t.Fatalf("UpdateService: %d %s", rec.Code, rec.Body)
	}
	s := decodeState(t, control(h, "POST", "/_ecsstate/run-until-steady"))
	if s.Steady == nil || !*s.Steady {
		t.Fatalf("not steady: %+v", s)
	}
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &ds)
	if svc := ds.Services[0]; svc.RunningCount != 4 || len(svc.Deployments) != 1 || !strings.HasSuffix(svc.Deployments[0].TaskDefinition, "web:8") {
		t.Errorf("after the rollout: running %d, deployments %+v", svc.RunningCount, svc.Deployments)
	}
	// Reset returns to the loaded world, not to the demo one.
	decodeState(t, control(h, "POST", "/_ecsstate/reset"))
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &ds)
	if svc := ds.Services[0]; !strings.HasSuffix(svc.TaskDefinition, "web:7") || !strings.Contains(svc.ServiceARN, "eu-west-1") {
		t.Errorf("after reset: %s %s", svc.ServiceARN, svc.TaskDefinition)
	}
}

// What one endpoint describes, another loads: the services, tasks and
// instances come back the same (a JSON array of documents this time).
func TestHandlerLoadRoundTrip(t *testing.T) {
	a := NewHandler(endpointWorld(t), HandlerOptions{})
	decodeState(t, control(a, "POST", "/_ecsstate/run-until-steady"))
	decodeState(t, control(a, "POST", "/_ecsstate/advance?d=2m"))
	get := func(op, body string) json.RawMessage {
		rec := ecs(a, op, body)
		if rec.Code != 200 {
			t.Fatalf("%s: %s", op, rec.Body)
		}
		return json.RawMessage(rec.Body.Bytes())
	}
	var lt model.ListTasksResponse
	json.Unmarshal(get("ListTasks", `{"cluster":"prod"}`), &lt)
	var lc model.ListContainerInstancesResponse
	json.Unmarshal(get("ListContainerInstances", `{"cluster":"prod"}`), &lc)
	tasksReq, _ := json.Marshal(model.DescribeTasksRequest{Cluster: "prod", Tasks: lt.TaskARNs})
	instReq, _ := json.Marshal(model.DescribeContainerInstancesRequest{Cluster: "prod", ContainerInstances: lc.ContainerInstanceARNs})
	docs := []json.RawMessage{
		get("DescribeClusters", `{"clusters":["prod"]}`),
		get("DescribeContainerInstances", string(instReq)),
		get("DescribeTaskDefinition", `{"taskDefinition":"web:1"}`),
		get("DescribeTaskDefinition", `{"taskDefinition":"web:2"}`),
		get("DescribeServices", `{"cluster":"prod","services":["web"]}`),
		get("DescribeTasks", string(tasksReq)),
	}
	body, _ := json.Marshal(docs)

	b := NewHandler(New(Options{Seed: 99}), HandlerOptions{})
	rec := loadBody(b, string(body))
	if rec.Code != 200 {
		t.Fatalf("load: %d %s", rec.Code, rec.Body)
	}
	var ans loadAnswer
	json.Unmarshal(rec.Body.Bytes(), &ans)
	if len(ans.Warnings) != 0 {
		t.Errorf("warnings loading a consistent world: %q", ans.Warnings)
	}
	var before, after model.DescribeTasksResponse
	json.Unmarshal(docs[5], &before)
	json.Unmarshal(ecs(b, "DescribeTasks", string(tasksReq)).Body.Bytes(), &after)
	arns := func(r model.DescribeTasksResponse) (out []string) {
		for _, task := range r.Tasks {
			out = append(out, task.TaskARN+" "+string(task.LastStatus)+" "+task.ContainerInstanceARN)
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff(arns(before), arns(after)); diff != "" {
		t.Errorf("tasks (-described +loaded):\n%s", diff)
	}
	var sb, sa model.DescribeServicesResponse
	json.Unmarshal(docs[4], &sb)
	json.Unmarshal(ecs(b, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &sa)
	if sb.Services[0].RunningCount != sa.Services[0].RunningCount || sb.Services[0].TaskDefinition != sa.Services[0].TaskDefinition {
		t.Errorf("service: described %d of %s, loaded %d of %s", sb.Services[0].RunningCount, sb.Services[0].TaskDefinition, sa.Services[0].RunningCount, sa.Services[0].TaskDefinition)
	}
}

func TestHandlerLoadErrors(t *testing.T) {
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	for _, tc := range []struct {
		body string
		code ecserrors.Code
	}{
		{``, ecserrors.CodeInvalidParameter},
		{`{"services":[`, CodeSerialization},
		{`{"nothing":1}`, ecserrors.CodeInvalidParameter},
		{`[1]`, ecserrors.CodeInvalidParameter},
		{`{"services":"web"}`, ecserrors.CodeInvalidParameter},
	} {
		rec := loadBody(h, tc.body)
		if code, _, _ := errorBody(t, rec); rec.Code != 400 || code != string(tc.code) {
			t.Errorf("%q: %d %s, want 400 %s", tc.body, rec.Code, code, tc.code)
		}
	}
	// A failed load leaves the world as it was.
	var ds model.DescribeServicesResponse
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &ds)
	if len(ds.Services) != 1 || !strings.Contains(ds.Services[0].ServiceARN, "us-east-1:123456789012") {
		t.Errorf("world after failed loads: %+v", ds)
	}
}

// FuzzHandlerLoad posts arbitrary bodies to the load operation: never a
// panic or a 500; a 200 leaves a world that answers DescribeClusters; an
// error is a JSON error body and leaves the world as it was.
func FuzzHandlerLoad(f *testing.F) {
	for _, name := range []string{"services.json", "tasks.json", "task-definition-web-7.json"} {
		b, err := os.ReadFile(filepath.Join("examples", "plan", "sample", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"clusters":[{"clusterArn":"arn:aws:ecs:us-east-1:1:cluster/a","clusterName":"a"}]},{"services":[]}]`))
	f.Add([]byte(`{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/a/x","lastStatus":"RUNNING","cpu":"-1"}]} {"failures":[]}`))
	base := endpointWorld(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		h := NewHandler(base.Clone(), HandlerOptions{})
		rec := loadBody(h, string(body))
		switch {
		case rec.Code == 200:
			if r := ecs(h, "ListClusters", `{}`); r.Code != 200 {
				t.Fatalf("loaded world: ListClusters %d %s", r.Code, r.Body)
			}
		case rec.Code >= 500:
			t.Fatalf("%d %s", rec.Code, rec.Body)
		default:
			if _, typ, _ := errorBody(t, rec); typ == "" {
				t.Fatalf("error without __type: %s", rec.Body)
			}
			var ds model.DescribeServicesResponse
			json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &ds)
			if len(ds.Services) != 1 {
				t.Fatalf("a failed load changed the world: %+v", ds)
			}
		}
	})
}
