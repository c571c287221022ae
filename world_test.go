package ecsstate

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

var countRE = regexp.MustCompile(`has (started|stopped) (\d+) (?:running )?tasks`)

// A rolling update of six tasks, minimum healthy 100% and maximum 200% (the
// defaults), starts all six replacements at once and stops the old tasks
// only once replacements are healthy.
func TestWorldRollingUpdateEndToEnd(t *testing.T) {
	w := New(Options{Seed: 1})
	if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}); err != nil {
		t.Fatal(err)
	}
	for i, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c"} {
		_, err := w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}})
		if err != nil {
			t.Fatal(i, err)
		}
	}
	for range 2 {
		if _, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(6)}); err != nil {
		t.Fatal(err)
	}
	stable := func(w *World) bool {
		r, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
		return service.StableResponse(&r) == service.WaiterSuccess
	}
	if ok, err := w.RunUntil(stable, time.Hour); !ok || err != nil {
		t.Fatalf("first deployment: stable=%v err=%v", ok, err)
	}
	if err := w.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	since := w.Timeline()[len(w.Timeline())-1].Seq
	if _, err := w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := w.RunUntil(stable, time.Hour); !ok || err != nil {
		t.Fatalf("update: stable=%v err=%v", ok, err)
	}
	r, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	if err != nil || len(r.Services) != 1 {
		t.Fatal(err, r.Failures)
	}
	s := r.Services[0]
	if !strings.HasSuffix(s.TaskDefinition, ":task-definition/web:2") || s.RunningCount != 6 || len(s.Deployments) != 1 {
		t.Fatalf("after update: taskDefinition %s running %d deployments %d", s.TaskDefinition, s.RunningCount, len(s.Deployments))
	}
	var started, stopped int
	for _, rec := range Filter(w.TimelineSince(since), OfKind(RecordServiceEvent)) {
		m := countRE.FindStringSubmatch(rec.Message)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if m[1] == "started" {
			if stopped > 0 {
				t.Errorf("started tasks after stopping old ones: %s", rec.Message)
			}
			started += n
		} else {
			stopped += n
		}
	}
	if started != 6 || stopped != 6 {
		t.Errorf("started %d and stopped %d tasks, want 6 and 6", started, stopped)
	}
}

// Two services created at the same instant get distinct deployment IDs,
// as ECS's deployment IDs are unique.
func TestWorldDeploymentIDsAreUniqueAcrossServices(t *testing.T) {
	w := New(Options{Seed: 1})
	if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
		ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}}}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, name := range []string{"a", "b", "c"} {
		r, err := w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: name, TaskDefinition: "web", DesiredCount: model.Int32(0)})
		if err != nil {
			t.Fatal(err)
		}
		id := r.Service.Deployments[0].ID
		if other, dup := seen[id]; dup {
			t.Errorf("services %s and %s share deployment %s", other, name, id)
		}
		seen[id] = name
	}
}

// A task the scheduler has told to stop is RUNNING until its containers
// exit (the 30 s stop timeout by default), but it no longer counts in the
// service's runningCount: the counts drop with the "has stopped" event.
func TestWorldRunningCountLeavesOutTasksBeingStopped(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "api", "web", 2)
	f.advance(t, 3*time.Minute)
	if s := f.describeService(t, "api"); s.RunningCount != 2 {
		t.Fatalf("runningCount %d, want 2", s.RunningCount)
	}
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "api", DesiredCount: model.Int32(1)}))(t)
	f.advance(t, 16*time.Second) // one scheduler run, well inside the stop timeout
	list := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "api"}))(t)
	// ListTasks lists desiredStatus RUNNING by default; the task being
	// stopped is among the STOPPED ones.
	stopped := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "api", DesiredStatus: model.DesiredStatusStopped}))(t)
	tasks := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: append(list.TaskARNs, stopped.TaskARNs...)}))(t)
	var running, stopping int
	for _, tk := range tasks.Tasks {
		if tk.LastStatus == model.TaskStatusRunning {
			running++
			if tk.DesiredStatus == model.DesiredStatusStopped {
				stopping++
			}
		}
	}
	if running != 2 || stopping != 1 {
		t.Fatalf("%d tasks RUNNING, %d of them being stopped; want 2 and 1", running, stopping)
	}
	if s := f.describeService(t, "api"); s.RunningCount != 1 || s.Deployments[0].RunningCount != 1 {
		t.Errorf("runningCount %d (deployment %d), want 1", s.RunningCount, s.Deployments[0].RunningCount)
	}
}
