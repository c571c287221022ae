package ecsstate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// endpointWorld is a small cluster: "prod" with three instances over three
// zones, task definition web:1 and web:2, and service web (3 tasks of
// web:1) created but not yet started.
func endpointWorld(t testing.TB) *World {
	t.Helper()
	w := New(Options{Seed: 7})
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}))
	for _, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		must(w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}}))
	}
	for range 2 {
		must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}}}))
	}
	must(w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(3)}))
	return w
}

// post sends one ECS request to h and returns the recorded answer.
func post(h http.Handler, target, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func ecs(h http.Handler, op, body string) *httptest.ResponseRecorder {
	return post(h, TargetPrefix+op, ContentType, body)
}

// errorBody decodes an AWS JSON 1.1 error body the way the AWS SDK for Go
// v2 does: X-Amzn-ErrorType first, then __type, with any namespace and
// ":" suffix stripped (smithy-go transport/http/protocol/awsjson).
func errorBody(t *testing.T, rec *httptest.ResponseRecorder) (header, bodyType, message string) {
	t.Helper()
	var b struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("error body %q is not JSON: %v", rec.Body, err)
	}
	return rec.Header().Get("X-Amzn-ErrorType"), b.Type, b.Message
}

// The protocol's refusals, each with the status and exception AWS's JSON
// endpoints answer (X-Amz-Target routing, SerializationException for a
// body that does not decode, 413 for an oversized body).
func TestHandlerProtocolErrors(t *testing.T) {
	long := `{"cluster":"` + strings.Repeat("a", DefaultMaxBodyBytes) + `"}`
	tests := []struct {
		name, method, target, ctype, body string
		status                            int
		code                              ecserrors.Code
		bodyType                          string
	}{
		{"unknown operation", "POST", TargetPrefix + "LaunchRockets", ContentType, `{}`, 400, CodeUnknownOperation, "com.amazon.coral.service#UnknownOperationException"},
		{"no target", "POST", "", ContentType, `{}`, 400, CodeUnknownOperation, "com.amazon.coral.service#UnknownOperationException"},
		{"other service's target", "POST", "DynamoDB_20120810.ListTables", ContentType, `{}`, 400, CodeUnknownOperation, "com.amazon.coral.service#UnknownOperationException"},
		{"GET", "GET", TargetPrefix + "ListClusters", ContentType, ``, 404, CodeUnknownOperation, "com.amazon.coral.service#UnknownOperationException"},
		{"text/plain", "POST", TargetPrefix + "ListClusters", "text/plain", `{}`, 404, CodeUnknownOperation, "com.amazon.coral.service#UnknownOperationException"},
		{"no content type", "POST", TargetPrefix + "ListClusters", "", `{}`, 404, CodeUnknownOperation, "com.amazon.coral.service#UnknownOperationException"},
		{"empty body", "POST", TargetPrefix + "ListClusters", ContentType, ``, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"malformed JSON", "POST", TargetPrefix + "ListClusters", ContentType, `{"maxResults":`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"syntax error", "POST", TargetPrefix + "ListClusters", ContentType, `{"maxResults" 1}`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"array", "POST", TargetPrefix + "ListClusters", ContentType, `[]`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"null", "POST", TargetPrefix + "ListClusters", ContentType, `null`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"trailing data", "POST", TargetPrefix + "ListClusters", ContentType, `{} {}`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"wrong member type", "POST", TargetPrefix + "ListClusters", ContentType, `{"maxResults":"ten"}`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"int32 overflow", "POST", TargetPrefix + "ListClusters", ContentType, `{"maxResults":4294967296}`, 400, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"oversized", "POST", TargetPrefix + "DescribeClusters", ContentType, long, 413, CodeSerialization, "com.amazon.coral.service#SerializationException"},
		{"ECS operation the world lacks", "POST", TargetPrefix + "CreateTaskSet", ContentType, `{}`, 400, ecserrors.CodeUnsupportedFeature, "UnsupportedFeatureException"},
		{"world's own exception", "POST", TargetPrefix + "DescribeServices", ContentType, `{"cluster":"nope","services":["web"]}`, 400, ecserrors.CodeClusterNotFound, "ClusterNotFoundException"},
		{"model validation", "POST", TargetPrefix + "ListClusters", ContentType, `{"maxResults":0}`, 400, ecserrors.CodeInvalidParameter, "InvalidParameterException"},
	}
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "/", strings.NewReader(tc.body))
			if tc.target != "" {
				r.Header.Set("X-Amz-Target", tc.target)
			}
			if tc.ctype != "" {
				r.Header.Set("Content-Type", tc.ctype)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d (body %s)", rec.Code, tc.status, rec.Body)
			}
			header, typ, msg := errorBody(t, rec)
			if header != string(tc.code) || typ != tc.bodyType {
				t.Errorf("X-Amzn-ErrorType %q, __type %q; want %q, %q", header, typ, tc.code, tc.bodyType)
			}
			if msg == "" {
				t.Error("empty message")
			}
			if len(msg) > 300 {
				t.Errorf("message of %d bytes: input is not clipped", len(msg))
			}
			if rec.Header().Get("X-Amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId")
			}
			if ct := rec.Header().Get("Content-Type"); ct != ContentType {
				t.Errorf("Content-Type %q", ct)
			}
			// The library's own decoder, which strips the namespace as SDKs
			// do, reads the same code.
			if e, err := ecserrors.Decode(rec.Body.Bytes()); err != nil || e.Code() != tc.code {
				t.Errorf("errors.Decode: %v, %v", e, err)
			}
		})
	}
}

// AWS JSON clients must be able to talk to an older server: members the
// request shape lacks are ignored, and the media types AWS takes for JSON
// are taken.
func TestHandlerTolerates(t *testing.T) {
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	for _, tc := range []struct{ ctype, body string }{
		{ContentType, `{"cluster":"prod","services":["web"],"someFutureMember":{"a":[1,2]}}`},
		{ContentType + "; charset=utf-8", `{"cluster":"prod","services":["web"]}`},
		{"application/x-amz-json-1.0", `{"cluster":"prod","services":["web"]}`},
		{"application/json", " \n{\"cluster\":\"prod\",\"services\":[\"web\"]}\n"},
	} {
		rec := post(h, TargetPrefix+"DescribeServices", tc.ctype, tc.body)
		if rec.Code != 200 {
			t.Fatalf("%s %s: %d %s", tc.ctype, tc.body, rec.Code, rec.Body)
		}
		var resp model.DescribeServicesResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Services) != 1 || resp.Services[0].ServiceName != "web" {
			t.Errorf("%s: %v %+v", tc.body, err, resp)
		}
	}
}

// The handler's answer is the world's answer: the same calls on an
// identical copy of the world, made directly, give the same responses and
// the same exceptions, member for member.
func TestHandlerAnswersAsTheWorld(t *testing.T) {
	w := endpointWorld(t)
	direct := w.Clone()
	h := NewHandler(w, HandlerOptions{})
	calls := []struct {
		op   string
		body string
		call func(body []byte) (any, error)
	}{
		{"DescribeClusters", `{"clusters":["prod","gone"]}`, func(b []byte) (any, error) {
			var r model.DescribeClustersRequest
			json.Unmarshal(b, &r)
			return direct.DescribeClusters(r)
		}},
		{"UpdateService", `{"cluster":"prod","service":"web","taskDefinition":"web:2","desiredCount":4}`, func(b []byte) (any, error) {
			var r model.UpdateServiceRequest
			json.Unmarshal(b, &r)
			return direct.UpdateService(r)
		}},
		{"UpdateService", `{"cluster":"prod","service":"nope"}`, func(b []byte) (any, error) {
			var r model.UpdateServiceRequest
			json.Unmarshal(b, &r)
			return direct.UpdateService(r)
		}},
		{"DescribeServices", `{"cluster":"prod","services":["web"]}`, func(b []byte) (any, error) {
			var r model.DescribeServicesRequest
			json.Unmarshal(b, &r)
			return direct.DescribeServices(r)
		}},
		{"ListContainerInstances", `{"cluster":"prod","maxResults":2}`, func(b []byte) (any, error) {
			var r model.ListContainerInstancesRequest
			json.Unmarshal(b, &r)
			return direct.ListContainerInstances(r)
		}},
		{"RunTask", `{"cluster":"prod","taskDefinition":"web","count":2}`, func(b []byte) (any, error) {
			var r model.RunTaskRequest
			json.Unmarshal(b, &r)
			return direct.RunTask(r)
		}},
	}
	for i, c := range calls {
		rec := ecs(h, c.op, c.body)
		want, err := c.call([]byte(c.body))
		if err != nil {
			code, typ, msg := errorBody(t, rec)
			ee := err.(*ecserrors.Error)
			if rec.Code != ee.HTTPStatus() || code != string(ee.Code()) || typ != string(ee.Code()) || msg != ee.Message() {
				t.Errorf("%d %s: got %d %s %q, want %v", i, c.op, rec.Code, typ, msg, err)
			}
			continue
		}
		if rec.Code != 200 {
			t.Fatalf("%d %s: %d %s", i, c.op, rec.Code, rec.Body)
		}
		wantJSON, _ := json.Marshal(want)
		var got, exp any
		json.Unmarshal(rec.Body.Bytes(), &got)
		json.Unmarshal(wantJSON, &exp)
		if diff := cmp.Diff(exp, got); diff != "" {
			t.Errorf("%d %s: (-world +handler)\n%s", i, c.op, diff)
		}
	}
}

// Every method of World that has the shape of an ECS operation
// (func(model.XRequest) (model.XResponse, error)) is in the dispatch
// table under its name, and the table holds nothing else.
func TestHandlerServesEveryOperation(t *testing.T) {
	wt := reflect.TypeFor[*World]()
	errType := reflect.TypeFor[error]()
	var methods []string
	for i := range wt.NumMethod() {
		m := wt.Method(i)
		ft := m.Type
		if ft.NumIn() != 2 || ft.NumOut() != 2 || ft.Out(1) != errType {
			continue
		}
		in, out := ft.In(1), ft.Out(0)
		if in.PkgPath() != "github.com/ecsstate/ecsstate/model" || in.Name() != m.Name+"Request" || out.Name() != m.Name+"Response" {
			continue
		}
		methods = append(methods, m.Name)
	}
	if diff := cmp.Diff(methods, Operations()); diff != "" {
		t.Errorf("(-World's operations +Handler's)\n%s", diff)
	}
	for _, name := range Operations() {
		if !slices.Contains(ecsOperations, name) {
			t.Errorf("%s is not an ECS operation", name)
		}
	}
}

func TestHandlerRequestIDs(t *testing.T) {
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	seen := map[string]bool{}
	for range 5 {
		id := ecs(h, "ListClusters", `{}`).Header().Get("X-Amzn-RequestId")
		if len(id) != 36 || seen[id] {
			t.Fatalf("request ID %q (seen: %v)", id, seen)
		}
		seen[id] = true
	}
}

// Concurrent clients are served one at a time: every call succeeds, and
// the world counts every RunTask (run with -race).
func TestHandlerConcurrentClients(t *testing.T) {
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	const clients, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for c := range clients {
		wg.Go(func() {
			for i := range each {
				op, body := "DescribeServices", `{"cluster":"prod","services":["web"]}`
				if i%2 == 0 {
					op, body = "RunTask", fmt.Sprintf(`{"cluster":"prod","taskDefinition":"web:1","startedBy":"client-%d"}`, c)
				}
				req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
				req.Header.Set("X-Amz-Target", TargetPrefix+op)
				req.Header.Set("Content-Type", ContentType)
				resp, err := srv.Client().Do(req)
				if err != nil {
					errs <- err
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("%s: %d", op, resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	h.Do(func(w *World) {
		r, err := w.ListTasks(model.ListTasksRequest{Cluster: "prod", MaxResults: model.Int32(100)})
		if err != nil {
			t.Fatal(err)
		}
		for _, arn := range r.TaskARNs {
			d, _ := w.DescribeTasks(model.DescribeTasksRequest{Cluster: "prod", Tasks: []string{arn}})
			if len(d.Tasks) == 1 && strings.HasPrefix(d.Tasks[0].StartedBy, "client-") {
				n++
			}
		}
	})
	if want := clients * ((each + 1) / 2); n != want {
		t.Errorf("%d tasks started by clients, want %d", n, want)
	}
}

func control(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

type stateBody struct {
	Now         time.Time `json:"now"`
	Mode        string    `json:"mode"`
	Speed       float64   `json:"speed"`
	TimelineSeq uint64    `json:"timelineSeq"`
	Steady      *bool     `json:"steady"`
}

func decodeState(t *testing.T, rec *httptest.ResponseRecorder) stateBody {
	t.Helper()
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var s stateBody
	if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Virtual mode: time moves only through the control API; run-until-steady
// stops at the first moment the ServicesStable waiter would succeed.
func TestHandlerControlVirtualTime(t *testing.T) {
	w := endpointWorld(t)
	start := w.Now()
	recs := w.Timeline()
	startSeq := recs[len(recs)-1].Seq
	h := NewHandler(w, HandlerOptions{})
	for range 3 {
		ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`)
	}
	if s := decodeState(t, control(h, "GET", "/_ecsstate/status")); !s.Now.Equal(start) || s.Mode != "virtual" {
		t.Fatalf("requests moved virtual time: %+v", s)
	}
	if s := decodeState(t, control(h, "POST", "/_ecsstate/advance?d=90s")); !s.Now.Equal(start.Add(90 * time.Second)) {
		t.Errorf("advance 90s: now %s", s.Now)
	}
	s := decodeState(t, control(h, "POST", "/_ecsstate/run-until-steady?limit=1h"))
	if s.Steady == nil || !*s.Steady {
		t.Fatalf("not steady: %+v", s)
	}
	var resp model.DescribeServicesResponse
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &resp)
	if svc := resp.Services[0]; svc.RunningCount != 3 || len(svc.Deployments) != 1 {
		t.Errorf("steady service: running %d, %d deployments", svc.RunningCount, len(svc.Deployments))
	}
	// Already steady: run-until-steady does not move time.
	if s2 := decodeState(t, control(h, "POST", "/_ecsstate/run-until-steady")); !s2.Now.Equal(s.Now) {
		t.Errorf("steady world moved from %s to %s", s.Now, s2.Now)
	}

	tl := control(h, "GET", "/_ecsstate/timeline?format=text")
	if tl.Code != 200 || !strings.Contains(tl.Body.String(), "has reached a steady state") {
		t.Errorf("timeline text: %d %s", tl.Code, tl.Body)
	}
	var js struct {
		Records []struct {
			Seq  uint64 `json:"seq"`
			Kind string `json:"kind"`
		} `json:"records"`
	}
	json.Unmarshal(control(h, "GET", "/_ecsstate/timeline?since=3").Body.Bytes(), &js)
	if len(js.Records) == 0 || js.Records[0].Seq != 4 {
		t.Errorf("timeline since 3 starts at %+v", js.Records[:min(1, len(js.Records))])
	}
	if last := js.Records[len(js.Records)-1].Seq; last != s.TimelineSeq {
		t.Errorf("timelineSeq %d, newest record %d", s.TimelineSeq, last)
	}

	if s := decodeState(t, control(h, "POST", "/_ecsstate/reset")); !s.Now.Equal(start) || s.TimelineSeq != startSeq {
		t.Errorf("reset: now %s, want %s; timelineSeq %d", s.Now, start, s.TimelineSeq)
	}
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &resp)
	if resp.Services[0].RunningCount != 0 {
		t.Errorf("reset world runs %d tasks", resp.Services[0].RunningCount)
	}
}

func TestHandlerControlErrors(t *testing.T) {
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	for _, tc := range []struct {
		method, path string
		status       int
		code         ecserrors.Code
	}{
		{"POST", "/_ecsstate/advance?d=soon", 400, ecserrors.CodeInvalidParameter},
		{"POST", "/_ecsstate/advance?d=-1s", 400, ecserrors.CodeInvalidParameter},
		{"POST", "/_ecsstate/advance?d=10000h", 400, ecserrors.CodeInvalidParameter},
		{"POST", "/_ecsstate/advance?to=2020-01-01T00:00:00Z", 400, ecserrors.CodeInvalidParameter},
		{"POST", "/_ecsstate/advance?d=1s&to=2030-01-01T00:00:00Z", 400, ecserrors.CodeInvalidParameter},
		{"GET", "/_ecsstate/advance?d=1s", 405, CodeUnknownOperation},
		{"POST", "/_ecsstate/launch", 404, CodeUnknownOperation},
		{"POST", "/_ecsstate/run-until-steady?cluster=nope", 400, ecserrors.CodeClusterNotFound},
		{"GET", "/_ecsstate/timeline?since=x", 400, ecserrors.CodeInvalidParameter},
		{"GET", "/_ecsstate/timeline?format=xml", 400, ecserrors.CodeInvalidParameter},
	} {
		rec := control(h, tc.method, tc.path)
		if code, _, _ := errorBody(t, rec); rec.Code != tc.status || code != string(tc.code) {
			t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, rec.Code, code, tc.status, tc.code)
		}
	}
	// NoControl: the path is just another ECS request.
	h = NewHandler(endpointWorld(t), HandlerOptions{NoControl: true})
	if rec := control(h, "GET", "/_ecsstate/status"); rec.Code != 404 {
		t.Errorf("NoControl status: %d", rec.Code)
	}
}

// Wall-clock mode: virtual time follows the caller's clock at Speed,
// before each request; a control move shifts it, and the clock then goes
// on from there.
func TestHandlerWallClock(t *testing.T) {
	wall := time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return wall }
	w := endpointWorld(t)
	start := w.Now()
	h := NewHandler(w, HandlerOptions{Clock: clock, Speed: 60})
	wall = wall.Add(2 * time.Second)
	if s := decodeState(t, control(h, "GET", "/_ecsstate/status")); !s.Now.Equal(start.Add(2*time.Minute)) || s.Mode != "wall-clock" || s.Speed != 60 {
		t.Fatalf("after 2 s at 60×: %+v, want now %s", s, start.Add(2*time.Minute))
	}
	wall = wall.Add(time.Second)
	var resp model.DescribeServicesResponse
	json.Unmarshal(ecs(h, "DescribeServices", `{"cluster":"prod","services":["web"]}`).Body.Bytes(), &resp)
	var now time.Time
	h.Do(func(w *World) { now = w.Now() })
	if !now.Equal(start.Add(3 * time.Minute)) {
		t.Errorf("after 3 s at 60×: %s", now)
	}
	// Three minutes in, the service's three tasks have run for about two
	// and a half: the default agent starts a task within 22 s.
	if resp.Services[0].RunningCount != 3 {
		t.Errorf("running %d after 3 virtual minutes", resp.Services[0].RunningCount)
	}
	decodeState(t, control(h, "POST", "/_ecsstate/advance?d=1h"))
	wall = wall.Add(time.Second)
	if s := decodeState(t, control(h, "GET", "/_ecsstate/status")); !s.Now.Equal(start.Add(3*time.Minute + time.Hour + time.Minute)) {
		t.Errorf("after advance 1h and 1 s more: %s", s.Now)
	}
	// A clock that goes back leaves the world where it is.
	wall = wall.Add(-time.Hour)
	if s := decodeState(t, control(h, "GET", "/_ecsstate/status")); !s.Now.Equal(start.Add(3*time.Minute + time.Hour + time.Minute)) {
		t.Errorf("clock went back: %s", s.Now)
	}
}

func TestHandlerOnCall(t *testing.T) {
	var calls []Call
	h := NewHandler(endpointWorld(t), HandlerOptions{OnCall: func(c Call) { calls = append(calls, c) }})
	ecs(h, "ListClusters", `{}`)
	ecs(h, "DescribeServices", `{"cluster":"nope","services":["web"]}`)
	control(h, "POST", "/_ecsstate/advance?d=1m")
	want := []Call{
		{RequestID: requestID(1), Operation: "ListClusters", Status: 200, Now: DefaultStart},
		{RequestID: requestID(2), Operation: "DescribeServices", Status: 400, Code: ecserrors.CodeClusterNotFound, Message: "Cluster not found.", Now: DefaultStart},
		{RequestID: requestID(3), Operation: "/_ecsstate/advance", Status: 200, Now: DefaultStart.Add(time.Minute)},
	}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Error(diff)
	}
}

// FuzzHandler sends arbitrary targets, content types and bodies: the
// handler never panics, never answers 500, and every answer is JSON: a
// response object for 200, an error body with a __type and a message
// otherwise.
func FuzzHandler(f *testing.F) {
	for _, op := range Operations() {
		f.Add(op, ContentType, []byte(`{"cluster":"prod"}`))
	}
	f.Add("UpdateService", ContentType, []byte(`{"cluster":"prod","service":"web","desiredCount":2147483647,"taskDefinition":"web:2"}`))
	f.Add("RunTask", ContentType, []byte(`{"cluster":"prod","taskDefinition":"web","count":10,"placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.availability-zone in [us-east-1a"}]}`))
	f.Add("CreateService", ContentType, []byte(`{"serviceName":"x","taskDefinition":"web:1","desiredCount":-1}`))
	f.Add("ListTasks", ContentType, []byte(`{"cluster":"prod","nextToken":"ZWNzc3RhdGU6","maxResults":100}`))
	f.Add("Nope", "text/plain", []byte(`{`))
	f.Add("RegisterTaskDefinition", "application/json; charset=\"", []byte("\xff"))
	base := endpointWorld(f)
	f.Fuzz(func(t *testing.T, op, ctype string, body []byte) {
		h := NewHandler(base.Clone(), HandlerOptions{NoControl: true})
		rec := post(h, TargetPrefix+op, ctype, string(body))
		if rec.Code == 200 {
			var v map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatalf("200 with a body that is not a JSON object: %v %q", err, rec.Body)
			}
			return
		}
		if rec.Code >= 500 {
			t.Fatalf("%s %q: %d %s", op, body, rec.Code, rec.Body)
		}
		var e struct {
			Type    *string `json:"__type"`
			Message *string `json:"message"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Type == nil || *e.Type == "" || e.Message == nil {
			t.Fatalf("%d with error body %q: %v", rec.Code, rec.Body, err)
		}
		if rec.Header().Get("X-Amzn-ErrorType") == "" {
			t.Fatal("no X-Amzn-ErrorType")
		}
	})
}

// BenchmarkHandlerRoundTrip is one UpdateService and one DescribeServices
// through the handler in process (request bodies parsed, responses
// encoded, no network); BenchmarkWorldDirect is the same two calls on the
// world's methods, the baseline. The ratio is the wire protocol's cost.
func BenchmarkHandlerRoundTrip(b *testing.B) {
	h := NewHandler(endpointWorld(b), HandlerOptions{})
	bodies := [2]string{
		`{"cluster":"prod","service":"web","desiredCount":4}`,
		`{"cluster":"prod","service":"web","desiredCount":3}`,
	}
	describe := `{"cluster":"prod","services":["web"]}`
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if rec := ecs(h, "UpdateService", bodies[i&1]); rec.Code != 200 {
			b.Fatal(rec.Body)
		}
		if rec := ecs(h, "DescribeServices", describe); rec.Code != 200 {
			b.Fatal(rec.Body)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
}

func BenchmarkWorldDirect(b *testing.B) {
	w := endpointWorld(b)
	reqs := [2]model.UpdateServiceRequest{
		{Cluster: "prod", Service: "web", DesiredCount: model.Int32(4)},
		{Cluster: "prod", Service: "web", DesiredCount: model.Int32(3)},
	}
	describe := model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := w.UpdateService(reqs[i&1]); err != nil {
			b.Fatal(err)
		}
		if _, err := w.DescribeServices(describe); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
}

// An endpoint idle for a year of virtual time catches up one week, then
// follows the clock from there.
func TestHandlerWallClockCatchUpIsBounded(t *testing.T) {
	wall := time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)
	w := endpointWorld(t)
	start := w.Now()
	h := NewHandler(w, HandlerOptions{Clock: func() time.Time { return wall }, Speed: 1000})
	wall = wall.Add(365 * 24 * time.Hour / 1000)
	if s := decodeState(t, control(h, "GET", "/_ecsstate/status")); !s.Now.Equal(start.Add(MaxControlAdvance)) {
		t.Fatalf("after a virtual year: %s, want %s", s.Now, start.Add(MaxControlAdvance))
	}
	wall = wall.Add(time.Second)
	if s := decodeState(t, control(h, "GET", "/_ecsstate/status")); !s.Now.Equal(start.Add(MaxControlAdvance + 1000*time.Second)) {
		t.Errorf("one second later: %s", s.Now)
	}
}
