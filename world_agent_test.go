package ecsstate

import (
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// An agent update pauses while the agent is disconnected and resumes in
// the same stage when it reconnects; an update whose download fails
// stops at FAILED.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html
func TestWorldAgentUpdateDisconnectAndFailure(t *testing.T) {
	f := newFixture(t, 0)
	reg := func() string {
		return ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
			VersionInfo:    &model.VersionInfo{AgentVersion: "1.90.0", AgentHash: "abc"}}))(t).ContainerInstance.ContainerInstanceARN
	}
	a, b := reg(), reg()
	ok(f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: a}))(t)
	f.advance(t, 30*time.Second)
	if s := f.instance(t, a).AgentUpdateStatus; s != model.AgentUpdateStatusStaging {
		t.Fatalf("after one stage: %s", s)
	}
	if err := f.w.SetAgentConnected("c", a, false); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 10*time.Minute)
	if s := f.instance(t, a).AgentUpdateStatus; s != model.AgentUpdateStatusStaging {
		t.Fatalf("while disconnected the update moved to %s", s)
	}
	if err := f.w.SetAgentConnected("c", a, true); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 5*time.Minute)
	if s := f.instance(t, a).AgentUpdateStatus; s != model.AgentUpdateStatusUpdated {
		t.Fatalf("after reconnecting: %s, want UPDATED", s)
	}

	ag := f.w.Agent()
	ag.FailAgentUpdate = []Fault{{ContainerInstance: shortID(b)}}
	f.w.SetAgent(ag)
	ok(f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: b}))(t)
	f.advance(t, 5*time.Minute)
	ci := f.instance(t, b)
	if ci.AgentUpdateStatus != model.AgentUpdateStatusFailed || ci.VersionInfo.AgentVersion != "1.90.0" {
		t.Fatalf("failed update: %s on %s", ci.AgentUpdateStatus, ci.VersionInfo.AgentVersion)
	}
	// A FAILED update may be requested again.
	ok(f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: b}))(t)
}

// Tasks that fail to start stop with stopCode TaskFailedToStart and the
// service starts others; tasks that fail their container health checks
// are UNHEALTHY.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html
func TestWorldAgentFaults(t *testing.T) {
	f := newFixture(t, 2)
	ag := f.w.Agent()
	ag.FailToStart = []Fault{{TaskDefinition: "port"}}
	f.w.SetAgent(ag)
	task := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "port"}))(t).Tasks[0].TaskARN
	f.advance(t, time.Minute)
	d := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task}}))(t).Tasks[0]
	if d.LastStatus != model.TaskStatusStopped || d.StopCode != model.TaskStopCodeTaskFailedToStart {
		t.Fatalf("task that fails to start: %s %s", d.LastStatus, d.StopCode)
	}
	if ci := f.instance(t, d.ContainerInstanceARN); ci.PendingTasksCount+ci.RunningTasksCount != 0 || len(ci.Remaining().TCPPorts) != len(ci.Registered().TCPPorts) {
		t.Errorf("instance after the failed start: %d pending %d running, ports %v", ci.PendingTasksCount, ci.RunningTasksCount, ci.Remaining().TCPPorts)
	}

	checked := model.ContainerDefinition{Name: "app", Image: "nginx", CPU: 64, Memory: model.Int32(64),
		HealthCheck: &model.HealthCheck{Command: []string{"CMD-SHELL", "true"}}}
	ok(f.w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "checked", ContainerDefinitions: []model.ContainerDefinition{checked}}))(t)
	ag.FailToStart = nil
	ag.FailHealthChecks = []Fault{{TaskDefinition: "checked:1"}}
	f.w.SetAgent(ag)
	task = ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "checked"}))(t).Tasks[0].TaskARN
	f.advance(t, 2*time.Minute)
	d = ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task}}))(t).Tasks[0]
	if d.LastStatus != model.TaskStatusRunning || d.HealthStatus != model.HealthStatusUnhealthy {
		t.Fatalf("task failing health checks: %s %s", d.LastStatus, d.HealthStatus)
	}
}

// DescribeClusters, DescribeContainerInstances, DescribeServices,
// DescribeTasks and DescribeTaskDefinition return tags only when include
// asks for TAGS.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
func TestWorldDescribeIncludeTags(t *testing.T) {
	f := newFixture(t, 0)
	tags := []model.Tag{{Key: "team", Value: "x"}}
	inst := ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c", Tags: tags,
		TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}}))(t).ContainerInstance.ContainerInstanceARN
	ok(f.w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "tagged", Tags: tags,
		ContainerDefinitions: []model.ContainerDefinition{{Name: "a", Image: "i", Memory: model.Int32(64)}}}))(t)
	ok(f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "s", TaskDefinition: "web", DesiredCount: model.Int32(0), Tags: tags}))(t)
	task := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", Tags: tags}))(t).Tasks[0].TaskARN
	for _, with := range []bool{false, true} {
		n := 0
		if with {
			n = 1
		}
		ci := ok(f.w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "c", ContainerInstances: []string{inst},
			Include: includeIf(with, model.ContainerInstanceFieldTags)}))(t).ContainerInstances[0]
		s := ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"s"}, Include: includeIf(with, model.ServiceFieldTags)}))(t).Services[0]
		x := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task}, Include: includeIf(with, model.TaskFieldTags)}))(t).Tasks[0]
		td := ok(f.w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: "tagged", Include: includeIf(with, model.TaskDefinitionFieldTags)}))(t)
		if len(ci.Tags) != n || len(s.Tags) != n || len(x.Tags) != n || len(td.Tags) != n {
			t.Errorf("include TAGS %v: instance %v service %v task %v task definition %v", with, ci.Tags, s.Tags, x.Tags, td.Tags)
		}
	}
}

func includeIf[E any](with bool, e E) []E {
	if with {
		return []E{e}
	}
	return nil
}

// A task's first health verdict is its verdict: an agent that disconnects
// and reconnects before the verdict does not get it checked twice (the
// check the agent scheduled before and the one it resumes after).
func TestWorldOneHealthVerdictAcrossReconnect(t *testing.T) {
	for seed := range uint64(20) {
		w := New(Options{Seed: seed})
		f := &fixture{w: w}
		ok(w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))(t)
		inst := f.addInstance(t, "us-east-1a")
		checked := model.ContainerDefinition{Name: "app", Image: "nginx", CPU: 64, Memory: model.Int32(64),
			HealthCheck: &model.HealthCheck{Command: []string{"CMD-SHELL", "true"}}}
		ok(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "checked", ContainerDefinitions: []model.ContainerDefinition{checked}}))(t)
		ag := w.Agent()
		ag.Pull = Fixed(10 * time.Second)
		ag.FailHealthChecks = []Fault{{Probability: 0.5}}
		w.SetAgent(ag)
		task := ok(w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "checked"}))(t).Tasks[0].TaskARN
		f.advance(t, 13*time.Second) // RUNNING at 12 s; the verdict is due at 42 s
		if err := w.SetAgentConnected("c", inst, false); err != nil {
			t.Fatal(err)
		}
		if err := w.SetAgentConnected("c", inst, true); err != nil {
			t.Fatal(err)
		}
		f.advance(t, 2*time.Minute)
		n := len(Filter(w.Timeline(), func(r *Record) bool { return r.Kind == RecordTaskHealth && r.Resource == task }))
		if n != 1 {
			t.Fatalf("seed %d: %d health verdicts for one task, want 1", seed, n)
		}
	}
}

// An agent that registers again (same containerInstanceArn) after a
// disconnection is back: an agent update it was in the middle of goes on.
func TestWorldReRegistrationResumesAgentUpdate(t *testing.T) {
	f := newFixture(t, 0)
	total := []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}
	old := &model.VersionInfo{AgentVersion: "1.90.0", AgentHash: "abc"}
	arn := ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c", TotalResources: total, VersionInfo: old}))(t).ContainerInstance.ContainerInstanceARN
	ok(f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: arn}))(t)
	if err := f.w.SetAgentConnected("c", arn, false); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 5*time.Minute)
	ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c", TotalResources: total, VersionInfo: old, ContainerInstanceARN: arn}))(t)
	f.advance(t, 5*time.Minute)
	if s := f.instance(t, arn).AgentUpdateStatus; s != model.AgentUpdateStatusUpdated {
		t.Fatalf("after registering again: %s, want UPDATED", s)
	}
}
