package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-port", "70000"}, {"-speed", "-1"}, {"extra"}, {"-nope"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	c, err := parseFlags(nil, io.Discard)
	if err != nil || c.port != 4566 || c.speed != 60 {
		t.Errorf("defaults: %+v %v", c, err)
	}
}

func call(t *testing.T, h http.Handler, op, body string, out any) {
	t.Helper()
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("X-Amz-Target", ecsstate.TargetPrefix+op)
	r.Header.Set("Content-Type", ecsstate.ContentType)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Fatalf("%s: %d %s", op, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatal(err)
	}
}

// The demo world is what the package documentation says: six instances
// over three zones, web:1 and web:2, and service web steady at 6 tasks.
func TestDemoWorld(t *testing.T) {
	w, err := demoWorld(1)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(w, config{}, nil, log.New(io.Discard, "", 0))
	var ci model.ListContainerInstancesResponse
	call(t, h, "ListContainerInstances", `{"cluster":"demo"}`, &ci)
	var di model.DescribeContainerInstancesResponse
	body, _ := json.Marshal(model.DescribeContainerInstancesRequest{Cluster: "demo", ContainerInstances: ci.ContainerInstanceARNs})
	call(t, h, "DescribeContainerInstances", string(body), &di)
	zones := map[string]int{}
	for _, inst := range di.ContainerInstances {
		az, _ := inst.Attribute(model.AttributeAvailabilityZone)
		zones[az]++
	}
	if len(di.ContainerInstances) != 6 || zones["us-east-1a"] != 2 || zones["us-east-1b"] != 2 || zones["us-east-1c"] != 2 {
		t.Errorf("instances per zone: %v", zones)
	}
	var td model.DescribeTaskDefinitionResponse
	call(t, h, "DescribeTaskDefinition", `{"taskDefinition":"web"}`, &td)
	if td.TaskDefinition.Revision != 2 {
		t.Errorf("latest web revision %d", td.TaskDefinition.Revision)
	}
	var ds model.DescribeServicesResponse
	call(t, h, "DescribeServices", `{"cluster":"demo","services":["web"]}`, &ds)
	s := ds.Services[0]
	if s.DesiredCount != 6 || s.RunningCount != 6 || len(s.Deployments) != 1 || !strings.HasSuffix(s.TaskDefinition, "web:1") {
		t.Errorf("web: desired %d running %d, %d deployments, %s", s.DesiredCount, s.RunningCount, len(s.Deployments), s.TaskDefinition)
	}
}

// The README's rolling deployment, observed as a client would: after
// UpdateService to web:2, DescribeServices every 15 virtual seconds never
// shows fewer than 3 running tasks (minimum healthy 50% of 6) nor more
// than 9 tasks running (maximum 150%), the new deployment grows in more
// than one batch, and the service ends steady on web:2.
func TestDemoRollout(t *testing.T) {
	w, err := demoWorld(1)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(w, config{}, nil, log.New(io.Discard, "", 0))
	var up model.UpdateServiceResponse
	call(t, h, "UpdateService", `{"cluster":"demo","service":"web","taskDefinition":"web:2"}`, &up)
	seen := map[int32]bool{}
	for step := 0; ; step++ {
		if step > 80 {
			t.Fatal("not steady after 20 virtual minutes")
		}
		var ds model.DescribeServicesResponse
		call(t, h, "DescribeServices", `{"cluster":"demo","services":["web"]}`, &ds)
		s := ds.Services[0]
		var running int32
		for _, d := range s.Deployments {
			running += d.RunningCount
			if d.Status == model.DeploymentStatusPrimary {
				seen[d.RunningCount] = true
			}
		}
		if running < 3 || running > 9 {
			t.Errorf("step %d: %d tasks running", step, running)
		}
		if len(s.Deployments) == 1 && s.RunningCount == 6 {
			if !strings.HasSuffix(s.Deployments[0].TaskDefinition, "web:2") {
				t.Errorf("steady on %s", s.Deployments[0].TaskDefinition)
			}
			break
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/_ecsstate/advance?d=15s", nil))
		if rec.Code != 200 {
			t.Fatal(rec.Body)
		}
	}
	var between bool
	for n := range seen {
		between = between || (n > 0 && n < 6)
	}
	if !between {
		t.Errorf("the new deployment went from 0 to 6 at once: %v", seen)
	}
}

// run serves on a free port, prints the URL first, answers the AWS CLI's
// kind of request, logs it in one line, and stops when its context ends.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var logs strings.Builder
	lw := &syncWriter{b: &logs}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-port", "0", "-speed", "0"}, outW, lw) }()
	url, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", strings.TrimSpace(url), strings.NewReader(`{"clusters":["demo"]}`))
	req.Header.Set("X-Amz-Target", ecsstate.TargetPrefix+"DescribeClusters")
	req.Header.Set("Content-Type", ecsstate.ContentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var dc model.DescribeClustersResponse
	json.NewDecoder(resp.Body).Decode(&dc)
	resp.Body.Close()
	if len(dc.Clusters) != 1 || dc.Clusters[0].ActiveServicesCount != 1 || dc.Clusters[0].RunningTasksCount != 6 {
		t.Errorf("demo cluster: %+v", dc)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if !strings.Contains(logs.String(), "DescribeClusters") {
		t.Errorf("no log line for the call:\n%s", logs.String())
	}
}

// syncWriter lets the server's goroutines log while the test reads.
type syncWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// -load builds the world from describe output (the plan example's
// sample: service web of cluster prod in eu-west-1, 4 tasks of web:7).
func TestLoadFlag(t *testing.T) {
	dir := "../plan/sample/"
	var args []string
	for _, f := range []string{"services.json", "container-instances.json", "tasks.json", "task-definition-web-7.json", "task-definition-web-8.json"} {
		args = append(args, "-load", dir+f)
	}
	c, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	w, _, err := loadWorld(c.seed, c.load)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(w, config{}, nil, log.New(io.Discard, "", 0))
	var ds model.DescribeServicesResponse
	call(t, h, "DescribeServices", `{"cluster":"prod","services":["web"]}`, &ds)
	if len(ds.Services) != 1 || ds.Services[0].ServiceARN != "arn:aws:ecs:eu-west-1:123456789012:service/prod/web" || ds.Services[0].RunningCount != 4 {
		t.Errorf("%+v", ds)
	}
	if _, _, err := loadWorld(1, []string{dir + "update-service.json"}); err == nil {
		t.Error("a request body loaded as describe output")
	}
}
